import { PLACE_FIELDS, type CastMapData, type MapRow } from '../../core/map/castMap';
import { cellLabel, columnLabel, columnTitle } from '../../core/map/mapView';

/**
 * The map's grid: a table whose header row and first column stay in view (CSS `sticky`), one
 * shaded cell per chapter (nine levels of the theme's chart colour), the total, and the row's
 * dispersion strip as SVG. Names from the cast are escaped wherever they go: they never become
 * markup.
 */

const SVG = 'http://www.w3.org/2000/svg';
export const STRIP_WIDTH = 240;
const STRIP_HEIGHT = 16;
const LEVELS = 8;

/** Where selected rows appear together: columns to mark, and (paragraph mode) the paragraphs. */
export interface Highlight {
  readonly columns: readonly boolean[];
  /** Per column, how many shared paragraphs (paragraph mode). */
  readonly counts: readonly number[] | undefined;
  /** `source:line` of shared paragraphs. */
  readonly paragraphs: ReadonlySet<string>;
}

/** The shade of a count: 0 (none) to `LEVELS`, on a square-root scale so that small counts still show. */
export function levelOf(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(1, Math.ceil(Math.sqrt(count / max) * LEVELS));
}

/** What selected rows share, and which rows are selected: how every row is drawn. */
export interface Marks {
  readonly selected: ReadonlySet<string>;
  readonly highlight: Highlight;
}

/**
 * The table, with the first `count` rows of `order` (indexes into `data.rows`), as markup: one
 * string parsed once is many times faster than a DOM call per cell. Every text in it is escaped.
 */
export function renderTable(data: CastMapData, order: readonly number[], count: number, marks: Marks): string {
  const label = escape(`Cast map: ${order.length} entities by ${data.columns.length} chapters`);
  return (
    `<table id="grid" role="grid" aria-label="${label}" aria-rowcount="${order.length + 1}" aria-colcount="${data.columns.length + 3}">` +
    `${renderHeader(data, marks.highlight)}<tbody>${renderRows(data, order, 0, count, marks)}</tbody></table>`
  );
}

/** The rows `order[from, to)`, as markup to append to the table's body. */
export function renderRows(data: CastMapData, order: readonly number[], from: number, to: number, marks: Marks): string {
  const parts: string[] = [];
  for (let position = from; position < Math.min(to, order.length); position++) {
    const row = data.rows[order[position]];
    parts.push(renderRow(data, row, position, marks.selected.has(row.id), marks.highlight));
  }
  return parts.join('');
}

function renderHeader(data: CastMapData, highlight: Highlight): string {
  const cells = data.columns.map((column, index) => {
    let title = columnTitle(data, column);
    const shared = highlight.columns[index];
    const count = highlight.counts?.[index];
    if (shared && count !== undefined) title += `\n${count} shared paragraph${count === 1 ? '' : 's'}`;
    return `<th class="chapter${shared ? ' shared' : ''}" data-column="${index}" title="${escape(title)}">${escape(columnLabel(column))}</th>`;
  });
  return `<thead><tr><th class="corner">Entity</th>${cells.join('')}<th class="total">Total</th><th class="strip">Along the book</th></tr></thead>`;
}

function renderRow(data: CastMapData, row: MapRow, position: number, isSelected: boolean, highlight: Highlight): string {
  const name = escape(row.name);
  const tip = row.kind === 'ambiguous' ? `Ambiguous: ${row.name} (not counted for any of them)` : `${row.name}${row.aliases.length ? ` (also ${row.aliases.join(', ')})` : ''}: show in People & Places`;
  const parts: string[] = [
    `<tr aria-rowindex="${position + 2}" aria-selected="${isSelected}" data-row="${escape(row.id)}" class="kind-${row.kind}${isSelected ? ' selected' : ''}">`,
    `<th class="name"><input type="checkbox" tabindex="-1"${isSelected ? ' checked' : ''} aria-label="Select ${name}"><button type="button" class="entity" tabindex="-1" title="${escape(tip)}">${name}</button></th>`,
  ];
  row.cells.forEach((count, column) => {
    const annotations = row.annotationCells[column];
    const label = cellLabel(row, data.columns[column], count) + (annotations > 0 ? `, ${annotations} annotation${annotations === 1 ? '' : 's'}` : '');
    const classes = `cell l${levelOf(count, data.maxCell)}${annotations > 0 ? ' annotated' : ''}${isSelected && highlight.columns[column] ? ' shared' : ''}`;
    // The tooltip is the label, set on hover (main.ts): written once here, not twice.
    parts.push(`<td class="${classes}" tabindex="-1" data-column="${column}" data-count="${count}" aria-label="${escape(label)}">${count > 0 ? count : ''}</td>`);
  });
  parts.push(`<td class="total">${row.total}</td><td class="strip">${renderStrip(row, isSelected ? highlight.paragraphs : undefined)}</td></tr>`);
  return parts.join('');
}

/** The dispersion strip: a tick per mention along the whole book, a dot per linked annotation. */
function renderStrip(row: MapRow, shared: ReadonlySet<string> | undefined): string {
  const label = escape(`${row.name}: ${row.total} mention${row.total === 1 ? '' : 's'} along the book`);
  const parts = [
    `<svg xmlns="${SVG}" width="${STRIP_WIDTH}" height="${STRIP_HEIGHT}" viewBox="0 0 ${STRIP_WIDTH} ${STRIP_HEIGHT}" role="img" aria-label="${label}">`,
    `<line class="base" x1="0" x2="${STRIP_WIDTH}" y1="${STRIP_HEIGHT / 2}" y2="${STRIP_HEIGHT / 2}"/>`,
  ];
  // Ticks in two paths (plain and shared): thousands of mentions stay two elements.
  let plain = '';
  let highlighted = '';
  row.ticks.forEach((tick, index) => {
    const k = index * PLACE_FIELDS;
    const segment = `M${tickX(tick).toFixed(1)} 2v${STRIP_HEIGHT - 4}`;
    if (shared?.has(`${row.places[k]}:${row.places[k + 1]}`)) highlighted += segment;
    else plain += segment;
  });
  if (plain) parts.push(`<path class="tick" d="${plain}"/>`);
  if (highlighted) parts.push(`<path class="tick shared" d="${highlighted}"/>`);
  for (const tick of row.annotationTicks) parts.push(`<circle class="annotation" cx="${tickX(tick).toFixed(1)}" cy="${STRIP_HEIGHT / 2}" r="2.5"/>`);
  parts.push('</svg>');
  return parts.join('');
}

function tickX(tick: number): number {
  return tick * (STRIP_WIDTH - 2) + 1;
}

/** The mention nearest to a click on a strip, `x` pixels from its left: its index in the row's ticks. */
export function nearestTick(row: MapRow, x: number): number | undefined {
  let best: number | undefined;
  let distance = Infinity;
  row.ticks.forEach((tick, index) => {
    const d = Math.abs(tickX(tick) - x);
    if (d < distance) {
      distance = d;
      best = index;
    }
  });
  return distance <= 6 ? best : undefined;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for markup, as element content or a quoted attribute value. */
export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}
