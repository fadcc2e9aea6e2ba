import type { AnnotationStatus } from '../annotations/annotation';
import type { EntityKind } from '../cast/cast';
import type { MarkerKind } from '../manuscript/model';
import type { DiffPart } from './wordDiff';

/** What a review reports: the shape `reviewManuscript`, `reviewCast` and `combineReviews` give, and the Markdown, the GitHub annotations and the Review view read. */

/** A manuscript and its sidecar at one side of the change. */
export interface ManuscriptVersion {
  readonly text: string;
  /** Undefined: no sidecar. */
  readonly sidecar: string | undefined;
}

/** A manuscript at both sides; a side is undefined where the manuscript does not exist. */
export interface ManuscriptVersions {
  /** Its path in the head (in the base when it was deleted): `/`-separated. */
  readonly file: string;
  /** Its path in the base, when it differs (renamed), else undefined. */
  readonly baseFile: string | undefined;
  readonly base: ManuscriptVersion | undefined;
  readonly head: ManuscriptVersion | undefined;
}

export type Side = 'base' | 'head';

/** A sidecar or `marginalia.yaml` that could not be read on one side: the review cannot be trusted. */
export interface ReviewProblem {
  /** The manuscript (or `marginalia.yaml`) concerned. */
  readonly file: string;
  readonly side: Side;
  /** Which file: the sidecar or the book file. */
  readonly kind: 'sidecar' | 'book';
  readonly code: string;
  readonly message: string;
  /** 0-based, in that file. */
  readonly line: number;
  readonly character: number;
}

/** Where a passage is: the manuscript, its chapter and the line (0-based). */
export interface Place {
  readonly file: string;
  readonly chapter: number | undefined;
  readonly chapterTitle: string | undefined;
  readonly line: number;
}

export interface ReviewedAnnotation extends Place {
  readonly id: string;
  readonly quote: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly author: string | undefined;
  readonly status: AnnotationStatus;
}

export type FieldChange =
  | { readonly field: 'body' | 'quote'; readonly before: string; readonly after: string; readonly diff: readonly DiffPart[] }
  | { readonly field: 'status' | 'author'; readonly before: string | undefined; readonly after: string | undefined }
  | { readonly field: 'tags' | 'entities'; readonly added: readonly string[]; readonly removed: readonly string[] }
  | { readonly field: 'target'; readonly before: { line: number; chapter: number | undefined }; readonly after: { line: number; chapter: number | undefined } }
  | { readonly field: 'replies'; readonly added: readonly { author: string | undefined; body: string }[]; readonly removed: number; readonly changed: number };

export interface ChangedAnnotation extends ReviewedAnnotation {
  readonly changes: readonly FieldChange[];
}

export type BrokenState = 'fuzzy' | 'ambiguous' | 'orphaned';

/** An annotation of the base whose passage the head's manuscript edits lost or blurred; its place is the base's. */
export interface BrokenAnnotation extends ReviewedAnnotation {
  readonly state: BrokenState;
  /** Fuzzy: how alike the text found is to the quote, 0–1. */
  readonly score?: number;
  /** Fuzzy: where the edited passage is now (0-based line of the head). */
  readonly now?: { readonly line: number; readonly chapter: number | undefined };
  /**
   * Ambiguous: the lines (0-based) of the places too alike to choose from. Orphaned: the lines of
   * places that hold the quote but not what surrounded it, offered (absent when there are none).
   */
  readonly candidates?: readonly number[];
}

/** An annotation whose passage is intact but elsewhere: nothing to do, but worth knowing. */
export interface MovedAnnotation {
  readonly id: string;
  readonly file: string;
  readonly quote: string;
  readonly from: { readonly line: number; readonly chapter: number | undefined };
  readonly to: { readonly line: number; readonly chapter: number | undefined };
}

export interface ReviewedNote extends Place {
  readonly kind: MarkerKind;
  readonly number: number;
  readonly text: string;
}

export interface ChangedNote extends ReviewedNote {
  readonly before: string;
  readonly diff: readonly DiffPart[];
}

export interface ReviewedEntity {
  readonly file: string;
  readonly id: string;
  readonly kind: EntityKind;
  readonly name: string;
  readonly aliases: readonly string[];
}

export interface CastReview {
  readonly added: ReviewedEntity[];
  readonly removed: ReviewedEntity[];
  readonly renamed: (ReviewedEntity & { readonly before: string })[];
  /** Entities present on both sides, with the aliases added (or removed). */
  readonly aliasesAdded: ReviewedEntity[];
  readonly aliasesRemoved: ReviewedEntity[];
}

export interface NotesReview {
  readonly added: ReviewedNote[];
  readonly changed: ChangedNote[];
  readonly removed: ReviewedNote[];
}

/** What changed in one manuscript's annotations and notes. */
export interface ManuscriptReview {
  readonly file: string;
  readonly baseFile: string | undefined;
  readonly added: ReviewedAnnotation[];
  readonly changed: ChangedAnnotation[];
  /** Resolved (open → resolved), with their other changes. */
  readonly resolved: ChangedAnnotation[];
  readonly removed: ReviewedAnnotation[];
  readonly broken: BrokenAnnotation[];
  readonly moved: MovedAnnotation[];
  readonly notes: NotesReview;
  /** When not empty, the review of this manuscript is incomplete: a sidecar does not parse. */
  readonly problems: ReviewProblem[];
}

/** The whole review: `marginalia review --json` prints it. */
export interface ReviewReport {
  /** What was compared: labels such as `main (1a2b3c4)` and `working tree`. */
  readonly base: string;
  readonly head: string;
  /** The manuscripts with changes, in path order. */
  readonly files: readonly { readonly file: string; readonly baseFile?: string }[];
  readonly added: readonly ReviewedAnnotation[];
  readonly changed: readonly ChangedAnnotation[];
  readonly resolved: readonly ChangedAnnotation[];
  readonly removed: readonly ReviewedAnnotation[];
  readonly broken: readonly BrokenAnnotation[];
  readonly moved: readonly MovedAnnotation[];
  readonly notes: NotesReview;
  readonly cast: CastReview;
}
