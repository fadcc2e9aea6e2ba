import { formatMarker, parseManuscript } from '../../core/manuscript/parser';
import type { Manuscript, MarkerKind } from '../../core/manuscript/model';
import {
  applyImport,
  importChanges,
  importFailed,
  noteName,
  parseNotesText,
  planImport,
  type ImportPlan,
  type ParsedNotes,
} from '../../core/notes/notesImport';
import { parseSidecar } from '../../core/notes/notesSidecar';
import { sidecarPathFor, SidecarNotWritableError } from '../../core/sidecar/sidecarFile';
import { parseArgs, UsageError } from '../args';
import { describeIoError, FileProblem, formatDiagnostic, readText, readSidecar, unreadableDiagnostic, writeAtomically, type Diagnostic } from '../../node/files';
import type { Output } from '../output';
import { withLockOrSay } from '../locking';

export const NOTES_HELP = `Usage:
  marginalia notes import <manuscript> <notes.txt> [--overwrite] [--json]
      Imports a notes text (the book's back matter: one note a paragraph, starting with its number:
      "228 …", "228. …", "{228} …" for an endnote, "[157] …" for a footnote; headings "Notes",
      "Endnotes", "Footnotes" and the manuscript's chapter headings) into the manuscript's sidecar,
      <manuscript>.marginalia.yaml. Notes already there are kept unless --overwrite is given.
      Exit status: 0 done, 1 done but some notes have no marker or some text belongs to no note,
      2 usage or I/O error, or nothing to import (nothing is written).
`;

/** `marginalia notes import …`. Resolves to the exit status. */
export async function notesCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, { flags: ['overwrite', 'json'] });
  const [subcommand, ...files] = parsed.positionals;
  if (parsed.flags.has('help') || subcommand === 'help') {
    output.out(NOTES_HELP);
    return 0;
  }
  if (subcommand !== 'import') {
    throw new UsageError(subcommand === undefined ? 'notes needs a subcommand: notes import <manuscript> <notes.txt>' : `unknown notes subcommand '${subcommand}'`);
  }
  if (files.length !== 2) throw new UsageError('notes import takes a manuscript and a notes text: notes import <manuscript> <notes.txt>');
  try {
    return await importNotes(files[0], files[1], parsed.flags.has('overwrite'), parsed.flags.has('json'), output);
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    output.err(`${formatDiagnostic(unreadableDiagnostic(error))}\n`);
    return 2;
  }
}

async function importNotes(manuscriptFile: string, notesFile: string, overwrite: boolean, json: boolean, output: Output): Promise<number> {
  const manuscript = parseManuscript(await readText(manuscriptFile));
  const notesText = await readText(notesFile);
  const sidecarFile = sidecarPathFor(manuscriptFile);
  const notes = parseNotesText(notesText, manuscript);
  // From reading the sidecar to writing it, its lock keeps other writers out: nobody's change is lost.
  const imported = await withLockOrSay(sidecarFile, output, () => importLocked({ sidecarFile, notesFile, manuscriptFile, notes, manuscript, overwrite }, output));
  if (imported === undefined) return 2;
  if (typeof imported === 'number') return imported;
  const { plan, diagnostics } = imported;

  if (json) {
    output.out(`${JSON.stringify(importJson(sidecarFile, plan, diagnostics), null, 2)}\n`);
  } else {
    for (const diagnostic of diagnostics) output.out(`${formatDiagnostic(diagnostic)}\n`);
    output.out(summary(sidecarFile, plan));
  }
  // Notes no marker cites and text no note owns are warnings among the diagnostics: done, but look.
  return diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning') ? 1 : 0;
}

interface NotesImport {
  readonly sidecarFile: string;
  readonly notesFile: string;
  readonly manuscriptFile: string;
  readonly notes: ParsedNotes;
  readonly manuscript: Manuscript;
  readonly overwrite: boolean;
}

