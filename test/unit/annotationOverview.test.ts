import * as assert from 'node:assert/strict';
import type { AnchorState, AnnotationStatus } from '../../src/core/annotations/annotation';
import {
  countAnnotations,
  describeAttention,
  describeFilter,
  isFiltered,
  matchesFilter,
  needsAttention,
  NO_FILTER,
  sectionAt,
  sectionLabel,
  tally,
  type OverviewEntry,
} from '../../src/core/annotations/annotationOverview';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { joinLines } from '../support/util';

function entry(state: AnchorState, options: { status?: AnnotationStatus; unsaved?: boolean; tags?: string[]; author?: string; offered?: number } = {}): OverviewEntry {
  return {
    annotation: { status: options.status ?? 'open', tags: options.tags ?? [], author: options.author },
    resolution: { state, candidates: Array.from({ length: options.offered ?? 0 }, (_, index) => ({ start: index, end: index + 1 })) },
    unsaved: options.unsaved ?? false,
  };
}

/** What the status bar and the Annotations view count and show, without VS Code. */
describe('annotation overview', () => {
  describe('needs attention', () => {
    it('is orphaned, ambiguous, fuzzy or unsaved; anchored and moved are fine', () => {
      assert.deepEqual(
        (['anchored', 'moved', 'fuzzy', 'ambiguous', 'orphaned'] as const).map((state) => needsAttention(entry(state))),
        [false, false, true, true, true],
      );
      assert.equal(needsAttention(entry('anchored', { unsaved: true })), true);
    });

    it('includes resolved annotations whose passage is lost: the sidecar still points nowhere', () => {
      assert.equal(needsAttention(entry('orphaned', { status: 'resolved' })), true);
    });
  });

  describe('countAnnotations', () => {
    it('counts nothing in an empty manuscript', () => {
      const counts = countAnnotations([]);
      assert.equal(counts.total, 0);
      assert.equal(counts.needsAttention, 0);
      assert.equal(describeAttention(counts), '');
    });

    it('counts all, those needing attention and why, open and resolved', () => {
      const counts = countAnnotations([
        entry('anchored'),
        entry('moved', { status: 'resolved' }),
        entry('orphaned'),
        entry('orphaned', { status: 'resolved', offered: 1 }),
        entry('ambiguous', { offered: 2 }),
        entry('fuzzy'),
        entry('anchored', { unsaved: true }),
      ]);
      assert.deepEqual(counts, { total: 7, needsAttention: 5, orphaned: 2, offered: 1, ambiguous: 1, fuzzy: 1, unsaved: 1, open: 5, resolved: 2 });
      assert.equal(describeAttention(counts), '2 orphaned (1 with a place offered), 1 ambiguous, 1 with an edited passage, 1 not saved');
      assert.equal(describeAttention(countAnnotations([entry('orphaned')])), '1 orphaned');
    });

    it('counts an unsaved annotation once, as unsaved, whatever its anchor', () => {
      const counts = countAnnotations([entry('fuzzy', { unsaved: true })]);
      assert.equal(counts.needsAttention, 1);
      assert.equal(counts.unsaved, 1);
      assert.equal(counts.fuzzy, 0);
    });
  });

  describe('filters', () => {
    const ada = entry('anchored', { author: 'Ada Byron', tags: ['source-check', 'translation'] });
    const jens = entry('anchored', { author: 'Jens Holt', tags: ['translation'], status: 'resolved' });
    const nobody = entry('orphaned');

    it('lets everything through when there is no filter', () => {
      assert.equal(isFiltered(NO_FILTER), false);
      assert.equal(describeFilter(NO_FILTER), '');
      assert.ok([ada, jens, nobody].every((e) => matchesFilter(e, NO_FILTER)));
    });

    it('filters by status, tag and author together', () => {
      const filter = { status: 'open', tag: 'translation', author: undefined } as const;
      assert.equal(isFiltered(filter), true);
      assert.deepEqual([ada, jens, nobody].map((e) => matchesFilter(e, filter)), [true, false, false]);
      assert.deepEqual([ada, jens, nobody].map((e) => matchesFilter(e, { ...NO_FILTER, author: 'Jens Holt' })), [false, true, false]);
      assert.deepEqual([ada, jens, nobody].map((e) => matchesFilter(e, { ...NO_FILTER, status: 'resolved' })), [false, true, false]);
    });

    it('finds annotations without an author by the empty author', () => {
      assert.deepEqual([ada, jens, nobody].map((e) => matchesFilter(e, { ...NO_FILTER, author: '' })), [false, false, true]);
      assert.equal(describeFilter({ ...NO_FILTER, author: '' }), 'no author');
    });

    it('describes the filter in a few words', () => {
      assert.equal(describeFilter({ status: 'open', tag: 'source-check', author: 'Ada Byron' }), 'Open · #source-check · by Ada Byron');
      assert.equal(describeFilter({ ...NO_FILTER, status: 'resolved' }), 'Resolved');
    });

    it('tallies values most used first, then alphabetically', () => {
      assert.deepEqual(tally(['translation', 'source-check', 'translation', 'dates']), [
        { value: 'translation', count: 2 },
        { value: 'dates', count: 1 },
        { value: 'source-check', count: 1 },
      ]);
    });
  });

  describe('sectionAt', () => {
    const manuscript = parseManuscript(
      joinLines(
        'A dedication.', // 0
        '',
        'PART ONE', // 2
        '',
        'An epigraph line.', // 4
        '',
        '1. 1851 Spring: The Survey', // 6
        '',
        'First.', // 8
        '',
        'PART TWO', // 10
        '',
        '2. Summer', // 12
        '',
        'Second.', // 14
        '',
        '1. A Chapter Numbered Again', // 16
        '',
        'Third.', // 18
      ),
    );

    it('puts a line in its chapter, labelled with number and title', () => {
      const section = sectionAt(manuscript, 8);
      assert.equal(sectionLabel(section), '1. 1851 Spring: The Survey');
      assert.equal(section.line, 6);
      assert.equal(sectionLabel(sectionAt(manuscript, 6)), '1. 1851 Spring: The Survey', 'the heading belongs to its chapter');
    });

    it('tells chapters with the same number apart by their key', () => {
      assert.notEqual(sectionAt(manuscript, 8).key, sectionAt(manuscript, 18).key);
      assert.equal(sectionLabel(sectionAt(manuscript, 18)), '1. A Chapter Numbered Again');
    });

    it("puts a part's opening, before its first chapter, in the part", () => {
      assert.equal(sectionLabel(sectionAt(manuscript, 4)), 'PART ONE');
      assert.equal(sectionLabel(sectionAt(manuscript, 10)), 'PART TWO');
      assert.equal(sectionAt(manuscript, 10).kind, 'part');
    });

    it('puts what comes before everything in the front matter', () => {
      const section = sectionAt(manuscript, 0);
      assert.equal(section.kind, 'front');
      assert.equal(sectionLabel(section), 'Before the first chapter');
      assert.equal(sectionLabel(sectionAt(parseManuscript('Just prose, no chapters.'), 0)), 'Before the first chapter');
    });
  });
});
