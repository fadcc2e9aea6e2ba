import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Joins lines with `\n`: keeps inline manuscript fixtures readable, one paragraph a line. */
export function joinLines(...lines: string[]): string {
  return lines.join('\n');
}

export const repoRoot = path.resolve(__dirname, '../../..');
/** The real manuscript beside the repo: test data we read, never copy. */
export const realManuscriptPath = path.resolve(repoRoot, '../shared/manuscripts/part-five.txt');

/** Set to 1 where `../shared` is not checked out beside the repo: the tests on the real manuscript are skipped, said so. */
export const NO_SHARED = 'MARGINALIA_NO_SHARED';

/**
 * The real manuscript's text, for a test on it. Missing, it fails the test, naming the file (CI
 * always has `../shared`): skipped only where the environment says there is none (`MARGINALIA_NO_SHARED=1`).
 */
export function readRealManuscript(test: Mocha.Context): string {
  if (!existsSync(realManuscriptPath)) {
    if (process.env[NO_SHARED] === '1') test.skip();
    throw new Error(`${realManuscriptPath} is missing: check out ../shared beside the repo, or set ${NO_SHARED}=1 to skip the tests on it`);
  }
  return readFileSync(realManuscriptPath, 'utf8');
}

/** Where two texts first differ: the index of the first line that is not the same in both. */
export function firstChangedLine(before: string, after: string): number {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  return head;
}

/** The lines an edit removed and added, as a diff would show them in one hunk: between the texts' common head and tail. */
export function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  const head = firstChangedLine(before, after);
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { removed: a.slice(head, a.length - tail), added: b.slice(head, b.length - tail) };
}
