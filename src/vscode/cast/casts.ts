import * as vscode from 'vscode';
import { BOOK_FILE_NAME } from '../../core/manuscript/book';
import { parseCast, type Cast, type CastEntity } from '../../core/cast/cast';
import { CastNotWritableError } from '../../core/cast/castEdits';
import { MentionIndex, type AmbiguousMention, type Mention } from '../../core/mentions/mentions';
import { NameMatcher } from '../../core/mentions/nameMatcher';
import { parsePins, resolvePins } from '../../core/mentions/pins';
import { MANUSCRIPT_LANGUAGE, readTextFile } from '../common/convert';
import type { Book, Books } from '../common/books';
import type { ManuscriptModels } from '../common/manuscriptModels';
import type { Sidecars } from '../common/sidecars';
import type { FileLocks } from '../common/fileLocks';
import { editTextFile, openDocument } from '../common/lockedEdits';

/** A book's cast, as its `marginalia.yaml` reads now (its open document when open). */
export interface BookCast {
  readonly book: Book;
  readonly cast: Cast;
  /** The names matched in the book's manuscripts, shared by their indexes. */
  readonly matcher: NameMatcher;
}

interface IndexState {
  version: number;
  readonly bookCast: BookCast;
  readonly index: MentionIndex;
  /** The sidecar version whose pins the index holds; undefined until they are read. */
  pinned: boolean;
}

/**
 * The cast of each book and the mentions in each open manuscript. The cast is re-read when
 * `marginalia.yaml` changes (on disk or in its editor); a manuscript's mentions are indexed once
 * per document version, a one-line edit re-reading that line only, with the pins of its sidecar.
 * Announces changes; views refresh from what it holds.
 */
