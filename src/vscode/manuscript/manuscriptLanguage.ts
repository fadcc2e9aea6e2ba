import * as vscode from 'vscode';
import { addManuscriptToBook, BOOK_FILE_NAME, MANUSCRIPT_EXTENSION } from '../../core/manuscript/book';
import { MANUSCRIPT_LANGUAGE, readTextFile, writeTextFile } from '../common/convert';
import { isInside, relativePath, type Books } from '../common/books';
import { errorMessage } from '../../core/text/errorMessage';

/**
 * Opens the files a book lists as manuscripts in the manuscript language. Each file is switched once,
 * so that a user who picks another language mode for it keeps that choice.
 */
export function registerManuscriptLanguage(books: Books): vscode.Disposable {
  const switched = new Set<string>();
  const assign = async (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    if (document.languageId === MANUSCRIPT_LANGUAGE || switched.has(key) || !books.isManuscript(document.uri)) return;
    switched.add(key);
    await vscode.languages.setTextDocumentLanguage(document, MANUSCRIPT_LANGUAGE);
  };
  const assignAll = () => Promise.all(vscode.workspace.textDocuments.map(assign));
  /** A file opened outside the books known: its book file may be newer than the watcher has said. */
  const assignOpened = async (document: vscode.TextDocument) => {
    if (document.languageId !== MANUSCRIPT_LANGUAGE && !books.isManuscript(document.uri) && document.uri.scheme !== 'untitled') {
      // A change found fires `onDidChange`, which assigns every open document.
      if (await books.catchUpAround(document.uri)) return;
    }
    await assign(document);
  };
  void assignAll();
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument((document) => void assignOpened(document)),
    // Closed, its choice of language goes too: reopened, it is a new document in the default mode.
    vscode.workspace.onDidCloseTextDocument((document) => switched.delete(document.uri.toString())),
    books.onDidChange(() => {
      switched.clear();
      void assignAll();
    }),
  );
}

/** "Marginalia: Treat File as Manuscript": adds the file to its book, creating `marginalia.yaml` if needed. */
export function registerTreatAsManuscript(books: Books): vscode.Disposable {
  return vscode.commands.registerCommand('marginalia.treatAsManuscript', async (target?: vscode.Uri) => {
    const uri = target ?? vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage('Open the file to treat as a manuscript first.');
      return;
    }
    await books.whenLoaded();
    const book = books.bookFor(uri);
    const folder = book?.folder ?? vscode.workspace.getWorkspaceFolder(uri)?.uri ?? vscode.Uri.joinPath(uri, '..');
    if (!isInside(folder, uri)) return;
    const bookFile = vscode.Uri.joinPath(folder, BOOK_FILE_NAME);
    if (!books.isManuscript(uri)) {
      let updated: string;
      try {
        updated = addManuscriptToBook(await readTextFile(bookFile), relativePath(folder, uri));
      } catch (error) {
        void vscode.window.showErrorMessage(`Could not add the file to ${BOOK_FILE_NAME}: ${errorMessage(error)}`);
        return;
      }
      await writeTextFile(bookFile, updated);
    }
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== MANUSCRIPT_LANGUAGE) {
      await vscode.languages.setTextDocumentLanguage(document, MANUSCRIPT_LANGUAGE);
    }
  });
}

/**
 * A manuscript annotated outside any book works (its sidecar is created beside it); the first time,
 * the user is offered to make its folder a book, so that the file opens as a manuscript next time.
 */
export function registerBookOffer(books: Books, annotations: { onDidAdd: vscode.Event<vscode.Uri> }): vscode.Disposable {
  const offered = new Set<string>();
  return annotations.onDidAdd(async (uri) => {
    await books.whenLoaded();
    if (books.bookFor(uri) || uri.path.endsWith(MANUSCRIPT_EXTENSION)) return;
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? uri.toString();
    if (offered.has(folder)) return;
    offered.add(folder);
    const create = `Create ${BOOK_FILE_NAME}`;
    const answer = await vscode.window.showInformationMessage(
      `The annotation is saved beside the manuscript. This file belongs to no book yet: create ${BOOK_FILE_NAME} so that it opens as a manuscript next time?`,
      create,
    );
    if (answer === create) await vscode.commands.executeCommand('marginalia.treatAsManuscript', uri);
  });
}
