import { MAX_CONTEXT_LENGTH, type AnnotationTarget, type TextSpan } from '../annotations/annotation';
import { similarity } from './similarity';
import { DISTINCTIVE_QUOTE, type Surroundings } from './surroundings';

/**
 * Whether the text around a candidate is the passage's own surroundings: the rest of the quote's
 * sentence beside it, the text beyond that sentence, the edges of its line. A copy of the passage's
 * sentence elsewhere carries none of its neighbours along; `anchoring.ts` weighs what these say.
 */

/** How alike the stored text must be to the text beyond a candidate's sentence (a typo fixed there is fine). */
const REACH_SIMILARITY = 0.75;
/** Less of the quote's own sentence beside it than this (a full stop, a comma) says nothing. */
const MIN_INNER = 3;
/** How far (in characters) a sentence's edge may have shifted by edits inside the sentence. */
const EDGE_SLACK = 3;

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

/** A place the passage may be now, and how well it and the text around it agree with the stored target. */
export interface Candidate {
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

/** The checks of the text around a candidate against its target's stored context. */
export class ContextEvidence {
  constructor(private readonly text: string) {}

  /**
   * Whether, on one side at least, the rest of the quote's sentence and the text beyond it are both
   * still right beside the candidate. A copy of the sentence elsewhere carries no neighbour along,
   * so this holds where the other side of the sentence was rewritten, or lost its neighbour too.
   */
  keepsOneSide(candidate: Candidate, surroundings: Surroundings): boolean {
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
  keepsSentence(candidate: Candidate, surroundings: () => Surroundings): boolean {
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
  keepsInner(candidate: Candidate, target: AnnotationTarget, surroundings: () => Surroundings): boolean {
    if (candidate.intact) return true;
    const holds = this.innerHolds(candidate, surroundings());
    return target.quote.length >= DISTINCTIVE_QUOTE ? holds.before || holds.after : holds.before && holds.after;
  }

  /** On each side, whether the rest of the quote's sentence, as far as stored, is nearly the text beside the candidate (or too little is stored to tell). */
  innerHolds(candidate: Candidate, surroundings: Surroundings): { before: boolean; after: boolean } {
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
  keepsLine(span: TextSpan, surroundings: Surroundings): boolean {
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
}
