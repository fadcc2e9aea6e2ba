import type { Annotation, AnnotationStatus, AnnotationTarget, Resolution } from '../annotations/annotation';
import { chapterAtLine, resolveTargets } from '../anchoring/anchoring';
import { excerpt, parseAnnotations } from '../annotations/annotationYaml';
import { lineStartsOf, positionAt } from '../manuscript/book';
import { parseCast, type CastEntity, type EntityKind } from '../cast/cast';
import { parseManuscript } from '../manuscript/parser';
import { escapeMarkdown } from '../markdown/escape';
import { entryOf, itemId, itemMap, listBelow, mapBelow, scalarOf, textOf, topLevel, type Entry, type TextLines } from '../yaml/lineBlocks';
import { Unsure } from '../yaml/scalars';
import { wordDiff, type DiffPart } from './wordDiff';
import type { Chapter, Manuscript, MarkerKind } from '../manuscript/model';
import { parseSidecar } from '../notes/notesSidecar';
import { type NoteEntry } from '../sidecar/sidecarFile';
import { SidecarText } from '../sidecar/sidecarText';

/**
 * Reviewing a change to a book — two commits, or a commit and the working tree — as a pull
 * request's reviewer needs it: per manuscript, the annotations added, changed (a small word diff
 * of their text), resolved and removed; the notes added, changed and removed; the cast's people,
 * places and organizations added and removed, renamed, their aliases added and removed; and the
 * annotations the change broke: every annotation of the base still there in the head, resolved
 * against the head's manuscript, that the manuscript's edits turned fuzzy, ambiguous or orphaned
 * (it was anchored, or had moved, in the base's manuscript, and the head did not re-anchor it).
 * Those whose passage merely moved are listed apart.
 *
 * Everything works on texts: the CLI reads them from git (`marginalia review`), the editor from
 * its own git access. Sidecars are compared item by item along their lines (`merge.ts`): only
 * annotations whose text differs are parsed, so that reviewing a small change to a sidecar of
 * thousands of annotations costs little more than reading it.
 */

/** A manuscript and its sidecar at one side of the change. */
export interface ManuscriptVersion {
  readonly text: string;
  /** Undefined: no sidecar. */
  readonly sidecar: string | undefined;
}

/** A manuscript at both sides; a side is undefined where the manuscript does not exist. */
export interface ManuscriptVersions {
  /** Its path in the head (in the base when it was deleted): `/`-separated. */
  readonly file: string;
  /** Its path in the base, when it differs (renamed), else undefined. */
  readonly baseFile: string | undefined;
  readonly base: ManuscriptVersion | undefined;
  readonly head: ManuscriptVersion | undefined;
}

export type Side = 'base' | 'head';

/** A sidecar or `marginalia.yaml` that could not be read on one side: the review cannot be trusted. */
export interface ReviewProblem {
  /** The manuscript (or `marginalia.yaml`) concerned. */
  readonly file: string;
  readonly side: Side;
  /** Which file: the sidecar or the book file. */
  readonly kind: 'sidecar' | 'book';
  readonly code: string;
  readonly message: string;
  /** 0-based, in that file. */
  readonly line: number;
  readonly character: number;
}

/** Where a passage is: the manuscript, its chapter and the line (0-based). */
export interface Place {
  readonly file: string;
  readonly chapter: number | undefined;
  readonly chapterTitle: string | undefined;
  readonly line: number;
}

export interface ReviewedAnnotation extends Place {
  readonly id: string;
  readonly quote: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly author: string | undefined;
  readonly status: AnnotationStatus;
}

export type FieldChange =
  | { readonly field: 'body' | 'quote'; readonly before: string; readonly after: string; readonly diff: readonly DiffPart[] }
  | { readonly field: 'status' | 'author'; readonly before: string | undefined; readonly after: string | undefined }
  | { readonly field: 'tags' | 'entities'; readonly added: readonly string[]; readonly removed: readonly string[] }
  | { readonly field: 'target'; readonly before: { line: number; chapter: number | undefined }; readonly after: { line: number; chapter: number | undefined } }
  | { readonly field: 'replies'; readonly added: readonly { author: string | undefined; body: string }[]; readonly removed: number; readonly changed: number };

export interface ChangedAnnotation extends ReviewedAnnotation {
  readonly changes: readonly FieldChange[];
}

export type BrokenState = 'fuzzy' | 'ambiguous' | 'orphaned';

