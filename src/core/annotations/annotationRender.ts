import { flowList, keyedScalar } from '../yaml/write';
import { isSeq, type YamlMap, type YamlPair } from '../yaml/tree';
import type { Annotation, AnnotationTarget, Reply } from './annotation';
import { lineAt, lineBoundaryAt, lineEndAfter, lineStartAt, newlineOf } from '../text/textLines';
import { deepEqual } from '../text/deepEqual';
import { SidecarNotWritableError } from '../sidecar/sidecarFile';
import { keyName, keyRange, nodeRange } from '../yaml/nodes';
import { lineBreakEnded } from '../yaml/splice';
import { afterKey, commentColumn, itemExtents, type ItemExtent } from '../yaml/itemExtents';
import type { ItemRead, ReplyRead } from './annotationItemReader';
import type { Writable, WritableItem } from './annotationWritable';

const TARGET_KEYS = ['quote', 'prefix', 'suffix', 'chapter', 'line', 'character'] as const;
const REPLY_KEYS = ['id', 'author', 'created', 'body'] as const;

/**
 * Writing an annotation as YAML: a new item, or an item re-rendered in place, where a field whose
 * value did not change keeps its bytes (comments, unknown fields, layout).
 */

/** The annotation's fields, and nothing else, as reading gives them. */
export function normalized(a: Annotation): Annotation {
  const { quote, prefix, suffix, chapter, position } = a.target;
  return {
    id: a.id,
    target: { quote, prefix, suffix, chapter, position: { line: position.line, character: position.character } },
    body: a.body,
    tags: [...a.tags],
    entities: [...a.entities],
    author: a.author,
    created: a.created,
    modified: a.modified,
    status: a.status,
    replies: a.replies.map(({ id, author, created, body }) => ({ id, author, created, body })),
  };
}

/**
 * Returns the sidecar's text with the annotation added (a new sidecar when `text` is undefined or
 * empty), in document order: before the first annotation whose passage starts after its own.
 * Every other byte is unchanged; `notes:` and anything else are left alone.

/** How one field of a map is written, and whether the file already says it. */
interface FieldSpec {
  readonly key: string;
  /** The field's line(s) at `indent`, ending with a line break, or undefined to leave it out. */
  render(indent: string, original: YamlPair | undefined): string | undefined;
  /**
   * Whether the file already says this: then a pair's bytes are kept, and a field the file leaves
   * out (reading as its default) stays out.
   */
  unchanged(): boolean;
}

/** A map to re-render in place: its region of the text is `[regionStart, regionEnd)`. */
interface Original {
  readonly map: YamlMap;
  readonly regionStart: number;
  readonly regionEnd: number;
  /** For a list item: the column of its `-` on the region's first line. */
  readonly dashColumn?: number;
}

export function renderItem(writable: Writable, annotation: Annotation, item: WritableItem | undefined, dashColumn: number): string {
  const map = item?.read.map;
  if (item && !map) throw new SidecarNotWritableError(`annotation ${annotation.id} is not written as a plain map (an alias?): edit it by hand`);
  // Nothing changed: the item keeps its bytes, whatever its layout or key order.
  if (item && deepEqual(item.read.annotation, normalized(annotation))) return writable.source.slice(item.extent.lineStart, item.extent.end);
  const original: Original | undefined =
    item && map ? { map, regionStart: item.extent.lineStart, regionEnd: item.extent.end, dashColumn } : undefined;
  const text = renderMap(writable, original, annotationSpecs(writable, annotation, item?.read), dashColumn + 2);
  return original ? text : placeDash(text, dashColumn);
}

function same(valid: Map<string, unknown>, key: string, value: unknown): boolean {
  return valid.has(key) && deepEqual(valid.get(key), value);
}

function annotationSpecs(writable: Writable, annotation: Annotation, read: ItemRead | undefined): FieldSpec[] {
  const { newline } = writable;
  const valid = read?.valid ?? new Map<string, unknown>();
  const scalar = (key: string, value: string | undefined, block = false): FieldSpec => ({
    key,
    render: (indent) => (value === undefined || (block && value === '') ? undefined : keyedScalar(key, value, indent, newline, block ? 'block' : 'plain')),
    unchanged: () => same(valid, key, value),
  });
  const list = (key: 'tags' | 'entities'): FieldSpec => ({
    key,
    render: (indent) => (annotation[key].length === 0 ? undefined : renderFlowList(key, annotation[key], indent, newline)),
    unchanged: () => same(valid, key, annotation[key]),
  });
  return [
    scalar('id', annotation.id),
    {
      key: 'target',
      render: (indent, pair) => renderTarget(writable, annotation.target, read, pair, indent),
      unchanged: () => same(valid, 'target', annotation.target),
    },
    scalar('body', annotation.body, true),
    list('tags'),
    list('entities'),
    scalar('author', annotation.author),
    scalar('created', annotation.created),
    scalar('modified', annotation.modified),
    scalar('status', annotation.status),
    {
      key: 'replies',
      render: (indent, pair) => renderReplies(writable, annotation.replies, read, pair, indent),
      unchanged: () => same(valid, 'replies', annotation.replies),
    },
  ];
}

