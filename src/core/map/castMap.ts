import type { EntityKind } from '../cast/cast';
import type { MentionIndex } from '../mentions/mentions';

/**
 * The cast map: who appears where. From the mention index of each manuscript (never the text
 * again), a matrix of entities × chapters, with the row totals, the co-occurrences of entities by
 * chapter and by paragraph (a manuscript holds one paragraph a line), and, as a snapshot for views
 * and exports (`CastMapModel.data`), each entity's mentions along the whole book.
 *
 * Ambiguous mentions (a name of several entities, not pinned) are no entity's: they are counted in
 * rows of their own, one per set of candidates, and never in the candidates' rows.
 *
 * After a one-paragraph edit, `updateLine` takes that line's mentions out of the counts and puts
 * its new ones in: the rest of the book is not read again.
 */

/** What a row stands for: an entity of the cast, or the ambiguous mentions of one set of candidates. */
export type MapRowKind = EntityKind | 'ambiguous';

/** A chapter as the map needs it (the manuscript model's `Chapter` is one). */
export interface MapChapterInput {
  readonly number: number;
  readonly title: string;
  readonly line: number;
  readonly range: { readonly end: { readonly line: number } };
}

/** One manuscript of the map: its mentions, already indexed, and its chapters. */
export interface MapSource {
  /** Stable: a document's URI, a file's path. */
  readonly id: string;
  /** What a reader calls it (a relative path). */
  readonly label: string;
  readonly index: MentionIndex;
  readonly chapters: readonly MapChapterInput[];
}

/** An annotation linked to entities, at the start of its passage. */
export interface MapLink {
  readonly id: string;
  readonly source: number;
  readonly line: number;
  readonly character: number;
  readonly entities: readonly string[];
}

/** A column: a chapter, or the lines of a manuscript outside any chapter (shown only when mentioned there). */
export interface MapColumn {
  readonly source: number;
  /** The chapter's number; undefined for the lines outside chapters. */
  readonly chapter: number | undefined;
  readonly title: string;
  /** The heading's line (0 outside chapters). */
  readonly line: number;
}

/** Numbers per mention in `MapRow.places`: source, line, character, length, column. */
export const PLACE_FIELDS = 5;

/** One row of the snapshot. */
export interface MapRow {
  /** The entity's id; for ambiguous mentions `?` and the candidates' ids joined with `|`. */
  readonly id: string;
  readonly kind: MapRowKind;
  readonly name: string;
  readonly aliases: readonly string[];
  /** The candidates' ids (ambiguous rows only). */
  readonly candidates: readonly string[];
  /** The cast's order (ambiguous rows after the cast). */
  readonly order: number;
  readonly total: number;
  /** Mentions per column. */
  readonly cells: readonly number[];
  /** The mentions in book order, `PLACE_FIELDS` numbers each: source, line, character, length, column. The first is the first appearance. */
  readonly places: readonly number[];
  /** Each mention's start along the whole book, from 0 to 1: the dispersion strip. */
  readonly ticks: readonly number[];
  /** Annotations linked to the entity, per column. */
  readonly annotationCells: readonly number[];
  /** Where those annotations start along the book, from 0 to 1. */
  readonly annotationTicks: readonly number[];
  /** Those it most often shares paragraphs with, most first: row ids and paragraph counts. */
  readonly companions: readonly { readonly id: string; readonly paragraphs: number }[];
}

/** What a view or an export of the map shows: plain data, posted to a webview as it is. */
export interface CastMapData {
  readonly sources: readonly { readonly id: string; readonly label: string }[];
  readonly columns: readonly MapColumn[];
  readonly rows: readonly MapRow[];
  /** The largest cell: the top of the shading's scale. */
  readonly maxCell: number;
}

interface RowInfo {
  readonly id: string;
  readonly kind: MapRowKind;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly candidates: readonly string[];
}

interface SourceState {
  readonly source: MapSource;
  /** Its first column; its column 0 is the lines outside chapters, 1… its chapters. */
  readonly columnStart: number;
  /** Per line, its mentions as flat triples: row, character, length. */
  readonly lines: (Int32Array | undefined)[];
  /** Per line, its column in the source: 0 outside chapters, k in the k-th chapter. */
  readonly lineColumns: Uint32Array;
}

const COMPANIONS = 5;
/** Up to this many entities, pairs are counted in a dense table (16 MB at most), else in a map. */
const DENSE_PAIRS = 2048;

