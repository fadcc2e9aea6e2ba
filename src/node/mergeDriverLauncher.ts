import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeAtomically } from './files';

/** The launcher's file name, in the folder the editor gives it (its global storage's `bin/`). */
export const LAUNCHER_NAME = 'marginalia-merge-driver';

export interface LauncherTarget {
  /** The installed extension's `dist/cli.js`: it changes with every version of the extension. */
  readonly cliPath: string;
  /**
   * The editor's own JavaScript runtime (the extension host's `process.execPath`): Electron in
   * desktop VS Code, run as node with `ELECTRON_RUN_AS_NODE=1`; node itself in code-server.
   */
  readonly runtime: string;
  /** The extension's version, named in the launcher's header. */
  readonly version: string;
}

export interface WrittenLauncher {
  /** The launcher git runs: a `sh` script (git runs drivers with sh, also on Windows). */
  readonly path: string;
  /** False when the file already had this content (the usual case: nothing is written). */
  readonly written: boolean;
}

/**
 * Writes the merge-driver launcher into `folder` (created if need be) unless it already holds this
 * content; on Windows a `.cmd` twin too, for cmd and PowerShell. The path stays the same across
 * updates of the extension, so git's `merge.marginalia.driver` can point at it; the editor calls
 * this on every activation, so the launcher always runs the extension that is installed now.
 */
export async function writeMergeDriverLauncher(folder: string, target: LauncherTarget): Promise<WrittenLauncher> {
  await fs.mkdir(folder, { recursive: true });
  const launcher = path.join(folder, LAUNCHER_NAME);
  const written = await writeIfDifferent(launcher, launcherScript(target), 0o755);
  const cmdWritten = process.platform === 'win32' && (await writeIfDifferent(`${launcher}.cmd`, launcherCmd(target), 0o644));
  return { path: launcher, written: written || cmdWritten };
}

async function writeIfDifferent(file: string, text: string, mode: number): Promise<boolean> {
  const current = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (current === text) return false;
  await writeAtomically(file, text);
  await fs.chmod(file, mode);
  return true;
}

/**
 * The `sh` launcher: runs the extension's CLI with `node` from the PATH, else with the editor's
 * runtime; when the CLI or every runtime is gone, says so and what to do, and exits 2 (git then
 * leaves the file conflicted, nothing merged and nothing lost).
 */
export function launcherScript({ cliPath, runtime, version }: LauncherTarget): string {
  const reopen = 'open VS Code with the Marginalia extension once (it rewrites this launcher), or install the marginalia CLI and run marginalia init';
  return [
    '#!/bin/sh',
    `# Marginalia's merge driver for git (merge.marginalia.driver), written by the Marginalia extension ${version}`,
    '# each time it starts. It runs the extension\'s own CLI with node from the PATH, else with the',
    "# editor's own runtime, so that git merges by id from a terminal, a git GUI or CI alike.",
    `cli=${shellQuote(cliPath)}`,
    `editor_runtime=${shellQuote(runtime)}`,
    'if [ ! -f "$cli" ]; then',
    `  echo "marginalia merge driver: the Marginalia extension's CLI is not at $cli (the extension was updated, moved or uninstalled): ${reopen}." >&2`,
    '  exit 2',
    'fi',
    'if command -v node >/dev/null 2>&1; then',
    '  exec node "$cli" "$@"',
    'fi',
    'if [ -x "$editor_runtime" ]; then',
    '  ELECTRON_RUN_AS_NODE=1 exec "$editor_runtime" "$cli" "$@"',
    'fi',
    `echo "marginalia merge driver: nothing can run $cli: node is not on the PATH and the editor's runtime $editor_runtime is gone: install Node.js, or ${reopen}." >&2`,
    'exit 2',
    '',
  ].join('\n');
}

/** The same launcher for cmd.exe and PowerShell (Windows). */
export function launcherCmd({ cliPath, runtime, version }: LauncherTarget): string {
  return [
    '@echo off',
    `rem Marginalia's merge driver, written by the Marginalia extension ${version} each time it starts.`,
    'setlocal',
    `set "cli=${cliPath}"`,
    `set "editor_runtime=${runtime}"`,
    'if not exist "%cli%" (',
    "  echo marginalia merge driver: the Marginalia extension's CLI is not at %cli%: open VS Code with the extension once, or install the marginalia CLI and run marginalia init. 1>&2",
    '  exit /b 2',
    ')',
    'where node >nul 2>nul && (',
    '  node "%cli%" %*',
    '  exit /b',
    ')',
    'if not exist "%editor_runtime%" (',
    "  echo marginalia merge driver: node is not on the PATH and the editor's runtime %editor_runtime% is gone: install Node.js, or open VS Code with the extension once. 1>&2",
    '  exit /b 2',
    ')',
    'set ELECTRON_RUN_AS_NODE=1',
    '"%editor_runtime%" "%cli%" %*',
    '',
  ].join('\r\n');
}

/** Quoted for the shell git runs drivers with (sh, also on Windows). */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
