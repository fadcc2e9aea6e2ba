import * as vscode from 'vscode';
import { tagsIn, type Annotation, type AnnotationStatus, type Resolution, type TextSpan } from '../../core/annotations/annotation';
import { resolveTargets } from '../../core/anchoring/anchoring';
import { describeTarget, describeTargets } from '../../core/anchoring/targets';
import { newAnnotationId, newReplyId, parseAnnotations } from '../../core/annotations/annotationYaml';
import { addAnnotation, removeAnnotation, updateAnnotation, updateTargets } from '../../core/annotations/annotationEdits';
import { mapSpanThrough } from '../../core/annotations/liveSpans';
import type { SidecarProblem } from '../../core/sidecar/sidecarFile';
import { MANUSCRIPT_LANGUAGE } from '../common/convert';
import type { ManuscriptModels } from '../common/manuscriptModels';
import { FileLockError } from '../common/fileLocks';
import { Sidecars } from '../common/sidecars';
import type { SidecarText } from '../../core/sidecar/sidecarText';

/** An annotation with where its passage is now in the open document. */
export interface LiveAnnotation {
  readonly annotation: Annotation;
  /** How the passage was found when the sidecar was last read. */
  readonly resolution: Resolution;
  /** Where the passage is now, following edits; undefined when lost (orphaned, ambiguous, or deleted by an edit). */
  readonly span: TextSpan | undefined;
  /** True while the annotation lives only in memory because the sidecar could not be written. */
  readonly unsaved: boolean;
}

/** The annotations of one manuscript document. */
export interface DocumentAnnotations {
  readonly uri: vscode.Uri;
  /** False when the sidecar does not parse: what was shown before is kept, and nothing is written. */
  readonly readable: boolean;
  readonly problems: readonly SidecarProblem[];
  readonly entries: readonly LiveAnnotation[];
}

interface State {
  uri: vscode.Uri;
  version: number;
  readable: boolean;
  problems: readonly SidecarProblem[];
  entries: LiveAnnotation[];
}

/**
 * The annotations of open manuscripts, resolved against their text and kept in step with edits.
 * The sidecar is the source of truth: it is re-read whenever it changes (a checkout, a pull, a hand
 * edit), and every change the user makes is written to it before the views show it.
 */
export class AnnotationStore implements vscode.Disposable {
  private readonly states = new Map<string, State>();
  private readonly loading = new Map<string, Promise<State | undefined>>();
  /** The read asked for while another was under way, per manuscript. */
  private readonly rereads = new Map<string, Promise<State | undefined>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly added = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[];

  /** Fires with a manuscript's URI when its annotations changed: read again, edited, or moved by typing. */
  readonly onDidChange = this.changed.event;
  /** Fires with a manuscript's URI when an annotation was added to it and saved. */
  readonly onDidAdd = this.added.event;

