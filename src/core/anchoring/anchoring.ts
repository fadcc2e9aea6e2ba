import search from 'approx-string-match';
import { CONTEXT_LENGTH, MAX_CONTEXT_LENGTH, type AnnotationTarget, type Resolution, type TextSpan } from '../annotations/annotation';
import { lineStartsOf, positionAt } from '../manuscript/book';
import type { Manuscript, Position } from '../manuscript/model';
import { sentenceBreaks } from '../text/sentences';
import { chapterAtLine, SENTENCE_REACH, sentenceAround } from './targets';
import { findSeeds, nearContextOf, seedsOf, type Votes } from './seeds';
import { contextSimilarity, similarity } from './similarity';

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
/** A quote at least this long, found intact, is its own evidence even when its context changed. */
const DISTINCTIVE_QUOTE = 48;
/** Near-intact long quotes with lost context (a moved paragraph with a typo fixed) need this. */
const DISTINCTIVE_SIMILARITY = 0.9;
/** Two candidates whose scores are closer than this are too close to call. */
const AMBIGUITY_MARGIN = 6;
/** How far around its old position a quote is first looked for, in characters. */
const NEARBY = 4096;
/** Less text beyond the sentence than this is too little to tell anything. */
const MIN_REACH = 10;
/** How alike that text must be to the text beyond a candidate's sentence (a typo fixed there is fine). */
const REACH_SIMILARITY = 0.75;
/** Less of the quote's own sentence beside it than this (a full stop, a comma) says nothing. */
const MIN_INNER = 3;
/** A sentence shorter than this ("He said nothing.") is found in too many places to be offered. */
const TELLING_SENTENCE = 24;
/** How far (in characters) a sentence's edge may have shifted by edits inside the sentence. */
const EDGE_SLACK = 3;
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

interface Candidate {
  readonly span: TextSpan;
  readonly quoteSimilarity: number;
  readonly prefixSimilarity: number;
  readonly suffixSimilarity: number;
  /**
   * How many characters of stored context agree with the text around the candidate: the near
   * context weighed by its likeness, or the stored context found intact, if that is more.
   */
  readonly contextEvidence: number;
  /** All of the stored context is found intact around it. */
  readonly intact: boolean;
  readonly score: number;
}

class AnchoringDocument {
  private readonly lineStarts: number[];

  constructor(
    private readonly text: string,
    private readonly manuscript: Manuscript,
  ) {
    this.lineStarts = lineStartsOf(text);
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
    if (this.keepsOneSide(candidate, surroundings())) return 'confirmed';
    const long = target.quote.length >= DISTINCTIVE_QUOTE;
    const nearlyIntact = candidate.quoteSimilarity >= DISTINCTIVE_SIMILARITY;
    const nearContext = candidate.contextEvidence >= required && (candidate.quoteSimilarity === 1 || long || !surroundsBothSides(target) || Math.min(candidate.prefixSimilarity, candidate.suffixSimilarity) >= 0.5);
    // Another sentence holding the same words is not the passage, nor a copy of it.
    if (!this.keepsInner(candidate, target, surroundings)) return 'rejected';
    // A quote spanning sentences found edited may be a copy of one of its sentences with other words
    // after it: the rest of its sentences must be beside it on both sides.
    if (surroundings().spansSentences && candidate.quoteSimilarity < 1) {
      const holds = this.innerHolds(candidate, surroundings());
      if (!holds.before || !holds.after) return 'rejected';
    }
    if (nearContext && this.keepsSentence(candidate, surroundings)) return 'confirmed';
    if (!nearlyIntact) return 'rejected';
    if (nearContext || long) return this.keepsLine(candidate.span, surroundings()) ? 'confirmed' : 'offered';
    // A short quote with little context beside it, but in the whole of its sentence, as stored:
    // that sentence is here, so the place is worth offering (never taking).
    return wholeSentenceStored(target, surroundings()) ? 'offered' : 'rejected';
  }

