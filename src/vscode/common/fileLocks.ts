import type * as vscode from 'vscode';

/**
 * Keeps writers of one file from interleaving their read–edit–write: the desktop extension passes
 * one backed by `<file>.lock` files (`src/node/lock.ts`, shared with the CLI), a browser one that
 * only orders this window's own writes (`InProcessLocks`). Waiting is asynchronous: the editor
 * never blocks on a lock.
 */
export interface FileLocks {
  /**
   * Runs `work` (re-read, edit, write) holding the lock of `uri`'s file. Rejects with
   * `FileLockError`, without running `work`, when the lock cannot be had in a bounded time.
   */
  withLock<T>(uri: vscode.Uri, work: () => Promise<T>): Promise<T>;
}

/** A file's lock could not be had (another writer holds it, or it cannot be created): nothing was written. */
export class FileLockError extends Error {}

/** Locks within this extension host: edits of one file run one after another. */
export class InProcessLocks implements FileLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  withLock<T>(uri: vscode.Uri, work: () => Promise<T>): Promise<T> {
    const key = uri.toString();
    const previous = this.tails.get(key) ?? Promise.resolve();
    // The next writer waits for this one to finish; whether it failed is for its own caller to hear.
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
