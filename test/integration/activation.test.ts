import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { reportLine, waitFor } from './util';

const EXTENSION_ID = 'marginalia.marginalia';

function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run in a workspace: a temp copy of sample/');
  return folder.uri;
}

async function waitForLanguage(document: vscode.TextDocument, languageId: string): Promise<void> {
  // Read the document afresh each time: a language change gives a new TextDocument object.
  await waitFor(
    () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === document.uri.toString())?.languageId === languageId,
    {
      timeout: 10_000,
      message: `${vscode.workspace.asRelativePath(document.uri)} should get the language "${languageId}"`,
    },
  ).catch((error: Error) => {
    const now = vscode.workspace.textDocuments.find((d) => d.uri.toString() === document.uri.toString())?.languageId;
    throw new Error(`${error.message}; its language is "${now}"`);
  });
}

describe('activation', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the extension is installed and activates in the sample book', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded (is engines.vscode older than this VS Code?)`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('prints how long activation took on the sample book, for the budget (not asserted)', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    // The extension and the tests share the host, so its performance timeline: the measures of
    // src/vscode/common/activationTiming.ts (not imported here: its mark would be set again).
    const [loading, activating] = ['marginalia/loadCode', 'marginalia/activate'].map((name) => {
      const [entry] = performance.getEntriesByName(name, 'measure');
      assert.ok(entry, `the extension measured ${name}`);
      return entry.duration;
    });
    const host = typeof (globalThis as { process?: unknown }).process === 'undefined' ? 'web worker' : 'Node extension host';
    reportLine(
      `budget: ${host}: activation on the sample book: ${(loading + activating).toFixed(0)} ms ` +
        `(loading the code ${loading.toFixed(0)} ms + activate() ${activating.toFixed(0)} ms; budget in the web worker 150 ms)`,
    );
  });

  it('part-one.txt, a manuscript listed by marginalia.yaml, opens as manuscript', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder(), 'part-one.txt'));
    await vscode.window.showTextDocument(document);
    await waitForLanguage(document, 'manuscript');
  });

  it('a new .manuscript file opens as manuscript', async () => {
    const uri = vscode.Uri.joinPath(workspaceFolder(), 'scratch.manuscript');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('PART ONE\n\n1. A chapter\n\nA paragraph.\n'));
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      await waitForLanguage(document, 'manuscript');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(uri);
    }
  });
});
