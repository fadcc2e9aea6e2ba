import { CONTEXT_LENGTH, MAX_CONTEXT_LENGTH, type AnnotationTarget, type TextSpan } from '../annotations/annotation';
import { lineStartsOf, positionAt } from '../manuscript/book';
import type { Manuscript } from '../manuscript/model';
import { sentenceBreaks, type SentenceBreak } from '../text/sentences';

/**
 * What an annotation stores of its passage, to find it again: the quote, the context around it
 * (reaching past the passage's sentence), the chapter and the position.
 */

/** How much of the text beyond the quote's sentence the stored context holds, on each side. */
export const SENTENCE_REACH = 20;

/** Describes the passage `[start, end)` of `text` as a target: its quote, context, chapter and position. */
export function describeTarget(text: string, manuscript: Manuscript, span: TextSpan): AnnotationTarget {
  return describeTargets(text, manuscript, [span])[0];
}

/** `describeTarget` for many passages of one text. */
export function describeTargets(text: string, manuscript: Manuscript, spans: readonly TextSpan[]): AnnotationTarget[] {
  const lineStarts = lineStartsOf(text);
  return spans.map((span) => {
    const position = positionAt(lineStarts, span.start);
    const { prefixStart, suffixEnd } = contextReach(text, span);
    return {
      quote: text.slice(span.start, span.end),
      prefix: text.slice(prefixStart, span.start),
      suffix: text.slice(span.end, suffixEnd),
      chapter: chapterAtLine(manuscript, position.line),
      position,
    };
  });
}

/**
 * Where a passage's stored context begins and ends: `CONTEXT_LENGTH` characters on each side, and
 * further (up to `MAX_CONTEXT_LENGTH`) to hold `SENTENCE_REACH` characters beyond the sentence the
 * passage sits in. A passage spanning sentences is its own evidence and keeps the short context.
 */
function contextReach(text: string, span: TextSpan): { prefixStart: number; suffixEnd: number } {
  let prefixStart = Math.max(0, span.start - CONTEXT_LENGTH);
  let suffixEnd = Math.min(text.length, span.end + CONTEXT_LENGTH);
  const from = Math.max(0, span.start - MAX_CONTEXT_LENGTH);
  const to = Math.min(text.length, span.end + MAX_CONTEXT_LENGTH);
  const breaks = sentenceBreaks(text, from, to);
  const { before, after, spansSentences } = sentenceAround(breaks, span);
  if (spansSentences) return { prefixStart, suffixEnd };
  if (before) {
    if (before.next - SENTENCE_REACH >= from || from === 0) prefixStart = Math.min(prefixStart, Math.max(0, before.next - SENTENCE_REACH));
  } else if (from === 0) {
    prefixStart = 0;
  }
  if (after) {
    if (after.end + SENTENCE_REACH <= to || to === text.length) suffixEnd = Math.max(suffixEnd, Math.min(text.length, after.end + SENTENCE_REACH));
  } else if (to === text.length) {
    suffixEnd = text.length;
  }
  return { prefixStart, suffixEnd };
}

/** The breaks just before and after a passage, and whether one falls inside it. */
export function sentenceAround(breaks: readonly SentenceBreak[], span: TextSpan): { before: SentenceBreak | undefined; after: SentenceBreak | undefined; spansSentences: boolean } {
  let before: SentenceBreak | undefined;
  let spansSentences = false;
  for (const item of breaks) {
    if (item.next <= span.start) before = item;
    else if (item.end >= span.end) return { before, after: item, spansSentences };
    else spansSentences = true;
  }
  return { before, after: undefined, spansSentences };
}

/** The number of the chapter holding a line, or undefined before the first chapter or between chapters. */
export function chapterAtLine(manuscript: Manuscript, line: number): number | undefined {
  const chapters = manuscript.chapters;
  let low = 0;
  let high = chapters.length - 1;
  let found: number | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (chapters[middle].line <= line) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found === undefined || line > chapters[found].range.end.line ? undefined : chapters[found].number;
}