  /**
   * Whether, on one side at least, the rest of the quote's sentence and the text beyond it are both
   * still right beside the candidate. A copy of the sentence elsewhere carries no neighbour along,
   * so this holds where the other side of the sentence was rewritten, or lost its neighbour too.
   */
  private keepsOneSide(candidate: Candidate, surroundings: Surroundings): boolean {
    const { reach, inner } = surroundings;
    const { start, end } = candidate.span;
    // An edited quote must keep the rest of its sentence on both sides, a typo aside: a rewritten
    // sentence can leave words like the quote's in its place.
    if (candidate.quoteSimilarity < 1) {
      const holds = this.innerHolds(candidate, surroundings);
      if (!holds.before || !holds.after) return false;
    }
    // The rest of the sentence must be there, intact: where a sentence was deleted, the next one's
    // first words (or the last words of the one before) stand against its old neighbour; where it
    // was rewritten, words of the quote may still stand in its old place.
    // (An exact quote that holds a sentence's end is that evidence itself.)
    const whole = candidate.quoteSimilarity === 1 && surroundings.spansSentences;
    const innerBefore = whole || (inner.before.length >= MIN_INNER && start >= inner.before.length && this.text.startsWith(inner.before, start - inner.before.length));
    const innerAfter = whole || (inner.after.length >= MIN_INNER && this.text.startsWith(inner.after, end));
    return (
      (reach.before.length > 0 && innerBefore && this.agreesAtEdge(reach.before, start - reach.startDistance, 'before')) ||
      (reach.after.length > 0 && innerAfter && this.agreesAtEdge(reach.after, end + reach.endDistance, 'after'))
    );
  }

  /** Whether the text beyond the quote's sentence still agrees, before or after it (true when the target cannot tell). */
  private keepsSentence(candidate: Candidate, surroundings: () => Surroundings): boolean {
    if (candidate.intact) return true;
    const sentence = surroundings().sentence;
    if (!sentence) return true;
    const { span } = candidate;
    return (
      (sentence.before.length > 0 && this.agrees(sentence.before, span.start - sentence.startDistance, 'before')) ||
      (sentence.after.length > 0 && this.agrees(sentence.after, span.end + sentence.endDistance, 'after'))
    );
  }

  /**
   * Whether the rest of the quote's sentences, as far as stored, is still beside the candidate (a
   * typo aside): on both sides for a short quote, which other sentences may hold too; on one side
   * at least for a long one, whose sentence may have been cut short or carried on.
   */
  private keepsInner(candidate: Candidate, target: AnnotationTarget, surroundings: () => Surroundings): boolean {
    if (candidate.intact) return true;
    const holds = this.innerHolds(candidate, surroundings());
    return target.quote.length >= DISTINCTIVE_QUOTE ? holds.before || holds.after : holds.before && holds.after;
  }

  /** On each side, whether the rest of the quote's sentence, as far as stored, is nearly the text beside the candidate (or too little is stored to tell). */
  private innerHolds(candidate: Candidate, surroundings: Surroundings): { before: boolean; after: boolean } {
    const { before, after } = surroundings.inner;
    const { start, end } = candidate.span;
    return {
      before: before.length < MIN_INNER || this.beside(before, (length) => this.text.slice(Math.max(0, start - length), start)),
      after: after.length < MIN_INNER || this.beside(after, (length) => this.text.slice(end, end + length)),
    };
  }

  /** Whether `stored` is nearly the text `actual` gives, for a length about its own (letters added or removed by a typo fix). */
  private beside(stored: string, actual: (length: number) => string): boolean {
    for (let shift = 0; shift <= EDGE_SLACK; shift++) {
      if (similarity(stored, actual(stored.length + shift)) >= REACH_SIMILARITY) return true;
      if (shift > 0 && shift < stored.length && similarity(stored, actual(stored.length - shift)) >= REACH_SIMILARITY) return true;
    }
    return false;
  }

  /** Whether the candidate's line begins and ends where the passage's long line did, about. */
  private keepsLine(span: TextSpan, surroundings: Surroundings): boolean {
    const line = surroundings.line;
    if (!line) return false;
    return this.nearEdge(span.start - line.startDistance, (at) => at === 0 || this.text.charCodeAt(at - 1) === LINE_FEED) &&
      this.nearEdge(span.end + line.endDistance, (at) => at === this.text.length || this.text.charCodeAt(at) === LINE_FEED || this.text.charCodeAt(at) === CARRIAGE_RETURN);
  }

  /**
   * Whether `stored` text is found right before or after `at` (nearly: give or take `EDGE_SLACK`
   * characters and a typo), or intact a little further off: a sentence inserted or deleted beside
   * the passage's leaves its neighbourhood in place.
   */
  private agrees(stored: string, at: number, side: 'before' | 'after'): boolean {
    const displaced =
      side === 'before'
        ? this.text.slice(Math.max(0, at - MAX_CONTEXT_LENGTH), Math.max(0, at + EDGE_SLACK)).includes(stored)
        : this.text.slice(Math.max(0, at - EDGE_SLACK), at + MAX_CONTEXT_LENGTH).includes(stored);
    return displaced || this.agreesAtEdge(stored, at, side);
  }

  /** Whether `stored` text is found right before or after `at`, give or take `EDGE_SLACK` characters and a typo. */
  private agreesAtEdge(stored: string, at: number, side: 'before' | 'after'): boolean {
    return this.nearEdge(at, (edge) => {
      const actual = side === 'before' ? this.text.slice(Math.max(0, edge - stored.length), Math.max(0, edge)) : this.text.slice(edge, edge + stored.length);
      return similarity(stored, actual) >= REACH_SIMILARITY;
    });
  }

