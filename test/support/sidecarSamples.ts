import type { Annotation, Reply } from '../../src/core/annotations/annotation';

/**
 * Sidecars for the tests of the fast annotations reader (annotationsFast.test.ts) and of the edits'
 * fast path (annotationEdits.test.ts) against `yaml`, and of the annotation store: hand-written
 * edge cases, random annotations and random sidecars.
 */

/** Every variant of a text's line breaks and its end: LF or CRLF, with or without the final one, with spaces after it. */
export function variants(text: string): string[] {
  const trimmed = text.replace(/\n$/, '');
  const lf = [`${trimmed}\n`, trimmed, `${trimmed}\n\n`, `${trimmed}\n   `];
  return [...lf, ...lf.map((variant) => variant.replace(/\n/g, '\r\n'))];
}

export const lines = (...all: string[]): string => `${all.join('\n')}\n`;

/** An annotation as the writer lays it out, every field written. */
const EVERY_FIELD = [
  '  - id: a7kq2m4x9dw3p',
  '    target:',
  '      quote: the port of Vennholm smelled of tar',
  '      prefix: "In the spring of 1851 "',
  '      suffix: ", herring and wet rope, and Liesbet"',
  '      chapter: 1',
  '      line: 22',
  '      character: 22',
  '    body: |-',
  '      Markdown, in a literal block scalar when it runs over',
  '      one line or is long.',
  '    tags: [source-check, translation]',
  '    entities: [liesbeth-kroon]',
  '    author: Ada Byron',
  '    created: 2025-05-01T09:30:00Z',
  '    modified: 2025-05-02T11:00:00Z',
  '    status: open',
  '    replies:',
  '      - id: r3m9x2kq7wa4d',
  '        author: Jens Holt',
  '        created: 2025-05-03T08:00:00Z',
  '        body: "Checked: the customs ledger agrees."',
];

/** A short annotation with `id`, whose last field is `status`. */
const item = (id: string, ...extra: string[]): string[] => [
  `  - id: ${id}`,
  '    target:',
  `      quote: passage ${id}`,
  '      line: 3',
  '      character: 4',
  ...extra,
  '    status: open',
];

export const withTarget = (...target: string[]): string =>
  lines('annotations:', '  - id: a1', '    target:', ...target.map((line) => `      ${line}`), '    body: text', '    status: open');

export const withField = (...field: string[]): string => lines('annotations:', ...item('a1', ...field.map((line) => `    ${line}`)));

/** A sidecar as a person might leave it: comments, fields we do not know, notes beside annotations. */
export const HAND_WRITTEN = lines(
  '# Part one, checked against the archive in May.',
  'notes:',
  '  endnotes:',
  '    1: Kroon papers, box 4.',
  'reviewed-by: ada # a field we do not know',
  'annotations:',
  '  # The lighthouse survey.',
  '  - id: a0000000000001',
  '    target:',
  '      quote: the port of Vennholm smelled of tar',
  '      prefix: "In the spring of 1851 "',
  '      suffix: ", herring and wet rope"',
  '      chapter: 1',
  '      line: 20',
  '      character: 22',
  '      hint: keep me # unknown, inside the target',
  '    body: |',
  '      Check the harbour records.',
  '      And the customs ledger.',
  '    # agreed in May',
  '    tags: [source-check, translation]',
  '    author: Ada Byron',
  '    created: 2025-05-01T09:30:00Z',
  '    status: open',
  '    priority: high # unknown, inside an annotation',
  '    replies:',
  '      - id: r0000000000001',
  '        author: Jens Holt',
  '        created: 2025-05-02T10:00:00Z',
  '        body: Agreed.',
  '        mood: cheerful',
  '  - id: a0000000000002',
  '    target:',
  '      quote: Lise',
  '      line: 22',
  '      character: 5',
  '    body: Her family name for her.',
  '    status: resolved',
  'footer: last line, unknown too',
);