function renderTarget(writable: Writable, target: AnnotationTarget, read: ItemRead | undefined, pair: YamlPair | undefined, indent: string): string {
  const { source, newline } = writable;
  const valid = read?.targetValid ?? new Map<string, unknown>();
  const values: Record<(typeof TARGET_KEYS)[number], string | number | undefined> = {
    quote: target.quote,
    prefix: target.prefix,
    suffix: target.suffix,
    chapter: target.chapter,
    line: target.position.line,
    character: target.position.character,
  };
  const specs: FieldSpec[] = TARGET_KEYS.map((key) => ({
    key,
    render: (inner) => {
      const value = values[key];
      if (value === undefined || (value === '' && key !== 'quote')) return undefined;
      if (typeof value === 'number') return `${inner}${key}: ${value}${newline}`;
      return keyedScalar(key, value, inner, newline, key === 'quote' ? 'block' : 'quoted');
    },
    unchanged: () => same(valid, key, values[key]),
  }));
  const map = read?.targetMap;
  if (pair && map && !map.flow && map.items.length > 0) {
    const keyStart = keyRange(pair)[0];
    const keyLine = lineStartAt(source, keyStart);
    const afterKey = lineEndAfter(source, keyStart);
    const regionEnd = lineBoundaryAt(source, nodeRange(map)[1]);
    const head = source.slice(keyLine, afterKey);
    return head + renderMap(writable, { map, regionStart: afterKey, regionEnd }, specs, indent.length + 2);
  }
  return `${indent}target:${newline}${renderMap(writable, undefined, specs, indent.length + 2)}`;
}

function renderReplies(writable: Writable, replies: readonly Reply[], read: ItemRead | undefined, pair: YamlPair | undefined, indent: string): string | undefined {
  if (replies.length === 0) return undefined;
  const { source, newline } = writable;
  const seq = pair?.value;
  const originals = new Map<string, { read: ReplyRead; extent: ItemExtent }>();
  let head = `${indent}replies:${newline}`;
  let dashColumn = indent.length + 2;
  if (read && pair && isSeq(seq) && !seq.flow && seq.items.length > 0) {
    const keyStart = keyRange(pair)[0];
    const valueEnd = lineBoundaryAt(source, nodeRange(seq)[1]);
    head = source.slice(lineStartAt(source, keyStart), lineEndAfter(source, keyStart));
    const extents = itemExtents(source, seq, afterKey(source, pair), valueEnd);
    dashColumn = extents[0].dashColumn;
    read.replies.forEach((reply, index) => {
      const id = reply.reply?.id;
      if (id !== undefined && !originals.has(id) && reply.node === seq.items[index]) originals.set(id, { read: reply, extent: extents[index] });
    });
  }
  const parts = replies.map((reply) => {
    const original = originals.get(reply.id);
    const valid = original?.read.valid ?? new Map<string, unknown>();
    const values: Record<(typeof REPLY_KEYS)[number], string | undefined> = reply;
    if (original && REPLY_KEYS.every((key) => same(valid, key, values[key]))) {
      return lineBreakEnded(source.slice(original.extent.start, original.extent.end), newline);
    }
    const specs: FieldSpec[] = REPLY_KEYS.map((key) => ({
      key,
      render: (inner) => {
        const value = values[key];
        return value === undefined || (key === 'body' && value === '') ? undefined : keyedScalar(key, value, inner, newline, key === 'body' ? 'block' : 'plain');
      },
      unchanged: () => same(valid, key, values[key]),
    }));
    const map = original?.read.map;
    if (original && map) {
      const lead = source.slice(original.extent.start, original.extent.lineStart);
      const { lineStart, end } = original.extent;
      return lead + lineBreakEnded(renderMap(writable, { map, regionStart: lineStart, regionEnd: end, dashColumn }, specs, dashColumn + 2), newline);
    }
    return placeDash(renderMap(writable, undefined, specs, dashColumn + 2), dashColumn);
  });
  return head + parts.join('');
}

/**
 * Writes a map's fields in the specs' order. With an original map, its pairs are cut into chunks
 * (the comment lines above a key, the pair, the comment and blank lines after it): a pair whose
 * value is unchanged keeps its chunk byte for byte; a changed one keeps its comments around a new
 * rendering; pairs of keys we do not know follow the known key they followed in the file.
 */
