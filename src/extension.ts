/** The desktop entry (`main`): the extension with git, for VS Code and code-server's Node extension host. */
import * as vscode from 'vscode';
import { activateMarginalia } from './extensionShared';
import { LockError, withFileLock } from './node/lock';
import { authorName } from './vscode/common/author';
import { FileLockError, InProcessLocks, type FileLocks } from './vscode/common/fileLocks';
import { registerGitIntegration } from './vscode/review/gitIntegration';
import { registerReview } from './vscode/review/reviewCommands';
import { markCodeLoaded } from './vscode/common/activationTiming';

// Every module of the bundle has run (see activationTiming.ts).
markCodeLoaded();

export function activate(context: vscode.ExtensionContext): Promise<void> {
  return activateMarginalia(context, {
    registerGitFeatures: (extension) => {
      // The manifest shows the git commands only where this is set: never in the browser.
      void vscode.commands.executeCommand('setContext', 'marginalia.git', true);
      return vscode.Disposable.from(registerReview(), registerGitIntegration(extension));
    },
    authorName,
    locks: diskLocks(),
  });
}

export function deactivate(): void {}

/**
 * The files' locks: on disk, `<file>.lock` as the CLI takes them (so that the editor, other windows
 * and `marginalia` processes never lose each other's edits); elsewhere, this window's own order. An
 * edit waits for another writer's lock asynchronously, as long as the CLI does (longer than a hung
 * writer's lock takes to go stale), then tells the user; the annotation is kept in memory.
 */
function diskLocks(): FileLocks {
  const inProcess = new InProcessLocks();
  const report = (message: string) => void vscode.window.showWarningMessage(`Marginalia: ${message}.`);
  return {
    withLock: (uri, work) =>
      uri.scheme !== 'file'
        ? inProcess.withLock(uri, work)
        : withFileLock(uri.fsPath, work, { report }).catch((error: unknown) => {
            throw error instanceof LockError ? new FileLockError(`${error.lockFile}: ${error.message}`) : error;
          }),
  };
}
