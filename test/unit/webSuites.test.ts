import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/util';

describe('the web worker’s integration suites (test/integration/webIndex.ts)', () => {
  it('runs every suite of the extension host, but those it names as Node-only with a reason', () => {
    const folder = path.join(repoRoot, 'test/integration');
    const index = readFileSync(path.join(folder, 'webIndex.ts'), 'utf8');
    const required = new Set([...index.matchAll(/require\('\.\/([\w.]+)'\)/g)].map((m) => m[1]));
    const nodeOnly = new Map([...index.matchAll(/^\s+'([\w.]+\.test)': '(.+)',$/gm)].map((m) => [m[1], m[2]]));
    const suites = readdirSync(folder).filter((file) => file.endsWith('.test.ts')).map((file) => file.replace(/\.ts$/, ''));
    assert.ok(suites.length > 5, 'the suites are found');
    for (const suite of suites) {
      assert.ok(required.has(suite) !== nodeOnly.has(suite), `${suite}: either required by webIndex.ts or in NODE_ONLY, not both, not neither`);
    }
    for (const why of nodeOnly.values()) assert.ok(why.length > 20, 'each Node-only suite says why');
    assert.ok(required.has('webWorker.web'));
  });
});
