import * as vscode from 'vscode';
import { readTextFile } from './convert';
import type { FileLocks } from './fileLocks';
import { errorMessage } from '../../core/text/errorMessage';

/** Where an edit went: the file on disk, or the document open in an editor (saved, or left unsaved as it was). */
export type EditedIn = 'disk' | 'editor';

/**
 * Changes a text file (a sidecar, `marginalia.yaml`) by applying `change` to its current text
 * (undefined when the file does not exist), holding the file's lock from the read to the write so
 * that other writers (the CLI, another window) neither lose this edit nor have theirs lost.
 * Resolves to the new text and where it went, or undefined when `change` changed nothing.
 *
 * A file open in an editor:
 * - with unsaved changes, is edited in the editor (undo works) and left unsaved: those changes are
 *   the user's, and the disk is not written. VS Code's own save later refuses to write over a file
 *   changed on disk meanwhile, and asks.
 * - without, and showing what is on disk, is edited in the editor and saved, the lock held until the
 *   save is done, so that no other writer comes between the read and the save.
 * - without, but behind the disk (another writer saved and the editor has not reloaded yet), is
 *   left alone: the disk's text is edited and written atomically, and the editor reloads it.
 * A closed file is written atomically through `workspace.fs`.
 */
export async function editTextFile(
  uri: vscode.Uri,
  change: (current: string | undefined) => string,
  locks: FileLocks,
): Promise<{ readonly text: string; readonly in: EditedIn } | undefined> {
  return locks.withLock(uri, async () => {
    const document = openDocument(uri);
    if (document?.isDirty) return editDocument(document, change, false);
    const onDisk = await readTextFile(uri);
    if (document && document.getText() === (onDisk ?? '')) return editDocument(document, change, true);
    const updated = change(onDisk);
    if (updated === onDisk) return undefined;
    await writeAtomically(uri, updated);
    return { text: updated, in: 'disk' as const };
  });
}

async function editDocument(
  document: vscode.TextDocument,
  change: (current: string) => string,
  save: boolean,
): Promise<{ readonly text: string; readonly in: EditedIn } | undefined> {
  const before = document.getText();
  const updated = change(before);
  if (updated === before) return undefined;
  const { prefix, suffix } = commonEnds(before, updated);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(prefix), document.positionAt(before.length - suffix)), updated.slice(prefix, updated.length - suffix));
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the editor refused the edit');
  if (save && !(await document.save())) throw new Error('the editor could not save it; the change is in the editor, unsaved');
  return { text: updated, in: 'editor' };
}

export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
}

/** The lengths of the common prefix and suffix of two texts: an edit between them leaves the rest alone. */
function commonEnds(before: string, after: string): { prefix: number; suffix: number } {
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  return { prefix, suffix };
}

/** Writes a temporary file beside the target, then renames it over: readers never see half a file. */
export async function writeAtomically(uri: vscode.Uri, text: string): Promise<void> {
  const temporary = uri.with({ path: `${uri.path}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp` });
  await vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(text));
  try {
    await vscode.workspace.fs.rename(temporary, uri, { overwrite: true });
  } catch (error) {
    // The rename's failure is the one to report; a temporary file that will not go either is only litter, logged.
    await vscode.workspace.fs.delete(temporary).then(undefined, (deleteError: unknown) => console.warn(`marginalia: could not remove ${temporary.toString()}: ${errorMessage(deleteError)}`));
    throw error;
  }
}
