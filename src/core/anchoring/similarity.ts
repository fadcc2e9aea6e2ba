/** How alike two texts are: the measure candidates' quotes and contexts are scored by. */

/**
 * How alike stored context is to the text now beside a candidate, 0–1. An empty stored context
 * (the passage began the file) agrees only with an empty one.
 */
export function contextSimilarity(stored: string, actual: string, side: 'before' | 'after'): number {
  if (stored.length === 0) return actual.length === 0 ? 1 : 0;
  return similarity(stored, side === 'before' ? actual.slice(-stored.length) : actual.slice(0, stored.length));
}

/** 1 − Levenshtein distance ÷ the longer length. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  return 1 - levenshtein(a, b) / longer;
}

/** Rows reused across calls: context comparisons run thousands of times per resolve. */
let rows = [new Uint32Array(64), new Uint32Array(64)];

function levenshtein(a: string, b: string): number {
  if (rows[0].length <= b.length) rows = [new Uint32Array(b.length + 1), new Uint32Array(b.length + 1)];
  let [previous, current] = rows;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (code === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1);
    }
    const done = previous;
    previous = current;
    current = done;
  }
  return previous[b.length];
}
