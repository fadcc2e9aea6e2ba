import * as assert from 'node:assert/strict';
import type { Annotation } from '../../src/core/annotations/annotation';
import { parseAnnotations } from '../../src/core/annotations/annotationYaml';
import { addAnnotation, removeAnnotation, updateAnnotation } from '../../src/core/annotations/annotationEdits';
import { parseCast } from '../../src/core/cast/cast';
import { addAlias, addEntity, renameEntity } from '../../src/core/cast/castEdits';
import { mergeByIds, type MergeResult } from '../../src/core/merge/merge';
import { BOTH_CHANGED, DELETED_AND_CHANGED, findMergeConflicts } from '../../src/core/sidecar/mergeMarks';
import { parseSidecar, setNoteText } from '../../src/core/notes/notesSidecar';
import { mulberry32 } from '../support/generate';
import { joinLines } from '../support/util';

let counter = 0;

/** An annotation as the editor writes it; `line` and `character` place its passage. */
function annotation(line: number, character = 4, fields: Partial<Annotation> = {}): Annotation {
  const id = fields.id ?? `a${String(++counter).padStart(12, '0')}`;
  return {
    id,
    target: { quote: `passage ${id}`, prefix: 'the words before ', suffix: ' and the words after', chapter: 1, position: { line, character } },
    body: `A note on ${id}.`,
    tags: ['source-check'],
    entities: [],
    author: 'Ada Byron',
    created: '2025-05-01T09:30:00Z',
    modified: undefined,
    status: 'open',
    replies: [],
    ...fields,
  };
}

function merged(result: MergeResult): { text: string; conflicts: readonly { what: string; reason: string; line: number }[] } {
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result;
}

function ids(text: string): string[] {
  const sidecar = parseAnnotations(text);
  assert.equal(sidecar.parsed, true);
  return sidecar.annotations.map((entry) => entry.annotation.id);
}

const base = [annotation(10), annotation(20), annotation(30)].reduce<string>((text, a) => addAnnotation(text, a), joinLines('# Part one.', 'notes:', '  endnotes:', '    1: First.', '    3: Third.', ''));
const [first, second, third] = parseAnnotations(base).annotations.map((entry) => entry.annotation);

