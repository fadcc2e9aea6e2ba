/**
 * The benchmark of the issue "Annotations that survive edits" (its "Benchmark: accuracy first, then
 * speed" paragraph): annotations of varied length, a seeded revision script whose every edit is
 * tracked, then `resolveTargets` on the revised text, scored against where each passage truly is —
 * beside a Hypothesis-style baseline on the same annotations and revisions. Then the speed of
 * resolving 10,000 annotations on the 5 MB book, unchanged and revised.
 */
import type { AnchorState, AnnotationTarget, Resolution } from '../../src/core/annotations/annotation';
import { FUZZY_FLOOR, resolveTargets } from '../../src/core/anchoring/anchoring';
import { chapterAtLine, describeTargets } from '../../src/core/anchoring/targets';
import { similarity } from '../../src/core/anchoring/similarity';
import { lineStartsOf, positionAt } from '../../src/core/manuscript/book';
import { parseManuscript } from '../../src/core/manuscript/parser';
import type { Manuscript } from '../../src/core/manuscript/model';
import {
  ANNOTATION_KINDS,
  planAnnotations,
  runRevisionScript,
  type AnnotationKind,
  type PlannedAnnotation,
  type ScriptResult,
  type ScriptSize,
} from '../support/anchoringScript';
import { mulberry32 } from '../support/generate';
import { hypothesisAnchor } from './hypothesis';
import type { Span } from '../support/revisions';
import { measureEach, printTable, ratio } from './timing';

const count = (n: number): string => n.toLocaleString('en');
const percent = (part: number, whole: number): string => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(2)}%`);
const MB = 1024 * 1024;

/** Results land here, so that no timed loop is work the JIT could drop. */
let sink = 0;

export interface AnchoringCorpus {
  readonly name: string;
  readonly text: string;
  readonly annotations: number;
  readonly script: ScriptSize;
  readonly seed: number;
  /** Run the baseline on a stratified subset of this many annotations only (it scans the whole text per annotation). */
  readonly baselineSubset?: number;
  /** A safety net: stop the baseline after this long, and say so. */
  readonly baselineBudgetMs?: number;
}

const BIG_SCRIPT: ScriptSize = {
  'typo inside': 80,
  'typo around': 60,
  'sentence inserted': 60,
  'paragraph inserted': 40,
  'sentence deleted': 40,
  'paragraph deleted': 20,
  'paragraph moved': 30,
  'chapters swapped': 2,
  'passage rewritten': 25,
  'lookalike inserted': 36,
  'edit far from annotations': 150,
};
export const MEDIUM_SCRIPT: ScriptSize = {
  'typo inside': 20,
  'typo around': 15,
  'sentence inserted': 15,
  'paragraph inserted': 10,
  'sentence deleted': 10,
  'paragraph deleted': 5,
  'paragraph moved': 8,
  'chapters swapped': 1,
  'passage rewritten': 6,
  'lookalike inserted': 9,
  'edit far from annotations': 20,
};
const SMALL_SCRIPT: ScriptSize = {
  'typo inside': 8,
  'typo around': 6,
  'sentence inserted': 6,
  'paragraph inserted': 4,
  'sentence deleted': 4,
  'paragraph deleted': 2,
  'paragraph moved': 3,
  'chapters swapped': 1,
  'passage rewritten': 3,
  'lookalike inserted': 6,
  'edit far from annotations': 6,
};

export const SPEED_ANNOTATIONS = 10_000;

export function generatedBookCorpus(text: string): AnchoringCorpus {
  return {
    name: 'the generated book',
    text,
    annotations: SPEED_ANNOTATIONS,
    script: BIG_SCRIPT,
    seed: 4821,
    baselineSubset: 8 * 9,
    baselineBudgetMs: 60_000,
  };
}

export function fileCorpus(name: string, text: string, size: 'small' | 'medium'): AnchoringCorpus {
  return size === 'small'
    ? { name, text, annotations: 150, script: SMALL_SCRIPT, seed: 1851 }
    : { name, text, annotations: 400, script: MEDIUM_SCRIPT, seed: 1917 };
}

// ---------------------------------------------------------------------------------------------
// Preparing a corpus: annotations, targets, the revised text and the truth

const CATEGORIES = [
  'untouched',
  'context edited',
  'moved (paragraph, chapter)',
  'edited (typos, text cut/added)',
  'lookalike, original intact',
  'lookalike, original edited',
  'rewritten (most words)',
  'edited beyond the floor',
  'deleted',
  'lookalike, original deleted',
] as const;
type Category = (typeof CATEGORIES)[number];
/** Where no place is right: the passage is gone. */
const GONE: ReadonlySet<Category> = new Set(['deleted', 'lookalike, original deleted']);
/**
 * Edited so much that the issue's rule forbids finding them: a rewritten passage, or one whose
 * text now is less alike to its quote than the fuzzy floor (edits by several operations added up).
 */
const BEYOND_THE_FLOOR: ReadonlySet<Category> = new Set(['rewritten (most words)', 'edited beyond the floor']);
/** Passages that survive: the target of ≥ 99% correct. */
const SURVIVING: ReadonlySet<Category> = new Set(CATEGORIES.filter((c) => !GONE.has(c) && !BEYOND_THE_FLOOR.has(c)));

interface Prepared {
  readonly corpus: AnchoringCorpus;
  readonly manuscript: Manuscript;
  readonly annotations: readonly PlannedAnnotation[];
  readonly targets: readonly AnnotationTarget[];
  readonly script: ScriptResult;
  readonly revised: string;
  readonly revisedManuscript: Manuscript;
  readonly categories: readonly Category[];
  readonly prepareMs: number;
}

const prepared = new Map<string, Prepared>();

function prepare(corpus: AnchoringCorpus): Prepared {
  const cached = prepared.get(corpus.name);
  if (cached) return cached;
  const result = prepareUncached(corpus);
  prepared.set(corpus.name, result);
  return result;
}

function prepareUncached(corpus: AnchoringCorpus): Prepared {
  const started = performance.now();
  const manuscript = parseManuscript(corpus.text);
  const annotations = planAnnotations(corpus.text, manuscript, corpus.annotations, corpus.seed);
  const targets = describeTargets(corpus.text, manuscript, annotations.map((a) => a.span));
  const script = runRevisionScript(corpus.text, annotations, corpus.script, corpus.seed + 1);
  const revised = script.tracker.text;
  const revisedManuscript = parseManuscript(revised);
  const categories = annotations.map((_, index) => categoryOf(index, targets[index], script, revised));
  return {
    corpus,
    manuscript,
    annotations,
    targets,
    script,
    revised,
    revisedManuscript,
    categories,
    prepareMs: performance.now() - started,
  };
}

function categoryOf(index: number, target: AnnotationTarget, script: ScriptResult, revised: string): Category {
  const span = script.tracker.spans[index];
  const lookalike = script.lookalikes.get(index);
  if (lookalike) return span.deleted ? 'lookalike, original deleted' : span.edited ? 'lookalike, original edited' : 'lookalike, original intact';
  if (span.deleted) return 'deleted';
  if (script.rewritten.has(index)) return 'rewritten (most words)';
  if (span.edited) return similarity(target.quote, revised.slice(span.start, span.end)) < FUZZY_FLOOR ? 'edited beyond the floor' : 'edited (typos, text cut/added)';
  if (span.moved) return 'moved (paragraph, chapter)';
  const prefix = revised.slice(Math.max(0, span.start - target.prefix.length), span.start);
  const suffix = revised.slice(span.end, span.end + target.suffix.length);
  return prefix === target.prefix && suffix === target.suffix ? 'untouched' : 'context edited';
}

/** The tracker's truth must hold where nothing touched a passage, or no figure below means anything. */
function truthHolds(p: Prepared): boolean {
  let bad = 0;
  p.script.tracker.spans.forEach((span, index) => {
    if (index >= p.targets.length || span.deleted || span.edited) return;
    if (p.revised.slice(span.start, span.end) !== p.targets[index].quote) {
      if (bad++ < 3) console.log(`BROKEN TRUTH: annotation ${index}'s passage is not at ${span.start}–${span.end} any more`);
    }
  });
  if (bad > 0) console.log(`BROKEN TRUTH: ${bad} passages are not where the tracker says: the figures would mean nothing`);
  return bad === 0;
}

