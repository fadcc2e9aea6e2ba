import * as assert from 'node:assert/strict';
import type { Annotation } from '../../src/core/annotations/annotation';
import { describeTarget } from '../../src/core/anchoring/targets';
import { parseAnnotations } from '../../src/core/annotations/annotationYaml';
import { addAnnotation } from '../../src/core/annotations/annotationEdits';
import { remapEntityLinks } from '../../src/core/mentions/entityLinks';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { addPin, parsePins } from '../../src/core/mentions/pins';
import { joinLines } from '../support/util';

const text = joinLines('1. Sisters', '', 'Anna came home late, and Nadya was already asleep by the stove.', '');

function linked(id: string, quote: string, entities: string[]): Annotation {
  const start = text.indexOf(quote);
  return {
    id,
    target: describeTarget(text, parseManuscript(text), { start, end: start + quote.length }),
    body: `On ${quote}.`,
    tags: [],
    entities,
    author: 'Ada Byron',
    created: '2025-05-01T09:30:00Z',
    modified: undefined,
    status: 'open',
    replies: [],
  };
}

describe('entity links', () => {
  it('follow a merge: annotations and pins naming the merged entity name the kept one, and only their lines change', () => {
    let sidecar = addAnnotation('# The sisters\n', linked('aaaaaaaaaaaaa', 'Anna came home', ['anna-a', 'stove']));
    sidecar = addAnnotation(sidecar, linked('abbbbbbbbbbbb', 'already asleep', ['nadya']));
    const nadya = text.indexOf('Nadya');
    const pin = { entity: 'anna-a', target: describeTarget(text, parseManuscript(text), { start: nadya, end: nadya + 5 }) };
    sidecar = addPin(sidecar, pin);
    const merged = remapEntityLinks(sidecar, new Map([['anna-a', 'anna']]));
    assert.deepEqual(
      parseAnnotations(merged).annotations.map((entry) => [entry.annotation.id, entry.annotation.entities]),
      [
        ['aaaaaaaaaaaaa', ['anna', 'stove']],
        ['abbbbbbbbbbbb', ['nadya']],
      ],
    );
    assert.deepEqual(parsePins(merged).pins.map((entry) => entry.pin.entity), ['anna']);
    const changed = merged.split('\n').filter((line, index) => line !== sidecar.split('\n')[index]);
    assert.deepEqual(changed, ['    entities: [anna, stove]', '  - entity: anna']);
  });

  it('leave a sidecar with no link to the merged entity as it is, and refuse one that does not parse', () => {
    const sidecar = addAnnotation(undefined, linked('aaaaaaaaaaaaa', 'Anna came home', ['stove']));
    assert.equal(remapEntityLinks(sidecar, new Map([['anna-a', 'anna']])), sidecar);
    assert.throws(() => remapEntityLinks('annotations: [\n', new Map([['anna-a', 'anna']])), /does not parse/);
  });
});
