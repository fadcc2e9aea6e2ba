import * as vscode from 'vscode';
import type { AnnotationStore } from './annotationStore';
import type { AnnotationThreads } from './annotationThreads';
import { report } from './annotationThreads';
import { MANUSCRIPT_LANGUAGE } from '../common/convert';

/** "Annotate Selection" and "Update Anchors" on the active manuscript. */
export function registerAnnotationCommands(
  store: AnnotationStore,
  threads: AnnotationThreads,
  author: (uri: vscode.Uri) => Promise<string | undefined>,
): vscode.Disposable {
  const activeManuscript = () => {
    const editor = vscode.window.activeTextEditor;
    return editor?.document.languageId === MANUSCRIPT_LANGUAGE ? editor : undefined;
  };
  return vscode.Disposable.from(
    // With a body (from a keybinding's args or a script), the annotation is saved at once;
    // without, a thread opens on the selection for the user to type it.
    vscode.commands.registerCommand('marginalia.annotateSelection', (options?: { body?: string }) =>
      report('The annotation was not saved', async () => {
        const editor = activeManuscript();
        if (!editor || editor.selection.isEmpty) {
          void vscode.window.showInformationMessage('Select the passage to annotate in a manuscript first.');
          return;
        }
        if (options?.body) {
          await store.add(editor.document, editor.selection, options.body, await author(editor.document.uri));
        } else {
          threads.annotateSelection(editor);
        }
      }),
    ),
    vscode.commands.registerCommand('marginalia.updateAnchors', () =>
      report('The anchors were not updated', async () => {
        const editor = activeManuscript();
        if (!editor) return;
        const updated = await store.updateAnchors(editor.document);
        void vscode.window.showInformationMessage(
          updated === 0 ? 'Every annotation is where its sidecar says: nothing to update.' : `Updated the anchors of ${updated} annotation${updated === 1 ? '' : 's'} in the sidecar.`,
        );
      }),
    ),
  );
}
