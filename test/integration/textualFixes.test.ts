import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './util';

/**
 * The textual critic's quick fixes, applied as the light bulb applies them: each on a manuscript of
 * its own, then the document (or the book's marginalia.yaml) checked.
 */
describe('textual diagnostics: quick fixes', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const bookFile = () => vscode.Uri.joinPath(folder(), 'marginalia.yaml');
  const written: vscode.Uri[] = [];
  let originalBook: Uint8Array;

  before(async () => {
    originalBook = await vscode.workspace.fs.readFile(bookFile());
  });

  after(async () => {
    await vscode.workspace.fs.writeFile(bookFile(), originalBook);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const file of written) await vscode.workspace.fs.delete(file);
  });

  /** Opens a new manuscript holding `lines`, and waits for the textual diagnostic `code` on it. */
  async function openWith(name: string, code: string, ...lines: string[]): Promise<{ document: vscode.TextDocument; diagnostic: vscode.Diagnostic }> {
    const file = vscode.Uri.joinPath(folder(), `${name}.manuscript`);
    written.push(file);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`${lines.join('\n')}\n`));
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const diagnostic = await waitFor(() => diagnosticsOf(document, code)[0], { message: `a ${code} diagnostic on ${name}`, timeout: 15_000 });
    return { document, diagnostic };
  }

  function diagnosticsOf(document: vscode.TextDocument, code: string): vscode.Diagnostic[] {
    return vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'marginalia' && d.code === code);
  }

  /** Applies the quick fix whose title matches, offered for `diagnostic`, as the light bulb would. */
  async function applyFix(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, title: RegExp): Promise<void> {
    const action = await waitFor(
      async () => {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
        return actions.find((a) => title.test(a.title));
      },
      { message: `a quick fix ${title} for ${String(diagnostic.code)}` },
    );
    if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `${action.title} applies`);
    if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }

  /** Applies the fix, then waits for the text to be `expected` and the diagnostic to be gone. */
  async function fixes(name: string, code: string, title: RegExp, before: string[], expected: string[]): Promise<void> {
    const { document, diagnostic } = await openWith(name, code, ...before);
    await applyFix(document, diagnostic, title);
    assert.equal(document.getText(), `${expected.join('\n')}\n`);
    await document.save();
    await waitFor(() => diagnosticsOf(document, code).length === 0, { message: `no ${code} left on ${name} once fixed` });
  }

  it('Insert a space: a word run together becomes two', async () => {
    await fixes('fix-run-together', 'run-together-words', /^Insert a space/, ['A ledger ofthe soundings lay open.'], ['A ledger of the soundings lay open.']);
  });

  it('Add to the book’s words: the word goes under `words:` in marginalia.yaml, comments kept, and is not flagged again', async () => {
    const { document, diagnostic } = await openWith('fix-book-word', 'run-together-words', 'The ledger ofthe soundings lay open.');
    await applyFix(document, diagnostic, /^Add “ofthe” to the book’s words$/);
    const book = await waitFor(
      async () => {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(bookFile()));
        return /^words:\n(?:\s*#.*\n)*\s*- ofthe$/m.test(text) ? text : undefined;
      },
      { message: 'marginalia.yaml lists “ofthe” under words:' },
    );
    assert.ok(book.startsWith('# Marginalia book'), 'the leading comment is kept');
    assert.equal(document.getText(), 'The ledger ofthe soundings lay open.\n', 'the manuscript is left as it was');
    await waitFor(() => diagnosticsOf(document, 'run-together-words').length === 0, { message: 'the book’s word is not flagged any more' });
  });

  it('Join the paragraphs: a paragraph split at a page break is one again', async () => {
    await fixes('fix-split', 'split-paragraph', /^Join the paragraphs$/, ['The foreman, who had', '', 'worked for his father, began to ink them.'], ['The foreman, who had worked for his father, began to ink them.']);
  });

  it('Delete the second word: a doubled word once', async () => {
    await fixes('fix-doubled', 'doubled-word', /^Delete the second “the”$/, ['The boat went out past the the breakwater.'], ['The boat went out past the breakwater.']);
  });

  it('Remove the soft hyphen', async () => {
    await fixes('fix-soft-hyphen', 'soft-hyphen', /^Remove the soft hyphen$/, ['Her field books record the sound\u00adings of the bar.'], ['Her field books record the soundings of the bar.']);
  });

  it('Delete the page number: the stray page and its blank line go, the paragraphs around it stay', async () => {
    await fixes(
      'fix-page-number',
      'stray-page-number',
      /^Delete the page number$/,
      ['The foreman, who had', '', '214', '', 'worked for his father, began to ink them.'],
      ['The foreman, who had', '', 'worked for his father, began to ink them.'],
    );
  });

  it('switches a code off for the book with `diagnostics:` in marginalia.yaml, as the settings do', async () => {
    const { document } = await openWith('book-switch', 'doubled-word', 'The boat went out past the the breakwater.');
    const book = new TextDecoder().decode(originalBook);
    await vscode.workspace.fs.writeFile(bookFile(), new TextEncoder().encode(`${book.trimEnd()}\ndiagnostics:\n  doubled-word: false\n`));
    await waitFor(() => diagnosticsOf(document, 'doubled-word').length === 0, { message: 'the book switched doubled-word off' });
    await vscode.workspace.fs.writeFile(bookFile(), originalBook);
    await waitFor(() => diagnosticsOf(document, 'doubled-word').length > 0, { message: 'doubled-word is back once the switch is gone' });
  });
});
