import * as vscode from 'vscode';
import { decodeManuscript } from '../../core/text/decode';
import { formatMarker } from '../../core/manuscript/parser';
import { applyImport, importChanges, importFailed, noteName, parseNotesText, planImport, type ImportPlan } from '../../core/notes/notesImport';
import { SidecarNotWritableError } from '../../core/sidecar/sidecarFile';
import { MANUSCRIPT_LANGUAGE } from '../common/convert';
import type { ManuscriptModels } from '../common/manuscriptModels';
import { Sidecars } from '../common/sidecars';
import { errorMessage } from '../../core/text/errorMessage';

/**
 * "Marginalia: Import Notes…": reads a notes text (the book's back matter) and merges it into the
 * manuscript's sidecar. Notes already there are kept unless the user chooses to overwrite them.
 */
export function registerImportNotes(models: ManuscriptModels, sidecars: Sidecars): vscode.Disposable {
  return vscode.commands.registerCommand('marginalia.importNotes', async (target?: vscode.Uri, notesFile?: vscode.Uri, options?: { overwrite: boolean }) => {
    const document = await manuscriptDocument(target);
    if (!document) {
      void vscode.window.showInformationMessage('Open the manuscript to import notes into first.');
      return;
    }
    const notesUri =
      notesFile ??
      (
        await vscode.window.showOpenDialog({
          title: 'Import Notes: choose the notes text (back matter)',
          defaultUri: vscode.Uri.joinPath(document.uri, '..'),
          canSelectMany: false,
          filters: { 'Text files': ['txt', 'md'], 'All files': ['*'] },
        })
      )?.[0];
    if (!notesUri) return;
    const decoded = decodeManuscript(await vscode.workspace.fs.readFile(notesUri));
    if (!decoded.ok) {
      const { line, character } = decoded.position;
      void vscode.window.showErrorMessage(`${basename(notesUri)}:${line + 1}:${character + 1}: ${decoded.message} Nothing was imported.`);
      return;
    }
    const manuscript = models.get(document);
    const parsed = parseNotesText(decoded.text, manuscript);
    const loaded = await sidecars.forManuscript(document.uri);
    let plan: ImportPlan;
    try {
      plan = planImport(parsed, loaded.sidecar, manuscript, { overwrite: options?.overwrite ?? false });
      if (!options && plan.skipped.some((note) => note.reason === 'kept')) {
        const differing = plan.skipped.filter((note) => note.reason === 'kept').length;
        const choice = await vscode.window.showQuickPick(
          [
            { label: 'Keep the notes already written', overwrite: false },
            { label: 'Overwrite them with the imported text', overwrite: true },
          ],
          { title: `${differing} notes in the sidecar differ from the imported text` },
        );
        if (!choice) return;
        plan = planImport(parsed, loaded.sidecar, manuscript, { overwrite: choice.overwrite });
      }
    } catch (error) {
      if (!(error instanceof SidecarNotWritableError)) throw error;
      void vscode.window.showErrorMessage(`Nothing was imported: ${error.message}.`);
      return;
    }
    if (importFailed(plan)) {
      const problem = plan.problems.find((p) => p.severity === 'error')!;
      void vscode.window.showErrorMessage(`${basename(notesUri)}:${problem.range.start.line + 1}: ${problem.message} Nothing was imported.`);
      return;
    }
    if (importChanges(plan)) {
      try {
        await sidecars.edit(document.uri, (current) => applyImport(current, plan));
      } catch (error) {
        void vscode.window.showErrorMessage(`The notes were not saved: ${errorMessage(error)}.`);
        return;
      }
    }
    const open = 'Open Sidecar';
    // Not awaited: the import is done; the message only offers a next step.
    void vscode.window.showInformationMessage(summary(plan), open).then((answer) => {
      if (answer === open) void vscode.window.showTextDocument(Sidecars.uriFor(document.uri));
    });
  });
}

async function manuscriptDocument(target: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  if (target) return vscode.workspace.openTextDocument(target);
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === MANUSCRIPT_LANGUAGE ? document : undefined;
}

function summary(plan: ImportPlan): string {
  const parts = [`Imported ${plan.added.length + plan.overwritten.length} notes (${plan.added.length} new, ${plan.overwritten.length} overwritten, ${plan.skipped.length} already there).`];
  if (plan.unmatched.length > 0) {
    parts.push(`No marker cites ${plan.unmatched.map((note) => noteName(note.kind, note.number).toLowerCase()).join(', ')}.`);
  }
  if (plan.missing.length > 0) parts.push(`Still without a note: ${plan.missing.map((m) => formatMarker(m.kind, m.number)).join(' ')}.`);
  if (plan.unplaced.length > 0) parts.push(`${plan.unplaced.length} paragraphs belonged to no note (lines ${plan.unplaced.map((p) => p.line + 1).join(', ')}).`);
  return parts.join(' ');
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
