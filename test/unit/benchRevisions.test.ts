import * as assert from 'node:assert/strict';
import { ChunkedText, RevisionTracker } from '../support/revisions';

describe('RevisionTracker (the anchoring benchmark’s ground truth)', () => {
  const text = 'Alpha beta gamma. Delta epsilon zeta. Eta theta iota.';
  const at = (quote: string) => ({ start: text.indexOf(quote), end: text.indexOf(quote) + quote.length });
  const slice = (tracker: RevisionTracker, index: number) => tracker.text.slice(tracker.spans[index].start, tracker.spans[index].end);

  it('shifts passages after an edit, leaves those before it, and edits the one it falls inside', () => {
    const tracker = new RevisionTracker(text, [at('Alpha beta'), at('epsilon'), at('theta iota')], 4);
    tracker.replace(text.indexOf('epsilon') + 1, text.indexOf('epsilon') + 2, 'P', 'typo');
    tracker.replace(0, 0, 'New sentence. ', 'insert at the start');
    assert.equal(slice(tracker, 0), 'Alpha beta');
    assert.equal(slice(tracker, 1), 'ePsilon');
    assert.equal(slice(tracker, 2), 'theta iota');
    assert.deepEqual(
      tracker.spans.map((span) => [span.edited, span.deleted, span.causes]),
      [
        [false, false, [1]],
        [true, false, [0]],
        [false, false, []],
      ],
    );
  });

  it('deletes a passage an edit covers whole, and keeps what is left of one it overlaps', () => {
    const tracker = new RevisionTracker(text, [at('Delta epsilon'), at('gamma. Delta')]);
    tracker.replace(text.indexOf('Delta'), text.indexOf('Eta'), '', 'delete the second sentence');
    assert.equal(tracker.spans[0].deleted, true);
    assert.equal(tracker.spans[1].deleted, false);
    assert.equal(tracker.spans[1].edited, true);
    assert.equal(slice(tracker, 1), 'gamma. ');
  });

  it('carries passages inside a moved block, in both directions', () => {
    const second = { start: text.indexOf('Delta'), end: text.indexOf('Eta') };
    const forward = new RevisionTracker(text, [at('epsilon'), at('Alpha'), at('theta')]);
    forward.move(second.start, second.end, text.length, 'move the second sentence to the end');
    assert.equal(forward.text, 'Alpha beta gamma. Eta theta iota.Delta epsilon zeta. ');
    assert.deepEqual([slice(forward, 0), slice(forward, 1), slice(forward, 2)], ['epsilon', 'Alpha', 'theta']);
    assert.deepEqual(
      forward.spans.map((span) => span.moved),
      [true, false, false],
    );

    const third = { start: text.indexOf('Eta'), end: text.length };
    const backward = new RevisionTracker(text, [at('iota'), at('beta'), at('zeta')]);
    backward.move(third.start, third.end, 0, 'move the last sentence to the start');
    assert.equal(backward.text, 'Eta theta iota.Alpha beta gamma. Delta epsilon zeta. ');
    assert.deepEqual([slice(backward, 0), slice(backward, 1), slice(backward, 2)], ['iota', 'beta', 'zeta']);
  });

  it('edits a passage a moved block leaves', () => {
    const tracker = new RevisionTracker(text, [{ start: 0, end: text.length }]);
    tracker.move(text.indexOf('Delta'), text.indexOf('Eta'), text.indexOf('beta'), 'reorder inside the passage');
    assert.equal(tracker.spans[0].edited, true);
    assert.equal(slice(tracker, 0), 'Alpha Delta epsilon zeta. beta gamma. Eta theta iota.');
  });
});

describe('ChunkedText (the benchmark’s text under revision)', () => {
  it('reads like the string it stands for, across chunk boundaries, edit after edit', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const int = (n: number) => Math.floor(random() * n);
    let plain = Array.from({ length: 12_000 }, (_, i) => (i % 9 === 8 ? '\n' : 'abcdé fgh’'[i % 10])).join('').repeat(8);
    const chunked = new ChunkedText(plain);
    for (let edit = 0; edit < 300; edit++) {
      const start = int(plain.length + 1);
      const end = Math.min(plain.length, start + (edit % 10 === 0 ? int(70_000) : int(40)));
      const insert = edit % 7 === 0 ? 'x\n'.repeat(int(30_000)) : 'yz'.slice(0, int(3));
      chunked.replace(start, end, insert);
      plain = plain.slice(0, start) + insert + plain.slice(end);
      assert.equal(chunked.length, plain.length);
      const at = int(plain.length);
      const to = Math.min(plain.length, at + int(50_000));
      assert.equal(chunked.slice(at, to), plain.slice(at, to));
      assert.equal(chunked.charAt(at), plain.charAt(at));
      assert.equal(chunked.indexOf('\n', at), plain.indexOf('\n', at));
      assert.equal(chunked.lastIndexOf('\n', at), plain.lastIndexOf('\n', at));
    }
    assert.equal(chunked.toString(), plain);
  });
});
