import { PLACE_FIELDS, type CastMapData, type MapRow } from '../../core/map/castMap';
import { cellLabel, columnLabel, columnTitle } from '../../core/map/mapView';

/**
 * The map's grid, as DOM: a table whose header row and first column stay in view (CSS `sticky`),
 * one shaded cell per chapter (nine levels of the theme's chart colour), the total, and the row's
 * dispersion strip as SVG. Every text goes in through `textContent` or an attribute: names from
 * the cast never become markup.
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

/** The table of the rows `order` (indexes into `data.rows`). */
export function renderTable(data: CastMapData, order: readonly number[], selected: ReadonlySet<string>, highlight: Highlight): HTMLTableElement {
  const table = document.createElement('table');
  table.id = 'grid';
  table.setAttribute('role', 'grid');
  table.setAttribute('aria-label', `Cast map: ${order.length} entities by ${data.columns.length} chapters`);
  table.setAttribute('aria-rowcount', String(order.length + 1));
  table.setAttribute('aria-colcount', String(data.columns.length + 3));
  table.append(renderHeader(data, highlight));
  const body = document.createElement('tbody');
  order.forEach((rowIndex, position) => body.append(renderRow(data, data.rows[rowIndex], position, selected.has(data.rows[rowIndex].id), highlight)));
  table.append(body);
  return table;
}

function renderHeader(data: CastMapData, highlight: Highlight): HTMLTableSectionElement {
  const head = document.createElement('thead');
  const tr = document.createElement('tr');
  tr.setAttribute('role', 'row');
  const corner = cell('th', 'corner', 'Entity');
  corner.setAttribute('role', 'columnheader');
  tr.append(corner);
  data.columns.forEach((column, index) => {
    const th = cell('th', 'chapter', columnLabel(column));
    th.setAttribute('role', 'columnheader');
    th.title = columnTitle(data, column);
    th.dataset.column = String(index);
    if (highlight.columns[index]) {
      th.classList.add('shared');
      const count = highlight.counts?.[index];
      if (count !== undefined) th.title += `\n${count} shared paragraph${count === 1 ? '' : 's'}`;
    }
    tr.append(th);
  });
  for (const [className, text] of [['total', 'Total'], ['strip', 'Along the book']]) {
    const th = cell('th', className, text);
    th.setAttribute('role', 'columnheader');
    tr.append(th);
  }
  head.append(tr);
  return head;
}

function renderRow(data: CastMapData, row: MapRow, position: number, isSelected: boolean, highlight: Highlight): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.setAttribute('role', 'row');
  tr.setAttribute('aria-rowindex', String(position + 2));
  tr.setAttribute('aria-selected', String(isSelected));
  tr.dataset.row = row.id;
  tr.className = `kind-${row.kind}${isSelected ? ' selected' : ''}`;

  const name = document.createElement('th');
  name.setAttribute('role', 'rowheader');
  name.className = 'name';
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = isSelected;
  box.tabIndex = -1;
  box.setAttribute('aria-label', `Select ${row.name}`);
  const label = document.createElement('button');
  label.type = 'button';
  label.className = 'entity';
  label.tabIndex = -1;
  label.textContent = row.name;
  label.title = row.kind === 'ambiguous' ? `Ambiguous: ${row.name} (not counted for any of them)` : `${row.name}${row.aliases.length ? ` (also ${row.aliases.join(', ')})` : ''}: show in People & Places`;
  name.append(box, label);
  tr.append(name);

  row.cells.forEach((count, column) => {
    const td = cell('td', `cell l${levelOf(count, data.maxCell)}`, count > 0 ? String(count) : '');
    td.setAttribute('role', 'gridcell');
    td.tabIndex = -1;
    td.dataset.column = String(column);
    td.dataset.count = String(count);
    const annotations = row.annotationCells[column];
    const label = cellLabel(row, data.columns[column], count) + (annotations > 0 ? `, ${annotations} annotation${annotations === 1 ? '' : 's'}` : '');
    td.setAttribute('aria-label', label);
    td.title = label;
    if (annotations > 0) td.classList.add('annotated');
    if (isSelected && highlight.columns[column]) td.classList.add('shared');
    tr.append(td);
  });
  const total = cell('td', 'total', String(row.total));
  total.setAttribute('role', 'gridcell');
  tr.append(total);
  const strip = document.createElement('td');
  strip.setAttribute('role', 'gridcell');
  strip.className = 'strip';
  strip.append(renderStrip(row, isSelected ? highlight.paragraphs : undefined));
  tr.append(strip);
  return tr;
}

/** The dispersion strip: a tick per mention along the whole book, a dot per linked annotation. */
function renderStrip(row: MapRow, shared: ReadonlySet<string> | undefined): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(STRIP_WIDTH));
  svg.setAttribute('height', String(STRIP_HEIGHT));
  svg.setAttribute('viewBox', `0 0 ${STRIP_WIDTH} ${STRIP_HEIGHT}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${row.name}: ${row.total} mention${row.total === 1 ? '' : 's'} along the book`);
  const base = document.createElementNS(SVG, 'line');
  setAttributes(base, { class: 'base', x1: 0, x2: STRIP_WIDTH, y1: STRIP_HEIGHT / 2, y2: STRIP_HEIGHT / 2 });
  svg.append(base);
  // Ticks in two paths (plain and shared): thousands of mentions stay two elements.
  let plain = '';
  let highlighted = '';
  row.ticks.forEach((tick, index) => {
    const x = (tick * (STRIP_WIDTH - 2) + 1).toFixed(1);
    const k = index * PLACE_FIELDS;
    const segment = `M${x} 2v${STRIP_HEIGHT - 4}`;
    if (shared?.has(`${row.places[k]}:${row.places[k + 1]}`)) highlighted += segment;
    else plain += segment;
  });
  for (const [className, d] of [['tick', plain], ['tick shared', highlighted]]) {
    if (!d) continue;
    const path = document.createElementNS(SVG, 'path');
    setAttributes(path, { class: className, d });
    svg.append(path);
  }
  for (const tick of row.annotationTicks) {
    const dot = document.createElementNS(SVG, 'circle');
    setAttributes(dot, { class: 'annotation', cx: (tick * (STRIP_WIDTH - 2) + 1).toFixed(1), cy: STRIP_HEIGHT / 2, r: 2.5 });
    svg.append(dot);
  }
  return svg;
}

/** The mention nearest to a click on a strip, `x` pixels from its left: its index in the row's ticks. */
export function nearestTick(row: MapRow, x: number): number | undefined {
  let best: number | undefined;
  let distance = Infinity;
  row.ticks.forEach((tick, index) => {
    const d = Math.abs(tick * (STRIP_WIDTH - 2) + 1 - x);
    if (d < distance) {
      distance = d;
      best = index;
    }
  });
  return distance <= 6 ? best : undefined;
}

function cell(tag: 'th' | 'td', className: string, text: string): HTMLTableCellElement {
  const element = document.createElement(tag);
  element.className = className;
  element.textContent = text;
  return element;
}

function setAttributes(element: Element, attributes: Record<string, string | number>): void {
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
}
