import * as assert from 'node:assert/strict';
import { parseManuscript } from '../../src/core/manuscript/parser';
import {
  applyImport,
  importChanges,
  importFailed,
  parseChapterNumber,
  parseNotesText,
  planImport,
  type ImportPlan,
} from '../../src/core/notes/notesImport';
import { parseSidecar, setNoteText } from '../../src/core/notes/notesSidecar';
import { SidecarNotWritableError } from '../../src/core/sidecar/sidecarFile';
import { joinLines } from '../support/util';

/** Chapter 2's title starts like a note ("Letter of …"), on purpose. */
const manuscript = parseManuscript(
  joinLines(
    'PART ONE',
    '',
    '1. 1851 Spring: The Survey',
    '',
    'The survey began.{1} The Society[1] said nothing.',
    '',
    'The boat went out.{2}',
    '',
    '2. Letter of Marque',
    '',
    'The letter came.{3}[2] It was read aloud.{4}',
    '',
  ),
);

const parse = (...lines: string[]) => parseNotesText(joinLines(...lines), manuscript);
const summary = (text: string) =>
  parseNotesText(text, manuscript).notes.map((n) => `${n.kind === 'endnote' ? 'E' : 'F'}${n.number}: ${n.text}`);
const codes = (parsed: { problems: readonly { code: string }[] }) => parsed.problems.map((p) => p.code);

/** What the import does to `sidecar`, planned and applied. */
function importInto(sidecar: string | undefined, notes: string, overwrite = false): { plan: ImportPlan; text: string } {
  const plan = planImport(parseNotesText(notes, manuscript), parseSidecar(sidecar ?? ''), manuscript, { overwrite });
  return { plan, text: applyImport(sidecar, plan) };
}

/** The reference: one `setNoteText` per written note, in kind and number order. */
function oneByOne(sidecar: string | undefined, plan: ImportPlan): string {
  const writes = [...plan.added, ...plan.overwritten].sort(
    (a, b) => (a.kind === b.kind ? 0 : a.kind === 'endnote' ? -1 : 1) || a.number - b.number,
  );
  return writes.reduce<string | undefined>((text, note) => setNoteText(text, note.kind, note.number, note.text), sidecar) ?? '';
}

const NOTES = joinLines(
  'Notes',
  '',
  '1. 1851 Spring: The Survey',
  '',
  '1 Kroon to Kroon, 14 April 1851, Kroon Family Papers, box 3, folder 2, ff. 7–8.',
  '',
  '2. Diary of Jens Holt, entry for 9 May 1851.',
  '',
  '2. Letter of Marque',
  '',
  '3 Short.',
  '',
  '4 Gerlach to the Countess, 19 January 1852.',
  '',
  'Footnotes',
  '',
  '[1] Founded in 1809.',
  '',
  '[2] Cut in reverse.',
  '',
);

