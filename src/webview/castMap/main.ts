import type { CastMapData, MapRowKind } from '../../core/map/castMap';
import type { FromWebview, MapScope, MapViewState, ShareMode, ToWebview } from '../../core/map/mapProtocol';
import { arrangeRows, sharedChapters, sharedParagraphs, type MapSort } from '../../core/map/mapView';
import { nearestTick, renderRows, renderTable, type Highlight, type Marks } from './table';

/**
 * The Cast Map's webview: draws the data the extension posts (core/map computed it), keeps what
 * the reader chose (sort, filters, selected rows, the focused cell) across updates, and posts back
 * what a click or a key asks for. No inline script or style: the page's policy allows neither.
 */

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const KINDS: readonly { kind: MapRowKind; label: string }[] = [
  { kind: 'person', label: 'People' },
  { kind: 'place', label: 'Places' },
  { kind: 'organization', label: 'Organizations' },
  { kind: 'ambiguous', label: 'Ambiguous' },
];

interface State {
  sort: MapSort;
  kinds: MapRowKind[];
  name: string;
  minCount: number;
  mode: ShareMode;
  selected: string[];
  /** The focused cell: row id and column (-1: the name). */
  focus: { row: string; column: number } | undefined;
}

const saved = vscode.getState() as Partial<State> | undefined;
const state: State = {
  sort: saved?.sort ?? 'first',
  kinds: saved?.kinds ?? KINDS.map((k) => k.kind),
  name: saved?.name ?? '',
  minCount: saved?.minCount ?? 0,
  mode: saved?.mode ?? 'chapters',
  selected: saved?.selected ?? [],
  focus: saved?.focus,
};
let data: CastMapData | undefined;
let scope: MapScope = 'active';
let order: number[] = [];
let firstPaintPending = true;

const root = document.getElementById('castMap')!;
const toolbar = buildToolbar();
const status = document.createElement('p');
status.id = 'status';
status.setAttribute('role', 'status');
const scroller = document.createElement('div');
scroller.id = 'scroller';
const companions = document.createElement('p');
companions.id = 'companions';
companions.setAttribute('aria-live', 'polite');
root.append(toolbar.element, status, companions, scroller);

/** Rows drawn at once: more than a screen holds. The rest follow frame by frame, so that the first screen paints at once. */
const FIRST_ROWS = 50;
const ROWS_PER_FRAME = 40;
/** Each render's number: rows still being appended for an older render stop. */
let generation = 0;

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message.type === 'data') {
    data = message.data;
    scope = message.scope;
    toolbar.scope.value = scope;
    render(firstPaintPending && data ? performance.now() : undefined);
    if (data) firstPaintPending = false;
  } else if (message.type === 'focus') {
    if (!state.selected.includes(message.row)) state.selected = [message.row];
    state.focus = { row: message.row, column: -1 };
    render();
    focusCell(true);
  }
});

/** Draws the map; with `timedFrom`, writes when the first screen and every row were painted (read by the UI test). */
function render(timedFrom?: number): void {
  const map = data;
  if (!map) {
    scroller.replaceChildren();
    status.textContent = 'Open a manuscript of a book whose marginalia.yaml has a cast (people, places, organizations).';
    companions.textContent = '';
    return;
  }
  vscode.setState(state);
  order = arrangeRows(map, state.sort, { kinds: state.kinds, name: state.name, minCount: state.minCount });
  const ids = new Map(map.rows.map((row, index) => [row.id, index]));
  const selectedRows = state.selected.map((id) => ids.get(id)).filter((index): index is number => index !== undefined);
  const marks: Marks = { selected: new Set(state.selected), highlight: highlightOf(map, selectedRows) };
  // Markup we made, every name in it escaped (table.ts): parsed in one go.
  scroller.innerHTML = renderTable(map, order, FIRST_ROWS, marks);
  if (timedFrom !== undefined) document.body.setAttribute('data-markup-ms', (performance.now() - timedFrom).toFixed(1));
  const body = scroller.querySelector('tbody')!;
  const current = ++generation;
  const mark = (attribute: string) => timedFrom !== undefined && document.body.setAttribute(attribute, (performance.now() - timedFrom).toFixed(1));
  let next = FIRST_ROWS;
  const more = () => {
    if (current !== generation) return;
    if (next >= order.length) {
      requestAnimationFrame(() => requestAnimationFrame(() => mark('data-all-rows-ms')));
      return;
    }
    body.insertAdjacentHTML('beforeend', renderRows(map, order, next, next + ROWS_PER_FRAME, marks));
    next += ROWS_PER_FRAME;
    requestAnimationFrame(more);
  };
  // The first screen is painted (the frame after the next has begun) before any more rows come.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      mark('data-first-paint-ms');
      more();
    }),
  );
  const mentions = map.rows.reduce((sum, row) => sum + (row.kind === 'ambiguous' ? 0 : row.total), 0);
  const ambiguous = map.rows.reduce((sum, row) => sum + (row.kind === 'ambiguous' ? row.total : 0), 0);
  const files = map.sources.length > 1 ? ` in ${map.sources.length} manuscripts` : '';
  status.textContent = `${order.length} of ${map.rows.length} rows × ${map.columns.length} chapters${files} · ${mentions} mentions · ${ambiguous} ambiguous`;
  describeSelection(map, selectedRows);
  focusCell(false);
}

