import search from 'approx-string-match';
import type { AnnotationTarget, Resolution, TextSpan } from '../annotations/annotation';
import { lineStartsOf, positionAt } from '../manuscript/book';
import type { Manuscript, Position } from '../manuscript/model';
import { chapterAtLine } from './targets';
import { findSeeds, nearContextOf, seedsOf, type Votes } from './seeds';
import { contextSimilarity, similarity } from './similarity';
import { ContextEvidence, type Candidate } from './contextEvidence';
import { DISTINCTIVE_QUOTE, requiredContext, surroundingsOf, surroundsBothSides, wholeSentenceStored, type Surroundings } from './surroundings';

/**
 * Finding an annotation's passage again after the manuscript changed.
 *
 * A wrong anchor is the worst outcome: an annotation silently attached to the wrong sentence
 * misleads every later reader. So a place is accepted only when the quote (exactly, or nearly:
 * above `FUZZY_FLOOR`) AND its surroundings agree; a lookalike elsewhere with other context loses to
 * the edited original; two places too close to call are reported as ambiguous, not guessed; and
 * what cannot be found is orphaned, never deleted.
 *
 * A word or phrase is known by the sentence around it: a short quote is taken only where the rest
 * of its own sentence is still beside it. But a sentence can be copied elsewhere and the original
 * deleted, and then the copy holds the phrase with all of its nearby context. So the stored
 * context reaches a little past the quote's sentence, and a place is taken only where the text
 * beyond that sentence still agrees on one side at least — or where the passage's whole line (a
 * paragraph) is still a line of its own. A place that holds the quote and its sentence but nothing
 * of what surrounded them may be a copy: it is offered with the orphan, never taken.
 *
 * Candidates come from one pass over the text for all annotations at once: short "seeds" taken
 * from each quote and its context are looked up with a rolling hash, so that resolving thousands of
 * annotations costs one scan of the book plus a little work per annotation.
 */

/** The least similarity (1 − edits ÷ length) at which an edited passage still counts as found. */
export const FUZZY_FLOOR = 0.75;
/** Near-intact long quotes with lost context (a moved paragraph with a typo fixed) need this. */
const DISTINCTIVE_SIMILARITY = 0.9;
/** Two candidates whose scores are closer than this are too close to call. */
const AMBIGUITY_MARGIN = 6;
/** How far around its old position a quote is first looked for, in characters. */
const NEARBY = 4096;
/** How much stored context an approximate match's edge must meet to be preferred over an equally good one. */
const EDGE_CONTEXT = 4;

/** Resolves many targets against the current text at once. */
export function resolveTargets(text: string, manuscript: Manuscript, targets: readonly AnnotationTarget[]): Resolution[] {
  const document = new AnchoringDocument(text, manuscript);
  const results: Resolution[] = new Array(targets.length);
  const pending: number[] = [];
  const order = inDocumentOrder(targets);
  // In document order, a passage is first looked for where the passages before it went: an edit
  // moves every passage after it by as many lines, so one search after each edit finds all those
  // it moved, and only passages edited, deleted or moved on their own need the search of the book.
  let lineShift = 0;
  for (const index of order) {
    const found = document.unchangedAt(targets[index]) ?? document.shiftedBy(targets[index], lineShift);
    if (found?.span) {
      results[index] = found;
      lineShift = document.lineAt(found.span.start) - targets[index].position.line;
    } else {
      pending.push(index);
    }
  }
  if (pending.length > 0) {
    const hits = findSeeds(text, pending.map((index) => seedsOf(targets[index])));
    pending.forEach((index, k) => {
      results[index] = document.resolve(targets[index], hits[k]);
    });
    placeAmongNeighbours(document, targets, results, order);
  }
  return results;
}

/**
 * An orphan's one offered place is taken where it lies in the paragraph that the passages annotated
 * beside it, in the same paragraph, were found in, and in the same order: the sentence moved or lost
 * its neighbours with them around it, while a copy of it would stand in another paragraph.
 */