// ---------------------------------------------------------------------------------------------
// Scoring

type Verdict = 'correct' | 'wrong' | 'flagged';

interface Outcome {
  readonly verdict: Verdict;
  /** The engine's state; the baseline's is `fuzzy` for an approximate match, `orphaned` for none. */
  readonly state: AnchorState;
  readonly span: Span | undefined;
  /** Flagged, but the true place is among the places offered (ambiguous candidates, or an orphan's). */
  readonly offersTruth: boolean;
}

function judge(p: Prepared, index: number, state: AnchorState, span: Span | undefined, offered: readonly Span[] = []): Outcome {
  const truth = p.script.tracker.spans[index];
  const overlapsTruth = (place: Span): boolean => !truth.deleted && place.start < truth.end && truth.start < place.end;
  if (!span || state === 'ambiguous' || state === 'orphaned') return { verdict: 'flagged', state, span: undefined, offersTruth: offered.some(overlapsTruth) };
  return { verdict: overlapsTruth(span) ? 'correct' : 'wrong', state, span, offersTruth: false };
}

function engineOutcomes(p: Prepared, resolutions: readonly Resolution[]): Outcome[] {
  return resolutions.map((resolution, index) => judge(p, index, resolution.state, resolution.span, resolution.candidates));
}

interface BaselineRun {
  readonly outcomes: Map<number, Outcome>;
  readonly elapsedMs: number;
  readonly planned: number;
}

