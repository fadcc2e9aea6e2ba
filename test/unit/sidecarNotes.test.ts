import * as assert from 'node:assert/strict';
import type { MarkerKind } from '../../src/core/manuscript/model';
import { parseSidecar, parseSidecarWithYaml, setNoteText, setNoteTexts, type NoteText, type Sidecar } from '../../src/core/notes/notesSidecar';
import { readNotesFast } from '../../src/core/sidecar/notesReader';
import { mulberry32 } from '../support/generate';
import { generateSidecar } from '../support/generateSidecar';

/**
 * The fast notes reader against the `yaml` path, on many texts: it must give exactly the same
 * sidecar, or undefined. Returns whether it was sure.
 */
function agrees(text: string, label = JSON.stringify(text)): boolean {
  const yamlRead = parseSidecarWithYaml(text);
  if (readNotesFast(text) === undefined) return false;
  const fastRead = parseSidecar(text);
  assert.deepEqual(shape(fastRead), shape(yamlRead), `the fast reader disagrees with yaml on ${label}`);
  for (const note of [...yamlRead.notes, { kind: 'endnote' as const, number: 99_999 }, { kind: 'footnote' as const, number: 0 }]) {
    assert.deepEqual(fastRead.note(note.kind, note.number), yamlRead.note(note.kind, note.number), `note() disagrees on ${label}`);
  }
  return true;
}

const shape = (sidecar: Sidecar) => ({ parsed: sidecar.parsed, notes: sidecar.notes, problems: sidecar.problems });

/** Every variant of a text's line breaks and its end: LF or CRLF, with or without the final one, with spaces after it. */
function variants(text: string): string[] {
  const trimmed = text.replace(/\n$/, '');
  const lf = [`${trimmed}\n`, trimmed, `${trimmed}\n\n`, `${trimmed}\n   `];
  return [...lf, ...lf.map((variant) => variant.replace(/\n/g, '\r\n'))];
}