function placeAmongNeighbours(document: AnchoringDocument, targets: readonly AnnotationTarget[], results: Resolution[], order: readonly number[]): void {
  order.forEach((index, k) => {
    const { state, candidates } = results[index];
    if (state !== 'orphaned' || candidates.length !== 1) return;
    const offered = candidates[0];
    const storedLine = targets[index].position.line;
    /** The nearest neighbour on one side, in the passage's old paragraph, that was found: whether it agrees. */
    const neighbourAgrees = (step: -1 | 1): boolean | undefined => {
      for (let j = k + step; j >= 0 && j < order.length && targets[order[j]].position.line === storedLine; j += step) {
        const found = results[order[j]].span;
        if (!found) continue;
        return document.lineAt(found.start) === document.lineAt(offered.start) && (step < 0 ? found.start <= offered.start : found.start >= offered.start);
      }
      return undefined;
    };
    const before = neighbourAgrees(-1);
    const after = neighbourAgrees(1);
    if (before !== false && after !== false && (before || after)) results[index] = document.taken(targets[index], offered);
  });
}

/** Indices of `targets`, by where their passages were. */
function inDocumentOrder(targets: readonly AnnotationTarget[]): number[] {
  return targets.map((_, index) => index).sort((a, b) => targets[a].position.line - targets[b].position.line || targets[a].position.character - targets[b].position.character);
}

/** An occurrence of a quote: exact when `errors` is 0. */
interface Match extends TextSpan {
  readonly errors: number;
}

class AnchoringDocument {
  private readonly lineStarts: number[];
  private readonly evidence: ContextEvidence;

  constructor(
    private readonly text: string,
    private readonly manuscript: Manuscript,
  ) {
    this.lineStarts = lineStartsOf(text);
    this.evidence = new ContextEvidence(text);
  }

  offsetAt(position: Position): number {
    const line = Math.min(Math.max(position.line, 0), this.lineStarts.length - 1);
    const lineStart = this.lineStarts[line];
    const lineEnd = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    return Math.min(lineStart + Math.max(position.character, 0), lineEnd);
  }

  /** The quote and all of its stored context, exactly, at `start`. */
  private intactAt(target: AnnotationTarget, start: number): boolean {
    const end = start + target.quote.length;
    return (
      start >= target.prefix.length &&
      this.text.startsWith(target.quote, start) &&
      this.text.startsWith(target.prefix, start - target.prefix.length) &&
      this.text.startsWith(target.suffix, end)
    );
  }

  /** The passage found at `span`, which the evidence of other passages settled. */
  taken(target: AnnotationTarget, span: TextSpan): Resolution {
    const quoteSimilarity = similarity(target.quote, this.text.slice(span.start, span.end));
    if (quoteSimilarity < 1) return { state: 'fuzzy', span, score: quoteSimilarity, candidates: [] };
    return { state: span.start === this.offsetAt(target.position) ? 'anchored' : 'moved', span, score: undefined, candidates: [] };
  }

  lineAt(offset: number): number {
    return positionAt(this.lineStarts, offset).line;
  }

  /**
   * The next most common case: the quote with all of its stored context, `lines` lines from where
   * it was (where the passages before it went), or else once and only once within `NEARBY`
   * characters of there.
   */
  shiftedBy(target: AnnotationTarget, lines: number): Resolution | undefined {
    if (target.quote.length === 0) return undefined;
    const hint = this.offsetAt(target.position);
    const expected = this.offsetAt({ line: target.position.line + lines, character: target.position.character });
    const found = (start: number): Resolution => ({ state: start === hint ? 'anchored' : 'moved', span: { start, end: start + target.quote.length }, score: undefined, candidates: [] });
    if (lines !== 0 && this.intactAt(target, expected)) return found(expected);
    const whole = target.prefix + target.quote + target.suffix;
    const from = Math.max(0, expected - NEARBY - target.prefix.length);
    const nearby = this.text.slice(from, Math.min(this.text.length, expected + NEARBY + target.quote.length + target.suffix.length));
    const first = nearby.indexOf(whole);
    if (first < 0 || nearby.indexOf(whole, first + 1) >= 0) return undefined;
    return found(from + first + target.prefix.length);
  }

