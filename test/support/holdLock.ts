/**
 * `node out/test/support/holdLock.js <file>`: takes `<file>.lock` as every writer does, reads the
 * file, starts writing it the way `writeAtomically` does (half its new text into a temporary file
 * beside it), prints `holding`, and waits — to be killed with SIGKILL by a test, as a writer can be
 * at its worst moment.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { withFileLock } from '../../src/node/lock';

async function hold(file: string): Promise<void> {
  await withFileLock(file, async () => {
    const text = await fs.readFile(file, 'utf8');
    const next = `${text}  - id: half-written\n`.repeat(3);
    await fs.writeFile(path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.dead.tmp`), next.slice(0, next.length / 2));
    process.stdout.write('holding\n');
    await new Promise<never>(() => setInterval(() => undefined, 60_000));
  });
}

void hold(process.argv[2]);