/** An annotation of the base whose passage the head's manuscript edits lost or blurred; its place is the base's. */
export interface BrokenAnnotation extends ReviewedAnnotation {
  readonly state: BrokenState;
  /** Fuzzy: how alike the text found is to the quote, 0–1. */
  readonly score?: number;
  /** Fuzzy: where the edited passage is now (0-based line of the head). */
  readonly now?: { readonly line: number; readonly chapter: number | undefined };
  /**
   * Ambiguous: the lines (0-based) of the places too alike to choose from. Orphaned: the lines of
   * places that hold the quote but not what surrounded it, offered (absent when there are none).
   */
  readonly candidates?: readonly number[];
}

/** An annotation whose passage is intact but elsewhere: nothing to do, but worth knowing. */
export interface MovedAnnotation {
  readonly id: string;
  readonly file: string;
  readonly quote: string;
  readonly from: { readonly line: number; readonly chapter: number | undefined };
  readonly to: { readonly line: number; readonly chapter: number | undefined };
}

export interface ReviewedNote extends Place {
  readonly kind: MarkerKind;
  readonly number: number;
  readonly text: string;
}

export interface ChangedNote extends ReviewedNote {
  readonly before: string;
  readonly diff: readonly DiffPart[];
}

export interface ReviewedEntity {
  readonly file: string;
  readonly id: string;
  readonly kind: EntityKind;
  readonly name: string;
  readonly aliases: readonly string[];
}

export interface CastReview {
  readonly added: ReviewedEntity[];
  readonly removed: ReviewedEntity[];
  readonly renamed: (ReviewedEntity & { readonly before: string })[];
  /** Entities present on both sides, with the aliases added (or removed). */
  readonly aliasesAdded: ReviewedEntity[];
  readonly aliasesRemoved: ReviewedEntity[];
}

export interface NotesReview {
  readonly added: ReviewedNote[];
  readonly changed: ChangedNote[];
  readonly removed: ReviewedNote[];
}

/** What changed in one manuscript's annotations and notes. */
export interface ManuscriptReview {
  readonly file: string;
  readonly baseFile: string | undefined;
  readonly added: ReviewedAnnotation[];
  readonly changed: ChangedAnnotation[];
  /** Resolved (open → resolved), with their other changes. */
  readonly resolved: ChangedAnnotation[];
  readonly removed: ReviewedAnnotation[];
  readonly broken: BrokenAnnotation[];
  readonly moved: MovedAnnotation[];
  readonly notes: NotesReview;
  /** When not empty, the review of this manuscript is incomplete: a sidecar does not parse. */
  readonly problems: ReviewProblem[];
}

/** The whole review: `marginalia review --json` prints it. */
export interface ReviewReport {
  /** What was compared: labels such as `main (1a2b3c4)` and `working tree`. */
  readonly base: string;
  readonly head: string;
  /** The manuscripts with changes, in path order. */
  readonly files: readonly { readonly file: string; readonly baseFile?: string }[];
  readonly added: readonly ReviewedAnnotation[];
  readonly changed: readonly ChangedAnnotation[];
  readonly resolved: readonly ChangedAnnotation[];
  readonly removed: readonly ReviewedAnnotation[];
  readonly broken: readonly BrokenAnnotation[];
  readonly moved: readonly MovedAnnotation[];
  readonly notes: NotesReview;
  readonly cast: CastReview;
}

// ---------------------------------------------------------------------------------------------
// Sidecars, item by item