/** Counts per pair of entity rows (unordered): a dense table when the cast is small enough, else a map. */
class PairCounts {
  private readonly dense: Int32Array | undefined;
  private readonly sparse = new Map<number, number>();

  constructor(private readonly size: number) {
    if (size <= DENSE_PAIRS) this.dense = new Int32Array(size * size);
  }

  add(a: number, b: number, delta: number): void {
    const key = a < b ? a * this.size + b : b * this.size + a;
    if (this.dense) {
      this.dense[key] += delta;
      return;
    }
    const value = (this.sparse.get(key) ?? 0) + delta;
    if (value === 0) this.sparse.delete(key);
    else this.sparse.set(key, value);
  }

  get(a: number, b: number): number {
    const key = a < b ? a * this.size + b : b * this.size + a;
    return this.dense ? this.dense[key] : (this.sparse.get(key) ?? 0);
  }

  /** Every pair counted more than zero, the lower row first. */
  forEach(visit: (low: number, high: number, count: number) => void): void {
    if (this.dense) {
      const { dense, size } = this;
      for (let low = 0; low < size; low++) {
        for (let key = low * size + low + 1, end = (low + 1) * size; key < end; key++) if (dense[key] > 0) visit(low, key - low * size, dense[key]);
      }
      return;
    }
    for (const [key, count] of this.sparse) if (count > 0) visit(Math.floor(key / this.size), key % this.size, count);
  }
}

/** The map's counts, kept up to date edit by edit. */
export class CastMapModel {
  private readonly rows: RowInfo[] = [];
  private readonly rowById = new Map<string, number>();
  /** Rows below this are the cast's entities; those from it on, ambiguous mentions. */
  private readonly entityRows: number;
  private readonly columns: MapColumn[] = [];
  private readonly sources: SourceState[] = [];
  /** Per row, mentions per column. */
  private readonly counts: Int32Array[] = [];
  private readonly totals: number[] = [];
  /** Per pair of entity rows, the paragraphs that mention both. */
  private readonly paragraphPairs: PairCounts;
  /** Per pair of entity rows, the chapters (columns) that mention both. */
  private readonly chapterPairs: PairCounts;
  /** Ambiguous rows by their candidates (the matcher's array, one per name): no key to build per mention. */
  private readonly ambiguousRows = new Map<readonly string[], number>();

  private constructor(sources: readonly MapSource[]) {
    for (const source of sources) {
      const columnStart = this.columns.length;
      this.columns.push({ source: this.sources.length, chapter: undefined, title: 'Outside the chapters', line: 0 });
      for (const chapter of source.chapters) this.columns.push({ source: this.sources.length, chapter: chapter.number, title: chapter.title, line: chapter.line });
      this.sources.push({ source, columnStart, lines: new Array(source.index.lineCount), lineColumns: lineColumns(source) });
    }
    // Rows come after the columns: each row's counts are as long as the columns.
    const entities = sources[0]?.index.matcher.entities ?? [];
    for (const entity of entities) this.addRow({ id: entity.id, kind: entity.kind, name: entity.name, aliases: entity.aliases, candidates: [] });
    this.entityRows = this.rows.length;
    this.paragraphPairs = new PairCounts(this.entityRows);
    this.chapterPairs = new PairCounts(this.entityRows);
  }

  /** The map of these manuscripts (in book order), from their mention indexes; they share one cast. */
  static build(sources: readonly MapSource[]): CastMapModel {
    const model = new CastMapModel(sources);
    model.sources.forEach((state, sourceNumber) => {
      for (let line = 0; line < state.lines.length; line++) model.readLine(sourceNumber, line, false);
    });
    model.countChapterPairs();
    return model;
  }

  /**
   * After `replaceLines` replaced one line of a source's index with one line (a paragraph edited,
   * no line added or removed, no heading changed): that line's mentions are counted again, and
   * nothing else is read.
   */
  updateLine(sourceNumber: number, line: number): void {
    const state = this.sources[sourceNumber];
    if (!state || line < 0 || line >= state.lines.length) throw new RangeError(`no line ${line} in source ${sourceNumber} of the map`);
    if (state.source.index.lineCount !== state.lines.length) throw new RangeError('the index gained or lost lines: build the map again');
    this.tally(sourceNumber, line, -1);
    this.readLine(sourceNumber, line, true);
  }

  /** How many mentions of a row's entity (or ambiguous name) a column holds. */
  count(rowId: string, column: number): number {
    const row = this.rowById.get(rowId);
    return row === undefined ? 0 : (this.counts[row][column] ?? 0);
  }

