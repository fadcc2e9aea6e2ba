// First: it marks when the bundle's code starts loading (see activationTiming.ts).
import { measuredActivation } from './vscode/common/activationTiming';
import * as vscode from 'vscode';
import { registerAnnotationCommands } from './vscode/annotations/annotationCommands';
import { registerAnnotationLinks } from './vscode/annotations/annotationLinks';
import { registerInterchangeCommands } from './vscode/annotations/interchangeCommands';
import { registerAnnotationDecorations } from './vscode/annotations/annotationDecorations';
import { registerAnnotationsView } from './vscode/annotations/annotationsView';
import { registerAnnotationStatusBar } from './vscode/annotations/annotationStatus';
import { AnnotationStore } from './vscode/annotations/annotationStore';
import { AnnotationThreads } from './vscode/annotations/annotationThreads';
import { Books } from './vscode/common/books';
import { Casts } from './vscode/cast/casts';
import { registerCastDecorations } from './vscode/cast/castDecorations';
import { registerCastEditing } from './vscode/cast/castEditing';
import { registerCastMap } from './vscode/cast/castMap';
import { registerCastNavigation } from './vscode/cast/castNavigation';
import { registerCastView } from './vscode/cast/castView';
import { registerImportNotes } from './vscode/notes/importNotes';
import { registerManuscriptDiagnostics } from './vscode/manuscript/diagnostics';
import { ManuscriptModels } from './vscode/common/manuscriptModels';
import { registerBookOffer, registerManuscriptLanguage, registerTreatAsManuscript } from './vscode/manuscript/manuscriptLanguage';
import { registerNotes } from './vscode/notes/notes';
import { registerOutline } from './vscode/manuscript/outline';
import { registerSemanticTokens } from './vscode/manuscript/semanticTokens';
import { registerTextualDiagnostics } from './vscode/manuscript/textualDiagnostics';
import type { FileLocks } from './vscode/common/fileLocks';
import { Sidecars } from './vscode/common/sidecars';
import { errorMessage } from './core/text/errorMessage';

/**
 * What differs between the extension hosts: the desktop's (Node: git, processes, files on disk)
 * and the browser's (a web worker, as in vscode.dev and github.dev: none of these). `src/extension.ts`
 * passes the Node services, `src/extensionWeb.ts` the browser's.
 */
export interface Platform {
  /**
   * The features that run git: the Review view and its commands, Set Up Git Integration (the
   * merge driver). In the browser, their commands only say where to find them.
   */
  registerGitFeatures(context: vscode.ExtensionContext): vscode.Disposable;
  /** Who is annotating: the `marginalia.author` setting, and on the desktop git's `user.name`. */
  authorName(uri?: vscode.Uri): Promise<string | undefined>;
  /** The locks that keep writers of one file from losing each other's edits (`<file>.lock` on the desktop). */
  readonly locks: FileLocks;
  /** Bytes: a sidecar on disk above this is not read (nor written); undefined, no limit. */
  readonly largestSidecar?: number;
}

/** Activates every feature that runs anywhere, then the platform's own: `activate()` of both entries, measured. */
export function activateMarginalia(context: vscode.ExtensionContext, platform: Platform): Promise<void> {
  return measuredActivation(() => activateFeatures(context, platform));
}

/** Registers every feature; the books are read after, without holding activation (see `Books.whenLoaded`). */
function activateFeatures(context: vscode.ExtensionContext, platform: Platform): void {
  const { authorName, locks } = platform;
  const books = new Books();
  const models = new ManuscriptModels();
  const sidecars = new Sidecars(locks, { largestFile: platform.largestSidecar });
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
    registerInterchangeCommands(models, sidecars, casts),
    registerCastView(casts, models, annotations),
    registerCastDecorations(casts),
    registerCastMap(context.extensionUri, casts, models, annotations),
    registerTextualDiagnostics(context.extensionUri, models, books, casts),
    platform.registerGitFeatures(context),
    registerManuscriptLanguage(books),
  );
  books.whenLoaded().catch((error: unknown) => {
    void vscode.window.showErrorMessage(`Marginalia could not read the workspace's books (marginalia.yaml): ${errorMessage(error)}`);
  });
}
