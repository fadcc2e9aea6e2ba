import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { Annotation, TextSpan } from '../../core/annotations/annotation';
import { describeTarget } from '../../core/anchoring/targets';
import { excerpt, newAnnotationId, parseAnnotations } from '../../core/annotations/annotationYaml';
import { addAnnotation } from '../../core/annotations/annotationEdits';
import { lineStartsOf } from '../../core/manuscript/book';
import { parseManuscript } from '../../core/manuscript/parser';
import type { Position } from '../../core/manuscript/model';
import { sidecarPathFor, SidecarNotWritableError } from '../../core/sidecar/sidecarFile';
import { parseArgs, UsageError, type ParsedArgs } from '../args';
import { describeIoError, formatDiagnostic, readText, readSidecar, writeAtomically } from '../../node/files';
import { withLockOrSay } from '../locking';
import type { Output } from '../output';

export const ANNOTATE_HELP = `Usage:
  marginalia annotate <file> --range L:C-L:C --body TEXT [--tag T]... [--author NAME]
  marginalia annotate <file> --quote TEXT [--occurrence N] --body TEXT [--tag T]... [--author NAME]
      Annotates a passage of a manuscript, in its sidecar (<file>.marginalia.yaml), and prints the
      new annotation's id. The passage is a range (0-based line:character, as in outline --json; the
      end excluded) or the N-th occurrence of a quote (1-based, the first by default). The author is
      --author, else git's user.name, else $USER.
      Exit status: 0 done, 2 usage or I/O error, a range or quote not in the file, or a sidecar that
      does not parse (nothing is written).
`;

/** `marginalia annotate …`. Resolves to the exit status. */
export async function annotateCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, { options: ['range', 'quote', 'occurrence', 'body', 'tag', 'author'] });
  if (parsed.flags.has('help')) {
    output.out(ANNOTATE_HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) throw new UsageError('annotate takes one manuscript file');
  const file = parsed.positionals[0];
  const range = single(parsed, 'range');
  const quote = single(parsed, 'quote');
  const occurrenceText = single(parsed, 'occurrence');
  const body = single(parsed, 'body');
  if ((range === undefined) === (quote === undefined)) throw new UsageError('annotate needs either --range L:C-L:C or --quote TEXT');
  if (body === undefined) throw new UsageError('annotate needs --body TEXT (Markdown; it may be empty: --body "")');
  if (occurrenceText !== undefined && quote === undefined) throw new UsageError('--occurrence goes with --quote');
  const occurrence = occurrenceText === undefined ? 1 : Number(occurrenceText);
  if (!Number.isInteger(occurrence) || occurrence < 1) throw new UsageError('--occurrence is a whole number from 1 (the first occurrence)');
  if (quote === '') throw new UsageError('--quote needs some text');
  const tags = parsed.options.get('tag') ?? [];
  if (tags.some((tag) => tag.trim() === '')) throw new UsageError('--tag needs a name');

  const text = await readText(file);
  const manuscript = parseManuscript(text);
  const found = range !== undefined ? spanOfRange(text, range) : spanOfQuote(text, quote!, occurrence);
  if ('problem' in found) {
    output.err(`${formatDiagnostic({ file, severity: 'error', ...found.problem })}\n`);
    output.err(`${sidecarPathFor(file)}: not written.\n`);
    return 2;
  }
  const annotation: Annotation = {
    id: newAnnotationId(),
    target: describeTarget(text, manuscript, found.span),
    body,
    tags,
    entities: [],
    author: single(parsed, 'author') ?? (await defaultAuthor(path.dirname(file))),
    created: now(),
    modified: undefined,
    status: 'open',
    replies: [],
  };
  const written = await editSidecar(sidecarPathFor(file), (current) => addAnnotation(current, annotation), output);
  if (written === 'refused') return 2;
  output.out(`${annotation.id}\n`);
  return 0;
}

function single(parsed: ParsedArgs, name: string): string | undefined {
  const values = parsed.options.get(name);
  if (values !== undefined && values.length > 1) throw new UsageError(`--${name} is given ${values.length} times`);
  return values?.[0];
}

type Found = { readonly span: TextSpan } | { readonly problem: { code: string; message: string } & Position };

