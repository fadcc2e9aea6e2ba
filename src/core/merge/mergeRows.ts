import { Unsure } from '../yaml/scalars';
import { entryOf, itemMap, mapBelow, scalarOf, TextLines, type Block, type Entry } from '../yaml/lineBlocks';
import { type ConflictReason } from '../sidecar/mergeMarks';

/**
 * The merge's pieces: a block of one side and its entries (`SideBlock`, `Ref`), their text moved to
 * another indentation, the rows of a merged block with the conflicts they carry, and where a row
 * goes among the others (by passage position, by number, or after its predecessor).
 */

export interface PlacedConflict {
  readonly what: string;
  readonly reason: ConflictReason;
  /** Offset in the text it came with. */
  readonly at: number;
  /** Recorded in place (a `conflict:` field), or still to be written under `conflicts:`. */
  readonly inline: boolean;
  /** For `conflicts:`: the other side's entry, at column `column` (undefined: it deleted it). */
  readonly other?: string;
  readonly column?: number;
}

export interface Out {
  readonly text: string;
  readonly conflicts: readonly PlacedConflict[];
}

/** A block of one side, with what is needed to read and rewrite its entries. */
export interface SideBlock {
  readonly lines: TextLines;
  readonly block: Block;
  /** The column of the entry holding this block (-1 for the top level). */
  readonly parentColumn: number;
  /** The offset of an item's `-` to read as a space (the block is that item's map), or -1. */
  readonly dash: number;
}

export function node(lines: TextLines, block: Block, parentColumn: number, dash: number): SideBlock {
  return { lines, block, parentColumn, dash };
}

/** One entry of one side. */
export interface Ref {
  readonly side: SideBlock;
  readonly entry: Entry;
}

/** The entry's text from its lead to its end, the item's `-` read as a space when asked. */
export function contentOf(ref: Ref): string {
  const { lines, dash } = ref.side;
  const from = lines.starts[ref.entry.lead];
  const to = lines.starts[ref.entry.end];
  const text = lines.text.slice(from, to);
  return dash >= from && dash < to ? `${text.slice(0, dash - from)} ${text.slice(dash - from + 1)}` : text;
}

export function trailOf(ref: Ref): string {
  return ref.side.lines.slice(ref.entry.end, ref.entry.next);
}

/** Moves every non-blank line by `delta` columns (never past its first character). */
export function shift(text: string, delta: number): string {
  if (delta === 0) return text;
  if (delta > 0) {
    const pad = ' '.repeat(delta);
    return text.replace(/^(?=[^\n]*[^ \n])/gm, pad);
  }
  const pattern = new RegExp(`^ {1,${-delta}}(?=[^\\n]*[^ \\n])`, 'gm');
  return text.replace(pattern, '');
}

/** The column new entries of this block take: its own entries', or the other side's moved under this side's parent. */
export function columnFor(ours: SideBlock, from: SideBlock): number {
  if (ours.block.column >= 0) return ours.block.column;
  if (from.block.column < 0) return 0;
  return from.block.column + (ours.parentColumn - from.parentColumn);
}

export function adapt(ref: Ref, column: number): string {
  return shift(contentOf(ref), column - ref.entry.column);
}

export const plain = (text: string): Out => ({ text, conflicts: [] });

export function shifted(out: Out, by: number): PlacedConflict[] {
  return out.conflicts.map((conflict) => ({ ...conflict, at: conflict.at + by }));
}

/** A row of a merged block: an entry's text, and what follows it. */
export interface Row {
  readonly key: string;
  out: Out;
  /** The entry of ours it stands for, if any. */
  readonly ours: Ref | undefined;
  /** Where it comes from, for ordering insertions. */
  readonly source: Ref;
  /** Ours' or theirs' addition (not in the base): kept together when the other side inserts. */
  readonly added: boolean;
}

/** Before the first row whose passage starts later, as the writer adds annotations. */
export function insertByPosition(rows: Row[], row: Row): void {
  const key = positionOf(row.source);
  const at = key === undefined ? -1 : rows.findIndex((other) => isAfter(positionOf(other.source), key));
  rows.splice(at < 0 ? rows.length : at, 0, row);
}

export function isAfter(position: [number, number] | undefined, key: [number, number]): boolean {
  return position !== undefined && (position[0] > key[0] || (position[0] === key[0] && position[1] > key[1]));
}

const positions = new WeakMap<Entry, [number, number] | null>();

/** An annotation's (or pin's) `target:` line and character. */
export function positionOf(ref: Ref): [number, number] | undefined {
  const known = positions.get(ref.entry);
  if (known !== undefined) return known ?? undefined;
  let position: [number, number] | null = null;
  try {
    const lines = ref.side.lines;
    const target = entryOf(itemMap(lines, ref.entry), 'target');
    if (target) {
      const fields = mapBelow(lines, target);
      const read = (key: string) => {
        const entry = entryOf(fields, key);
        const value = entry ? scalarOf(lines, entry) : 0;
        return typeof value === 'number' ? value : 0;
      };
      position = [read('line'), read('character')];
    }
  } catch (error) {
    if (!(error instanceof Unsure)) throw error;
  }
  positions.set(ref.entry, position);
  return position ?? undefined;
}

/** Before the first row with a greater number (notes). */
export function insertNumeric(rows: Row[], row: Row): void {
  const number = Number(row.key);
  const at = Number.isFinite(number) ? rows.findIndex((other) => Number(other.key) > number) : -1;
  rows.splice(at < 0 ? rows.length : at, 0, row);
}

/**
 * After the row of the nearest entry before it on its side that the result holds (and after this
 * side's own additions that follow that row); else before the nearest entry after it; else last.
 */
export function insertAfterPredecessor(rows: Row[], row: Row, entries: readonly Entry[], position: number, keyOf: (entry: Entry) => string = (entry) => entry.key): void {
  for (let before = position - 1; before >= 0; before--) {
    const key = keyOf(entries[before]);
    let at = rows.findIndex((other) => other.key === key);
    if (at < 0) continue;
    while (at + 1 < rows.length && rows[at + 1].ours !== undefined && rows[at + 1].added) at++;
    rows.splice(at + 1, 0, row);
    return;
  }
  for (let after = position + 1; after < entries.length; after++) {
    const key = keyOf(entries[after]);
    const at = rows.findIndex((other) => other.key === key);
    if (at < 0) continue;
    rows.splice(at, 0, row);
    return;
  }
  rows.push(row);
}
