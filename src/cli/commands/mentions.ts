import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BOOK_FILE_NAME } from '../../core/manuscript/book';
import { parseCast, type Cast } from '../../core/cast/cast';
import { parseManuscript } from '../../core/manuscript/parser';
import type { Manuscript } from '../../core/manuscript/model';
import { MentionIndex } from '../../core/mentions/mentions';
import { NameMatcher } from '../../core/mentions/nameMatcher';
import { checkPins, parsePins, resolvePins } from '../../core/mentions/pins';
import { sidecarPathFor } from '../../core/sidecar/sidecarFile';
import { parseArgs, UsageError } from '../args';
import { describeIoError, FileProblem, findBook, formatDiagnostic, readText, readSidecar, unreadableDiagnostic, type Diagnostic } from '../../node/files';
import type { Output } from '../output';

export const MENTIONS_HELP = `Usage:
  marginalia mentions <file> [--json] [--cast FILE]
      Every mention of the book's cast (people:, places:, organizations: in the marginalia.yaml
      nearest above <file>, or in FILE) in the manuscript: names and aliases as whole words,
      case-sensitive, possessives included, the longest name winning where names overlap. A name
      listed for several entities is ambiguous unless a pin in the sidecar says whose it is.
      Prints file:line:col: name (id) per mention, or with --json:
      {"file": …, "entities": [{"id", "kind", "name", "count", "mentions": [{"line", "character",
      "length", "text"}]}], "ambiguous": [{"line", "character", "length", "text", "candidates"}]}
      (0-based lines and UTF-16 characters; every entity of the cast, in its order).
      The cast's problems are printed on stderr. Exit status: 0 clean, 1 the cast or the pins have
      problems, 2 usage or I/O error, or a cast that does not parse.
`;

/** The cast a manuscript is read against, and where it came from. */
export interface CastSource {
  readonly file: string;
  readonly cast: Cast;
}

/** The cast of `--cast FILE`, or of the book the manuscript belongs to. */
export async function castFor(manuscript: string, castFile: string | undefined): Promise<CastSource | undefined> {
  let file = castFile;
  if (file === undefined) {
    const found = await findBook(path.dirname(path.resolve(manuscript)));
    if (!found) return undefined;
    file = path.relative(process.cwd(), found.file) || found.file;
  }
  const text = await fs.readFile(file, 'utf8').catch((error: unknown) => {
    throw new FileProblem(file, describeIoError(error));
  });
  return { file, cast: parseCast(text) };
}

/** The cast's problems as diagnostics of its file. */
export function castDiagnostics(source: CastSource): Diagnostic[] {
  return source.cast.problems.map((problem) => ({ file: source.file, severity: problem.severity, code: problem.code, message: problem.message, ...problem.range.start }));
}

/**
 * For `marginalia check`: the problems of the cast of the books these manuscripts belong to (each
 * book file once), and of the pins in their sidecars.
 */
export async function bookCastDiagnostics(files: readonly string[]): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, CastSource | undefined>();
  /** A file that cannot be read is reported (as `unreadable`), and what needs it is skipped. */
  const unlessUnreadable = <T>(reading: Promise<T>): Promise<T | undefined> =>
    reading.catch((error: unknown) => {
      if (!(error instanceof FileProblem)) throw error;
      diagnostics.push(unreadableDiagnostic(error));
      return undefined;
    });
  for (const file of files) {
    const found = await unlessUnreadable(findBook(path.dirname(path.resolve(file))));
    if (!found) continue;
    let source = seen.get(found.file);
    if (!seen.has(found.file)) {
      source = await unlessUnreadable(castFor(file, undefined));
      seen.set(found.file, source);
      if (source) diagnostics.push(...castDiagnostics(source));
    }
    const sidecarFile = sidecarPathFor(file);
    const sidecarText = await unlessUnreadable(readSidecar(sidecarFile));
    if (!source?.cast.parsed || sidecarText === undefined || !/^pins:/m.test(sidecarText)) continue;
    const text = await unlessUnreadable(readText(file));
    if (text === undefined) continue;
    for (const problem of checkPins(sidecarText, text, parseManuscript(text), source.cast.entities)) {
      diagnostics.push({ file: sidecarFile, severity: problem.severity, code: problem.code, message: problem.message, ...problem.range.start });
    }
  }
  return diagnostics;
}

