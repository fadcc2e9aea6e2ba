import * as vscode from 'vscode';
import { parseSidecar, setNoteText, SIDECAR_SUFFIX, sidecarPathFor, type Sidecar } from '../core/sidecar';
import type { MarkerKind } from '../core/model';
import { readTextFile } from './convert';

export interface LoadedSidecar {
  readonly uri: vscode.Uri;
  /** Undefined when the file does not exist yet. */
  readonly text: string | undefined;
  readonly sidecar: Sidecar;
}

/**
 * The sidecars of the manuscripts, read through `workspace.fs` and re-read when they change on disk.
 * Writes are atomic (a temporary file renamed over the sidecar) and refused while the file does not parse.
 */
export class Sidecars implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<LoadedSidecar>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher(`**/*${SIDECAR_SUFFIX}`);
  private readonly subscriptions: vscode.Disposable[];

  /** Fires with the sidecar's URI when it changed on disk or was written. */
  readonly onDidChange = this.changed.event;

  constructor() {
    const forget = (uri: vscode.Uri) => {
      this.cache.delete(uri.toString());
      this.changed.fire(uri);
    };
    this.subscriptions = [this.watcher.onDidChange(forget), this.watcher.onDidCreate(forget), this.watcher.onDidDelete(forget)];
  }

  static uriFor(manuscript: vscode.Uri): vscode.Uri {
    return manuscript.with({ path: sidecarPathFor(manuscript.path) });
  }

  /** The sidecar of a manuscript (an empty one when there is no file yet). */
  forManuscript(manuscript: vscode.Uri): Promise<LoadedSidecar> {
    return this.load(Sidecars.uriFor(manuscript));
  }

  load(uri: vscode.Uri): Promise<LoadedSidecar> {
    const key = uri.toString();
    let loaded = this.cache.get(key);
    if (!loaded) {
      loaded = readTextFile(uri).then((text) => ({ uri, text, sidecar: parseSidecar(text ?? '') }));
      this.cache.set(key, loaded);
      loaded.catch(() => this.cache.delete(key));
    }
    return loaded;
  }

  /** Sets a note's text in the manuscript's sidecar, creating the file if needed. Throws if it cannot. */
  async setNote(manuscript: vscode.Uri, kind: MarkerKind, number: number, text: string): Promise<void> {
    const uri = Sidecars.uriFor(manuscript);
    // Read afresh: the file on disk, not a cached copy, is what the edit must preserve.
    this.cache.delete(uri.toString());
    const current = await readTextFile(uri);
    const updated = setNoteText(current, kind, number, text);
    if (updated === current) return;
    await writeAtomically(uri, updated);
    this.cache.set(uri.toString(), Promise.resolve({ uri, text: updated, sidecar: parseSidecar(updated) }));
    this.changed.fire(uri);
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.watcher.dispose();
    this.changed.dispose();
  }
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