  constructor(
    private readonly models: ManuscriptModels,
    private readonly sidecars: Sidecars,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => this.follow(event)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.states.delete(document.uri.toString())) this.changed.fire(document.uri);
      }),
      sidecars.onDidChange((sidecar) => {
        const document = vscode.workspace.textDocuments.find(
          (d) => d.languageId === MANUSCRIPT_LANGUAGE && Sidecars.uriFor(d.uri).toString() === sidecar.toString(),
        );
        if (document) void this.reload(document);
      }),
    ];
  }

  /** The annotations of a manuscript document, read and resolved on first use. */
  async forDocument(document: vscode.TextDocument): Promise<DocumentAnnotations | undefined> {
    return this.states.get(document.uri.toString()) ?? this.reload(document);
  }

  /** What is known now, without reading anything: for views that must not wait. */
  peek(uri: vscode.Uri): DocumentAnnotations | undefined {
    return this.states.get(uri.toString());
  }

  all(): readonly DocumentAnnotations[] {
    return [...this.states.values()];
  }

  /** Reads the sidecar again and resolves every annotation against the document as it is now. */
  reload(document: vscode.TextDocument): Promise<State | undefined> {
    const key = document.uri.toString();
    const pending = this.loading.get(key);
    if (pending) {
      // The file may have changed after that read began: read once more when it ends (once for
      // however many changes come meanwhile), or a change on disk could be missed.
      let again = this.rereads.get(key);
      if (!again) {
        again = pending.then(() => {
          this.rereads.delete(key);
          return this.reload(document);
        });
        this.rereads.set(key, again);
      }
      return again;
    }
    const loading = this.read(document).finally(() => this.loading.delete(key));
    this.loading.set(key, loading);
    return loading;
  }

  private async read(document: vscode.TextDocument): Promise<State | undefined> {
    if (document.languageId !== MANUSCRIPT_LANGUAGE || document.isClosed) return undefined;
    const loaded = await this.sidecars.forManuscript(document.uri);
    const sidecar = parseAnnotations(loaded.read);
    const previous = this.states.get(document.uri.toString());
    const unsaved = previous?.entries.filter((entry) => entry.unsaved) ?? [];
    let state: State;
    if (!sidecar.parsed && previous) {
      // A sidecar broken while open: keep what is shown, say why, write nothing until it parses.
      state = { ...previous, readable: false, problems: sidecar.problems };
    } else {
      const text = document.getText();
      const resolutions = resolveTargets(text, this.models.get(document), sidecar.annotations.map((entry) => entry.annotation.target));
      const entries: LiveAnnotation[] = sidecar.annotations.map((entry, index) => ({
        annotation: entry.annotation,
        resolution: resolutions[index],
        span: resolutions[index].span,
        unsaved: false,
      }));
      const saved = new Set(entries.map((entry) => entry.annotation.id));
      entries.push(...unsaved.filter((entry) => !saved.has(entry.annotation.id)));
      state = { uri: document.uri, version: document.version, readable: sidecar.parsed, problems: sidecar.problems, entries };
    }
    this.states.set(document.uri.toString(), state);
    this.changed.fire(document.uri);
    return state;
  }

  /** Moves every passage with the text as it is typed: work bounded by the number of annotations, not the book. */
  private follow(event: vscode.TextDocumentChangeEvent): void {
    const state = this.states.get(event.document.uri.toString());
    if (!state || event.contentChanges.length === 0) return;
    const changes = event.contentChanges.map((change) => ({ offset: change.rangeOffset, length: change.rangeLength, text: change.text }));
    // Entries whose passage the edit leaves in place are kept as they are; a plain literal for the
    // others (a spread is ten times slower here, at thousands of annotations per keystroke).
    state.entries = state.entries.map((entry) => {
      if (!entry.span) return entry;
      const span = mapSpanThrough(entry.span, changes);
      return span === entry.span ? entry : { annotation: entry.annotation, resolution: entry.resolution, span, unsaved: entry.unsaved };
    });
    state.version = event.document.version;
    this.changed.fire(event.document.uri);
  }

  /** Annotates a passage of the document; resolves to the new annotation's id. */
  async add(document: vscode.TextDocument, range: vscode.Range, body: string, author: string | undefined): Promise<string> {
    const span = { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const annotation: Annotation = {
      id: newAnnotationId(),
      target: describeTarget(document.getText(), this.models.get(document), span),
      body,
      tags: tagsIn(body),
      entities: [],
      author,
      created: now,
      modified: undefined,
      status: 'open',
      replies: [],
    };
    await this.write(document, annotation, (text, read) => addAnnotation(read ?? text, annotation));
    this.added.fire(document.uri);
    return annotation.id;
  }

  reply(document: vscode.TextDocument, id: string, body: string, author: string | undefined): Promise<void> {
    return this.change(document, id, (annotation) => ({
      ...annotation,
      replies: [...annotation.replies, { id: newReplyId(), body, author, created: timestamp() }],
    }));
  }

  /** Edits the annotation's body (`replyId` undefined) or one reply's. */
  editBody(document: vscode.TextDocument, id: string, replyId: string | undefined, body: string): Promise<void> {
    return this.change(document, id, (annotation) =>
      replyId === undefined
        ? { ...annotation, body, tags: [...new Set([...annotation.tags, ...tagsIn(body)])], modified: timestamp() }
        : { ...annotation, replies: annotation.replies.map((reply) => (reply.id === replyId ? { ...reply, body } : reply)), modified: timestamp() },
    );
  }

  /** Links the annotation to these people, places and organizations (ids of the book's cast). */
  setEntities(document: vscode.TextDocument, id: string, entities: readonly string[]): Promise<void> {
    return this.change(document, id, (annotation) => ({ ...annotation, entities: [...new Set(entities)], modified: timestamp() }));
  }

  setStatus(document: vscode.TextDocument, id: string, status: AnnotationStatus): Promise<void> {
    return this.change(document, id, (annotation) => ({ ...annotation, status, modified: timestamp() }));
  }

  addTags(document: vscode.TextDocument, id: string, tags: readonly string[]): Promise<void> {
    return this.change(document, id, (annotation) => ({ ...annotation, tags: [...new Set([...annotation.tags, ...tags])], modified: timestamp() }));
  }

  async remove(document: vscode.TextDocument, id: string, replyId?: string): Promise<void> {
    if (replyId !== undefined) {
      await this.change(document, id, (annotation) => ({ ...annotation, replies: annotation.replies.filter((reply) => reply.id !== replyId) }));
      return;
    }
    await this.sidecars.edit(document.uri, (text, read) => removeAnnotation(read ?? text ?? '', id));
    await this.reload(document);
  }

  /** Attaches an annotation (orphaned, ambiguous, or any) to a new passage. */
  reattach(document: vscode.TextDocument, id: string, range: vscode.Range): Promise<void> {
    const span = { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
    const target = describeTarget(document.getText(), this.models.get(document), span);
    return this.change(document, id, (annotation) => ({ ...annotation, target }));
  }

  /**
   * "Update Anchors": writes the passages' current places into the sidecar for the annotations that
   * moved or were found by approximate match, and only those. Resolves to how many were updated.
   */
  async updateAnchors(document: vscode.TextDocument): Promise<number> {
    const state = await this.forDocument(document);
    if (!state) return 0;
    const placed = state.entries.filter((entry) => entry.span && !entry.unsaved);
    const now = describeTargets(document.getText(), this.models.get(document), placed.map((entry) => entry.span!));
    const targets = new Map(
      placed
        .map((entry, index) => [entry, now[index]] as const)
        .filter(([entry, target]) => {
          const before = entry.annotation.target;
          return target.quote !== before.quote || target.position.line !== before.position.line || target.position.character !== before.position.character;
        })
        .map(([entry, target]) => [entry.annotation.id, target] as const),
    );
    if (targets.size === 0) return 0;
    await this.sidecars.edit(document.uri, (current, read) => updateTargets(read ?? current ?? '', targets));
    await this.reload(document);
    return targets.size;
  }

  private async change(document: vscode.TextDocument, id: string, update: (annotation: Annotation) => Annotation): Promise<void> {
    const state = await this.forDocument(document);
    const entry = state?.entries.find((candidate) => candidate.annotation.id === id);
    if (!entry) throw new Error(`there is no annotation ${id} any more`);
    const annotation = update(entry.annotation);
    await this.write(document, annotation, (text, read) =>
      entry.unsaved ? addAnnotation(read ?? text, annotation) : updateAnnotation(read ?? text ?? '', annotation),
    );
  }

  /**
   * Writes through the sidecar. When the file cannot be written (a read-only file system, a lock
   * another writer keeps), the
   * annotation is kept in memory, marked unsaved, and the error is passed on so the user is told.
   */
  private async write(document: vscode.TextDocument, annotation: Annotation, change: (text: string | undefined, read: SidecarText | undefined) => string): Promise<void> {
    // Such as github.dev before a branch is chosen: the editor would refuse the write with an error of its own.
    if (vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) === false) {
      // Nothing to wait for on this path: the document's annotations may not be read yet, and must be to keep this one.
      await this.forDocument(document);
      this.keepUnsaved(document, annotation);
      throw vscode.FileSystemError.NoPermissions('this file system is read-only; in github.dev, choose or create a branch to save your annotations');
    }
    try {
      await this.sidecars.edit(document.uri, change);
    } catch (error) {
      if (error instanceof vscode.FileSystemError || error instanceof FileLockError) this.keepUnsaved(document, annotation);
      throw error;
    }
    await this.reload(document);
  }

  private keepUnsaved(document: vscode.TextDocument, annotation: Annotation): void {
    const state = this.states.get(document.uri.toString());
    if (!state) return;
    const span = state.entries.find((entry) => entry.annotation.id === annotation.id)?.span ?? spanOf(document, annotation);
    const entry: LiveAnnotation = { annotation, resolution: { state: 'anchored', span, score: undefined, candidates: [] }, span, unsaved: true };
    state.entries = [...state.entries.filter((candidate) => candidate.annotation.id !== annotation.id), entry];
    this.changed.fire(document.uri);
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.changed.dispose();
    this.added.dispose();
  }
}

function spanOf(document: vscode.TextDocument, annotation: Annotation): TextSpan {
  const start = document.offsetAt(new vscode.Position(annotation.target.position.line, annotation.target.position.character));
  return { start, end: start + annotation.target.quote.length };
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
