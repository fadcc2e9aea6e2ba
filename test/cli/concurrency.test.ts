import * as assert from 'node:assert/strict';
import { spawn, type SpawnOptions } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseAnnotations } from '../../src/core/annotations/annotationYaml';
import { repoRoot } from '../support/util';

/** As the CLI names it: run in the book's folder on part-one.txt. */
const SIDECAR = 'part-one.marginalia.yaml';

interface Run {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts a process and collects what it prints; `started` is the child, to signal it. */
function start(command: string, args: readonly string[], options: SpawnOptions): { child: ReturnType<typeof spawn>; done: Promise<Run> } {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}

describe('marginalia annotate: nothing lost under concurrent writers', function () {
  this.timeout(120_000);
  let scratch: string;
  let book: string;
  let environment: NodeJS.ProcessEnv;
  const sidecarFile = () => path.join(book, SIDECAR);
  const lockFile = () => `${sidecarFile()}.lock`;
  const ids = () => {
    const sidecar = parseAnnotations(readFileSync(sidecarFile(), 'utf8'));
    assert.deepEqual(sidecar.problems, [], 'the sidecar parses');
    return sidecar.annotations.map((entry) => entry.annotation.id);
  };

  function annotate(body: string, options: SpawnOptions = {}) {
    const args = [path.join(repoRoot, 'dist/cli.js'), 'annotate', 'part-one.txt', '--quote', 'Vennholm', '--body', body, '--author', 'ada'];
    return start(process.execPath, args, { cwd: book, env: environment, ...options });
  }

  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'marginalia-concurrency-'));
    chmodSync(scratch, 0o755);
    environment = { ...process.env, GIT_CONFIG_GLOBAL: path.join(scratch, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1', HOME: scratch };
    writeFileSync(path.join(scratch, 'gitconfig'), '');
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));
  beforeEach(function () {
    book = path.join(scratch, this.currentTest!.title.replace(/\W+/g, '-').slice(0, 60));
    cpSync(path.join(repoRoot, 'sample'), book, { recursive: true });
  });

  it('16 processes annotating one sidecar at once: 16 annotations, each printed id in the file', async () => {
    const runs = await Promise.all(Array.from({ length: 16 }, (_, index) => annotate(`note ${index}`).done));
    for (const run of runs) assert.equal(run.status, 0, run.stderr);
    const printed = runs.map((run) => run.stdout.trim());
    for (const id of printed) assert.match(id, /^a[a-z2-7]{12}$/);
    const written = ids();
    assert.equal(written.length, 16);
    assert.deepEqual([...written].sort(), [...printed].sort());
    assert.deepEqual(readdirSync(book).filter((name) => /\.(lock|tmp)$|retiring/.test(name)), [], 'no lock or temporary file left');
  });

