/**
 * The browser entry (`browser`): the extension in a web worker, as vscode.dev and github.dev run
 * it. Everything but git: no processes, no files but through `vscode.workspace.fs`.
 */
import type * as vscode from 'vscode';
import { activateMarginalia } from './extensionShared';
import { configuredAuthor } from './vscode/common/author';
import { InProcessLocks } from './vscode/common/fileLocks';
import { registerDesktopOnlyCommands } from './vscode/common/desktopOnly';
import { markCodeLoaded } from './vscode/common/activationTiming';

// Every module of the bundle has run (see activationTiming.ts).
markCodeLoaded();

/**
 * Parsing a sidecar holds the worker, which every extension of the browser tab shares, in
 * proportion to its size: the 5,000 annotations of the benchmark book make a sidecar of 3.6 MB,
 * which the worker opened with its book in 1.7 s on a busy machine (`run-integration.mjs --web`
 * prints the figure). 10 MB, nearly three times that, is the most read; a larger sidecar is left
 * unread, with a warning, rather than stalling the tab for longer.
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
