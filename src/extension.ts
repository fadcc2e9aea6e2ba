import * as vscode from 'vscode';
import { Books } from './vscode/books';
import { registerImportNotes } from './vscode/importNotes';
import { registerManuscriptDiagnostics } from './vscode/diagnostics';
import { ManuscriptModels } from './vscode/manuscriptModels';
import { registerManuscriptLanguage, registerTreatAsManuscript } from './vscode/manuscriptLanguage';
import { registerNotes } from './vscode/notes';
import { registerOutline } from './vscode/outline';
import { Sidecars } from './vscode/sidecars';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const books = new Books();
  const models = new ManuscriptModels();
  const sidecars = new Sidecars();
  context.subscriptions.push(
    books,
    models,
    sidecars,
    registerTreatAsManuscript(books),
    registerOutline(models),
    registerManuscriptDiagnostics(models, sidecars),
    registerNotes(models, sidecars),
    registerImportNotes(models, sidecars),
  );
  await books.load();
  context.subscriptions.push(registerManuscriptLanguage(books));
}

export function deactivate(): void {}