  /**
   * The common case, kept cheap: the quote is still where it was, with all of its context. (With
   * one side changed, it may be the first words of the next sentence, moved up into its place.)
   */
  unchangedAt(target: AnnotationTarget): Resolution | undefined {
    const start = this.offsetAt(target.position);
    if (target.quote.length === 0 || !this.intactAt(target, start)) return undefined;
    return { state: 'anchored', span: { start, end: start + target.quote.length }, score: undefined, candidates: [] };
  }

  resolve(target: AnnotationTarget, seedStarts: ReadonlyMap<number, Votes>): Resolution {
    const quote = target.quote;
    if (quote.length === 0) return orphaned([]);
    const hint = this.offsetAt(target.position);
    let known: Surroundings | undefined;
    // Read only when a candidate needs it: most passages are found with all of their context.
    const surroundings = (): Surroundings => (known ??= surroundingsOf(target));
    const required = requiredContext(target);
    const confirmed: Candidate[] = [];
    const offered: Candidate[] = [];
    for (const candidate of this.candidates(target, hint, seedStarts, surroundings)) {
      const verdict = this.verdict(candidate, target, required, surroundings);
      if (verdict === 'confirmed') confirmed.push(candidate);
      else if (verdict === 'offered') offered.push(candidate);
    }
    // Overlaps are weeded out among places of one verdict: a better-scored place that is not the
    // passage must not hide one that is.
    const places = withoutOverlaps(confirmed);
    if (places.length === 0) return orphaned(withoutOverlaps(offered));
    const [best, second] = places;
    if (second && best.score - second.score < AMBIGUITY_MARGIN) {
      return ambiguous(places.filter((c) => best.score - c.score < AMBIGUITY_MARGIN));
    }
    const exact = best.quoteSimilarity === 1;
    return {
      state: exact ? (best.span.start === hint ? 'anchored' : 'moved') : 'fuzzy',
      span: best.span,
      score: exact ? undefined : best.quoteSimilarity,
      candidates: [],
    };
  }

  /**
   * Whether a candidate stands for the passage (`confirmed`), may be it but cannot be told from a
   * copy of it (`offered`), or is not it. It is not where the rest of the quote's own sentence is
   * not beside it. It stands for the passage when the quote is intact or nearly, with enough
   * agreeing context beside it and, past the quote's sentence, on one side at least; or when the
   * passage's long line is found whole, as a line of its own (a paragraph moved). A short quote
   * found only approximately must also keep some context on both sides: a rewritten passage can
   * echo another's words.
   */
  private verdict(candidate: Candidate, target: AnnotationTarget, required: number, surroundings: () => Surroundings): 'confirmed' | 'offered' | 'rejected' {
    if (candidate.quoteSimilarity < FUZZY_FLOOR) return 'rejected';
    if (this.evidence.keepsOneSide(candidate, surroundings())) return 'confirmed';
    const long = target.quote.length >= DISTINCTIVE_QUOTE;
    const nearlyIntact = candidate.quoteSimilarity >= DISTINCTIVE_SIMILARITY;
    const nearContext = candidate.contextEvidence >= required && (candidate.quoteSimilarity === 1 || long || !surroundsBothSides(target) || Math.min(candidate.prefixSimilarity, candidate.suffixSimilarity) >= 0.5);
    // Another sentence holding the same words is not the passage, nor a copy of it.
    if (!this.evidence.keepsInner(candidate, target, surroundings)) return 'rejected';
    // A quote spanning sentences found edited may be a copy of one of its sentences with other words
    // after it: the rest of its sentences must be beside it on both sides.
    if (surroundings().spansSentences && candidate.quoteSimilarity < 1) {
      const holds = this.evidence.innerHolds(candidate, surroundings());
      if (!holds.before || !holds.after) return 'rejected';
    }
    if (nearContext && this.evidence.keepsSentence(candidate, surroundings)) return 'confirmed';
    if (!nearlyIntact) return 'rejected';
    if (nearContext || long) return this.evidence.keepsLine(candidate.span, surroundings()) ? 'confirmed' : 'offered';
    // A short quote with little context beside it, but in the whole of its sentence, as stored:
    // that sentence is here, so the place is worth offering (never taking).
    return wholeSentenceStored(target, surroundings()) ? 'offered' : 'rejected';
  }