export class Casts implements vscode.Disposable {
  private readonly casts = new Map<string, BookCast>();
  private readonly indexes = new Map<string, IndexState>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];

  /** The entity selected in People & Places: what Next Mention follows when the cursor is on no name. */
  focusedEntity: string | undefined;

  /** Fires when a cast or a manuscript's mentions changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly books: Books,
    private readonly models: ManuscriptModels,
    private readonly sidecars: Sidecars,
    private readonly locks: FileLocks,
  ) {
    this.subscriptions = [
      books.onDidChange(() => void this.reloadAll()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (isBookFile(event.document.uri)) {
          if (event.contentChanges.length > 0) this.readFrom(event.document);
        } else if (event.contentChanges.length > 0) this.follow(event);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.indexes.delete(document.uri.toString())) this.changed.fire();
      }),
      sidecars.onDidChange(() => {
        // A sidecar changed (which manuscript's is not worth working out): pins are placed again.
        for (const state of this.indexes.values()) state.pinned = false;
        for (const document of vscode.workspace.textDocuments) if (this.indexes.has(document.uri.toString())) void this.applyPins(document);
      }),
    ];
  }

  /** Resolves once the workspace's books are known (`Books.whenLoaded`): before, no file has a cast. */
  whenBooksLoaded(): Promise<void> {
    return this.books.whenLoaded();
  }

  /** The cast of the book a file belongs to (the book file itself included). */
  castFor(uri: vscode.Uri): BookCast | undefined {
    const book = this.books.bookFor(uri);
    if (!book) return undefined;
    const key = book.file.toString();
    let found = this.casts.get(key);
    if (!found) {
      const document = openDocument(book.file);
      if (document) found = this.store(book, document.getText());
      else void this.read(book);
    }
    return found;
  }

  /** The book's manuscripts read against this cast, opened (not shown), in path order: what "the whole book" shows. */
  async bookManuscripts(bookCast: BookCast): Promise<vscode.TextDocument[]> {
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(bookCast.book.folder, '**/*'), '**/{node_modules,.git}/**');
    // Of the same book, not the same reading of its cast: marginalia.yaml may be read again meanwhile.
    const bookFile = bookCast.book.file.toString();
    const manuscripts = files.filter((file) => this.books.isManuscript(file) && this.books.bookFor(file)?.file.toString() === bookFile);
    manuscripts.sort((a, b) => a.path.localeCompare(b.path));
    return Promise.all(manuscripts.map((file) => vscode.workspace.openTextDocument(file)));
  }

  /** Every book's cast read so far. */
  all(): readonly BookCast[] {
    return [...this.casts.values()];
  }

  /** The mentions of a manuscript document, indexed for this version; undefined outside a book with a cast. */
  index(document: vscode.TextDocument): MentionIndex | undefined {
    if (document.languageId !== MANUSCRIPT_LANGUAGE) return undefined;
    const bookCast = this.castFor(document.uri);
    if (!bookCast || bookCast.cast.entities.length === 0) return undefined;
    const key = document.uri.toString();
    const state = this.indexes.get(key);
    if (state && state.version === document.version && state.bookCast === bookCast) return state.index;
    const index = MentionIndex.build(document.getText(), bookCast.matcher);
    this.indexes.set(key, { version: document.version, bookCast, index, pinned: false });
    void this.applyPins(document);
    return index;
  }

  /** The mention (or ambiguous mention) at a position, with its entity when it has one. */
  at(document: vscode.TextDocument, position: vscode.Position): { mention: Mention | AmbiguousMention; entity: CastEntity | undefined; bookCast: BookCast } | undefined {
    const index = this.index(document);
    const bookCast = this.castFor(document.uri);
    const mention = index?.at(position.line, position.character);
    if (!mention || !bookCast) return undefined;
    return { mention, entity: 'entity' in mention ? bookCast.cast.entity(mention.entity) : undefined, bookCast };
  }

  /**
   * Changes the book's `marginalia.yaml` with `change` of its current text, holding its lock: see
   * `editTextFile`. Refuses a file that does not parse.
   */
  async edit(book: Book, change: (current: string) => string): Promise<void> {
    const edited = await editTextFile(
      book.file,
      (current) => {
        if (!parseCast(current ?? '').parsed) throw new CastNotWritableError(`${BOOK_FILE_NAME} does not parse: fix it first; nothing was written`);
        return change(current ?? '');
      },
      this.locks,
    );
    if (!edited) return;
    this.store(book, edited.text);
    this.changed.fire();
  }

  private follow(event: vscode.TextDocumentChangeEvent): void {
    const document = event.document;
    const state = this.indexes.get(document.uri.toString());
    if (!state) return;
    const [change] = event.contentChanges;
    const oneLine =
      event.contentChanges.length === 1 &&
      state.version === document.version - 1 &&
      change.range.isSingleLine &&
      !/[\r\n]/.test(change.text);
    if (oneLine) {
      // One paragraph typed in: that line alone is read again; its pins are placed again later.
      const line = change.range.start.line;
      state.index.replaceLines(line, 1, [document.lineAt(line).text]);
      state.version = document.version;
      state.pinned = false;
      void this.applyPins(document);
    } else {
      this.indexes.delete(document.uri.toString());
    }
    this.changed.fire();
  }

  private async applyPins(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const state = this.indexes.get(key);
    if (!state || state.pinned) return;
    const version = document.version;
    const loaded = await this.sidecars.forManuscript(document.uri);
    const pins = parsePins(loaded.text ?? '');
    const current = this.indexes.get(key);
    if (current !== state || document.version !== version || state.version !== version) return;
    const text = document.getText();
    const { placements } = resolvePins(text, this.models.get(document), pins.pins.map((entry) => entry.pin));
    state.index.setPins(placements);
    state.pinned = true;
    if (pins.pins.length > 0) this.changed.fire();
  }

  private async reloadAll(): Promise<void> {
    const books = this.books.all();
    for (const key of this.casts.keys()) if (!books.some((book) => book.file.toString() === key)) this.casts.delete(key);
    await Promise.all(books.map((book) => this.read(book)));
  }

  private async read(book: Book): Promise<void> {
    const document = openDocument(book.file);
    const text = document ? document.getText() : await readTextFile(book.file);
    if (text === undefined) return;
    const previous = this.casts.get(book.file.toString());
    if (previous && previous.book === book && text === this.texts.get(book.file.toString())) return;
    this.store(book, text);
    this.changed.fire();
  }

  private readFrom(document: vscode.TextDocument): void {
    const book = this.books.all().find((candidate) => candidate.file.toString() === document.uri.toString());
    if (!book) return;
    this.store(book, document.getText());
    this.changed.fire();
  }

  private readonly texts = new Map<string, string>();

  private store(book: Book, text: string): BookCast {
    const key = book.file.toString();
    const cast = parseCast(text);
    const previous = this.casts.get(key);
    // A cast that stops parsing keeps the one before, as the book's globs are kept.
    if (!cast.parsed && previous) return previous;
    const bookCast: BookCast = { book, cast, matcher: new NameMatcher(cast.entities) };
    this.casts.set(key, bookCast);
    this.texts.set(key, text);
    return bookCast;
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.changed.dispose();
  }
}

export function isBookFile(uri: vscode.Uri): boolean {
  return uri.path.endsWith(`/${BOOK_FILE_NAME}`);
}
