import { parseArgs, UsageError } from '../args';
import type { Output } from '../output';
import { GitError } from '../../node/git';
import { describeGitIntegration, setUpGitIntegration } from '../../node/gitIntegration';

export const INIT_HELP = `Usage:
  marginalia init [--driver COMMAND]
      Sets up git to merge sidecars (*.marginalia.yaml) and marginalia.yaml by id, so that two
      people annotating on two branches merge without conflicts: adds to the repository's
      .gitattributes (commit it: it is shared)
          *.marginalia.yaml merge=marginalia
          marginalia.yaml merge=marginalia
      and sets, in this clone's git config (each clone runs marginalia init once),
          merge.marginalia.name    Marginalia: merge annotations, notes and the cast by id
          merge.marginalia.driver  marginalia merge-driver %O %A %B %P
      The driver runs marginalia from the PATH when it is there, else npx's (node_modules), else
      this very CLI by its absolute path; --driver gives the command instead. Running it again
      changes nothing. The editor's "Marginalia: Set Up Git Integration" does the same.
      Exit status: 0 done, 2 not in a git repository, or git failed.
`;

/** The `.gitattributes` lines that route Marginalia's files to the driver. */

export async function initCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, { options: ['driver'] });
  if (parsed.flags.has('help')) {
    output.out(INIT_HELP);
    return 0;
  }
  if (parsed.positionals.length > 0) throw new UsageError('init takes no file: it sets up the repository of the current folder');
  const driver = parsed.options.get('driver');
  if (driver && (driver.length > 1 || driver[0].trim() === '')) throw new UsageError('--driver takes one command, such as --driver marginalia');
  try {
    const integration = await setUpGitIntegration({ cwd: process.cwd(), command: driver?.[0] });
    for (const line of describeGitIntegration(integration)) output.out(`${line}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    output.err(`marginalia init: ${error.message}\n`);
    return 2;
  }
}
