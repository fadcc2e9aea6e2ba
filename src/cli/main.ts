import { promises as fs } from 'node:fs';
import { checkAnnotations } from '../core/annotations/annotationYaml';
import { checkNotes, CitationIndex } from '../core/notes/citations';
import { parseManuscript } from '../core/manuscript/parser';
import type { Manuscript, Problem } from '../core/manuscript/model';
import { parseSidecar, sidecarPathFor, type SidecarProblem } from '../core/notes/notesSidecar';
import { annotateCommand } from './commands/annotate';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { parseArgs, UsageError } from './args';
import {
  describeIoError,
  FileProblem,
  formatDiagnostic,
  manuscriptFilesOf,
  readText,
  type Diagnostic,
} from '../node/files';
import type { Output } from './output';
import { initCommand } from './commands/init';
import { mergeDriverCommand } from './commands/mergeDriver';
import { bookCastDiagnostics, mentionsCommand } from './commands/mentions';
import { notesCommand } from './commands/notes';
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
      output.err(`${formatDiagnostic({ file: error.file, severity: 'error', code: 'unreadable', message: error.message, ...error.position })}\n`);
      return 2;
    }
    throw error;
  }
}

async function outlineCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, { flags: ['json'] });
  if (parsed.positionals.length !== 1) throw new UsageError('outline takes one manuscript file');
  const file = parsed.positionals[0];
  const text = await readText(file);
  const manuscript = parseManuscript(text);
  const diagnostics = (await diagnose(file, manuscript, text)).filter((d) => d.file === file);
  if (parsed.flags.has('json')) {
    output.out(`${JSON.stringify(outlineJson(file, manuscript, diagnostics), null, 2)}\n`);
  } else {
    for (const part of manuscript.parts) output.out(`${part.line + 1}: ${part.title}\n`);
    for (const chapter of manuscript.chapters) output.out(`${chapter.line + 1}:   ${chapter.number}. ${chapter.title}\n`);
    const endnotes = manuscript.markers.filter((m) => m.kind === 'endnote').length;
    output.out(`${manuscript.chapters.length} chapters, ${endnotes} endnote and ${manuscript.markers.length - endnotes} footnote markers, ${manuscript.interpolations.length} interpolations, ${diagnostics.length} problems\n`);
  }
  return 0;
}

function outlineJson(file: string, manuscript: Manuscript, diagnostics: readonly Diagnostic[]) {
  return {
    file,
    parts: manuscript.parts.map(({ title, line }) => ({ title, line })),
    chapters: manuscript.chapters.map(({ number, title, line }) => ({ number, title, line })),
    markers: manuscript.markers.map(({ kind, number, line, character, length }) => ({ kind, number, line, character, length })),
    interpolations: manuscript.interpolations.map(({ text, line, character }) => ({ text, line, character })),
    diagnostics: diagnostics.map(({ severity, code, message, line, character }) => ({ severity, code, message, line, character })),
  };
}

async function checkCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, { flags: ['json'] });
  if (parsed.positionals.length === 0) throw new UsageError('check takes at least one file or folder');
  const diagnostics: Diagnostic[] = [];
  const checked: string[] = [];
  let ioFailure = false;
  for (const target of parsed.positionals) {
    for (const file of await manuscriptFilesOf(target)) {
      checked.push(file);
      try {
        const text = await readText(file);
        diagnostics.push(...(await diagnose(file, parseManuscript(text), text)));
      } catch (error) {
        if (!(error instanceof FileProblem)) throw error;
        ioFailure = true;
        diagnostics.push({ file, severity: 'error', code: 'unreadable', message: error.message, ...error.position });
      }
    }
  }
  // The cast of their books (each marginalia.yaml once) and the pins of their sidecars.
  diagnostics.push(...(await bookCastDiagnostics(checked)));
  if (parsed.flags.has('json')) {
    output.out(`${JSON.stringify({ diagnostics }, null, 2)}\n`);
  } else {
    for (const diagnostic of diagnostics) output.out(`${formatDiagnostic(diagnostic)}\n`);
  }
  if (ioFailure) return 2;
  return diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning') ? 1 : 0;
}

/** A file is checked as it is; a folder yields its book's manuscripts, and problems of the book file itself. */
/**
 * The manuscript's problems and, when it has a sidecar, its notes' problems: those of the manuscript
 * (a marker with no note, an endnote cited twice) and those of the sidecar (its own, uncited notes),
 * and its annotations' (their own, and orphaned, ambiguous or fuzzy anchors in `text`).
 */
async function diagnose(file: string, manuscript: Manuscript, text: string): Promise<Diagnostic[]> {
  const diagnostics = manuscript.problems.map((problem) => toDiagnostic(file, problem));
  const sidecarFile = sidecarPathFor(file);
  const sidecarText = await fs.readFile(sidecarFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new FileProblem(sidecarFile, describeIoError(error));
  });
  if (sidecarText === undefined) return diagnostics;
  const sidecar = parseSidecar(sidecarText);
  const notes = checkNotes(new CitationIndex(manuscript), sidecar);
  diagnostics.push(...notes.manuscript.map((problem) => toDiagnostic(file, problem)));
  diagnostics.push(...[...sidecar.problems, ...notes.sidecar].map((problem) => toDiagnostic(sidecarFile, problem)));
  // Annotations: their own problems, and those whose passage is orphaned, ambiguous or fuzzy.
  diagnostics.push(...checkAnnotations(sidecarText, text, manuscript).map((problem) => toDiagnostic(sidecarFile, problem)));
  return diagnostics;
}

function toDiagnostic(file: string, problem: Problem | SidecarProblem): Diagnostic {
  return {
    file,
    severity: problem.severity,
    code: problem.code,
    message: problem.message,
    line: problem.range.start.line,
    character: problem.range.start.character,
  };
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