/** `L:C-L:C`, 0-based, the end excluded; every position must be in the file. */
function spanOfRange(text: string, range: string): Found {
  const match = /^(\d+):(\d+)-(\d+):(\d+)$/.exec(range.trim());
  if (!match) throw new UsageError(`--range is L:C-L:C (0-based line:character, as in outline --json), such as 60:10-60:42, not '${range}'`);
  const [startLine, startCharacter, endLine, endCharacter] = match.slice(1).map(Number);
  const lineStarts = lineStartsOf(text);
  const offsetOf = (line: number, character: number): number | { code: string; message: string } => {
    if (line >= lineStarts.length) {
      return { code: 'annotate-range', message: `line ${line} (0-based) is past the end of the file, which has ${lineStarts.length} lines (0 to ${lineStarts.length - 1})` };
    }
    const lineEnd = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
    const length = text.slice(lineStarts[line], lineEnd).replace(/\r?\n$|\r$/, '').length;
    if (character > length) {
      return { code: 'annotate-range', message: `character ${character} (0-based) is past the end of line ${line}, which has ${length} characters` };
    }
    return lineStarts[line] + character;
  };
  const start = offsetOf(startLine, startCharacter);
  if (typeof start !== 'number') return { problem: { ...start, line: startLine, character: startCharacter } };
  const end = offsetOf(endLine, endCharacter);
  if (typeof end !== 'number') return { problem: { ...end, line: endLine, character: endCharacter } };
  if (end <= start) {
    return { problem: { code: 'annotate-range', message: `the range ${range} is empty: its end must come after its start`, line: startLine, character: startCharacter } };
  }
  return { span: { start, end } };
}

/** The `occurrence`-th place (1-based) where `quote` starts. */
function spanOfQuote(text: string, quote: string, occurrence: number): Found {
  let at = -1;
  let count = 0;
  while (count < occurrence) {
    at = text.indexOf(quote, at + 1);
    if (at < 0) break;
    count++;
  }
  if (at >= 0) return { span: { start: at, end: at + quote.length } };
  const message =
    count === 0
      ? `“${excerpt(quote)}” is not in the file`
      : `“${excerpt(quote)}” occurs ${count} ${count === 1 ? 'time' : 'times'} in the file, so there is no occurrence ${occurrence}`;
  return { problem: { code: 'annotate-quote', message, line: 0, character: 0 } };
}

/** git's user.name where the manuscript is, else the login name. */
async function defaultAuthor(folder: string): Promise<string | undefined> {
  const gitName = await new Promise<string | undefined>((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd: folder, timeout: 5000 }, (error, stdout) => resolve(error ? undefined : String(stdout).trim()));
  });
  const name = gitName || process.env.USER || process.env.USERNAME;
  return name === undefined || name.trim() === '' ? undefined : name.trim();
}

/** ISO 8601 to the second, in UTC: `2025-05-01T09:30:00Z`. */
export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Applies one edit to the sidecar as it is on disk now, holding its lock (`<sidecar>.lock`) from
 * the read to the atomic write, so that concurrent writers (other processes, the editor) each add
 * to what the one before wrote. A sidecar that does not parse is left alone and its problems
 * printed; so is one whose lock cannot be had. A stale lock taken over is reported on stderr.
 */
export async function editSidecar(
  sidecarFile: string,
  edit: (text: string | undefined) => string | undefined,
  output: Output,
): Promise<'written' | 'unchanged' | 'refused'> {
  const refuse = (problems: readonly { code: string; message: string; line: number; character: number }[], remedy = 'fix the sidecar first') => {
    for (const problem of problems) output.err(`${formatDiagnostic({ file: sidecarFile, severity: 'error', ...problem })}\n`);
    output.err(`${sidecarFile}: not written: ${remedy}, then try again.\n`);
    return 'refused' as const;
  };
  const outcome = await withLockOrSay(sidecarFile, output, async () => {
    const before = await readSidecar(sidecarFile);
    const sidecar = parseAnnotations(before ?? '');
    if (!sidecar.parsed) {
      return refuse(sidecar.problems.filter((p) => p.severity === 'error').map((p) => ({ code: p.code, message: p.message, ...p.range.start })));
    }
    let after: string | undefined;
    try {
      after = edit(before);
    } catch (error) {
      if (!(error instanceof SidecarNotWritableError)) throw error;
      return refuse([{ code: 'sidecar-not-writable', message: error.message, line: 0, character: 0 }]);
    }
    if (after === before || after === undefined) return 'unchanged';
    try {
      await writeAtomically(sidecarFile, after);
    } catch (error) {
      return refuse([{ code: 'unwritable', message: describeIoError(error), line: 0, character: 0 }], 'make it and its folder writable');
    }
    return 'written';
  });
  return outcome ?? 'refused';
}
