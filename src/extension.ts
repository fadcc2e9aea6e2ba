import * as vscode from 'vscode';
import { registerAnnotationCommands } from './vscode/annotationCommands';
import { registerAnnotationLinks } from './vscode/annotationLinks';
import { registerAnnotationDecorations } from './vscode/annotationDecorations';
import { registerAnnotationsView } from './vscode/annotationsView';
import { registerAnnotationStatusBar } from './vscode/annotationStatus';
import { AnnotationStore } from './vscode/annotationStore';
import { AnnotationThreads } from './vscode/annotationThreads';
import { authorName } from './vscode/author';
import { Books } from './vscode/books';
import { Casts } from './vscode/cast';
import { registerCastDecorations } from './vscode/castDecorations';
import { registerCastEditing } from './vscode/castEditing';
import { registerCastNavigation } from './vscode/castNavigation';
import { registerCastView } from './vscode/castView';
import { registerGitIntegration } from './vscode/gitIntegration';
import { registerImportNotes } from './vscode/importNotes';
import { registerManuscriptDiagnostics } from './vscode/diagnostics';
import { ManuscriptModels } from './vscode/manuscriptModels';
import { registerBookOffer, registerManuscriptLanguage, registerTreatAsManuscript } from './vscode/manuscriptLanguage';
import { registerNotes } from './vscode/notes';
import { registerOutline } from './vscode/outline';
import { registerReview } from './vscode/review';
import { Sidecars } from './vscode/sidecars';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const books = new Books();
  const models = new ManuscriptModels();
  const sidecars = new Sidecars();
  const annotations = new AnnotationStore(models, sidecars);
  const casts = new Casts(books, models, sidecars);
  const threads = new AnnotationThreads(annotations, () => authorName(vscode.window.activeTextEditor?.document.uri));
  context.subscriptions.push(
    books,
    models,
    sidecars,
    registerTreatAsManuscript(books),
    registerOutline(models),
    registerManuscriptDiagnostics(models, sidecars),
    registerNotes(models, sidecars),
    registerImportNotes(models, sidecars),
    annotations,
    threads,
    registerAnnotationCommands(annotations, threads, authorName),
    registerAnnotationDecorations(context, annotations),
    registerAnnotationsView(annotations, models, context.workspaceState),
    registerAnnotationStatusBar(annotations),
    registerBookOffer(books, annotations),
    casts,
    registerCastNavigation(casts),
    registerCastEditing(casts, models, sidecars),
    registerAnnotationLinks(annotations, casts),
    registerCastView(casts, books, models, annotations),
    registerCastDecorations(casts),
    registerReview(),
    registerGitIntegration(context.extensionUri),
  );
  await books.load();
  context.subscriptions.push(registerManuscriptLanguage(books));
}

export function deactivate(): void {}
