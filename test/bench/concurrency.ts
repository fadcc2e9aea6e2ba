/**
 * The benchmark of "Nothing lost under concurrent writers": `marginalia annotate` processes writing
 * one sidecar, eight at once against one alone; and, inside one process, what the lock adds to a
 * write.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseAnnotations } from '../../src/core/annotations/annotationYaml';
import { writeAtomically } from '../../src/node/files';
import { withFileLock } from '../../src/node/lock';
import { printTable, ratio } from './timing';

const WRITES = 100;
const WRITERS = 8;
const IN_PROCESS_WRITES = 200;

/** `npm run bench -- concurrency`. False when an annotation is missing: the figures would count lost work. */
export async function concurrencyBench(cli: string, sample: string): Promise<boolean> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'marginalia-bench-concurrency-'));
  try {
    const alone = await annotateMany(cli, sample, path.join(scratch, 'alone'), 1);
    const together = await annotateMany(cli, sample, path.join(scratch, 'together'), WRITERS);
    const ok = alone.missing === 0 && together.missing === 0;
    console.log(`${WRITES} annotations by 1 process at a time: ${WRITES - alone.missing} of ${WRITES} in the sidecar, each printed id found`);
    console.log(`${WRITES} annotations by ${WRITERS} processes at a time: ${WRITES - together.missing} of ${WRITES} in the sidecar, each printed id found`);
    if (!ok) console.log('LOST: some annotations whose id was printed are not in the sidecar');
    const perWrite = (ms: number) => ms / WRITES;
    console.log('');
    printTable([
      ['', 'total s', 'ms per write', 'vs one writer'],
      ['baseline: one writer alone (one process after another)', (alone.ms / 1000).toFixed(1), perWrite(alone.ms).toFixed(0), ''],
      [`${WRITERS} concurrent writers`, (together.ms / 1000).toFixed(1), perWrite(together.ms).toFixed(0), ratio(alone.ms, together.ms)],
    ]);

    const lockCost = await inProcessCost(path.join(scratch, 'together', 'part-one.marginalia.yaml'));
    console.log(`\ninside one process, ${IN_PROCESS_WRITES} writes of a sidecar of ${WRITES} annotations (each a process's share of the above):\n`);
    printTable([
      ['', 'ms per write'],
      ['baseline: writeAtomically alone', lockCost.unlocked.toFixed(2)],
      ['read + writeAtomically holding <file>.lock', lockCost.locked.toFixed(2)],
    ]);
    return ok;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `WRITES` annotations by `lanes` processes at a time (each lane one process after another); how long, and how many printed ids are missing from the file. */
async function annotateMany(cli: string, sample: string, book: string, lanes: number): Promise<{ ms: number; missing: number }> {
  cpSync(sample, book, { recursive: true });
  let next = 0;
  const ids: string[] = [];
  const lane = async () => {
    while (next < WRITES) {
      const index = next++;
      ids.push(await annotate(cli, book, `write ${index}`));
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: lanes }, lane));
  const ms = performance.now() - start;
  const written = new Set(parseAnnotations(readFileSync(path.join(book, 'part-one.marginalia.yaml'), 'utf8')).annotations.map((entry) => entry.annotation.id));
  return { ms, missing: ids.filter((id) => !written.has(id)).length + (WRITES - ids.length) };
}

function annotate(cli: string, book: string, body: string): Promise<string> {
  const args = [cli, 'annotate', 'part-one.txt', '--quote', 'Vennholm', '--body', body, '--author', 'bench'];
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { cwd: book }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim()))),
  );
}

/** Milliseconds per write, with and without the lock (and the re-read it guards), turn by turn. */
async function inProcessCost(file: string): Promise<{ unlocked: number; locked: number }> {
  const text = readFileSync(file, 'utf8');
  let unlocked = 0;
  let locked = 0;
  for (let run = 0; run < IN_PROCESS_WRITES; run++) {
    let start = performance.now();
    await writeAtomically(file, text);
    unlocked += performance.now() - start;
    start = performance.now();
    await withFileLock(file, async () => writeAtomically(file, readFileSync(file, 'utf8')));
    locked += performance.now() - start;
  }
  return { unlocked: unlocked / IN_PROCESS_WRITES, locked: locked / IN_PROCESS_WRITES };
}
