import * as vscode from 'vscode';
import { BOOK_FILE_NAME, MANUSCRIPT_EXTENSION, ManuscriptMatcher, parseBookFile, type BookFile } from '../../core/manuscript/book';
import { parseCast } from '../../core/cast/cast';
import { readTextFile, toRange } from './convert';

export interface Book {
  /** The folder holding `marginalia.yaml`. */
  readonly folder: vscode.Uri;
  readonly file: vscode.Uri;
  readonly content: BookFile;
  readonly matcher: ManuscriptMatcher;
}

/**
 * The workspace's books: every folder with a `marginalia.yaml`, kept up to date as those files change.
 * Problems in a book file are shown in the Problems panel; a book file that does not parse is never written.
 */
export class Books implements vscode.Disposable {
  private readonly books = new Map<string, Book>();
  /** The text each book file was last read with (by its URI): to tell whether it changed since. */
  private readonly readTexts = new Map<string, string>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('marginalia-book');
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher(`**/${BOOK_FILE_NAME}`);
  private readonly subscriptions: vscode.Disposable[];

  /** Fires when a book is added, changed or removed. */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.subscriptions = [
      this.watcher.onDidCreate((uri) => this.reload(uri)),
      this.watcher.onDidChange((uri) => this.reload(uri)),
      this.watcher.onDidDelete((uri) => this.remove(uri)),
    ];
  }

  private loading: Promise<void> | undefined;

  /**
   * Resolves once every book file of the workspace has been found and read; the first call starts
   * that. Activation does not wait for it (the workspace's file search can take seconds while the
   * editor starts): the features follow `onDidChange`, and what must not act on a list still
   * incomplete (creating a book, telling the user a file has none) awaits this first.
   */
  whenLoaded(): Promise<void> {
    this.loading ??= this.findAndRead();
    return this.loading;
  }

  private async findAndRead(): Promise<void> {
    const files = await vscode.workspace.findFiles(`**/${BOOK_FILE_NAME}`, '**/{node_modules,.git}/**');
    await Promise.all(files.map((file) => this.read(file)));
    this.changed.fire();
  }

  all(): readonly Book[] {
    return [...this.books.values()];
  }

  /** The book a file belongs to: the one whose folder is the nearest above it. */
  bookFor(uri: vscode.Uri): Book | undefined {
    let found: Book | undefined;
    for (const book of this.books.values()) {
      if (isInside(book.folder, uri) && (!found || book.folder.path.length > found.folder.path.length)) found = book;
    }
    return found;
  }

  /** A `.manuscript` file always is; another file is when its book's `manuscripts:` globs list it. */
  isManuscript(uri: vscode.Uri): boolean {
    if (uri.path.endsWith(MANUSCRIPT_EXTENSION)) return true;
    const book = this.bookFor(uri);
    return book !== undefined && book.matcher.matches(relativePath(book.folder, uri));
  }

  /**
   * Reads again the book files in the folders above `uri` (up to its workspace folder) that are
   * new or changed since they were last read, and says whether any was. The file watcher reports
   * them too, but late on a busy machine, and a file it reports as created may be read before it
   * is written: a file opened meanwhile would not be taken for the manuscript it is.
   */
  async catchUpAround(uri: vscode.Uri): Promise<boolean> {
    const root = vscode.workspace.getWorkspaceFolder(uri)?.uri;
    if (!root) return false;
    let changed = false;
    for (let folder = folderOf(uri); isInside(root, folder) || folder.path === root.path; folder = folderOf(folder)) {
      const file = vscode.Uri.joinPath(folder, BOOK_FILE_NAME);
      const text = await readTextFile(file);
      if (text !== undefined && text !== this.readTexts.get(file.toString())) {
        await this.read(file);
        changed = true;
      }
      if (folder.path === root.path) break;
    }
    if (changed) this.changed.fire();
    return changed;
  }

  private async reload(file: vscode.Uri): Promise<void> {
    await this.read(file);
    this.changed.fire();
  }

  private remove(file: vscode.Uri): void {
    this.books.delete(folderOf(file).toString());
    this.readTexts.delete(file.toString());
    this.diagnostics.delete(file);
    this.changed.fire();
  }

  private async read(file: vscode.Uri): Promise<void> {
    const text = await readTextFile(file);
    if (text === undefined) {
      this.remove(file);
      return;
    }
    this.readTexts.set(file.toString(), text);
    const content = parseBookFile(text);
    // The book file's YAML errors are the cast's too: those are reported once, from the book.
    const castProblems = content.parsed ? parseCast(text).problems : [];
    this.diagnostics.set(
      file,
      [...content.problems, ...castProblems].map((problem) => {
        const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
        const diagnostic = new vscode.Diagnostic(toRange(problem.range), problem.message, severity);
        diagnostic.code = problem.code;
        diagnostic.source = 'marginalia';
        return diagnostic;
      }),
    );
    const folder = folderOf(file);
    const previous = this.books.get(folder.toString());
    // A book file that stops parsing keeps the globs it had, rather than dropping every manuscript.
    const kept = !content.parsed && previous ? previous : undefined;
    this.books.set(folder.toString(), {
      folder,
      file,
      content: kept?.content ?? content,
      matcher: kept?.matcher ?? new ManuscriptMatcher(content.manuscripts),
    });
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.watcher.dispose();
    this.diagnostics.dispose();
    this.changed.dispose();
  }
}

export function folderOf(file: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(file, '..');
}

export function isInside(folder: vscode.Uri, uri: vscode.Uri): boolean {
  return (
    folder.scheme === uri.scheme &&
    folder.authority === uri.authority &&
    uri.path.startsWith(folder.path.endsWith('/') ? folder.path : `${folder.path}/`)
  );
}

/** The `/`-separated path of `uri` relative to `folder`, which holds it. */
export function relativePath(folder: vscode.Uri, uri: vscode.Uri): string {
  return uri.path.slice(folder.path.replace(/\/$/, '').length + 1);
}