describe('parseNotesText', () => {
  describe('note numbers', () => {
    it('reads `228 …`, `228. …`, `{228} …` and `[157] …`', () => {
      assert.deepEqual(summary(joinLines('1 One.', '', '2. Two.', '', '{3} Three.', '', '[4] Four.')), [
        'E1: One.',
        'E2: Two.',
        'E3: Three.',
        'F4: Four.',
      ]);
    });

    it('gives each note its 0-based line', () => {
      assert.deepEqual(parse('', '1 One.', '', '', '2 Two.').notes.map((n) => n.line), [1, 4]);
    });

    it('does not take a number with a comma, or a decimal, for a note number', () => {
      assert.deepEqual(summary(joinLines('1 One.', '', '1851, a year of storms.', '', '12.5 per cent.')), [
        'E1: One.\n\n1851, a year of storms.\n\n12.5 per cent.',
      ]);
    });

    it('accepts notes on consecutive lines, without blank lines between', () => {
      assert.deepEqual(summary(joinLines('Notes', '1 One.', '2 Two.', '{3} Three.', '[1] Foot.')), [
        'E1: One.',
        'E2: Two.',
        'E3: Three.',
        'F1: Foot.',
      ]);
    });

    it('keeps a wrapped line that opens with a year inside its note', () => {
      assert.deepEqual(summary(joinLines('1 Kroon, Forty Years (Vennholm,', '1893), p. 57.', '2 Ibid.')), [
        'E1: Kroon, Forty Years (Vennholm,\n1893), p. 57.',
        'E2: Ibid.',
      ]);
    });

    it('reads a number alone on its line, with the text below it', () => {
      assert.deepEqual(summary(joinLines('{1}', 'The text.', '', '{2}', '', 'Other text.')), ['E1: The text.', 'E2: Other text.']);
    });
  });

  describe('headings', () => {
    it('sets the kind of bare numbers from Notes / Endnotes / Footnotes headings, in any case, with a colon', () => {
      assert.deepEqual(
        summary(joinLines('1 Before any heading.', '', 'FOOTNOTES:', '', '1 Foot.', '', 'Endnotes', '', '2 End.', '', 'footnotes', '2 Foot.')),
        ['E1: Before any heading.', 'F1: Foot.', 'E2: End.', 'F2: Foot.'],
      );
      const parsed = parse('Notes', '', 'End notes:', '', 'Footnotes');
      assert.deepEqual(parsed.headings.map((h) => [h.type, h.noteKind]), [
        ['section', 'endnote'],
        ['section', 'endnote'],
        ['section', 'footnote'],
      ]);
    });

    it('lets a bracket say the kind whatever the heading', () => {
      assert.deepEqual(summary(joinLines('Footnotes', '', '{1} End.', '', '1 Foot.')), ['E1: End.', 'F1: Foot.']);
    });

    it("tells the manuscript's chapter headings from a note that looks like one", () => {
      const parsed = parseNotesText(NOTES, manuscript);
      assert.deepEqual(
        parsed.headings.map((h) => [h.line, h.type, h.chapter]),
        [
          [0, 'section', undefined],
          [2, 'chapter', 1],
          [8, 'chapter', 2],
          [14, 'section', undefined],
        ],
      );
      assert.deepEqual(
        parsed.notes.map((n) => [n.kind, n.number, n.chapter]),
        [
          ['endnote', 1, 1],
          ['endnote', 2, 1],
          ['endnote', 3, 2],
          ['endnote', 4, 2],
          ['footnote', 1, undefined],
          ['footnote', 2, undefined],
        ],
      );
      assert.equal(parsed.notes[1].text, 'Diary of Jens Holt, entry for 9 May 1851.');
      assert.deepEqual(parsed.problems, []);
    });

    it('recognises a chapter heading despite case, spacing, quotes and dashes, or by its title alone', () => {
      for (const heading of ['2.  letter of marque', 'Letter of Marque', '2. LETTER OF MARQUE']) {
        assert.deepEqual(parse('1 One.', '', heading, '', '3 Three.').headings.map((h) => h.chapter), [2], heading);
      }
    });

    it('recognises `Chapter 3` / `CHAPTER THREE` / `Chapter II: Title` headings', () => {
      for (const [heading, chapter] of [
        ['Chapter 3', 3],
        ['CHAPTER THREE', 3],
        ['Chapter II: Letter of Marque', 2],
        ['chapter forty-two', 42],
        ['Chapter 7 — The Inquiry', 7],
      ] as const) {
        assert.deepEqual(parse(heading, '', '1 One.').headings.map((h) => h.chapter), [chapter], heading);
      }
      assert.deepEqual(summary(joinLines('1 One.', '', 'Chapter 3 of his memoir tells it otherwise.')), [
        'E1: One.\n\nChapter 3 of his memoir tells it otherwise.',
      ]);
    });

    it('takes a short standalone `N. Title` going backwards for a chapter heading the manuscript lacks, with a warning', () => {
      const parsed = parse('1 One.', '', '5 Five.', '', '3. 1852 Winter: Proofs', '', '6 Six.');
      assert.deepEqual(parsed.notes.map((n) => [n.number, n.chapter]), [
        [1, undefined],
        [5, undefined],
        [6, 3],
      ]);
      assert.deepEqual(codes(parsed), ['notes-guessed-heading']);
      assert.equal(parsed.problems[0].range.start.line, 4);
    });

    it('recognises part headings, which are not notes either', () => {
      const parsed = parse('PART ONE', '', '1 One.', '', 'Part Two', '', '2 Two.');
      assert.deepEqual(parsed.headings.map((h) => h.type), ['part', 'part']);
      assert.deepEqual(parsed.notes.map((n) => n.text), ['One.', 'Two.']);
    });

    it('parses chapter numbers in digits, roman numerals and words', () => {
      assert.deepEqual(
        ['12', 'XII', 'iv', 'twelve', 'Forty-Two', 'ninety nine', 'twenty', 'zero', 'eleventy', 'forty-twelve'].map(parseChapterNumber),
        [12, 12, 4, 12, 42, 99, 20, undefined, undefined, undefined],
      );
    });
  });

  describe('text', () => {
    it('keeps the paragraphs of a note spanning several as Markdown paragraphs', () => {
      assert.deepEqual(summary(joinLines('1 First paragraph,', '   wrapped.', '', 'Second paragraph.', '', '', 'Third.', '', '2 Next.')), [
        'E1: First paragraph,\nwrapped.\n\nSecond paragraph.\n\nThird.',
        'E2: Next.',
      ]);
    });

    it('reads CRLF text and a BOM', () => {
      assert.deepEqual(summary('\ufeffNotes\r\n\r\n1 One.\r\n\r\n2 Two,\r\nwrapped.\r\n'), ['E1: One.', 'E2: Two,\nwrapped.']);
    });
  });

  describe('what is not a note', () => {
    it('reports a paragraph before any note as unplaced, with its line, and imports it nowhere', () => {
      const parsed = parse('Notes', '', 'These notes were compiled by the editor.', 'They cite the archives.', '', '1 One.');
      assert.deepEqual(parsed.unplaced, [{ line: 2, text: 'These notes were compiled by the editor.\nThey cite the archives.' }]);
      assert.deepEqual(parsed.notes.map((n) => n.text), ['One.']);
    });

    it('does not let a paragraph after a heading continue the note before the heading', () => {
      const parsed = parse('1 One.', '', 'Footnotes', '', 'By the translator.', '', '[1] Foot.');
      assert.deepEqual(parsed.notes.map((n) => n.text), ['One.', 'Foot.']);
      assert.deepEqual(parsed.unplaced, [{ line: 4, text: 'By the translator.' }]);
    });

    it('reports a number listed twice, importing the first', () => {
      const parsed = parse('1 One.', '', '2 Two.', '', '2 Two again,', 'wrapped.', '', '3 Three.');
      assert.deepEqual(parsed.notes.map((n) => `${n.number}: ${n.text}`), ['1: One.', '2: Two.', '3: Three.']);
      assert.deepEqual(codes(parsed), ['notes-duplicate']);
      assert.deepEqual(parsed.problems[0].range, { start: { line: 4, character: 0 }, end: { line: 4, character: 1 } });
      assert.match(parsed.problems[0].message, /Endnote 2 is listed twice \(first on line 3\)/);
      assert.deepEqual(parsed.unplaced, []);
    });

    it('reports a note with no text and does not import it', () => {
      const parsed = parse('1 One.', '', '2', '', 'Footnotes');
      assert.deepEqual(parsed.notes.map((n) => n.number), [1]);
      assert.deepEqual(codes(parsed), ['notes-empty-note']);
    });

    it('gives an error when there are no numbered notes at all', () => {
      for (const text of ['', 'Notes\n\nSome prose about the notes.\n', '\n\n']) {
        const parsed = parseNotesText(text, manuscript);
        assert.deepEqual(parsed.notes, []);
        assert.deepEqual(codes(parsed), ['notes-none'], JSON.stringify(text));
        assert.equal(parsed.problems[0].severity, 'error');
      }
      const { plan, text } = importInto('# mine\n', 'Some prose.\n');
      assert.ok(importFailed(plan));
      assert.ok(!importChanges(plan));
      assert.equal(text, '# mine\n');
    });

    it('warns when a note is listed under another chapter than the one citing it', () => {
      const parsed = parse('1. 1851 Spring: The Survey', '', '1 One.', '', '3 Three, listed under the wrong chapter.');
      assert.deepEqual(codes(parsed), ['notes-chapter-mismatch']);
      assert.match(parsed.problems[0].message, /Endnote 3 is listed under chapter 1, but its marker \{3\} is in chapter 2/);
    });
  });
});

