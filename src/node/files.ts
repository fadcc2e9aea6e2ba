import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BOOK_FILE_NAME, ManuscriptMatcher, parseBookFile, type BookFile } from '../core/manuscript/book';
import { decodeManuscript } from '../core/text/decode';
import type { Position, Severity } from '../core/manuscript/model';
import { errorMessage } from '../core/text/errorMessage';

/** A problem with a file as a whole: it could not be read, or is not text. */
export class FileProblem extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly position: Position = { line: 0, character: 0 },
  ) {
    super(message);
  }
}

/** Reads a file (a manuscript, notes, a sidecar to merge) as text, or throws a `FileProblem` naming where it is not. */
export async function readText(file: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    throw new FileProblem(file, describeIoError(error));
  }
  const decoded = decodeManuscript(bytes);
  if (!decoded.ok) throw new FileProblem(file, decoded.message, decoded.position);
  return decoded.text;
}

export interface FoundBook {
  readonly folder: string;
  readonly file: string;
  readonly book: BookFile;
}

/**
 * The book a path belongs to: the nearest folder above it (or itself) holding a marginalia.yaml.
 * A marginalia.yaml that is there but cannot be read (permissions, a folder of that name) is a
 * `FileProblem`, not "no book": the cast and the manuscripts' globs would silently be lost.
 */
export async function findBook(start: string): Promise<FoundBook | undefined> {
  let folder = path.resolve(start);
  for (;;) {
    const file = path.join(folder, BOOK_FILE_NAME);
    const text = await fs.readFile(file, 'utf8').catch((error: unknown) => {
      // None here (or `start` is below a file): look in the folder above.
      if (isMissing(error)) return undefined;
      throw new FileProblem(file, describeIoError(error));
    });
    if (text !== undefined) return { folder, file, book: parseBookFile(text) };
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/** Whether a read failed because there is no such file (or a folder on its path is a file). */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A file that could not be read, as the CLI reports it (exit status 2). */
export function unreadableDiagnostic(problem: FileProblem): Diagnostic {
  return { file: problem.file, severity: 'error', code: 'unreadable', message: problem.message, ...problem.position };
}

/** The manuscripts of a book's folder, in path order, skipping dot-folders and node_modules. */
export async function listManuscripts(found: FoundBook): Promise<string[]> {
  const matcher = new ManuscriptMatcher(found.book.manuscripts);
  const entries = await fs.readdir(found.folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => {
      const relative = path.relative(found.folder, file).split(path.sep).join('/');
      return !/(^|\/)(\.[^/]*|node_modules)\//.test(relative) && matcher.matches(relative);
    })
    .sort();
}

/**
 * The manuscripts a command is given: a file as it is; a folder, the manuscripts of its book that
 * lie in it (paths relative to the working folder).
 */
export async function manuscriptFilesOf(target: string): Promise<string[]> {
  const stat = await fs.stat(target).catch((error: unknown) => {
    throw new FileProblem(target, describeIoError(error));
  });
  if (!stat.isDirectory()) return [target];
  const found = await findBook(target);
  if (!found) throw new FileProblem(target, 'no marginalia.yaml in this folder or above it: name the manuscript files instead');
  const folder = path.resolve(target);
  return (await listManuscripts(found))
    .filter((file) => file.startsWith(folder + path.sep))
    .map((file) => path.relative(process.cwd(), file) || file);
}

export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOTDIR') return 'a folder on its path is a file';
  return errorMessage(error);
}

/** A diagnostic as the CLI prints it. */
export interface Diagnostic {
  readonly file: string;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly character: number;
}

/** `file:line:col: severity: message [code]`, 1-based as compilers print. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line + 1}:${d.character + 1}: ${d.severity}: ${d.message} [${d.code}]`;
}

/** A sidecar's text, or undefined when there is none yet. */
export async function readSidecar(file: string): Promise<string | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new FileProblem(file, 'is a folder, not a sidecar: move the folder away (or rename it), then try again; nothing was written');
    throw new FileProblem(file, describeIoError(error));
  }
  const decoded = decodeManuscript(bytes);
  if (!decoded.ok) throw new FileProblem(file, decoded.message, decoded.position);
  return decoded.text;
}

/**
 * Writes a file whole or not at all: a temporary file in the same folder, flushed to the disk, then
 * renamed over the target, so that readers (and a crash at any moment) see the old text or the new,
 * never half of one. Keeps the target's permissions. Callers that read the file first hold its lock
 * (`withFileLock`) around the read and this write.
 */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = await fs.stat(file).then(
    (stat) => stat.mode & 0o777,
    () => 0o644,
  );
  try {
    const handle = await fs.open(temporary, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      // Without this, a power cut soon after the rename can leave an empty file where the old one was.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
