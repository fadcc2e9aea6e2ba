/**
 * Real git repositories for the tests of the review and the merge driver, in plain Node, in the
 * extension host and beside the UI tests alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/** What a process printed, and how it ended. */
export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs git in `cwd`; throws with git's own message when it fails, unless `allowFailure`. */
export function git(cwd: string, args: readonly string[], allowFailure = false): Run {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (!allowFailure && result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${result.stderr}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Makes `folder` (created if need be) a new repository on `branch`, with a local identity and no signing. */
export function initRepository(folder: string, branch = 'main'): string {
  mkdirSync(folder, { recursive: true });
  git(folder, ['init', '-q', '-b', branch]);
  git(folder, ['config', 'user.name', 'Ada Byron']);
  git(folder, ['config', 'user.email', 'ada@example.org']);
  git(folder, ['config', 'commit.gpgsign', 'false']);
  return folder;
}

/** Commits everything in the work tree; returns the new commit. */
export function commitAll(folder: string, message: string): string {
  git(folder, ['add', '-A']);
  git(folder, ['commit', '-q', '-m', message]);
  return git(folder, ['rev-parse', 'HEAD']).stdout.trim();
}
