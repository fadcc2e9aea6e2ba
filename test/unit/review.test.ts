import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { addAnnotation, removeAnnotation, updateAnnotation } from '../../src/core/annotations/annotationEdits';
import { addAlias, addEntity } from '../../src/core/cast/castEdits';
import { scalarOf, TextLines, split } from '../../src/core/yaml/lineBlocks';
import { Unsure } from '../../src/core/yaml/scalars';
import { combineReviews, reviewCast, reviewManuscript } from '../../src/core/review/review';
import type { ManuscriptVersions } from '../../src/core/review/reviewModel';
import { reviewMarkdown, untrusted } from '../../src/core/review/reviewMarkdown';
import { wordDiff } from '../../src/core/review/wordDiff';
import { setNoteText } from '../../src/core/notes/notesSidecar';
import { annotating } from '../support/annotationFixture';
import { joinLines } from '../support/util';

const before = joinLines(
  'PART ONE',
  '',
  '1. Spring',
  '',
  'In the spring of 1851 the port of Vennholm smelled of tar, herring and wet rope, and Liesbet walked to the harbour every morning.{1}',
  '',
  'The lighthouse keeper counted the ships that came in from the north and wrote their names in a ledger bound in green cloth.',
  '',
  '2. Summer',
  '',
  "By June the survey had reached the dunes beyond the town, where the wind moved the sand a hand's breadth every night.",
  '',
  'Nobody in the survey party could say who had first drawn the line of the old dike across the marsh, nor when.',
  '',
);

/** The manuscript edited: a paragraph inserted in chapter 1, a phrase reworded and a sentence cut in chapter 2, a second marker. */
const after = before
  .replace('The lighthouse keeper', 'A gale blew for three days and closed the harbour to every boat.{2}\n\nThe lighthouse keeper')
  .replace('the wind moved the sand', 'the wind shifted the sand')
  .replace('Nobody in the survey party could say who had first drawn the line of the old dike across the marsh, nor when.', 'The marsh was quiet.');

const annotate = annotating('a');

const kept = annotate(before, 'smelled of tar');
const resolvedOne = annotate(before, 'walked to the harbour');
const moved = annotate(before, 'counted the ships');
const removed = annotate(before, 'bound in green cloth');
const fuzzy = annotate(before, "the wind moved the sand a hand's breadth every night");
const orphaned = annotate(before, 'who had first drawn the line of the old dike');
const alreadyLost = { ...annotate(before, 'the dunes'), target: { ...annotate(before, 'the dunes').target, quote: 'a passage gone long ago', prefix: 'nothing like ', suffix: ' this at all' } };
const baseSidecar = [kept, resolvedOne, moved, removed, fuzzy, orphaned, alreadyLost].reduce<string>(
  (text, a) => addAnnotation(text, a),
  setNoteText(undefined, 'endnote', 1, 'Harbour records, box 4.'),
);
const added = annotate(after, 'closed the harbour');
let headSidecar = addAnnotation(baseSidecar, added);
headSidecar = updateAnnotation(headSidecar, { ...kept, body: 'On the smell of the port: tar, not pitch.', tags: ['source-check'] });
headSidecar = updateAnnotation(headSidecar, {
  ...resolvedOne,
  status: 'resolved',
  replies: [{ id: 'r000000000001', author: 'Jens Holt', created: '2025-06-01T08:00:00Z', body: 'Checked.' }],
});
headSidecar = removeAnnotation(headSidecar, removed.id);
headSidecar = setNoteText(setNoteText(headSidecar, 'endnote', 1, 'Harbour records, box 5.'), 'endnote', 2, 'The gale of 1851.');

const versions: ManuscriptVersions = {
  file: 'part-one.txt',
  baseFile: undefined,
  base: { text: before, sidecar: baseSidecar },
  head: { text: after, sidecar: headSidecar },
};