function runBaseline(p: Prepared, text: string, indices: readonly number[], budgetMs: number): BaselineRun {
  const outcomes = new Map<number, Outcome>();
  const started = performance.now();
  for (const index of indices) {
    if (performance.now() - started > budgetMs) break;
    const match = hypothesisAnchor(text, p.targets[index], p.annotations[index].span.start);
    const state: AnchorState = !match ? 'orphaned' : match.errors > 0 ? 'fuzzy' : match.start === p.annotations[index].span.start ? 'anchored' : 'moved';
    outcomes.set(index, judge(p, index, state, match));
  }
  return { outcomes, elapsedMs: performance.now() - started, planned: indices.length };
}

interface Tally {
  passages: number;
  correct: number;
  fuzzy: number;
  exact: number;
  wrong: number;
  ambiguous: number;
  orphaned: number;
  /** Flagged with the true place among the places offered. */
  offered: number;
}

const emptyTally = (): Tally => ({ passages: 0, correct: 0, fuzzy: 0, exact: 0, wrong: 0, ambiguous: 0, orphaned: 0, offered: 0 });

function tally(p: Prepared, outcomes: ReadonlyMap<number, Outcome> | readonly Outcome[], key: (index: number) => string): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  const entries: [number, Outcome][] = Array.isArray(outcomes)
    ? (outcomes as readonly Outcome[]).map((o, i) => [i, o])
    : [...(outcomes as ReadonlyMap<number, Outcome>)];
  for (const [index, outcome] of entries) {
    const name = key(index);
    let t = tallies.get(name);
    if (!t) tallies.set(name, (t = emptyTally()));
    t.passages++;
    if (outcome.verdict === 'correct') {
      t.correct++;
      if (outcome.state === 'fuzzy') t.fuzzy++;
      const truth = p.script.tracker.spans[index];
      if (outcome.span && outcome.span.start === truth.start && outcome.span.end === truth.end) t.exact++;
    } else if (outcome.verdict === 'wrong') {
      t.wrong++;
    } else {
      if (outcome.state === 'ambiguous') t.ambiguous++;
      else t.orphaned++;
      if (outcome.offersTruth) t.offered++;
    }
  }
  return tallies;
}

function sum(tallies: Iterable<Tally>): Tally {
  const total = emptyTally();
  for (const t of tallies) {
    for (const field of Object.keys(total) as (keyof Tally)[]) total[field] += t[field];
  }
  return total;
}

interface Headline {
  readonly wrong: number;
  readonly scored: number;
  readonly surviving: Tally;
  readonly gone: Tally;
}

function headline(byCategory: ReadonlyMap<string, Tally>): Headline {
  const all = sum(byCategory.values());
  const surviving = sum([...byCategory].filter(([c]) => SURVIVING.has(c as Category)).map(([, t]) => t));
  const gone = sum([...byCategory].filter(([c]) => GONE.has(c as Category)).map(([, t]) => t));
  return { wrong: all.wrong, scored: all.passages, surviving, gone };
}

function printHeadline(who: string, h: Headline): { wrongMet: boolean; correctMet: boolean; goneMet: boolean } {
  const wrongMet = h.wrong === 0;
  const correctShare = h.surviving.passages === 0 ? 1 : h.surviving.correct / h.surviving.passages;
  const correctMet = correctShare >= 0.99;
  const goneMet = h.gone.orphaned === h.gone.passages;
  const verdict = (met: boolean): string => (met ? 'MET' : 'NOT MET');
  const flagged = h.surviving.ambiguous + h.surviving.orphaned;
  console.log(`${who}:`);
  console.log(`  wrong anchors: ${count(h.wrong)} of ${count(h.scored)} (target 0): ${verdict(wrongMet)}`);
  console.log(
    `  correct where the passage survives: ${count(h.surviving.correct)} of ${count(h.surviving.passages)} = ${percent(h.surviving.correct, h.surviving.passages)} ` +
      `(${count(h.surviving.fuzzy)} of them fuzzy; ${count(flagged)} flagged, ${count(h.surviving.offered)} of which with the right place offered) (target ≥ 99%): ${verdict(correctMet)}`,
  );
  console.log(
    `  deleted passages orphaned: ${count(h.gone.orphaned)} of ${count(h.gone.passages)} ` +
      `(ambiguous ${count(h.gone.ambiguous)}, attached somewhere ${count(h.gone.wrong)}) (target: all): ${verdict(goneMet)}`,
  );
  return { wrongMet, correctMet, goneMet };
}

function categoryRows(byCategory: ReadonlyMap<string, Tally>, order: readonly string[]): string[][] {
  return order
    .filter((name) => byCategory.has(name))
    .map((name) => {
      const t = byCategory.get(name)!;
      return [name, count(t.passages), count(t.correct), count(t.fuzzy), count(t.exact), count(t.wrong), count(t.ambiguous), count(t.orphaned)];
    });
}

const TALLY_HEADER = ['passages', 'correct', 'of which fuzzy', 'exact span', 'WRONG', 'ambiguous', 'orphaned'];

