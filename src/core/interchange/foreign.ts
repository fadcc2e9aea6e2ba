/**
 * An annotation read from another tool's file, before it is anchored in our text: what the W3C
 * and Hypothesis readers produce and `planImport` consumes. Nothing in it is trusted: bodies are
 * kept as text (neutralised when shown), positions are only hints.
 */
export interface ForeignAnnotation {
  /** The id in the file it came from (an IRI, Hypothesis' id): what makes a re-import add nothing twice. */
  readonly foreignId: string;
  /** The document its target names, when it names one. */
  readonly source: string | undefined;
  readonly quote: { readonly exact: string; readonly prefix: string; readonly suffix: string } | undefined;
  /** `[start, end)` as the file counts them: code points (W3C) or UTF-16 units (Hypothesis). */
  readonly position: { readonly start: number; readonly end: number; readonly unit: 'code-point' | 'utf-16' } | undefined;
  readonly body: string;
  readonly tags: readonly string[];
  /** The IRIs of `identifying` bodies, with our entity id when the file holds one. */
  readonly identifies: readonly { readonly iri: string; readonly entity: string | undefined }[];
  readonly author: string | undefined;
  readonly created: string | undefined;
  readonly modified: string | undefined;
  readonly status: 'open' | 'resolved';
  readonly chapter: number | undefined;
}

/** A reply read from a file: the annotation it answers by its id in that file. */
export interface ForeignReply {
  readonly foreignId: string;
  /** The `foreignId` of the annotation answered (Hypothesis: the thread's root). */
  readonly inReplyTo: string;
  readonly body: string;
  readonly author: string | undefined;
  readonly created: string | undefined;
}

/** An item of the file that could not be read as an annotation, with why. */
export interface UnreadItem {
  /** Its id, or `#n` (1-based) when it has none. */
  readonly item: string;
  readonly reason: string;
}

export interface ForeignFile {
  readonly format: 'w3c' | 'hypothesis';
  readonly annotations: readonly ForeignAnnotation[];
  readonly replies: readonly ForeignReply[];
  readonly unread: readonly UnreadItem[];
}

/** A file that is JSON of no shape we read: the message says what was expected. */
export class ImportFormatError extends Error {}

/** A string value, or undefined for anything else. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Values that may be one or a list, as JSON-LD allows: always a list. */
export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
