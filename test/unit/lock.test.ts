import * as assert from 'node:assert/strict';
import { formatLockOwner, judgeLock, parseLockOwner, retryDelay, type Here, type LockOwner } from '../../src/node/lock';

describe('file locks: what a lock file says, and when it is stale', () => {
  const owner: LockOwner = { pid: 4242, host: 'desk', created: 1_700_000_000_000, token: '0123456789abcdef' };
  const aliveHere = (...alive: number[]): Here => ({ host: 'desk', isAlive: (pid) => alive.includes(pid) });
  const BOUND = 10_000;

  it('reads back the owner it writes, and nothing from text that is not a whole lock', () => {
    assert.deepEqual(parseLockOwner(formatLockOwner(owner)), owner);
    for (const text of ['', '{"pid":42', 'null', '[]', '"lock"', JSON.stringify({ ...owner, pid: 0 }), JSON.stringify({ ...owner, pid: 1.5 }), JSON.stringify({ ...owner, host: 3 })]) {
      assert.equal(parseLockOwner(text), undefined, text);
    }
  });

  it('takes no token that could name another path (the claim file is named after it)', () => {
    for (const token of ['../../etc', 'ab/cd0123', 'ABCDEF0123', '0123']) {
      assert.equal(parseLockOwner(JSON.stringify({ ...owner, token })), undefined, token);
    }
  });

  it('a lock of this host whose process is gone is stale at once', () => {
    const judgement = judgeLock(owner, 5, aliveHere(), BOUND);
    assert.deepEqual(judgement, { stale: true, reason: 'its process 4242 is gone' });
  });

  it('a young lock whose process runs is not stale', () => {
    assert.deepEqual(judgeLock(owner, 9_999, aliveHere(4242), BOUND), { stale: false });
  });

  it("another host's young lock is not stale: its process cannot be looked for from here", () => {
    assert.deepEqual(judgeLock({ ...owner, host: 'laptop' }, 9_999, aliveHere(), BOUND), { stale: false });
  });

  it('any lock older than the bound is stale: a hung writer, a reused pid, another machine', () => {
    const judgement = judgeLock({ ...owner, host: 'laptop' }, 12_000, aliveHere(4242), BOUND);
    assert.equal(judgement.stale, true);
    assert.match(judgement.stale ? judgement.reason : '', /held by process 4242 on laptop for 12 s, longer than the 10 s a write may take/);
  });

  it('an unreadable lock (its writer died before filling it in, or is filling it now) is stale only after the bound', () => {
    assert.deepEqual(judgeLock(undefined, 50, aliveHere(), BOUND), { stale: false });
    const judgement = judgeLock(undefined, 10_001, aliveHere(), BOUND);
    assert.equal(judgement.stale, true);
    assert.match(judgement.stale ? judgement.reason : '', /unreadable/);
  });

  it('waits between attempts from 1–2 ms, doubling up to 32–64 ms', () => {
    assert.equal(retryDelay(0, () => 0), 1);
    assert.equal(retryDelay(0, () => 1), 2);
    assert.equal(retryDelay(3, () => 0.5), 12);
    assert.equal(retryDelay(5, () => 1), 64);
    assert.equal(retryDelay(40, () => 1), 64);
    assert.equal(retryDelay(40, () => 0), 32);
  });
});