function printEngineTable(p: Prepared, outcomes: readonly Outcome[]): Map<string, Tally> {
  const byCategory = tally(p, outcomes, (index) => p.categories[index]);
  const total = sum(byCategory.values());
  printTable([
    ['category', ...TALLY_HEADER],
    ...categoryRows(byCategory, CATEGORIES),
    ['all', count(total.passages), count(total.correct), count(total.fuzzy), count(total.exact), count(total.wrong), count(total.ambiguous), count(total.orphaned)],
  ]);
  return byCategory;
}

function printKindTable(p: Prepared, engine: ReadonlyMap<number, Outcome> | readonly Outcome[], baseline?: ReadonlyMap<number, Outcome>): void {
  const byKind = tally(p, engine, (index) => p.annotations[index].kind);
  const baselineByKind = baseline ? tally(p, baseline, (index) => p.annotations[index].kind) : undefined;
  const header = ['annotation kind', 'passages', 'mean length', 'engine correct', 'wrong', 'flagged'];
  if (baselineByKind) header.push('baseline correct', 'wrong', 'flagged');
  const lengths = new Map<AnnotationKind, number[]>();
  const indices = Array.isArray(engine) ? engine.map((_, i) => i) : [...(engine as ReadonlyMap<number, Outcome>).keys()];
  for (const index of indices) {
    const kind = p.annotations[index].kind;
    const list = lengths.get(kind) ?? [];
    list.push(p.targets[index].quote.length);
    lengths.set(kind, list);
  }
  const rows = ANNOTATION_KINDS.filter((kind) => byKind.has(kind)).map((kind) => {
    const t = byKind.get(kind)!;
    const ls = lengths.get(kind) ?? [];
    const row = [kind, count(t.passages), (ls.reduce((a, b) => a + b, 0) / Math.max(1, ls.length)).toFixed(0), count(t.correct), count(t.wrong), count(t.ambiguous + t.orphaned)];
    if (baselineByKind) {
      const b = baselineByKind.get(kind) ?? emptyTally();
      row.push(count(b.correct), count(b.wrong), count(b.ambiguous + b.orphaned));
    }
    return row;
  });
  printTable([header, ...rows]);
}

function printComparisonTable(p: Prepared, engine: ReadonlyMap<number, Outcome>, baseline: ReadonlyMap<number, Outcome>): void {
  const e = tally(p, engine, (index) => p.categories[index]);
  const b = tally(p, baseline, (index) => p.categories[index]);
  const rows = CATEGORIES.filter((c) => e.has(c)).map((c) => {
    const x = e.get(c)!;
    const y = b.get(c) ?? emptyTally();
    return [c, count(x.passages), count(x.correct), count(x.fuzzy), count(x.wrong), count(x.ambiguous + x.orphaned), count(y.correct), count(y.fuzzy), count(y.wrong), count(y.orphaned)];
  });
  const x = sum(e.values());
  const y = sum(b.values());
  rows.push(['all', count(x.passages), count(x.correct), count(x.fuzzy), count(x.wrong), count(x.ambiguous + x.orphaned), count(y.correct), count(y.fuzzy), count(y.wrong), count(y.orphaned)]);
  printTable([['category', 'passages', 'engine correct', 'fuzzy', 'WRONG', 'flagged', 'baseline correct', 'fuzzy', 'WRONG', 'no match'], ...rows]);
}

// ---------------------------------------------------------------------------------------------
// What went wrong, in enough detail to fix it

function excerpt(text: string, width = 70): string {
  const flat = text.replace(/\n/g, '⏎');
  return flat.length <= width ? `“${flat}”` : `“${flat.slice(0, width - 22)} … ${flat.slice(-18)}”`;
}

/** Passages that survive but were flagged (ambiguous or orphaned): what keeps the correct share below 100%. */
function printFlaggedSurvivors(p: Prepared, outcomes: readonly Outcome[], limit: number): void {
  const flagged = outcomes.map((o, i) => [i, o] as const).filter(([i, o]) => o.verdict === 'flagged' && SURVIVING.has(p.categories[i]));
  if (flagged.length === 0) return;
  console.log(`\nthe engine flagged ${count(flagged.length)} passages that survive; ${Math.min(limit, flagged.length)} of them:`);
  for (const [index, outcome] of flagged.slice(0, limit)) {
    const truth = p.script.tracker.spans[index];
    const first = truth.causes.map((id) => `#${id} ${p.script.tracker.log[id]}`).join('; ');
    console.log(
      `  annotation ${index} (${p.annotations[index].kind}, ${p.categories[index]}): ${outcome.state}${outcome.offersTruth ? ', the right place offered' : ''}; quote ${excerpt(p.targets[index].quote, 50)}, ` +
        `now ${excerpt(p.revised.slice(truth.start, truth.end), 50)}; edits: ${first || 'none'}`,
    );
  }
}