function renderMap(writable: Writable, original: Original | undefined, specs: readonly FieldSpec[], keyColumn: number): string {
  const { newline } = writable;
  let indent = ' '.repeat(keyColumn);
  if (!original) return specs.map((spec) => spec.render(indent, undefined) ?? '').join('');

  const { map, regionStart, regionEnd, dashColumn } = original;
  // A copy of the region with the item's `-` blanked: every chunk then reads as a plain map's.
  let local = writable.source.slice(regionStart, regionEnd);
  if (dashColumn !== undefined && local[dashColumn] === '-') local = `${local.slice(0, dashColumn)} ${local.slice(dashColumn + 1)}`;
  const at = (offset: number) => offset - regionStart;
  const known = new Set(specs.map((spec) => spec.key));

  interface Chunk {
    readonly key: string | undefined;
    readonly pair: YamlPair;
    readonly lead: string;
    readonly body: string;
    readonly tail: string;
  }
  const chunks: Chunk[] = [];
  if (map.flow) {
    // `{ id: a, … }`: rewritten as a block map; pairs we do not know keep their text on a line.
    const firstKey = map.items[0]?.key?.range?.[0];
    if (firstKey !== undefined) indent = ' '.repeat(keyColumn);
    for (const pair of map.items) {
      const key = pair.key;
      const end = pair.value?.range?.[1] ?? nodeRange(key)[1];
      chunks.push({ key: keyName(pair), pair, lead: '', body: `${indent}${writable.source.slice(nodeRange(key)[0], end)}${newline}`, tail: '' });
    }
  } else {
    const source = writable.source;
    const firstKeyStart = keyRange(map.items[0])[0];
    indent = ' '.repeat(firstKeyStart - lineStartAt(source, firstKeyStart));
    const keyLines = map.items.map((pair) => lineStartAt(source, keyRange(pair)[0]));
    const tailStarts = map.items.map((pair) => {
      const key = pair.key;
      const end = Math.max(pair.value?.range?.[1] ?? nodeRange(key)[1], nodeRange(key)[1]);
      return Math.min(lineBoundaryAt(source, end), regionEnd);
    });
    const bounds = keyLines.map((keyLine, index) => {
      if (index === 0) return regionStart;
      let start = keyLine;
      while (start > tailStarts[index - 1]) {
        const above = lineStartAt(source, start - 1);
        if (commentColumn(lineAt(source, above)) !== indent.length) break;
        start = above;
      }
      return start;
    });
    map.items.forEach((pair, index) => {
      const end = index + 1 < bounds.length ? bounds[index + 1] : regionEnd;
      const bodyStart = Math.max(keyLines[index], bounds[index]);
      const tailStart = Math.max(Math.min(tailStarts[index], end), bodyStart);
      chunks.push({
        key: keyName(pair),
        pair,
        lead: local.slice(at(bounds[index]), at(bodyStart)),
        body: local.slice(at(bodyStart), at(tailStart)),
        tail: local.slice(at(tailStart), at(end)),
      });
    });
  }

  // Pairs we do not know (and repeated known keys) travel with the known key before them.
  const firsts = new Map<string, Chunk>();
  const following = new Map<string | undefined, Chunk[]>();
  let lastKnown: string | undefined;
  for (const chunk of chunks) {
    if (chunk.key !== undefined && known.has(chunk.key) && !firsts.has(chunk.key)) {
      firsts.set(chunk.key, chunk);
      lastKnown = chunk.key;
    } else {
      following.set(lastKnown, [...(following.get(lastKnown) ?? []), chunk]);
    }
  }
  const pieces: string[] = [];
  const whole = (chunk: Chunk) => pieces.push(lineBreakEnded(chunk.lead + chunk.body + chunk.tail, newline));
  for (const chunk of following.get(undefined) ?? []) whole(chunk);
  for (const spec of specs) {
    const chunk = firsts.get(spec.key);
    if (chunk && !map.flow && spec.unchanged()) {
      whole(chunk);
    } else if (!chunk && spec.unchanged()) {
      // Left out, and still what leaving it out means.
    } else {
      const rendered = spec.render(indent, chunk?.pair) ?? '';
      const text = chunk ? chunk.lead + rendered + chunk.tail : rendered;
      if (text !== '') pieces.push(lineBreakEnded(text, newline));
    }
    for (const unknown of following.get(spec.key) ?? []) whole(unknown);
  }
  const text = pieces.join('');
  return dashColumn === undefined ? text : placeDash(text, dashColumn);
}

/** Puts the list item's `-` back at its column on the first line. */
function placeDash(text: string, dashColumn: number): string {
  if (/^ +$/.test(text.slice(0, dashColumn + 2)) && text.length > dashColumn + 2) {
    return `${text.slice(0, dashColumn)}-${text.slice(dashColumn + 1)}`;
  }
  // The first line is not indented past the dash (never for what we render): the map starts below it.
  const newline = newlineOf(text);
  return `${' '.repeat(dashColumn)}-${newline}${text}`;
}



/** `tags: [source-check, translation]`. */
function renderFlowList(key: string, values: readonly string[], indent: string, newline: string): string {
  return `${indent}${key}: ${flowList(values)}${newline}`;
}



