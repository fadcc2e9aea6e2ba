import { scalar, type YamlNode, type YamlPair, type YamlScalar } from '../yaml/tree';

/**
 * A pair of a map as the fast reader (`sidecarReader.ts`) reads it: its key's node is made when
 * asked for (most keys are read once, by name), which spares 100,000 long-lived nodes in a
 * sidecar of 5,000 annotations.
 */
export class NamedPair implements YamlPair {
  constructor(
    private readonly name: string,
    private readonly keyStart: number,
    readonly value: YamlNode,
  ) {}

  get key(): YamlScalar {
    const end = this.keyStart + this.name.length;
    return scalar(this.name, this.keyStart, end, end);
  }
}
