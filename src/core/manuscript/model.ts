/**
 * The manuscript model: what the parser finds in a manuscript's text.
 * Positions are 0-based lines and UTF-16 characters, as in VS Code.
 */
import type { Position } from '../text/textLines';

export type { Position };

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export type MarkerKind = 'endnote' | 'footnote';

/** `{228}` is an endnote marker, `[157]` a footnote marker. */
export interface Marker {
  readonly kind: MarkerKind;
  readonly number: number;
  readonly line: number;
  /** The opening bracket. */
  readonly character: number;
  /** In UTF-16 units, brackets included. */
  readonly length: number;
}

/** `[Lenin]`: words an editor put inside a quotation. */
export interface Interpolation {
  /** What is inside the brackets. */
  readonly text: string;
  readonly line: number;
  /** The opening bracket. */
  readonly character: number;
  /** In UTF-16 units, brackets included. */
  readonly length: number;
}

export type QuotationKind = 'double' | 'single';

/** A curly quotation within one paragraph. An unclosed one ends at the end of its paragraph. */
export interface Quotation {
  readonly kind: QuotationKind;
  readonly line: number;
  /** The opening quote mark, or 0 when the paragraph starts inside a quotation. */
  readonly start: number;
  /** Just past the closing quote mark, or the paragraph's end when unclosed. */
  readonly end: number;
  readonly opened: boolean;
  readonly closed: boolean;
}

export interface Part {
  /** The heading as written: `PART FIVE`, `BOOK I`. */
  readonly title: string;
  /** The one line under the heading that sums the part up (also its epigraph), when there is one. */
  readonly subtitle: { readonly text: string; readonly line: number } | undefined;
  readonly line: number;
  /** From the heading to the line before the next part, or the end of the text. */
  readonly range: Range;
}

export interface Epigraph {
  /** From its first line to its last. */
  readonly range: Range;
  /** A dedication line (`To Raphael Eristavi`), when the epigraph opens with one. */
  readonly dedicationLine: number | undefined;
  /** The verse or prose lines, in order. */
  readonly lines: readonly number[];
  /** The line starting with `—` that names the author. */
  readonly attributionLine: number | undefined;
}

export interface Chapter {
  readonly number: number;
  readonly title: string;
  /** The heading line. */
  readonly line: number;
  /** From the heading to the line before the next chapter or part, or the end of the text. */
  readonly range: Range;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A problem the parser noticed; `code` is stable and documented. */
export interface Problem {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly range: Range;
}

export interface Manuscript {
  readonly lineCount: number;
  readonly parts: readonly Part[];
  readonly epigraphs: readonly Epigraph[];
  readonly chapters: readonly Chapter[];
  /** The line of each paragraph: every non-blank line that is not a heading or an epigraph line. */
  readonly paragraphs: readonly number[];
  /** In document order. */
  readonly markers: readonly Marker[];
  readonly interpolations: readonly Interpolation[];
  readonly quotations: readonly Quotation[];
  readonly problems: readonly Problem[];
}
