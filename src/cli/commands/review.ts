import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { escapeData, githubAnnotations, githubComment, githubOutputEntry } from '../../core/review/githubReview';
import type { ReviewReport } from '../../core/review/reviewModel';
import { reviewMarkdown } from '../../core/review/reviewMarkdown';
import { collectReview, ReviewError, type CollectedReview } from '../../node/collectReview';
import { formatDiagnostic } from '../../node/files';
import { GitError } from '../../node/git';
import { parseArgs, UsageError } from '../args';
import type { Output } from '../output';

export const REVIEW_HELP = `Usage:
  marginalia review --base <ref> [--head <ref>] [paths...] [--format markdown|json|github] [--comment-file PATH]
      Reviews the annotations, notes and cast of a change, as a pull request shows it: from the
      merge base of <ref> and the head (a ref, or by default the working tree, untracked files
      included) to the head. Prints Markdown ready to paste into a pull request — per manuscript
      and chapter, the annotations added, changed (with a word diff), resolved and removed, the
      notes added, changed and removed, the cast's changes — and, first, the annotations that the
      manuscript's edits broke: those of the base that the head's text leaves fuzzy, ambiguous
      or orphaned. --json prints the same as data: {"base", "head", "files", "added", "changed",
      "resolved", "removed", "broken", "moved", "notes": {"added", "changed", "removed"}, "cast":
      {"added", "removed", "renamed", "aliasesAdded", "aliasesRemoved"}}, each annotation with its
      "id", "file", "chapter", "chapterTitle" and 0-based "line".
      Manuscripts are the books' (their marginalia.yaml's globs, and *.manuscript files), or
      those at the paths given (files or folders); renamed ones are followed as git follows them.
      --json is --format json. --format github is for GitHub Actions: it prints workflow commands
      that put each broken annotation on its manuscript line (10 errors and 10 warnings at most,
      GitHub's limit per step; one notice counts the rest), appends the Markdown report to
      $GITHUB_STEP_SUMMARY when set, and writes "broken" (a count) and "comment" (the body of the
      pull request's one Marginalia comment) to $GITHUB_OUTPUT when set. --comment-file PATH writes
      that comment body to PATH too (any format).
      Exit status: 0 nothing broken, 1 some annotations broken, 2 usage error, unknown ref,
      history missing from a shallow clone, or a sidecar that does not parse on one side.
`;


export async function reviewCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, { flags: ['json'], options: ['base', 'head', 'format', 'comment-file'] });
  if (parsed.flags.has('help')) {
    output.out(REVIEW_HELP);
    return 0;
  }
  const single = (name: string): string | undefined => {
    const values = parsed.options.get(name);
    if (values && values.length > 1) throw new UsageError(`--${name} is given ${values.length} times`);
    return values?.[0];
  };
  const format = parsed.flags.has('json') ? 'json' : (single('format') ?? 'markdown');
  if (format !== 'markdown' && format !== 'json' && format !== 'github') throw new UsageError(`--format ${format}: give markdown, json or github`);
  if (parsed.flags.has('json') && single('format') !== undefined && single('format') !== 'json') throw new UsageError('--json and --format disagree: give one');
  const base = single('base');
  if (base === undefined || base.trim() === '') throw new UsageError('review needs --base <ref>: the branch or commit to compare with, such as --base origin/main');
  let collected: CollectedReview;
  try {
    collected = await collectReview({ cwd: process.cwd(), base, head: single('head'), paths: parsed.positionals });
  } catch (error) {
    if (!(error instanceof ReviewError) && !(error instanceof GitError)) throw error;
    output.err(`marginalia review: ${error.message}\n`);
    // On GitHub the log is long: an annotation of the run makes the reason (such as fetch-depth: 0) stand out.
    if (format === 'github') output.out(`::error title=Marginalia review::${escapeData(error.message)}\n`);
    return 2;
  }
  if (collected.problems.length > 0) {
    const cwdFromRoot = (file: string) => path.relative(process.cwd(), path.join(collected.root, file)) || file;
    for (const problem of collected.problems) output.err(`${formatDiagnostic({ ...problem, file: cwdFromRoot(problem.file) })}\n`);
    output.err('marginalia review: a file above does not parse on one side of the change: fix it there, then review again.\n');
    return 2;
  }
  const { report } = collected;
  const commentFile = single('comment-file');
  if (commentFile !== undefined) await fs.writeFile(commentFile, githubComment(report));
  if (format === 'github') await writeForGithub(report, output);
  else output.out(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : reviewMarkdown(report));
  return report.broken.length > 0 ? 1 : 0;
}

/** `--format github`: the broken annotations as workflow commands; the report into the step summary and the step's outputs. */
async function writeForGithub(report: ReviewReport, output: Output): Promise<void> {
  for (const command of githubAnnotations(report)) output.out(`${command}\n`);
  const broken = report.broken.length;
  output.out(`Marginalia review: ${broken === 0 ? 'no annotation broken' : `${broken} ${broken === 1 ? 'annotation' : 'annotations'} broken`} by this change; the whole review is in the job summary.\n`);
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) await fs.appendFile(summary, `${reviewMarkdown(report)}\n`);
  const outputs = process.env.GITHUB_OUTPUT;
  if (outputs) await fs.appendFile(outputs, `broken=${broken}\n${githubOutputEntry('comment', githubComment(report), `marginalia_${randomUUID()}`)}`);
}