/** Plans the import into the sidecar as it is now and writes it; an exit status when it cannot. */
async function importLocked(
  { sidecarFile, notesFile, manuscriptFile, notes, manuscript, overwrite }: NotesImport,
  output: Output,
): Promise<{ plan: ImportPlan; diagnostics: Diagnostic[] } | number> {
  const sidecarText = await readSidecar(sidecarFile);
  const sidecar = parseSidecar(sidecarText ?? '');
  if (!sidecar.parsed) {
    for (const problem of sidecar.problems) {
      output.err(`${formatDiagnostic({ file: sidecarFile, severity: 'error', code: problem.code, message: problem.message, ...problem.range.start })}\n`);
    }
    output.err(`${sidecarFile}: not written: fix the sidecar first, then import again.\n`);
    return 2;
  }
  const plan = planImport(notes, sidecar, manuscript, { overwrite });
  const diagnostics = diagnosticsOf(plan, notesFile, manuscriptFile);
  if (importFailed(plan)) {
    for (const diagnostic of diagnostics) output.err(`${formatDiagnostic(diagnostic)}\n`);
    output.err(`${sidecarFile}: not written.\n`);
    return 2;
  }
  if (importChanges(plan)) {
    let newText: string;
    try {
      newText = applyImport(sidecarText, plan);
    } catch (error) {
      if (!(error instanceof SidecarNotWritableError)) throw error;
      output.err(`${formatDiagnostic({ file: sidecarFile, severity: 'error', code: 'sidecar-not-writable', message: error.message, line: 0, character: 0 })}\n`);
      return 2;
    }
    try {
      await writeAtomically(sidecarFile, newText);
    } catch (error) {
      output.err(`${formatDiagnostic({ file: sidecarFile, severity: 'error', code: 'unwritable', message: describeIoError(error), line: 0, character: 0 })}\n`);
      output.err(`${sidecarFile}: not written: make it and its folder writable, then import again.\n`);
      return 2;
    }
  }
  return { plan, diagnostics };
}

function diagnosticsOf(plan: ImportPlan, notesFile: string, manuscriptFile: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = plan.problems.map((problem) => ({
    file: notesFile,
    severity: problem.severity,
    code: problem.code,
    message: problem.message,
    ...problem.range.start,
  }));
  for (const note of plan.unmatched) {
    diagnostics.push({
      file: notesFile,
      severity: 'warning',
      code: 'notes-unmatched',
      message: `${noteName(note.kind, note.number)} was imported, but no marker ${formatMarker(note.kind, note.number)} in ${manuscriptFile} cites it.`,
      line: note.line,
      character: 0,
    });
  }
  for (const paragraph of plan.unplaced) {
    diagnostics.push({
      file: notesFile,
      severity: 'warning',
      code: 'notes-unplaced',
      message: `This text belongs to no numbered note and was not imported: “${excerpt(paragraph.text)}”`,
      line: paragraph.line,
      character: 0,
    });
  }
  return diagnostics.sort((a, b) => a.line - b.line || a.character - b.character);
}

function summary(sidecarFile: string, plan: ImportPlan): string {
  const kept = plan.skipped.filter((note) => note.reason === 'kept').length;
  const changed = importChanges(plan);
  const lines = [
    `${changed ? `Wrote ${sidecarFile}` : `${sidecarFile} is up to date, not written`}: added ${plan.added.length}, skipped ${plan.skipped.length}, overwritten ${plan.overwritten.length}`,
    `unmatched endnotes: ${numbersOf(plan.unmatched, 'endnote')}; unmatched footnotes: ${numbersOf(plan.unmatched, 'footnote')}; unplaced paragraphs: ${plan.unplaced.length === 0 ? 'none' : `${plan.unplaced.length} (${abridged(plan.unplaced.map((p) => `line ${p.line + 1}`), ', ')})`}`,
  ];
  if (kept > 0) lines.push(`${kept} skipped ${kept === 1 ? 'note differs' : 'notes differ'} from the sidecar's text and ${kept === 1 ? 'was' : 'were'} kept: --overwrite replaces them`);
  if (plan.missing.length > 0) lines.push(`markers with no note yet: ${abridged(plan.missing.map((m) => formatMarker(m.kind, m.number)), ' ')}`);
  return `${lines.join('\n')}\n`;
}

function numbersOf(notes: readonly { kind: MarkerKind; number: number }[], kind: MarkerKind): string {
  const numbers = notes.filter((note) => note.kind === kind).map((note) => String(note.number));
  return numbers.length === 0 ? 'none' : abridged(numbers, ', ');
}

/** A long list is cut short in the summary (`--json` has them all). */
function abridged(items: readonly string[], separator: string): string {
  const shown = 20;
  return items.length <= shown ? items.join(separator) : `${items.slice(0, shown).join(separator)}${separator}… (${items.length} in all)`;
}

function importJson(sidecarFile: string, plan: ImportPlan, diagnostics: readonly Diagnostic[]) {
  const ref = ({ kind, number, line }: { kind: MarkerKind; number: number; line: number }) => ({ kind, number, line });
  return {
    sidecar: sidecarFile,
    added: plan.added.map(ref),
    skipped: plan.skipped.map((note) => ({ ...ref(note), reason: note.reason })),
    overwritten: plan.overwritten.map(ref),
    unmatched: plan.unmatched.map(ref),
    unplaced: plan.unplaced.map(({ line, text }) => ({ line, text })),
    diagnostics,
  };
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= 60 ? flat : `${flat.slice(0, 59)}…`;
}

/** `file:line:col: severity: message [code]`, 1-based, as `marginalia check` prints. */