/** The columns (and paragraphs) the selected rows share, as the chosen mode says. */
function highlightOf(map: CastMapData, rows: readonly number[]): Highlight {
  if (state.mode === 'chapters') return { columns: sharedChapters(map, rows), counts: undefined, paragraphs: new Set() };
  const shared = sharedParagraphs(map, rows);
  return { columns: shared.perColumn.map((count) => count > 0), counts: shared.perColumn, paragraphs: new Set(shared.paragraphs.map((p) => `${p.source}:${p.line}`)) };
}

function describeSelection(map: CastMapData, rows: readonly number[]): void {
  if (rows.length === 1) {
    const row = map.rows[rows[0]];
    const names = row.companions.map((companion) => `${map.rows.find((other) => other.id === companion.id)?.name ?? companion.id} (${companion.paragraphs})`);
    companions.textContent = names.length ? `${row.name} most often shares paragraphs with: ${names.join(', ')}.` : `${row.name} shares no paragraph with anyone in the cast.`;
  } else if (rows.length > 1) {
    const highlight = highlightOf(map, rows);
    const chapters = highlight.columns.filter(Boolean).length;
    const paragraphs = highlight.counts?.reduce((a, b) => a + b, 0);
    companions.textContent = `${rows.length} selected: together in ${chapters} chapter${chapters === 1 ? '' : 's'}${paragraphs === undefined ? '' : `, ${paragraphs} paragraph${paragraphs === 1 ? '' : 's'}`}.`;
  } else {
    companions.textContent = 'Select rows (their boxes, or Space) to see where they appear together.';
  }
}

// ---------------------------------------------------------------------------------------------
// Pointer and keyboard

scroller.addEventListener('click', (event) => {
  const target = event.target as Element;
  const tr = target.closest('tr');
  const rowId = tr?.dataset.row;
  if (!rowId || !data) return;
  const td = target.closest('td');
  if (target instanceof HTMLInputElement) {
    toggle(rowId);
  } else if (target.closest('button.entity')) {
    post({ type: 'reveal', row: rowId });
  } else if (td?.classList.contains('cell')) {
    state.focus = { row: rowId, column: Number(td.dataset.column) };
    if (Number(td.dataset.count) > 0) post({ type: 'openCell', row: rowId, column: Number(td.dataset.column) });
  } else if (td?.classList.contains('strip')) {
    const svg = td.querySelector('svg');
    const row = data.rows.find((candidate) => candidate.id === rowId);
    const index = svg && row ? nearestTick(row, (event as MouseEvent).clientX - svg.getBoundingClientRect().left) : undefined;
    if (index !== undefined) post({ type: 'openMention', row: rowId, index });
  }
});

// A cell's tooltip is its label, given when the pointer first reaches it.
scroller.addEventListener('mouseover', (event) => {
  const td = (event.target as Element).closest('td.cell');
  if (td && !td.hasAttribute('title')) td.setAttribute('title', td.getAttribute('aria-label') ?? '');
});

scroller.addEventListener('keydown', (event) => {
  if (!data || !state.focus) return;
  const position = order.findIndex((index) => data!.rows[index].id === state.focus!.row);
  if (position < 0) return;
  let row = position;
  let column = state.focus.column;
  switch (event.key) {
    case 'ArrowUp':
      row = Math.max(0, row - 1);
      break;
    case 'ArrowDown':
      row = Math.min(order.length - 1, row + 1);
      break;
    case 'ArrowLeft':
      column = Math.max(-1, column - 1);
      break;
    case 'ArrowRight':
      column = Math.min(data.columns.length - 1, column + 1);
      break;
    case 'Home':
      column = event.ctrlKey ? column : -1;
      row = event.ctrlKey ? 0 : row;
      break;
    case 'End':
      column = event.ctrlKey ? column : data.columns.length - 1;
      row = event.ctrlKey ? order.length - 1 : row;
      break;
    case 'Enter': {
      const id = state.focus.row;
      if (column < 0) post({ type: 'reveal', row: id });
      else post({ type: 'openCell', row: id, column });
      event.preventDefault();
      return;
    }
    case ' ':
      toggle(state.focus.row);
      event.preventDefault();
      return;
    default:
      return;
  }
  event.preventDefault();
  state.focus = { row: data.rows[order[row]].id, column };
  focusCell(true);
});