  /** A row's mentions in all. */
  total(rowId: string): number {
    const row = this.rowById.get(rowId);
    return row === undefined ? 0 : this.totals[row];
  }

  /** The ambiguous mentions in all (the rows of ambiguous names). */
  ambiguousTotal(): number {
    let total = 0;
    for (let row = this.entityRows; row < this.rows.length; row++) total += this.totals[row];
    return total;
  }

  /** The chapters and the paragraphs that mention both entities. */
  cooccurrence(a: string, b: string): { chapters: number; paragraphs: number } {
    const rowA = this.rowById.get(a);
    const rowB = this.rowById.get(b);
    if (rowA === undefined || rowB === undefined || rowA === rowB || rowA >= this.entityRows || rowB >= this.entityRows) return { chapters: 0, paragraphs: 0 };
    return { chapters: this.chapterPairs.get(rowA, rowB), paragraphs: this.paragraphPairs.get(rowA, rowB) };
  }

  /** Every pair of entities that share paragraphs (or chapters), with how many. */
  pairs(by: 'paragraphs' | 'chapters'): { a: string; b: string; count: number }[] {
    const result: { a: string; b: string; count: number }[] = [];
    (by === 'paragraphs' ? this.paragraphPairs : this.chapterPairs).forEach((low, high, count) => result.push({ a: this.rows[low].id, b: this.rows[high].id, count }));
    return result;
  }

  /** A snapshot for views and exports, with the annotations linked to entities. */
  data(links: readonly MapLink[] = []): CastMapData {
    const starts = this.sources.map((state) => {
      const offsets = new Float64Array(state.lines.length + 1);
      for (let line = 0; line < state.lines.length; line++) offsets[line + 1] = offsets[line] + state.source.index.lineText(line).length + 1;
      return offsets;
    });
    const sourceStarts: number[] = [];
    let bookLength = 0;
    for (const offsets of starts) {
      sourceStarts.push(bookLength);
      // The last line has no line break after it (a line break counts as one character).
      bookLength += Math.max(0, offsets[offsets.length - 1] - 1);
    }
    const along = (source: number, line: number, character: number) => (bookLength === 0 ? 0 : (sourceStarts[source] + starts[source][line] + character) / bookLength);

    // Columns outside chapters are shown only where something is there.
    const shown = this.columns.map((column, index) => column.chapter !== undefined || this.counts.some((row) => row[index] > 0) || links.some((link) => this.columnOf(link.source, link.line) === index));
    const columnIndex: number[] = [];
    const columns: MapColumn[] = [];
    this.columns.forEach((column, index) => {
      columnIndex.push(shown[index] ? columns.length : -1);
      if (shown[index]) columns.push(column);
    });

    const places: number[][] = this.rows.map(() => []);
    const ticks: number[][] = this.rows.map(() => []);
    this.sources.forEach((state, source) => {
      state.lines.forEach((entries, line) => {
        if (!entries) return;
        const column = columnIndex[this.columnOf(source, line)];
        for (let k = 0; k < entries.length; k += 3) {
          places[entries[k]].push(source, line, entries[k + 1], entries[k + 2], column);
          ticks[entries[k]].push(along(source, line, entries[k + 1]));
        }
      });
    });
    const annotationCells = this.rows.map(() => new Array<number>(columns.length).fill(0));
    const annotationTicks: number[][] = this.rows.map(() => []);
    for (const link of links) {
      const column = columnIndex[this.columnOf(link.source, link.line)];
      for (const id of new Set(link.entities)) {
        const row = this.rowById.get(id);
        if (row === undefined || column < 0) continue;
        annotationCells[row][column]++;
        annotationTicks[row].push(along(link.source, link.line, link.character));
      }
    }
    const companions = this.companions();
    let maxCell = 0;
    const rows = this.rows.map((info, row): MapRow => {
      const cells: number[] = [];
      this.counts[row].forEach((count, index) => {
        if (columnIndex[index] < 0) return;
        cells.push(count);
        if (count > maxCell) maxCell = count;
      });
      return {
        ...info,
        order: row,
        total: this.totals[row],
        cells,
        places: places[row],
        ticks: ticks[row],
        annotationCells: annotationCells[row],
        annotationTicks: annotationTicks[row].sort((a, b) => a - b),
        companions: companions[row],
      };
    });
    return { sources: this.sources.map(({ source }) => ({ id: source.id, label: source.label })), columns, rows, maxCell };
  }

