import { execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describeIoError, FileProblem, isMissing } from './files';

/**
 * The few git commands Marginalia runs, through `git` itself (no library): the repository's root,
 * whether the clone is shallow, refs to commits, the files of a commit or of the working tree,
 * what changed between two of them (renames followed, as `git diff -M` sees them), and the
 * contents of files at a commit. Paths are `/`-separated and relative to the repository's root.
 */

/** git failed, or is not there: the message says what to do. */
export class GitError extends Error {}

interface Run {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly code: number;
}

/** Runs git in `cwd`; never throws for a non-zero exit (the caller decides), only when git cannot run. */
export function runGit(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } }, (error, stdout, stderr) => {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT') {
        reject(new GitError('git is not installed (or not on the PATH)'));
        return;
      }
      const status = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
      resolve({ stdout, stderr: stderr.toString('utf8'), code: status });
    });
  });
}

/** git's output as text; a non-zero exit throws a `GitError` with git's message. */
export async function gitText(args: readonly string[], cwd: string): Promise<string> {
  const run = await runGit(args, cwd);
  if (run.code !== 0) throw new GitError(`git ${args[0]} failed: ${run.stderr.trim() || `exit status ${run.code}`}`);
  return run.stdout.toString('utf8');
}

/** The root of the working tree holding `cwd`, or undefined outside any repository. */
export async function repositoryRoot(cwd: string): Promise<string | undefined> {
  const run = await runGit(['rev-parse', '--show-toplevel'], cwd);
  return run.code === 0 ? run.stdout.toString('utf8').trim() : undefined;
}

/** Whether the clone has only part of the history (`git clone --depth`, CI checkouts). */
export async function isShallow(root: string): Promise<boolean> {
  return (await gitText(['rev-parse', '--is-shallow-repository'], root)).trim() === 'true';
}

/** The commit a ref names, or undefined when there is no such commit here. */
export async function resolveCommit(root: string, ref: string): Promise<string | undefined> {
  if (ref.startsWith('-')) return undefined;
  const run = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], root);
  return run.code === 0 ? run.stdout.toString('utf8').trim() : undefined;
}

/**
 * The branch a pull request from the current branch would merge into, as a short ref: the default
 * branch of the `upstream` remote (a fork's parent, by convention), else of `origin` (their
 * `refs/remotes/<remote>/HEAD`, set by clone or `git remote set-head`), else the current branch's
 * upstream. Undefined when git knows none of them, or each is the current branch itself.
 */
export async function pullRequestBase(root: string): Promise<string | undefined> {
  const shortRef = async (args: readonly string[]) => {
    const run = await runGit(args, root);
    return run.code === 0 ? run.stdout.toString('utf8').trim() || undefined : undefined;
  };
  const current = await shortRef(['symbolic-ref', '--quiet', 'HEAD']);
  const candidates = [
    await shortRef(['symbolic-ref', '--quiet', 'refs/remotes/upstream/HEAD']),
    await shortRef(['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']),
    await shortRef(['for-each-ref', '--format=%(upstream)', current ?? 'HEAD']),
  ];
  const chosen = candidates.find((ref) => ref !== undefined && ref !== current);
  return chosen === undefined ? undefined : shortRef(['rev-parse', '--abbrev-ref', chosen]);
}

/** The best common ancestor of two commits, or undefined (unrelated, or cut off by a shallow clone). */
export async function mergeBase(root: string, a: string, b: string): Promise<string | undefined> {
  const run = await runGit(['merge-base', a, b], root);
  return run.code === 0 ? run.stdout.toString('utf8').trim() : undefined;
}

/** The files of a commit. */
export async function filesAt(root: string, commit: string): Promise<string[]> {
  return nulSeparated(await gitText(['ls-tree', '-r', '--name-only', '-z', commit], root));
}

/** The files of the working tree: tracked ones still there, and untracked ones git does not ignore. */
export async function workingTreeFiles(root: string): Promise<string[]> {
  const listed = nulSeparated(await gitText(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root));
  const unique = [...new Set(listed)];
  const present = await Promise.all(
    unique.map((file) =>
      fs.stat(path.join(root, file)).then(
        (stat) => stat.isFile(),
        (error: unknown) => {
          // Tracked but deleted from the working tree: not one of its files.
          if (isMissing(error)) return false;
          throw new FileProblem(path.join(root, file), describeIoError(error));
        },
      ),
    ),
  );
  return unique.filter((_, index) => present[index]);
}

export interface Change {
  /** `A`dded, `M`odified, `D`eleted, `R`enamed, `C`opied, `T`ype changed… */
  readonly status: string;
  readonly path: string;
  /** Renamed or copied: the path in the base. */
  readonly oldPath?: string;
}

/**
 * What changed from `base` to `head` (a commit, or undefined: the working tree, untracked files
 * included), renames detected as `git diff -M` detects them.
 */
export async function changesBetween(root: string, base: string, head: string | undefined): Promise<Change[]> {
  const args = ['diff', '--name-status', '-M', '-z', '--no-ext-diff', base, ...(head ? [head] : []), '--'];
  const fields = nulSeparated(await gitText(args, root));
  const changes: Change[] = [];
  for (let i = 0; i < fields.length; ) {
    const status = fields[i++];
    if (status.startsWith('R') || status.startsWith('C')) {
      changes.push({ status: status[0], oldPath: fields[i], path: fields[i + 1] });
      i += 2;
    } else {
      changes.push({ status: status[0], path: fields[i++] });
    }
  }
  if (!head) {
    const untracked = nulSeparated(await gitText(['ls-files', '-z', '--others', '--exclude-standard'], root));
    for (const file of untracked) changes.push({ status: 'A', path: file });
  }
  return changes;
}

/**
 * The contents of files at a commit, read through one `git cat-file --batch`: undefined for a
 * path the commit does not hold (or that is not a file).
 */
export async function readFilesAt(root: string, commit: string, files: readonly string[]): Promise<Map<string, Uint8Array | undefined>> {
  const found = new Map<string, Uint8Array | undefined>();
  const unique = [...new Set(files)].filter((file) => !file.includes('\n'));
  if (unique.length === 0) return found;
  const output = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new GitError('git is not installed (or not on the PATH)') : error));
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new GitError(`git cat-file failed: ${stderr.trim() || `exit status ${code}`}`))));
    // A git that ends before reading all its input (not in a repository, say) closes the pipe: the
    // write's EPIPE says nothing that its exit status and stderr, on 'close', do not say better.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(unique.map((file) => `${commit}:${file}\n`).join(''));
  });
  let at = 0;
  for (const file of unique) {
    const headerEnd = output.indexOf(0x0a, at);
    if (headerEnd < 0) throw new GitError('git cat-file gave less output than asked for');
    const header = output.subarray(at, headerEnd).toString('utf8');
    at = headerEnd + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) {
      found.set(file, undefined); // "<object> missing", or ambiguous
      continue;
    }
    const size = Number(match[2]);
    found.set(file, match[1] === 'blob' ? output.subarray(at, at + size) : undefined);
    at += size + 1;
  }
  return found;
}

/** A short form of a commit for people: its first 7 characters. */
export function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}

function nulSeparated(text: string): string[] {
  return text.split('\0').filter((field) => field !== '');
}
