/**
 * The change the Review view is tested on, in the editor and through the UI: a manuscript of its
 * own committed on `main` with three annotations and a note; then, on branch `revision`, in the
 * work tree — an annotation added, one removed, the note edited, and a sentence cut so that an
 * annotation is orphaned.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Annotation } from '../../src/core/annotations/annotation';
import { addAnnotation, removeAnnotation } from '../../src/core/annotations/annotationEdits';
import { setNoteText } from '../../src/core/notes/notesSidecar';
import { annotating } from './annotationFixture';
import { commitAll, git, initRepository } from './gitRepository';

export const REVIEW_MANUSCRIPT = 'part-review.txt';
export const REVIEW_SIDECAR = 'part-review.marginalia.yaml';

const TEXT = [
  'PART TEN',
  '',
  '1. 1903 Summer: The Soundings',
  '',
  'The soundings of the outer bar were taken at slack water, from a boat that leaked at every seam.{1}',
  '',
  'Nobody on the boat could say who had first charted the wreck below the northern buoy, nor when.',
  '',
  '2. 1903 Autumn: The Proofs',
  '',
  'The proofs came back from the engraver with the depths in the wrong units.',
  '',
].join('\n');
const EDITED = TEXT.replace('Nobody on the boat could say who had first charted the wreck below the northern buoy, nor when.', 'The wreck was charted.');

export interface ReviewScenario {
  readonly orphaned: Annotation;
  readonly removed: Annotation;
  readonly added: Annotation;
  /** The sidecar as committed on `main`. */
  readonly baseSidecar: string;
}

/** Writes the scenario into `folder`, which becomes a repository (annotation ids begin with `stem`). */
export function writeReviewScenario(folder: string, stem: string): ReviewScenario {
  const annotate = annotating(stem);
  const kept = annotate(TEXT, 'taken at slack water');
  const orphaned = annotate(TEXT, 'who had first charted the wreck');
  const removed = annotate(TEXT, 'in the wrong units');
  const added = annotate(EDITED, 'came back from the engraver');
  const baseSidecar = [kept, orphaned, removed].reduce<string>((sidecar, a) => addAnnotation(sidecar, a), setNoteText(undefined, 'endnote', 1, 'Harbour records, box 4.'));
  const manuscriptFile = path.join(folder, REVIEW_MANUSCRIPT);
  const sidecarFile = path.join(folder, REVIEW_SIDECAR);
  writeFileSync(manuscriptFile, TEXT);
  writeFileSync(sidecarFile, baseSidecar);
  initRepository(folder);
  commitAll(folder, 'The sample, annotated');
  git(folder, ['checkout', '-q', '-b', 'revision']);
  writeFileSync(manuscriptFile, EDITED);
  writeFileSync(sidecarFile, setNoteText(removeAnnotation(addAnnotation(baseSidecar, added), removed.id), 'endnote', 1, 'Harbour records, box 5.'));
  return { orphaned, removed, added, baseSidecar };
}