describe('review', () => {
  it('lists what was added, changed, resolved and removed, the broken anchors and the moved ones, with their chapters', () => {
    const review = reviewManuscript(versions);
    assert.deepEqual(review.problems, []);
    const ids = (list: readonly { id: string }[]) => list.map((item) => item.id);
    assert.deepEqual(ids(review.added), [added.id]);
    assert.deepEqual(ids(review.changed), [kept.id]);
    assert.deepEqual(ids(review.resolved), [resolvedOne.id]);
    assert.deepEqual(ids(review.removed), [removed.id]);
    assert.deepEqual(review.broken.map((b) => [b.id, b.state, b.chapter, b.chapterTitle]), [
      [fuzzy.id, 'fuzzy', 2, 'Summer'],
      [orphaned.id, 'orphaned', 2, 'Summer'],
    ]);
    assert.deepEqual(review.moved.map((m) => [m.id, m.from.line, m.to.line, m.to.chapter]), [[moved.id, 6, 8, 1]]);
    assert.deepEqual([review.added[0].chapter, review.added[0].chapterTitle, review.added[0].line], [1, 'Spring', 6]);
    assert.deepEqual(review.removed[0].quote, 'bound in green cloth');
    const fuzzyOne = review.broken[0];
    assert.ok(fuzzyOne.score !== undefined && fuzzyOne.score > 0.75 && fuzzyOne.score < 1);
    assert.equal(fuzzyOne.now?.line, 12);

    const changed = review.changed[0].changes;
    assert.deepEqual(changed.map((c) => c.field), ['body', 'tags']);
    assert.deepEqual(changed[1], { field: 'tags', added: ['source-check'], removed: [] });
    const resolved = review.resolved[0].changes;
    assert.deepEqual(resolved.map((c) => c.field), ['status', 'replies']);

    assert.deepEqual(review.notes.changed.map((n) => [n.kind, n.number, n.before, n.text, n.chapter]), [['endnote', 1, 'Harbour records, box 4.', 'Harbour records, box 5.', 1]]);
    assert.deepEqual(review.notes.added.map((n) => [n.number, n.chapter, n.line]), [[2, 1, 6]]);
    assert.deepEqual(review.notes.removed, []);
  });

  it('does not count an anchor the change re-attached, nor one lost before the change', () => {
    const reanchored = updateAnnotation(headSidecar, { ...fuzzy, target: annotate(after, "the wind shifted the sand a hand's breadth every night").target });
    const review = reviewManuscript({ ...versions, head: { text: after, sidecar: reanchored } });
    assert.deepEqual(review.broken.map((b) => b.id), [orphaned.id]);
    assert.ok(review.changed.some((c) => c.id === fuzzy.id && c.changes.some((change) => change.field === 'quote')));
    // The manuscript unchanged: nothing broken, whatever the sidecar says.
    assert.deepEqual(reviewManuscript({ ...versions, head: { text: before, sidecar: headSidecar } }).broken, []);
  });

  it('treats a new manuscript as all added and a deleted one as all removed', () => {
    const added = reviewManuscript({ file: 'new.txt', baseFile: undefined, base: undefined, head: { text: before, sidecar: baseSidecar } });
    assert.equal(added.added.length, 7);
    const gone = reviewManuscript({ file: 'old.txt', baseFile: undefined, base: { text: before, sidecar: baseSidecar }, head: undefined });
    assert.equal(gone.removed.length, 7);
    assert.deepEqual([gone.broken, gone.moved], [[], []]);
  });

  it('reports a sidecar that does not parse on one side, at its line and column', () => {
    const broken = headSidecar.replace(`body: On “smelled of tar”.`, 'body: [unclosed');
    const review = reviewManuscript({ ...versions, head: { text: after, sidecar: broken.replace('On the smell of the port: tar, not pitch.', '"unclosed') } });
    assert.equal(review.problems.length > 0, true);
    const problem = review.problems[0];
    assert.deepEqual([problem.side, problem.kind, problem.file], ['head', 'sidecar', 'part-one.txt']);
    const line = headSidecar.split('\n').findIndex((l) => l.includes('On the smell of the port'));
    assert.ok(Math.abs(problem.line - line) <= 1, `${problem.line} vs ${line}`);
    const markers = reviewManuscript({ ...versions, base: { text: before, sidecar: `${baseSidecar}<<<<<<< HEAD\n` } });
    assert.equal(markers.problems[0].side, 'base');
    assert.match(markers.problems[0].message, /marginalia init/);
  });

  it('reviews the cast: entities added and removed, renamed, aliases added and removed', () => {
    const person = addEntity('manuscripts:\n  - "*.txt"\n', 'person', 'Liesbet Kroon', { aliases: ['Liesbet'] });
    const head = addAlias(addEntity(person.text, 'place', 'Vennholm', { aliases: ['the port'] }).text, person.id, 'Lise');
    const { cast, problems } = reviewCast('marginalia.yaml', person.text, head);
    assert.deepEqual(problems, []);
    assert.deepEqual(cast.added.map((e) => [e.kind, e.name, e.aliases]), [['place', 'Vennholm', ['the port']]]);
    assert.deepEqual(cast.aliasesAdded.map((e) => [e.id, e.aliases]), [[person.id, ['Lise']]]);
    const back = reviewCast('marginalia.yaml', head, person.text).cast;
    assert.deepEqual([back.removed.map((e) => e.name), back.aliasesRemoved.map((e) => e.aliases)], [['Vennholm'], [['Lise']]]);
    assert.equal(reviewCast('marginalia.yaml', 'people: [', undefined).problems[0].side, 'base');
  });

  it('writes Markdown per manuscript and chapter, broken anchors first', () => {
    const report = combineReviews('main (1a2b3c4)', 'working tree', [reviewManuscript(versions)], []);
    const markdown = reviewMarkdown(report);
    assert.match(markdown, /^## Marginalia review\n\nmain \\\(1a2b3c4\\\) → working tree · \*\*2 broken anchors\*\* · annotations: 1 added, 1 changed, 1 resolved, 1 removed · 2 notes changed · 1 moved\n/);
    assert.match(markdown, /### part\\-one\\\.txt\n\n\*\*Chapter 1 · Spring\*\*\n\n- ➕ \*\*added\*\*/);
    const summer = markdown.slice(markdown.indexOf('**Chapter 2 · Summer**'));
    assert.match(summer, /^\*\*Chapter 2 · Summer\*\*\n\n- ⚠️ \*\*fuzzy\*\* .*% alike\); now at line 13\n- ⚠️ \*\*orphaned\*\* .*was at line 13; the passage is no longer in the text\n/);
    assert.match(markdown, /✏️ \*\*changed\*\* .*body: .*~~.*~~ \*\*.*\*\*/);
    assert.match(markdown, /_1 annotation moved with its passage\._/);
  });

  it('says where an orphan’s text is when it was found without what surrounded it (a sentence moved far off on its own)', () => {
    const sentence = 'The lighthouse keeper counted the ships that came in from the north and wrote their names in a ledger bound in green cloth.';
    const headText = `${before.replace(`${sentence}\n\n`, '')}\n${'Sand blew across the road all week. '.repeat(14)}${sentence}\n`;
    const lost = annotate(before, 'counted the ships');
    const sidecar = addAnnotation(undefined, lost);
    const review = reviewManuscript({ file: 'part-one.txt', baseFile: undefined, base: { text: before, sidecar }, head: { text: headText, sidecar } });
    const line = headText.split('\n').findIndex((l) => l.includes('counted the ships'));
    assert.deepEqual(review.broken.map((b) => [b.id, b.state, b.candidates]), [[lost.id, 'orphaned', [line]]]);
    const markdown = reviewMarkdown(combineReviews('main', 'working tree', [review], []));
    assert.match(markdown, new RegExp(`\\*\\*orphaned\\*\\* .*was at line 7; its text is at line ${line + 1}, but not what surrounded it \\(a copy, or moved on its own\\)`));
  });

  it('escapes what sidecars say, so that a pull request comment shows it as text', () => {
    const hostile = 'Hi @maintainers <img src=x onerror=alert(1)> [click](https://evil.example) `code` ![i](http://x/i.png) #12 www.evil.example';
    const text = untrusted(hostile, 400);
    assert.doesNotMatch(text, /(?<!\\)[<>[\]()`!]|@maintainers|https:\/\/|#12|www\.evil/);
    const sidecar = addAnnotation(baseSidecar, annotate(after, 'A gale blew', { body: hostile, tags: ['x](http://evil)'] }));
    const markdown = reviewMarkdown(combineReviews('a', 'b', [reviewManuscript({ ...versions, head: { text: after, sidecar } })], []));
    assert.doesNotMatch(markdown, /(?<!\\)<img|(?<!\\)\]\(http|@maintainers/);
  });

  it('diffs long texts word by word, with no size past which everything reads as replaced', () => {
    const words = Array.from({ length: 1200 }, (_, i) => `word${i}`);
    const before = words.join(' ');
    const after = words.map((w, i) => (i === 600 ? 'changed' : w)).join(' ');
    assert.deepEqual(wordDiff(before, after), [
      { op: '=', text: words.slice(0, 600).join(' ') + ' ' },
      { op: '-', text: 'word600' },
      { op: '+', text: 'changed' },
      { op: '=', text: ' ' + words.slice(601).join(' ') },
    ]);
  });

  it('diffs words', () => {
    assert.deepEqual(wordDiff('the port smelled of tar', 'the port reeked of tar and pitch'), [
      { op: '=', text: 'the port ' },
      { op: '-', text: 'smelled' },
      { op: '+', text: 'reeked' },
      { op: '=', text: ' of tar' },
      { op: '+', text: ' and pitch' },
    ]);
    assert.deepEqual(wordDiff('same', 'same'), [{ op: '=', text: 'same' }]);
  });
});

describe('reading scalars line by line (review and merge)', () => {
  const samples = [
    'plain text',
    'text with: a colon',
    'ends with colon:',
    '"double \\"quoted\\" \\n with \\u00e9 and \\x41"',
    "'single ''quoted'' text'",
    '2025-05-01T09:30:00Z',
    '42',
    '042',
    '4.5',
    'true',
    'null',
    '~',
    '"unclosed',
    'text # with a comment',
    '|-\n    a literal\n\n    block\n',
    '|\n    kept\n    newline\n',
    '>\n    folded\n',
    '[a, b]',
    '&anchor value',
    '"tab\there"',
    '   ',
  ];
  for (const sample of samples) {
    it(`reads ${JSON.stringify(sample)} as yaml does, or says it is not sure`, () => {
      const text = `  key: ${sample}\n`;
      const lines = new TextLines(text);
      const [entry] = split(lines, 0, lines.count, 'map', undefined).entries;
      let fast: unknown;
      try {
        fast = scalarOf(lines, entry);
      } catch (error) {
        if (error instanceof Unsure) return;
        throw error;
      }
      const document = parseDocument(text);
      if (document.errors.length > 0) assert.fail(`read ${JSON.stringify(fast)} where yaml finds an error`);
      assert.deepEqual(fast, (document.toJS() as { key: unknown }).key);
    });
  }
});