  private nearEdge(at: number, holds: (edge: number) => boolean): boolean {
    for (let shift = 0; shift <= EDGE_SLACK; shift++) {
      if (at + shift <= this.text.length && holds(at + shift)) return true;
      if (shift > 0 && at - shift >= 0 && holds(at - shift)) return true;
    }
    return false;
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
    const settled = (c: Candidate): boolean => c.prefixSimilarity === 1 && c.suffixSimilarity === 1 && this.keepsSentence(c, surroundings);
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

/**
 * How much agreeing context a candidate needs, in characters: a short quote says little by itself
 * (a name occurs on every page), so it must be surrounded as it was; a long one needs less. Never
 * more than most of the context there is (a passage at the start of the book has no prefix).
 */
function requiredContext(target: AnnotationTarget): number {
  const { prefix, suffix } = nearContextOf(target);
  const wanted = Math.min(40, Math.max(12, 48 - target.quote.length));
  return Math.min(wanted, 0.75 * (prefix.length + suffix.length));
}

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

function surroundsBothSides(target: AnnotationTarget): boolean {
  return target.prefix.length > 0 && target.suffix.length > 0;
}

/** What a target's stored context tells of the sentence and the line its quote sits in. */
interface Surroundings {
  /**
   * The stored text beyond the quote's sentence on each side (empty where it does not reach), and
   * how far the sentence's edges are from the quote's; absent when the quote spans sentences or
   * the context reaches past neither edge.
   */
  readonly sentence: { readonly before: string; readonly startDistance: number; readonly after: string; readonly endDistance: number } | undefined;
  /** The same as `sentence`, also for a quote spanning sentences: the text beyond the first's start and the last's end. */
  readonly reach: { readonly before: string; readonly startDistance: number; readonly after: string; readonly endDistance: number };
  /** The quote holds the end of a sentence. */
  readonly spansSentences: boolean;
  /** How far the edges of the quote's line are from the quote's, when both are stored and the line is long enough to be telling. */
  readonly line: { readonly startDistance: number; readonly endDistance: number } | undefined;
  /**
   * The rest of the sentences the quote begins and ends in, as far as stored, up to
   * `CONTEXT_LENGTH` characters a side: another sentence that happens to hold the quote differs here.
   */
  readonly inner: { readonly before: string; readonly after: string };
}

/** Whether the stored context holds the quote's whole sentence, long enough to tell (the candidate kept all of it: `keepsInner`). */
function wholeSentenceStored(target: AnnotationTarget, surroundings: Surroundings): boolean {
  const { sentence, inner } = surroundings;
  return (
    sentence !== undefined &&
    inner.before.length === sentence.startDistance &&
    inner.after.length === sentence.endDistance &&
    sentence.startDistance + target.quote.length + sentence.endDistance >= TELLING_SENTENCE
  );
}

/** Read from the stored text alone, so that targets written with less context (32 characters) are read alike. */
function surroundingsOf(target: AnnotationTarget): Surroundings {
  const { prefix, quote, suffix } = target;
  const stored = prefix + quote + suffix;
  const span = { start: prefix.length, end: prefix.length + quote.length };
  const { before, after, spansSentences } = sentenceAround(sentenceBreaks(stored), span);
  const beyondStart = before && before.next >= MIN_REACH ? stored.slice(Math.max(0, before.next - SENTENCE_REACH), before.next) : '';
  const beyondEnd = after && stored.length - after.end >= MIN_REACH ? stored.slice(after.end, after.end + SENTENCE_REACH) : '';
  const reach = { before: beyondStart, startDistance: span.start - (before?.next ?? 0), after: beyondEnd, endDistance: (after?.end ?? stored.length) - span.end };
  const sentence = spansSentences || (beyondStart === '' && beyondEnd === '') ? undefined : reach;
  const inner = {
    before: stored.slice(Math.max(before?.next ?? 0, span.start - CONTEXT_LENGTH), span.start),
    after: stored.slice(span.end, Math.min(after?.end ?? stored.length, span.end + CONTEXT_LENGTH)),
  };
  const lineStart = prefix.lastIndexOf('\n') + 1;
  const newline = suffix.search(/\r?\n/);
  const lineStarts = lineStart > 0 || prefix.length === 0;
  const lineEnds = newline >= 0;
  const line =
    lineStarts && lineEnds && prefix.length - lineStart + quote.length + newline >= DISTINCTIVE_QUOTE
      ? { startDistance: prefix.length - lineStart, endDistance: newline }
      : undefined;
  return { sentence, reach, spansSentences, line, inner };
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

