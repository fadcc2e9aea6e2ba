import * as assert from 'node:assert/strict';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { readRealManuscript } from '../support/util';

/** The real manuscript beside the repo, as our users receive such texts. */
describe('parseManuscript on the real manuscript', function () {
  let text: string;
  before(function () {
    text = readRealManuscript(this);
  });

  const parse = () => parseManuscript(text);

  it('finds the part, its epigraph and chapters 38 to 43', () => {
    const manuscript = parse();
    assert.deepEqual(manuscript.parts.map((p) => [p.title, p.line]), [['PART FIVE', 0]]);
    assert.equal(manuscript.epigraphs.length, 1);
    assert.equal(manuscript.epigraphs[0].dedicationLine, 2);
    assert.equal(manuscript.epigraphs[0].attributionLine, 52);
    assert.deepEqual(manuscript.chapters.map((c) => [c.number, c.line]), [
      [38, 54],
      [39, 113],
      [40, 225],
      [41, 359],
      [42, 418],
      [43, 498],
    ]);
  });

  it('finds every marker on its own unbroken sequence', () => {
    const manuscript = parse();
    const numbers = (kind: string) => manuscript.markers.filter((m) => m.kind === kind).map((m) => m.number);
    assert.deepEqual(numbers('endnote'), Array.from({ length: 25 }, (_, i) => 228 + i));
    assert.deepEqual(numbers('footnote'), Array.from({ length: 28 }, (_, i) => 157 + i));
    assert.equal(manuscript.problems.filter((p) => p.code.startsWith('marker-')).length, 0);
  });

  it('finds the editorial interpolations, none of them a marker', () => {
    const manuscript = parse();
    assert.equal(manuscript.interpolations.length, 16);
    assert.ok(manuscript.interpolations.every((i) => !/^\d+$/.test(i.text)));
  });

  it('flags the trailing conversion debris and the chapter openings that lost their opening quote', () => {
    const problems = parse().problems.map((p) => [p.code, p.range.start.line]);
    assert.deepEqual(problems, [
      ['unbalanced-quotes', 56],
      ['unbalanced-quotes', 420],
      ['unbalanced-quotes', 500],
      ['debris-foreign-script', 606],
    ]);
  });
});
