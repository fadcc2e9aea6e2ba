import * as vscode from 'vscode';
import { addWordToBook } from '../../core/manuscript/book';
import { splitLines } from '../../core/manuscript/parser';
import { Lexicon, LEXICON_FILES } from '../../core/textual/lexicon';
import { enabledTextualCodes, TEXTUAL_CODES, TextualChecker, TextualCode, type TextualProblem } from '../../core/textual/textualChecks';
import type { Books } from '../common/books';
import { MANUSCRIPT_LANGUAGE, manuscriptSelector, readTextFile, toRange, toSeverity } from '../common/convert';
import type { ManuscriptModels } from '../common/manuscriptModels';
import { TypingPause } from '../common/typingPause';
import type { Casts } from '../cast/casts';
import { errorMessage } from '../../core/text/errorMessage';

const ADD_WORD_COMMAND = 'marginalia.addBookWord';
const CODES = new Set<string>(TEXTUAL_CODES.map((c) => c.code));

/**
 * The textual critic's diagnostics (words run together, split paragraphs, doubled words, soft hyphens,
 * page numbers and running heads) with their quick fixes. The dictionary is read once, when a
 * manuscript is first checked, from the extension's `dist/dictionary/` through `workspace.fs`.
 */
export function registerTextualDiagnostics(extensionUri: vscode.Uri, models: ManuscriptModels, books: Books, casts: Casts): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('marginalia-textual');
  const checkers = new Map<string, TextualChecker>();
  const found = new Map<string, readonly TextualProblem[]>();
  let lexicon: Promise<Lexicon> | undefined;
  const loadLexicon = () => {
    lexicon ??= (async () => {
      const folder = vscode.Uri.joinPath(extensionUri, 'dist', 'dictionary');
      const [words, frequency] = await Promise.all([
        readTextFile(vscode.Uri.joinPath(folder, LEXICON_FILES.words)),
        readTextFile(vscode.Uri.joinPath(folder, LEXICON_FILES.frequency)),
      ]);
      if (words === undefined || frequency === undefined) throw new Error(`the dictionary is missing from ${folder.toString()}`);
      return new Lexicon({ words, frequency });
    })();
    return lexicon;
  };

  const refresh = async (document: vscode.TextDocument) => {
    if (document.languageId !== MANUSCRIPT_LANGUAGE || document.isClosed) return;
    const key = document.uri.toString();
    const enabled = enabledTextualCodes(books.bookFor(document.uri)?.content.diagnostics ?? [], switchedInSettings(document.uri));
    if (enabled.size === 0) {
      collection.delete(document.uri);
      found.delete(key);
      return;
    }
    const loaded = await loadLexicon();
    if (document.isClosed) return;
    let checker = checkers.get(key);
    if (!checker) {
      checker = new TextualChecker(loaded);
      checkers.set(key, checker);
    }
    const cast = casts.castFor(document.uri)?.cast.entities ?? [];
    const problems = checker.check(splitLines(document.getText()), models.get(document), {
      enabled,
      bookWords: books.bookFor(document.uri)?.content.words ?? [],
      castNames: cast.flatMap((entity) => [entity.name, ...entity.aliases]),
    });
    found.set(key, problems);
    collection.set(document.uri, problems.map(toDiagnostic));
  };
  const report = (document: vscode.TextDocument) =>
    refresh(document).catch((error: unknown) => console.error(`marginalia: textual diagnostics of ${document.uri}:`, error));
  const typing = new TypingPause(report);
  const reportAll = () => vscode.workspace.textDocuments.forEach(report);

  reportAll();
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument(report),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) typing.schedule(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      const key = document.uri.toString();
      typing.cancel(document);
      checkers.delete(key);
      found.delete(key);
      collection.delete(document.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('marginalia.diagnostics')) reportAll();
    }),
    books.onDidChange(reportAll),
    casts.onDidChange(reportAll),
    vscode.languages.registerCodeActionsProvider(manuscriptSelector, new TextualFixes(found, books), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    vscode.commands.registerCommand(ADD_WORD_COMMAND, (manuscript: vscode.Uri, word: string) => addBookWord(books, manuscript, word)),
    typing,
  );
}

/**
 * The codes the user switched in the settings for this file (`marginalia.diagnostics.<code>`), set
 * in any scope: those win over the book's `diagnostics:`, which wins over the defaults.
 */
function switchedInSettings(uri: vscode.Uri): Map<string, boolean> {
  const settings = vscode.workspace.getConfiguration('marginalia.diagnostics', uri);
  const switched = new Map<string, boolean>();
  for (const { code } of TEXTUAL_CODES) {
    const set = settings.inspect<boolean>(code);
    const value = set?.workspaceFolderLanguageValue ?? set?.workspaceLanguageValue ?? set?.globalLanguageValue ?? set?.workspaceFolderValue ?? set?.workspaceValue ?? set?.globalValue;
    if (value !== undefined) switched.set(code, value);
  }
  return switched;
}

function toDiagnostic(problem: TextualProblem): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(problem.range), problem.message, toSeverity(problem.severity));
  diagnostic.code = problem.code;
  diagnostic.source = 'marginalia';
  return diagnostic;
}

/** The fixes each problem carries, and "Add to the book's words" for a word run together. */
class TextualFixes implements vscode.CodeActionProvider {
  constructor(
    private readonly found: ReadonlyMap<string, readonly TextualProblem[]>,
    private readonly books: Books,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const problems = this.found.get(document.uri.toString()) ?? [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'marginalia' || !CODES.has(String(diagnostic.code))) continue;
      const problem = problems.find((p) => p.code === diagnostic.code && toRange(p.range).isEqual(diagnostic.range));
      if (!problem) continue;
      problem.fixes.forEach((fix, index) => {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, toRange(fix.range), fix.newText);
        action.diagnostics = [diagnostic];
        action.isPreferred = index === 0;
        actions.push(action);
      });
      if (problem.code === TextualCode.runTogetherWords && problem.word && this.books.bookFor(document.uri)) {
        const action = new vscode.CodeAction(`Add “${problem.word}” to the book’s words`, vscode.CodeActionKind.QuickFix);
        action.command = { command: ADD_WORD_COMMAND, title: action.title, arguments: [document.uri, problem.word] };
        action.diagnostics = [diagnostic];
        actions.push(action);
      }
    }
    return actions;
  }
}

/** Adds the word to `words:` in the book's marginalia.yaml, through its document so that unsaved edits are kept. */
async function addBookWord(books: Books, manuscript: vscode.Uri, word: string): Promise<void> {
  const book = books.bookFor(manuscript);
  if (!book) return;
  const document = await vscode.workspace.openTextDocument(book.file);
  let updated: string;
  try {
    updated = addWordToBook(document.getText(), word);
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not add “${word}” to ${vscode.workspace.asRelativePath(book.file)}: ${errorMessage(error)}`);
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(book.file, document.validateRange(new vscode.Range(0, 0, document.lineCount, 0)), updated);
  if (await vscode.workspace.applyEdit(edit)) await document.save();
}
