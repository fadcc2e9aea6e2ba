import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './util';

/** The book file: problems shown where they are, and never overwritten while it does not parse. */
describe('marginalia.yaml', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const bookFile = () => vscode.Uri.joinPath(folder(), 'marginalia.yaml');
  let original: Uint8Array;

  before(async () => {
    original = await vscode.workspace.fs.readFile(bookFile());
  });

  after(async () => {
    await vscode.workspace.fs.writeFile(bookFile(), original);
  });

  it('Treat File as Manuscript adds the file to the book, keeping its comments', async () => {
    const draft = vscode.Uri.joinPath(folder(), 'draft-epilogue.txt');
    await vscode.workspace.fs.writeFile(draft, new TextEncoder().encode('PART TWO\n\n4. 1860 Autumn: The Last Chart\n\nShe sailed once more.\n'));
    await vscode.window.showTextDocument(draft);
    await vscode.commands.executeCommand('marginalia.treatAsManuscript', draft);
    await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.path === draft.path)?.languageId === 'manuscript', {
      message: 'the draft opens as a manuscript',
    });
    const book = new TextDecoder().decode(await vscode.workspace.fs.readFile(bookFile()));
    assert.ok(book.startsWith(new TextDecoder().decode(original).split('\n')[0]), 'the leading comment is kept');
    assert.match(book, /manuscripts:.*draft-epilogue\.txt/s);
    assert.deepEqual(vscode.languages.getDiagnostics(bookFile()), []);
  });

  it('shows a YAML error at its line, keeps the manuscripts it had, and is not rewritten', async () => {
    const broken = 'title: Soundings\nmanuscripts: ["part-*.txt"\n';
    await vscode.workspace.fs.writeFile(bookFile(), new TextEncoder().encode(broken));
    const problems = await waitFor(
      () => {
        const found = vscode.languages.getDiagnostics(bookFile()).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
        return found.length > 0 ? found : undefined;
      },
      { message: 'the YAML error is shown on marginalia.yaml' },
    );
    assert.ok(problems[0].range.start.line >= 1, `line ${problems[0].range.start.line}`);
    const other = vscode.Uri.joinPath(folder(), 'another-draft.txt');
    await vscode.workspace.fs.writeFile(other, new TextEncoder().encode('Some prose.\n'));
    await vscode.commands.executeCommand('marginalia.treatAsManuscript', other);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(bookFile())), broken);
    const sample = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'part-one.txt'));
    await vscode.window.showTextDocument(sample);
    await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.path === sample.uri.path)?.languageId === 'manuscript', {
      message: 'part-one.txt is still a manuscript while the book file is broken',
    });
  });
});

describe('the cast in marginalia.yaml', () => {
  it('shows the cast’s problems where they are, and the rest of the cast still works', async () => {
    const book = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'marginalia.yaml');
    const original = await vscode.workspace.fs.readFile(book);
    try {
      const text = new TextDecoder().decode(original);
      const broken = `${text.trimEnd()}\n  - id: pieter-lous\n    name: A second Pieter Lous\n`;
      assert.match(text, /^organizations:/m, 'the sample cast ends with its organizations');
      await vscode.workspace.fs.writeFile(book, new TextEncoder().encode(broken));
      const duplicate = await waitFor(() => vscode.languages.getDiagnostics(book).find((d) => d.code === 'cast-duplicate-id'), {
        message: 'the duplicate id is reported in marginalia.yaml',
      });
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(book)).split('\n')[duplicate.range.start.line].includes('pieter-lous'), true);
    } finally {
      await vscode.workspace.fs.writeFile(book, original);
    }
  });
});
