import type { CastMapData, MapRowKind } from './castMap';
import { MAP_SORTS, type MapFilter, type MapSort } from './mapView';

/**
 * The messages between the Cast Map's webview and the extension. The webview is ours, but what it
 * posts is checked all the same (`readWebviewMessage`): a message is data, never trusted to be of
 * the right shape.
 */

/** The manuscript shown, or every manuscript of its book. */
export type MapScope = 'active' | 'book';

/** Where selected rows appear together: in the same chapters, or in the same paragraphs. */
export type ShareMode = 'chapters' | 'paragraphs';

/** What the webview shows: what an export writes. */
export interface MapViewState {
  readonly sort: MapSort;
  readonly filter: MapFilter;
  /** Row ids. */
  readonly selected: readonly string[];
  readonly mode: ShareMode;
}

export type ToWebview =
  | { readonly type: 'data'; readonly data: CastMapData | undefined; readonly scope: MapScope }
  /** Select and show a row (the map opened from an entity of People & Places). */
  | { readonly type: 'focus'; readonly row: string };

export type FromWebview =
  | { readonly type: 'ready' }
  /** A cell: the row's first mention in that column. */
  | { readonly type: 'openCell'; readonly row: string; readonly column: number }
  /** A tick: the row's `index`-th mention. */
  | { readonly type: 'openMention'; readonly row: string; readonly index: number }
  | { readonly type: 'reveal'; readonly row: string }
  | { readonly type: 'scope'; readonly scope: MapScope }
  | { readonly type: 'export'; readonly format: 'svg' | 'csv'; readonly view: MapViewState };

const KINDS: ReadonlySet<string> = new Set<MapRowKind>(['person', 'place', 'organization', 'ambiguous']);

/** A message from the webview, checked field by field; undefined when it is not one we know. */
export function readWebviewMessage(message: unknown): FromWebview | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  const isText = (value: unknown): value is string => typeof value === 'string';
  const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'openCell':
      return isText(m.row) && isCount(m.column) ? { type: 'openCell', row: m.row, column: m.column } : undefined;
    case 'openMention':
      return isText(m.row) && isCount(m.index) ? { type: 'openMention', row: m.row, index: m.index } : undefined;
    case 'reveal':
      return isText(m.row) ? { type: 'reveal', row: m.row } : undefined;
    case 'scope':
      return m.scope === 'active' || m.scope === 'book' ? { type: 'scope', scope: m.scope } : undefined;
    case 'export': {
      const view = readViewState(m.view);
      return (m.format === 'svg' || m.format === 'csv') && view ? { type: 'export', format: m.format, view } : undefined;
    }
    default:
      return undefined;
  }
}

function readViewState(value: unknown): MapViewState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const filter = (typeof v.filter === 'object' && v.filter !== null ? v.filter : {}) as Record<string, unknown>;
  if (!MAP_SORTS.includes(v.sort as MapSort) || (v.mode !== 'chapters' && v.mode !== 'paragraphs')) return undefined;
  const selected = Array.isArray(v.selected) ? v.selected.filter((id): id is string => typeof id === 'string') : [];
  const kinds = Array.isArray(filter.kinds) ? filter.kinds.filter((kind): kind is MapRowKind => typeof kind === 'string' && KINDS.has(kind)) : undefined;
  return {
    sort: v.sort as MapSort,
    mode: v.mode,
    selected,
    filter: {
      kinds,
      name: typeof filter.name === 'string' ? filter.name : undefined,
      minCount: typeof filter.minCount === 'number' && Number.isFinite(filter.minCount) ? filter.minCount : undefined,
    },
  };
}