/** Hand-written edge cases: the name, the text, and whether the fast reader must be sure of it. */
export const SIDECAR_CASES: ReadonlyArray<readonly [string, string, boolean]> = [
  ['empty', '', true],
  ['notes alone', lines('notes:', '  endnotes:', '    1: a'), true],
  ['every field', lines('annotations:', ...EVERY_FIELD), true],
  ['notes before annotations', lines('# kept', 'notes:', '  endnotes:', '    1: Kroon papers, box 4.', '  footnotes:', '    2: |', '      Long.', 'annotations:', ...EVERY_FIELD), true],
  ['notes after annotations', lines('annotations:', ...EVERY_FIELD, 'notes:', '  endnotes:', '    1: |+', '      kept', '', 'version: 1'), true],
  ['a keep block note just before annotations', lines('notes:', '  endnotes:', '    1: |+', '      kept', '', '', 'annotations:', ...item('a1')), true],
  ['the store test’s hand-written file', HAND_WRITTEN, true],
  ['comments between items, at every indentation', lines('annotations:', '# zero', ...item('a1'), '  # two', '    # four', '        # eight', '', ...item('a2'), '# end'), true],
  ['comments inside an item', lines('annotations:', '  - id: a1 # the id', '    # before target', '    target: # where', '      # before quote', '      quote: "x" # the quote', '    # after target', '    status: open # or resolved'), true],
  ['a comment after the last item, at the end', lines('annotations:', ...item('a1'), '  # the end'), true],
  ['replies last, then blank lines', lines('annotations:', ...EVERY_FIELD, '', '   ', ...item('a2')), true],
  ['replies last, then a comment between items', lines('annotations:', ...EVERY_FIELD, '  # next', ...item('a2')), false],
  ['replies last, then a deeper comment', lines('annotations:', ...EVERY_FIELD, '        # inside the reply?', ...item('a2')), false],
  ['a target last, then a comment', lines('annotations:', '  - id: a1', '    target:', '      quote: x', '  # next', ...item('a2')), false],
  ['a target last, then blank lines', lines('annotations:', '  - id: a1', '    target:', '      quote: x', '', '', ...item('a2')), true],
  ['replies not last, then a comment', lines('annotations:', '  - id: a1', '    target:', '      quote: x', '    replies:', '      - id: r1', '        body: b', '    # status next', '    status: open'), false],
  ['unknown fields everywhere', lines('version: 2', 'annotations:', ...item('a1', '    priority: high', '    seen: true', '    count: 3', '    when: ~', '    links: [a, "b"]', '    note: |', '      kept'), 'footer: x'), true],
  ['an unknown top-level section with a map', lines('meta:', '  a: 1', 'annotations:', ...item('a1')), false],
  ['block scalars, every chomping', lines('annotations:', ...item('a1', '    body: |', '      clip', '', ''), ...item('a2', '    body: |-', '      strip', '', ''), ...item('a3', '    body: |+', '      keep', '', '')), true],
  ['a keep block scalar last in the file', lines('annotations:', '  - id: a1', '    target:', '      quote: x', '    body: |+', '      keep', '', ''), true],
  ['a keep block scalar last, then spaces', `annotations:\n  - id: a1\n    target:\n      quote: x\n    body: |+\n      keep\n\n  `, true],
  ['a block scalar last in an item, then deeper blank lines', lines('annotations:', '  - id: a1', '    target:', '      quote: x', '    body: |-', '      a', '         ', '   ', '', '  - id: a2'), true],
  ['block scalars with deeper lines and comment-like lines', withField('body: |', '  a', '    deeper', '  # not a comment', '', '  b'), true],
  ['block scalars with leading blank lines', withField('body: |', '', '  ', '  a'), true],
  ['a plain scalar starting with an indicator and more', withTarget('quote: x', 'prefix: -x', 'suffix: ?” he asked', 'hint: ::x'), true],
  ['a plain scalar that is an indicator alone', withTarget('quote: x', 'prefix: ?'), false],
  ['comment lines deeper than a value, which yaml counts in it', withTarget('quote: x', 'line: 2', '   # deeper', '', '   # deeper still', '# not', '   # not either'), true],
  ['a comment deeper than the last value of an annotation', lines('annotations:', ...item('a1'), '      # deeper', '  # not', ...item('a2'), '     # deeper, at the end'), true],
  ['a comment deeper than a list item', withField('tags:', '  - a', '     # deeper', '  - b'), true],
  ['a block scalar with leading blank lines deeper than its text', withField('body: |', '        ', '  a'), false],
  ['block scalars with an indentation indicator', withField('body: |2-', '    two spaces first', '  then none', 'x: |1', '   one', 'y: |-3', '     three'), true],
  ['a block scalar with an indicator, less indented text', withField('body: |4', '  a'), false],
  ['a block scalar without text', withField('body: |', 'author: x'), false],
  ['a folded scalar', withField('body: >', '  a', '  b'), false],
  ['a block quote', withTarget('quote: |-', '  a long quote over', '  two lines'), true],
  ['quoted prefixes with line breaks', withTarget('quote: x', 'prefix: "one\\ntwo "', "suffix: ' three'", 'chapter: 2'), true],
  ['double-quoted escapes', withTarget(String.raw`quote: "a \" b \\ c \t \u00e9 \x41 \U0001F600 \/ \_ \N \0"`), true],
  ['a double-quoted scalar over two lines', withTarget('quote: "a', '  b"'), false],
  ['single-quoted', withTarget("quote: 'it''s # not: a comment'"), true],
  ['plain with inner punctuation', withTarget('quote: a:b, [c] {d} e#f "g" \'h\' *i* -j ?k |l >m %n @o `p'), true],
  ['plain with `: `', withTarget('quote: a: b'), false],
  ['plain with a tab', withTarget('quote: a\tb'), false],
  ['a multi-line plain scalar', withTarget('quote: first', '  second'), false],
  ['empty lists', lines('annotations: []'), true],
  ['an empty annotations', lines('annotations:', 'notes:', '  endnotes:', '    1: a'), true],
  ['an annotations of comments', lines('annotations:', '  # none yet'), true],
  ['annotations: [] with a comment', lines('annotations: [ ]  # none yet'), true],
  ['annotations with items on its line', lines('annotations: [a]'), false],
  ['annotations as a scalar', lines('annotations: none'), false],
  ['annotations as a map', lines('annotations:', '  a1: x'), false],
  ['annotations twice', lines('annotations:', ...item('a1'), 'annotations:', ...item('a2')), false],
  ['annotations with a space before its colon', lines('annotations :', ...item('a1')), false],
  ['a key that starts like annotations', lines('annotations-old: x', 'annotations:', ...item('a1')), true],
  ['duplicate ids', lines('annotations:', ...item('a1'), ...item('a2'), ...item('a1'), '  - id: a1', '    status: open'), true],
  ['duplicate keys in an item', withField('status: resolved', 'body: first', 'body: second'), true],
  ['a missing quote: empty', withTarget('quote: ""'), true],
  ['a missing quote: null', withTarget('quote:', 'line: 2'), true],
  ['a missing quote: null, last', withTarget('line: 2', 'quote:'), true],
  ['a missing quote: absent', withTarget('prefix: x', 'line: 2'), true],
  ['a missing quote: absent, a block scalar last', withTarget('prefix: |', '  x', '', 'character: 0'), true],
  ['a quote of the wrong type', withTarget('quote: 42'), true],
  ['a quote that is a list', withTarget('quote: [a, b]'), true],
  ['a missing id', lines('annotations:', '  - target:', '      quote: x', '    status: open', ...item('a2')), true],
  ['a missing id, a block scalar last', lines('annotations:', '  - target:', '      quote: x', '    body: |', '      b', '', ...item('a2')), true],
  ['ids of the wrong type', lines('annotations:', '  - id: 42', '    target:', '      quote: x', '  - id: true', '    target:', '      quote: x', '  - id:', '    target:', '      quote: x', '  - id: ""', '    target:', '      quote: x', '  - id: "  "', '    target:', '      quote: x'), true],
  ['a missing target', lines('annotations:', '  - id: a1', '    body: x', '    status: open'), true],
  ['a target of the wrong type', lines('annotations:', '  - id: a1', '    target: the passage', '  - id: a2', '    target:', '  - id: a3', '    target: [x]'), true],
  ['wrong types', withField('chapter: one', 'body: true', 'author: 42', 'created: 2025-05-01', 'modified: false', 'tags: source-check', 'entities: [a, 12, true, ~, ""]'), true],
  ['wrong types in the target', withTarget('quote: x', 'prefix: 12', 'suffix: ~', 'chapter: one', 'line: "3"', 'character: true'), true],
  ['numbers other than digits', withTarget('quote: x', 'line: 0x1F'), false],
  ['a float', withTarget('quote: x', 'line: 1.0'), false],
  ['a negative number', withTarget('quote: x', 'line: -1'), false],
  ['statuses', lines('annotations:', ...item('a1', '    status: done'), ...item('a2', '    status: "resolved"'), ...item('a3', '    status: 3'), ...item('a4', '    status: [open]')), true],
  ['a body that is a map', withField('body:', '  a: 1', '  b: |', '    x'), true],
  ['tags as a block sequence', withField('tags:', '  - a', '  - "b"', 'entities:', '- c', '- d'), true],
  ['replies of every shape', lines('annotations:', ...item('a1', '    replies:', '      - id: r1', '        body: |', '          x', '      - just text', '      - author: no id', '        body: b', '      - id: r2', '      - id: 12')), true],
  ['replies as a scalar', withField('replies: none'), true],
  ['compact sequences', lines('annotations:', '- id: a1', '  target:', '    quote: x', '  replies:', '  - id: r1', '    body: b', '  - id: r2', '  status: open', '- id: a2', '  target:', '    quote: y', 'notes:', '  endnotes:', '    1: a'), true],
  ['deeper indentation', lines('annotations:', '    -   id: a1', '        target:', '              quote: x', '        replies:', '              -  id: r1', '                 body: b', '        status: open'), true],
  ['an annotation that is not a map', lines('annotations:', '  - just text', ...item('a2'), '  - "quoted"'), true],
  ['an annotation on the line below its dash', lines('annotations:', '  -', '    id: a1', '    target:', '      quote: x'), false],
  ['an empty value followed by a comment', withField('author:', '# who?', 'body: x'), false],
  ['an empty value with a comment', withField('author: # who?', 'body: x'), false],
  ['an empty value', withField('author:', 'body: x', 'modified:   '), true],
  ['a flow map', withField('target: {quote: x}'), false],
  ['an anchor and an alias', lines('annotations:', ...item('a1', '    author: &me Ada'), ...item('a2', '    author: *me')), false],
  ['a tag', withField('author: !!str 12'), false],
  ['a tab in the indentation', withField('\tbody: x'), false],
  ['a key without a space after its colon', withField('body:x'), false],
  ['a quoted key', withField('"body": x'), false],
  ['a null key', withField('null: x'), false],
  ['a boolean key', withField('true: x'), false],
  ['a key too long', withField(`${'k'.repeat(70)}: x`), false],
  ['a key less indented', lines('annotations:', '  - id: a1', '   body: x'), false],
  ['a key more indented', lines('annotations:', '  - id: a1', '     body: x'), false],
  ['an item less indented than the first', lines('annotations:', '    - id: a1', '  - id: a2'), false],
  ['a top-level sequence after the list', lines('annotations:', '  - id: a1', '- id: a2'), false],
  [
    'a merge conflict recorded in an annotation',
    lines('annotations:', ...item('a1'), '    conflict:', '      reason: changed on both branches', '      other:', '        id: a1', '        target:', '          quote: passage a1', '        body: The other side’s body.', ...item('a2')),
    true,
  ],
  ['merge conflicts at the top level', lines('annotations:', ...item('a1'), 'conflicts:', '  - path: notes.endnotes.228', '    reason: changed on both branches', '    other: x'), false],
  ['conflict markers', lines('annotations:', '<<<<<<< HEAD', ...item('a1'), '=======', ...item('a2'), '>>>>>>> theirs'), false],
  ['a YAML error in the notes', lines('notes:', '  endnotes: [x', 'annotations:', ...item('a1')), false],
  ['a document marker', lines('---', 'annotations:', ...item('a1')), false],
  ['a byte order mark', `\ufeff${lines('annotations:', ...item('a1'))}`, false],
  ['a control character', withField('body: a\u0001b'), false],
  ['plain that YAML reads as null', withField('author: null', 'created: ~', 'body: Null'), true],
  ['flow lists of every item', withField('tags: [ a , "b, c" ,\'d\', 12, 007, true, ~ ]', 'entities: []'), true],
  ['a flow list with a trailing comma', withField('tags: [a, ]'), false],
  ['a flow list over two lines', withField('tags: [a,', '  b]'), false],
  ['a flow list of a pair', withField('tags: [a: b]'), false],
  ['a flow list with a comment not separated', withField('tags: [a]#c'), false],
];