/** Hand-written edge cases: the name, the text, and whether the fast reader must be sure of it. */
const CASES: ReadonlyArray<readonly [string, string, boolean]> = [
  ['empty', '', true],
  ['only comments', '# one\n  # two\n\n#three\n', true],
  ['only blank lines', '\n\n   \n', true],
  ['a top-level scalar', 'version: 1\n', true],
  ['top-level scalars with comments', 'version: 1 # the format\nreviewer: "A. Smith" # quoted\ntitle: \'x\'\n', true],
  ['plain', 'notes:\n  endnotes:\n    228: Figes, A People\'s Tragedy, p. 312.\n', true],
  ['plain with trailing spaces', 'notes:\n  endnotes:\n    228: text   \n    229:    spaced    out   \n', true],
  ['plain with a no-break space at its end', 'notes:\n  endnotes:\n    1: text\u00a0\n', true],
  ['plain with inner punctuation', 'notes:\n  endnotes:\n    1: a:b, [c] {d} e#f "g" \'h\' *i* -j ?k |l >m %n @o `p\n', true],
  ['plain with unicode', 'notes:\n  endnotes:\n    1: Körösi — «Œuvres», p. 12 😀\n', true],
  ['plain that YAML reads as a number', 'notes:\n  endnotes:\n    1: 42\n', false],
  ['plain that YAML reads as a float', 'notes:\n  endnotes:\n    1: 1e3\n    2: .inf\n', false],
  ['plain that YAML reads as a boolean', 'notes:\n  endnotes:\n    1: true\n', false],
  ['plain that YAML reads as null', 'notes:\n  endnotes:\n    1: ~\n', false],
  ['plain that YAML reads as null, spelled out', 'notes:\n  endnotes:\n    1: null\n', false],
  ['plain that looks like a number but is text', 'notes:\n  endnotes:\n    1: 1812 and after\n    2: 1.5 million\n', true],
  ['plain with a comment', 'notes:\n  endnotes:\n    1: text # comment\n', false],
  ['plain with `: `', 'notes:\n  endnotes:\n    1: a: b\n', false],
  ['plain ending with `:`', 'notes:\n  endnotes:\n    1: a:\n', false],
  ['plain starting with an indicator', 'notes:\n  endnotes:\n    1: *Ibid.*\n', false],
  ['plain starting with a dash', 'notes:\n  endnotes:\n    1: -a\n', false],
  ['plain starting with `%`', 'notes:\n  endnotes:\n    1: %a\n', false],
  ['plain starting with `@`', 'notes:\n  endnotes:\n    1: @a\n', false],
  ['plain with a tab', 'notes:\n  endnotes:\n    1: a\tb\n', false],
  ['a multi-line plain', 'notes:\n  endnotes:\n    1: first\n      second\n', false],
  ['double-quoted escapes', String.raw`notes:
  endnotes:
    1: "a \" b \\ c \n d \t e \u00e9 \x41 \U0001F600 \/ \  \0 \a \b \e \f \r \v \N \_ \L \P"
    2: "Quoted: text # not a comment"
    3: "\ud800"
`, true],
  ['double-quoted with a literal tab and trailing spaces', 'notes:\n  endnotes:\n    1: "a\tb  "\n    2: "\\\t"\n', true],
  ['double-quoted with a comment', 'notes:\n  endnotes:\n    1: "a"   # comment\n', true],
  ['double-quoted, empty', 'notes:\n  endnotes:\n    1: ""\n', true],
  ['double-quoted with a comment not separated', 'notes:\n  endnotes:\n    1: "a"#c\n', false],
  ['double-quoted with text after it', 'notes:\n  endnotes:\n    1: "a" b\n', false],
  ['double-quoted with a bad escape', 'notes:\n  endnotes:\n    1: "\\q"\n', false],
  ['double-quoted with a bad long escape', 'notes:\n  endnotes:\n    1: "\\UFFFFFFFF"\n    2: "\\x4"\n', false],
  ['double-quoted over two lines', 'notes:\n  endnotes:\n    1: "a\n      b"\n', false],
  ['double-quoted with a line continuation', 'notes:\n  endnotes:\n    1: "a\\\n      b"\n', false],
  ['single-quoted', "notes:\n  endnotes:\n    1: 'it''s # not: a comment'\n    2: ''\n    3: 'a' # c\n    4: '\\n'\n", true],
  ['single-quoted over two lines', "notes:\n  endnotes:\n    1: 'a\n      b'\n", false],
  ['single-quoted unclosed', "notes:\n  endnotes:\n    1: 'a\n", false],
  ['clip', 'notes:\n  endnotes:\n    1: |\n      line one\n      line two\n    2: next\n', true],
  ['strip', 'notes:\n  endnotes:\n    1: |-\n      line one\n\n      line two\n\n\n    2: next\n', true],
  ['keep', 'notes:\n  endnotes:\n    1: |+\n      line one\n\n      line two\n\n\n    2: next\n', true],
  ['clip at the end', 'notes:\n  endnotes:\n    1: |\n      a\n\n', true],
  ['strip at the end', 'notes:\n  endnotes:\n    1: |-\n      a\n\n', true],
  ['keep at the end', 'notes:\n  endnotes:\n    1: |+\n      a\n\n', true],
  ['keep at the end, blank lines of spaces', 'notes:\n  endnotes:\n    1: |+\n      a\n  \n      \n', true],
  ['keep before a comment', 'notes:\n  endnotes:\n    1: |+\n      a\n\n    # c\n\n    2: b\n', true],
  ['block with a header comment', 'notes:\n  endnotes:\n    1: |-  # comment\n      a\n', true],
  ['block with a header comment not separated', 'notes:\n  endnotes:\n    1: |-#comment\n      a\n', false],
  ['block with deeper lines', 'notes:\n  endnotes:\n    1: |\n      a\n        deeper\n      # not a comment\n          deepest  \n      b\n', true],
  ['block with leading blank lines', 'notes:\n  endnotes:\n    1: |\n\n   \n      a\n', true],
  ['block with leading blank lines deeper than its text', 'notes:\n  endnotes:\n    1: |\n        \n      a\n', false],
  ['block with a blank line deeper than its text', 'notes:\n  endnotes:\n    1: |\n      a\n         \n      b\n', true],
  ['block ending with a line deeper than its text', 'notes:\n  endnotes:\n    1: |\n      a\n         \n', true],
  ['block ending with a comment between the key and the text', 'notes:\n  endnotes:\n    1: |\n      a\n     # comment\n    2: b\n', true],
  ['block with a tab in its text', 'notes:\n  endnotes:\n    1: |\n      a\tb\n', true],
  ['block with a tab after its indentation', 'notes:\n  endnotes:\n    1: |\n      a\n      \tb\n', false],
  ['block with a less indented comment first', 'notes:\n  endnotes:\n    1: |\n    # c\n      a\n', false],
  ['block without text', 'notes:\n  endnotes:\n    1: |\n    2: b\n', false],
  ['block with an indentation indicator', 'notes:\n  endnotes:\n    1: |2\n        a\n', false],
  ['folded block', 'notes:\n  endnotes:\n    1: >\n      a\n      b\n', false],
  ['block lines less indented than the first', 'notes:\n  endnotes:\n    1: |\n        a\n       b\n', false],
  ['block in a section indented by one', 'notes:\n endnotes:\n  1: |\n   a\n  2: b\n', true],
  ['empty values', 'notes:\n  endnotes:\n    1:\n    2:   \n    3: # comment\n    4:    # comment\n    5: text\n', true],
  ['empty values in both sections', 'notes:\n  footnotes:\n    1:\n    1:\n  endnotes:\n    2:\n', true],
  ['an empty value with a comment below it', 'notes:\n  endnotes:\n    1:\n      # comment\n    2: x\n', true],
  ['an empty value with its text below it', 'notes:\n  endnotes:\n    1:\n      text\n', false],
  ['an empty value with a sequence below it', 'notes:\n  endnotes:\n    1:\n    - a\n', false],
  ['duplicate numbers', 'notes:\n  endnotes:\n    7: first\n    7: second\n    8: x\n    7: third\n  footnotes:\n    7: other\n', true],
  ['numbers with leading zeros', 'notes:\n  endnotes:\n    007: bond\n    7: seven\n    0: zero\n', true],
  ['a huge number', 'notes:\n  endnotes:\n    123456789012345: a\n', true],
  ['a number too long', 'notes:\n  endnotes:\n    1234567890123456789012: a\n', false],
  ['a key that is not a number', 'notes:\n  endnotes:\n    one: text\n    2: x\n', false],
  ['a negative key', 'notes:\n  endnotes:\n    -1: text\n', false],
  ['a quoted key', 'notes:\n  endnotes:\n    "1": text\n', false],
  ['a key without a space after its colon', 'notes:\n  endnotes:\n    1:text\n', false],
  ['a key with a space before its colon', 'notes:\n  endnotes:\n    1 : text\n', false],
  ['comments between entries, at every indentation', 'notes:\n# a\n  endnotes:\n  # b\n    1: a\n# c\n      # d\n    2: b\n # e\n  footnotes:\n    1: c\n', true],
  ['blank lines between entries', 'notes:\n\n  endnotes:\n\n    1: a\n\n\n    2: b\n  \n  footnotes:\n    1: c\n', true],
  ['footnotes before endnotes', 'notes:\n  footnotes:\n    1: f\n  endnotes:\n    2: e\n    1: e\n', true],
  ['deeper indentation', 'notes:\n        endnotes:\n                1: a\n                2: |\n                           b\n        footnotes:\n          1: c\n', true],
  ['sections with different note indentations', 'notes:\n  endnotes:\n      1: a\n  footnotes:\n   1: b\n', true],
  ['notes at two indentations', 'notes:\n  endnotes:\n    1: a\n      2: b\n', false],
  ['a note less indented than the one before', 'notes:\n  endnotes:\n      1: a\n    2: b\n', false],
  ['sections at two indentations', 'notes:\n  endnotes:\n    1: a\n   footnotes:\n    1: b\n', false],
  ['a note between the section indentations', 'notes:\n    endnotes:\n      1: a\n  2: b\n', false],
  ['notes at the indentation of their section', 'notes:\n  endnotes:\n  1: a\n', false],
  ['a tab in the indentation', 'notes:\n  endnotes:\n\t1: a\n', false],
  ['a tab on a blank line', 'notes:\n  endnotes:\n    1: a\n \t\n    2: b\n', false],
  ['a flow map', 'notes:\n  endnotes: {1: a}\n', false],
  ['a flow map of notes', 'notes: {endnotes: {1: a}}\n', false],
  ['an empty flow map', 'notes:\n  endnotes: {}\n', false],
  ['a flow sequence value', 'notes:\n  endnotes:\n    2: [a, b]\n', false],
  ['an anchor and an alias', 'notes:\n  endnotes:\n    1: &a text\n    2: *a\n', false],
  ['a tag', 'notes:\n  endnotes:\n    1: !!str 12\n', false],
  ['a document marker', '---\nnotes:\n  endnotes:\n    1: a\n', false],
  ['a document end marker', 'notes:\n  endnotes:\n    1: a\n...\n', false],
  ['a directive', '%YAML 1.1\n---\nnotes:\n  endnotes:\n    1: yes\n', false],
  ['a byte order mark', '\ufeffnotes:\n  endnotes:\n    1: a\n', false],
  ['a lone carriage return', 'notes:\r  endnotes:\r    1: a\r', false],
  ['a control character', 'notes:\n  endnotes:\n    1: a\u0001b\n', false],
  ['a next-line character', 'notes:\n  endnotes:\n    1: a\u0085b\n', false],
  ['conflict markers', 'notes:\n<<<<<<< HEAD\n  endnotes:\n    1: a\n=======\n  endnotes:\n    1: b\n>>>>>>> theirs\n', false],
  ['an empty notes', 'notes:\nversion: 1\n', false],
  ['an empty section', 'notes:\n  endnotes:\n  footnotes:\n    1: a\n', false],
  ['a section of comments only', 'notes:\n  endnotes:\n    # none yet\n', false],
  ['notes twice', 'notes:\n  endnotes:\n    1: a\nnotes:\n  endnotes:\n    2: b\n', false],
  ['a section twice', 'notes:\n  endnotes:\n    1: a\n  endnotes:\n    2: b\n', false],
  ['an unknown section under notes', 'notes:\n  endnotes:\n    1: a\n  sidenotes:\n    1: b\n', false],
  ['notes as a scalar', 'notes: none\n', false],
  ['notes as a sequence', 'notes:\n- a\n', false],
  ['a section as a sequence', 'notes:\n  endnotes:\n  - a\n', false],
  ['an annotations section', 'notes:\n  endnotes:\n    1: a\nannotations:\n  - id: x\n    quote: y\n', false],
  ['a broken annotations section', 'notes:\n  endnotes:\n    1: a\nannotations:\n  - id: [x\n', false],
  ['a top-level key with its value below', 'version:\n  1\nnotes:\n  endnotes:\n    1: a\n', false],
  ['a top-level key without a value', 'version:\nnotes:\n  endnotes:\n    1: a\n', false],
  ['a top-level block scalar', 'preface: |\n  text\nnotes:\n  endnotes:\n    1: a\n', false],
  ['an indented document', '  notes:\n    endnotes:\n      1: a\n', false],
  ['a complex key', '? notes\n: x\n', false],
  ['a top-level sequence', '- a\n- b\n', false],
  ['a top-level plain scalar', 'just text\n', false],
  ['notes with a comment on its line', 'notes: # ours\n  endnotes:  # theirs\n    1: a\n', true],
  ['notes followed by top-level scalars', 'notes:\n  endnotes:\n    1: a\nversion: 1\nreviewer: someone # a field we do not know\n', true],
  [
    'the sidecar test’s hand-written file',
    "# Notes for part one, checked against the archive in May.\nnotes:\n  endnotes:\n    1: Kroon papers, box 4.\n    3: |\n      A longer note\n      over two lines.\n    # 4 is still to be found\n    5: \"Quoted: text\"\n  footnotes:\n    2: Short.\nreviewer: someone # a field we do not know\n",
    true,
  ],
];

