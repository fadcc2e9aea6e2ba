import type { Annotation, AnnotationTarget, Resolution } from '../annotations/annotation';
import { resolveTargets } from '../anchoring/anchoring';
import { chapterAtLine } from '../anchoring/targets';
import { lineStartsOf, positionAt } from '../manuscript/book';
import { parseCast, type CastEntity } from '../cast/cast';
import { parseManuscript } from '../manuscript/parser';
import { wordDiff } from './wordDiff';
import type { Chapter, Manuscript } from '../manuscript/model';
import { type NoteEntry } from '../sidecar/sidecarFile';
import type { ManuscriptVersions, ManuscriptReview, ReviewProblem, ReviewReport, ReviewedAnnotation, BrokenAnnotation, BrokenState, ReviewedNote, ReviewedEntity, CastReview, FieldChange, Place, Side, ManuscriptVersion } from './reviewModel';
import { indexSidecar, parseItem, targetOf, type SidecarIndex, type Item } from './sidecarItems';

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
 * its own git access. Sidecars are compared item by item along their lines (`sidecarItems.ts`): only
 * annotations whose text differs are parsed, so that reviewing a small change to a sidecar of
 * thousands of annotations costs little more than reading it.
 */

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
