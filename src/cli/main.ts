import { annotateCommand } from './commands/annotate';
import { UsageError } from './args';
import { FileProblem, formatDiagnostic, unreadableDiagnostic } from '../node/files';
import { checkCommand } from './commands/check';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import type { Output } from './output';
import { initCommand } from './commands/init';
import { mergeDriverCommand } from './commands/mergeDriver';
import { mapCommand } from './commands/map';
import { mentionsCommand } from './commands/mentions';
import { notesCommand } from './commands/notes';
import { outlineCommand } from './commands/outline';
import { resolveCommand } from './commands/resolve';
import { reviewCommand } from './commands/review';
import { suggestCommand } from './commands/suggest';

declare const MARGINALIA_VERSION: string;

const HELP = `marginalia — scholarly annotation of book manuscripts

Usage:
  marginalia outline <file> [--json]     parts, chapters, markers, interpolations and problems of a manuscript
  marginalia check <file|folder>... [--json]
                                         every problem of every manuscript (a folder: its book's manuscripts)
  marginalia notes import <manuscript> <notes.txt> [--overwrite] [--json]
                                         import a notes text (back matter) into the manuscript's sidecar
  marginalia annotate <file> (--range L:C-L:C | --quote TEXT [--occurrence N]) --body TEXT [--tag T]... [--author NAME]
                                         annotate a passage, in the manuscript's sidecar; prints the new id
  marginalia resolve <file> [--json] [--write]
                                         where each annotation's passage is now; --write updates moved anchors
  marginalia review --base <ref> [--head <ref>] [paths...] [--json | --format github]
                                         annotations, notes and cast changed since <ref>, and the anchors the
                                         change broke, as Markdown for a pull request (exit 1 when some broke)
  marginalia init [--driver COMMAND]     set up git to merge sidecars and marginalia.yaml by id
  marginalia merge-driver %O %A %B %P    the merge driver git runs (set up by marginalia init)
  marginalia mentions <file> [--json] [--cast FILE]
                                         every mention of the book's people, places and organizations
  marginalia map <file> [--cast FILE] [--csv | --svg | --json]
                                         who appears where: the cast × chapters, as a table, CSV, SVG or JSON
  marginalia suggest <file> [--json] [--cast FILE] [--min N]
                                         proper names not in the cast yet, most frequent first, with a kind
  marginalia export <file|folder>... --format w3c|tei [--out FILE]
                                         annotations as W3C Web Annotations, or the book as TEI P5
  marginalia import <file> <annotations.json> [--source URI] [--dry-run] [--json]
                                         annotations from Hypothesis or W3C JSON-LD, anchored in the text
  marginalia --help | --version

Positions are 0-based (line, UTF-16 character) in JSON, 1-based in messages (file:line:col).
Exit status: 0 clean, 1 problems found (errors or warnings), 2 usage or I/O error.
`;

const commands: Record<string, (args: string[], output: Output) => Promise<number>> = {
  outline: outlineCommand,
  check: checkCommand,
  notes: notesCommand,
  annotate: annotateCommand,
  resolve: resolveCommand,
  review: reviewCommand,
  init: initCommand,
  'merge-driver': mergeDriverCommand,
  mentions: mentionsCommand,
  map: mapCommand,
  suggest: suggestCommand,
  export: exportCommand,
  import: importCommand,
};

/** Runs the CLI; resolves to the exit status. */
export async function main(argv: readonly string[], output: Output): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    output.out(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    output.out(`${MARGINALIA_VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    output.err(`marginalia: unknown command '${name}'\n\n${HELP}`);
    return 2;
  }
  try {
    return await command(rest, output);
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`marginalia ${name}: ${error.message}\n(see marginalia --help)\n`);
      return 2;
    }
    if (error instanceof FileProblem) {
      output.err(`${formatDiagnostic(unreadableDiagnostic(error))}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`marginalia: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
