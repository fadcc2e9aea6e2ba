import { randomBytes } from 'node:crypto';
import { promises as fs, type Stats } from 'node:fs';
import { hostname } from 'node:os';
import { errorMessage } from '../core/text/errorMessage';

/**
 * A lock around read–edit–write of one file, as git's `index.lock`: `<file>.lock`, created
 * exclusively, holding who took it (process, host, token), removed when the write is done. A
 * writer holds it for milliseconds; one that finds it taken waits (asynchronously) and tries again.
 *
 * A lock whose process is gone (same host), or older than `STALE_AFTER_MS` whoever holds it, is
 * stale: it is taken over and reported. Removing a lock goes through a claim, a hard link named
 * after the lock's token (`<file>.lock.<token>.retiring`): creating a link is atomic and fails
 * when the name exists, so of two writers that find the same stale lock only one removes it — the
 * other retries and finds the first one's new lock. The owner releases its own lock the same way,
 * so a lock taken over from a hung owner is never removed twice.
 */

export const LOCK_SUFFIX = '.lock';
/**
 * A lock this old is stale even when its process seems alive (hung, or a reused pid; on another
 * host, age is all there is to go by). Writes take milliseconds; the margin is for a machine so
 * loaded that a writer waits seconds for the processor while it holds the lock.
 */
export const STALE_AFTER_MS = 30_000;
/** How long a writer waits by default for another's lock before giving up: past the stale bound, so a hung writer's lock is taken over first. */
export const WAIT_MS = 40_000;

/** Who holds a lock: what the lock file says. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** Milliseconds since the epoch. */
  readonly created: number;
  /** Tells this lock from any other, whatever reuses its inode or pid. */
  readonly token: string;
}

export interface LockOptions {
  /** How long to wait for another writer's lock before failing with `LockError`; default `WAIT_MS`. */
  readonly waitMs?: number;
  /** Default `STALE_AFTER_MS`. */
  readonly staleAfterMs?: number;
  /** Told, in a sentence naming the lock file, when a stale lock was taken over or ours was. */
  readonly report?: (message: string) => void;
}

/**
 * The lock could not be had: held too long by another writer, or it cannot be created. Nothing was
 * written. The message says why and what to do; it does not repeat `lockFile`.
 */
export class LockError extends Error {
  constructor(
    readonly lockFile: string,
    message: string,
  ) {
    super(message);
  }
}

/** Runs `work` (a re-read, an edit and a write of `file`) holding `<file>.lock`, then releases it. */
export async function withFileLock<T>(file: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const held = await acquire(file + LOCK_SUFFIX, options);
  try {
    return await work();
  } finally {
    await release(held, options);
  }
}

/** The lock file's text for an owner. */
export function formatLockOwner(owner: LockOwner): string {
  return `${JSON.stringify(owner)}\n`;
}

/** The owner a lock file names; undefined when its text is not a lock's (being written, or damaged). */
export function parseLockOwner(text: string): LockOwner | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { pid, host, created, token } = value as Record<string, unknown>;
  const valid =
    Number.isSafeInteger(pid) && (pid as number) > 0 &&
    typeof host === 'string' &&
    typeof created === 'number' && Number.isFinite(created) &&
    typeof token === 'string' && /^[0-9a-f]{8,64}$/.test(token);
  return valid ? { pid: pid as number, host: host as string, created: created as number, token: token as string } : undefined;
}

/** What a writer can tell about the machine it runs on, for judging a lock. */
export interface Here {
  readonly host: string;
  readonly isAlive: (pid: number) => boolean;
}

/** Whether a lock is stale, and why (a phrase: "process 12 on host h is gone"). */
export type Judgement = { readonly stale: false } | { readonly stale: true; readonly reason: string };

/**
 * A lock is stale when its process is gone (known only on its own host), or when it is older than
 * `staleAfterMs` — a hung writer, a reused pid, another machine, or a lock whose text was never
 * written because its writer died between creating and filling it.
 */
export function judgeLock(owner: LockOwner | undefined, ageMs: number, here: Here, staleAfterMs: number): Judgement {
  if (owner && owner.host === here.host && !here.isAlive(owner.pid)) {
    return { stale: true, reason: `its process ${owner.pid} is gone` };
  }
  if (ageMs > staleAfterMs) {
    const held = owner ? `held by process ${owner.pid} on ${owner.host}` : 'unreadable';
    return { stale: true, reason: `it is ${held} for ${seconds(ageMs)}, longer than the ${seconds(staleAfterMs)} a write may take` };
  }
  return { stale: false };
}

/** Milliseconds to wait before the attempt after `attempt` (0-based): 2 ms doubling to 64 ms, jittered so waiters spread out. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = 2 * 2 ** Math.min(attempt, 5);
  return ceiling / 2 + random() * (ceiling / 2);
}

interface HeldLock {
  readonly lockFile: string;
  readonly owner: LockOwner;
}

/** A lock file as found: its owner (undefined when unreadable), age and identity. */
interface FoundLock {
  readonly owner: LockOwner | undefined;
  readonly ageMs: number;
  /** The same for all writers looking at this very lock file, different for any other. */
  readonly identity: string;
}

const here: Here = { host: hostname(), isAlive: processIsAlive };