// ---------------------------------------------------------------------------------------------
// Random annotations for the writer: texts of every kind YAML must quote or block.

const PIECES = ['a', 'word', ' ', ' ', ': ', ':', ' #', '#', '"', "'", '\\', '-', '- ', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '%', '@', '`', '~', 'é', '😀', '\n', '\n\n', '1', '0.5', 'true', 'null', '  '];

/** A text (never only white space over several lines: the writer puts it in a block scalar without content, left to yaml). */
function randomText(random: () => number, pieces: number): string {
  const text = Array.from({ length: pieces }, () => PIECES[Math.floor(random() * PIECES.length)]).join('');
  return text.includes('\n') && text.trim() === '' ? 'w' : text;
}

export function randomAnnotation(random: () => number, id: string): Annotation {
  const chance = (p: number): boolean => random() < p;
  const int = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const text = (max: number) => randomText(random, int(0, max));
  let quote = text(12);
  if (quote === '') quote = 'q';
  const context = (): string => text(8).slice(0, 32);
  // Tags and entity ids are names: one line (a name over lines makes the writer spread its list over lines, left to yaml).
  const name = (): string => {
    const value = text(3).replace(/\s+/g, ' ').trim();
    return value === '' ? 'n' : value;
  };
  const replies: Reply[] = chance(0.4) ? Array.from({ length: int(1, 3) }, (_, n) => ({ id: `r${id}${n}`, author: chance(0.8) ? text(3) : undefined, created: chance(0.8) ? '2025-05-03T08:00:00Z' : undefined, body: text(10) })) : [];
  return {
    id,
    target: { quote, prefix: context(), suffix: context(), chapter: chance(0.7) ? int(0, 40) : undefined, position: { line: int(0, 5000), character: int(0, 200) } },
    body: chance(0.2) ? `${'A long body that runs past the width where the writer blocks it. '.repeat(2)}${text(4)}` : text(14),
    tags: chance(0.5) ? Array.from({ length: int(1, 3) }, name) : [],
    entities: chance(0.3) ? [name()] : [],
    author: chance(0.8) ? text(3) : undefined,
    created: chance(0.8) ? '2025-05-01T09:30:00Z' : undefined,
    modified: chance(0.3) ? text(2) : undefined,
    status: chance(0.3) ? 'resolved' : 'open',
    replies,
  };
}