  it('a writer killed holding the lock: the file is whole, and the next writer takes the lock over, says so, and writes', async () => {
    const first = annotate('before the crash');
    assert.equal((await first.done).status, 0);
    const before = readFileSync(sidecarFile(), 'utf8');

    const holder = start(process.execPath, [path.join(repoRoot, 'out/test/support/holdLock.js'), sidecarFile()], { cwd: book });
    await new Promise<void>((resolve, reject) => {
      holder.child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('holding') && resolve());
      void holder.done.then((run) => reject(new Error(`the holder stopped: ${run.stderr}`)));
    });
    assert.ok(existsSync(lockFile()), 'the lock is taken');
    holder.child.kill('SIGKILL');
    assert.equal((await holder.done).signal, 'SIGKILL');

    assert.equal(readFileSync(sidecarFile(), 'utf8'), before, 'the old text, whole');
    assert.ok(existsSync(lockFile()), 'the dead writer left its lock');
    const next = await annotate('after the crash').done;
    assert.equal(next.status, 0, next.stderr);
    assert.match(next.stderr, new RegExp(`^${escape(SIDECAR)}\\.lock: took over a stale lock: its process ${holder.child.pid} is gone\\n$`));
    assert.deepEqual(ids(), [(await first.done).stdout.trim(), next.stdout.trim()]);
    assert.equal(existsSync(lockFile()), false);
  });

  it('writers killed at any moment leave the sidecar whole, and the next ones write', async () => {
    const writers = Array.from({ length: 8 }, (_, index) => annotate(`killed maybe ${index}`));
    // Kill them as they come, some before, some while, some after they hold the lock.
    const killed = await Promise.all(
      writers.map(async (writer, index) => {
        if (index % 2 === 0) await new Promise((resolve) => writer.child.stdout!.once('data', resolve).once('end', resolve));
        writer.child.kill('SIGKILL');
        return writer.done;
      }),
    );
    const survivors = ids();
    for (const run of killed.filter((run) => run.stdout !== '')) assert.ok(survivors.includes(run.stdout.trim()), 'a printed id is in the file');
    const runs = await Promise.all([annotate('after 1').done, annotate('after 2').done]);
    for (const run of runs) assert.equal(run.status, 0, run.stderr);
    const now = ids();
    assert.deepEqual(now.slice(0, survivors.length), survivors, 'what was written stays');
    assert.deepEqual(now.slice(survivors.length).sort(), runs.map((run) => run.stdout.trim()).sort());
  });

  it('a lock another machine left long ago is taken over (by age), and said so', async () => {
    const owner = { pid: 999_999, host: 'elsewhere', created: 0, token: 'feedfacefeedface' };
    writeFileSync(lockFile(), JSON.stringify(owner));
    const old = new Date(Date.now() - 120_000);
    utimesSync(lockFile(), old, old);
    const run = await annotate('after the other machine').done;
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /part-one\.marginalia\.yaml\.lock: took over a stale lock: it is held by process 999999 on elsewhere for \d+ s, longer than the 30 s a write may take\n$/);
    assert.equal(ids().length, 1);
  });

  describe('bad input: a clear message naming the file and what to do, nothing written', () => {
    it('a .lock that is a folder', async () => {
      mkdirSync(lockFile());
      const run = await annotate('blocked').done;
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, new RegExp(`^${escape(SIDECAR)}\\.lock:1:1: error: is a folder, not a lock file: Marginalia's lock is a file\\. Remove the folder, then try again; nothing was written\\. \\[locked\\]\\n$`));
      assert.equal(existsSync(sidecarFile()), false);
      assert.ok(statSync(lockFile()).isDirectory(), 'the folder is left as it was');
    });

    it('a sidecar that is a folder', async () => {
      mkdirSync(sidecarFile());
      writeFileSync(path.join(sidecarFile(), 'keep.txt'), 'mine');
      const run = await annotate('blocked').done;
      assert.equal(run.status, 2);
      assert.match(run.stderr, new RegExp(`^${escape(SIDECAR)}:1:1: error: is a folder, not a sidecar: move the folder away \\(or rename it\\), then try again; nothing was written \\[unreadable\\]\\n$`));
      assert.deepEqual(readdirSync(sidecarFile()), ['keep.txt']);
      assert.deepEqual(readdirSync(book).filter((name) => /\.(lock|tmp)$/.test(name)), [], 'no lock or temporary file left');
    });

    it('a read-only folder', async () => {
      const before = readFileSync(path.join(book, 'part-one.txt'), 'utf8');
      chmodSync(book, 0o555);
      try {
        // Root writes anywhere: run the CLI as nobody, as a user without write access would.
        const asUser: SpawnOptions = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
        const run = await annotate('blocked', asUser).done;
        assert.equal(run.status, 2, run.stderr);
        assert.match(run.stderr, new RegExp(`^${escape(SIDECAR)}\\.lock:1:1: error: cannot create the lock: permission denied: the folder is not writable\\. Make it writable \\(or work on a copy you can write\\); nothing was written\\. \\[locked\\]\\n$`));
      } finally {
        chmodSync(book, 0o755);
      }
      assert.equal(existsSync(sidecarFile()), false);
      assert.equal(readFileSync(path.join(book, 'part-one.txt'), 'utf8'), before);
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
