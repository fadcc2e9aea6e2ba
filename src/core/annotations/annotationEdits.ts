import { composeYaml } from '../yaml/compose';
import { isSeq } from '../yaml/tree';
import type { Annotation, AnnotationTarget } from './annotation';
import { lineAt, lineBoundaryAt, lineEndAfter, lineStartAt } from '../text/textLines';
import { readAnnotationsFast } from '../sidecar/sidecarReader';
import { type SidecarSource } from '../sidecar/sidecarText';
import { deepEqual } from '../text/deepEqual';
import { SidecarNotWritableError } from '../sidecar/sidecarFile';
import { keyRange, nodeRange } from '../yaml/nodes';
import { spliceLines } from '../yaml/splice';
import type { ItemExtent } from '../yaml/itemExtents';
import { Reader, silent } from './annotationItemReader';
import { normalized, renderItem } from './annotationRender';
import { AnnotationNotFoundError } from './annotationYaml';
import { itemOf, openWithYaml, openWritable, type Open, type Writable } from './annotationWritable';

/**
 * The edits of a sidecar's annotations: add, update, remove, retarget. Each splices the lines of the
 * items it changes and keeps every other byte (see `annotationYaml.ts`).
 */

function assertWritable(annotation: Annotation): void {
  if (!/^\S+$/.test(annotation.id)) throw new Error(`an annotation's id is one word, not “${annotation.id}”`);
  if (annotation.target.quote === '') throw new Error(`annotation ${annotation.id} has no quote: an annotation annotates some text`);
}

/**
 * A last guard before anything is written: each rendered item must read back as the annotation it
 * renders, and when the file has anchors, the whole text must still parse (an anchor written over
 * would leave its aliases dangling).
 */
function verified(writable: Writable, text: string, rendered: readonly { readonly text: string; readonly annotation: Annotation }[]): string {
  for (const item of rendered) {
    const document = composeYaml(item.text, { uniqueKeys: false, prettyErrors: true });
    if (document.errors.length > 0) {
      if (writable.anchors) continue; // an alias to an anchor outside the item: the whole text is checked below
      throw new Error(`annotation ${item.annotation.id} would be written as broken YAML (${document.errors[0].message.split('\n')[0]})`);
    }
    const seq = document.contents;
    const back = isSeq(seq) && seq.items.length === 1 ? new Reader(silent).item(seq.items[0]).annotation : undefined;
    if (!deepEqual(back, normalized(item.annotation))) {
      throw new Error(`annotation ${item.annotation.id} cannot be written as given: it would read back differently (check its fields' types)`);
    }
  }
  // The fast reader is sure only of texts yaml parses without error: yaml is asked only when it is not.
  if (writable.anchors && !(writable.fast && readAnnotationsFast(text))) {
    const document = composeYaml(text, { uniqueKeys: false, prettyErrors: true });
    if (document.errors.length > 0) {
      throw new SidecarNotWritableError(`this edit would break the sidecar (${document.errors[0].message.split('\n')[0]}): edit it by hand`);
    }
  }
  return text;
}

export function addAnnotation(text: SidecarSource | undefined, annotation: Annotation): string {
  return add(text, annotation, openWritable);
}

function add(text: SidecarSource | undefined, annotation: Annotation, open: Open): string {
  assertWritable(annotation);
  const writable = open(text);
  const { source, newline, list, items } = writable;
  if (items.some((item) => item.id === annotation.id)) throw new Error(`the sidecar already holds an annotation ${annotation.id}`);
  if (list.kind === 'items') {
    const dashColumn = items[0].extent.dashColumn;
    const item = renderItem(writable, annotation, undefined, dashColumn);
    const done = (result: string) => verified(writable, result, [{ text: item, annotation }]);
    const key = annotation.target.position;
    const next = items.find((other) => {
      const position = other.position;
      return position !== undefined && (position.line > key.line || (position.line === key.line && position.character > key.character));
    });
    const at = next ? next.extent.start : items[items.length - 1].extent.end;
    return done(spliceLines(source, at, at, item, newline));
  }
  if (list.kind !== 'none') throw new Error('unreachable');
  const item = renderItem(writable, annotation, undefined, 2);
  const done = (result: string) => verified(writable, result, [{ text: item, annotation }]);
  const pair = list.pair;
  if (pair) {
    // `annotations:` with nothing (or `[]`) after it: the list starts on the next line.
    const keyStart = keyRange(pair)[0];
    const value = pair.value;
    const keyLine = lineStartAt(source, keyStart);
    if (isSeq(value)) {
      const end = lineBoundaryAt(source, nodeRange(value)[1]);
      return done(spliceLines(source, keyLine, end, `${source.slice(keyLine, keyStart)}annotations:${newline}${item}`, newline));
    }
    const at = lineBoundaryAt(source, Math.max(keyStart + 1, value?.range?.[1] ?? 0));
    return done(spliceLines(source, at, at, item, newline));
  }
  const block = `annotations:${newline}${item}`;
  return done(spliceLines(source, source.length, source.length, block, newline));
}

