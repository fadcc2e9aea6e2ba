/**
 * Our YAML tree: what every reader of a sidecar reads, whichever reader made it — the sidecar's
 * fast line reader (`sidecar/sidecarReader.ts`) or `yaml`'s composer, converted once
 * (`composeYaml`). Small on purpose: where a node is, a scalar's value, a collection's items, the
 * anchors and aliases; nothing of `yaml`'s classes, so that no reader depends on how `yaml` builds
 * its nodes, and a reader of the tree cannot tell which reader made it.
 */

/** Where a node is in the text it was read from: its start, the end of its value, the end of the node (with comments after it). */
export type NodeRange = readonly [start: number, valueEnd: number, nodeEnd: number];

/** An end a reader does not know (the fast reader, where `yaml` would say where its comments end): NaN in `range`. */
export const UNKNOWN = -1;

/**
 * A node's place, kept as three small integers (which V8 stores in the object itself: a sidecar
 * of 5,000 annotations has 400,000 nodes); `range` makes the tuple when asked.
 */
abstract class TreeNode {
  valueEnd = UNKNOWN;
  nodeEnd = UNKNOWN;
  /** The anchor (`&name`) set on the node; only `yaml`'s nodes can have one. */
  declare anchor?: string;

  constructor(readonly start: number) {}

  get range(): NodeRange {
    return [this.start, this.valueEnd === UNKNOWN ? NaN : this.valueEnd, this.nodeEnd === UNKNOWN ? NaN : this.nodeEnd];
  }

  end(valueEnd: number, nodeEnd: number): this {
    this.valueEnd = valueEnd;
    this.nodeEnd = nodeEnd;
    return this;
  }
}

export class YamlScalar extends TreeNode {
  /** The scalar as written, where `yaml` keeps it (a number's digits, `007`). */
  declare source?: string;

  constructor(
    readonly value: unknown,
    start: number,
  ) {
    super(start);
  }
}

/** A pair of a map. Its key is a node (usually a string scalar); either side may be missing (`? a`, `: b`). */
export interface YamlPair {
  readonly key: YamlNode | null;
  readonly value: YamlNode | null;
}

export class YamlMap extends TreeNode {
  readonly items: YamlPair[] = [];
  flow = false;
}

export class YamlSeq extends TreeNode {
  readonly items: YamlNode[] = [];
  flow = false;
}

/** `*name`: its target is the last node anchored `&name` before it, or undefined when there is none. */
export class YamlAlias extends TreeNode {
  target: YamlNode | undefined;

  constructor(
    readonly source: string,
    start: number,
  ) {
    super(start);
  }
}

export type YamlNode = YamlScalar | YamlMap | YamlSeq | YamlAlias;

/** A YAML error or warning: `yaml`'s code and message, and where it is (`[start, end]` offsets). */
export interface YamlProblem {
  readonly code: string;
  readonly message: string;
  readonly pos: readonly [number, number];
}

/** A text read as one YAML document. */
export interface YamlDocument {
  /** Null for an empty document. */
  readonly contents: YamlNode | null;
  /** Why the text is not YAML; then `contents` is what could be read and must not be trusted. */
  readonly errors: readonly YamlProblem[];
  readonly warnings: readonly YamlProblem[];
  /** The document's aliases, in the order of the text. */
  readonly aliases: readonly YamlAlias[];
}

export function isMap(node: unknown): node is YamlMap {
  return node instanceof YamlMap;
}

export function isSeq(node: unknown): node is YamlSeq {
  return node instanceof YamlSeq;
}

export function isScalar(node: unknown): node is YamlScalar {
  return node instanceof YamlScalar;
}

export function isAlias(node: unknown): node is YamlAlias {
  return node instanceof YamlAlias;
}

/** A scalar read from `start` to `valueEnd`, its node ending at `nodeEnd`. */
export function scalar(value: unknown, start: number, valueEnd: number, nodeEnd: number): YamlScalar {
  return new YamlScalar(value, start).end(valueEnd, nodeEnd);
}
