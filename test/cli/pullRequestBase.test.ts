import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pullRequestBase } from '../../src/node/git';
import { commitAll, git, initRepository } from '../support/gitRepository';

describe('the branch a pull request would merge into (Review Changes Against Branch… proposes it first)', function () {
  this.timeout(30_000);
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'marginalia-pr-base-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('is the remote’s default branch, else the upstream of the current branch, else none', async () => {
    const origin = initRepository(path.join(scratch, 'origin'), 'trunk');
    writeFileSync(path.join(origin, 'book.txt'), 'PART ONE\n');
    commitAll(origin, 'A book');
    git(origin, ['branch', 'draft']);
    git(scratch, ['clone', '-q', `file://${origin}`, 'clone']);
    const clone = path.join(scratch, 'clone');
    git(clone, ['checkout', '-q', '-b', 'feature']);
    // A clone knows the remote's default branch (refs/remotes/origin/HEAD).
    assert.equal(await pullRequestBase(clone), 'origin/trunk');
    // Without it: the current branch's upstream.
    git(clone, ['remote', 'set-head', 'origin', '--delete']);
    assert.equal(await pullRequestBase(clone), undefined);
    git(clone, ['branch', '-q', '--set-upstream-to', 'origin/draft']);
    assert.equal(await pullRequestBase(clone), 'origin/draft');
    // A fork's parent, by convention the remote `upstream`, comes first.
    git(clone, ['remote', 'add', 'upstream', `file://${origin}`]);
    git(clone, ['fetch', '-q', 'upstream']);
    git(clone, ['remote', 'set-head', 'upstream', 'trunk']);
    assert.equal(await pullRequestBase(clone), 'upstream/trunk');
    // No remote, no upstream: nothing to propose.
    const alone = initRepository(path.join(scratch, 'alone'));
    assert.equal(await pullRequestBase(alone), undefined);
  });
});
