import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './util';

/** The built CLI: `npm run build` makes it. */
export const CLI = path.join(repoRoot, 'dist/cli.js');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI in `cwd` as a user would, with `env` (default: this process's). */
export function runCli(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
