/** Only in the browser's web worker (webIndex.ts): that the extension really runs there, and what it does without Node. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openingLine, openingTimes } from '../bench/webOpen';
import { reportLine, waitFor } from './util';

const encoder = new TextEncoder();

describe('in the web worker', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri;

  it('runs in a web worker, not in Node', async () => {
    const scope = globalThis as Record<string, unknown>;
    assert.equal(typeof scope.process, 'undefined');
    assert.equal(typeof scope.importScripts, 'function');
    // The worker's module loader lends a `require` that knows only 'vscode'; Node's has a cache and resolve().
    assert.equal(typeof require === 'function' && 'cache' in require && typeof require.resolve === 'function', false);
    const extension = vscode.extensions.getExtension('marginalia.marginalia');
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
  });

  it('answers the git commands with where to find them, without an error', async () => {
    for (const command of ['marginalia.reviewChanges', 'marginalia.setUpGitIntegration']) {
      assert.equal(await vscode.commands.executeCommand(command), undefined);
    }
  });

  it('neither reads nor writes a sidecar over 10 MB, and the manuscript still works', async function () {
    // Writing 10 MB from the worker through the remote connection takes a while on a busy machine.
    this.timeout(90_000);
    const started = Date.now();
    const lap = (what: string) => console.log(`[marginalia-test] ${what} after ${Date.now() - started} ms`);
    const manuscript = vscode.Uri.joinPath(folder(), 'huge.manuscript');
    const sidecar = vscode.Uri.joinPath(folder(), 'huge.marginalia.yaml');
    const size = 10 * 1024 * 1024 + 4096;
    // Valid YAML: a comment line repeated, then an empty annotation list.
    const filler = `# ${'x'.repeat(1021)}\n`;
    const text = `${filler.repeat(Math.ceil(size / filler.length))}annotations: []\n`;
    await vscode.workspace.fs.writeFile(manuscript, encoder.encode('PART ONE\n\n1. Spring\n\nThe ice held until April.\n'));
    await vscode.workspace.fs.writeFile(sidecar, encoder.encode(text));
    lap('written');
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(manuscript));
      await waitFor(() => vscode.window.activeTextEditor?.document.languageId === 'manuscript', { message: 'the manuscript opens as one' });
      const symbols = await waitFor(
        async () => (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', manuscript))?.length,
        { message: 'the outline of the manuscript' },
      );
      assert.ok(symbols > 0);
      lap('outline');
      editor.selection = new vscode.Selection(4, 4, 4, 12);
      await vscode.commands.executeCommand('marginalia.annotateSelection', { body: 'Which ice?' });
      lap('annotate');
      assert.equal((await vscode.workspace.fs.stat(sidecar)).size, text.length);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(manuscript);
      await vscode.workspace.fs.delete(sidecar);
    }
  });

  it('prints the opening of the 5 MB book with 5,000 annotations, for the budget (not asserted)', function () {
    this.timeout(180_000);
    reportLine(`budget: ${openingLine('web worker', openingTimes())}`);
  });
});