  /**
   * Places the passage may be now: exact occurrences near its old place and where its seeds
   * point; then, unless an exact one sits in all of its old context, approximate occurrences where
   * the seeds point (seed votes close together are aligned once).
   */
  private candidates(target: AnnotationTarget, hint: number, seedStarts: ReadonlyMap<number, Votes>, surroundings: () => Surroundings): Candidate[] {
    const { text } = this;
    const quote = target.quote;
    // The common case after edits elsewhere: the seeds point at one place holding the quote in all
    // of its old context. (Two such places are a copied passage: those are weighed below.)
    const intact = [...seedStarts.keys()].filter((start) => this.intactAt(target, start));
    if (intact.length === 1) return [this.score(target, { start: intact[0], end: intact[0] + quote.length, errors: 0 }, hint)];
    const exact = new Map<number, Match>();
    // Searched in a slice: indexOf on the whole text would run on to its end whenever the quote is not near.
    const nearbyFrom = Math.max(0, hint - NEARBY);
    const nearby = text.slice(nearbyFrom, Math.min(text.length, hint + NEARBY + quote.length));
    for (let at = nearby.indexOf(quote); at >= 0; at = nearby.indexOf(quote, at + 1)) {
      exact.set(nearbyFrom + at, { start: nearbyFrom + at, end: nearbyFrom + at + quote.length, errors: 0 });
    }
    const elsewhere: number[] = [];
    for (const start of seedStarts.keys()) {
      if (text.startsWith(quote, start)) exact.set(start, { start, end: start + quote.length, errors: 0 });
      else elsewhere.push(start);
    }
    const scored = [...exact.values()].map((match) => this.score(target, match, hint));
    const maxErrors = Math.floor(quote.length * (1 - FUZZY_FLOOR));
    // An intact quote in all of its old context is the passage: no need to look further. (One
    // merely confirmed by some context, or a copy of its sentence, may be a lookalike of an edited
    // original: look on.)
    const settled = (c: Candidate): boolean => c.prefixSimilarity === 1 && c.suffixSimilarity === 1 && this.evidence.keepsSentence(c, surroundings);
    if (maxErrors === 0 || scored.some(settled)) return scored;
    elsewhere.sort((a, b) => a - b);
    for (let i = 0; i < elsewhere.length; ) {
      let j = i;
      let { weight, quotePieces } = seedStarts.get(elsewhere[i])!;
      while (j + 1 < elsewhere.length && elsewhere[j + 1] - elsewhere[j] <= maxErrors + 2) {
        const more = seedStarts.get(elsewhere[++j])!;
        weight += more.weight;
        quotePieces += more.quotePieces;
      }
      const from = elsewhere[i];
      const to = elsewhere[j];
      i = j + 1;
      // One piece of context alone, pointing where the quote is not, is too weak a lead to follow;
      // so is context alone where a long quote, edited within the floor, would keep a piece intact.
      if (weight < 2 || (quotePieces === 0 && quote.length >= DISTINCTIVE_QUOTE)) continue;
      if (scored.some((c) => c.span.start <= to + maxErrors && from - maxErrors <= c.span.start)) continue;
      const match = this.align(target, from, to, maxErrors);
      if (match) scored.push(this.score(target, match, hint));
    }
    return scored;
  }

