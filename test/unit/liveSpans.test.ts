import * as assert from 'node:assert/strict';
import { mapSpan, mapSpanThrough, type TextChange } from '../../src/core/annotations/liveSpans';

/** Applies a change to a text, to check spans against the text they should cover. */
function apply(text: string, change: TextChange): string {
  return text.slice(0, change.offset) + change.text + text.slice(change.offset + change.length);
}

describe('mapSpan', () => {
  const text = 'The harbour froze early that year.';
  const span = { start: 4, end: 17 }; // "harbour froze"
  const covered = (after: string, mapped: { start: number; end: number } | undefined) => mapped && after.slice(mapped.start, mapped.end);

  const cases: [string, TextChange, string | undefined][] = [
    ['typing before it moves it', { offset: 0, length: 0, text: 'Then ' }, 'harbour froze'],
    ['typing at its start stays outside', { offset: 4, length: 0, text: 'old ' }, 'harbour froze'],
    ['typing at its end stays outside', { offset: 17, length: 0, text: ' over' }, 'harbour froze'],
    ['typing inside grows it', { offset: 11, length: 0, text: ' nearly' }, 'harbour nearly froze'],
    ['deleting inside shrinks it', { offset: 11, length: 6, text: '' }, 'harbour'],
    ['typing after it leaves it', { offset: 20, length: 0, text: 'very ' }, 'harbour froze'],
    ['a typo fixed across its start keeps the word', { offset: 3, length: 5, text: ' Harb' }, ' Harbour froze'],
    ['a change across its end keeps the new text', { offset: 12, length: 11, text: 'thawed late' }, 'harbour thawed late'],
    ['deleting all of it removes it', { offset: 2, length: 20, text: '' }, undefined],
    ['replacing exactly it keeps the replacement', { offset: 4, length: 13, text: 'bay iced' }, 'bay iced'],
  ];
  for (const [name, change, expected] of cases) {
    it(name, () => {
      assert.equal(covered(apply(text, change), mapSpan(span, change)), expected);
    });
  }

  it('follows several changes of one edit, in the order reported (last first)', () => {
    const changes: TextChange[] = [
      { offset: 20, length: 0, text: '!' },
      { offset: 0, length: 0, text: '> ' },
    ];
    const after = changes.reduce(apply, text);
    assert.equal(covered(after, mapSpanThrough(span, changes)), 'harbour froze');
  });
});
