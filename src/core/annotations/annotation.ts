import type { Position } from '../manuscript/model';

/**
 * An annotation of a passage, as kept in the manuscript's sidecar under `annotations:`.
 * The target stores the quoted text with its context; the position is only a hint, since the
 * manuscript changes under it.
 */
export interface Annotation {
  /** Unique across branches: random, never derived from a position or a counter. */
  readonly id: string;
  readonly target: AnnotationTarget;
  /** Markdown. */
  readonly body: string;
  readonly tags: readonly string[];
  /** Ids of people, places and organizations of the book's cast. */
  readonly entities: readonly string[];
  readonly author: string | undefined;
  /** ISO 8601. */
  readonly created: string | undefined;
  readonly modified: string | undefined;
  readonly status: AnnotationStatus;
  readonly replies: readonly Reply[];
}

export type AnnotationStatus = 'open' | 'resolved';

export interface AnnotationTarget {
  /** The exact text annotated. */
  readonly quote: string;
  /**
   * The text just before the quote: `CONTEXT_LENGTH` characters (fewer only at the start of the
   * text), and more, up to `MAX_CONTEXT_LENGTH`, when that reaches past the start of the quote's
   * sentence.
   */
  readonly prefix: string;
  /** The text just after the quote, likewise. */
  readonly suffix: string;
  /** The chapter number the passage was in, when it was in one. */
  readonly chapter: number | undefined;
  /** Where the quote started: a hint for finding it again, never trusted on its own. */
  readonly position: Position;
}

export interface Reply {
  readonly id: string;
  readonly body: string;
  readonly author: string | undefined;
  readonly created: string | undefined;
}

/** How much context is stored on each side of a quote, at least. */
export const CONTEXT_LENGTH = 32;
/**
 * How far the stored context may reach to hold a little of the text beyond the quote's own
 * sentence: what tells that sentence, in its place, from a copy of it elsewhere.
 */
export const MAX_CONTEXT_LENGTH = 400;

export type AnchorState = 'anchored' | 'moved' | 'fuzzy' | 'ambiguous' | 'orphaned';

/** A place in the current text, as UTF-16 offsets `[start, end)`. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

/** Where an annotation's passage is now, or why it cannot be said. */
export interface Resolution {
  readonly state: AnchorState;
  /** Present unless orphaned or ambiguous. */
  readonly span: TextSpan | undefined;
  /** For fuzzy matches: how alike the found text is to the quote, 0–1. */
  readonly score: number | undefined;
  /**
   * For ambiguous anchors: the places too close to call, best first. For orphaned ones: places
   * that hold the quote but not what surrounded it (a copy of it, or the passage moved on its own),
   * offered to the reader, never taken.
   */
  readonly candidates: readonly TextSpan[];
}

/** `#source-check` and `#translation` typed in a body are its tags. */
export function tagsIn(body: string): string[] {
  return [...new Set([...body.matchAll(/(?:^|\s)#([\p{L}\p{N}][\p{L}\p{N}_-]*)/gu)].map((match) => match[1]))];
}
