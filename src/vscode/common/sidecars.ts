import * as vscode from 'vscode';
import { parseSidecar, setNoteText, SIDECAR_SUFFIX, sidecarPathFor, type Sidecar } from '../../core/notes/notesSidecar';
import type { MarkerKind } from '../../core/manuscript/model';
import { readTextFile } from './convert';

export interface LoadedSidecar {
  readonly uri: vscode.Uri;
  /** Undefined when the file does not exist yet. */
  readonly text: string | undefined;
  readonly sidecar: Sidecar;
}

/**
 * The sidecars of the manuscripts. A sidecar open in an editor is read from its document (what the
 * user sees, saved or not); otherwise from disk through `workspace.fs`, re-read when it changes.
 * A sidecar that does not parse is never written.
 */
export class Sidecars implements vscode.Disposable {
  private readonly fromDisk = new Map<string, Promise<LoadedSidecar>>();
  private readonly fromDocuments = new Map<string, { version: number; loaded: LoadedSidecar }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher(`**/*${SIDECAR_SUFFIX}`);
  private readonly subscriptions: vscode.Disposable[];

  /** Fires with the sidecar's URI when it changed, on disk or in an editor. */
  readonly onDidChange = this.changed.event;

  constructor() {
    const forget = (uri: vscode.Uri) => {
      this.fromDisk.delete(uri.toString());
      this.changed.fire(uri);
    };
    this.subscriptions = [
      this.watcher.onDidChange(forget),
      this.watcher.onDidCreate(forget),
      this.watcher.onDidDelete(forget),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (isSidecar(event.document.uri) && event.contentChanges.length > 0) this.changed.fire(event.document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.fromDocuments.delete(document.uri.toString())) forget(document.uri);
      }),
    ];
  }

  static uriFor(manuscript: vscode.Uri): vscode.Uri {
    return manuscript.with({ path: sidecarPathFor(manuscript.path) });
  }

  /** The sidecar of a manuscript (an empty one when there is no file yet). */
  forManuscript(manuscript: vscode.Uri): Promise<LoadedSidecar> {
    return this.load(Sidecars.uriFor(manuscript));
  }

  async load(uri: vscode.Uri): Promise<LoadedSidecar> {
    const key = uri.toString();
    const document = openDocument(uri);
    if (document) {
      const cached = this.fromDocuments.get(key);
      if (cached?.version === document.version) return cached.loaded;
      const text = document.getText();
      const loaded = { uri, text, sidecar: parseSidecar(text) };
      this.fromDocuments.set(key, { version: document.version, loaded });
      return loaded;
    }
    let loaded = this.fromDisk.get(key);
    if (!loaded) {
      loaded = readTextFile(uri).then((text) => ({ uri, text, sidecar: parseSidecar(text ?? '') }));
      this.fromDisk.set(key, loaded);
      loaded.catch(() => this.fromDisk.delete(key));
    }
    return loaded;
  }

  /** Sets a note's text in the manuscript's sidecar, creating the file if needed; see `edit`. */
  setNote(manuscript: vscode.Uri, kind: MarkerKind, number: number, text: string): Promise<void> {
    return this.edit(manuscript, (current) => setNoteText(current, kind, number, text));
  }

  /**
   * Changes the manuscript's sidecar by applying `change` to its current text (undefined when it does
   * not exist). An open sidecar is edited in its editor (and saved unless it had unsaved changes); a
   * closed one is written atomically. `change` throws `SidecarNotWritableError` when it cannot.
   */
  edit(manuscript: vscode.Uri, change: (current: string | undefined) => string): Promise<void> {
    return this.editFile(Sidecars.uriFor(manuscript), change);
  }

  /** `edit`, given the sidecar's own URI. */
  async editFile(uri: vscode.Uri, change: (current: string | undefined) => string): Promise<void> {
    const document = openDocument(uri);
    // The current text, not a cached copy, is what the edit must preserve.
    const current = document ? document.getText() : await readTextFile(uri);
    const updated = change(current);
    if (updated === current) return;
    if (document) {
      const wasDirty = document.isDirty;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, changedRange(document, updated), changedText(document.getText(), updated));
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the editor refused the edit');
      if (!wasDirty) await document.save();
    } else {
      await writeAtomically(uri, updated);
      this.fromDisk.set(uri.toString(), Promise.resolve({ uri, text: updated, sidecar: parseSidecar(updated) }));
    }
    this.changed.fire(uri);
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.watcher.dispose();
    this.changed.dispose();
  }
}

function isSidecar(uri: vscode.Uri): boolean {
  return uri.path.endsWith(SIDECAR_SUFFIX);
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
}

/** The span between the common prefix and suffix of two texts: an edit that leaves the rest alone. */
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

function changedRange(document: vscode.TextDocument, updated: string): vscode.Range {
  const before = document.getText();
  const { prefix, suffix } = commonEnds(before, updated);
  return new vscode.Range(document.positionAt(prefix), document.positionAt(before.length - suffix));
}

function changedText(before: string, updated: string): string {
  const { prefix, suffix } = commonEnds(before, updated);
  return updated.slice(prefix, updated.length - suffix);
}

/** Writes a temporary file beside the target, then renames it over: readers never see half a file. */
export async function writeAtomically(uri: vscode.Uri, text: string): Promise<void> {
  const temporary = uri.with({ path: `${uri.path}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp` });
  await vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(text));
  try {
    await vscode.workspace.fs.rename(temporary, uri, { overwrite: true });
  } catch (error) {
    await vscode.workspace.fs.delete(temporary).then(undefined, () => undefined);
    throw error;
  }
}
