import { CONTEXT_LENGTH, type AnnotationTarget } from '../annotations/annotation';
import { sentenceBreaks } from '../text/sentences';
import { nearContextOf } from './seeds';
import { SENTENCE_REACH, sentenceAround } from './targets';

/**
 * What a target's stored context tells of the passage: the sentence and the line its quote sits in,
 * the text beyond them, and how much of it a candidate must keep. Read from the stored text alone,
 * once per target and only when a candidate needs it (`anchoring.ts`).
 */

/** A quote at least this long, found intact, is its own evidence even when its context changed. */
export const DISTINCTIVE_QUOTE = 48;
/** Less text beyond the sentence than this is too little to tell anything. */
const MIN_REACH = 10;
/** A sentence shorter than this ("He said nothing.") is found in too many places to be offered. */
const TELLING_SENTENCE = 24;

/**
 * How much agreeing context a candidate needs, in characters: a short quote says little by itself
 * (a name occurs on every page), so it must be surrounded as it was; a long one needs less. Never
 * more than most of the context there is (a passage at the start of the book has no prefix).
 */
export function requiredContext(target: AnnotationTarget): number {
  const { prefix, suffix } = nearContextOf(target);
  const wanted = Math.min(40, Math.max(12, 48 - target.quote.length));
  return Math.min(wanted, 0.75 * (prefix.length + suffix.length));
}

/** Whether context is stored on both sides of the quote (a passage at an edge of the book has one side only). */
export function surroundsBothSides(target: AnnotationTarget): boolean {
  return target.prefix.length > 0 && target.suffix.length > 0;
}

/** What a target's stored context tells of the sentence and the line its quote sits in. */
export interface Surroundings {
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
export function wholeSentenceStored(target: AnnotationTarget, surroundings: Surroundings): boolean {
  const { sentence, inner } = surroundings;
  return (
    sentence !== undefined &&
    inner.before.length === sentence.startDistance &&
    inner.after.length === sentence.endDistance &&
    sentence.startDistance + target.quote.length + sentence.endDistance >= TELLING_SENTENCE
  );
}

/** Read from the stored text alone, so that targets written with less context (32 characters) are read alike. */
export function surroundingsOf(target: AnnotationTarget): Surroundings {
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
