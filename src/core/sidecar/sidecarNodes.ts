/**
 * The fast reader's nodes (`sidecarReader.ts`): what `parseAnnotations` reads of yaml's, and no
 * more. yaml's own classes define their type on each instance, which for the 400,000 nodes of 5,000
 * annotations costs more than reading them; these carry it on their prototype, under the key yaml's `isMap`, `isSeq` and `isScalar` look up
 * (`Symbol.for`, so that nodes of any copy of yaml are recognised by any other). An imitation, kept
 * while the readers of annotations take yaml's nodes; `yaml` is pinned to an exact version for it.
 */

const NODE_TYPE = Symbol.for('yaml.node.type');
/** A place this reader does not know (see `FastNode`). */
export const UNKNOWN = -1;

/**
 * Where a node is, yaml's way: `range` is `[start, value end, node end]`, NaN where yaml would say
 * more than this reader knows (-1 here: small integers only, which V8 keeps in the object itself).
 */
export abstract class FastNode {
  valueEnd = UNKNOWN;
  nodeEnd = UNKNOWN;
  constructor(readonly start: number) {}

  get range(): [number, number, number] {
    return [this.start, this.valueEnd === UNKNOWN ? NaN : this.valueEnd, this.nodeEnd === UNKNOWN ? NaN : this.nodeEnd];
  }

  end(valueEnd: number, nodeEnd: number): this {
    this.valueEnd = valueEnd;
    this.nodeEnd = nodeEnd;
    return this;
  }
}

export class FastScalar extends FastNode {
  constructor(
    readonly value: unknown,
    start: number,
  ) {
    super(start);
  }
}

/** A pair of a map; its key's node is made when asked for (most are read once, by name), which spares 100,000 long-lived nodes. */
export class FastPair {
  constructor(
    private readonly name: string,
    private readonly keyStart: number,
    readonly value: FastNode,
  ) {}

  get key(): FastScalar {
    const end = this.keyStart + this.name.length;
    return scalar(this.name, this.keyStart, end, end);
  }
}

export class FastMap extends FastNode {
  readonly items: FastPair[] = [];
}

export class FastSeq extends FastNode {
  readonly items: FastNode[] = [];
  flow = false;
}

Object.defineProperty(FastScalar.prototype, NODE_TYPE, { value: Symbol.for('yaml.scalar') });
Object.defineProperty(FastPair.prototype, NODE_TYPE, { value: Symbol.for('yaml.pair') });
Object.defineProperty(FastMap.prototype, NODE_TYPE, { value: Symbol.for('yaml.map') });
Object.defineProperty(FastSeq.prototype, NODE_TYPE, { value: Symbol.for('yaml.seq') });

export function scalar(value: unknown, start: number, valueEnd: number, nodeEnd: number): FastScalar {
  return new FastScalar(value, start).end(valueEnd, nodeEnd);
}
