import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { UNKNOWN, YamlAlias, YamlMap, YamlScalar, YamlSeq, type YamlDocument, type YamlNode, type YamlProblem } from '../../src/core/yaml/tree';
import type { ComposeOptions } from '../../src/core/yaml/compose';

/**
 * The tree `yaml`'s own composer makes of a text (its `parseDocument`, turned into our nodes): the
 * oracle our composer (`src/core/yaml/compose.ts`, on `yaml`'s CST alone) is compared with, node by
 * node and error by error, in `test/unit/composeDifferential.test.ts`.
 */

export function composeWithYamlLibrary(text: string, options: ComposeOptions): YamlDocument {
  // YAML 1.1's tags (!!binary, !!timestamp, !!set, !!omap, !!pairs) unresolved, as our composer
  // leaves them on purpose: a warning, the text kept (yaml resolves them by default).
  const document = parseDocument(text, { uniqueKeys: options.uniqueKeys, prettyErrors: options.prettyErrors ?? false, resolveKnownTags: false });
  const anchors = new Map<string, YamlNode>();
  const aliases: YamlAlias[] = [];

  // In the order of the text, so that an alias finds the anchor set last before it (an anchor may
  // be set again further on), as YAML reads it.
  const convert = (node: Node): YamlNode => {
    const converted = convertShallow(node);
    if (node.anchor) {
      converted.anchor = node.anchor;
      anchors.set(node.anchor, converted);
    }
    if (isAlias(node)) {
      const alias = converted as YamlAlias;
      alias.target = anchors.get(node.source);
      aliases.push(alias);
    } else if (isMap(node)) {
      const map = converted as YamlMap;
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        map.items.push({ key: key === null ? null : convert(key), value: value === null ? null : convert(value) });
      }
    } else if (isSeq(node)) {
      const seq = converted as YamlSeq;
      for (const item of node.items) seq.items.push(convert(item as Node));
    }
    return converted;
  };

  const contents = document.contents as Node | null;
  return {
    contents: contents === null ? null : convert(contents),
    errors: document.errors.map(problemOf),
    warnings: document.warnings.map(problemOf),
    aliases,
  };
}

/** The node without its items, placed where `yaml` placed it. */
function convertShallow(node: Node): YamlNode {
  const [start, valueEnd, nodeEnd] = node.range ?? [UNKNOWN, UNKNOWN, UNKNOWN];
  if (isAlias(node)) return new YamlAlias(node.source, start).end(valueEnd, nodeEnd);
  if (isScalar(node)) {
    const scalar = new YamlScalar(node.value, start).end(valueEnd, nodeEnd);
    if (typeof node.source === 'string') scalar.source = node.source;
    return scalar;
  }
  const collection = isMap(node) ? new YamlMap(start) : new YamlSeq(start);
  collection.flow = Boolean(node.flow);
  return collection.end(valueEnd, nodeEnd);
}

function problemOf(problem: { readonly code: string; readonly message: string; readonly pos: [number, number] }): YamlProblem {
  return { code: problem.code, message: problem.message, pos: problem.pos };
}
