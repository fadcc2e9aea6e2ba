import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ImportPlan } from '../../src/core/interchange/planImport';
import { waitFor } from './util';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Export Annotations… and Import Annotations… in the real editor, the files on disk checked. */
describe('annotation interchange', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const manuscript = () => vscode.Uri.joinPath(folder(), 'part-one.txt');
  const sidecar = () => vscode.Uri.joinPath(folder(), 'part-one.marginalia.yaml');
  const importFile = () => vscode.Uri.joinPath(folder(), 'hypothesis-export.json');
  const read = async (uri: vscode.Uri) => decoder.decode(await vscode.workspace.fs.readFile(uri));
  const removeAll = async () => {
    for (const uri of [sidecar(), importFile(), vscode.Uri.joinPath(folder(), 'out.jsonld'), vscode.Uri.joinPath(folder(), 'out.tei.xml')]) {
      await vscode.workspace.fs.delete(uri).then(undefined, (error: unknown) => {
        if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) throw error;
      });
    }
  };

  before(removeAll);
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAll();
  });

  it('imports a Hypothesis export into the sidecar, shows the annotation on its passage, and exports it as W3C and TEI', async () => {
    const document = await vscode.workspace.openTextDocument(manuscript());
    const editor = await vscode.window.showTextDocument(document);
    const text = document.getText();
    const exact = 'the slow silting of Saltgrund Harbour';
    const start = text.indexOf(exact);
    const hypothesis = {
      export_date: '2026-11-01T00:00:00Z',
      export_userid: 'acct:ada@hypothes.is',
      client_version: '1.1575.0',
      annotations: [
        { id: 'hA', user: 'acct:ada@hypothes.is', uri: 'https://example.org/p1', created: '2025-01-01T00:00:00Z', text: 'Harbour board minutes, 1850.', tags: ['source-check'], target: [{ source: 'https://example.org/p1', selector: [{ type: 'TextQuoteSelector', exact, prefix: text.slice(start - 32, start), suffix: text.slice(start + exact.length, start + exact.length + 32) }] }] },
        { id: 'hB', user: 'acct:bo@hypothes.is', uri: 'https://example.org/p1', text: 'Seconded.', references: ['hA'] },
        { id: 'hC', user: 'acct:bo@hypothes.is', uri: 'https://example.org/p1', text: 'Lost', target: [{ source: 'https://example.org/p1', selector: [{ type: 'TextQuoteSelector', exact: 'words this book never held in any chapter' }] }] },
      ],
    };
    await vscode.workspace.fs.writeFile(importFile(), encoder.encode(JSON.stringify(hypothesis)));
    const plan = await vscode.commands.executeCommand<ImportPlan>('marginalia.importAnnotations', manuscript(), importFile());
    assert.deepEqual(
      plan.items.map((item) => [item.item, item.outcome]),
      [
        ['hypothesis:hA', 'anchored'],
        ['hypothesis:hC', 'orphaned'],
      ],
    );
    const written = await read(sidecar());
    const [found] = plan.added.filter((annotation) => annotation.target.quote === exact);
    assert.match(written, new RegExp(`- id: ${found.id}`));
    assert.match(written, /Harbour board minutes, 1850\./);
    assert.match(written, /Seconded\./);
    assert.match(written, /words this book never held in any chapter/, 'the orphan is kept with its quote');

    const hover = await waitFor(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, editor.document.positionAt(start + 5));
      const shown = hovers.flatMap((h) => h.contents).map((content) => (typeof content === 'string' ? content : content.value)).join('\n');
      return shown.includes('Harbour board minutes') ? shown : undefined;
    }, { message: 'the imported annotation shows on its passage' });
    assert.match(hover, /Harbour board minutes/);

    const again = await vscode.commands.executeCommand<ImportPlan>('marginalia.importAnnotations', manuscript(), importFile());
    assert.equal(again.added.length, 0, 'a second import adds nothing');
    assert.equal(await read(sidecar()), written);

    const jsonld = vscode.Uri.joinPath(folder(), 'out.jsonld');
    await vscode.commands.executeCommand('marginalia.exportAnnotations', manuscript(), { format: 'w3c', out: jsonld });
    const collection = JSON.parse(await read(jsonld)) as { first: { items: { id: string; motivation: string }[] } };
    assert.deepEqual(collection.first.items.map((item) => item.motivation).sort(), ['commenting', 'commenting', 'replying'], 'two annotations and the reply');
    assert.ok(collection.first.items.some((item) => item.id === `urn:marginalia:${found.id}`));

    const tei = vscode.Uri.joinPath(folder(), 'out.tei.xml');
    await vscode.commands.executeCommand('marginalia.exportAnnotations', manuscript(), { format: 'tei', out: tei });
    const xml = await read(tei);
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<TEI xmlns="http:\/\/www.tei-c.org\/ns\/1.0">/);
    assert.match(xml, new RegExp(`<annotation xml:id="${found.id}" target="#string-range\\(m1\\.l\\d+,\\d+,${exact.length}\\)"`));
  });

  it('refuses a file that is not JSON, and writes nothing', async () => {
    await vscode.workspace.fs.writeFile(importFile(), encoder.encode('{"annotations": [,]}'));
    const before = await read(sidecar());
    const plan = await vscode.commands.executeCommand<ImportPlan | undefined>('marginalia.importAnnotations', manuscript(), importFile());
    assert.equal(plan, undefined);
    assert.equal(await read(sidecar()), before);
  });
});
