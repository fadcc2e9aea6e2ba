import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GitError, gitText, repositoryRoot, runGit } from './git';
import { shellQuote } from './mergeDriverLauncher';
import { newlineOf } from '../core/text/textLines';

export const GIT_ATTRIBUTES = ['*.marginalia.yaml merge=marginalia', 'marginalia.yaml merge=marginalia'] as const;
export const DRIVER_NAME = 'Marginalia: merge annotations, notes and the cast by id';
const DRIVER_ARGUMENTS = 'merge-driver %O %A %B %P';

export interface GitIntegrationOptions {
  /** Any folder of the repository. */
  readonly cwd: string;
  /** The command running Marginalia's CLI (`marginalia`, `node '/path/to/dist/cli.js'`): the driver is it plus `merge-driver %O %A %B %P`. */
  readonly command?: string;
  /**
   * The editor's merge-driver launcher (see mergeDriverLauncher.ts), used when no `marginalia` is on
   * the PATH: a path that stays put when the extension is updated or moved.
   */
  readonly launcher?: string;
  /** The CLI's script, for the fallback `node '<cliPath>'` (the CLI's own). Default: this process's script. */
  readonly cliPath?: string;
}

export interface GitIntegrationStep {
  /** `.gitattributes`, `merge.marginalia.name`, `merge.marginalia.driver`. */
  readonly what: string;
  readonly result: 'added' | 'set' | 'unchanged';
  /** The line or value concerned. */
  readonly value: string;
}

export interface GitIntegration {
  readonly root: string;
  readonly steps: readonly GitIntegrationStep[];
}

/**
 * Writes the `.gitattributes` lines and the git config of the merge driver, where missing or
 * different; idempotent. Throws `GitError` outside a repository. The editor's "Marginalia: Set Up
 * Git Integration" calls this with its `launcher`, then shows
 * `describeGitIntegration`.
 */
export async function setUpGitIntegration(options: GitIntegrationOptions): Promise<GitIntegration> {
  const root = await repositoryRoot(options.cwd);
  if (!root) throw new GitError(`${options.cwd} is not in a git repository: run git init first`);
  const steps: GitIntegrationStep[] = [];

  const attributesFile = path.join(root, '.gitattributes');
  const existing = await fs.readFile(attributesFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw new GitError(`cannot read ${attributesFile}: ${error.message}`);
  });
  const present = new Set(existing.split(/\r?\n/).map((line) => line.trim().split(/\s+/).join(' ')));
  const missing = GIT_ATTRIBUTES.filter((line) => !present.has(line));
  for (const line of GIT_ATTRIBUTES) steps.push({ what: '.gitattributes', result: missing.includes(line) ? 'added' : 'unchanged', value: line });
  if (missing.length > 0) {
    const newline = newlineOf(existing);
    const separator = existing === '' ? '' : existing.endsWith('\n') ? newline : newline + newline;
    const block = ['# Marginalia: merge sidecars and the book file by id (marginalia init)', ...missing].join(newline) + newline;
    await fs.writeFile(attributesFile, existing + separator + block, 'utf8');
  }

  const command = options.command ?? (await defaultCommand(root, options.launcher, options.cliPath ?? process.argv[1]));
  const settings: [string, string][] = [
    ['merge.marginalia.name', DRIVER_NAME],
    ['merge.marginalia.driver', `${command} ${DRIVER_ARGUMENTS}`],
  ];
  for (const [key, value] of settings) {
    const current = await runGit(['config', '--local', '--get', key], root);
    if (current.code === 0 && current.stdout.toString('utf8').replace(/\r?\n$/, '') === value) {
      steps.push({ what: key, result: 'unchanged', value });
      continue;
    }
    await gitText(['config', '--local', key, value], root);
    steps.push({ what: key, result: 'set', value });
  }
  return { root, steps };
}

/** What `setUpGitIntegration` did, a line a step, for people. */
export function describeGitIntegration(integration: GitIntegration): string[] {
  const lines = integration.steps.map((step) => {
    if (step.what === '.gitattributes') {
      return step.result === 'added' ? `.gitattributes: added “${step.value}”` : `.gitattributes: already has “${step.value}”`;
    }
    return step.result === 'set' ? `git config ${step.what}: set to “${step.value}”` : `git config ${step.what}: already “${step.value}”`;
  });
  if (integration.steps.some((step) => step.what === '.gitattributes' && step.result === 'added')) {
    lines.push('Commit .gitattributes, so that every clone merges by id; each clone runs marginalia init once (git config is not shared).');
  }
  if (integration.steps.every((step) => step.result === 'unchanged')) lines.push('Nothing to do: git already merges Marginalia files by id here.');
  return lines;
}

/**
 * `marginalia` when the PATH has it; else `npx --no marginalia` when the repository has it in
 * node_modules; else the editor's launcher when it gives one; else this CLI by its absolute path
 * (`node '/…/dist/cli.js'`).
 */
async function defaultCommand(root: string, launcher: string | undefined, cliPath: string | undefined): Promise<string> {
  if (await onPath('marginalia')) return 'marginalia';
  const local = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'marginalia.cmd' : 'marginalia');
  if (await isFile(local)) return 'npx --no marginalia';
  if (launcher) return shellQuote(launcher);
  if (!cliPath) throw new GitError('cannot tell how to run marginalia: pass --driver COMMAND');
  const node = (await onPath('node')) ? 'node' : shellQuote(process.execPath);
  return `${node} ${shellQuote(path.resolve(cliPath))}`;
}

async function onPath(name: string): Promise<boolean> {
  const extensions = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const folder of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const extension of extensions) if (await isFile(path.join(folder, name + extension))) return true;
  }
  return false;
}

async function isFile(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (stat) => stat.isFile(),
    () => false,
  );
}
