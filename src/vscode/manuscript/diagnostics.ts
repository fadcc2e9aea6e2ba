import * as vscode from 'vscode';
import { checkAnnotations } from '../../core/anchoring/annotationProblems';
import { checkNotes } from '../../core/notes/citations';
import type { Problem } from '../../core/manuscript/model';
import type { SidecarProblem } from '../../core/sidecar/sidecarFile';
import { MANUSCRIPT_LANGUAGE, toRange, toSeverity } from '../common/convert';
import type { ManuscriptModels } from '../common/manuscriptModels';
import { TypingPause } from '../common/typingPause';
import { Sidecars } from '../common/sidecars';


export function toDiagnostic(problem: Problem | SidecarProblem): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(problem.range), problem.message, toSeverity(problem.severity));
  diagnostic.code = problem.code;
  diagnostic.source = 'marginalia';
  return diagnostic;
}

/**
 * The manuscript's own problems (numbering, quotations, debris) and its notes' (a marker with no note,
 * an endnote cited twice) in the Problems panel; in its sidecar, the sidecar's own problems and notes
 * that no marker cites.
 */
export function registerManuscriptDiagnostics(models: ManuscriptModels, sidecars: Sidecars): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('marginalia');

  const refresh = async (document: vscode.TextDocument) => {
    // A manuscript that changes language is closed and reopened: its problems went with the close.
    if (document.languageId !== MANUSCRIPT_LANGUAGE || document.isClosed) return;
    const version = document.version;
    const loaded = await sidecars.forManuscript(document.uri);
    if (document.isClosed || document.version !== version) return;
    const problems: (Problem | SidecarProblem)[] = [...models.get(document).problems];
    // Notes are checked once the manuscript has a sidecar: before that, every marker would be flagged.
    if (loaded.text !== undefined) {
      const notes = checkNotes(models.citations(document), loaded.sidecar);
      problems.push(...notes.manuscript);
      const annotations = checkAnnotations(loaded.read, document.getText(), models.get(document));
      collection.set(loaded.uri, [...loaded.sidecar.problems, ...notes.sidecar, ...annotations].map(toDiagnostic));
    }
    collection.set(document.uri, problems.map(toDiagnostic));
  };
  const report = (document: vscode.TextDocument) =>
    refresh(document).catch((error: unknown) => console.error(`marginalia: diagnostics of ${document.uri}:`, error));
  const typing = new TypingPause(report);

  vscode.workspace.textDocuments.forEach(report);
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument(report),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) typing.schedule(event.document);
    }),
    sidecars.onDidChange((sidecar) => {
      const manuscript = vscode.workspace.textDocuments.find((d) => Sidecars.uriFor(d.uri).toString() === sidecar.toString());
      if (manuscript) void report(manuscript);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      typing.cancel(document);
      if (document.languageId === MANUSCRIPT_LANGUAGE) {
        collection.delete(document.uri);
        collection.delete(Sidecars.uriFor(document.uri));
      }
    }),
    typing,
  );
}
