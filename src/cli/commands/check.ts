import * as path from 'node:path';
import { checkAnnotations } from '../../core/anchoring/annotationProblems';
import { SidecarText } from '../../core/sidecar/sidecarText';
import type { Manuscript, Problem } from '../../core/manuscript/model';
import { parseManuscript, splitLines } from '../../core/manuscript/parser';
import { enabledTextualCodes, isTextualCode, TEXTUAL_CODES, TextualChecker } from '../../core/textual/textualChecks';
import { readLexicon } from '../../node/dictionary';
import { checkNotes, CitationIndex } from '../../core/notes/citations';
import { parseSidecar } from '../../core/notes/notesSidecar';
import { sidecarPathFor, type SidecarProblem } from '../../core/sidecar/sidecarFile';
import { FileProblem, findBook, formatDiagnostic, manuscriptFilesOf, readSidecar, readText, unreadableDiagnostic, type Diagnostic } from '../../node/files';
import { parseArgs, UsageError } from '../args';
import type { Output } from '../output';
import { bookCastDiagnostics, castFor } from './mentions';

export const CHECK_HELP = `Usage:
  marginalia check <file|folder>... [--enable CODE]... [--disable CODE]... [--json]
      Prints every problem of every manuscript named (a folder: its book's manuscripts), of their
      sidecars' notes and annotations, and of the book's cast, and the textual problems that are on
      (run-together-words, split-paragraph, doubled-word, soft-hyphen, stray-page-number,
      running-head: all on by default), as file:line:col: severity: message.
      A book switches textual codes in marginalia.yaml, as the extension's settings
      marginalia.diagnostics.<code> do:
        diagnostics:
          run-together-words: false
      --enable/--disable switch a code on or off for this run, whatever the book says (repeatable;
      CODE may be a comma-separated list).
      Exit status: 0 clean, 1 problems found (errors or warnings), 2 usage or I/O error.
`;

/** The problems of marginalia.yaml's `diagnostics:` that parseBookFile finds: reported by check, which reads the switches. */
const SWITCH_PROBLEMS = new Set(['book-bad-diagnostic', 'book-bad-diagnostics']);

/** `marginalia check …`. Resolves to the exit status. */
export async function checkCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, { flags: ['json'], options: ['enable', 'disable'] });
  if (parsed.flags.has('help')) {
    output.out(CHECK_HELP);
    return 0;
  }
  if (parsed.positionals.length === 0) throw new UsageError('check takes at least one file or folder');
  const switches = userSwitches(parsed.options);
  const diagnostics: Diagnostic[] = [];
  const checked: string[] = [];
  const booksSeen = new Set<string>();
  for (const target of parsed.positionals) {
    for (const file of await manuscriptFilesOf(target)) {
      checked.push(file);
      try {
        const text = await readText(file);
        const manuscript = parseManuscript(text);
        diagnostics.push(...(await diagnose(file, manuscript, text)));
        diagnostics.push(...(await textualDiagnostics(file, manuscript, text, switches, booksSeen)));
      } catch (error) {
        if (!(error instanceof FileProblem)) throw error;
        diagnostics.push(unreadableDiagnostic(error));
      }
    }
  }
  // The cast of their books (each marginalia.yaml once) and the pins of their sidecars.
  diagnostics.push(...(await bookCastDiagnostics(checked)));
  const reported = unreadableOnce(diagnostics);
  if (parsed.flags.has('json')) {
    output.out(`${JSON.stringify({ diagnostics: reported }, null, 2)}\n`);
  } else {
    for (const diagnostic of reported) output.out(`${formatDiagnostic(diagnostic)}\n`);
  }
  if (reported.some((d) => d.code === 'unreadable')) return 2;
  return reported.some((d) => d.severity === 'error' || d.severity === 'warning') ? 1 : 0;
}

/** Each unreadable file said once: the book file every manuscript needs is unreadable for each of them. */
function unreadableOnce(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const said = new Set<string>();
  return diagnostics.filter((diagnostic) => {
    if (diagnostic.code !== 'unreadable') return true;
    const line = formatDiagnostic(diagnostic);
    if (said.has(line)) return false;
    said.add(line);
    return true;
  });
}

