import type { AnchorState, AnnotationStatus } from './annotation';
import type { Manuscript } from '../manuscript/model';

/**
 * What the Annotations view and the status bar say about a manuscript's annotations, without
 * VS Code: which need attention, how many there are, which pass a filter, which chapter holds each.
 */

/** The little of an annotation (with its resolution) that an overview looks at. */
export interface OverviewEntry {
  readonly annotation: {
    readonly status: AnnotationStatus;
    readonly tags: readonly string[];
    readonly author: string | undefined;
  };
  /** `candidates` of an orphan: places holding its quote without its surroundings, offered. */
  readonly resolution: { readonly state: AnchorState; readonly candidates: readonly unknown[] };
  /** Kept in memory only: the sidecar could not be written. */
  readonly unsaved: boolean;
}

/** Anchor states someone should look at: the passage is lost, too alike to another, or edited. */
const ATTENTION_STATES: ReadonlySet<AnchorState> = new Set(['orphaned', 'ambiguous', 'fuzzy']);

/**
 * Whether an annotation needs someone to look at it: not saved, or its passage orphaned, ambiguous
 * or found only approximately (`marginalia check` reports the same three), resolved or not: a
 * resolved discussion still points at its passage.
 */
export function needsAttention(entry: OverviewEntry): boolean {
  return entry.unsaved || ATTENTION_STATES.has(entry.resolution.state);
}

export interface AnnotationCounts {
  readonly total: number;
  readonly needsAttention: number;
  readonly orphaned: number;
  /** Of the orphaned, those with a place offered. */
  readonly offered: number;
  readonly ambiguous: number;
  readonly fuzzy: number;
  readonly unsaved: number;
  readonly open: number;
  readonly resolved: number;
}

export function countAnnotations(entries: readonly OverviewEntry[]): AnnotationCounts {
  const counts = { total: 0, needsAttention: 0, orphaned: 0, offered: 0, ambiguous: 0, fuzzy: 0, unsaved: 0, open: 0, resolved: 0 };
  for (const entry of entries) {
    counts.total++;
    counts[entry.annotation.status]++;
    if (needsAttention(entry)) counts.needsAttention++;
    // An unsaved annotation is counted as unsaved only: its anchor state is not what is wrong.
    if (entry.unsaved) counts.unsaved++;
    else if (entry.resolution.state === 'orphaned' || entry.resolution.state === 'ambiguous' || entry.resolution.state === 'fuzzy') {
      counts[entry.resolution.state]++;
      if (entry.resolution.state === 'orphaned' && entry.resolution.candidates.length > 0) counts.offered++;
    }
  }
  return counts;
}

/** `2 orphaned (1 with a place offered), 1 ambiguous`: what the attention count is made of, for tooltips. */
export function describeAttention(counts: AnnotationCounts): string {
  const parts: [number, string][] = [
    [counts.orphaned, counts.offered > 0 ? `orphaned (${counts.offered} with a place offered)` : 'orphaned'],
    [counts.ambiguous, 'ambiguous'],
    [counts.fuzzy, 'with an edited passage'],
    [counts.unsaved, 'not saved'],
  ];
  return parts
    .filter(([count]) => count > 0)
    .map(([count, what]) => `${count} ${what}`)
    .join(', ');
}

export type StatusFilter = AnnotationStatus | 'all';

/** Which annotations a view shows. `author: ''` stands for annotations without an author. */
export interface AnnotationFilter {
  readonly tag: string | undefined;
  readonly author: string | undefined;
  readonly status: StatusFilter;
}

export const NO_FILTER: AnnotationFilter = { tag: undefined, author: undefined, status: 'all' };

export function isFiltered(filter: AnnotationFilter): boolean {
  return filter.tag !== undefined || filter.author !== undefined || filter.status !== 'all';
}

export function matchesFilter(entry: OverviewEntry, filter: AnnotationFilter): boolean {
  const { annotation } = entry;
  return (
    (filter.status === 'all' || annotation.status === filter.status) &&
    (filter.tag === undefined || annotation.tags.includes(filter.tag)) &&
    (filter.author === undefined || (annotation.author ?? '') === filter.author)
  );
}

/** `Open · #source-check · by Ada Byron`: the filter in a few words, empty when there is none. */
export function describeFilter(filter: AnnotationFilter): string {
  return [
    filter.status === 'open' ? 'Open' : filter.status === 'resolved' ? 'Resolved' : undefined,
    filter.tag === undefined ? undefined : `#${filter.tag}`,
    filter.author === undefined ? undefined : filter.author === '' ? 'no author' : `by ${filter.author}`,
  ]
    .filter((part): part is string => part !== undefined)
    .join(' · ');
}

/** The values of a field across annotations, most used first (then alphabetically), with counts. */
export function tally(values: Iterable<string>): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/**
 * The part of a manuscript a line belongs to, for grouping annotations: a chapter; the opening of a
 * part before its first chapter (its heading, an epigraph); or the front matter before any of them.
 * `key` is unique within the manuscript, and sections sort by `line`.
 */
export type Section =
  | { readonly kind: 'chapter'; readonly key: string; readonly line: number; readonly number: number; readonly title: string }
  | { readonly kind: 'part'; readonly key: string; readonly line: number; readonly title: string }
  | { readonly kind: 'front'; readonly key: string; readonly line: number };

export function sectionAt(manuscript: Manuscript, line: number): Section {
  // Chapters never overlap, and each ends before the next part: outside them a line is in a part's
  // opening or before everything.
  const chapter = lastStartingAtOrBefore(manuscript.chapters, line);
  if (chapter !== undefined) {
    const found = manuscript.chapters[chapter];
    if (line <= found.range.end.line) {
      return { kind: 'chapter', key: `chapter:${chapter}`, line: found.line, number: found.number, title: found.title };
    }
  }
  const part = lastStartingAtOrBefore(manuscript.parts, line);
  if (part !== undefined) {
    const found = manuscript.parts[part];
    return { kind: 'part', key: `part:${part}`, line: found.line, title: found.title };
  }
  return { kind: 'front', key: 'front', line: -1 };
}

/** `38. 1917 Spring: The Congress`, `PART TWO`, or `Before the first chapter`. */
export function sectionLabel(section: Section): string {
  switch (section.kind) {
    case 'chapter':
      return `${section.number}. ${section.title}`;
    case 'part':
      return section.title;
    case 'front':
      return 'Before the first chapter';
  }
}

/** The index of the last item whose `line` is at most `line`, by binary search. */
function lastStartingAtOrBefore(items: readonly { readonly line: number }[], line: number): number | undefined {
  let low = 0;
  let high = items.length - 1;
  let found: number | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (items[middle].line <= line) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