// ---------------------------------------------------------------------------------------------
// Random sidecars: mostly the layout the fast reader knows, with a hard case here and there.

export function randomSidecar(random: () => number): string {
  const chance = (p: number): boolean => random() < p;
  const int = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const spaces = (n: number): string => ' '.repeat(Math.max(0, n));
  const words = ['Kroon', 'papers,', 'box', '4.', 'p.', '312', 'Ibid.', 'see', 'also', 'the', 'archive', 'Körösi', '—', 'a:b', 'x#y', '"q"', "it's", '[sic]', '{x}', '\\', '*em*', '1812', 'é'];
  const sentence = (): string => Array.from({ length: int(1, 6) }, () => pick(words)).join(' ');
  const plainSentence = (): string => `${pick(['Kroon', 'Ibid.', 'see', 'the', 'Körösi', 'p.', 'a:b', 'x#y', 'é'])} ${sentence()}`;
  // Hard cases in a third of the sidecars only, so that most are made of what the fast reader knows.
  const hardOnes = chance(0.35);
  const hard = (p: number): boolean => hardOnes && chance(p * 3);
  const out: string[] = [];

  const trivia = (indent: number): void => {
    if (chance(0.06)) out.push(`${spaces(indent)}# ${sentence()}`);
    if (chance(0.05)) out.push(chance(0.7) ? '' : spaces(int(1, 8)));
  };
  /** A value on the key's line, and the lines below it (a block scalar's, at `column` + …). */
  const scalarValue = (column: number, kind: 'text' | 'number' | 'status' | 'id'): [string, string[]] => {
    const form = random();
    if (kind === 'number' && form < 0.95) return [String(int(0, 999)), []];
    if (kind === 'status' && form < 0.95) return [pick(['open', 'resolved', '"open"', 'done']), []];
    if (kind === 'id' && form < 0.95) return [`a${int(1, 6)}`, []];
    if (hard(0.01)) return [pick(['42', '007', 'true', '~', 'null', '1e3', '.inf', '0x1F', '-1', '1.5', 'a: b', 'a #b', '*x', '- x', 'a\tb', '&a x', '!t x', '{a: b}', '"a', "'a"]), []];
    if (form < 0.45 || (kind !== 'text' && form < 0.97)) return [`${plainSentence()}${chance(0.1) ? spaces(int(1, 3)) : ''}${chance(0.1) ? ` # ${sentence()}` : ''}`, []];
    if (form < 0.6) {
      const escapes = ['\\"', '\\\\', '\\n', '\\t', '\\u00e9', '\\x41', '\\/', '\\ ', '\\_', '#', ': ', "'", '\t'];
      const word = (): string => pick(words).replace(/[\\"]/g, (ch) => `\\${ch}`);
      let text = Array.from({ length: int(1, 4) }, () => (chance(0.5) ? pick(escapes) : word())).join(chance(0.5) ? ' ' : '');
      if (hard(0.005)) text += pick(['\\q', '\\x4', '\\']);
      return [`"${text}"${chance(0.2) ? `${spaces(int(1, 3))}# c` : ''}`, []];
    }
    if (form < 0.66) return [`'${Array.from({ length: int(1, 4) }, () => (chance(0.3) ? "''" : pick(words).replace(/'/g, "''"))).join(' ')}'`, []];
    if (form < 0.68) return ['', []];
    if (form < 0.7) return [pick(['12', 'true', '~', 'null', 'false']), []];
    // A block scalar.
    const chomping = pick(['', '-', '+']);
    const indicator = chance(0.15) ? int(1, 3) : 0;
    const header = `|${indicator || ''}${chomping}${chance(0.1) ? '  # header' : ''}${hard(0.005) ? pick(['#x', ' x', '0']) : ''}`;
    const contentIndent = indicator ? column + indicator : column + int(1, 4);
    const body: string[] = [];
    if (chance(0.1)) body.push(spaces(int(0, contentIndent)));
    body.push(`${spaces(hard(0.005) ? contentIndent + 1 : contentIndent)}${indicator && chance(0.5) ? ' ' : ''}${plainSentence()}`);
    for (let n = int(0, 4); n > 0; n--) {
      const shape = random();
      if (shape < 0.6) body.push(`${spaces(contentIndent)}${chance(0.5) ? plainSentence() : sentence()}`);
      else if (shape < 0.7) body.push(`${spaces(contentIndent + int(1, 4))}${sentence()}`);
      else if (shape < 0.8) body.push('');
      else if (shape < 0.87) body.push(spaces(int(1, contentIndent + 2)));
      else if (shape < 0.93) body.push(`${spaces(contentIndent)}# ${sentence()}`);
      else body.push(`${spaces(contentIndent)}${sentence()}${spaces(int(1, 3))}`);
    }
    for (let n = int(0, 2); n > 0; n--) body.push(chance(0.7) ? '' : spaces(int(1, contentIndent)));
    return [header, body];
  };
  const flowList = (): string => {
    if (chance(0.15)) return '[]';
    const items = Array.from({ length: int(1, 3) }, () => pick(['source-check', 'translation', '"a, b"', "'c'", '12', 'true', '~', 'x y', ...(hard(0.05) ? ['a: b', '', '#x', '[y]'] : [])]));
    return `[${items.join(pick([', ', ',', ' , ']))}]${chance(0.1) ? ' # tags' : ''}`;
  };
  /** A field line (the first of an item after its dash) and what follows it. */
  const field = (prefix: string, column: number, key: string, kind: 'text' | 'number' | 'status' | 'id'): void => {
    const [value, rest] = scalarValue(column, kind);
    out.push(`${prefix}${key}:${value === '' ? (chance(0.3) ? '  ' : '') : ` ${value}`}`, ...rest);
  };
  const map = (dashColumn: number | undefined, column: number, fields: readonly (readonly [string, (prefix: string, column: number) => void])[]): void => {
    fields.forEach(([, write], index) => {
      const prefix = index === 0 && dashColumn !== undefined ? `${spaces(dashColumn)}-${spaces(column - dashColumn - 1)}` : spaces(hard(0.003) ? column + pick([-1, 1]) : column);
      if (index > 0) trivia(int(0, column + 2));
      write(prefix, column);
    });
  };
  const shuffled = <T>(items: T[]): T[] => (chance(0.1) ? items.sort(() => random() - 0.5) : items);
  type Field = readonly [string, (prefix: string, column: number) => void];
  const scalarField = (key: string, kind: 'text' | 'number' | 'status' | 'id' = 'text'): Field => [key, (prefix, column) => field(prefix, column, key, kind)];

  const target: Field = [
    'target',
    (prefix, column) => {
      if (hard(0.01)) {
        out.push(`${prefix}target: ${pick(['{quote: x}', 'x', '[x]', '&t'])}`);
        return;
      }
      out.push(`${prefix}target:${chance(0.05) ? ' # where' : ''}`);
      const inner = column + pick([2, 2, 2, 4, 1]);
      const fields = shuffled(
        [
          chance(0.95) ? scalarField('quote') : undefined,
          chance(0.6) ? scalarField('prefix') : undefined,
          chance(0.6) ? scalarField('suffix') : undefined,
          chance(0.7) ? scalarField('chapter', 'number') : undefined,
          scalarField('line', 'number'),
          scalarField('character', 'number'),
          chance(0.05) ? scalarField('hint') : undefined,
        ].filter((f): f is Field => f !== undefined),
      );
      map(undefined, inner, fields);
    },
  ];
  const list = (key: string): Field => [
    key,
    (prefix, column) => {
      if (chance(0.85)) {
        out.push(`${prefix}${key}: ${flowList()}`);
      } else {
        out.push(`${prefix}${key}:`);
        const dash = column + pick([0, 2]);
        for (let n = int(1, 3); n > 0; n--) out.push(`${spaces(dash)}- ${pick(['a', '"b"', 'c d', '12'])}`);
      }
    },
  ];
  const replies: Field = [
    'replies',
    (prefix, column) => {
      out.push(`${prefix}replies:`);
      const dash = column + pick([0, 2, 2, 2]);
      for (let n = int(1, 3); n > 0; n--) {
        trivia(dash);
        if (hard(0.01)) {
          out.push(`${spaces(dash)}- ${pick(['just text', '[x]', ''])}`);
          continue;
        }
        const fields = [chance(0.9) ? scalarField('id', 'id') : undefined, chance(0.8) ? scalarField('author') : undefined, chance(0.8) ? scalarField('created') : undefined, scalarField('body'), chance(0.05) ? scalarField('mood') : undefined].filter(
          (f): f is Field => f !== undefined,
        );
        map(dash, dash + pick([2, 2, 3]), fields);
      }
    },
  ];

  if (chance(0.3)) out.push(`# ${sentence()}`);
  if (chance(0.2)) out.push(`version: ${int(1, 3)}`);
  const notes = (): void => {
    out.push('notes:', '  endnotes:', `    ${int(1, 9)}: ${plainSentence()}`, '    12: |', `      ${sentence()}`);
  };
  if (chance(0.3)) notes();
  if (hard(0.02)) out.push(pick(['---', 'meta:\n  a: 1', '\ufeff# bom', 'annotations:']));
  out.push(`annotations:${chance(0.1) ? ' # the list' : ''}`);
  const dashColumn = pick([0, 2, 2, 2, 4]);
  const column = dashColumn + pick([2, 2, 2, 3, 4]);
  for (let n = int(0, 5); n > 0; n--) {
    trivia(pick([0, dashColumn, column]));
    if (hard(0.01)) {
      out.push(`${spaces(dashColumn)}- ${pick(['just text', '"q"', '', '&a'])}`);
      continue;
    }
    const fields = shuffled(
      [
        chance(0.95) ? scalarField('id', 'id') : undefined,
        chance(0.95) ? target : undefined,
        chance(0.8) ? scalarField('body') : undefined,
        chance(0.4) ? list('tags') : undefined,
        chance(0.2) ? list('entities') : undefined,
        chance(0.7) ? scalarField('author') : undefined,
        chance(0.7) ? scalarField('created') : undefined,
        chance(0.2) ? scalarField('modified') : undefined,
        chance(0.9) ? scalarField('status', 'status') : undefined,
        chance(0.2) ? replies : undefined,
        chance(0.1) ? scalarField('priority') : undefined,
      ].filter((f): f is Field => f !== undefined),
    );
    if (fields.length === 0) fields.push(scalarField('id', 'id'));
    map(dashColumn, column, fields);
  }
  trivia(int(0, 4));
  if (chance(0.2)) out.push(`reviewer: ${plainSentence().replace(/[:#]/g, '')}`);
  if (chance(0.2)) notes();
  if (hard(0.02)) out.push(pick(['...', 'annotations:', '- x']));
  const end = pick(['\n', '\n', '', '\n\n', '\n  ']);
  const text = out.join('\n') + end;
  return chance(0.15) ? text.replace(/\n/g, '\r\n') : text;
}