async function acquire(lockFile: string, options: LockOptions): Promise<HeldLock> {
  const waitMs = options.waitMs ?? WAIT_MS;
  const staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
  const owner: LockOwner = { pid: process.pid, host: here.host, created: Date.now(), token: randomBytes(8).toString('hex') };
  const deadline = Date.now() + waitMs;
  let lastSeen: FoundLock | undefined;
  for (let attempt = 0; ; attempt++) {
    if (await tryCreate(lockFile, owner)) return { lockFile, owner };
    const found = await inspect(lockFile);
    if (found === undefined) continue; // released between our two looks: try again at once
    lastSeen = found;
    const judgement = judgeLock(found.owner, found.ageMs, here, staleAfterMs);
    if (judgement.stale) {
      const outcome = await retire(lockFile, found, staleAfterMs);
      if (outcome === 'retired') options.report?.(`${lockFile}: took over a stale lock: ${judgement.reason}`);
      if (outcome !== 'busy') continue;
    }
    if (Date.now() >= deadline) {
      const holder = lastSeen.owner ? `process ${lastSeen.owner.pid} on ${lastSeen.owner.host}` : 'another writer';
      throw new LockError(
        lockFile,
        `${holder} has held the lock for ${seconds(lastSeen.ageMs)}; waited ${seconds(waitMs)}: nothing was written. ` +
          `Try again; if no Marginalia writer is running, delete the lock file.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, retryDelay(attempt)));
  }
}

/** Creates the lock file, filled in, if there is none; false when another writer has it. */
async function tryCreate(lockFile: string, owner: LockOwner): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(lockFile, 'wx', 0o644);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw cannotCreate(lockFile, error);
  }
  const failed = await handle.writeFile(formatLockOwner(owner), 'utf8').then(
    () => undefined,
    (error: unknown) => error,
  );
  await handle.close();
  if (failed !== undefined) {
    // A disk full, say: leave no empty lock behind for others to wait on.
    await fs.rm(lockFile, { force: true });
    throw cannotCreate(lockFile, failed);
  }
  return true;
}

async function inspect(lockFile: string): Promise<FoundLock | undefined> {
  let text: string;
  let stat: Stats;
  try {
    stat = await fs.lstat(lockFile);
    if (stat.isDirectory()) {
      throw new LockError(lockFile, `is a folder, not a lock file: Marginalia's lock is a file. Remove the folder, then try again; nothing was written.`);
    }
    text = await fs.readFile(lockFile, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    if (error instanceof LockError) throw error;
    throw new LockError(lockFile, `cannot read the lock (${errorMessage(error)}); nothing was written.`);
  }
  const owner = parseLockOwner(text);
  return {
    owner,
    ageMs: Math.max(0, Date.now() - stat.mtimeMs),
    identity: owner ? owner.token : `i${stat.ino}m${Math.round(stat.mtimeMs)}s${stat.size}`,
  };
}

/**
 * Removes the lock file if it is still the one `expected` describes, claiming it first (see the
 * module's comment): 'retired' when this call removed it, 'gone' when it was already removed or
 * replaced, 'busy' when another writer holds the claim at this moment.
 */
async function retire(lockFile: string, expected: Pick<FoundLock, 'identity'>, staleAfterMs: number): Promise<'retired' | 'gone' | 'busy'> {
  const claim = `${lockFile}.${expected.identity}.retiring`;
  try {
    await fs.link(lockFile, claim);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return 'gone';
    if (code === 'EEXIST') {
      // A claim lives for microseconds; one older than the bound was left by a writer that died claiming.
      const claimAge = await fs.lstat(claim).then(
        (stat) => Date.now() - stat.ctimeMs,
        (lstatError: unknown) => {
          // The claim went just now: its writer is done with it.
          if (errorCode(lstatError) === 'ENOENT') return 0;
          throw new LockError(lockFile, `cannot read the claim ${claim} (${errorMessage(lstatError)}); nothing was written.`);
        },
      );
      if (claimAge > staleAfterMs) await fs.rm(claim, { force: true });
      return 'busy';
    }
    throw new LockError(
      lockFile,
      `cannot take the lock over on this file system (${errorMessage(error)}). If no Marginalia writer is running, delete the lock file; nothing was written.`,
    );
  }
  try {
    const claimed = await inspect(claim);
    if (claimed?.identity !== expected.identity) return 'gone';
    // Nobody else can hold this claim, so the lock file is still the one claimed: remove it.
    await fs.rm(lockFile);
    return 'retired';
  } finally {
    await fs.rm(claim, { force: true });
  }
}

async function release(held: HeldLock, options: LockOptions): Promise<void> {
  const outcome = await retire(held.lockFile, { identity: held.owner.token }, options.staleAfterMs ?? STALE_AFTER_MS);
  if (outcome !== 'retired') {
    options.report?.(`${held.lockFile}: another writer took this lock over while it was held (it was held longer than a write should take)`);
  }
}

function cannotCreate(lockFile: string, error: unknown): LockError {
  const code = errorCode(error);
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied: the folder is not writable. Make it writable (or work on a copy you can write)'
      : code === 'EROFS'
        ? 'the file system is read-only. Work on a copy you can write'
        : code === 'ENOENT' || code === 'ENOTDIR'
          ? 'its folder does not exist'
          : errorMessage(error);
  return new LockError(lockFile, `cannot create the lock: ${why}; nothing was written.`);
}

/** Whether a process of this machine is running: `kill(pid, 0)` fails with ESRCH when it is not. */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user. Anything else: assume it runs; the age bound still applies.
    return errorCode(error) !== 'ESRCH';
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
