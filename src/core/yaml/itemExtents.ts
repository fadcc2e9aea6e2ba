import type { YamlNode, YamlPair, YamlSeq } from './tree';
import { lineAt, lineBoundaryAt, lineEndAfter, lineStartAt } from '../text/textLines';
import { keyRange, nodeRange } from './nodes';

/**
 * Where the items of a block sequence are in its text, with the comment lines that belong to each:
 * the lines a splice of one item replaces.
 */

/** The extent of a list item in the text: its `-` line, and what belongs to it around it. */
export interface ItemExtent {
  /** The start of the comment lines just above the item, at its `-`'s column: they belong to it. */
  readonly start: number;
  /** The start of the line with the item's `-`. */
  readonly lineStart: number;
  /** The offset of the `-`. */
  readonly dash: number;
  readonly dashColumn: number;
  /** Just past the item's content (a line boundary, or the end of the text). */
  readonly contentEnd: number;
  /** Past the comment lines below it that are indented deeper than its `-` (a line boundary). */
  readonly end: number;
}

/** The start of the line after a pair's key. */
export function afterKey(source: string, pair: YamlPair): number {
  return lineEndAfter(source, keyRange(pair)[1]);
}

/** The column of a comment line's `#`, or -1 when the line is not a comment. */
export function commentColumn(line: string): number {
  const match = /^([ \t]*)#/.exec(line);
  return match ? match[1].length : -1;
}

/**
 * The extents of a block sequence's items. Comment lines above an item are taken from `floor` (the
 * line after the list's key) on; trailing comments up to `limit`.
 */
export function itemExtents(source: string, seq: YamlSeq, floor: number, limit: number): ItemExtent[] {
  const extents: ItemExtent[] = [];
  let previousEnd = Math.min(floor, lineStartAt(source, nodeRange(seq)[0]));
  for (const item of seq.items) {
    const extent = itemExtent(source, item, previousEnd, limit);
    extents.push(extent);
    previousEnd = extent.end;
  }
  return extents;
}

/** The extent of one item, the one before it ending at `previousEnd`. */
function itemExtent(source: string, node: YamlNode | undefined, previousEnd: number, limit: number): ItemExtent {
  const contentStart = node?.range?.[0] ?? previousEnd;
  // The `-` is on the item's first line, or on a line of its own above it.
  let lineStart = lineStartAt(source, contentStart);
  let dash = -1;
  for (let at = lineStart; at >= previousEnd; at = lineStartAt(source, at - 1)) {
    const match = /^[ \t]*-(?=[ \t\r\n]|$)/.exec(lineAt(source, at));
    if (match) {
      lineStart = at;
      dash = at + match[0].length - 1;
      break;
    }
    if (at === 0) break;
  }
  if (dash < 0) dash = contentStart;
  const dashColumn = dash - lineStart;
  let start = lineStart;
  while (start > previousEnd) {
    const above = lineStartAt(source, start - 1);
    if (commentColumn(lineAt(source, above)) !== dashColumn) break;
    start = above;
  }
  const contentEnd = lineBoundaryAt(source, Math.max(node?.range?.[1] ?? contentStart, contentStart));
  let end = contentEnd;
  while (end < limit && end < source.length) {
    const column = commentColumn(lineAt(source, end));
    if (column <= dashColumn) break;
    end = lineEndAfter(source, end);
  }
  return { start, lineStart, dash, dashColumn, contentEnd, end };
}

/**
 * The extent of the list's item at `index`, reading only it and the item before it: where the fast
 * reader is sure of the text, every item's `-` is on its first line, so where an item ends does not
 * depend on the items before it (which `itemExtents` walks through for the general case).
 */
export function itemExtentAlone(source: string, seq: YamlSeq, index: number, floor: number): ItemExtent {
  const previous = seq.items[index - 1] as YamlNode | undefined;
  const previousEnd = previous
    ? itemExtent(source, previous, lineStartAt(source, nodeRange(previous)[0]), source.length).end
    : Math.min(floor, lineStartAt(source, nodeRange(seq)[0]));
  return itemExtent(source, seq.items[index], previousEnd, source.length);
}

