import * as vscode from 'vscode';
import { Books } from './vscode/books';
import { registerManuscriptDiagnostics } from './vscode/diagnostics';
import { ManuscriptModels } from './vscode/manuscriptModels';
import { registerManuscriptLanguage, registerTreatAsManuscript } from './vscode/manuscriptLanguage';
import { registerOutline } from './vscode/outline';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const books = new Books();
  const models = new ManuscriptModels();
  context.subscriptions.push(
    books,
    models,
    registerTreatAsManuscript(books),
    registerOutline(models),
    registerManuscriptDiagnostics(models),
  );
  await books.load();
  context.subscriptions.push(registerManuscriptLanguage(books));
}

export function deactivate(): void {}
