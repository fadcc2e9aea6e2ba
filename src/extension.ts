import * as vscode from 'vscode';
import { registerAnnotationCommands } from './vscode/annotations/annotationCommands';
import { registerAnnotationLinks } from './vscode/annotations/annotationLinks';
import { registerAnnotationDecorations } from './vscode/annotations/annotationDecorations';
import { registerAnnotationsView } from './vscode/annotations/annotationsView';
import { registerAnnotationStatusBar } from './vscode/annotations/annotationStatus';
import { AnnotationStore } from './vscode/annotations/annotationStore';
import { AnnotationThreads } from './vscode/annotations/annotationThreads';
import { authorName } from './vscode/common/author';
import { Books } from './vscode/common/books';
import { Casts } from './vscode/cast/casts';
import { registerCastDecorations } from './vscode/cast/castDecorations';
import { registerCastEditing } from './vscode/cast/castEditing';
import { registerCastNavigation } from './vscode/cast/castNavigation';
import { registerCastView } from './vscode/cast/castView';
import { registerGitIntegration } from './vscode/review/gitIntegration';
import { registerImportNotes } from './vscode/notes/importNotes';
import { registerManuscriptDiagnostics } from './vscode/manuscript/diagnostics';
import { ManuscriptModels } from './vscode/common/manuscriptModels';
import { registerBookOffer, registerManuscriptLanguage, registerTreatAsManuscript } from './vscode/manuscript/manuscriptLanguage';
import { registerNotes } from './vscode/notes/notes';
import { registerOutline } from './vscode/manuscript/outline';
import { registerSemanticTokens } from './vscode/manuscript/semanticTokens';
import { registerReview } from './vscode/review/reviewCommands';
import { Sidecars } from './vscode/common/sidecars';
import { FileLockError, InProcessLocks, type FileLocks } from './vscode/common/fileLocks';
import { LockError, withFileLock } from './node/lock';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const books = new Books();
  const models = new ManuscriptModels();
  const locks = diskLocks();
  const sidecars = new Sidecars(locks);
  const annotations = new AnnotationStore(models, sidecars);
  const casts = new Casts(books, models, sidecars, locks);
  const threads = new AnnotationThreads(annotations, () => authorName(vscode.window.activeTextEditor?.document.uri));
  context.subscriptions.push(
    books,
    models,
    sidecars,
    registerTreatAsManuscript(books),
    registerOutline(models),
    registerSemanticTokens(models),
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
    registerGitIntegration(context),
  );
  await books.load();
  context.subscriptions.push(registerManuscriptLanguage(books));
}

export function deactivate(): void {}

/** How long an edit waits for another writer's lock before telling the user (the annotation is kept in memory). */
const EDITOR_LOCK_WAIT_MS = 5_000;

/**
 * The files' locks: on disk, `<file>.lock` as the CLI takes them (so that the editor, other windows
 * and `marginalia` processes never lose each other's edits); elsewhere, this window's own order.
 */
function diskLocks(): FileLocks {
  const inProcess = new InProcessLocks();
  const report = (message: string) => void vscode.window.showWarningMessage(`Marginalia: ${message}.`);
  return {
    withLock: (uri, work) =>
      uri.scheme !== 'file'
        ? inProcess.withLock(uri, work)
        : withFileLock(uri.fsPath, work, { waitMs: EDITOR_LOCK_WAIT_MS, report }).catch((error: unknown) => {
            throw error instanceof LockError ? new FileLockError(`${error.lockFile}: ${error.message}`) : error;
          }),
  };
}
