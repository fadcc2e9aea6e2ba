import type { CastMapData } from './castMap';
import { columnLabel } from './mapView';

/**
 * The cast map as CSV (RFC 4180; Export as CSV, `marginalia map --csv`): a row per entity with its
 * id, kind, name, total, the chapter of its first appearance and a column of counts per chapter.
 * Names come from the cast file, which is not ours: every field is quoted as needed, and one that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) gets a
 * leading `'`, as OWASP advises for CSV injection.
 */
export function renderMapCsv(data: CastMapData, order: readonly number[]): string {
  const several = data.sources.length > 1;
  const header = ['id', 'kind', 'name', 'total', 'first chapter', ...data.columns.map((column) => (several ? `${data.sources[column.source].label} ${columnLabel(column)}` : columnLabel(column)))];
  const lines = [header.map(csvField).join(',')];
  for (const index of order) {
    const row = data.rows[index];
    const firstColumn = row.places.length > 0 ? data.columns[row.places[4]] : undefined;
    const first = firstColumn ? columnLabel(firstColumn) : '';
    lines.push([row.id, row.kind, row.name, String(row.total), first, ...row.cells.map(String)].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: defused if a spreadsheet would read it as a formula, quoted if it holds a quote, comma or line break. */
export function csvField(value: string): string {
  // Counts are numbers: a negative one cannot occur, and `-` starts only untrusted text.
  const defused = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}