describe('merge by id', () => {
  it('keeps everything both sides added, wherever it is, as if one person had added it all', function () {
    this.timeout(60_000);
    // Seeded, so that the "random places" are the same every run.
    const next = mulberry32(1851);
    const adds = (n: number) => Array.from({ length: n }, () => annotation(5 + Math.floor(next() * 40), Math.floor(next() * 3) * 8));
    const ours = adds(50);
    const theirs = adds(50);
    // Many land on the same lines, next to each other, between and around the three of the base.
    const oursText = ours.reduce((text, a) => addAnnotation(text, a), base);
    const theirsText = theirs.reduce((text, a) => addAnnotation(text, a), base);
    const result = merged(mergeByIds(base, oursText, theirsText));
    assert.deepEqual(result.conflicts, []);
    const sidecar = parseAnnotations(result.text);
    assert.deepEqual(sidecar.problems, []);
    assert.equal(sidecar.annotations.length, 103);
    // Exactly what writing all of them one after another gives: document order, the writer's layout.
    const together = [...ours, ...theirs].reduce((text, a) => addAnnotation(text, a), base);
    assert.deepEqual(new Set(ids(result.text)), new Set(ids(together)));
    const positions = sidecar.annotations.map((entry) => entry.annotation.target.position);
    for (let i = 1; i < positions.length; i++) {
      const [a, b] = [positions[i - 1], positions[i]];
      assert.ok(a.line < b.line || (a.line === b.line && a.character <= b.character), `document order at ${i}`);
    }
    // Either way round, the same annotations.
    assert.deepEqual(new Set(ids(merged(mergeByIds(base, theirsText, oursText)).text)), new Set(ids(result.text)));
  });

  it('applies deletions and edits from either side, and merges edits of different fields of one annotation', () => {
    const ours = updateAnnotation(removeAnnotation(base, third.id), { ...first, body: 'Our better body.', modified: '2025-06-01T10:00:00Z' });
    const theirs = updateAnnotation(base, {
      ...first,
      status: 'resolved',
      tags: ['source-check', 'translation'],
      modified: '2025-06-02T10:00:00Z',
      replies: [{ id: 'r000000000001', author: 'Jens Holt', created: '2025-06-02T10:00:00Z', body: 'Agreed.' }],
    });
    const result = merged(mergeByIds(base, ours, theirs));
    assert.deepEqual(result.conflicts, []);
    const sidecar = parseAnnotations(result.text);
    assert.deepEqual(sidecar.problems, []);
    assert.deepEqual(ids(result.text), [first.id, second.id]);
    const merged1 = sidecar.annotation(first.id)!.annotation;
    assert.equal(merged1.body, 'Our better body.');
    assert.equal(merged1.status, 'resolved');
    assert.deepEqual(merged1.tags, ['source-check', 'translation']);
    assert.equal(merged1.modified, '2025-06-02T10:00:00Z', 'the later of the two');
    assert.deepEqual(merged1.replies.map((r) => r.body), ['Agreed.']);
  });

  it('merges replies both sides added, tags as sets, and keeps an untouched annotation byte for byte', () => {
    const reply = (id: string, body: string) => ({ id, author: 'Jens Holt', created: '2025-06-02T10:00:00Z', body });
    const ours = updateAnnotation(base, { ...second, tags: ['translation'], replies: [reply('r000000000001', 'Ours.')] });
    const theirs = updateAnnotation(base, { ...second, tags: ['source-check', 'people'], replies: [reply('r000000000002', 'Theirs.')] });
    const result = merged(mergeByIds(base, ours, theirs));
    assert.deepEqual(result.conflicts, []);
    const merged2 = parseAnnotations(result.text).annotation(second.id)!.annotation;
    // Ours removed source-check, theirs added people.
    assert.deepEqual(merged2.tags, ['translation', 'people']);
    assert.deepEqual(merged2.replies.map((r) => r.body), ['Ours.', 'Theirs.']);
    const item = (text: string, id: string) => text.slice(text.indexOf(`- id: ${id}`), text.indexOf('- id:', text.indexOf(`- id: ${id}`) + 4));
    assert.equal(item(result.text, first.id), item(base, first.id));
  });

  it('keeps both versions of an annotation both sides changed, as valid YAML the loader reports', () => {
    const ours = updateAnnotation(base, { ...second, body: 'Ours says this.' });
    const theirs = updateAnnotation(base, { ...second, body: 'Theirs says that.' });
    const result = merged(mergeByIds(base, ours, theirs));
    assert.deepEqual(result.conflicts.map((c) => [c.what, c.reason]), [[`annotation ${second.id}`, BOTH_CHANGED]]);
    const sidecar = parseAnnotations(result.text);
    assert.equal(sidecar.parsed, true);
    assert.deepEqual(ids(result.text), [first.id, second.id, third.id]);
    assert.equal(sidecar.annotation(second.id)!.annotation.body, 'Ours says this.');
    assert.match(result.text, /conflict:\n {6}reason: changed on both branches\n {6}other:\n {8}id: a\d+\n[\s\S]*body: Theirs says that\./);
    const problems = sidecar.problems.filter((p) => p.code === 'merge-conflict');
    assert.equal(problems.length, 1);
    assert.equal(problems[0].severity, 'error');
    assert.match(problems[0].message, new RegExp(`^Annotation ${second.id} was changed on both branches: choose one`));
    assert.equal(problems[0].range.start.line, result.text.split('\n').findIndex((line) => line.trim() === 'conflict:'));
    assert.equal(result.conflicts[0].line, result.text.split('\n').findIndex((line) => line.includes(`- id: ${second.id}`)));
  });

  it('reports an annotation deleted on one side and changed on the other, keeping the changed one', () => {
    const ours = removeAnnotation(base, second.id);
    const theirs = updateAnnotation(base, { ...second, status: 'resolved' });
    for (const [x, y] of [
      [ours, theirs],
      [theirs, ours],
    ]) {
      const result = merged(mergeByIds(base, x, y));
      assert.deepEqual(result.conflicts.map((c) => [c.what, c.reason]), [[`annotation ${second.id}`, DELETED_AND_CHANGED]]);
      const sidecar = parseAnnotations(result.text);
      assert.deepEqual(ids(result.text), [first.id, second.id, third.id]);
      assert.equal(sidecar.annotation(second.id)!.annotation.status, 'resolved');
      assert.match(sidecar.problems[0].message, /was deleted on one branch, changed on the other: choose one — keep it/);
    }
  });

  it('merges notes by number, and records a note both sides changed under conflicts:', () => {
    const ours = setNoteText(setNoteText(base, 'endnote', 2, 'Second, ours.'), 'footnote', 1, 'A footnote.');
    const theirs = setNoteText(setNoteText(base, 'endnote', 4, 'Fourth, theirs.'), 'endnote', 1, 'First, revised.');
    const clean = merged(mergeByIds(base, ours, theirs));
    assert.deepEqual(clean.conflicts, []);
    const notes = parseSidecar(clean.text);
    assert.deepEqual(
      notes.notes.map((n) => `${n.kind} ${n.number}: ${n.text}`),
      ['endnote 1: First, revised.', 'endnote 2: Second, ours.', 'endnote 3: Third.', 'endnote 4: Fourth, theirs.', 'footnote 1: A footnote.'],
    );
    const both = merged(mergeByIds(base, setNoteText(base, 'endnote', 3, 'Ours.'), setNoteText(base, 'endnote', 3, 'Theirs.')));
    assert.deepEqual(both.conflicts.map((c) => [c.what, c.reason]), [['notes.endnotes.3', BOTH_CHANGED]]);
    assert.equal(parseSidecar(both.text).note('endnote', 3)?.text, 'Ours.');
    assert.match(both.text, /\nconflicts:\n {2}- path: notes\.endnotes\.3\n {4}reason: changed on both branches\n {4}other:\n {6}3: Theirs\.\n$/);
    const problems = parseAnnotations(both.text).problems;
    assert.deepEqual(problems.map((p) => p.code), ['merge-conflict']);
    assert.match(problems[0].message, /^`notes\.endnotes\.3` was changed on both branches: choose one/);
  });

  it('merges the cast of marginalia.yaml by id, aliases as sets', () => {
    const withPerson = addEntity('title: Vennholm\nmanuscripts:\n  - "*.txt"\n', 'person', 'Liesbeth Kroon', { aliases: ['Liesbeth'] });
    const book = addEntity(withPerson.text, 'place', 'Vennholm').text;
    const liesbeth = withPerson.id;
    const ours = addAlias(addEntity(book, 'person', 'Jens Holt').text, liesbeth, 'Lise');
    const theirs = addAlias(addEntity(book, 'organization', 'Harbour Board').text, liesbeth, 'Kroon');
    const result = merged(mergeByIds(book, ours, theirs));
    assert.deepEqual(result.conflicts, []);
    const cast = parseCast(result.text);
    assert.deepEqual(cast.problems, []);
    assert.deepEqual(cast.entities.map((e) => e.name).sort(), ['Harbour Board', 'Jens Holt', 'Liesbeth Kroon', 'Vennholm']);
    assert.deepEqual(cast.entity(liesbeth)?.aliases, ['Liesbeth', 'Lise', 'Kroon']);

    const renamed = merged(mergeByIds(book, renameEntity(book, liesbeth, 'Liesbet Kroon'), renameEntity(book, liesbeth, 'Lies Kroon')));
    assert.deepEqual(renamed.conflicts.map((c) => [c.what, c.reason]), [[`person ${liesbeth}`, BOTH_CHANGED]]);
    assert.equal(parseCast(renamed.text).parsed, true);
    const found = findMergeConflicts(renamed.text);
    assert.equal(found.length, 1);
    assert.match(found[0].message, new RegExp(`^Person ${liesbeth} was changed on both branches: choose one`));
  });

  it('merges sections it does not know by key, keeping ours and reporting when both changed one', () => {
    const text = (reviewer: string, status: string) => `reviewed-by: ${reviewer}\nworkflow:\n  status: ${status}\n${base}`;
    const clean = merged(mergeByIds(text('ada', 'draft'), text('jens', 'draft'), text('ada', 'final')));
    assert.deepEqual(clean.conflicts, []);
    assert.match(clean.text, /^reviewed-by: jens\nworkflow:\n {2}status: final\n/);
    const both = merged(mergeByIds(text('ada', 'draft'), text('jens', 'draft'), text('liv', 'draft')));
    assert.deepEqual(both.conflicts.map((c) => c.what), ['reviewed-by']);
    assert.match(both.text, /^reviewed-by: jens\n/);
    assert.match(both.text, /- path: reviewed-by\n {4}reason: changed on both branches\n {4}other:\n {6}reviewed-by: liv\n$/);
    assert.equal(parseAnnotations(both.text).problems.length, 1);
  });

  it('gives the same bytes every time, keeps CRLF, and keeps what one side alone changed byte for byte', () => {
    const ours = addAnnotation(base, annotation(12));
    const theirs = addAnnotation(base, annotation(25));
    const once = merged(mergeByIds(base, ours, theirs)).text;
    assert.equal(merged(mergeByIds(base, ours, theirs)).text, once);
    const crlf = (text: string) => text.replace(/\n/g, '\r\n');
    assert.equal(merged(mergeByIds(crlf(base), crlf(ours), crlf(theirs))).text, crlf(once));
    assert.equal(merged(mergeByIds(base, ours, base)).text, ours);
    assert.equal(merged(mergeByIds(base, base, theirs)).text, theirs);
    assert.equal(merged(mergeByIds('', ours, ours)).text, ours);
  });

  it('merges a file new on both sides (empty base) by id too', () => {
    const ours = addAnnotation(undefined, annotation(3));
    const theirs = addAnnotation(undefined, annotation(1));
    const result = merged(mergeByIds('', ours, theirs));
    assert.deepEqual(result.conflicts, []);
    assert.equal(ids(result.text).length, 2);
    assert.deepEqual(parseAnnotations(result.text).problems, []);
  });

  it('refuses texts with git conflict markers, and merges a layout it cannot read item by item as a whole', () => {
    const markers = `${base}<<<<<<< ours\nx: 1\n=======\nx: 2\n>>>>>>> theirs\n`;
    const refused = mergeByIds(base, markers, addAnnotation(base, annotation(1)));
    assert.equal(refused.ok, false);
    // Annotations written as a flow list: the list merges as one block.
    const flow = 'annotations: [{id: a1, target: {quote: x}}]\n';
    const one = merged(mergeByIds(flow, flow.replace('x}', 'y}'), flow));
    assert.equal(one.text, flow.replace('x}', 'y}'));
    const both = merged(mergeByIds(flow, flow.replace('x}', 'y}'), flow.replace('x}', 'z}')));
    assert.deepEqual(both.conflicts.map((c) => c.what), ['annotations']);
    assert.equal(parseAnnotations(both.text).parsed, true);
  });

  it('merges two sidecars of 5,000 annotations in well under a second', function () {
    this.timeout(60_000);
    // Built by string from one item the writer wrote, as it lays items out (5,000 addAnnotation calls take long).
    const template = addAnnotation(undefined, annotation(0, 4, { id: 'aTEMPLATE' })).slice('annotations:\n'.length);
    const big = `annotations:\n${Array.from({ length: 5_000 }, (_, i) => template.replace(/aTEMPLATE/g, `a${String(i).padStart(12, '0')}x`).replace('line: 0', `line: ${3 * i}`)).join('')}`;
    const ours = addAnnotation(big, annotation(1_501, 2));
    const theirs = addAnnotation(big, annotation(7_502, 9));
    const started = Date.now();
    const result = merged(mergeByIds(big, ours, theirs));
    const ms = Date.now() - started;
    assert.equal(ids(result.text).length, 5_002);
    console.log(`      5,000 annotations (${(big.length / 1e6).toFixed(1)} MB): merged in ${ms} ms`);
  });
});
