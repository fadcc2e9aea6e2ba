import { PLACE_FIELDS, type CastMapData, type MapColumn, type MapRow, type MapRowKind } from './castMap';

/**
 * What every view of the cast map shares (the webview, the SVG and CSV exports): which rows are
 * shown and in what order, the words of labels, and where selected rows appear together.
 */

/** Rows by first appearance in the book (the default), by mentions, or by name. */
export type MapSort = 'first' | 'count' | 'name';

export const MAP_SORTS: readonly MapSort[] = ['first', 'count', 'name'];

export interface MapFilter {
  /** The kinds shown; all when undefined. */
  readonly kinds?: readonly MapRowKind[];
  /** Shown when the name or an alias holds it, whatever the case. */
  readonly name?: string;
  /** Rows with fewer mentions are left out. */
  readonly minCount?: number;
}

/** The indexes of the rows shown, in order. Rows never mentioned come last when sorted by first appearance. */
export function arrangeRows(data: CastMapData, sort: MapSort = 'first', filter: MapFilter = {}): number[] {
  const needle = filter.name?.trim().toLocaleLowerCase() ?? '';
  const minCount = filter.minCount ?? 0;
  const shown: number[] = [];
  data.rows.forEach((row, index) => {
    if (filter.kinds && !filter.kinds.includes(row.kind)) return;
    if (row.total < minCount) return;
    if (needle && ![row.name, ...row.aliases].some((name) => name.toLocaleLowerCase().includes(needle))) return;
    shown.push(index);
  });
  const rows = data.rows;
  const byOrder = (a: number, b: number) => rows[a].order - rows[b].order;
  if (sort === 'count') return shown.sort((a, b) => rows[b].total - rows[a].total || byOrder(a, b));
  if (sort === 'name') return shown.sort((a, b) => rows[a].name.localeCompare(rows[b].name) || byOrder(a, b));
  return shown.sort((a, b) => comparePlaces(rows[a], rows[b]) || byOrder(a, b));
}

/** Rows by their first mention: source, line, character; rows without any last. */
function comparePlaces(a: MapRow, b: MapRow): number {
  if (a.places.length === 0 || b.places.length === 0) return (a.places.length === 0 ? 1 : 0) - (b.places.length === 0 ? 1 : 0);
  for (let field = 0; field < 3; field++) {
    const difference = a.places[field] - b.places[field];
    if (difference !== 0) return difference;
  }
  return 0;
}

/** A column's short label: the chapter's number, or `—` for the lines outside chapters. */
export function columnLabel(column: MapColumn): string {
  return column.chapter === undefined ? '—' : String(column.chapter);
}

/** A column's long label, as a tooltip: `Chapter 41: The Flight` (with the file when the map has several). */
export function columnTitle(data: CastMapData, column: MapColumn): string {
  const name = column.chapter === undefined ? 'Outside the chapters' : `Chapter ${column.chapter}${column.title ? `: ${column.title}` : ''}`;
  return data.sources.length > 1 ? `${name} (${data.sources[column.source].label})` : name;
}

/** A cell's accessible label: `Leon Trotsky, chapter 41: 12 mentions`. */
export function cellLabel(row: MapRow, column: MapColumn, count: number): string {
  const where = column.chapter === undefined ? 'outside the chapters' : `chapter ${column.chapter}`;
  return `${row.name}, ${where}: ${count} mention${count === 1 ? '' : 's'}`;
}

/** The first mention of a row in a column, as `PLACE_FIELDS` numbers (source, line, character, length, column); undefined when none. */
export function firstPlaceIn(row: MapRow, column: number): number[] | undefined {
  for (let k = 0; k < row.places.length; k += PLACE_FIELDS) {
    if (row.places[k + 4] === column) return row.places.slice(k, k + PLACE_FIELDS) as number[];
  }
  return undefined;
}

/** The `index`-th mention of a row (its `index`-th tick), as `PLACE_FIELDS` numbers. */
export function placeAt(row: MapRow, index: number): number[] | undefined {
  const k = index * PLACE_FIELDS;
  return k >= 0 && k < row.places.length ? (row.places.slice(k, k + PLACE_FIELDS) as number[]) : undefined;
}

/** Per column, whether every one of the rows (two or more) is mentioned there: the chapters they share. */
export function sharedChapters(data: CastMapData, rows: readonly number[]): boolean[] {
  return data.columns.map((_, column) => rows.length > 1 && rows.every((row) => data.rows[row].cells[column] > 0));
}

/** A paragraph every one of the rows is mentioned in. */
export interface SharedParagraph {
  readonly source: number;
  readonly line: number;
  readonly column: number;
}

/** The paragraphs (lines) where every one of the rows (two or more) is mentioned, in book order, and how many per column. */
export function sharedParagraphs(data: CastMapData, rows: readonly number[]): { paragraphs: SharedParagraph[]; perColumn: number[] } {
  const perColumn = new Array<number>(data.columns.length).fill(0);
  if (rows.length < 2) return { paragraphs: [], perColumn };
  const keyed = rows.map((row) => {
    const lines = new Map<string, SharedParagraph>();
    const places = data.rows[row].places;
    for (let k = 0; k < places.length; k += PLACE_FIELDS) lines.set(`${places[k]}:${places[k + 1]}`, { source: places[k], line: places[k + 1], column: places[k + 4] });
    return lines;
  });
  // The smallest set is walked; the others are looked up.
  keyed.sort((a, b) => a.size - b.size);
  const paragraphs: SharedParagraph[] = [];
  for (const [key, paragraph] of keyed[0]) {
    if (!keyed.every((lines) => lines.has(key))) continue;
    paragraphs.push(paragraph);
    perColumn[paragraph.column]++;
  }
  paragraphs.sort((a, b) => a.source - b.source || a.line - b.line);
  return { paragraphs, perColumn };
}
