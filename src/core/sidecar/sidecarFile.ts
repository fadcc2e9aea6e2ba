import type { MarkerKind, Range } from '../manuscript/model';

/**
 * A manuscript's sidecar as a file: `part-five.txt` → `part-five.marginalia.yaml`, beside it,
 * tracked in git; what is wrong in one, and the error for a sidecar that must not be written.
 */
export const SIDECAR_SUFFIX = '.marginalia.yaml';

export function sidecarPathFor(manuscriptPath: string): string {
  const slash = manuscriptPath.lastIndexOf('/');
  const dot = manuscriptPath.lastIndexOf('.');
  const stem = dot > slash + 1 ? manuscriptPath.slice(0, dot) : manuscriptPath;
  return `${stem}${SIDECAR_SUFFIX}`;
}

/** A note as a sidecar holds it. */
export interface NoteEntry {
  readonly kind: MarkerKind;
  readonly number: number;
  /** Markdown. */
  readonly text: string;
  /** The number's key in the file: where Go to Definition lands. */
  readonly keyRange: Range;
}

/** A problem in a sidecar (or the book file), at its place in the file. */
export interface SidecarProblem {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  readonly range: Range;
}

/** A sidecar that does not parse (or holds merge conflicts) is never written: this says so. */
export class SidecarNotWritableError extends Error {}
