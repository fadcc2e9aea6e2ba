import * as assert from 'node:assert/strict';
import { chapterHeadingTokens } from '../../src/core/manuscript/headingTokens';
import { parseManuscript, splitLines } from '../../src/core/manuscript/parser';
import { DECREE_CHAPTERS, SUMMARY_BOOKS } from '../support/bookTexts';

const tokensOf = (text: string) => {
  const lines = splitLines(text);
  return chapterHeadingTokens(parseManuscript(text), (line) => lines[line]).map((t) => [t.line, lines[t.line].slice(t.character, t.character + t.length), t.type]);
};

describe('chapterHeadingTokens', () => {
  it('colours the chapter headings and not the numbered points of a decree', () => {
    assert.deepEqual(tokensOf(DECREE_CHAPTERS), [
      [2, '4.', 'chapterNumber'],
      [2, ' The Harbour Ordinance', 'chapterHeading'],
      [16, '5.', 'chapterNumber'],
      [16, ' A Winter of Petitions', 'chapterHeading'],
    ]);
  });

  it('colours a long summary heading around its marker, which keeps its own colour', () => {
    const tokens = tokensOf(SUMMARY_BOOKS).filter(([line]) => line === 4);
    assert.equal(tokens.length, 2);
    assert.equal(tokens[0][1], '1.');
    assert.match(String(tokens[1][1]), /^ How The Surveyor .* Could Be Drawn\.$/);
  });
});
