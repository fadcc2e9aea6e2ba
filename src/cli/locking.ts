import { formatDiagnostic } from '../node/files';
import { LockError, withFileLock } from '../node/lock';
import type { Output } from './output';

/**
 * Runs `work` (a read, an edit and a write of `file`) holding `<file>.lock`. A stale lock taken over
 * is reported on stderr; when the lock cannot be had, says why on stderr (`<file>.lock:1:1: error:
 * … [locked]`) and resolves to undefined, nothing having been written.
 */
export async function withLockOrSay<T>(file: string, output: Output, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await withFileLock(file, work, { report: (message) => output.err(`${message}\n`) });
  } catch (error) {
    if (!(error instanceof LockError)) throw error;
    output.err(`${formatDiagnostic({ file: error.lockFile, severity: 'error', code: 'locked', message: error.message, line: 0, character: 0 })}\n`);
    return undefined;
  }
}
