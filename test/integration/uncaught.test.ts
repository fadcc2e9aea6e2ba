import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { foreignThrower } from './uncaught';

/** An error whose stack has frames in these files, as Node writes them. */
function thrownIn(...files: string[]): Error {
  const error = new Error('write EPIPE');
  error.stack = ['Error: write EPIPE', '    at afterWriteDispatched (node:internal/stream_base_commons:161:15)', ...files.map((file, i) => `    at frame${i} (${file}:1:${i + 1})`)].join('\n');
  return error;
}

describe('uncaught errors during the tests (test/integration/uncaught.ts)', () => {
  const git = () => {
    const extension = vscode.extensions.getExtension('vscode.git');
    assert.ok(extension, 'the built-in git extension is there');
    return path.join(extension.extensionPath, 'dist', 'main.js');
  };
  const ours = () => vscode.extensions.getExtension('marginalia.marginalia')!.extensionPath;

  it('are charged to the test unless their stack shows another extension and none of ours', () => {
    assert.equal(foreignThrower(thrownIn(git()), ours()), 'vscode.git');
    assert.equal(foreignThrower(thrownIn(git(), path.join(ours(), 'dist', 'extension.js')), ours()), undefined, 'ours in the stack: ours');
    assert.equal(foreignThrower(thrownIn(path.join(ours(), 'out', 'test', 'integration', 'x.test.js')), ours()), undefined);
    assert.equal(foreignThrower(thrownIn(), ours()), undefined, 'no frame saying whose: charged');
    assert.equal(foreignThrower('a string thrown', ours()), undefined);
  });

  it('thrown by another extension while a test runs do not fail it', async () => {
    // As the extension host's process would emit it: the test fails here if mocha is told.
    process.emit('uncaughtException', thrownIn(git()));
    await new Promise((resolve) => setImmediate(resolve));
  });
});
