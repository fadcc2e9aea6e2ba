import type { AnnotationTarget, Resolution, TextSpan } from '../../core/annotations/annotation';
import { resolveTargets } from '../../core/anchoring/anchoring';
import { describeTarget } from '../../core/anchoring/targets';
import { excerpt, parseAnnotations, type AnnotationEntry } from '../../core/annotations/annotationYaml';
import { updateTargets } from '../../core/annotations/annotationEdits';
import { lineStartsOf, positionAt } from '../../core/manuscript/book';
import { parseManuscript } from '../../core/manuscript/parser';
import type { Position } from '../../core/manuscript/model';
import { sidecarPathFor } from '../../core/sidecar/sidecarFile';
import { editSidecar } from './annotate';
import { formatDiagnostic, readSidecar } from '../../node/files';
import type { Output } from '../output';
import { parseArgs, UsageError } from '../args';
import { readText } from '../../node/files';

export const RESOLVE_HELP = `Usage:
  marginalia resolve <file> [--json] [--write]
      Finds each annotation of the manuscript (in <file>.marginalia.yaml) in its current text:
      anchored (where it was), moved (found elsewhere with its context), fuzzy (the passage was
      edited: found by approximate match), ambiguous (several places too alike to choose from) or
      orphaned (not found). Prints one line per annotation, file:line:col: state: quote (id), or
      with --json: {"file": …, "annotations": [{"id", "status", "start", "end", "quote", "text"}]}
      (start, end and text absent unless the passage was found; "candidates": the places too alike
      to choose from, for ambiguous ones, and for orphaned ones the places that hold the quote but
      not what surrounded it — a copy, or the passage moved on its own: offered, never taken).
      --write ("Update Anchors") rewrites the targets of the moved and fuzzy annotations in the
      sidecar, and nothing else; ambiguous and orphaned ones are left as they are.
      Exit status: 0 all anchored or moved, 1 some fuzzy, ambiguous or orphaned, 2 usage or I/O
      error, or a sidecar that does not parse.
`;

/** `marginalia resolve …`. Resolves to the exit status. */
export async function resolveCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, { flags: ['json', 'write'] });
  if (parsed.flags.has('help')) {
    output.out(RESOLVE_HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) throw new UsageError('resolve takes one manuscript file');
  const file = parsed.positionals[0];
  const text = await readText(file);
  const manuscript = parseManuscript(text);
  const sidecarFile = sidecarPathFor(file);
  const sidecar = parseAnnotations((await readSidecar(sidecarFile)) ?? '');
  if (!sidecar.parsed) {
    for (const problem of sidecar.problems.filter((p) => p.severity === 'error')) {
      output.err(`${formatDiagnostic({ file: sidecarFile, severity: 'error', code: problem.code, message: problem.message, ...problem.range.start })}\n`);
    }
    output.err(`${sidecarFile}: the annotations cannot be read until the sidecar is fixed.\n`);
    return 2;
  }
  const entries = sidecar.annotations;
  const resolutions = resolveTargets(text, manuscript, entries.map((entry) => entry.annotation.target));

  let updated: string[] | undefined;
  if (parsed.flags.has('write')) {
    // Update Anchors: moved and fuzzy passages get their target described anew; nothing else changes.
    const targets = new Map<string, AnnotationTarget>();
    entries.forEach((entry, index) => {
      const { state, span } = resolutions[index];
      if ((state === 'moved' || state === 'fuzzy') && span) targets.set(entry.annotation.id, describeTarget(text, manuscript, span));
    });
    if (targets.size > 0) {
      const written = await editSidecar(sidecarFile, (current) => current && updateTargets(current, targets), output);
      if (written === 'refused') return 2;
    }
    updated = [...targets.keys()];
  }

  const lineStarts = lineStartsOf(text);
  const results = entries.map((entry, index) => resolved(entry, resolutions[index], text, lineStarts));
  if (parsed.flags.has('json')) {
    output.out(`${compactJson({ file, annotations: results, ...(updated ? { updated } : {}) })}\n`);
  } else {
    entries.forEach((entry, index) => {
      const result = results[index];
      const orphaned = result.status === 'orphaned';
      const at = result.start ?? (orphaned ? undefined : result.candidates?.[0]?.start) ?? entry.annotation.target.position;
      const offered = orphaned && result.candidates ? `; its text, without what surrounded it, at ${result.candidates.map((c) => `${c.start.line + 1}:${c.start.character + 1}`).join(', ')}` : '';
      output.out(`${file}:${at.line + 1}:${at.character + 1}: ${result.status}: ${excerpt(entry.annotation.target.quote)} (${result.id})${offered}\n`);
    });
    if (updated && updated.length > 0) output.out(`${sidecarFile}: updated the anchors of ${updated.length} ${updated.length === 1 ? 'annotation' : 'annotations'}\n`);
  }
  return resolutions.every((r) => r.state === 'anchored' || r.state === 'moved') ? 0 : 1;
}

interface Resolved {
  readonly id: string;
  readonly status: Resolution['state'];
  readonly start?: Position;
  readonly end?: Position;
  readonly quote: string;
  readonly text?: string;
  readonly score?: number;
  readonly candidates?: { start: Position; end: Position }[];
}

/** One annotation in `resolve --json`: the required fields first, in the documented order. */
function resolved(entry: AnnotationEntry, resolution: Resolution, text: string, lineStarts: readonly number[]): Resolved {
  const { id, target } = entry.annotation;
  const range = (span: TextSpan) => ({ start: positionAt(lineStarts, span.start), end: positionAt(lineStarts, span.end) });
  const found = resolution.state !== 'orphaned' && resolution.state !== 'ambiguous' && resolution.span !== undefined;
  return {
    id,
    status: resolution.state,
    ...(found ? range(resolution.span!) : {}),
    quote: target.quote,
    ...(found ? { text: text.slice(resolution.span!.start, resolution.span!.end) } : {}),
    ...(resolution.state === 'fuzzy' && resolution.score !== undefined ? { score: Math.round(resolution.score * 1000) / 1000 } : {}),
    ...(resolution.candidates.length > 0 ? { candidates: resolution.candidates.map(range) } : {}),
  };
}

/** JSON on one line, spaced as the issue prints it: `{"file": "…", "annotations": [{"id": "…", …}]}`. */
function compactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compactJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).filter(([, field]) => field !== undefined);
    return `{${fields.map(([key, field]) => `${JSON.stringify(key)}: ${compactJson(field)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}