/**
 * The manuscript's problems and, when it has a sidecar, its notes' problems: those of the manuscript
 * (a marker with no note, an endnote cited twice) and those of the sidecar (its own, uncited notes),
 * and its annotations' (their own, and orphaned, ambiguous or fuzzy anchors in `text`).
 */
export async function diagnose(file: string, manuscript: Manuscript, text: string): Promise<Diagnostic[]> {
  const diagnostics = manuscript.problems.map((problem) => toDiagnostic(file, problem));
  const sidecarFile = sidecarPathFor(file);
  const sidecarText = await readSidecar(sidecarFile);
  if (sidecarText === undefined) return diagnostics;
  // Read once for the notes and the annotations.
  const read = new SidecarText(sidecarText);
  const sidecar = parseSidecar(read);
  const notes = checkNotes(new CitationIndex(manuscript), sidecar);
  diagnostics.push(...notes.manuscript.map((problem) => toDiagnostic(file, problem)));
  diagnostics.push(...[...sidecar.problems, ...notes.sidecar].map((problem) => toDiagnostic(sidecarFile, problem)));
  // Annotations: their own problems, and those whose passage is orphaned, ambiguous or fuzzy.
  diagnostics.push(...checkAnnotations(read, text, manuscript).map((problem) => toDiagnostic(sidecarFile, problem)));
  return diagnostics;
}

/** `--enable`/`--disable CODE[,CODE…]`: the textual codes switched for this run; a code that is not one is a usage error. */
function userSwitches(options: ReadonlyMap<string, string[]>): Map<string, boolean> {
  const switches = new Map<string, boolean>();
  for (const [option, on] of [['enable', true], ['disable', false]] as const) {
    for (const code of (options.get(option) ?? []).flatMap((value) => value.split(',')).map((value) => value.trim())) {
      if (!isTextualCode(code)) throw new UsageError(`--${option} ${code}: not a code check can switch (${TEXTUAL_CODES.map((c) => c.code).join(', ')})`);
      switches.set(code, on);
    }
  }
  return switches;
}

/**
 * The textual critic's problems (words run together, split paragraphs, doubled words, soft hyphens,
 * page numbers, running heads), those the book and `switches` leave on, knowing the book's `words:`
 * and its cast; and, once a book, the problems of its `diagnostics:` switches.
 */
async function textualDiagnostics(file: string, manuscript: Manuscript, text: string, switches: ReadonlyMap<string, boolean>, booksSeen: Set<string>): Promise<Diagnostic[]> {
  const book = await findBook(path.dirname(path.resolve(file)));
  const diagnostics: Diagnostic[] = [];
  if (book && !booksSeen.has(book.file)) {
    booksSeen.add(book.file);
    diagnostics.push(...book.book.problems.filter((problem) => SWITCH_PROBLEMS.has(problem.code)).map((problem) => toDiagnostic(book.file, problem)));
    for (const entry of book.book.diagnostics.filter((s) => !isTextualCode(s.code))) {
      const message = `\`${entry.code}\` is not a diagnostic marginalia.yaml can switch (${TEXTUAL_CODES.map((c) => c.code).join(', ')}).`;
      diagnostics.push(toDiagnostic(book.file, { severity: 'warning', code: 'book-unknown-diagnostic', message, range: entry.range }));
    }
  }
  const enabled = enabledTextualCodes(book?.book.diagnostics ?? [], switches);
  if (enabled.size === 0) return diagnostics;
  const cast = book ? (await castFor(file, undefined))?.cast.entities ?? [] : [];
  const problems = new TextualChecker(await readLexicon()).check(splitLines(text), manuscript, {
    enabled,
    bookWords: book?.book.words ?? [],
    castNames: cast.flatMap((entity) => [entity.name, ...entity.aliases]),
  });
  return [...diagnostics, ...problems.map((problem) => toDiagnostic(file, problem))];
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
