import * as assert from 'node:assert/strict';
import { composeYaml } from '../../src/core/yaml/compose';
import { firstPair, valueAt } from '../../src/core/yaml/nodes';
import { isAlias, isMap, isScalar, isSeq, type YamlNode } from '../../src/core/yaml/tree';
import { readAnnotationsFast } from '../../src/core/sidecar/sidecarReader';
import { SIDECAR_CASES, variants } from '../support/sidecarSamples';

/** A node as plain data: its kind, place (NaN where the reader does not know it), value or items. */
function plain(node: YamlNode | null): unknown {
  if (node === null) return null;
  const [start, valueEnd, nodeEnd] = node.range;
  const place = { start, valueEnd, nodeEnd };
  if (isScalar(node)) return { scalar: node.value, ...place };
  if (isAlias(node)) return { alias: node.source, ...place };
  if (isSeq(node)) return { seq: node.items.map(plain), flow: node.flow, ...place };
  return { map: node.items.map((pair) => [plain(pair.key), plain(pair.value)]), flow: node.flow, ...place };
}

/** The same, without the ends the fast reader leaves unknown (NaN): compared where it knows them. */
function known(fast: unknown, composed: unknown): unknown {
  if (Array.isArray(fast) && Array.isArray(composed)) return fast.map((item, index) => known(item, composed[index]));
  if (fast === null || typeof fast !== 'object' || composed === null || typeof composed !== 'object') return composed;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(composed)) {
    const mine = (fast as Record<string, unknown>)[key];
    result[key] = typeof mine === 'number' && Number.isNaN(mine) ? NaN : known(mine, value);
  }
  return result;
}

describe('the YAML tree', () => {
  it('composes any YAML into our nodes, with the places yaml gives', () => {
    const text = 'a: 1\nb: [x, "y"]\nc:\n  - d: |\n      text\n';
    const document = composeYaml(text, { uniqueKeys: true });
    assert.deepEqual(document.errors, []);
    const b = valueAt(document.contents, ['b']);
    assert.ok(isSeq(b) && b.flow);
    assert.deepEqual(b.items.map((item) => (isScalar(item) ? item.value : undefined)), ['x', 'y']);
    assert.equal(text.slice(b.range[0], b.range[1]), '[x, "y"]');
    const c = valueAt(document.contents, ['c']);
    assert.ok(isSeq(c) && !c.flow && isMap(c.items[0]));
    const d = firstPair(c.items[0], 'd')?.value;
    assert.ok(isScalar(d) && d.value === 'text\n');
    assert.equal(valueAt(document.contents, ['a', 'nothing']), undefined, 'a path through a scalar leads nowhere');
  });

  it('keeps a number as written beside its value', () => {
    const value = valueAt(composeYaml('id: 007\n', { uniqueKeys: true }).contents, ['id']);
    assert.ok(isScalar(value));
    assert.deepEqual([value.value, value.source], [7, '007']);
  });

  it('points each alias at the node anchored last before it, and lists the aliases', () => {
    const document = composeYaml('a: &x [1]\nb: *x\nc: &x 2\nd: *x\ne: *nowhere\n', { uniqueKeys: false });
    const [b, d, e] = ['b', 'd', 'e'].map((key) => valueAt(document.contents, [key]));
    assert.ok(isAlias(b) && isAlias(d) && isAlias(e));
    assert.equal(b.target, valueAt(document.contents, ['a']));
    assert.ok(isScalar(d.target) && d.target.value === 2);
    assert.equal(e.target, undefined);
    assert.deepEqual(document.aliases, [b, d, e]);
  });

  it('reports what does not parse with its offsets, and its line when asked', () => {
    const text = 'a: 1\nb: [2\n';
    const plainErrors = composeYaml(text, { uniqueKeys: true }).errors;
    assert.ok(plainErrors.length > 0);
    assert.ok(plainErrors[0].pos[0] >= text.indexOf('['), `the error points into the flow list: ${JSON.stringify(plainErrors[0])}`);
    assert.doesNotMatch(plainErrors[0].message, /at line/);
    assert.match(composeYaml(text, { uniqueKeys: true, prettyErrors: true }).errors[0].message, /at line \d+, column \d+/);
    assert.equal(composeYaml('a: 1\na: 2\n', { uniqueKeys: true }).errors.length, 1, 'a key given twice');
    assert.equal(composeYaml('a: 1\na: 2\n', { uniqueKeys: false }).errors.length, 0);
  });

  // The fast reader makes the tree yaml's composer makes, node by node: the same kinds, values and places.
  for (const [name, text, sure] of SIDECAR_CASES) {
    if (!sure) continue;
    it(`the fast reader's tree is composeYaml's for ${name}`, () => {
      for (const variant of [text, ...variants(text)]) {
        const fast = readAnnotationsFast(variant);
        assert.ok(fast, 'the fast reader is sure of it');
        const section = isMap(fast.document.contents) ? firstPair(fast.document.contents, 'annotations') : undefined;
        const composed = composeYaml(variant, { uniqueKeys: false });
        const composedSection = isMap(composed.contents) ? firstPair(composed.contents, 'annotations') : undefined;
        assert.equal(section === undefined, composedSection === undefined, 'both have annotations, or neither');
        if (!section || !composedSection) continue;
        const items = (node: YamlNode | null) => (isSeq(node) ? node.items.map(plain) : []);
        const fastItems = items(section.value);
        assert.deepEqual(fastItems, known(fastItems, items(composedSection.value)), `the trees differ on ${JSON.stringify(variant)}`);
      }
    });
  }
});