scroller.addEventListener('focusin', (event) => {
  const element = event.target as HTMLElement;
  const rowId = element.closest('tr')?.dataset.row;
  if (!rowId) return;
  const column = element.dataset.column;
  state.focus = { row: rowId, column: column === undefined ? -1 : Number(column) };
});

/** Gives the focused cell the one tab stop of the grid (a roving tabindex), and the focus if asked. */
function focusCell(take: boolean): void {
  scroller.querySelectorAll('[tabindex="0"]').forEach((element) => element.setAttribute('tabindex', '-1'));
  let target: HTMLElement | null = null;
  if (state.focus) {
    const tr = [...scroller.querySelectorAll<HTMLTableRowElement>('tbody tr')].find((candidate) => candidate.dataset.row === state.focus!.row);
    target = state.focus.column < 0 ? (tr?.querySelector<HTMLElement>('button.entity') ?? null) : (tr?.querySelector<HTMLElement>(`td.cell[data-column="${state.focus.column}"]`) ?? null);
  }
  target ??= scroller.querySelector<HTMLElement>('tbody button.entity');
  if (!target) return;
  target.tabIndex = 0;
  if (take) {
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
}

function toggle(rowId: string): void {
  state.selected = state.selected.includes(rowId) ? state.selected.filter((id) => id !== rowId) : [...state.selected, rowId];
  render();
  focusCell(true);
}

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

// ---------------------------------------------------------------------------------------------
// The toolbar

function buildToolbar(): { element: HTMLElement; scope: HTMLSelectElement } {
  const element = document.createElement('div');
  element.id = 'toolbar';
  element.setAttribute('role', 'toolbar');
  element.setAttribute('aria-label', 'Cast Map options');
  const scopeSelect = select('Show', [['active', 'The active manuscript'], ['book', 'The whole book']], 'active', (value) => post({ type: 'scope', scope: value as MapScope }));
  const sortSelect = select('Sort by', [['first', 'First appearance'], ['count', 'Mentions'], ['name', 'Name']], state.sort, (value) => {
    state.sort = value as MapSort;
    render();
  });
  const modeSelect = select('Together in', [['chapters', 'Chapters'], ['paragraphs', 'Paragraphs']], state.mode, (value) => {
    state.mode = value as ShareMode;
    render();
  });
  const kinds = document.createElement('fieldset');
  const legend = document.createElement('legend');
  legend.textContent = 'Kinds';
  kinds.append(legend);
  for (const { kind, label } of KINDS) {
    const wrapper = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = state.kinds.includes(kind);
    box.addEventListener('change', () => {
      state.kinds = box.checked ? [...state.kinds, kind] : state.kinds.filter((k) => k !== kind);
      render();
    });
    wrapper.append(box, ` ${label}`);
    kinds.append(wrapper);
  }
  const name = input('Name', 'search', state.name, (value) => {
    state.name = value;
    render();
  });
  const minimum = input('At least', 'number', String(state.minCount), (value) => {
    state.minCount = Math.max(0, Number(value) || 0);
    render();
  });
  minimum.querySelector('input')!.min = '0';
  const exports = document.createElement('span');
  for (const format of ['svg', 'csv'] as const) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `Export as ${format.toUpperCase()}`;
    button.addEventListener('click', () => post({ type: 'export', format, view: viewState() }));
    exports.append(button);
  }
  element.append(scopeSelect, sortSelect, kinds, name, minimum, modeSelect, exports);
  return { element, scope: scopeSelect.querySelector('select')! };
}

function viewState(): MapViewState {
  return { sort: state.sort, filter: { kinds: state.kinds, name: state.name, minCount: state.minCount }, selected: state.selected, mode: state.mode };
}

function select(label: string, options: readonly [string, string][], value: string, changed: (value: string) => void): HTMLLabelElement {
  const wrapper = document.createElement('label');
  const element = document.createElement('select');
  for (const [optionValue, text] of options) element.append(new Option(text, optionValue, false, optionValue === value));
  element.addEventListener('change', () => changed(element.value));
  wrapper.append(`${label} `, element);
  return wrapper;
}

function input(label: string, type: string, value: string, changed: (value: string) => void): HTMLLabelElement {
  const wrapper = document.createElement('label');
  const element = document.createElement('input');
  element.type = type;
  element.value = value;
  element.addEventListener('input', () => changed(element.value));
  wrapper.append(`${label} `, element);
  return wrapper;
}

post({ type: 'ready' });
