import { isMap, isScalar, type NodeRange, type YamlMap, type YamlNode, type YamlPair } from './tree';

/**
 * Reading our YAML tree (`tree.ts`) the same way in every reader and writer: where a node is, a
 * pair's key, a map's pairs by key.
 */

/**
 * The range of a node. A missing node (a pair without a key or a value) has none, and reaching
 * one here is a bug, said as such rather than read as offset `undefined`.
 */
export function nodeRange(node: YamlNode | null | undefined): NodeRange {
  if (!node) throw new Error('a YAML node that is not there has no place in the text');
  return node.range;
}

/** The range of a pair's key (see `nodeRange`). */
export function keyRange(pair: YamlPair): NodeRange {
  return nodeRange(pair.key);
}

/** A pair's key when it is a string (a plain or quoted key), else undefined. */
export function keyName(pair: YamlPair): string | undefined {
  const key = pair.key;
  return isScalar(key) && typeof key.value === 'string' ? key.value : undefined;
}

/** The first pair of each string key. */
export function pairsOf(map: YamlMap): Map<string, YamlPair> {
  const pairs = new Map<string, YamlPair>();
  for (const pair of map.items) {
    const key = keyName(pair);
    if (key !== undefined && !pairs.has(key)) pairs.set(key, pair);
  }
  return pairs;
}

/** `pairsOf(map).get(key)`, without reading the other pairs. */
export function firstPair(map: YamlMap, key: string): YamlPair | undefined {
  return map.items.find((pair) => keyName(pair) === key);
}

/**
 * The value under a path of keys through nested maps (the first pair of each key): undefined when
 * a key is missing or a step is not a map, null for a pair without a value.
 */
export function valueAt(node: YamlNode | null, path: readonly string[]): YamlNode | null | undefined {
  let at: YamlNode | null | undefined = node;
  for (const key of path) {
    if (!isMap(at)) return undefined;
    const pair = firstPair(at, key);
    if (!pair) return undefined;
    at = pair.value;
  }
  return at;
}
