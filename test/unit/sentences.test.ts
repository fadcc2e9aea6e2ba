import * as assert from 'node:assert/strict';
import { sentenceBreaks } from '../../src/core/text/sentences';

/** The sentences of `text`, as the breaks cut it. */
function sentencesOf(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const item of sentenceBreaks(text)) {
    sentences.push(text.slice(start, item.end));
    start = item.next;
  }
  sentences.push(text.slice(start));
  return sentences;
}

describe('sentence breaks', () => {
  it('end a sentence at a full stop, question or exclamation mark or ellipsis followed by a space and no lowercase letter', () => {
    assert.deepEqual(sentencesOf('The boat came in. Was it late? It was! Then… “Nobody knew.” 1848 was cold.'), [
      'The boat came in.',
      'Was it late?',
      'It was!',
      'Then…',
      '“Nobody knew.”',
      '1848 was cold.',
    ]);
  });

  it('keep closing quotes, brackets and note markers with the sentence they end', () => {
    assert.deepEqual(sentencesOf('He said “go.”{228} She went (at once.)[157] Then she slept.'), ['He said “go.”{228}', 'She went (at once.)[157]', 'Then she slept.']);
  });

  it('do not end a sentence after an initial or a title, or before a lowercase word', () => {
    assert.deepEqual(sentencesOf('V. I. Lenin met Mr. Kroon and Dr. Halloran in St. Petersburg. “Go!” she said. It was late.'), [
      'V. I. Lenin met Mr. Kroon and Dr. Halloran in St. Petersburg.',
      '“Go!” she said.',
      'It was late.',
    ]);
  });

  it('end a sentence at every line break, blank lines and CRLF included, with where each ends and the next begins', () => {
    const text = 'PART ONE\r\n\r\n1. Spring\n\nThe ice broke late';
    assert.deepEqual(sentenceBreaks(text), [
      { end: 8, next: 12, line: true },
      { end: 21, next: 23, line: true },
    ]);
    assert.deepEqual(sentencesOf(text), ['PART ONE', '1. Spring', 'The ice broke late']);
  });

  it('look only between the given offsets, reporting offsets in the whole text', () => {
    const text = 'One. Two. Three. Four.';
    assert.deepEqual(
      sentenceBreaks(text, 5, 17).map((item) => text.slice(item.next)),
      ['Three. Four.'],
    );
  });
});