  /**
   * The best approximate occurrence of the quote starting near `start`…`lastStart`, if any is within
   * `maxErrors` edits: the fewest edits, then the one whose edges meet the stored context (a letter
   * added at the quote's end is one edit whether the match takes it in or leaves it out), then the
   * nearest. The window is kept tight: a wider one lets an exact copy nearby hide the edited passage.
   */
  private align(target: AnnotationTarget, start: number, lastStart: number, maxErrors: number): Match | undefined {
    const quote = target.quote;
    const slack = maxErrors + 2;
    const from = Math.max(0, start - slack);
    const window = this.text.slice(from, Math.min(this.text.length, lastStart + quote.length + slack));
    let best: (Match & { readonly edges: number; readonly distance: number }) | undefined;
    for (const found of search(window, quote, maxErrors)) {
      const match = { start: from + found.start, end: from + found.end, errors: found.errors };
      const edges = this.edgesAgree(target, match);
      const distance = Math.abs(match.start - start);
      if (!best || match.errors < best.errors || (match.errors === best.errors && (edges > best.edges || (edges === best.edges && distance < best.distance)))) {
        best = { ...match, edges, distance };
      }
    }
    return best && { start: best.start, end: best.end, errors: best.errors };
  }

  /** How many of a match's two edges meet the stored context: its last characters before, its first after. */
  private edgesAgree(target: AnnotationTarget, match: TextSpan): number {
    const before = target.prefix.slice(-EDGE_CONTEXT);
    const after = target.suffix.slice(0, EDGE_CONTEXT);
    return (before !== '' && match.start >= before.length && this.text.startsWith(before, match.start - before.length) ? 1 : 0) + (after !== '' && this.text.startsWith(after, match.end) ? 1 : 0);
  }

  /** How many characters of the stored context are found intact before and after `span`, from the quote outward. */
  private intactContext(target: AnnotationTarget, span: TextSpan): { before: number; after: number } {
    const { text } = this;
    const { prefix, suffix } = target;
    let before = 0;
    while (before < prefix.length && span.start - before > 0 && text.charCodeAt(span.start - before - 1) === prefix.charCodeAt(prefix.length - before - 1)) before++;
    let after = 0;
    while (after < suffix.length && span.end + after < text.length && text.charCodeAt(span.end + after) === suffix.charCodeAt(after)) after++;
    return { before, after };
  }

  private score(target: AnnotationTarget, match: Match, hint: number): Candidate {
    const span = { start: match.start, end: match.end };
    const quoteSimilarity = 1 - match.errors / target.quote.length;
    const { prefix, suffix } = nearContextOf(target);
    const prefixSimilarity = contextSimilarity(prefix, this.text.slice(Math.max(0, span.start - prefix.length), span.start), 'before');
    const suffixSimilarity = contextSimilarity(suffix, this.text.slice(span.end, span.end + suffix.length), 'after');
    const line = positionAt(this.lineStarts, span.start).line;
    const intact = this.intactContext(target, span);
    const sameChapter = target.chapter !== undefined && chapterAtLine(this.manuscript, line) === target.chapter ? 1 : 0;
    const nearness = Math.max(0, 1 - Math.abs(line - target.position.line) / 400);
    return {
      span,
      quoteSimilarity,
      prefixSimilarity,
      suffixSimilarity,
      contextEvidence: Math.max(prefixSimilarity * prefix.length + suffixSimilarity * suffix.length, intact.before + intact.after),
      intact: intact.before === target.prefix.length && intact.after === target.suffix.length,
      score: 50 * quoteSimilarity + 20 * prefixSimilarity + 20 * suffixSimilarity + 6 * sameChapter + 4 * nearness + (span.start === hint ? 1 : 0),
    };
  }
}

/** The best of overlapping candidates: one passage found twice is not two places. */
function withoutOverlaps(candidates: readonly Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  for (const candidate of [...candidates].sort((a, b) => b.score - a.score)) {
    if (!kept.some((other) => candidate.span.start < other.span.end && other.span.start < candidate.span.end)) kept.push(candidate);
  }
  return kept;
}

function ambiguous(candidates: readonly Candidate[]): Resolution {
  return { state: 'ambiguous', span: undefined, score: undefined, candidates: candidates.map((c) => c.span) };
}

/** Lost: `offered` are places that may hold it, none of which can be told from a copy. */
function orphaned(offered: readonly Candidate[]): Resolution {
  return { state: 'orphaned', span: undefined, score: undefined, candidates: offered.map((c) => c.span) };
}
