import { isMap, isScalar, type YamlNode, type YamlSeq } from '../yaml/tree';
import type { AnnotationTarget } from './annotation';
import { sidecarText, type SidecarSource } from '../sidecar/sidecarText';
import { SidecarNotWritableError } from '../sidecar/sidecarFile';
import { hasConflictMarkers } from '../yaml/syntax';
import { firstPair } from '../yaml/nodes';
import { newlineOf } from '../text/textLines';
import { afterKey, itemExtentAlone, itemExtents, type ItemExtent } from '../yaml/itemExtents';
import { Reader, silent, type ItemRead } from './annotationItemReader';
import { annotationsList, type AnnotationsList } from './annotationYaml';
import { aliasBomb } from '../yaml/aliases';

/**
 * A sidecar opened for an edit of its annotations: its list and items, each read only when an edit
 * asks for it. Edits throw `SidecarNotWritableError` for a sidecar that must not be written.
 */

export interface Writable {
  readonly source: string;
  readonly newline: string;
  readonly list: AnnotationsList;
  /** When the list has items: each with its id, and (worked out when first asked) its extent and the rest. */
  readonly items: readonly WritableItem[];
  /** The text has anchors (`&name`): an edit could drop one that an alias elsewhere needs. */
  readonly anchors: boolean;
  /** Opened through the fast reader: then a text it is sure of is a text `yaml` parses without error. */
  readonly fast: boolean;
}

/** The list an edit reads items of. */
interface WritableList {
  readonly source: string;
  readonly seq: YamlSeq;
  readonly floor: number;
  readonly reader: Reader;
  /** Every item's extent, when worked out for all at once (`itemExtentAlone` otherwise). */
  readonly extents: readonly ItemExtent[] | undefined;
}

/** An item of the list, with its id: its extent and the rest are worked out when first asked for. */
export class WritableItem {
  private knownExtent: ItemExtent | undefined;
  private knownRead: ItemRead | undefined;

  constructor(
    private readonly list: WritableList,
    private readonly index: number,
    readonly node: YamlNode,
    readonly id: string | undefined,
  ) {}

  get extent(): ItemExtent {
    const { source, seq, floor, extents } = this.list;
    return (this.knownExtent ??= extents ? extents[this.index] : itemExtentAlone(source, seq, this.index, floor));
  }

  get read(): ItemRead {
    return (this.knownRead ??= this.list.reader.item(this.node));
  }

  /** `read.annotation?.target.position`, reading no more than it needs. */
  get position(): AnnotationTarget['position'] | undefined {
    return this.knownRead ? this.knownRead.annotation?.target.position : this.list.reader.position(this.node);
  }
}

/** How the edits open a sidecar's text; they throw `SidecarNotWritableError` when it must not be written. */
export type Open = (source: SidecarSource | undefined) => Writable;

/**
 * A sidecar opened for an edit through the fast reader when it is sure of the text (already read
 * when the caller passes the `SidecarText` the editor has just read), which means that the whole text parses: then an
 * edit reads only the items it needs, not the file. Otherwise through `yaml`.
 */
export function openWritable(source: SidecarSource | undefined): Writable {
  const sidecar = sidecarText(source ?? '');
  // The fast reader is never sure of a text with git conflict markers: `openWithYaml` refuses those.
  const document = sidecar.fast?.document;
  const list = document && annotationsList(document);
  // An `annotations:` without items: the fast reader does not place its value as yaml does (it never
  // reads where it is), and adding the first item reads it. No big file to save a parse of, either.
  if (!list || (list.kind === 'none' && list.pair)) return openWithYaml(sidecar);
  return writable(sidecar.text, list, new Reader(silent), true);
}

/** A sidecar opened for an edit through `yaml` alone, the whole text parsed. */
export function openWithYaml(given: SidecarSource | undefined): Writable {
  const sidecar = sidecarText(given ?? '');
  const source = sidecar.text;
  if (hasConflictMarkers(source)) throw new SidecarNotWritableError('the sidecar holds git conflict markers: resolve them first');
  const document = sidecar.document;
  if (document.errors.length > 0) {
    throw new SidecarNotWritableError(`the sidecar does not parse (${document.errors[0].message.split('\n')[0]}): fix it first`);
  }
  const bomb = aliasBomb(document);
  if (bomb) throw new SidecarNotWritableError(`the alias *${bomb.source} in the sidecar stands for too many nodes: remove it first`);
  return writable(source, annotationsList(document), new Reader(silent), false);
}

function writable(source: string, list: AnnotationsList, reader: Reader, fast: boolean): Writable {
  if (list.kind === 'bad') throw new SidecarNotWritableError(`${list.message.replace(/\.$/, '')}: fix it by hand first`);
  const items: WritableItem[] = [];
  if (list.kind === 'items') {
    const { seq } = list;
    const floor = afterKey(source, list.pair);
    const context: WritableList = { source, seq, floor, reader, extents: fast ? undefined : itemExtents(source, seq, floor, source.length) };
    seq.items.forEach((item, index) => {
      const node = item;
      const map = reader.node(node);
      const idNode = isMap(map) ? reader.node(firstPair(map, 'id')?.value) : null;
      const id = isScalar(idNode) && typeof idNode.value === 'string' ? idNode.value : undefined;
      items.push(new WritableItem(context, index, node, id));
    });
  }
  return { source, newline: newlineOf(source), list, items, anchors: source.includes('&'), fast };
}

/** The item an edit of `id` applies to: the first usable one with that id, as `parseAnnotations` reads. */
export function itemOf(writable: Writable, id: string): WritableItem | undefined {
  return writable.items.find((item) => item.id === id && item.read.annotation !== undefined);
}

/** An annotation that could not be read back as given is refused, not written. */
