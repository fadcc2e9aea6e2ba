import * as vscode from 'vscode';
import type { Problem } from '../core/model';
import { MANUSCRIPT_LANGUAGE, toRange, toSeverity } from './convert';
import type { ManuscriptModels } from './manuscriptModels';

/** Waiting for a pause in typing keeps a whole-book parse off every keystroke. */
const TYPING_PAUSE_MS = 300;

export function toDiagnostic(problem: Problem): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(problem.range), problem.message, toSeverity(problem.severity));
  diagnostic.code = problem.code;
  diagnostic.source = 'marginalia';
  return diagnostic;
}

/** The manuscript's own problems (numbering, quotations, debris) in the Problems panel. */
export function registerManuscriptDiagnostics(models: ManuscriptModels): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('marginalia');
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  const refresh = (document: vscode.TextDocument) => {
    if (document.languageId !== MANUSCRIPT_LANGUAGE) {
      collection.delete(document.uri);
      return;
    }
    collection.set(document.uri, models.get(document).problems.map(toDiagnostic));
  };
  const refreshLater = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        refresh(document);
      }, TYPING_PAUSE_MS),
    );
  };

  vscode.workspace.textDocuments.forEach(refresh);
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) refreshLater(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      clearTimeout(pending.get(document.uri.toString()));
      pending.delete(document.uri.toString());
      collection.delete(document.uri);
    }),
    { dispose: () => pending.forEach((timer) => clearTimeout(timer)) },
  );
}