describe('readNotesFast (the fast notes reader, against yaml)', () => {
  for (const [name, text, sure] of CASES) {
    it(`${sure ? 'reads' : 'is not sure of'} ${name}${sure ? ' as yaml does' : ''}`, () => {
      // Sure of the text as written (LF, as here): its other line breaks and ends must agree too, if read.
      assert.equal(agrees(text), sure, sure ? 'the fast reader should be sure of it' : 'the fast reader should not be sure of it');
      for (const variant of variants(text)) agrees(variant);
    });
  }

  it('agrees with yaml on random sidecars, and is sure of most of them', function () {
    this.timeout(60_000);
    const random = mulberry32(20_250_228);
    let sure = 0;
    const RUNS = 600;
    for (let run = 0; run < RUNS; run++) {
      const text = randomSidecar(random);
      if (agrees(text, `random sidecar #${run}:\n${text}`)) sure++;
    }
    assert.ok(sure > RUNS / 2, `sure of only ${sure} of ${RUNS}`);
    assert.ok(sure < RUNS, 'never unsure: the generator makes no hard cases');
  });

  it('agrees with yaml on single random lines inside a sidecar', function () {
    this.timeout(60_000);
    const random = mulberry32(157);
    const alphabet = ['a', 'b', '1', '0', ' ', ' ', ' ', ':', '#', '"', "'", '\\', '|', '-', '+', '>', '[', ']', '{', '}', ',', '&', '*', '!', '?', '%', '@', '`', '~', '.', 'e', 'n', 'u', 'x', '\t', 'é'];
    for (let run = 0; run < 2_000; run++) {
      const length = 1 + Math.floor(random() * 12);
      const value = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const text = `notes:\n  endnotes:\n    1: ${value}\n    2: after\n`;
      agrees(text);
      agrees(`notes:\n  endnotes:\n    1: |\n      ${value}\n    2: after\n`);
      agrees(`top: ${value}\nnotes:\n  endnotes:\n    1: a\n`);
    }
  });

  describe('is sure of what Marginalia writes', () => {
    const texts = [
      'Figes, A People’s Tragedy, p. 312.',
      'Quoted: text',
      '*Ibid.*, p. 4; see also Kroon.',
      'He wrote "never": p. 9.',
      'It’s "both" \'quotes\'',
      'A comment? # no, a hash',
      '[sic] and {braces}',
      '- a dash first',
      '',
      '42',
      'true',
      'Trailing space ',
      'A note \\ with a backslash',
      `${'A long note about the survey of the harbour. '.repeat(3).trim()}\n\nWith a second paragraph.`,
      'Two lines\nand a final line break\n',
      'Markdown:\n\n- a list\n- # not a heading\n\n> a quotation\n',
      'Unicode: Körösi — «Œuvres» 😀',
    ];

    it('a note at a time (setNoteText)', () => {
      let text: string | undefined;
      texts.forEach((noteText, index) => {
        text = setNoteText(text, index % 2 === 0 ? 'endnote' : 'footnote', 100 - index, noteText);
        assert.ok(agrees(text), `not sure of setNoteText's output:\n${text}`);
        assert.equal(parseSidecar(text).note(index % 2 === 0 ? 'endnote' : 'footnote', 100 - index)?.text, noteText);
      });
      assert.ok(agrees(text!.replace(/\n/g, '\r\n')), 'not sure of it with CRLF');
    });

    it('many notes at once (setNoteTexts), into an existing sidecar', () => {
      const notes: NoteText[] = texts.map((text, index) => ({ kind: index % 3 === 0 ? 'footnote' : 'endnote', number: index * 7 + 1, text }));
      const written = setNoteTexts('# kept\nnotes:\n  endnotes:\n    3: old\nversion: 1\n', notes);
      assert.ok(agrees(written), `not sure of setNoteTexts' output:\n${written}`);
      for (const note of notes) assert.equal(parseSidecar(written).note(note.kind, note.number)?.text, note.text);
    });

    it('the benchmark’s sidecar of 20,000 notes', function () {
      this.timeout(60_000);
      const { text, notes } = generateSidecar({
        endnotes: 12_000,
        footnotes: 8_000,
        missingEndnote: 6_001,
        viaSetNoteText: { endnotes: 180, footnotes: 120 },
        seed: 157,
      });
      assert.ok(agrees(text, 'the benchmark sidecar'));
      const sidecar = parseSidecar(text);
      assert.equal(sidecar.notes.length, notes.length);
      assert.deepEqual(sidecar.problems, []);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Random sidecars: mostly the layout the fast reader knows, with a hard case here and there.

function randomSidecar(random: () => number): string {
  const chance = (p: number): boolean => random() < p;
  const int = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const spaces = (n: number): string => ' '.repeat(n);
  const words = ['Kroon', 'papers,', 'box', '4.', 'p.', '312', 'Ibid.', 'see', 'also', 'the', 'archive', 'Körösi', '—', 'a:b', 'x#y', '"q"', "it's", '[sic]', '{x}', '\\', '*em*', '1812', 'é'];
  const sentence = (): string => Array.from({ length: int(1, 6) }, () => pick(words)).join(' ');
  /** A sentence a plain scalar may hold, mostly: the first word starts with no indicator. */
  const plainSentence = (): string => `${pick(['Kroon', 'Ibid.', 'see', 'the', 'Körösi', 'p.', 'a:b', 'x#y', 'é'])} ${sentence()}`;
  const hard = (p: number): boolean => chance(p);

  const lines: string[] = [];
  const comment = (indent: number): void => {
    if (chance(0.08)) lines.push(`${spaces(indent)}# ${sentence()}`);
    if (chance(0.05)) lines.push(chance(0.7) ? '' : spaces(int(1, 8)));
  };
  const value = (noteIndent: number): string[] => {
    const form = random();
    if (form < 0.3) {
      let text = plainSentence();
      if (chance(0.2)) text = `${text}${spaces(int(1, 3))}`;
      if (hard(0.03)) text = pick(['42', '007', 'true', '~', 'null', '1e3', '.inf', 'a: b', 'a #b', '*x', '- x', 'a\tb', '&a x', '!t x', '[a, b]', '{a: b}']);
      return [text];
    }
    if (form < 0.5) {
      const escapes = ['\\"', '\\\\', '\\n', '\\t', '\\u00e9', '\\x41', '\\/', '\\ ', '\\_', '#', ': ', "'", '\t'];
      const word = (): string => pick(words).replace(/[\\"]/g, (ch) => `\\${ch}`);
      let text = Array.from({ length: int(1, 4) }, () => (chance(0.5) ? pick(escapes) : word())).join(chance(0.5) ? ' ' : '');
      if (hard(0.02)) text += pick(['\\q', '\\x4', '\\']);
      const after = chance(0.2) ? `${spaces(int(1, 3))}# ${sentence()}` : chance(0.1) ? spaces(int(1, 2)) : '';
      return [`"${text}"${after}`];
    }
    if (form < 0.6) {
      const text = Array.from({ length: int(1, 4) }, () => (chance(0.3) ? "''" : pick(words).replace(/'/g, "''"))).join(' ');
      return [`'${text}'${chance(0.2) ? ' # c' : ''}`];
    }
    if (form < 0.95) {
      const chomping = pick(['', '-', '+']);
      const header = `|${chomping}${chance(0.1) ? '  # header comment' : ''}${hard(0.01) ? pick(['2', '#x', ' x']) : ''}`;
      const contentIndent = noteIndent + int(1, 4);
      const body: string[] = [];
      if (chance(0.1)) body.push(spaces(int(0, contentIndent)));
      // The first line of text sets the indentation; a deeper first line is a hard case.
      body.push(`${spaces(hard(0.02) ? contentIndent + 1 : contentIndent)}${plainSentence()}`);
      const count = int(0, 5);
      for (let n = 0; n < count; n++) {
        const kind = random();
        if (kind < 0.6) body.push(`${spaces(contentIndent)}${chance(0.5) ? plainSentence() : sentence()}`);
        else if (kind < 0.7) body.push(`${spaces(contentIndent + int(1, 4))}${sentence()}`);
        else if (kind < 0.8) body.push('');
        else if (kind < 0.85) body.push(spaces(int(1, contentIndent + 2)));
        else if (kind < 0.9) body.push(`${spaces(contentIndent)}# ${sentence()}`);
        else body.push(`${spaces(contentIndent)}${sentence()}${spaces(int(1, 3))}`);
      }
      for (let n = int(0, 3); n > 0; n--) body.push(chance(0.7) ? '' : spaces(int(1, contentIndent)));
      return [`${header}`, ...body];
    }
    return [chance(0.5) ? '' : `${spaces(int(0, 2))}# empty`];
  };

  if (chance(0.3)) lines.push(`# ${sentence()}`);
  if (chance(0.2)) lines.push(`version: ${int(1, 3)}`);
  if (hard(0.03)) lines.push(pick(['---', '%YAML 1.2\n---', '\ufeff# bom', 'version:', '  indented: x']));
  const notesIndent = int(1, 4);
  lines.push(`notes:${chance(0.1) ? ' # the notes' : ''}`);
  const kinds: MarkerKind[] = chance(0.5) ? ['endnote', 'footnote'] : chance(0.5) ? ['footnote', 'endnote'] : [pick(['endnote', 'footnote'] as const)];
  for (const kind of kinds) {
    comment(int(0, notesIndent));
    lines.push(`${spaces(notesIndent)}${kind}s:`);
    const noteIndent = notesIndent + int(1, 4);
    const count = int(1, 8);
    let number = int(0, 20);
    for (let n = 0; n < count; n++) {
      comment(int(0, noteIndent + 2));
      number = chance(0.1) ? number : number + int(1, 3);
      const key = chance(0.05) ? `00${number}` : String(number);
      const [first, ...rest] = value(noteIndent);
      const indent = hard(0.02) ? noteIndent + pick([-1, 1]) : noteIndent;
      lines.push(`${spaces(indent)}${key}:${first === '' || first.startsWith(' ') ? first : ` ${chance(0.1) ? ' ' : ''}${first}`}`, ...rest);
    }
  }
  if (chance(0.2)) lines.push(`reviewer: ${plainSentence().replace(/[:#]/g, '')}${chance(0.3) ? ' # unknown' : ''}`);
  if (hard(0.05)) lines.push('annotations:', '  - id: a1', '    quote: "x"');
  if (hard(0.02)) lines.push('...');
  const end = pick(['\n', '\n', '', '\n\n', '\n  ']);
  const text = lines.join('\n') + end;
  return chance(0.15) ? text.replace(/\n/g, '\r\n') : text;
}
