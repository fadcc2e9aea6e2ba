import type { Annotation, AnnotationTarget } from '../annotations/annotation';
import { parseAnnotations } from '../annotations/annotationYaml';
import { entryOf, itemId, itemMap, listBelow, mapBelow, scalarOf, textOf, topLevel, type Entry, type TextLines } from '../yaml/lineBlocks';
import { Unsure } from '../yaml/scalars';
import { parseSidecar } from '../notes/notesSidecar';
import { type NoteEntry } from '../sidecar/sidecarFile';
import { SidecarText } from '../sidecar/sidecarText';

/**
 * A sidecar read item by item for the review: its annotations by id, each with its text (what is
 * compared between the sides) read along the lines (`yaml/lineBlocks.ts`), parsed only when it
 * changed; the whole sidecar is parsed only when its layout is not one the line reader is sure of.
 */

export interface Item {
  readonly id: string;
  /** The item's text: what is compared between the sides. */
  readonly text: string;
  readonly lines: TextLines | undefined;
  readonly entry: Entry | undefined;
  /** Its first line in the sidecar (0-based). */
  readonly line: number;
  /** Already parsed (when the whole sidecar had to be). */
  readonly annotation: Annotation | undefined;
}

export interface SidecarIndex {
  readonly items: Map<string, Item>;
  readonly notes: readonly NoteEntry[];
  readonly problems: { code: string; message: string; line: number; character: number }[];
}

const EMPTY_INDEX: SidecarIndex = { items: new Map(), notes: [], problems: [] };

/** The annotations of a sidecar by id (the first of a duplicated one), and its notes. */
export function indexSidecar(text: string | undefined): SidecarIndex {
  if (text === undefined || text.trim() === '') return EMPTY_INDEX;
  const top = topLevel(text);
  if (!top) return indexParsed(text);
  const { lines, block } = top;
  const problems: SidecarIndex['problems'] = [];
  const items = new Map<string, Item>();
  const annotations = entryOf(block, 'annotations');
  if (annotations) {
    let list;
    try {
      list = listBelow(lines, annotations);
    } catch (error) {
      if (!(error instanceof Unsure)) throw error;
      return indexParsed(text);
    }
    for (const entry of list.entries) {
      let id: string | undefined;
      try {
        id = itemId(lines, entry);
      } catch (error) {
        if (!(error instanceof Unsure)) throw error;
        id = parseItem({ id: '', text: '', lines, entry, line: entry.line, annotation: undefined }, problems)?.id;
      }
      if (id !== undefined && !items.has(id)) items.set(id, { id, text: lines.slice(entry.lead, entry.end), lines, entry, line: entry.line, annotation: undefined });
    }
  }
  let notes: readonly NoteEntry[] = [];
  const notesEntry = entryOf(block, 'notes');
  if (notesEntry) {
    const sidecar = parseSidecar(lines.slice(notesEntry.line, notesEntry.end));
    for (const problem of sidecar.problems) {
      if (problem.severity === 'error') problems.push({ code: problem.code, message: problem.message, ...shiftedStart(problem.range.start, notesEntry.line) });
    }
    notes = sidecar.notes;
  }
  return { items, notes, problems };
}

/** The slow path, for a layout the line reader is not sure of: the whole sidecar through the parsers. */
function indexParsed(text: string): SidecarIndex {
  const read = new SidecarText(text);
  const sidecar = parseAnnotations(read);
  const notes = parseSidecar(read);
  const problems = [...sidecar.problems, ...notes.problems]
    .filter((problem) => problem.severity === 'error' && (!sidecar.parsed || problem.code === 'sidecar-yaml' || problem.code === 'sidecar-conflict-markers'))
    .map((problem) => ({ code: problem.code, message: problem.message, ...problem.range.start }));
  const unique = problems.filter((problem, index) => problems.findIndex((other) => other.message === problem.message && other.line === problem.line) === index);
  const items = new Map<string, Item>();
  for (const entry of sidecar.annotations) {
    const { annotation } = entry;
    items.set(annotation.id, { id: annotation.id, text: JSON.stringify(annotation), lines: undefined, entry: undefined, line: entry.range.start.line, annotation });
  }
  return { items, notes: notes.parsed ? notes.notes : [], problems: unique };
}

function shiftedStart(position: { line: number; character: number }, lines: number): { line: number; character: number } {
  return { line: position.line + lines, character: position.character };
}

/** An item parsed on its own (as `parseAnnotations` reads it); a YAML error is a problem, an unusable item undefined. */
export function parseItem(item: Item, problems: SidecarIndex['problems']): Annotation | undefined {
  if (item.annotation || !item.lines || !item.entry) return item.annotation;
  const text = `annotations:\n${item.lines.slice(item.entry.line, item.entry.end)}`;
  const sidecar = parseAnnotations(text);
  if (!sidecar.parsed) {
    for (const problem of sidecar.problems.filter((p) => p.severity === 'error')) {
      problems.push({ code: problem.code, message: problem.message, ...shiftedStart(problem.range.start, item.entry.line - 1) });
    }
    return undefined;
  }
  return sidecar.annotations[0]?.annotation;
}

/** An item's target, read from its lines when sure (most are), else parsed. */
export function targetOf(item: Item, problems: SidecarIndex['problems']): AnnotationTarget | undefined {
  if (item.lines && item.entry && !item.annotation) {
    try {
      return readTarget(item.lines, item.entry);
    } catch (error) {
      if (!(error instanceof Unsure)) throw error;
    }
  }
  return parseItem(item, problems)?.target;
}

/** The target exactly as `parseAnnotations` reads it, or Unsure. */
function readTarget(lines: TextLines, entry: Entry): AnnotationTarget {
  const target = entryOf(itemMap(lines, entry), 'target');
  if (!target) throw new Unsure();
  const fields = mapBelow(lines, target);
  const text = (key: string): string => {
    const field = entryOf(fields, key);
    if (!field) return '';
    return scalarOf(lines, field) === null ? '' : textOf(lines, field);
  };
  const integer = (key: string): number | undefined => {
    const field = entryOf(fields, key);
    const value = field ? scalarOf(lines, field) : null;
    if (value === null) return undefined;
    if (typeof value !== 'number') throw new Unsure();
    return value;
  };
  const quote = text('quote');
  if (quote === '') throw new Unsure();
  return {
    quote,
    prefix: text('prefix'),
    suffix: text('suffix'),
    chapter: integer('chapter'),
    position: { line: integer('line') ?? 0, character: integer('character') ?? 0 },
  };
}