/**
 * Returns the sidecar's text with the annotation of that id replaced: only that item's lines change,
 * and of those only the fields that changed; fields and comments we do not know stay.
 * Throws `AnnotationNotFoundError` when there is no such annotation (any more).
 */
export function updateAnnotation(text: SidecarSource, annotation: Annotation): string {
  return update(text, annotation, openWritable);
}

function update(text: SidecarSource, annotation: Annotation, open: Open): string {
  assertWritable(annotation);
  const writable = open(text);
  const item = itemOf(writable, annotation.id);
  if (!item) throw new AnnotationNotFoundError(`the sidecar holds no annotation ${annotation.id}`);
  const rendered = renderItem(writable, annotation, item, item.extent.dashColumn);
  return verified(writable, spliceItem(writable.source, item.extent, rendered), [{ text: rendered, annotation }]);
}

/** Returns the sidecar's text without the annotation of that id (unchanged when there is none). */
export function removeAnnotation(text: SidecarSource, id: string): string {
  return remove(text, id, openWritable);
}

function remove(text: SidecarSource, id: string, open: Open): string {
  const writable = open(text);
  const { source, items } = writable;
  const item = itemOf(writable, id) ?? items.find((candidate) => candidate.id === id);
  if (!item) return source;
  let { lineStart, end } = item.extent;
  // Items set apart by blank lines stay so: one blank line goes with the item.
  const blank = (at: number) => at < source.length && lineAt(source, at).trim() === '';
  if (lineStart > 0 && blank(lineStartAt(source, lineStart - 1)) && blank(end)) end = lineEndAfter(source, end);
  return verified(writable, source.slice(0, lineStart) + source.slice(end), []);
}

/**
 * Returns the sidecar's text with the targets of these annotations replaced ("Update Anchors"):
 * only their `target:` lines change. Ids the sidecar does not hold (any more) are passed over.
 */
export function updateTargets(text: SidecarSource, targets: ReadonlyMap<string, AnnotationTarget>): string {
  return retarget(text, targets, openWritable);
}

function retarget(text: SidecarSource, targets: ReadonlyMap<string, AnnotationTarget>, open: Open): string {
  const writable = open(text);
  const edits: { extent: ItemExtent; text: string; annotation: Annotation }[] = [];
  for (const [id, target] of targets) {
    const item = itemOf(writable, id);
    if (!item) continue;
    const annotation = { ...item.read.annotation!, target };
    assertWritable(annotation);
    edits.push({ extent: item.extent, text: renderItem(writable, annotation, item, item.extent.dashColumn), annotation });
  }
  if (edits.length === 0) return writable.source;
  const pieces: string[] = [];
  let done = 0;
  for (const edit of [...edits].sort((a, b) => a.extent.lineStart - b.extent.lineStart)) {
    pieces.push(writable.source.slice(done, edit.extent.lineStart), itemReplacement(writable.source, edit.extent, edit.text));
    done = edit.extent.end;
  }
  pieces.push(writable.source.slice(done));
  return verified(writable, pieces.join(''), edits);
}

/**
 * The four edits with the sidecar parsed by `yaml` alone, as they were before the fast path: the
 * baseline that the differential test holds the edits to, byte for byte, and that the benchmark
 * times them against.
 */
export const annotationEditsWithYaml = {
  addAnnotation: (text: SidecarSource | undefined, annotation: Annotation): string => add(text, annotation, openWithYaml),
  updateAnnotation: (text: SidecarSource, annotation: Annotation): string => update(text, annotation, openWithYaml),
  removeAnnotation: (text: SidecarSource, id: string): string => remove(text, id, openWithYaml),
  updateTargets: (text: SidecarSource, targets: ReadonlyMap<string, AnnotationTarget>): string => retarget(text, targets, openWithYaml),
};

/** Replaces an item's lines (from its `-` line to its end) with `text`. */
function spliceItem(source: string, extent: ItemExtent, text: string): string {
  return source.slice(0, extent.lineStart) + itemReplacement(source, extent, text) + source.slice(extent.end);
}

/** An item's new text, without a final line break where the old one (at the end of the file) had none. */
function itemReplacement(source: string, extent: ItemExtent, text: string): string {
  return source[extent.end - 1] === '\n' ? text : text.replace(/\r?\n$/, '');
}