/** The inserted lookalike copy that `span` overlaps, if any. */
function copyAt(p: Prepared, span: Span): { annotation: number; edit: number } | undefined {
  for (const [tracked, annotation] of p.script.copies) {
    const copy = p.script.tracker.spans[tracked];
    if (!copy.deleted && span.start < copy.end && copy.start < span.end) {
      const edit = p.script.tracker.log.findIndex((line) => line.startsWith(`lookalike of annotation ${annotation} `));
      return { annotation, edit };
    }
  }
  return undefined;
}

function printWrongCases(p: Prepared, outcomes: ReadonlyMap<number, Outcome> | readonly Outcome[], who: string, limit: number): void {
  const entries: [number, Outcome][] = Array.isArray(outcomes)
    ? (outcomes as readonly Outcome[]).map((o, i) => [i, o])
    : [...(outcomes as ReadonlyMap<number, Outcome>)];
  const wrong = entries.filter(([, o]) => o.verdict === 'wrong');
  if (wrong.length === 0) {
    console.log(`\n${who}: no wrong anchors`);
    return;
  }
  // Mistakes that no lookalike copy explains first; one of each category in turn, so that the list shows every kind.
  const byCategory = new Map<Category, [number, Outcome][]>();
  for (const entry of wrong) {
    const list = byCategory.get(p.categories[entry[0]]) ?? [];
    list.push(entry);
    byCategory.set(p.categories[entry[0]], list);
  }
  const roundRobin = (entries: readonly [number, Outcome][]): [number, Outcome][] => {
    const lists = new Map<Category, [number, Outcome][]>();
    for (const entry of entries) lists.set(p.categories[entry[0]], [...(lists.get(p.categories[entry[0]]) ?? []), entry]);
    const ordered: [number, Outcome][] = [];
    for (let round = 0; ordered.length < entries.length; round++) {
      for (const list of lists.values()) if (round < list.length) ordered.push(list[round]);
    }
    return ordered;
  };
  const shown = [
    ...roundRobin(wrong.filter(([, o]) => copyAt(p, o.span!) === undefined)),
    ...roundRobin(wrong.filter(([, o]) => copyAt(p, o.span!) !== undefined)),
  ].slice(0, limit);
  const summary = [...byCategory].map(([c, list]) => `${c} ${list.length}`).join(', ');
  console.log(`\n${who}: ${count(wrong.length)} WRONG anchors (${summary}); ${shown.length} of them:`);
  const onCopies = wrong.filter(([, o]) => copyAt(p, o.span!) !== undefined).length;
  if (onCopies > 0) {
    console.log(
      `(${count(onCopies)} of the ${count(wrong.length)} went to a lookalike the script inserted: an exact copy of an annotated sentence, elsewhere. ` +
        'Where the original was deleted or rewritten, the revised text is the same as if the sentence had been moved there.)',
    );
  }
  const lineStarts = lineStartsOf(p.revised);
  const place = (offset: number): string => {
    const position = positionAt(lineStarts, offset);
    const chapter = chapterAtLine(p.revisedManuscript, position.line);
    return `line ${position.line + 1}:${position.character} (chapter ${chapter ?? '—'})`;
  };
  shown.forEach(([index, outcome], n) => {
    const target = p.targets[index];
    const truth = p.script.tracker.spans[index];
    const found = outcome.span!;
    console.log(`\n  ${n + 1}. annotation ${index} (${p.annotations[index].kind}, ${target.quote.length} characters), ${p.categories[index]}`);
    console.log(`     quote:  ${excerpt(target.quote)}`);
    console.log(`     stored: chapter ${target.chapter ?? '—'}, line ${target.position.line + 1}:${target.position.character}, prefix ${excerpt(target.prefix)}, suffix ${excerpt(target.suffix)}`);
    const copy = copyAt(p, found);
    const copied = copy === undefined ? '' : ` — inside the lookalike copy of annotation ${copy.annotation}'s sentence (edit #${copy.edit})`;
    console.log(`     found:  ${outcome.state} at ${place(found.start)}${copied}: ${excerpt(p.revised.slice(found.start, found.end))}`);
    console.log(
      `             between ${excerpt(p.revised.slice(Math.max(0, found.start - 32), found.start))} and ${excerpt(p.revised.slice(found.end, found.end + 32))}`,
    );
    if (truth.deleted) {
      console.log('     truth:  the passage was deleted');
    } else {
      console.log(`     truth:  ${place(truth.start)}: ${excerpt(p.revised.slice(truth.start, truth.end))}`);
      console.log(
        `             between ${excerpt(p.revised.slice(Math.max(0, truth.start - 32), truth.start))} and ${excerpt(p.revised.slice(truth.end, truth.end + 32))}`,
      );
    }
    const causes = truth.causes.map((id) => `#${id} ${p.script.tracker.log[id]}`);
    console.log(`     edits touching it or its context: ${causes.length === 0 ? 'none' : ''}`);
    for (const cause of causes.slice(0, 5)) console.log(`       ${cause}`);
    if (causes.length > 5) console.log(`       … and ${causes.length - 5} more`);
  });
}

// ---------------------------------------------------------------------------------------------
// Sections

