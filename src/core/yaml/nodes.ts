import { isScalar, type Node, type Pair, type YAMLMap } from 'yaml';

/**
 * Reading the nodes `yaml` composes, the same way in every reader and writer: where a node is, a
 * pair's key, a map's pairs by key.
 */

/** Where a node is in the text it was read from: its start, the end of its value, the end of the node (with comments after it). */
export type NodeRange = readonly [start: number, valueEnd: number, nodeEnd: number];

/**
 * The range of a node read from a text. Every node a reader composes from text has one (`yaml`'s
 * composer and our readers alike); only a node made in code lacks it, and reaching one here is a
 * bug, said as such rather than read as offset `undefined`.
 */
export function nodeRange(node: Node | Pair['key']): NodeRange {
  const range = (node as { readonly range?: NodeRange | null } | null | undefined)?.range;
  if (!range) throw new Error('a YAML node without a place in the text: it was made in code, not read');
  return range;
}

/** The range of a pair's key (see `nodeRange`). */
export function keyRange(pair: Pair): NodeRange {
  return nodeRange(pair.key);
}

/** A pair's key when it is a string (a plain or quoted key), else undefined. */
export function keyName(pair: Pair): string | undefined {
  const key = pair.key as Node | null;
  return isScalar(key) && typeof key.value === 'string' ? key.value : undefined;
}

/** The first pair of each string key. */
export function pairsOf(map: YAMLMap): Map<string, Pair> {
  const pairs = new Map<string, Pair>();
  for (const pair of map.items) {
    const key = keyName(pair);
    if (key !== undefined && !pairs.has(key)) pairs.set(key, pair);
  }
  return pairs;
}

/** `pairsOf(map).get(key)`, without reading the other pairs. */
export function firstPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => keyName(pair) === key);
}
