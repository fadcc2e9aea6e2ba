import type { TextSpan } from './annotation';

/** One change of a text, as an editor reports it: `[offset, offset + length)` replaced by `text`. */
export interface TextChange {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

/**
 * Where a passage is after a change, so that annotations move with the text as it is typed.
 * Text typed at either edge stays outside the passage; a change that overlaps an edge takes the
 * passage to the changed text's edge (fixing a typo in its first word keeps the word in it); a
 * change inside it grows or shrinks it. Undefined when the change removed all of the passage.
 */
export function mapSpan(span: TextSpan, change: TextChange): TextSpan | undefined {
  const changeEnd = change.offset + change.length;
  const delta = change.text.length - change.length;
  if (span.end < change.offset || (span.end === change.offset && (change.length === 0 || span.start < span.end))) return span;
  if (span.start > changeEnd || (span.start === changeEnd && change.length === 0)) {
    return { start: span.start + delta, end: span.end + delta };
  }
  const start = span.start < change.offset ? span.start : change.offset;
  const end = span.end > changeEnd ? span.end + delta : change.offset + change.text.length;
  return end > start ? { start, end } : undefined;
}

/** `mapSpan` over the changes of one edit, applied in the order an editor reports them. */
export function mapSpanThrough(span: TextSpan, changes: readonly TextChange[]): TextSpan | undefined {
  let mapped: TextSpan | undefined = span;
  for (const change of changes) {
    if (!mapped) return undefined;
    mapped = mapSpan(mapped, change);
  }
  return mapped;
}
