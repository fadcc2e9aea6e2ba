import * as path from 'node:path';
import { reviewMarkdown } from '../../core/review/review';
import { collectReview, ReviewError, type CollectedReview } from '../../node/collectReview';
import { formatDiagnostic } from '../../node/files';
import { GitError } from '../../node/git';
import { parseArgs, UsageError } from '../args';
import type { Output } from '../output';

export const REVIEW_HELP = `Usage:
  marginalia review --base <ref> [--head <ref>] [paths...] [--json]
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
      Exit status: 0 nothing broken, 1 some annotations broken, 2 usage error, unknown ref,
      history missing from a shallow clone, or a sidecar that does not parse on one side.
`;


export async function reviewCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, { flags: ['json', 'help'], options: ['base', 'head'] });
  if (parsed.flags.has('help')) {
    output.out(REVIEW_HELP);
    return 0;
  }
  const single = (name: string): string | undefined => {
    const values = parsed.options.get(name);
    if (values && values.length > 1) throw new UsageError(`--${name} is given ${values.length} times`);
    return values?.[0];
  };
  const base = single('base');
  if (base === undefined || base.trim() === '') throw new UsageError('review needs --base <ref>: the branch or commit to compare with, such as --base origin/main');
  let collected: CollectedReview;
  try {
    collected = await collectReview({ cwd: process.cwd(), base, head: single('head'), paths: parsed.positionals });
  } catch (error) {
    if (!(error instanceof ReviewError) && !(error instanceof GitError)) throw error;
    output.err(`marginalia review: ${error.message}\n`);
    return 2;
  }
  if (collected.problems.length > 0) {
    const cwdFromRoot = (file: string) => path.relative(process.cwd(), path.join(collected.root, file)) || file;
    for (const problem of collected.problems) output.err(`${formatDiagnostic({ ...problem, file: cwdFromRoot(problem.file) })}\n`);
    output.err('marginalia review: a file above does not parse on one side of the change: fix it there, then review again.\n');
    return 2;
  }
  const { report } = collected;
  output.out(parsed.flags.has('json') ? `${JSON.stringify(report, null, 2)}\n` : reviewMarkdown(report));
  return report.broken.length > 0 ? 1 : 0;
}