function describeCorpus(p: Prepared): void {
  const { corpus, annotations, script } = p;
  const kinds = ANNOTATION_KINDS.map((kind) => `${kind} ${count(annotations.filter((a) => a.kind === kind).length)}`).join(', ');
  console.log(
    `${corpus.name}: ${(Buffer.byteLength(corpus.text) / MB).toFixed(2)} MB, ${count(p.manuscript.chapters.length)} chapters, ` +
      `${count(p.manuscript.paragraphs.length)} paragraphs; revised: ${(Buffer.byteLength(p.revised) / MB).toFixed(2)} MB`,
  );
  console.log(`annotations (seed ${corpus.seed}): ${count(annotations.length)}: ${kinds}`);
  const performed = [...script.performed].map(([operation, n]) => `${operation} ${n}`).join(', ');
  console.log(
    `revision script (seed ${corpus.seed + 1}): ${count(script.tracker.log.length)} edits applied in sequence ` +
      `(operations: ${performed}; ${script.skipped} skipped for want of a fitting place); prepared in ${(p.prepareMs / 1000).toFixed(1)} s`,
  );
  const categories = CATEGORIES.map((c) => [c, p.categories.filter((x) => x === c).length] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${c} ${count(n)}`)
    .join(', ');
  console.log(`passages after the revisions: ${categories}`);
}

function states(resolutions: readonly Resolution[]): string {
  const counts = new Map<AnchorState, number>();
  for (const r of resolutions) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  return (['anchored', 'moved', 'fuzzy', 'ambiguous', 'orphaned'] as const).map((s) => `${s} ${count(counts.get(s) ?? 0)}`).join(', ');
}

/** Accuracy on the generated book: the engine on every annotation, the baseline on a stratified subset. */
export function anchoringOnGeneratedBook(text: string): boolean {
  const p = prepare(generatedBookCorpus(text));
  describeCorpus(p);
  if (!truthHolds(p)) return false;

  const resolutions = resolveRevised(p);
  const engine = engineOutcomes(p, resolutions);
  console.log(`\nthe engine on all ${count(p.annotations.length)} annotations (${states(resolutions)}):\n`);
  const byCategory = printEngineTable(p, engine);
  console.log('');
  printKindTable(p, engine);
  console.log('');
  const met = printHeadline('the engine, all annotations', headline(byCategory));

  const subset = stratifiedSubset(p, p.corpus.baselineSubset ?? p.annotations.length, p.corpus.seed + 2);
  const baseline = runBaseline(p, p.revised, subset, p.corpus.baselineBudgetMs ?? Infinity);
  baselineTiming.set(p.corpus.name, baseline);
  const done = [...baseline.outcomes.keys()];
  const engineOnSubset = new Map(done.map((index) => [index, engine[index]] as const));
  console.log(
    `\nthe Hypothesis-style baseline scans the whole text per annotation: it ran on a stratified subset of ` +
      `${count(done.length)} annotations${done.length < baseline.planned ? ` (of ${count(baseline.planned)} planned: stopped after ${(baseline.elapsedMs / 1000).toFixed(0)} s)` : ''} ` +
      `(${SUBSET_PER_CATEGORY} per category, or all of a smaller one; ${(baseline.elapsedMs / 1000).toFixed(1)} s); the engine's figures on the same subset beside it:\n`,
  );
  printComparisonTable(p, engineOnSubset, baseline.outcomes);
  console.log('');
  printKindTable(p, engineOnSubset, baseline.outcomes);
  console.log('');
  printHeadline('the engine, same subset', headline(tally(p, engineOnSubset, (i) => p.categories[i])));
  printHeadline('the baseline, same subset', headline(tally(p, baseline.outcomes, (i) => p.categories[i])));
  console.log(
    `\ntargets (the engine, all ${count(p.annotations.length)}): zero wrong ${met.wrongMet ? 'MET' : 'NOT MET'}, ` +
      `≥ 99% correct where the passage survives ${met.correctMet ? 'MET' : 'NOT MET'}, every deleted passage orphaned ${met.goneMet ? 'MET' : 'NOT MET'}`,
  );
  printWrongCases(p, engine, 'the engine', 10);
  printFlaggedSurvivors(p, engine, 5);
  printWrongCases(p, baseline.outcomes, 'the baseline (for comparison)', 3);
  return true;
}

