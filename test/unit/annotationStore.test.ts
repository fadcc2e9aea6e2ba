import * as assert from 'node:assert/strict';
import type { Annotation, AnnotationTarget } from '../../src/core/annotations/annotation';
import { AnnotationNotFoundError, newAnnotationId, newReplyId, parseAnnotations } from '../../src/core/annotations/annotationYaml';
import { anchorProblems } from '../../src/core/anchoring/annotationProblems';
import { addAnnotation, removeAnnotation, updateAnnotation, updateTargets } from '../../src/core/annotations/annotationEdits';
import { parseSidecar } from '../../src/core/notes/notesSidecar';
import { SidecarNotWritableError } from '../../src/core/sidecar/sidecarFile';
import { HAND_WRITTEN as handWritten } from '../support/sidecarSamples';
import { changedLines, joinLines } from '../support/util';
import { SidecarText } from '../../src/core/sidecar/sidecarText';

function annotation(overrides: Partial<Omit<Annotation, 'target'>> & { target?: Partial<AnnotationTarget> } = {}): Annotation {
  const { target, ...rest } = overrides;
  return {
    id: newAnnotationId(),
    target: {
      quote: 'the customs steps',
      prefix: 'the fall of the tide against ',
      suffix: ', the drift of ice in March',
      chapter: 1,
      position: { line: 21, character: 40 },
      ...target,
    },
    body: 'A note.',
    tags: [],
    entities: [],
    author: 'Ada Byron',
    created: '2025-05-04T12:00:00Z',
    modified: undefined,
    status: 'open',
    replies: [],
    ...rest,
  };
}

function only<T>(items: readonly T[]): T {
  assert.equal(items.length, 1, JSON.stringify(items));
  return items[0];
}

