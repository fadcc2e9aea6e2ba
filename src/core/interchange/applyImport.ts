import type { Annotation } from '../annotations/annotation';
import { parseAnnotations } from '../annotations/annotationYaml';
import { addAnnotation, updateAnnotation } from '../annotations/annotationEdits';
import { SidecarText } from '../sidecar/sidecarText';
import { newlineOf } from '../text/textLines';
import type { ImportPlan } from './planImport';

/**
 * The sidecar's text with an import's annotations added (and its replies to annotations already
 * there), every other byte kept. Into a sidecar with no `annotations:` yet — the usual first
 * import — the items are written as one block, each as `addAnnotation` writes it, so that 50,000
 * annotations take one pass rather than 50,000; otherwise each is added in document order. The
 * result is read back and must hold every annotation it had and every one added, or nothing is
 * returned but an error.
 */
export function applyImport(text: string | undefined, plan: ImportPlan): string {
  // The text read once for the check and the first edit.
  const read = new SidecarText(text ?? '');
  const before = parseAnnotations(read);
  let result = text;
  if (plan.added.length > 0 && before.annotations.length === 0 && !/^annotations\s*:/m.test(text ?? '')) {
    result = appendBlock(text, plan.added);
  } else {
    for (const annotation of plan.added) result = addAnnotation(result === text ? read : result, annotation);
  }
  for (const [id, replies] of plan.repliesToExisting) {
    const current = new SidecarText(result ?? '');
    const entry = parseAnnotations(current).annotation(id);
    if (!entry) throw new Error(`annotation ${id} left the sidecar during the import`);
    result = updateAnnotation(current, { ...entry.annotation, replies: [...entry.annotation.replies, ...replies] });
  }
  const after = parseAnnotations(result ?? '');
  const expected = before.annotations.length + plan.added.length;
  if (!after.parsed || after.annotations.length !== expected) {
    throw new Error(`the import would leave ${after.annotations.length} annotations in the sidecar where ${expected} were expected: nothing written`);
  }
  return result ?? '';
}

function appendBlock(text: string | undefined, annotations: readonly Annotation[]): string {
  const newline = newlineOf(text ?? '');
  const items = annotations.map((annotation) => {
    // A sidecar of this annotation alone: `annotations:` then its item, as the writer lays it out.
    const alone = addAnnotation(undefined, annotation);
    return alone.slice(alone.indexOf('\n') + 1);
  });
  const block = `annotations:\n${items.join('')}`.replace(/\r?\n/g, newline);
  if (!text) return block;
  return `${text}${text.endsWith('\n') ? '' : newline}${block}`;
}