/** A manuscript's mentions, indexed against its book's cast (or `castFile`'s) with its sidecar's pins. */
export interface IndexedManuscript {
  readonly text: string;
  readonly manuscript: Manuscript;
  readonly source: CastSource;
  readonly index: MentionIndex;
  /** The cast's and the pins' problems, already printed on stderr. */
  readonly problems: Diagnostic[];
  /** The sidecar's text, when there is one. */
  readonly sidecarText: string | undefined;
}

/**
 * Reads a manuscript and its cast, prints the cast's and the pins' problems on stderr, and indexes
 * the mentions with the pins placed; resolves to exit status 2 when the cast cannot be read.
 */
export async function indexManuscript(file: string, castFile: string | undefined, output: Output): Promise<IndexedManuscript | number> {
  const text = await readText(file);
  const source = await castFor(file, castFile);
  if (!source) throw new UsageError(`no ${BOOK_FILE_NAME} in the folders above ${file}: give the cast with --cast FILE`);
  const problems = castDiagnostics(source);
  for (const problem of problems) output.err(`${formatDiagnostic(problem)}\n`);
  if (!source.cast.parsed) {
    output.err(`${source.file}: the cast cannot be read until this is fixed.\n`);
    return 2;
  }
  const manuscript = parseManuscript(text);
  const index = MentionIndex.build(text, new NameMatcher(source.cast.entities));
  const sidecarFile = sidecarPathFor(file);
  const sidecarText = await readSidecar(sidecarFile);
  if (sidecarText !== undefined) {
    index.setPins(resolvePins(text, manuscript, parsePins(sidecarText).pins.map((entry) => entry.pin)).placements);
    for (const problem of checkPins(sidecarText, text, manuscript, source.cast.entities)) {
      const diagnostic = { file: sidecarFile, severity: problem.severity, code: problem.code, message: problem.message, ...problem.range.start };
      problems.push(diagnostic);
      output.err(`${formatDiagnostic(diagnostic)}\n`);
    }
  }
  return { text, manuscript, source, index, problems, sidecarText };
}

/** `marginalia mentions …`. Resolves to the exit status. */
export async function mentionsCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, { flags: ['json'], options: ['cast'] });
  if (parsed.flags.has('help')) {
    output.out(MENTIONS_HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) throw new UsageError('mentions takes one manuscript file');
  const castOption = parsed.options.get('cast');
  if (castOption && castOption.length > 1) throw new UsageError('--cast is given once');
  const file = parsed.positionals[0];
  const indexed = await indexManuscript(file, castOption?.[0], output);
  if (typeof indexed === 'number') return indexed;
  const { source, index, problems } = indexed;

  const all = index.allMentions();
  if (parsed.flags.has('json')) {
    const entities = source.cast.entities.map((entity) => {
      const mentions = all.get(entity.id) ?? [];
      return {
        id: entity.id,
        kind: entity.kind,
        name: entity.name,
        count: mentions.length,
        mentions: mentions.map(({ line, character, length, text: written }) => ({ line, character, length, text: written })),
      };
    });
    const ambiguous = index.ambiguous().map(({ line, character, length, text: written, candidates }) => ({ line, character, length, text: written, candidates }));
    output.out(`${compactJson({ file, entities, ambiguous })}\n`);
  } else {
    const lines: { line: number; character: number; text: string }[] = [];
    for (const [id, mentions] of all) {
      const name = source.cast.entity(id)?.name ?? id;
      for (const mention of mentions) lines.push({ line: mention.line, character: mention.character, text: `${name} (${id})` });
    }
    for (const mention of index.ambiguous()) {
      lines.push({ line: mention.line, character: mention.character, text: `${mention.text} (ambiguous: ${mention.candidates.join(', ')})` });
    }
    lines.sort((a, b) => a.line - b.line || a.character - b.character);
    for (const { line, character, text: described } of lines) output.out(`${file}:${line + 1}:${character + 1}: ${described}\n`);
  }
  return problems.some((p) => p.severity === 'error' || p.severity === 'warning') ? 1 : 0;
}

/** JSON on one line, spaced as the issue prints it: `{"file": "…", "entities": [{"id": "…", …}]}`. */
export function compactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compactJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).filter(([, field]) => field !== undefined);
    return `{${fields.map(([key, field]) => `${JSON.stringify(key)}: ${compactJson(field)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}