/** Accuracy on a real (small) manuscript: the engine and the baseline on every annotation. */
export function anchoringOnFile(name: string, text: string, size: 'small' | 'medium'): boolean {
  const p = prepare(fileCorpus(name, text, size));
  describeCorpus(p);
  if (!truthHolds(p)) return false;
  const resolutions = resolveTargets(p.revised, p.revisedManuscript, p.targets);
  const engine = engineOutcomes(p, resolutions);
  const all = p.annotations.map((_, index) => index);
  const baseline = runBaseline(p, p.revised, all, Infinity);
  const engineMap = new Map(engine.map((o, i) => [i, o] as const));
  console.log(`\nthe engine (${states(resolutions)}) and the Hypothesis-style baseline, every annotation (baseline: ${(baseline.elapsedMs / 1000).toFixed(2)} s):\n`);
  printComparisonTable(p, engineMap, baseline.outcomes);
  console.log('');
  printKindTable(p, engineMap, baseline.outcomes);
  console.log('');
  const met = printHeadline('the engine', headline(tally(p, engine, (i) => p.categories[i])));
  printHeadline('the baseline', headline(tally(p, baseline.outcomes, (i) => p.categories[i])));
  console.log(
    `\ntargets (the engine): zero wrong ${met.wrongMet ? 'MET' : 'NOT MET'}, ≥ 99% correct where the passage survives ${met.correctMet ? 'MET' : 'NOT MET'}, ` +
      `every deleted passage orphaned ${met.goneMet ? 'MET' : 'NOT MET'}`,
  );
  printWrongCases(p, engine, 'the engine', 10);
  printFlaggedSurvivors(p, engine, 5);
  printWrongCases(p, baseline.outcomes, 'the baseline (for comparison)', 3);
  return true;
}

/** A text to draw annotations and revision scripts in again and again. */
export interface SeedCorpus {
  readonly name: string;
  readonly text: string;
  readonly annotations: number;
  readonly script: 'small' | 'medium' | 'big';
}

const SCRIPTS: Record<SeedCorpus['script'], ScriptSize> = { small: SMALL_SCRIPT, medium: MEDIUM_SCRIPT, big: BIG_SCRIPT };

/**
 * The engine's accuracy on draws other than the ones above: annotations and a revision script
 * drawn again `seeds` times per text. The rules were worked out on the draws above; these say
 * whether they hold beyond them.
 */
export function anchoringAcrossSeeds(corpora: readonly SeedCorpus[], seeds: number): boolean {
  const rows: string[][] = [];
  let allMet = true;
  for (const corpus of corpora) {
    const total = emptyTally();
    let surviving = emptyTally();
    let gone = emptyTally();
    for (let n = 0; n < seeds; n++) {
      const seed = 7000 + 10 * n;
      const p = prepareUncached({ name: `${corpus.name}, seed ${seed}`, text: corpus.text, annotations: corpus.annotations, script: SCRIPTS[corpus.script], seed });
      if (!truthHolds(p)) return false;
      const h = headline(tally(p, engineOutcomes(p, resolveTargets(p.revised, p.revisedManuscript, p.targets)), (i) => p.categories[i]));
      total.passages += h.scored;
      total.wrong += h.wrong;
      surviving = sum([surviving, h.surviving]);
      gone = sum([gone, h.gone]);
    }
    const correctMet = surviving.correct >= 0.99 * surviving.passages;
    allMet &&= total.wrong === 0 && correctMet && gone.orphaned === gone.passages;
    rows.push([
      corpus.name,
      String(seeds),
      count(total.passages),
      count(total.wrong),
      `${count(surviving.correct)} of ${count(surviving.passages)} = ${percent(surviving.correct, surviving.passages)}`,
      `${count(surviving.ambiguous + surviving.orphaned)} (${count(surviving.offered)})`,
      `${count(gone.orphaned)} of ${count(gone.passages)}`,
    ]);
  }
  printTable([['text', 'draws', 'annotations', 'WRONG', 'correct where the passage survives', 'flagged (right place offered)', 'deleted passages orphaned'], ...rows]);
  console.log(`
targets on every draw together: zero wrong, ≥ 99% correct where the passage survives, every deleted passage orphaned: ${allMet ? 'MET' : 'NOT MET (see the table)'}`);
  return true;
}

const SUBSET_PER_CATEGORY = 8;

/** Up to `SUBSET_PER_CATEGORY` of each category, the rest at random; interleaved by category, so a time budget cuts evenly. */
function stratifiedSubset(p: Prepared, size: number, seed: number): number[] {
  const random = mulberry32(seed);
  const byCategory = new Map<Category, number[]>();
  p.categories.forEach((c, index) => {
    const list = byCategory.get(c) ?? [];
    list.push(index);
    byCategory.set(c, list);
  });
  const lists = [...byCategory.values()].map((list) => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  });
  const chosen: number[] = [];
  for (let round = 0; round < SUBSET_PER_CATEGORY && chosen.length < size; round++) {
    for (const list of lists) if (round < list.length && chosen.length < size) chosen.push(list[round]);
  }
  const taken = new Set(chosen);
  const rest = p.annotations.map((_, i) => i).filter((i) => !taken.has(i));
  while (chosen.length < size && rest.length > 0) chosen.push(rest.splice(Math.floor(random() * rest.length), 1)[0]);
  return chosen;
}

const baselineTiming = new Map<string, BaselineRun>();

/** Times of `resolveTargets` on the revised generated book: the accuracy run is the first. */
const revisedRuns = new Map<string, { times: number[]; cpuTimes: number[]; resolutions: Resolution[] }>();

