import { isAlias, isMap, isScalar, isSeq, type YamlAlias, type YamlDocument, type YamlNode } from './tree';

/**
 * Aliases (`*name`) followed safely: a file anyone can change may hold an "alias bomb", a few lines
 * whose aliases stand for billions of nodes. Nothing here expands an alias more than it must.
 */

/** An alias standing for more nodes than this is an "alias bomb", never a file someone wrote. */
export const MAX_ALIAS_EXPANSION = 10_000;

/** The first alias that stands for more than `MAX_ALIAS_EXPANSION` nodes, counted without expanding anything. */
export function aliasBomb(document: YamlDocument): YamlAlias | undefined {
  const sizes = new Map<YamlNode, number>();
  const sizeOf = (given: YamlNode | null | undefined, depth: number): number => {
    const node = isAlias(given) ? given.target : given;
    if (node === null || node === undefined) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (depth > 64) return Infinity;
    sizes.set(node, Infinity); // a node inside itself, through an alias, is infinite
    let size = 1;
    if (isMap(node)) {
      for (const pair of node.items) {
        size += sizeOf(pair.key, depth + 1) + sizeOf(pair.value, depth + 1);
        if (size > MAX_ALIAS_EXPANSION) break;
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        size += sizeOf(item, depth + 1);
        if (size > MAX_ALIAS_EXPANSION) break;
      }
    }
    sizes.set(node, size);
    return size;
  };
  return document.aliases.find((alias) => sizeOf(alias, 0) > MAX_ALIAS_EXPANSION);
}

/**
 * A node's plain value, as `yaml`'s `toJS` gives it (maps as objects keyed by their keys' text,
 * lists as arrays, aliases as what they stand for), or undefined when an alias cannot be followed:
 * it has no anchor, or more than `maxAliases` would be followed.
 */
export function plainValue(node: YamlNode | null, maxAliases: number): { readonly value: unknown } | undefined {
  let followed = 0;
  const valueOf = (given: YamlNode | null): unknown => {
    if (given === null) return null;
    if (isAlias(given)) {
      if (given.target === undefined || ++followed > maxAliases) throw new AliasNotFollowed();
      return valueOf(given.target);
    }
    if (isScalar(given)) return given.value;
    if (isSeq(given)) return given.items.map(valueOf);
    const object: Record<string, unknown> = {};
    for (const pair of given.items) object[String(valueOf(pair.key))] = valueOf(pair.value);
    return object;
  };
  try {
    return { value: valueOf(node) };
  } catch (error) {
    if (error instanceof AliasNotFollowed) return undefined;
    throw error;
  }
}

class AliasNotFollowed extends Error {}
