import type { Resolution } from '../annotations/annotation';
import { excerpt, parseAnnotations, type AnnotationEntry } from '../annotations/annotationYaml';
import { lineStartsOf, positionAt } from '../manuscript/book';
import type { Manuscript } from '../manuscript/model';
import type { SidecarProblem } from '../sidecar/sidecarFile';
import type { SidecarSource } from '../sidecar/sidecarText';
import { resolveTargets } from './anchoring';

/**
 * Problems of annotations whose passage is not plainly where it was, in the manuscript's current
 * `text`: for `marginalia check` and the editor.
 */
export function anchorProblems(entries: readonly AnnotationEntry[], resolutions: readonly Resolution[], text: string): SidecarProblem[] {
  const problems: SidecarProblem[] = [];
  let lineStarts: number[] | undefined;
  const linesOf = (spans: readonly { start: number }[]) => spans.map((span) => positionAt((lineStarts ??= lineStartsOf(text)), span.start).line + 1).join(', ');
  entries.forEach((entry, index) => {
    const resolution = resolutions[index];
    const { id, target } = entry.annotation;
    const quote = `“${excerpt(target.quote)}”`;
    const range = { start: entry.range.start, end: entry.range.start };
    if (resolution.state === 'orphaned') {
      const offered = resolution.candidates;
      problems.push({
        severity: 'error',
        code: 'annotation-orphaned',
        message:
          offered.length > 0
            ? `Annotation ${id} lost its passage: ${quote} is at ${offered.length === 1 ? 'line' : 'lines'} ${linesOf(offered)} of the manuscript, but not what surrounded it (a copy, or the passage moved on its own). If that is the passage, attach it there (Choose Candidate); else attach it to a new selection, or delete it.`
            : `Annotation ${id} lost its passage: ${quote} is no longer in the manuscript. Attach it to a new selection, or delete it.`,
        range,
      });
    } else if (resolution.state === 'ambiguous') {
      problems.push({
        severity: 'warning',
        code: 'annotation-ambiguous',
        message: `Annotation ${id}: ${quote} now fits ${resolution.candidates.length || 'several'} places too alike to choose from. Attach it to the right one.`,
        range,
      });
    } else if (resolution.state === 'fuzzy') {
      const score = resolution.score === undefined ? '' : ` (${Math.round(resolution.score * 100)}% alike)`;
      problems.push({
        severity: 'warning',
        code: 'annotation-fuzzy',
        message: `Annotation ${id}: the passage ${quote} was edited; it was found again by approximate match${score}. Check it, then accept it with Update Anchors (marginalia resolve --write).`,
        range,
      });
    }
  });
  return problems;
}

/**
 * Everything `marginalia check` (and the editor) says about a sidecar's annotations, at their place
 * in the sidecar: what `parseAnnotations` reports (but YAML errors and conflict markers, which the
 * notes' `parseSidecar` reports already), and the annotations whose passage in the manuscript's
 * current `text` is orphaned (an error), ambiguous or fuzzy (warnings).
 */
export function checkAnnotations(sidecarText: SidecarSource, text: string, manuscript: Manuscript): SidecarProblem[] {
  const sidecar = parseAnnotations(sidecarText);
  const problems = sidecar.problems.filter((p) => p.code !== 'sidecar-yaml' && p.code !== 'sidecar-conflict-markers');
  const resolutions = resolveTargets(text, manuscript, sidecar.annotations.map((entry) => entry.annotation.target));
  return [...problems, ...anchorProblems(sidecar.annotations, resolutions, text)].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}
