import { composeYaml } from '../yaml/compose';
import { plainValue } from '../yaml/aliases';
import { flowList, inlineScalar } from '../yaml/write';
import { deepEqual } from '../text/deepEqual';
import { hasConflictMarkers } from '../yaml/syntax';
import { Unsure } from '../yaml/scalars';
import { blockBelow, inlineValue, itemMap, normalized, scalarOf, shapeOf, split, TextLines, type Block, type Entry } from '../yaml/lineBlocks';
import { BOTH_CHANGED, DELETED_AND_CHANGED, type ConflictReason } from '../sidecar/mergeMarks';
import { ROOT, type ListSchema, type MapSchema, type Schema } from './mergeSchema';
import { adapt, columnFor, contentOf, insertAfterPredecessor, insertByPosition, insertNumeric, node, plain, shift, shifted, trailOf, type Out, type PlacedConflict, type Ref, type Row, type SideBlock } from './mergeRows';

/**
 * A three-way merge of Marginalia's YAML files — a manuscript's sidecar (`*.marginalia.yaml`) and
 * the book's `marginalia.yaml` — by id rather than by line, for git's merge driver
 * (`marginalia merge-driver %O %A %B %P`).
 *
 * Annotations are merged by `id`, pins by the passage they pin, notes by kind and number, the
 * cast's people, places and organizations by `id`, and an annotation's replies by `id`; `tags`,
 * `entities`, `aliases`, `dismissed` and `manuscripts` as sets; `modified` takes the later time.
 * So additions on both sides never conflict, wherever they are; a deletion or an edit on one side
 * applies; both sides changing different fields of one annotation both apply. Only both sides
 * changing the same thing differently is a conflict, and the result keeps both versions as valid
 * YAML that the loaders report (never raw conflict markers):
 *
 * - an item of a list (an annotation, pin or entity) keeps this side's version and gains a
 *   `conflict:` field holding the other's:
 *
 *   ```yaml
 *     - id: a7kq2m4x9dw3p
 *       body: This side's body.
 *       conflict:
 *         reason: changed on both branches
 *         other:
 *           id: a7kq2m4x9dw3p
 *           body: The other side's body.
 *   ```
 *
 * - anything else (a note, an unknown top-level section) keeps this side's version, and the other's
 *   is written under a top-level `conflicts:` list: `- path: notes.endnotes.228`, `reason:`, `other:`.
 *
 * `mergeConflictProblems` finds both forms again: `parseAnnotations` calls it, so that `marginalia
 * check` and the editor report "annotation X was changed on both branches: choose one".
 *
 * The files are read line by line along their block structure (`yaml` takes seconds for thousands of
 * annotations; this is much faster), and the result is spliced from the three texts: everything
 * this side wrote keeps its bytes, the other side's items keep theirs, and new items land where
 * the writers put them (annotations in document order of their passage, notes in number order,
 * others after the item they followed). Only items both sides changed are parsed with `yaml`, to
 * compare values. A layout the line reader is not sure of is merged as one block (a conflict if
 * both sides changed it); a text with git conflict markers is not merged at all.
 */

/** A conflict the merge recorded in its result. */
export interface MergeConflict {
  /** What: `annotation a7kq2m4x9dw3p`, `person stalin`, `notes.endnotes.228`, `title`… */
  readonly what: string;
  readonly reason: ConflictReason;
  /** Where the result shows it, 0-based: the item's first line, or its entry under `conflicts:`. */
  readonly line: number;
}

