import * as vscode from 'vscode';
import { parseSidecar, setNoteText, type Sidecar } from '../../core/notes/notesSidecar';
import { SIDECAR_SUFFIX, sidecarPathFor } from '../../core/sidecar/sidecarFile';
import type { MarkerKind } from '../../core/manuscript/model';
import { readTextFile } from './convert';
import type { FileLocks } from './fileLocks';
import { editTextFile, openDocument } from './lockedEdits';
import { SidecarText } from '../../core/sidecar/sidecarText';

export interface LoadedSidecar {
  readonly uri: vscode.Uri;
  /** Undefined when the file does not exist yet. */
  readonly text: string | undefined;
  /** The text and what has been read of it: pass it to the annotations' readers and edits, so that they do not read it again. */
  readonly read: SidecarText;
  readonly sidecar: Sidecar;
}

/** A sidecar above the platform's size limit (the browser's): not read, so never written from a partial view either. */
export class SidecarTooLargeError extends Error {}

/**
 * The sidecars of the manuscripts. A sidecar open in an editor is read from its document (what the
 * user sees, saved or not); otherwise from disk through `workspace.fs`, re-read when it changes.
 * A sidecar that does not parse is never written.
 */
export class Sidecars implements vscode.Disposable {
  private readonly fromDisk = new Map<string, Promise<LoadedSidecar>>();
  private readonly fromDocuments = new Map<string, { version: number; loaded: LoadedSidecar }>();
  /** The text each sidecar was last loaded with, and what was read of it: an edit of that same text does not read it again. */
  private readonly lastRead = new Map<string, SidecarText>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher(`**/*${SIDECAR_SUFFIX}`);
  private readonly subscriptions: vscode.Disposable[];

  /** Fires with the sidecar's URI when it changed, on disk or in an editor. */
  readonly onDidChange = this.changed.event;

  private readonly largestFile: number | undefined;
  private readonly warnedTooLarge = new Set<string>();

  /** `largestFile`: bytes; a larger sidecar on disk is not read (the browser's worker would stall on it). */
  constructor(
    private readonly locks: FileLocks,
    options: { largestFile?: number } = {},
  ) {
    this.largestFile = options.largestFile;
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
      const loaded = this.loadedFrom(uri, text);
      this.fromDocuments.set(key, { version: document.version, loaded });
      return loaded;
    }
    let loaded = this.fromDisk.get(key);
    if (!loaded) {
      loaded = this.readFromDisk(uri);
      this.fromDisk.set(key, loaded);
      // A failed read is not remembered, so that the next one tries again; its callers get the error.
      loaded.catch(() => this.fromDisk.delete(key));
    }
    return loaded;
  }

  private async readFromDisk(uri: vscode.Uri): Promise<LoadedSidecar> {
    await this.refuseTooLarge(uri);
    return this.loadedFrom(uri, await readTextFile(uri));
  }

  /** A sidecar's text as loaded, its notes read. */
  private loadedFrom(uri: vscode.Uri, text: string | undefined): LoadedSidecar {
    const read = new SidecarText(text ?? '');
    this.lastRead.set(uri.toString(), read);
    return { uri, text, read, sidecar: parseSidecar(read) };
  }

  /** Throws `SidecarTooLargeError` for a file on disk over the limit, telling the user once per file. */
  private async refuseTooLarge(uri: vscode.Uri): Promise<void> {
    if (this.largestFile === undefined) return;
    const size = await vscode.workspace.fs.stat(uri).then(
      (stat) => stat.size,
      (error: unknown) => {
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return 0;
        throw error;
      },
    );
    if (size > this.largestFile) throw this.tooLarge(uri, size);
  }

  private tooLarge(uri: vscode.Uri, size: number): SidecarTooLargeError {
    const megabytes = (bytes: number) => bytes / (1024 * 1024);
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const message =
      `${name} is ${megabytes(size).toFixed(1)} MB, more than the ${Math.round(megabytes(this.largestFile ?? 0))} MB Marginalia reads in the browser: ` +
      'its annotations and notes are not loaded here, and nothing is written to it. Open the book in desktop VS Code to work on them';
    if (!this.warnedTooLarge.has(uri.toString())) {
      this.warnedTooLarge.add(uri.toString());
      void vscode.window.showWarningMessage(`Marginalia: ${message}.`);
    }
    return new SidecarTooLargeError(message);
  }

  /** Sets a note's text in the manuscript's sidecar, creating the file if needed; see `edit`. */
  setNote(manuscript: vscode.Uri, kind: MarkerKind, number: number, text: string): Promise<void> {
    return this.edit(manuscript, (current) => setNoteText(current, kind, number, text));
  }

  /**
   * Changes the manuscript's sidecar by applying `change` to its current text (undefined when it does
   * not exist), holding its lock: see `editTextFile`. `change` throws `SidecarNotWritableError` when
   * it cannot; the edit rejects with `FileLockError` when another writer keeps the lock.
   * `read` is what was last loaded of the sidecar when it is the current text (undefined otherwise).
   */
  edit(manuscript: vscode.Uri, change: (current: string | undefined, read: SidecarText | undefined) => string): Promise<void> {
    return this.editFile(Sidecars.uriFor(manuscript), change);
  }

  /** `edit`, given the sidecar's own URI. */
  async editFile(uri: vscode.Uri, change: (current: string | undefined, read: SidecarText | undefined) => string): Promise<void> {
    if (!openDocument(uri)) await this.refuseTooLarge(uri);
    const withRead = (current: string | undefined) => {
      const lastRead = this.lastRead.get(uri.toString());
      return change(current, lastRead !== undefined && lastRead.text === current ? lastRead : undefined);
    };
    const edited = await editTextFile(uri, withRead, this.locks);
    if (!edited) return;
    if (edited.in === 'disk') this.fromDisk.set(uri.toString(), Promise.resolve(this.loadedFrom(uri, edited.text)));
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