describe('annotation store', () => {
  describe('reading', () => {
    it('reads every field, with the range of each item and of its id', () => {
      const sidecar = parseAnnotations(handWritten);
      assert.equal(sidecar.parsed, true);
      assert.deepEqual(sidecar.problems, []);
      assert.deepEqual(
        sidecar.annotations.map((entry) => entry.annotation),
        [
          {
            id: 'a0000000000001',
            target: {
              quote: 'the port of Vennholm smelled of tar',
              prefix: 'In the spring of 1851 ',
              suffix: ', herring and wet rope',
              chapter: 1,
              position: { line: 20, character: 22 },
            },
            body: 'Check the harbour records.\nAnd the customs ledger.\n',
            tags: ['source-check', 'translation'],
            entities: [],
            author: 'Ada Byron',
            created: '2025-05-01T09:30:00Z',
            modified: undefined,
            status: 'open',
            replies: [{ id: 'r0000000000001', author: 'Jens Holt', created: '2025-05-02T10:00:00Z', body: 'Agreed.' }],
          },
          {
            id: 'a0000000000002',
            target: { quote: 'Lise', prefix: '', suffix: '', chapter: undefined, position: { line: 22, character: 5 } },
            body: 'Her family name for her.',
            tags: [],
            entities: [],
            author: undefined,
            created: undefined,
            modified: undefined,
            status: 'resolved',
            replies: [],
          },
        ],
      );
      const first = sidecar.annotation('a0000000000001')!;
      assert.deepEqual(first.range, { start: { line: 7, character: 2 }, end: { line: 30, character: 22 } });
      assert.deepEqual(first.idRange, { start: { line: 7, character: 8 }, end: { line: 7, character: 22 } });
      assert.deepEqual(sidecar.annotation('a0000000000002')!.range.start, { line: 31, character: 2 });
      assert.equal(sidecar.annotation('nope'), undefined);
    });

    it('leaves the notes to the notes parser, which still reads them', () => {
      assert.deepEqual(
        parseSidecar(handWritten).notes.map((note) => note.text),
        ['Kroon papers, box 4.'],
      );
    });

    it('reads a sidecar with no annotations, or none at all, as empty', () => {
      for (const text of ['', '# nothing yet\n', 'notes:\n  endnotes:\n    1: x\n', 'annotations:\n', 'annotations: []\n']) {
        const sidecar = parseAnnotations(text);
        assert.deepEqual([sidecar.parsed, sidecar.annotations, sidecar.problems], [true, [], []], text);
      }
    });
  });

  describe('writing', () => {
    it('gives back the same bytes when nothing changed', () => {
      const sidecar = parseAnnotations(handWritten);
      for (const { annotation: same } of sidecar.annotations) assert.equal(updateAnnotation(handWritten, same), handWritten);
      const targets = new Map(sidecar.annotations.map(({ annotation: a }) => [a.id, a.target]));
      assert.equal(updateTargets(handWritten, targets), handWritten);
      assert.equal(updateTargets(handWritten, new Map()), handWritten);
    });

    it('adds an annotation in document order, changing no other line', () => {
      const between = annotation({ target: { position: { line: 21, character: 0 } } });
      const after = addAnnotation(handWritten, between);
      const { removed, added } = changedLines(handWritten, after);
      assert.deepEqual(removed, []);
      assert.equal(added[0], `  - id: ${between.id}`);
      assert.deepEqual(
        parseAnnotations(after).annotations.map((entry) => entry.annotation.id),
        ['a0000000000001', between.id, 'a0000000000002'],
      );
      assert.deepEqual(parseAnnotations(after).annotation(between.id)!.annotation, between);

      const first = annotation({ target: { position: { line: 2, character: 0 } } });
      const last = annotation({ target: { position: { line: 400, character: 0 } } });
      const ids = parseAnnotations(addAnnotation(addAnnotation(after, last), first)).annotations.map((entry) => entry.annotation.id);
      assert.deepEqual(ids, [first.id, 'a0000000000001', between.id, 'a0000000000002', last.id]);
      // An item's comment lines above it stay with it.
      assert.match(addAnnotation(handWritten, first), new RegExp(`annotations:\\n  - id: ${first.id}\\n[^]*\\n  # The lighthouse survey\\.\\n  - id: a0000000000001\\n`));
    });

    it('writes the fixed key order, block scalars for long or multi-line text, flow lists, and leaves out what is empty', () => {
      const full = annotation({
        id: 'a7kq2m4x9dw3p',
        target: { quote: 'x'.repeat(80), prefix: '', suffix: ' and on\nthe next line', chapter: 3, position: { line: 60, character: 10 } },
        body: 'Two lines\nof Markdown.',
        tags: ['source-check', 'translation'],
        entities: ['liesbeth-kroon'],
        modified: '2025-05-05T08:00:00Z',
        replies: [{ id: 'r3m9x2kq7wa4d', author: 'Jens Holt', created: '2025-05-06T09:00:00Z', body: 'Checked: the ledger agrees.' }],
      });
      const text = addAnnotation(undefined, full);
      assert.equal(
        text,
        joinLines(
          'annotations:',
          '  - id: a7kq2m4x9dw3p',
          '    target:',
          '      quote: |-',
          `        ${'x'.repeat(80)}`,
          '      suffix: " and on\\nthe next line"',
          '      chapter: 3',
          '      line: 60',
          '      character: 10',
          '    body: |-',
          '      Two lines',
          '      of Markdown.',
          '    tags: [source-check, translation]',
          '    entities: [liesbeth-kroon]',
          '    author: Ada Byron',
          '    created: 2025-05-04T12:00:00Z',
          '    modified: 2025-05-05T08:00:00Z',
          '    status: open',
          '    replies:',
          '      - id: r3m9x2kq7wa4d',
          '        author: Jens Holt',
          '        created: 2025-05-06T09:00:00Z',
          '        body: "Checked: the ledger agrees."',
          '',
        ),
      );
      assert.deepEqual(only(parseAnnotations(text).annotations).annotation, full);
      const bare = annotation({ body: '', author: undefined, created: undefined, target: { chapter: undefined } });
      assert.doesNotMatch(addAnnotation(undefined, bare), /body|tags|entities|author|created|modified|replies|chapter/);
    });

    it('round-trips awkward texts exactly', () => {
      const texts = ['  leading spaces\nand more', 'ends with a break\n', 'keeps\n\ntwo breaks\n\n', '# not a comment', 'a: b', 'true', '123', "it's \"quoted\"", 'tab\tinside', 'cr\r\nlf', '- a list?', 'ünïcödé — “quotes”'];
      let text = '';
      const written: Annotation[] = [];
      texts.forEach((body, index) => {
        const a = annotation({ body, tags: [body.split('\n')[0] || 'x'], target: { quote: body, prefix: body, suffix: body, position: { line: index, character: 0 } } });
        written.push(a);
        text = addAnnotation(text, a);
      });
      assert.deepEqual(parseAnnotations(text).problems, []);
      assert.deepEqual(parseAnnotations(text).annotations.map((entry) => entry.annotation), written);
    });

    it('updates one annotation: only the changed fields’ lines, keeping unknown fields and comments', () => {
      const [first] = parseAnnotations(handWritten).annotations.map((entry) => entry.annotation);
      const after = updateAnnotation(handWritten, { ...first, body: 'Checked: both agree.', modified: '2025-06-01T10:00:00Z' });
      assert.deepEqual(changedLines(handWritten, after), {
        removed: ['    body: |', '      Check the harbour records.', '      And the customs ledger.', '    # agreed in May', '    tags: [source-check, translation]', '    author: Ada Byron', '    created: 2025-05-01T09:30:00Z'],
        added: ['    body: "Checked: both agree."', '    # agreed in May', '    tags: [source-check, translation]', '    author: Ada Byron', '    created: 2025-05-01T09:30:00Z', '    modified: 2025-06-01T10:00:00Z'],
      });
      assert.match(after, /\n {4}priority: high # unknown, inside an annotation\n/);
      assert.match(after, /\n {6}hint: keep me # unknown, inside the target\n/);
      assert.match(after, /\n {8}mood: cheerful\n/);
    });

    it('adds a reply, keeping the earlier one byte for byte', () => {
      const [first] = parseAnnotations(handWritten).annotations.map((entry) => entry.annotation);
      const reply = { id: newReplyId(), author: 'Ada Byron', created: '2025-06-02T10:00:00Z', body: 'Thanks.' };
      const after = updateAnnotation(handWritten, { ...first, replies: [...first.replies, reply] });
      assert.deepEqual(changedLines(handWritten, after), {
        removed: [],
        added: [`      - id: ${reply.id}`, '        author: Ada Byron', '        created: 2025-06-02T10:00:00Z', '        body: Thanks.'],
      });
      assert.deepEqual(parseAnnotations(after).annotation(first.id)!.annotation.replies, [...first.replies, reply]);
    });

    it('updates targets only (Update Anchors): the target lines of those annotations and nothing else', () => {
      const [first, second] = parseAnnotations(handWritten).annotations.map((entry) => entry.annotation);
      const moved = { ...first.target, position: { line: 24, character: 22 }, chapter: 2 };
      const after = updateTargets(handWritten, new Map([[first.id, moved], ['a-gone-meanwhile', second.target]]));
      assert.deepEqual(changedLines(handWritten, after), {
        removed: ['      chapter: 1', '      line: 20'],
        added: ['      chapter: 2', '      line: 24'],
      });
      const fuzzy = { ...second.target, quote: 'Liesbeth', prefix: 'Her family called her ' };
      const both = updateTargets(handWritten, new Map([[first.id, moved], [second.id, fuzzy]]));
      assert.deepEqual(
        parseAnnotations(both).annotations.map((entry) => entry.annotation.target),
        [moved, fuzzy],
      );
      assert.deepEqual(changedLines(after, both), {
        removed: ['      quote: Lise'],
        added: ['      quote: Liesbeth', '      prefix: "Her family called her "'],
      });
    });

    it('removes one annotation’s lines, and nothing when the id is gone already', () => {
      const after = removeAnnotation(handWritten, 'a0000000000002');
      assert.deepEqual(changedLines(handWritten, after), {
        removed: ['  - id: a0000000000002', '    target:', '      quote: Lise', '      line: 22', '      character: 5', '    body: Her family name for her.', '    status: resolved'],
        added: [],
      });
      assert.equal(removeAnnotation(handWritten, 'a-never-there'), handWritten);
      const none = removeAnnotation(after, 'a0000000000001');
      assert.deepEqual(parseAnnotations(none).annotations, []);
      assert.match(none, /^# Part one[^]*\nannotations:\n {2}# The lighthouse survey\.\nfooter: last line, unknown too\n$/);
      // And the list can grow again from there.
      const again = annotation();
      assert.deepEqual(only(parseAnnotations(addAnnotation(none, again)).annotations).annotation, again);
    });

    it('throws when updating an annotation the file no longer holds, or adding one twice', () => {
      assert.throws(() => updateAnnotation(handWritten, annotation()), AnnotationNotFoundError);
      const [first] = parseAnnotations(handWritten).annotations.map((entry) => entry.annotation);
      assert.throws(() => addAnnotation(handWritten, first), /already holds/);
      assert.throws(() => addAnnotation(handWritten, annotation({ target: { quote: '' } })), /no quote/);
    });

    it('creates the section after the notes, leaving them alone', () => {
      const notes = 'notes:\n  endnotes:\n    1: Kroon papers, box 4.\n';
      const a = annotation();
      const text = addAnnotation(notes, a);
      assert.ok(text.startsWith(notes));
      assert.match(text.slice(notes.length), /^annotations:\n {2}- id: a/);
      assert.ok(addAnnotation('notes: {}', a).startsWith('notes: {}\nannotations:\n  - id: '), 'a final line break is added where there was none');
      assert.match(addAnnotation('annotations:\nnotes: {}\n', a), /^annotations:\n {2}- id: [^]*\nnotes: \{\}\n$/);
      assert.match(addAnnotation('annotations: []\nnotes: {}\n', a), /^annotations:\n {2}- id: [^]*\nnotes: \{\}\n$/);
      assert.deepEqual(only(parseAnnotations(addAnnotation(undefined, a)).annotations).annotation, a);
    });

    it('keeps CRLF line endings', () => {
      const crlf = handWritten.replace(/\n/g, '\r\n');
      const sidecar = parseAnnotations(crlf);
      assert.deepEqual(sidecar.problems, []);
      assert.deepEqual(
        sidecar.annotations.map((entry) => entry.annotation.id),
        ['a0000000000001', 'a0000000000002'],
      );
      const [first] = sidecar.annotations.map((entry) => entry.annotation);
      assert.equal(updateAnnotation(crlf, first), crlf);
      const edited = addAnnotation(updateAnnotation(crlf, { ...first, body: 'One\nTwo' }), annotation({ body: 'Three\nFour' }));
      assert.doesNotMatch(edited, /[^\r]\n/, 'no bare line feed');
      assert.equal(parseAnnotations(edited).annotation(first.id)!.annotation.body, 'One\nTwo');
      assert.equal(edited.replace(/\r\n/g, '\n'), addAnnotation(updateAnnotation(handWritten, { ...first, body: 'One\nTwo' }), { ...parseAnnotations(edited).annotations[1].annotation }));
    });

    it('keeps a final line without a line break as it was', () => {
      const text = handWritten.replace(/\nfooter: .*\n$/, '\n').replace(/\n$/, '');
      const second = parseAnnotations(text).annotation('a0000000000002')!.annotation;
      const after = updateAnnotation(text, { ...second, status: 'open' });
      assert.ok(after.endsWith('    status: open'), after.slice(-40));
      assert.equal(updateAnnotation(after, second), text);
    });
  });

  describe('bad input', () => {
    const notWritable = (text: string) => {
      const a = annotation();
      assert.throws(() => addAnnotation(text, a), SidecarNotWritableError);
      assert.throws(() => updateAnnotation(text, a), SidecarNotWritableError);
      assert.throws(() => removeAnnotation(text, a.id), SidecarNotWritableError);
      assert.throws(() => updateTargets(text, new Map([[a.id, a.target]])), SidecarNotWritableError);
    };

    it('reports a YAML error at its line and column, and is never written', () => {
      const broken = handWritten.replace('      quote: Lise', '      quote: [Lise');
      const sidecar = parseAnnotations(broken);
      assert.equal(sidecar.parsed, false);
      assert.deepEqual(sidecar.annotations, []);
      const problem = sidecar.problems[0];
      assert.equal(problem.code, 'sidecar-yaml');
      assert.equal(problem.severity, 'error');
      assert.ok(problem.range.start.line >= 33, JSON.stringify(problem));
      notWritable(broken);
    });

    it('reports git conflict markers, and is never written', () => {
      const conflicted = handWritten.replace('  - id: a0000000000002', '<<<<<<< HEAD\n  - id: a0000000000002\n=======\n  - id: a0000000000003\n>>>>>>> theirs');
      const sidecar = parseAnnotations(conflicted);
      assert.equal(sidecar.parsed, false);
      assert.deepEqual([only(sidecar.problems).code, sidecar.problems[0].range.start], ['sidecar-conflict-markers', { line: 31, character: 0 }]);
      notWritable(conflicted);
    });

    it('reports an alias bomb where it is, without expanding it, and is never written', () => {
      const bomb = [
        'lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        ...'bcdefghi'.split('').map((name, index) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[index]}`).join(', ')}]`),
        handWritten.replace('    tags: [source-check, translation]', '    tags: *i'),
      ].join('\n');
      const started = Date.now();
      const sidecar = parseAnnotations(bomb);
      assert.ok(Date.now() - started < 2000, 'fails fast');
      assert.equal(sidecar.parsed, false);
      const problem = sidecar.problems.find((p) => p.code === 'sidecar-aliases')!;
      assert.equal(problem.severity, 'error');
      assert.deepEqual(problem.range.start, { line: 5, character: 7 }, 'the first alias standing for too much: *e');
      // What is safe to read stays readable: the bomb is never expanded.
      assert.deepEqual(sidecar.annotations.map((entry) => entry.annotation.id), ['a0000000000001', 'a0000000000002']);
      notWritable(bomb);
      // A few aliases are fine.
      const fine = `me: &me Ada Byron\n${handWritten.replace('    author: Ada Byron', '    author: *me')}`;
      assert.deepEqual(parseAnnotations(fine).problems, []);
      assert.equal(parseAnnotations(fine).annotation('a0000000000001')!.annotation.author, 'Ada Byron');
    });

    it('resolves thousands of ordinary aliases without walking the document for each', function () {
      // yaml's own Alias.resolve walks the whole document per alias: minutes for this one.
      this.timeout(20_000);
      const items = Array.from({ length: 2_000 }, (_, i) => `  - id: a${i}\n    target:\n      quote: passage ${i}\n      line: ${i}\n    author: *me\n`);
      const sidecar = parseAnnotations(`me: &me Ada Byron\nannotations:\n${items.join('')}`);
      assert.deepEqual(sidecar.problems, []);
      assert.equal(sidecar.annotations.length, 2_000);
      assert.ok(sidecar.annotations.every((entry) => entry.annotation.author === 'Ada Byron'));
    });

    it('reports each duplicate id, keeping the first usable one', () => {
      const text = joinLines(
        'annotations:',
        '  - id: a1',
        '    target:',
        '      line: 1',
        '  - id: a1',
        '    target:',
        '      quote: second',
        '  - id: a1',
        '    target:',
        '      quote: third',
        '',
      );
      const sidecar = parseAnnotations(text);
      assert.equal(sidecar.parsed, true);
      assert.deepEqual(
        sidecar.problems.map((p) => [p.code, p.range.start.line, p.range.start.character]),
        [
          ['annotation-duplicate-id', 1, 8],
          ['annotation-missing-quote', 3, 6],
          ['annotation-duplicate-id', 4, 8],
          ['annotation-duplicate-id', 7, 8],
        ],
      );
      assert.equal(only(sidecar.annotations).annotation.target.quote, 'second');
      // Edits go to the same one.
      const after = updateAnnotation(text, { ...sidecar.annotations[0].annotation, body: 'edited' });
      assert.deepEqual(changedLines(text, after), { removed: [], added: ['    body: edited'] });
      assert.equal(after.split('body: edited')[0].split('\n').length, 8, 'in the second item');
    });

    it('skips an annotation missing its quote with an error there, keeping it in the file and the rest usable', () => {
      const text = handWritten.replace('      quote: Lise\n', '');
      const sidecar = parseAnnotations(text);
      assert.equal(sidecar.parsed, true);
      const problem = only(sidecar.problems);
      assert.deepEqual([problem.severity, problem.code, problem.range.start], ['error', 'annotation-missing-quote', { line: 33, character: 6 }]);
      assert.match(problem.message, /a0000000000002 has no `quote:`/);
      assert.deepEqual(sidecar.annotations.map((entry) => entry.annotation.id), ['a0000000000001']);
      const [first] = sidecar.annotations.map((entry) => entry.annotation);
      const after = updateAnnotation(text, { ...first, status: 'resolved' });
      assert.deepEqual(changedLines(text, after), { removed: ['    status: open'], added: ['    status: resolved'] });
      assert.throws(() => updateAnnotation(text, { ...first, id: 'a0000000000002' }), AnnotationNotFoundError);
      assert.equal(removeAnnotation(text, 'a0000000000002'), handWritten.replace(/ {2}- id: a0000000000002\n[^]*status: resolved\n/, ''));
    });

    it('reports fields of the wrong type and a status other than open or resolved, reading the rest', () => {
      const text = joinLines(
        'annotations:',
        '  - id: a1',
        '    target:',
        '      quote: the customs steps',
        '      chapter: one',
        '      line: -3',
        '    body: [not, text]',
        '    tags: source-check',
        '    entities: [ok, {not: a name}]',
        '    author: 42',
        '    status: done',
        '    replies: none',
        '  - just a text',
        '  - id: a2',
        '    target: the customs steps',
        '',
      );
      const sidecar = parseAnnotations(text);
      assert.equal(sidecar.parsed, true);
      assert.deepEqual(
        sidecar.problems.map((p) => [p.severity, p.code, p.range.start.line, p.range.start.character]),
        [
          ['warning', 'annotation-field', 4, 15],
          ['warning', 'annotation-field', 5, 12],
          ['warning', 'annotation-field', 6, 10],
          ['warning', 'annotation-field', 7, 10],
          ['warning', 'annotation-field', 8, 19],
          ['warning', 'annotation-field', 9, 12],
          ['warning', 'annotation-status', 10, 12],
          ['warning', 'annotation-field', 11, 13],
          ['error', 'annotation-shape', 12, 4],
          ['error', 'annotation-target', 14, 12],
        ],
      );
      assert.match(sidecar.problems[6].message, /not “done”/);
      const read = only(sidecar.annotations).annotation;
      assert.deepEqual(read, {
        id: 'a1',
        target: { quote: 'the customs steps', prefix: '', suffix: '', chapter: undefined, position: { line: 0, character: 0 } },
        body: '',
        tags: [],
        entities: [],
        author: undefined,
        created: undefined,
        modified: undefined,
        status: 'open',
        replies: [],
      });
      // An edit writes what it is given over the bad fields (the target, unchanged, keeps its bytes),
      // and leaves the other items alone.
      const after = updateAnnotation(text, { ...read, body: 'Fixed.', tags: ['source-check'] });
      assert.deepEqual(
        parseAnnotations(after).problems.map((p) => [p.code, p.range.start.line]),
        [['annotation-field', 4], ['annotation-field', 5], ['annotation-shape', 9], ['annotation-target', 11]],
      );
      assert.match(after, /\n {4}body: Fixed\.\n {4}tags: \[source-check\]\n {4}status: open\n/);
      assert.match(after, /\n {2}- just a text\n {2}- id: a2\n {4}target: the customs steps\n$/);
    });

    it('keeps unknown fields without a problem', () => {
      const text = handWritten.replace('    status: resolved', '    status: resolved\n    reviewed: {by: ada, on: 2025-05-01}');
      assert.deepEqual(parseAnnotations(text).problems, []);
    });

    it('reads and edits a sidecar with a 10 MB body', function () {
      this.timeout(30_000);
      const huge = 'A very long note about the harbour, line after line.\n'.repeat(200_000);
      assert.ok(huge.length >= 10_000_000);
      const big = annotation({ body: huge });
      let started = Date.now();
      const text = addAnnotation(handWritten, big);
      const addMs = Date.now() - started;
      started = Date.now();
      // Read once, then edited, as the editor does (it passes what it read to the edit).
      const read = new SidecarText(text);
      const sidecar = parseAnnotations(read);
      const parseMs = Date.now() - started;
      assert.deepEqual(sidecar.problems, []);
      assert.equal(sidecar.annotation(big.id)!.annotation.body, huge);
      started = Date.now();
      const after = updateAnnotation(read, { ...big, status: 'resolved' });
      const updateMs = Date.now() - started;
      assert.deepEqual(changedLines(text, after), { removed: ['    status: open'], added: ['    status: resolved'] });
      console.log(`      10 MB body: add ${addMs} ms, parse ${parseMs} ms, update ${updateMs} ms`);
    });
  });

  describe('size', () => {
    it('reads a sidecar of 5,000 annotations, and edits one of them changing only its lines', function () {
      this.timeout(60_000);
      const template = addAnnotation(
        undefined,
        annotation({ id: 'aID', body: 'Note N: check the harbour records.\nThen the customs ledger.', tags: ['source-check'], target: { quote: 'passage N of the book', position: { line: 0, character: 0 } } }),
      ).slice('annotations:\n'.length);
      const items = Array.from({ length: 5_000 }, (_, i) =>
        template.replace('aID', newAnnotationId()).replace(/\bN\b/g, String(i)).replace('line: 0', `line: ${3 * i}`),
      );
      const text = `notes:\n  endnotes:\n    1: x\nannotations:\n${items.join('')}`;
      let started = Date.now();
      const sidecar = parseAnnotations(text);
      const parseMs = Date.now() - started;
      assert.equal(sidecar.annotations.length, 5_000);
      assert.deepEqual(sidecar.problems, []);
      const middle = sidecar.annotations[2_500].annotation;
      started = Date.now();
      const after = updateAnnotation(text, { ...middle, status: 'resolved' });
      const updateMs = Date.now() - started;
      assert.deepEqual(changedLines(text, after), { removed: ['    status: open'], added: ['    status: resolved'] });
      console.log(`      5,000 annotations (${(text.length / 1e6).toFixed(1)} MB): parse ${parseMs} ms, update one ${updateMs} ms`);
    });
  });

  describe('ids', () => {
    it('are random, one word, and unique over 10,000 draws', () => {
      const ids = new Set<string>();
      for (let i = 0; i < 10_000; i++) {
        const id = newAnnotationId();
        assert.match(id, /^a[a-z2-7]{12}$/);
        ids.add(id);
      }
      assert.equal(ids.size, 10_000);
      assert.match(newReplyId(), /^r[a-z2-7]{12}$/);
    });
  });

  describe('anchor problems', () => {
    it('reports orphaned (error), ambiguous and fuzzy (warnings) annotations at their item', () => {
      const entries = parseAnnotations(handWritten).annotations;
      const anchored = { state: 'anchored', span: { start: 0, end: 4 }, score: undefined, candidates: [] } as const;
      const text = 'one\ntwo\nthree\n';
      assert.deepEqual(anchorProblems(entries, [anchored, { ...anchored, state: 'moved' }], text), []);
      const problems = anchorProblems(
        entries,
        [
          { state: 'orphaned', span: undefined, score: undefined, candidates: [] },
          { state: 'fuzzy', span: { start: 0, end: 4 }, score: 0.82, candidates: [] },
        ],
        text,
      );
      assert.deepEqual(
        problems.map((p) => [p.severity, p.code, p.range.start]),
        [
          ['error', 'annotation-orphaned', { line: 7, character: 2 }],
          ['warning', 'annotation-fuzzy', { line: 31, character: 2 }],
        ],
      );
      assert.match(problems[0].message, /lost its passage: “the port of Vennholm smelled of tar”/);
      assert.match(problems[1].message, /82% alike/);
      const ambiguous = anchorProblems(entries.slice(1), [{ state: 'ambiguous', span: undefined, score: undefined, candidates: [{ start: 0, end: 4 }, { start: 9, end: 13 }] }], text);
      assert.deepEqual([only(ambiguous).severity, ambiguous[0].code], ['warning', 'annotation-ambiguous']);
      assert.match(ambiguous[0].message, /fits 2 places/);
      const offered = anchorProblems(entries.slice(0, 1), [{ state: 'orphaned', span: undefined, score: undefined, candidates: [{ start: 8, end: 13 }] }], text);
      assert.deepEqual([only(offered).severity, offered[0].code], ['error', 'annotation-orphaned']);
      assert.match(offered[0].message, /“the port of Vennholm smelled of tar” is at line 3 of the manuscript, but not what surrounded it .*Choose Candidate/);
    });
  });
});
