import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseAnnotations } from '../../src/core/annotations/annotationYaml';
import { waitFor } from './util';

const decoder = new TextDecoder();
const CLI_WRITERS = 8;
const EDITOR_WRITES = 8;

/**
 * The editor and `marginalia annotate` processes writing one sidecar at once: the extension host is
 * Node in code-server, so the CLI runs beside it, as it would from the user's terminal.
 */
describe('concurrent writers: the editor and the CLI on one sidecar', function () {
  this.timeout(120_000);
  const folder = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'concurrency');
  const manuscript = () => vscode.Uri.joinPath(folder(), 'draft.txt');
  const sidecar = () => vscode.Uri.joinPath(folder(), 'draft.marginalia.yaml');
  const passage = 'the port of Vennholm smelled of tar';

  before(async () => {
    const sample = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'part-one.txt');
    await vscode.workspace.fs.writeFile(manuscript(), await vscode.workspace.fs.readFile(sample));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.fs.delete(folder(), { recursive: true });
  });

  it(`the editor annotating while ${CLI_WRITERS} CLI processes annotate: every annotation of both in the file`, async () => {
    const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(manuscript()), 'manuscript');
    const editor = await vscode.window.showTextDocument(document);
    await waitFor(() => vscode.window.activeTextEditor?.document.languageId === 'manuscript', { message: 'the draft opens as a manuscript' });
    const start = document.getText().indexOf(passage);
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(start + passage.length));

    const cli = path.join(vscode.extensions.getExtension('marginalia.marginalia')!.extensionPath, 'dist', 'cli.js');
    const printed = Array.from({ length: CLI_WRITERS }, (_, index) =>
      new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [cli, 'annotate', manuscript().fsPath, '--quote', 'Vennholm', '--body', `from the terminal ${index}`, '--author', 'cli'], (error, stdout, stderr) =>
          error ? reject(new Error(`marginalia annotate failed (the extension host is process ${process.pid}): ${stderr}`)) : resolve(stdout.trim()),
        ),
      ),
    );
    // The processes start (node takes a while), and the editor writes meanwhile, one annotation after another.
    for (let index = 0; index < EDITOR_WRITES; index++) {
      await vscode.commands.executeCommand('marginalia.annotateSelection', { body: `from the editor ${index}` });
    }
    const cliIds = await Promise.all(printed);

    const parsed = parseAnnotations(decoder.decode(await vscode.workspace.fs.readFile(sidecar())));
    assert.deepEqual(parsed.problems, []);
    const annotations = parsed.annotations.map((entry) => entry.annotation);
    const ids = annotations.map((annotation) => annotation.id);
    for (const id of cliIds) assert.ok(ids.includes(id), `the CLI's ${id} is in the file`);
    const bodies = annotations.map((annotation) => annotation.body).sort();
    const expected = [
      ...Array.from({ length: EDITOR_WRITES }, (_, index) => `from the editor ${index}`),
      ...Array.from({ length: CLI_WRITERS }, (_, index) => `from the terminal ${index}`),
    ].sort();
    assert.deepEqual(bodies, expected);
    const left = (await vscode.workspace.fs.readDirectory(folder())).map(([name]) => name).filter((name) => /\.(lock|tmp)$/.test(name));
    assert.deepEqual(left, [], 'no lock or temporary file left');
  });
});