export type MergeResult =
  | { readonly ok: true; readonly text: string; readonly conflicts: readonly MergeConflict[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Merges `ours` and `theirs`, two descendants of `base` (empty when the file is new on both
 * sides), by id. `ok: false` when a text holds git conflict markers or cannot be read at all and
 * both sides changed it: then the caller falls back on a line merge.
 */
export function mergeByIds(base: string, ours: string, theirs: string): MergeResult {
  if (ours === theirs || base === theirs) return { ok: true, text: ours, conflicts: [] };
  if (base === ours) return { ok: true, text: theirs, conflicts: [] };
  for (const [name, text] of [['ours', ours], ['theirs', theirs], ['base', base]] as const) {
    if (hasConflictMarkers(text)) return { ok: false, reason: `${name} holds git conflict markers` };
  }
  const crlf = ours.includes('\r\n');
  const sides = [base, ours, theirs].map(normalized);
  if (sides.some((text) => text === undefined)) return { ok: false, reason: 'a carriage return not followed by a line feed' };
  const [o, a, b] = sides.map((text) => new TextLines(text!));
  let roots: Block[];
  try {
    roots = [o, a, b].map((lines) => split(lines, 0, lines.count, 'map', undefined));
  } catch (error) {
    if (!(error instanceof Unsure)) throw error;
    return { ok: false, reason: 'the layout of a side is not one the merge can read item by item' };
  }
  const merger = new Merger();
  const merged = merger.mapBlock(ROOT, node(o, roots[0], -1, -1), node(a, roots[1], -1, -1), node(b, roots[2], -1, -1), '');
  let { text } = merged;
  const conflicts: PlacedConflict[] = merged.conflicts.filter((c) => c.inline);
  const recorded = merged.conflicts.filter((c) => !c.inline);
  if (recorded.length > 0) {
    const block = conflictsBlock(text, recorded);
    conflicts.push(...block.conflicts);
    text = block.text;
  }
  // Lines counted only up to the conflicts (there are seldom any).
  let line = 0;
  let counted = 0;
  const result = conflicts
    .sort((x, y) => x.at - y.at)
    .map((c): MergeConflict => {
      for (let at = text.indexOf('\n', counted); at >= 0 && at < c.at; at = text.indexOf('\n', at + 1)) {
        line++;
        counted = at + 1;
      }
      return { what: c.what, reason: c.reason, line };
    });
  if (crlf) text = text.replace(/\n/g, '\r\n');
  return { ok: true, text, conflicts: result };
}

// ---------------------------------------------------------------------------------------------
// Merging

class Merger {
  private readonly parsed = new Map<string, unknown>();

  /** Merges the entries of three maps; `path` names this map in messages (`notes.endnotes`). */
  mapBlock(schema: MapSchema, o: SideBlock | undefined, a: SideBlock, b: SideBlock, path: string): Out {
    const index = (side: SideBlock | undefined) => new Map(side?.block.entries.map((entry) => [entry.key, entry]) ?? []);
    const oIndex = index(o);
    const bIndex = index(b);
    const aKeys = new Set(a.block.entries.map((entry) => entry.key));
    const rows: Row[] = [];
    const childPath = (key: string) => (path ? `${path}.${key}` : key);
    for (const entry of a.block.entries) {
      const ours: Ref = { side: a, entry };
      const eo = oIndex.get(entry.key);
      const eb = bIndex.get(entry.key);
      const base = eo && o ? { side: o, entry: eo } : undefined;
      const field = schema.fields[entry.key] ?? schema.other;
      if (!eb) {
        if (!base) rows.push({ key: entry.key, out: plain(contentOf(ours)), ours, source: ours, added: true });
        else if (this.same(base, ours)) continue;
        else rows.push({ key: entry.key, out: recorded(contentOf(ours), childPath(entry.key), DELETED_AND_CHANGED, undefined), ours, source: ours, added: false });
        continue;
      }
      const out = this.entry(field, base, ours, { side: b, entry: eb }, childPath(entry.key));
      rows.push({ key: entry.key, out, ours, source: ours, added: !base });
    }
    b.block.entries.forEach((entry, position) => {
      if (aKeys.has(entry.key)) return;
      const theirs: Ref = { side: b, entry };
      const eo = oIndex.get(entry.key);
      const column = columnFor(a, b);
      let out: Out;
      if (eo && o) {
        if (this.same({ side: o, entry: eo }, theirs)) return;
        out = recorded(adapt(theirs, column), childPath(entry.key), DELETED_AND_CHANGED, undefined);
      } else {
        out = plain(adapt(theirs, column));
      }
      const row: Row = { key: entry.key, out, ours: undefined, source: theirs, added: !eo };
      if (schema.order === 'numeric') insertNumeric(rows, row);
      else insertAfterPredecessor(rows, row, b.block.entries, position);
    });
    return assemble(a, rows, b);
  }

  /** Merges one entry present on both sides (and perhaps in the base). */
  entry(schema: Schema, o: Ref | undefined, a: Ref, b: Ref, path: string): Out {
    return this.onBothSides(o, a, b, path, () => this.nested(schema, o, a, b, path));
  }

  /**
   * The merge of an entry or an item present on both sides: as it is when only one side changed
   * it (or both alike); else its parts merged one by one (`inside`), when they can be; else whole
   * when equal in value, or recorded as a conflict when both sides changed it differently.
   */
  private onBothSides(o: Ref | undefined, a: Ref, b: Ref, path: string, inside: () => Out | undefined): Out {
    const ta = contentOf(a);
    const tb = contentOf(b);
    if (ta === tb) return plain(ta);
    const to = o && contentOf(o);
    if (to !== undefined && ta === to) return plain(adapt(b, a.entry.column));
    if (to !== undefined && tb === to) return plain(ta);
    try {
      const merged = inside();
      if (merged) return merged;
    } catch (error) {
      if (!(error instanceof Unsure)) throw error;
    }
    if (o && this.equal(a, o)) return plain(adapt(b, a.entry.column));
    if ((o && this.equal(b, o)) || this.equal(a, b)) return plain(ta);
    return recorded(ta, path, BOTH_CHANGED, { text: contentOf(b), column: b.entry.column });
  }

  /** The merge of an entry's value by its schema, or undefined when it merges as a whole. */
  private nested(schema: Schema, o: Ref | undefined, a: Ref, b: Ref, path: string): Out | undefined {
    switch (schema.kind) {
      case 'atomic':
        return undefined;
      case 'latest': {
        const va = scalarOf(a.side.lines, a.entry);
        const vb = scalarOf(b.side.lines, b.entry);
        if (typeof va !== 'string' || typeof vb !== 'string') return undefined;
        return plain(va >= vb ? contentOf(a) : adapt(b, a.entry.column));
      }
      case 'set':
        return this.set(o, a, b);
      case 'map':
      case 'list': {
        const mode = schema.kind === 'map' ? 'map' : 'seq';
        const below = (ref: Ref): SideBlock => node(ref.side.lines, blockBelow(ref.side.lines, ref.entry, mode), ref.entry.column, ref.side.dash);
        const [ob, ab, bb] = [o && below(o), below(a), below(b)];
        const inner = schema.kind === 'map' ? this.mapBlock(schema, ob, ab, bb, path) : this.listBlock(schema, ob, ab, bb, path);
        // The key's line (and the comments above it); `key: []` becomes `key:` when items come.
        let head = a.side.lines.slice(a.entry.lead, a.entry.line + 1);
        if (a.side.dash >= 0) head = contentOf({ side: a.side, entry: { ...a.entry, end: a.entry.line + 1 } });
        if (inner.text !== '' && shapeOf(a.side.lines, a.entry) === 'empty' && inlineValue(a.side.lines, a.entry) !== '') {
          const valueAt = a.entry.valueStart - a.side.lines.starts[a.entry.line];
          const keyLine = head.slice(head.lastIndexOf('\n', head.length - 2) + 1);
          head = head.slice(0, head.length - keyLine.length) + `${keyLine.slice(0, valueAt).replace(/ +$/, '')}\n`;
        }
        return { text: head + inner.text, conflicts: shifted(inner, head.length) };
      }
    }
  }

  /** A list of names merged as a set: this side's order, less what the other removed, plus what it added. */
  private set(o: Ref | undefined, a: Ref, b: Ref): Out | undefined {
    const [vo, va, vb] = [o && this.value(o), this.value(a), this.value(b)];
    const names = (value: unknown): string[] | undefined => {
      if (value === null || value === undefined) return [];
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' || typeof item === 'number')) return undefined;
      return value.map(String);
    };
    const [no, na, nb] = [o ? names(vo) : [], names(va), names(vb)];
    if (!no || !na || !nb) return undefined;
    const removedByTheirs = new Set(no.filter((name) => !nb.includes(name)));
    const result = [...na.filter((name) => !removedByTheirs.has(name))];
    for (const name of nb) if (!no.includes(name) && !result.includes(name)) result.push(name);
    if (sameList(result, na)) return plain(contentOf(a));
    if (sameList(result, nb)) return plain(adapt(b, a.entry.column));
    const lines = a.side.lines;
    const lead = lines.slice(a.entry.lead, a.entry.line);
    const keyLine = lines.line(a.entry.line);
    const prefix = keyLine.slice(0, a.entry.valueStart - lines.starts[a.entry.line]).replace(/ +$/, '');
    const flow = inlineValue(lines, a.entry).startsWith('[') || result.length === 0;
    if (flow) return plain(`${lead}${prefix} ${flowList(result)}\n`);
    const pad = ' '.repeat(a.entry.column + 2);
    const items = result.map((name) => `${pad}- ${inlineScalar(name)}\n`).join('');
    return plain(`${lead}${prefix}\n${items}`);
  }

  /** Merges the items of three block sequences by their identity. */
  listBlock(schema: ListSchema, o: SideBlock | undefined, a: SideBlock, b: SideBlock, path: string): Out {
    const index = (side: SideBlock | undefined): Map<string, Entry> => {
      const found = new Map<string, Entry>();
      for (const entry of side?.block.entries ?? []) {
        const key = schema.identity(side!.lines, entry);
        if (found.has(key)) throw new Unsure(); // a duplicate id: the list merges as a whole
        found.set(key, entry);
      }
      return found;
    };
    const oIndex = index(o);
    const aIndex = index(a);
    const bIndex = index(b);
    const keyOf = new Map<Entry, string>();
    for (const [key, entry] of aIndex) keyOf.set(entry, key);
    const rows: Row[] = [];
    const column = columnFor(a, b);
    const label = (key: string) => (schema.noun ? `${schema.noun} ${key}` : `${path}[${key}]`);
    for (const entry of a.block.entries) {
      const key = keyOf.get(entry)!;
      const ours: Ref = { side: a, entry };
      const eo = oIndex.get(key);
      const eb = bIndex.get(key);
      const base = eo && o ? { side: o, entry: eo } : undefined;
      if (!eb) {
        if (!base) rows.push({ key, out: plain(contentOf(ours)), ours, source: ours, added: true });
        else if (this.same(base, ours)) continue;
        else rows.push({ key, out: this.hold(schema, ours, undefined, DELETED_AND_CHANGED, label(key), path), ours, source: ours, added: false });
        continue;
      }
      const theirs: Ref = { side: b, entry: eb };
      let out = this.item(schema.item, base, ours, theirs, label(key));
      if (out.conflicts.length > 0 && schema.noun) out = this.hold(schema, ours, theirs, BOTH_CHANGED, label(key), path);
      rows.push({ key, out, ours, source: ours, added: !base });
    }
    b.block.entries.forEach((entry, position) => {
      const key = schema.identity(b.lines, entry);
      if (aIndex.has(key)) return;
      const theirs: Ref = { side: b, entry };
      const eo = oIndex.get(key);
      let out: Out;
      if (eo && o) {
        if (this.same({ side: o, entry: eo }, theirs)) return;
        out = this.hold(schema, theirs, undefined, DELETED_AND_CHANGED, label(key), path, column);
      } else {
        out = plain(adapt(theirs, column));
      }
      const row: Row = { key, out, ours: undefined, source: theirs, added: !eo };
      if (schema.order === 'position') insertByPosition(rows, row);
      else insertAfterPredecessor(rows, row, b.block.entries, position, (item) => schema.identity(b.lines, item));
    });
    return assemble(a, rows, b);
  }

  /** Merges an item present on both sides: its map field by field, else as a whole. */
  private item(schema: Schema, o: Ref | undefined, a: Ref, b: Ref, what: string): Out {
    return this.onBothSides(o, a, b, what, () => (schema.kind === 'map' ? this.itemFields(schema, o, a, b, what) : undefined));
  }

  /** An item's map merged field by field, or undefined when either side's item is not a map. */
  private itemFields(schema: MapSchema, o: Ref | undefined, a: Ref, b: Ref, what: string): Out | undefined {
    const map = (ref: Ref): SideBlock => {
      const block = itemMap(ref.side.lines, ref.entry);
      return node(ref.side.lines, block, ref.entry.column, ref.side.lines.starts[ref.entry.line] + ref.entry.column);
    };
    const [om, am, bm] = [o && map(o), map(a), map(b)];
    if (am.block.entries.length === 0 || bm.block.entries.length === 0) return undefined;
    const inner = this.mapBlock(schema, om, am, bm, what);
    // The item's comments above its `-`, then its map with the `-` put back.
    const lead = a.side.lines.slice(a.entry.lead, a.entry.line);
    const body = placeDash(inner.text, a.entry.column);
    return { text: lead + body.text, conflicts: shifted(inner, lead.length + body.offset) };
  }

  /**
   * An item in conflict: `kept` (ours, or theirs when ours deleted it) with a `conflict:` field
   * holding `other`'s version. An item that is not a map cannot hold one: its conflict goes under
   * `conflicts:` instead.
   */
  private hold(schema: ListSchema, kept: Ref, other: Ref | undefined, reason: ConflictReason, what: string, path: string, column = kept.entry.column): Out {
    const text = adapt(kept, column);
    let keyColumn: number;
    let otherText: string | undefined;
    try {
      keyColumn = itemMap(kept.side.lines, kept.entry).column + (column - kept.entry.column);
      if (other) {
        const otherMap = itemMap(other.side.lines, other.entry);
        const dash = other.side.lines.starts[other.entry.line] + other.entry.column;
        const body = contentOf({ side: node(other.side.lines, otherMap, -1, dash), entry: { ...other.entry, lead: other.entry.line } });
        otherText = shift(body, keyColumn + 4 - otherMap.column);
      }
    } catch (error) {
      if (!(error instanceof Unsure)) throw error;
      const entry = other ? { text: contentOf(other), column: other.entry.column } : undefined;
      return recorded(text, schema.noun ? what : path, reason, entry);
    }
    const pad = ' '.repeat(keyColumn);
    let block = `${pad}conflict:\n${pad}  reason: ${reason}\n`;
    if (otherText !== undefined) block += `${pad}  other:\n${otherText}`;
    return { text: text + block, conflicts: [{ what, reason, at: 0, inline: true }] };
  }

  /** Whether two versions of an entry say the same (their text, else their values). */
  private same(x: Ref, y: Ref): boolean {
    return contentOf(x) === contentOf(y) || this.equal(x, y);
  }

  private equal(x: Ref, y: Ref): boolean {
    const vx = this.value(x);
    const vy = this.value(y);
    return vx !== UNREADABLE && vy !== UNREADABLE && deepEqual(vx, vy);
  }

  /** An entry's value, through `yaml` (cached by text): only for entries both sides changed. */
  private value(ref: Ref): unknown {
    const column = ref.entry.column;
    const isItem = ref.entry.key === '';
    const text = shift(ref.side.lines.slice(ref.entry.line, ref.entry.end), -column);
    const source = ref.side.dash >= 0 ? contentOf({ side: ref.side, entry: { ...ref.entry, lead: ref.entry.line } }) : undefined;
    const key = source === undefined ? text : shift(source, -column);
    if (this.parsed.has(key)) return this.parsed.get(key);
    let value: unknown = UNREADABLE;
    const document = composeYaml(key, { uniqueKeys: false });
    // Undefined: an alias to an anchor elsewhere, or too many aliases; compared as text only.
    const plain = document.errors.length === 0 ? plainValue(document.contents, 100) : undefined;
    if (plain) {
      const js = plain.value;
      if (isItem && Array.isArray(js) && js.length === 1) value = js[0];
      else if (!isItem && js !== null && typeof js === 'object' && !Array.isArray(js)) value = (js as Record<string, unknown>)[ref.entry.key];
    }
    this.parsed.set(key, value);
    return value;
  }
}

const UNREADABLE = Symbol('unreadable');

/** This side's text, with a conflict to write under `conflicts:` (`other`: the other side's entry). */
function recorded(text: string, what: string, reason: ConflictReason, other: { text: string; column: number } | undefined): Out {
  return { text, conflicts: [{ what, reason, at: 0, inline: false, other: other?.text, column: other?.column }] };
}

/** Puts an item's `-` back at `dashColumn` on the first line of its map's text (or on a line of its own). */
function placeDash(text: string, dashColumn: number): { text: string; offset: number } {
  const lineEnd = text.indexOf('\n');
  const first = lineEnd < 0 ? text : text.slice(0, lineEnd);
  if (/^ *$/.test(first.slice(0, dashColumn + 2)) && first.length > dashColumn + 2 && first[dashColumn + 2] !== '#') {
    return { text: `${text.slice(0, dashColumn)}-${text.slice(dashColumn + 1)}`, offset: 0 };
  }
  const line = `${' '.repeat(dashColumn)}-\n`;
  return { text: line + text, offset: line.length };
}

/**
 * The merged block's text in ours' layout: ours' lines before its first entry, then the rows, each
 * followed by ours' trailing lines where it stands for an entry of ours, by the block's usual
 * separator otherwise; the last row is followed by what followed ours' last entry.
 */
function assemble(a: SideBlock, rows: readonly Row[], b: SideBlock): Out {
  const { lines, block } = a;
  const entries = block.entries;
  const pre = entries.length > 0 ? lines.slice(block.from, entries[0].lead) : lines.slice(block.from, block.to);
  const last = entries[entries.length - 1];
  const finalTrail = last ? trailOf({ side: a, entry: last }) : '';
  const separatorOf = (side: SideBlock) => {
    const first = side.block.entries[0];
    if (side.block.entries.length < 2) return undefined;
    const trail = trailOf({ side, entry: first });
    return /^\n*$/.test(trail) ? trail : '';
  };
  const separator = separatorOf(a) ?? separatorOf(b) ?? '';
  let text = pre;
  const conflicts: PlacedConflict[] = [];
  rows.forEach((row, index) => {
    const isLast = index === rows.length - 1;
    const ownTrail = row.ours && row.ours.entry !== last ? trailOf(row.ours) : separator;
    const trail = isLast ? finalTrail : ownTrail;
    conflicts.push(...shifted(row.out, text.length));
    text += row.out.text + trail;
  });
  if (rows.length === 0) text += finalTrail;
  return { text, conflicts };
}

/** Writes the conflicts that have no place in an item under a top-level `conflicts:` list. */
function conflictsBlock(text: string, recorded: readonly PlacedConflict[]): Out {
  let block = /(^|\n)conflicts:[ \t]*\n(?:[ #].*\n|\n)*$/.test(text) ? '' : `${text === '' || text.endsWith('\n\n') ? '' : '\n'}conflicts:\n`;
  const conflicts: PlacedConflict[] = [];
  for (const conflict of recorded) {
    conflicts.push({ ...conflict, at: text.length + block.length, inline: true });
    block += `  - path: ${inlineScalar(conflict.what)}\n    reason: ${conflict.reason}\n`;
    if (conflict.other !== undefined) block += `    other:\n${shift(conflict.other, 6 - (conflict.column ?? 0))}`;
  }
  return { text: text + block, conflicts };
}

function sameList(x: readonly string[], y: readonly string[]): boolean {
  return x.length === y.length && x.every((item, index) => item === y[index]);
}
