/**
 * The browser entry (`browser`): the extension in a web worker, as vscode.dev and github.dev run
 * it. Everything but git: no processes, no files but through `vscode.workspace.fs`.
 */
import type * as vscode from 'vscode';
import { activateMarginalia } from './extensionShared';
import { configuredAuthor } from './vscode/common/author';
import { InProcessLocks } from './vscode/common/fileLocks';
import { registerDesktopOnlyCommands } from './vscode/common/desktopOnly';

/**
 * Parsing a sidecar holds the worker (every extension of the browser tab shares it): up to 10 MB
 * (twice the 5,000 annotations of the benchmark book) that stays well under a second; a larger one
 * is left unread, with a warning, rather than stalling it.
 */
const LARGEST_SIDECAR = 10 * 1024 * 1024;

export function activate(context: vscode.ExtensionContext): Promise<void> {
  return activateMarginalia(context, {
    registerGitFeatures: registerDesktopOnlyCommands,
    authorName: configuredAuthor,
    // No lock files in a browser: this window's own writes, one after another.
    locks: new InProcessLocks(),
    largestSidecar: LARGEST_SIDECAR,
  });
}

export function deactivate(): void {}
