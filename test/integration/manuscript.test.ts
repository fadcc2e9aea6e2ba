import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './util';

/** The language mode's providers, called through VS Code as the Outline view and the editor call them. */
describe('manuscript language mode', () => {
  let document: vscode.TextDocument;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'part-one.txt'));
    await vscode.window.showTextDocument(document);
    document = await waitFor(
      () => vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/part-one.txt') && d.languageId === 'manuscript'),
      { message: 'part-one.txt opens as a manuscript' },
    );
  });

  it('gives the Outline the part, its epigraph and its chapters', async () => {
    const symbols = await waitFor(
      async () => await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri),
      { message: 'document symbols' },
    );
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind]),
      [['PART ONE', vscode.SymbolKind.Module]],
    );
    const children = symbols[0].children.map((c) => c.name);
    assert.equal(children[0], 'Epigraph');
    assert.deepEqual(
      children.slice(1).map((name) => name.replace(/\..*/, '')),
      ['1', '2', '3'],
    );
    const chapterTwo = symbols[0].children[2];
    assert.equal(document.lineAt(chapterTwo.selectionRange.start.line).text, chapterTwo.name);
    assert.ok(chapterTwo.range.end.line > chapterTwo.range.start.line + 5, 'a chapter spans its paragraphs');
  });

  it('folds each part and each chapter', async () => {
    const ranges = await waitFor(
      async () => await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', document.uri),
      { message: 'folding ranges' },
    );
    const headingLines = ranges.map((r) => document.lineAt(r.start).text);
    assert.ok(headingLines.includes('PART ONE'), headingLines.join(' | '));
    assert.equal(headingLines.filter((line) => /^\d+\. /.test(line)).length, 3);
  });

  it('shows the manuscript’s problems in the Problems panel, with stable codes', async () => {
    const diagnostics = await waitFor(
      () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'marginalia'),
      { message: 'diagnostics for part-one.txt' },
    );
    const codes = new Set(diagnostics.map((d) => d.code));
    for (const code of ['marker-gap', 'marker-repeated', 'unbalanced-quotes', 'debris-foreign-script']) {
      assert.ok(codes.has(code), `${code} among ${[...codes].join(', ')}`);
    }
    const gap = diagnostics.find((d) => d.code === 'marker-gap')!;
    assert.equal(gap.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(document.getText(gap.range), /^\{\d+\}$/);
  });

  it('updates the problems as the manuscript is edited', async () => {
    const gap = vscode.languages.getDiagnostics(document.uri).find((d) => d.code === 'marker-gap')!;
    const missing = Number(/\{(\d+)\} is missing/.exec(gap.message)![1]);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(gap.range.start, `{${missing}}`));
    await waitFor(() => !vscode.languages.getDiagnostics(document.uri).some((d) => d.code === 'marker-gap'), {
      message: 'the gap diagnostic disappears once the missing marker is typed',
    });
    await vscode.commands.executeCommand('undo');
  });

  it('uses the prose defaults for manuscripts', () => {
    const settings = vscode.workspace.getConfiguration('editor', { languageId: 'manuscript' });
    assert.equal(settings.get('wordWrap'), 'on');
    assert.equal(settings.get('unicodeHighlight.ambiguousCharacters'), false);
  });
});