interface Item {
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

interface SidecarIndex {
  readonly items: Map<string, Item>;
  readonly notes: readonly NoteEntry[];
  readonly problems: { code: string; message: string; line: number; character: number }[];
}

const EMPTY_INDEX: SidecarIndex = { items: new Map(), notes: [], problems: [] };

/** The annotations of a sidecar by id (the first of a duplicated one), and its notes. */
function indexSidecar(text: string | undefined): SidecarIndex {
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
function parseItem(item: Item, problems: SidecarIndex['problems']): Annotation | undefined {
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
function targetOf(item: Item, problems: SidecarIndex['problems']): AnnotationTarget | undefined {
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

// ---------------------------------------------------------------------------------------------
// One manuscript

/** Reviews one manuscript's change: its annotations, notes and broken anchors. */
export function reviewManuscript(versions: ManuscriptVersions): ManuscriptReview {
  const { file, baseFile, base, head } = versions;
  const problems: ReviewProblem[] = [];
  const index = (side: Side, version: ManuscriptVersion | undefined): SidecarIndex => {
    const found = indexSidecar(version?.sidecar);
    for (const problem of found.problems) problems.push({ file: side === 'base' ? (baseFile ?? file) : file, side, kind: 'sidecar', ...problem });
    return found;
  };
  const baseIndex = index('base', base);
  const headIndex = index('head', head);
  const review: ManuscriptReview = {
    file,
    baseFile,
    added: [],
    changed: [],
    resolved: [],
    removed: [],
    broken: [],
    moved: [],
    notes: { added: [], changed: [], removed: [] },
    problems,
  };
  if (problems.length > 0) return review;

  const manuscripts = new Map<Side, Manuscript>();
  const manuscriptOf = (side: Side): Manuscript | undefined => {
    const version = side === 'base' ? base : head;
    if (!version) return undefined;
    let manuscript = manuscripts.get(side);
    if (!manuscript) manuscripts.set(side, (manuscript = parseManuscript(version.text)));
    return manuscript;
  };
  const parse = (side: Side, item: Item): Annotation | undefined => {
    const local: SidecarIndex['problems'] = [];
    const annotation = parseItem(item, local);
    for (const problem of local) problems.push({ file: side === 'base' ? (baseFile ?? file) : file, side, kind: 'sidecar', ...problem });
    return annotation;
  };
  const described = (side: Side, annotation: Annotation): ReviewedAnnotation => ({
    id: annotation.id,
    ...placeOf(side === 'base' ? (baseFile ?? file) : file, manuscriptOf(side), annotation.target.position.line, annotation.target.chapter),
    quote: annotation.target.quote,
    body: annotation.body,
    tags: annotation.tags,
    author: annotation.author,
    status: annotation.status,
  });

  for (const [id, item] of headIndex.items) {
    const before = baseIndex.items.get(id);
    if (!before) {
      const annotation = parse('head', item);
      if (annotation) review.added.push(described('head', annotation));
      continue;
    }
    if (before.text === item.text) continue;
    const [was, is] = [parse('base', before), parse('head', item)];
    if (!was || !is) continue;
    const changes = compareAnnotations(was, is);
    if (changes.length === 0) continue;
    const entry = { ...described('head', is), changes };
    if (was.status === 'open' && is.status === 'resolved') review.resolved.push(entry);
    else review.changed.push(entry);
  }
  for (const [id, item] of baseIndex.items) {
    if (headIndex.items.has(id)) continue;
    const annotation = parse('base', item);
    if (annotation) review.removed.push(described('base', annotation));
  }

  if (base && head && base.text !== head.text) findBroken(review, versions, baseIndex, headIndex, manuscriptOf, parse);
  reviewNotes(review, baseIndex.notes, headIndex.notes, (side) => manuscriptOf(side), (side) => (side === 'base' ? (baseFile ?? file) : file));
  return review;
}

/**
 * The base's annotations still in the head, resolved against the head's manuscript: those now
 * fuzzy, ambiguous or orphaned that were anchored (or moved) in the base's, unless the head gave
 * them a target that resolves; and those that moved.
 */
function findBroken(
  review: ManuscriptReview,
  versions: ManuscriptVersions,
  baseIndex: SidecarIndex,
  headIndex: SidecarIndex,
  manuscriptOf: (side: Side) => Manuscript | undefined,
  parse: (side: Side, item: Item) => Annotation | undefined,
): void {
  const base = versions.base!;
  const head = versions.head!;
  const baseFile = versions.baseFile ?? versions.file;
  const kept: { item: Item; target: AnnotationTarget }[] = [];
  for (const [id, item] of baseIndex.items) {
    if (!headIndex.items.has(id)) continue;
    const local: SidecarIndex['problems'] = [];
    const target = targetOf(item, local);
    for (const problem of local) review.problems.push({ file: baseFile, side: 'base', kind: 'sidecar', ...problem });
    if (target) kept.push({ item, target });
  }
  if (kept.length === 0) return;
  const headManuscript = manuscriptOf('head')!;
  const resolutions = resolveTargets(head.text, headManuscript, kept.map((k) => k.target));
  const suspects: number[] = [];
  const headLines = lineStartsOf(head.text);
  resolutions.forEach((resolution, index) => {
    if (resolution.state === 'moved' && resolution.span) {
      const { item, target } = kept[index];
      const line = positionAt(headLines, resolution.span.start).line;
      review.moved.push({
        id: item.id,
        file: versions.file,
        quote: target.quote,
        from: { line: target.position.line, chapter: target.chapter },
        to: { line, chapter: chapterAtLine(headManuscript, line) },
      });
    } else if (resolution.state !== 'anchored' && resolution.state !== 'moved') {
      suspects.push(index);
    }
  });
  if (suspects.length === 0) return;
  // Already lost in the base: not this change's doing.
  const baseManuscript = manuscriptOf('base')!;
  const before = resolveTargets(base.text, baseManuscript, suspects.map((index) => kept[index].target));
  suspects.forEach((index, k) => {
    if (before[k].state !== 'anchored' && before[k].state !== 'moved') return;
    const { item, target } = kept[index];
    const headItem = headIndex.items.get(item.id)!;
    const was = parse('base', item);
    if (!was) return;
    if (headItem.text !== item.text) {
      // Re-anchored in the same change ("Update Anchors"): judged by its new target.
      const is = parse('head', headItem);
      if (is && !sameTarget(is.target, target)) {
        const [now] = resolveTargets(head.text, headManuscript, [is.target]);
        if (now.state === 'anchored' || now.state === 'moved') return;
      }
    }
    review.broken.push(brokenOf(was, resolutions[index], baseFile, baseManuscript, headManuscript, headLines));
  });
}

function brokenOf(
  annotation: Annotation,
  resolution: Resolution,
  file: string,
  baseManuscript: Manuscript,
  headManuscript: Manuscript,
  headLines: readonly number[],
): BrokenAnnotation {
  const described: ReviewedAnnotation = {
    id: annotation.id,
    ...placeOf(file, baseManuscript, annotation.target.position.line, annotation.target.chapter),
    quote: annotation.target.quote,
    body: annotation.body,
    tags: annotation.tags,
    author: annotation.author,
    status: annotation.status,
  };
  const state = resolution.state as BrokenState;
  if (state === 'fuzzy' && resolution.span) {
    const line = positionAt(headLines, resolution.span.start).line;
    return { ...described, state, score: roundScore(resolution.score), now: { line, chapter: chapterAtLine(headManuscript, line) } };
  }
  if (resolution.candidates.length > 0) return { ...described, state, candidates: resolution.candidates.map((span) => positionAt(headLines, span.start).line) };
  return { ...described, state };
}

function roundScore(score: number | undefined): number | undefined {
  return score === undefined ? undefined : Math.round(score * 1000) / 1000;
}

function sameTarget(a: AnnotationTarget, b: AnnotationTarget): boolean {
  return (
    a.quote === b.quote &&
    a.prefix === b.prefix &&
    a.suffix === b.suffix &&
    a.chapter === b.chapter &&
    a.position.line === b.position.line &&
    a.position.character === b.position.character
  );
}

/** The chapter a line is in, from the manuscript when there is one, else as stored. */
function placeOf(file: string, manuscript: Manuscript | undefined, line: number, storedChapter: number | undefined): Place {
  let chapter: Chapter | undefined;
  if (manuscript) {
    const number = chapterAtLine(manuscript, line);
    chapter = manuscript.chapters.find((c) => c.number === number && c.line <= line && line <= c.range.end.line);
    if (!chapter && storedChapter !== undefined) chapter = manuscript.chapters.find((c) => c.number === storedChapter);
  }
  return { file, chapter: chapter?.number ?? storedChapter, chapterTitle: chapter?.title, line };
}

/** What differs between two versions of an annotation (`modified` alone is no change). */
export function compareAnnotations(was: Annotation, is: Annotation): FieldChange[] {
  const changes: FieldChange[] = [];
  if (was.target.quote !== is.target.quote) {
    changes.push({ field: 'quote', before: was.target.quote, after: is.target.quote, diff: wordDiff(was.target.quote, is.target.quote) });
  } else if (!sameTarget(was.target, is.target)) {
    changes.push({
      field: 'target',
      before: { line: was.target.position.line, chapter: was.target.chapter },
      after: { line: is.target.position.line, chapter: is.target.chapter },
    });
  }
  if (was.body !== is.body) changes.push({ field: 'body', before: was.body, after: is.body, diff: wordDiff(was.body, is.body) });
  for (const field of ['tags', 'entities'] as const) {
    const added = is[field].filter((name) => !was[field].includes(name));
    const removed = was[field].filter((name) => !is[field].includes(name));
    if (added.length > 0 || removed.length > 0) changes.push({ field, added, removed });
  }
  if (was.status !== is.status) changes.push({ field: 'status', before: was.status, after: is.status });
  if (was.author !== is.author) changes.push({ field: 'author', before: was.author, after: is.author });
  const before = new Map(was.replies.map((reply) => [reply.id, reply]));
  const after = new Set(is.replies.map((reply) => reply.id));
  const added = is.replies.filter((reply) => !before.has(reply.id)).map(({ author, body }) => ({ author, body }));
  const removed = was.replies.filter((reply) => !after.has(reply.id)).length;
  const changed = is.replies.filter((reply) => {
    const old = before.get(reply.id);
    return old !== undefined && (old.body !== reply.body || old.author !== reply.author);
  }).length;
  if (added.length > 0 || removed > 0 || changed > 0) changes.push({ field: 'replies', added, removed, changed });
  return changes;
}

function reviewNotes(
  review: ManuscriptReview,
  before: readonly NoteEntry[],
  after: readonly NoteEntry[],
  manuscriptOf: (side: Side) => Manuscript | undefined,
  fileOf: (side: Side) => string,
): void {
  const key = (note: NoteEntry) => `${note.kind}:${note.number}`;
  const firsts = (notes: readonly NoteEntry[]) => {
    const map = new Map<string, NoteEntry>();
    for (const note of notes) if (!map.has(key(note))) map.set(key(note), note);
    return map;
  };
  const [was, is] = [firsts(before), firsts(after)];
  const noted = (side: Side, note: NoteEntry): ReviewedNote => {
    const manuscript = manuscriptOf(side);
    const marker = manuscript?.markers.find((m) => m.kind === note.kind && m.number === note.number);
    const line = marker?.line ?? -1;
    const place = manuscript && marker ? placeOf(fileOf(side), manuscript, line, undefined) : { file: fileOf(side), chapter: undefined, chapterTitle: undefined, line };
    return { ...place, kind: note.kind, number: note.number, text: note.text };
  };
  for (const [k, note] of is) {
    const old = was.get(k);
    if (!old) review.notes.added.push(noted('head', note));
    else if (old.text !== note.text) review.notes.changed.push({ ...noted('head', note), before: old.text, diff: wordDiff(old.text, note.text) });
  }
  for (const [k, note] of was) if (!is.has(k)) review.notes.removed.push(noted('base', note));
}

// ---------------------------------------------------------------------------------------------
// The cast

/** The cast's changes between two versions of a `marginalia.yaml` (undefined: absent on that side). */
export function reviewCast(file: string, base: string | undefined, head: string | undefined): { cast: CastReview; problems: ReviewProblem[] } {
  const cast: CastReview = { added: [], removed: [], renamed: [], aliasesAdded: [], aliasesRemoved: [] };
  const problems: ReviewProblem[] = [];
  const read = (side: Side, text: string | undefined) => {
    if (text === undefined) return [];
    const parsed = parseCast(text);
    if (!parsed.parsed) {
      for (const problem of parsed.problems.filter((p) => p.severity === 'error')) {
        problems.push({ file, side, kind: 'book', code: problem.code, message: problem.message, ...problem.range.start });
      }
    }
    return parsed.entities;
  };
  const was = new Map(read('base', base).map((entity) => [entity.id, entity]));
  const is = new Map(read('head', head).map((entity) => [entity.id, entity]));
  if (problems.length > 0) return { cast, problems };
  const entity = (e: CastEntity, aliases: readonly string[] = e.aliases): ReviewedEntity => ({ file, id: e.id, kind: e.kind, name: e.name, aliases });
  for (const [id, now] of is) {
    const old = was.get(id);
    if (!old) {
      cast.added.push(entity(now));
      continue;
    }
    if (old.name !== now.name) cast.renamed.push({ ...entity(now), before: old.name });
    const added = now.aliases.filter((alias) => !old.aliases.includes(alias));
    const removed = old.aliases.filter((alias) => !now.aliases.includes(alias));
    if (added.length > 0) cast.aliasesAdded.push(entity(now, added));
    if (removed.length > 0) cast.aliasesRemoved.push(entity(now, removed));
  }
  for (const [id, old] of was) if (!is.has(id)) cast.removed.push(entity(old));
  return { cast, problems };
}

// ---------------------------------------------------------------------------------------------
// The report

/** Puts the reviews of the manuscripts and books together, in path order. */
export function combineReviews(base: string, head: string, manuscripts: readonly ManuscriptReview[], casts: readonly CastReview[]): ReviewReport {
  const sorted = [...manuscripts].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const all = <T>(pick: (review: ManuscriptReview) => readonly T[]): T[] => sorted.flatMap(pick);
  const touched = sorted.filter((r) => countOf(r) > 0 || r.baseFile !== undefined);
  return {
    base,
    head,
    files: touched.map((r) => (r.baseFile !== undefined ? { file: r.file, baseFile: r.baseFile } : { file: r.file })),
    added: all((r) => r.added),
    changed: all((r) => r.changed),
    resolved: all((r) => r.resolved),
    removed: all((r) => r.removed),
    broken: all((r) => r.broken),
    moved: all((r) => r.moved),
    notes: { added: all((r) => r.notes.added), changed: all((r) => r.notes.changed), removed: all((r) => r.notes.removed) },
    cast: {
      added: casts.flatMap((c) => c.added),
      removed: casts.flatMap((c) => c.removed),
      renamed: casts.flatMap((c) => c.renamed),
      aliasesAdded: casts.flatMap((c) => c.aliasesAdded),
      aliasesRemoved: casts.flatMap((c) => c.aliasesRemoved),
    },
  };
}

function countOf(r: ManuscriptReview): number {
  return r.added.length + r.changed.length + r.resolved.length + r.removed.length + r.broken.length + r.moved.length + r.notes.added.length + r.notes.changed.length + r.notes.removed.length;
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** A pull request comment is cut at 65,536 characters: the report stays under this. */
const MAX_MARKDOWN = 60_000;

/**
 * Text from a sidecar or the book, safe in a pull request comment: on one line, shortened, every
 * Markdown character escaped (no link, image, HTML or code can be made of it), and no @mention,
 * issue reference or bare URL for GitHub to link.
 */
export function untrusted(text: string, length = 100): string {
  return inline(excerpt(text, length));
}

/** `untrusted` without shortening or trimming: spaces stay (collapsed to one). */
function inline(text: string): string {
  const flat = text
    .replace(/\s+/g, ' ')
    .replace(/@/g, '@\u2060')
    .replace(/:\/\//g, ':\u2060//')
    .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}\u2060.`)
    .replace(/#(?=\d)/g, '#\u2060');
  return escapeMarkdown(flat);
}

/** A word diff for Markdown: the changes, struck through and bold, with a few words of context. */
function diffMarkdown(parts: readonly DiffPart[], context = 6, budget = 240): string {
  const words = (text: string) => text.match(/\s+|[^\s]+/g) ?? [];
  let out = '';
  let used = 0;
  parts.forEach((part, index) => {
    if (used > budget) return;
    if (part.op === '=') {
      const tokens = words(part.text.replace(/\s+/g, ' '));
      const keep = context * 2;
      let text: string;
      if (index === 0) text = tokens.length > keep ? `…${tokens.slice(-keep).join('')}` : tokens.join('');
      else if (index === parts.length - 1) text = tokens.length > keep ? `${tokens.slice(0, keep).join('')}…` : tokens.join('');
      else text = tokens.length > keep * 2 ? `${tokens.slice(0, keep).join('')}…${tokens.slice(-keep).join('')}` : tokens.join('');
      out += inline(text);
      used += text.length;
      return;
    }
    const trimmed = part.text.replace(/\s+/g, ' ').trim();
    if (trimmed === '') return;
    const shown = trimmed.length > 120 ? `${trimmed.slice(0, 119)}…` : trimmed;
    const mark = part.op === '-' ? '~~' : '**';
    const lead = /^\s/.test(part.text) || (out !== '' && !/\s$/.test(out) && (out.endsWith('~~') || out.endsWith('**'))) ? ' ' : '';
    out += `${lead}${mark}${inline(shown)}${mark}${/\s$/.test(part.text) ? ' ' : ''}`;
    used += shown.length;
  });
  if (used > budget) out += '…';
  return out.replace(/ {2,}/g, ' ').trim();
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function changeMarkdown(change: FieldChange): string {
  switch (change.field) {
    case 'body':
    case 'quote':
      return `${change.field === 'body' ? 'body' : 'passage'}: ${diffMarkdown(change.diff)}`;
    case 'status':
      return `status ${change.before ?? '—'} → ${change.after ?? '—'}`;
    case 'author':
      return `author ${untrusted(change.before ?? '—', 40)} → ${untrusted(change.after ?? '—', 40)}`;
    case 'tags':
    case 'entities':
      return `${change.field} ${[...change.added.map((t) => `+${untrusted(t, 40)}`), ...change.removed.map((t) => `−${untrusted(t, 40)}`)].join(' ')}`;
    case 'target':
      return `anchor updated (line ${change.before.line + 1} → ${change.after.line + 1})`;
    case 'replies': {
      const parts: string[] = [];
      for (const reply of change.added) parts.push(`reply by ${untrusted(reply.author ?? 'someone', 40)}: “${untrusted(reply.body, 80)}”`);
      if (change.removed > 0) parts.push(`${plural(change.removed, 'reply', 'replies')} removed`);
      if (change.changed > 0) parts.push(`${plural(change.changed, 'reply', 'replies')} edited`);
      return parts.join('; ');
    }
  }
}

interface Line {
  readonly file: string;
  readonly chapter: number | undefined;
  readonly chapterTitle: string | undefined;
  /** Within a chapter: broken first, then added, changed, resolved, removed, notes. */
  readonly rank: number;
  readonly line: number;
  readonly text: string;
}

/** `12, 40`: 0-based lines as people count them. */
function linesOf(lines: readonly number[]): string {
  return lines.map((line) => line + 1).join(', ');
}

/**
 * The report as Markdown for a pull request: a summary, then per manuscript and chapter the
 * broken anchors first, the annotations added, changed, resolved and removed, and the notes; then
 * the cast. Every text from a sidecar or the book is escaped (`untrusted`).
 */
export function reviewMarkdown(report: ReviewReport): string {
  const lines: Line[] = [];
  const quote = (text: string) => `“${untrusted(text, 80)}”`;
  const id = (text: string) => untrusted(text, 40);
  for (const b of report.broken) {
    const where = `was at line ${b.line + 1}`;
    const detail =
      b.state === 'orphaned'
        ? `${where}; ${b.candidates ? `its text is at ${b.candidates.length === 1 ? 'line' : 'lines'} ${linesOf(b.candidates)}, but not what surrounded it (a copy, or moved on its own)` : 'the passage is no longer in the text'}`
        : b.state === 'ambiguous'
          ? `${where}; it now fits ${plural(b.candidates?.length ?? 2, 'place')} too alike to choose from (lines ${linesOf(b.candidates ?? [])})`
          : `the passage was edited${b.score !== undefined ? ` (${Math.round(b.score * 100)}% alike)` : ''}; now at line ${(b.now?.line ?? b.line) + 1}`;
    lines.push({ ...b, rank: 0, text: `⚠️ **${b.state}** ${id(b.id)} ${quote(b.quote)} — ${detail}` });
  }
  const body = (text: string) => (text.trim() === '' ? '' : ` — ${untrusted(text, 100)}`);
  const tags = (list: readonly string[]) => (list.length === 0 ? '' : ` (${list.map((t) => `#${untrusted(t, 30)}`).join(' ')})`);
  for (const a of report.added) lines.push({ ...a, rank: 1, text: `➕ **added** ${id(a.id)} ${quote(a.quote)}${body(a.body)}${tags(a.tags)}` });
  for (const c of report.changed) lines.push({ ...c, rank: 2, text: `✏️ **changed** ${id(c.id)} ${quote(c.quote)} — ${c.changes.map(changeMarkdown).join('; ')}` });
  for (const r of report.resolved) {
    const others = r.changes.filter((change) => change.field !== 'status');
    lines.push({ ...r, rank: 3, text: `✅ **resolved** ${id(r.id)} ${quote(r.quote)}${others.length > 0 ? ` — ${others.map(changeMarkdown).join('; ')}` : ''}` });
  }
  for (const a of report.removed) lines.push({ ...a, rank: 4, text: `➖ **removed** ${id(a.id)} ${quote(a.quote)}${body(a.body)}` });
  const noteName = (n: ReviewedNote) => `${n.kind === 'endnote' ? 'Endnote' : 'Footnote'} ${n.number}`;
  for (const n of report.notes.added) lines.push({ ...n, rank: 5, text: `📝 **${noteName(n)} added**${body(n.text)}` });
  for (const n of report.notes.changed) lines.push({ ...n, rank: 5, text: `📝 **${noteName(n)} changed**: ${diffMarkdown(n.diff)}` });
  for (const n of report.notes.removed) lines.push({ ...n, rank: 5, text: `📝 **${noteName(n)} removed**${body(n.text)}` });

  const castCount =
    report.cast.added.length + report.cast.removed.length + report.cast.renamed.length + report.cast.aliasesAdded.length + report.cast.aliasesRemoved.length;
  const out: string[] = ['## Marginalia review', '', summaryLine(report, castCount), ''];
  if (lines.length === 0 && castCount === 0 && report.moved.length === 0) out.push('No changes to annotations, notes or the cast.', '');

  const byFile = new Map<string, Line[]>();
  for (const line of lines) byFile.set(line.file, [...(byFile.get(line.file) ?? []), line]);
  const movedByFile = new Map<string, number>();
  for (const moved of report.moved) movedByFile.set(moved.file, (movedByFile.get(moved.file) ?? 0) + 1);
  const files = [...new Set([...report.files.map((f) => f.file), ...byFile.keys(), ...movedByFile.keys()])].sort();
  let length = out.join('\n').length;
  let left = lines.length;
  for (const file of files) {
    const fileLines = (byFile.get(file) ?? []).sort((a, b) => chapterOrder(a) - chapterOrder(b) || a.rank - b.rank || a.line - b.line);
    const renamed = report.files.find((f) => f.file === file)?.baseFile;
    const moved = movedByFile.get(file) ?? 0;
    if (fileLines.length === 0 && moved === 0 && renamed === undefined) continue;
    const section: string[] = [`### ${untrusted(file, 200)}`];
    if (renamed !== undefined) section.push(`_renamed from ${untrusted(renamed, 200)}_`);
    let chapter: string | undefined;
    for (const line of fileLines) {
      const heading = chapterHeading(line);
      if (heading !== chapter) section.push('', `**${heading}**`, '');
      chapter = heading;
      section.push(`- ${line.text}`);
    }
    if (moved > 0) section.push('', `_${plural(moved, 'annotation')} moved with ${moved === 1 ? 'its' : 'their'} passage._`);
    const text = section.join('\n');
    if (length + text.length > MAX_MARKDOWN) {
      out.push(`_… and ${plural(left, 'more item')}: run \`marginalia review\` for the whole report._`, '');
      return out.join('\n');
    }
    out.push(text, '');
    length += text.length + 2;
    left -= fileLines.length;
  }
  if (castCount > 0) {
    const section: string[] = ['### Cast'];
    const who = (e: ReviewedEntity) => `${e.kind} **${untrusted(e.name, 60)}** (${untrusted(e.id, 40)})`;
    const aliases = (list: readonly string[]) => list.map((alias) => untrusted(alias, 40)).join(', ');
    for (const e of report.cast.added) section.push(`- ➕ ${who(e)} added${e.aliases.length > 0 ? `, aliases: ${aliases(e.aliases)}` : ''}`);
    for (const e of report.cast.removed) section.push(`- ➖ ${who(e)} removed`);
    for (const e of report.cast.renamed) section.push(`- ✏️ ${who(e)} renamed from **${untrusted(e.before, 60)}**`);
    for (const e of report.cast.aliasesAdded) section.push(`- ✏️ ${who(e)}: aliases added: ${aliases(e.aliases)}`);
    for (const e of report.cast.aliasesRemoved) section.push(`- ✏️ ${who(e)}: aliases removed: ${aliases(e.aliases)}`);
    const text = section.join('\n');
    if (length + text.length > MAX_MARKDOWN) out.push('_… and the cast: run `marginalia review` for the whole report._', '');
    else out.push(text, '');
  }
  return out.join('\n');
}

function summaryLine(report: ReviewReport, castCount: number): string {
  const parts: string[] = [];
  if (report.broken.length > 0) parts.push(`**${plural(report.broken.length, 'broken anchor')}**`);
  const counts: [number, string][] = [
    [report.added.length, 'added'],
    [report.changed.length, 'changed'],
    [report.resolved.length, 'resolved'],
    [report.removed.length, 'removed'],
  ];
  const annotations = counts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  if (annotations.length > 0) parts.push(`annotations: ${annotations.join(', ')}`);
  const notes = report.notes.added.length + report.notes.changed.length + report.notes.removed.length;
  if (notes > 0) parts.push(plural(notes, 'note') + ' changed');
  if (report.moved.length > 0) parts.push(`${report.moved.length} moved`);
  if (castCount > 0) parts.push(`cast: ${plural(castCount, 'change')}`);
  return `${untrusted(report.base, 80)} → ${untrusted(report.head, 80)}${parts.length > 0 ? ` · ${parts.join(' · ')}` : ''}`;
}

function chapterOrder(line: Line): number {
  return line.chapter ?? -1;
}

function chapterHeading(line: Line): string {
  if (line.chapter === undefined) return line.line < 0 ? 'Notes' : 'Outside the chapters';
  return line.chapterTitle ? `Chapter ${line.chapter} · ${untrusted(line.chapterTitle, 80)}` : `Chapter ${line.chapter}`;
}
