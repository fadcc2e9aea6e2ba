import { composeYaml } from '../yaml/compose';
import type { YamlDocument } from '../yaml/tree';
import { readAnnotationsFast, type FastSidecar } from './sidecarReader';

/**
 * One sidecar's text and what has been read of it, each read at most once: the fast reader's
 * annotations and notes (`fast`), and `yaml`'s document (`document`, only when asked: the fast
 * reader was not sure, or a caller reads through `yaml` alone). Reading a sidecar's notes, then its
 * annotations, then editing it reads the same text three times; whoever holds the text passes this
 * instead of the string, so the text is parsed once. Nothing here modifies what it read.
 */
export class SidecarText {
  private fastRead: { readonly result: FastSidecar | undefined } | undefined;
  private yamlDocument: YamlDocument | undefined;

  constructor(readonly text: string) {}

  /** `readAnnotationsFast(text)`: undefined when the fast reader is not sure of the text. */
  get fast(): FastSidecar | undefined {
    this.fastRead ??= { result: readAnnotationsFast(this.text) };
    return this.fastRead.result;
  }

  /** The whole text composed by `yaml` (`composeYaml`). */
  get document(): YamlDocument {
    this.yamlDocument ??= composeYaml(this.text, { uniqueKeys: false });
    return this.yamlDocument;
  }
}

/** A sidecar's text, or the text with what has been read of it (see `SidecarText`). */
export type SidecarSource = string | SidecarText;

/** The source as a `SidecarText`: the one given, or a new one that has read nothing yet. */
export function sidecarText(source: SidecarSource): SidecarText {
  return typeof source === 'string' ? new SidecarText(source) : source;
}
