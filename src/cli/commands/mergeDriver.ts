import { promises as fs } from 'node:fs';
import { mergeByIds } from '../../core/merge/merge';
import { MERGE_CONFLICT_CODE } from '../../core/sidecar/mergeMarks';
import { parseArgs, UsageError } from '../args';
import { describeIoError, FileProblem, formatDiagnostic, readText, writeAtomically } from '../../node/files';
import type { Output } from '../output';
import { runGit } from '../../node/git';

export const MERGE_DRIVER_HELP = `Usage:
  marginalia merge-driver <base> <ours> <theirs> [<path>]
      git's merge driver for sidecars (*.marginalia.yaml) and marginalia.yaml, which
      marginalia init sets up: git runs  marginalia merge-driver %O %A %B %P  on a merge.
      Merges by id: annotations by id, notes by number, the cast by id, pins by passage; what
      both sides added is kept, wherever it is. Writes the result into <ours>. When both sides
      changed the same item differently, both versions are kept, as valid YAML (the item shows
      one, its conflict: field the other), and marginalia check reports each: choose one.
      Exit status: 0 merged, 1 conflicts recorded (git marks the file conflicted), 2 error. A
      side with git conflict markers, or a layout the merge cannot read item by item, is merged
      line by line (git merge-file) instead.
`;

const VERSIONS = ['the base version (%O)', 'our version (%A)', 'their version (%B)'] as const;

/**
 * What is wrong when one of the three versions git passes is not a file (a driver set up without
 * %O, a run by hand): said before anything is read or written, so that git leaves the file
 * conflicted and nothing is lost.
 */
async function missingVersion(files: readonly string[], shown: string): Promise<string | undefined> {
  for (const [index, file] of files.entries()) {
    const problem = await fs.stat(file).then(
      (stat) => (stat.isFile() ? undefined : 'is not a file'),
      (error: unknown) => describeIoError(error),
    );
    if (problem === undefined) continue;
    return (
      `${VERSIONS[index]} of ${shown}, ${file}: ${problem}. Git passes the three versions when merge.marginalia.driver is ` +
      `"<command> merge-driver %O %A %B %P": check it (git config merge.marginalia.driver), or run marginalia init ` +
      `(or "Marginalia: Set Up Git Integration") again. Nothing was written; git leaves ${shown} to merge by hand.`
    );
  }
  return undefined;
}

/** `marginalia merge-driver %O %A %B %P`. Resolves to the exit status. */
export async function mergeDriverCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, {});
  if (parsed.flags.has('help')) {
    output.out(MERGE_DRIVER_HELP);
    return 0;
  }
  if (parsed.positionals.length < 3 || parsed.positionals.length > 4) {
    throw new UsageError('merge-driver takes the base, ours and theirs files, and the path (git passes %O %A %B %P)');
  }
  const [baseFile, oursFile, theirsFile, shown = oursFile] = parsed.positionals;
  const missing = await missingVersion([baseFile, oursFile, theirsFile], shown);
  if (missing) {
    output.err(`marginalia merge-driver: ${missing}\n`);
    return 2;
  }
  const [base, ours, theirs] = await Promise.all([baseFile, oursFile, theirsFile].map(readText));
  const result = mergeByIds(base, ours, theirs);
  if (!result.ok) {
    // The line merge git would have made, conflict markers and all: the loaders then point at them.
    const run = await runGit(['merge-file', '-L', 'ours', '-L', 'base', '-L', 'theirs', oursFile, baseFile, theirsFile], process.cwd());
    const conflicts = run.code;
    output.err(`${shown}: not merged by id (${result.reason}): merged line by line instead${conflicts > 0 ? ', with conflict markers to resolve by hand' : ''}\n`);
    return conflicts === 0 ? 0 : conflicts > 0 && conflicts < 128 ? 1 : 2;
  }
  try {
    // <ours> is git's own temporary copy, which no other writer knows of: no lock, but whole or not at all.
    await writeAtomically(oursFile, result.text);
  } catch (error) {
    throw new FileProblem(oursFile, describeIoError(error));
  }
  for (const conflict of result.conflicts) {
    const message = `${conflict.what} was ${conflict.reason}: both versions are kept; choose one, then delete the conflict entry`;
    output.err(`${formatDiagnostic({ file: shown, severity: 'error', code: MERGE_CONFLICT_CODE, message, line: conflict.line, character: 0 })}\n`);
  }
  return result.conflicts.length > 0 ? 1 : 0;
}
