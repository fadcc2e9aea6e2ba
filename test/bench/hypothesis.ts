/**
 * A Hypothesis-style quote matcher, the anchoring benchmark's baseline (after the approach of
 * Hypothesis's `match-quote`, written anew): exact occurrences of the quote first; when there are
 * none, the best approximate ones from `approx-string-match` with up to min(256, ⌊length/2⌋)
 * errors. Every occurrence is scored 50·quote + 20·prefix + 20·suffix + 2·position and the best is
 * taken, however poor: there is no floor. Its context is 32 characters a side, as Hypothesis stores
 * it, whatever more the target holds.
 */
import search from 'approx-string-match';
import { CONTEXT_LENGTH, type AnnotationTarget } from '../../src/core/annotations/annotation';

export interface BaselineMatch {
  readonly start: number;
  readonly end: number;
  readonly errors: number;
}

/** The best place for `target` in `text`, or undefined when nothing at all matches. `hint`: the old offset. */
export function hypothesisAnchor(text: string, target: AnnotationTarget, hint: number): BaselineMatch | undefined {
  const quote = target.quote;
  const prefix = target.prefix.slice(-CONTEXT_LENGTH);
  const suffix = target.suffix.slice(0, CONTEXT_LENGTH);
  if (quote.length === 0) return undefined;
  let matches: BaselineMatch[] = [];
  for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) {
    matches.push({ start: at, end: at + quote.length, errors: 0 });
  }
  if (matches.length === 0) matches = search(text, quote, Math.min(256, Math.floor(quote.length / 2)));
  let best: BaselineMatch | undefined;
  let bestScore = -Infinity;
  for (const match of matches) {
    const quoteScore = 1 - match.errors / quote.length;
    const prefixScore = prefix.length === 0 ? 1 : contextScore(text.slice(Math.max(0, match.start - prefix.length), match.start), prefix);
    const suffixScore = suffix.length === 0 ? 1 : contextScore(text.slice(match.end, match.end + suffix.length), suffix);
    const positionScore = 1 - Math.abs(match.start - hint) / text.length;
    const score = 50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * positionScore;
    if (score > bestScore) {
      bestScore = score;
      best = match;
    }
  }
  return best;
}

/** 1 − (the fewest edits turning `stored` into some substring of `actual`) ÷ its length; 0 if `actual` is empty. */
function contextScore(actual: string, stored: string): number {
  if (actual.length === 0) return 0;
  if (actual === stored) return 1;
  return 1 - substringDistance(actual, stored) / stored.length;
}

/** Edit distance of `pattern` against the best-matching substring of `text` (free start and end in `text`). */
function substringDistance(text: string, pattern: string): number {
  const m = pattern.length;
  let previous = new Uint16Array(m + 1);
  let current = new Uint16Array(m + 1);
  for (let i = 0; i <= m; i++) previous[i] = i;
  let best = previous[m];
  for (let j = 1; j <= text.length; j++) {
    current[0] = 0;
    const code = text.charCodeAt(j - 1);
    for (let i = 1; i <= m; i++) {
      const substitution = previous[i - 1] + (pattern.charCodeAt(i - 1) === code ? 0 : 1);
      current[i] = Math.min(substitution, previous[i] + 1, current[i - 1] + 1);
    }
    if (current[m] < best) best = current[m];
    [previous, current] = [current, previous];
  }
  return best;
}