  private columnOf(sourceNumber: number, line: number): number {
    const { columnStart, lineColumns } = this.sources[sourceNumber];
    return columnStart + (lineColumns[line] ?? 0);
  }

  private addRow(info: RowInfo): number {
    const row = this.rows.length;
    this.rows.push(info);
    this.rowById.set(info.id, row);
    this.counts.push(new Int32Array(this.columns.length));
    this.totals.push(0);
    return row;
  }

  /** The row of a mention: its entity's, or that of its candidates when ambiguous; undefined for an entity not in the cast. */
  private rowOf(entity: string | undefined, candidates: readonly string[]): number | undefined {
    if (entity !== undefined) return this.rowById.get(entity);
    const known = this.ambiguousRows.get(candidates);
    if (known !== undefined) return known;
    const id = `?${candidates.join('|')}`;
    let row = this.rowById.get(id);
    if (row === undefined) {
      const names = candidates.map((candidate) => this.rows[this.rowById.get(candidate) ?? -1]?.name ?? candidate);
      row = this.addRow({ id, kind: 'ambiguous', name: `${names.join(' or ')}?`, aliases: [], candidates });
    }
    this.ambiguousRows.set(candidates, row);
    return row;
  }

  /** Reads a line's mentions from the index into the line's entries and the counts. */
  private readLine(sourceNumber: number, line: number, keepChapterPairs: boolean): void {
    const state = this.sources[sourceNumber];
    const entries: number[] = [];
    state.source.index.forEachOnLine(line, (character, length, entity, candidates) => {
      const row = this.rowOf(entity, candidates);
      if (row !== undefined) entries.push(row, character, length);
    });
    state.lines[line] = entries.length === 0 ? undefined : Int32Array.from(entries);
    this.tally(sourceNumber, line, 1, keepChapterPairs);
  }

  /** Adds (or, with -1, takes away) a line's entries to the counts and the pairs. */
  private tally(sourceNumber: number, line: number, sign: 1 | -1, keepChapterPairs = true): void {
    const entries = this.sources[sourceNumber].lines[line];
    if (!entries) return;
    const column = this.columnOf(sourceNumber, line);
    const present: number[] = [];
    for (let k = 0; k < entries.length; k += 3) {
      const row = entries[k];
      const cells = this.counts[row];
      const before = cells[column];
      cells[column] = before + sign;
      this.totals[row] += sign;
      if (row >= this.entityRows) continue;
      if (!present.includes(row)) present.push(row);
      if (keepChapterPairs && (before === 0 || before + sign === 0)) this.chapterPresenceChanged(row, column, sign);
    }
    for (let i = 0; i < present.length; i++) {
      for (let j = i + 1; j < present.length; j++) this.paragraphPairs.add(present[i], present[j], sign);
    }
  }

  /** An entity came into (or left) a chapter: its pairs with every other entity there change. */
  private chapterPresenceChanged(row: number, column: number, sign: 1 | -1): void {
    for (let other = 0; other < this.entityRows; other++) {
      if (other !== row && this.counts[other][column] > 0) this.chapterPairs.add(row, other, sign);
    }
  }

  private countChapterPairs(): void {
    const present: number[][] = this.columns.map(() => []);
    for (let row = 0; row < this.entityRows; row++) {
      const cells = this.counts[row];
      for (let column = 0; column < cells.length; column++) if (cells[column] > 0) present[column].push(row);
    }
    for (const rows of present) {
      for (let i = 0; i < rows.length; i++) for (let j = i + 1; j < rows.length; j++) this.chapterPairs.add(rows[i], rows[j], 1);
    }
  }

  /** Per row, the entities it shares most paragraphs with (ties: cast order). */
  private companions(): { id: string; paragraphs: number }[][] {
    const lists: [number, number][][] = this.rows.map(() => []);
    this.paragraphPairs.forEach((low, high, paragraphs) => {
      lists[low].push([high, paragraphs]);
      lists[high].push([low, paragraphs]);
    });
    return lists.map((list) =>
      list
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, COMPANIONS)
        .map(([row, paragraphs]) => ({ id: this.rows[row].id, paragraphs })),
    );
  }
}

/** Each line's column: the chapter whose heading is the last at or above it, if the line is within that chapter. */
function lineColumns(source: MapSource): Uint32Array {
  const columns = new Uint32Array(source.index.lineCount);
  source.chapters.forEach((chapter, k) => {
    const end = Math.min(chapter.range.end.line, columns.length - 1);
    for (let line = chapter.line; line <= end; line++) columns[line] = k + 1;
  });
  return columns;
}