describe('planImport and applyImport', () => {
  it('imports into a new sidecar, notes in number order, long ones as block scalars', () => {
    const { plan, text } = importInto(undefined, joinLines('3 Three.', '', '1 One.', '', `2 ${'A long note. '.repeat(8).trim()}`, '', '[1] Foot.'));
    assert.deepEqual(plan.added.map((n) => `${n.kind}${n.number}`), ['endnote1', 'endnote2', 'endnote3', 'footnote1']);
    assert.equal(
      text,
      joinLines(
        'notes:',
        '  endnotes:',
        '    1: One.',
        '    2: |-',
        `      ${'A long note. '.repeat(8).trim()}`,
        '    3: Three.',
        '  footnotes:',
        '    1: Foot.',
        '',
      ),
    );
    assert.equal(text, oneByOne(undefined, plan));
  });

  it('writes a note of several paragraphs as a literal block with a blank line between them', () => {
    const { text } = importInto(undefined, joinLines('1 First.', '', 'Second.'));
    assert.equal(text, joinLines('notes:', '  endnotes:', '    1: |-', '      First.', '', '      Second.', ''));
    assert.equal(parseSidecar(text).note('endnote', 1)?.text, 'First.\n\nSecond.');
  });

  it('reports numbers no marker cites (imported all the same) and markers left without a note', () => {
    const { plan, text } = importInto(undefined, joinLines('1 One.', '', '9 Nine.', '', '[7] Seven.'));
    assert.deepEqual(plan.unmatched.map((n) => [n.kind, n.number, n.line]), [
      ['endnote', 9, 2],
      ['footnote', 7, 4],
    ]);
    assert.equal(parseSidecar(text).note('endnote', 9)?.text, 'Nine.');
    assert.deepEqual(plan.missing, [
      { kind: 'endnote', number: 2 },
      { kind: 'endnote', number: 3 },
      { kind: 'endnote', number: 4 },
      { kind: 'footnote', number: 1 },
      { kind: 'footnote', number: 2 },
    ]);
  });

  it('passes unplaced paragraphs and problems on', () => {
    const { plan } = importInto(undefined, joinLines('A preface.', '', '1 One.', '', '1 Again.'));
    assert.deepEqual(plan.unplaced, [{ line: 0, text: 'A preface.' }]);
    assert.deepEqual(codes(plan), ['notes-duplicate']);
  });

  const existing = joinLines(
    '# Notes of part one. Keep this comment.',
    'notes:',
    '  endnotes:',
    '    2: My own text for two.   # a trailing comment',
    '    4: Gerlach to the Countess, 19 January 1852.',
    '  footnotes:',
    '    2: Cut in reverse.',
    'reviewed-by: ada   # an unknown field',
    '',
  );

  it('merges without overwriting: keeps differing notes, skips identical ones, adds the rest in order', () => {
    const { plan, text } = importInto(existing, NOTES);
    assert.deepEqual(plan.added.map((n) => `${n.kind}${n.number}`), ['endnote1', 'endnote3', 'footnote1']);
    assert.deepEqual(plan.skipped.map((n) => `${n.kind}${n.number}:${n.reason}`), ['endnote2:kept', 'endnote4:unchanged', 'footnote2:unchanged']);
    assert.deepEqual(plan.overwritten, []);
    assert.equal(
      text,
      joinLines(
        '# Notes of part one. Keep this comment.',
        'notes:',
        '  endnotes:',
        '    1: |-',
        '      Kroon to Kroon, 14 April 1851, Kroon Family Papers, box 3, folder 2, ff. 7–8.',
        '    2: My own text for two.   # a trailing comment',
        '    3: Short.',
        '    4: Gerlach to the Countess, 19 January 1852.',
        '  footnotes:',
        '    1: Founded in 1809.',
        '    2: Cut in reverse.',
        'reviewed-by: ada   # an unknown field',
        '',
      ),
    );
    assert.equal(text, oneByOne(existing, plan));
  });

  it('overwrites differing notes in place when asked, and only those', () => {
    const { plan, text } = importInto(existing, NOTES, true);
    assert.deepEqual(plan.overwritten.map((n) => `${n.kind}${n.number}`), ['endnote2']);
    assert.deepEqual(plan.skipped.map((n) => n.reason), ['unchanged', 'unchanged']);
    const lines = text.split('\n');
    assert.equal(lines[5], '    2: Diary of Jens Holt, entry for 9 May 1851.');
    assert.equal(lines[0], '# Notes of part one. Keep this comment.');
    assert.equal(lines[11], 'reviewed-by: ada   # an unknown field');
    assert.equal(text, oneByOne(existing, plan));
  });

  it('fills in a note the sidecar has with no text, without --overwrite', () => {
    const { plan, text } = importInto('notes:\n  endnotes:\n    3:\n', '3 Three.\n');
    assert.deepEqual(plan.added.map((n) => n.number), [3]);
    assert.equal(text, 'notes:\n  endnotes:\n    3: Three.\n');
  });

  it('is a no-op when imported again: the sidecar stays byte for byte', () => {
    for (const start of [undefined, existing]) {
      for (const overwrite of [false, true]) {
        const first = importInto(start, NOTES, overwrite).text;
        const again = importInto(first, NOTES, overwrite);
        assert.ok(!importChanges(again.plan));
        assert.equal(again.plan.added.length + again.plan.overwritten.length, 0);
        assert.equal(again.text, first);
      }
    }
  });

  it('is deterministic, whatever the order of the notes text', () => {
    const forward = importInto(existing, joinLines('1 One.', '', '3 Three.', '', '[1] Foot.', '', '{5} Five.')).text;
    const backward = importInto(existing, joinLines('{5} Five.', '', '[1] Foot.', '', '3 Three.', '', '1 One.')).text;
    assert.equal(forward, backward);
  });

  it('writes as one setNoteText per note would, whatever the layout', () => {
    const layouts = [
      '',
      '# only a comment',
      'title: x\n',
      'notes:\n  footnotes:\n    5: Five.\n',
      'notes:\r\n  endnotes:\r\n    2: Two.\r\n    8: Eight.\r\n',
      'notes:\n  endnotes:\n      2: Deeper.\n\n      # between\n      6: |\n        Block.\n\n  footnotes:\n      9: Nine.',
      'notes:\n  endnotes:\n    6: Six.\n    2: Out of order.\n    2: Twice.\nother: 1',
    ];
    const notes = joinLines('1 One.', '', '2 Two, new.', '', '3 Three.', '', '7 Seven.', '', '[1] F1.', '', '[9] F9 new.', '', '[10] F10.');
    for (const layout of layouts) {
      for (const overwrite of [false, true]) {
        const { plan, text } = importInto(layout, notes, overwrite);
        assert.equal(text, oneByOne(layout, plan), `${JSON.stringify(layout)} overwrite=${overwrite}`);
        assert.ok(parseSidecar(text).parsed);
      }
    }
  });

  it('imports a thousand notes into an existing section, keeping the note already there', function () {
    this.timeout(20_000);
    const notes = Array.from({ length: 1000 }, (_, i) => `${i + 1} Author, A Book (City, 1900), p. ${i + 1}; and a longer comment on it.`).join('\n\n');
    const { plan, text } = importInto('notes:\n  endnotes:\n    500: Mine.\n', notes);
    assert.equal(plan.added.length, 999);
    const sidecar = parseSidecar(text);
    assert.equal(sidecar.notes.length, 1000);
    assert.deepEqual(sidecar.notes.map((n) => n.number), Array.from({ length: 1000 }, (_, i) => i + 1));
    assert.equal(sidecar.note('endnote', 500)?.text, 'Mine.');
  });

  it('refuses to splice into a flow map, saying how to fix it', () => {
    assert.throws(() => importInto('notes:\n  endnotes: {2: Flow.}\n', '1 One.'), /flow map/);
  });

  it('refuses a sidecar that does not parse', () => {
    const parsed = parseNotesText('1 One.\n', manuscript);
    assert.throws(() => planImport(parsed, parseSidecar('notes: [unclosed\n'), manuscript, { overwrite: false }), SidecarNotWritableError);
    const plan = planImport(parsed, parseSidecar(''), manuscript, { overwrite: false });
    assert.throws(() => applyImport('<<<<<<< HEAD\nnotes: {}\n', plan), SidecarNotWritableError);
  });
});
