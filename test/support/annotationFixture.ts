/** Annotations as the tests of the review, the merge and the editor write them by hand. */
import * as assert from 'node:assert/strict';
import type { Annotation } from '../../src/core/annotations/annotation';
import { describeTarget } from '../../src/core/anchoring/targets';
import { parseManuscript } from '../../src/core/manuscript/parser';

/**
 * A maker of annotations by Ada Byron, each of the first occurrence of a quote in a text, anchored
 * as Marginalia anchors it; their ids are `stem` and a count, 13 characters in all.
 */
export function annotating(stem: string): (text: string, quote: string, fields?: Partial<Annotation>) => Annotation {
  let counter = 0;
  return (text, quote, fields = {}) => {
    const start = text.indexOf(quote);
    assert.ok(start >= 0, `“${quote}” in the text`);
    return {
      id: `${stem}${String(++counter).padStart(13 - stem.length, '0')}`,
      target: describeTarget(text, parseManuscript(text), { start, end: start + quote.length }),
      body: `On “${quote}”.`,
      tags: [],
      entities: [],
      author: 'Ada Byron',
      created: '2025-05-01T09:30:00Z',
      modified: undefined,
      status: 'open',
      replies: [],
      ...fields,
    };
  };
}