function resolveRevised(p: Prepared): Resolution[] {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const resolutions = resolveTargets(p.revised, p.revisedManuscript, p.targets);
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const runs = revisedRuns.get(p.corpus.name);
  if (runs) {
    runs.times.push(elapsed);
    runs.cpuTimes.push(cpuMs);
  } else {
    revisedRuns.set(p.corpus.name, { times: [elapsed], cpuTimes: [cpuMs], resolutions });
  }
  return resolutions;
}

function medianOf(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** 10,000 annotations on the 5 MB book: unchanged, then revised; the baseline's time per annotation beside. */
export function anchoringSpeed(text: string): boolean {
  const p = prepare(generatedBookCorpus(text));
  const n = p.targets.length;
  console.log(
    `${count(n)} annotations on the generated book (${(Buffer.byteLength(text) / MB).toFixed(2)} MB), the same as above; ` +
      `the revised text has ${count(p.script.tracker.log.length)} edits\n`,
  );
  const unchanged = resolveTargets(text, p.manuscript, p.targets);
  if (!revisedRuns.has(p.corpus.name)) resolveRevised(p);
  const runs = revisedRuns.get(p.corpus.name)!;
  console.log(`unchanged text: ${states(unchanged)}`);
  console.log(`revised text:   ${states(runs.resolutions)}\n`);

  const [parseRevised, resolveUnchanged] = measureEach(
    [
      { name: 'parseManuscript of the revised text (for reference)', fn: () => (sink += parseManuscript(p.revised).lineCount) },
      { name: 'resolveTargets, nothing changed', fn: () => (sink += resolveTargets(text, p.manuscript, p.targets).length) },
    ],
    { iterations: 7, warmup: 2 },
  );
  // Two runs when they are slow (the accuracy run above was the first), up to seven when they are fast.
  while (runs.times.length < 7 && (runs.times.length < 2 || runs.times.reduce((a, b) => a + b, 0) < 3000)) resolveRevised(p);
  const revisedMedian = medianOf(runs.times);
  const revisedMin = Math.min(...runs.times);

  // The baseline: per annotation, on a sample of the unchanged text and on the accuracy subset of the revised one.
  const random = mulberry32(p.corpus.seed + 3);
  const sample = Array.from({ length: 60 }, () => Math.floor(random() * n));
  const onUnchanged = runBaseline(p, text, sample, 30_000);
  const onRevised = baselineTiming.get(p.corpus.name) ?? runBaseline(p, p.revised, stratifiedSubset(p, 200, p.corpus.seed + 2), 10_000);
  const perUnchanged = onUnchanged.elapsedMs / Math.max(1, onUnchanged.outcomes.size);
  const perRevised = onRevised.elapsedMs / Math.max(1, onRevised.outcomes.size);

  const row = (name: string, medianMs: number, minMs: number | undefined, versus: string): string[] => [
    name,
    medianMs.toFixed(1),
    minMs === undefined ? '—' : minMs.toFixed(1),
    ((medianMs * 1000) / n).toFixed(2),
    versus,
  ];
  printTable([
    ['', 'median ms', 'min ms', 'µs per annotation', 'vs baseline'],
    row(parseRevised.name, parseRevised.medianMs, parseRevised.minMs, ''),
    row(resolveUnchanged.name, resolveUnchanged.medianMs, resolveUnchanged.minMs, ratio(perUnchanged * n, resolveUnchanged.medianMs)),
    row(`resolveTargets, after the revisions (${runs.times.length} runs, the first the accuracy run)`, revisedMedian, revisedMin, ratio(perRevised * n, revisedMedian)),
    row(`baseline, nothing changed (${count(onUnchanged.outcomes.size)} at random, × ${count(n)})`, perUnchanged * n, undefined, ''),
    row(`baseline, after the revisions (${count(onRevised.outcomes.size)} of the subset, × ${count(n)})`, perRevised * n, undefined, ''),
  ]);
  console.log(
    `\nthe baseline's totals are extrapolated from its time per annotation: ${perUnchanged.toFixed(1)} ms unchanged, ${perRevised.toFixed(1)} ms revised ` +
      '(on the stratified accuracy subset, which over-represents edited passages: those need the approximate search)',
  );
  console.log(
    `the CPU time of resolveTargets after the revisions: median ${medianOf(runs.cpuTimes).toFixed(0)} ms ` +
      '(wall times include waiting for a CPU when the machine is shared)',
  );
  const unchangedMet = resolveUnchanged.medianMs < 100;
  const revisedMet = revisedMedian < 1000;
  console.log(
    `\ntarget: ${count(n)} annotations resolved in under 100 ms when nothing changed: ${unchangedMet ? 'MET' : 'NOT MET'} (median ${resolveUnchanged.medianMs.toFixed(1)} ms)`,
  );
  console.log(`target: ${count(n)} annotations resolved in under 1 s after the revisions: ${revisedMet ? 'MET' : 'NOT MET'} (median ${revisedMedian.toFixed(1)} ms)`);
  return true;
}
