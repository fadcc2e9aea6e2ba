import * as path from 'node:path';

/** Joins lines with `\n`: keeps inline manuscript fixtures readable, one paragraph a line. */
export function joinLines(...lines: string[]): string {
  return lines.join('\n');
}

export const repoRoot = path.resolve(__dirname, '../../..');
/** The real manuscript beside the repo: test data we read, never copy. */
export const realManuscriptPath = path.resolve(repoRoot, '../shared/manuscripts/part-five.txt');
