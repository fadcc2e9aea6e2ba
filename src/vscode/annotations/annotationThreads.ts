import * as vscode from 'vscode';
import type { Annotation, AnchorState } from '../../core/annotations/annotation';
import { excerpt } from '../../core/annotations/annotationYaml';
import { SidecarNotWritableError } from '../../core/sidecar/sidecarFile';
import type { AnnotationStore, LiveAnnotation } from './annotationStore';
import { MANUSCRIPT_LANGUAGE } from '../common/convert';
import { FileLockError } from '../common/fileLocks';
import { neutralizedMarkdown, untrustedMarkdown } from '../common/markdownStrings';
import { errorMessage } from '../../core/text/errorMessage';

/** Threads move with the text as it is typed; the workbench is told once typing pauses. */
const THREAD_SYNC_DELAY_MS = 250;

/** An annotation named by its manuscript and id: what views and scripts pass to our commands. */
export interface AnnotationRef {
  readonly uri: string;
  readonly id: string;
}

/** A comment of a thread: the annotation's body, or one of its replies. */
class AnnotationComment implements vscode.Comment {
  body: vscode.MarkdownString;
  mode = vscode.CommentMode.Preview;
  readonly author: vscode.CommentAuthorInformation;
  readonly timestamp: Date | undefined;
  readonly contextValue: string;

  constructor(
    readonly thread: vscode.CommentThread,
    readonly annotationId: string,
    readonly replyId: string | undefined,
    readonly markdown: string,
    author: string | undefined,
    created: string | undefined,
  ) {
    this.body = neutralizedMarkdown(markdown);
    this.author = { name: author ?? 'Unknown' };
    this.timestamp = created ? new Date(created) : undefined;
    this.contextValue = replyId === undefined ? 'annotation' : 'reply';
  }
}

const STATE_LABELS: Record<AnchorState, string> = {
  anchored: 'Anchored',
  moved: 'Moved',
  fuzzy: 'Passage edited',
  ambiguous: 'Ambiguous',
  orphaned: 'Orphaned',
};

export function stateLabel(entry: LiveAnnotation): string {
  if (entry.unsaved) return 'Not saved';
  const { state, score, candidates } = entry.resolution;
  if (state === 'fuzzy' && score !== undefined) return `${STATE_LABELS[state]} (${Math.round(score * 100)}% alike)`;
  // Its text was found without its surroundings: offered, to be confirmed by a person.
  if (state === 'orphaned' && candidates.length > 0) return `${STATE_LABELS[state]} (${candidates.length === 1 ? 'a place' : `${candidates.length} places`} offered)`;
  return STATE_LABELS[state];
}

/**
 * One comment thread per annotation, through VS Code's Comments API: the quote in its label, the
 * body and replies as comments, resolve and reopen, edit and delete. Threads are rebuilt from the
 * store, which is rebuilt from the sidecar: they never hold state the file does not have.
 */
export class AnnotationThreads implements vscode.Disposable {
  private readonly controller = vscode.comments.createCommentController('marginalia.annotations', 'Marginalia Annotations');
  /** Per manuscript URI, the thread of each annotation id. */
  private readonly threads = new Map<string, Map<string, vscode.CommentThread>>();
  private readonly pendingSync = new Map<string, ReturnType<typeof setTimeout>>();
  /** Annotations just written by the user: their threads open expanded, where the user was typing. */
  private readonly justSaved = new Set<string>();
  /** What each thread's comments were built from, so that unchanged threads are left alone. */
  private readonly shownContent = new WeakMap<vscode.CommentThread, string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly store: AnnotationStore,
    private readonly author: () => Promise<string | undefined>,
  ) {
    this.offerCommenting();
    this.controller.options = {
      prompt: 'Write an annotation or a reply…',
      placeHolder: 'Markdown. #tags become tags.',
    };
    this.subscriptions = [
      store.onDidChange((uri) => this.scheduleSync(uri)),
      vscode.workspace.onDidOpenTextDocument((document) => this.open(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.clear(document.uri)),
      ...this.registerCommands(),
    ];
    vscode.workspace.textDocuments.forEach((document) => this.open(document));
  }

  /** Opens an empty thread on the selection, for the user to type the annotation into. */
  annotateSelection(editor: vscode.TextEditor): void {
    const thread = this.controller.createCommentThread(editor.document.uri, editor.selection, []);
    thread.label = `“${excerpt(editor.document.getText(editor.selection))}”`;
    thread.contextValue = 'new';
    thread.canReply = true;
    thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
  }

  /** The thread of an annotation, if it has one (orphaned and ambiguous annotations have none). */
  threadOf(uri: vscode.Uri, id: string): vscode.CommentThread | undefined {
    return this.threads.get(uri.toString())?.get(id);
  }

  /**
   * (Re)sets the commenting ranges: every line of a manuscript. Setting the provider again makes the
   * workbench ask anew, which a file that became a manuscript after it opened needs for its `+`.
   */
  private offerCommenting(): void {
    this.controller.commentingRangeProvider = {
      provideCommentingRanges: (document) =>
        document.languageId === MANUSCRIPT_LANGUAGE ? [new vscode.Range(0, 0, Math.max(document.lineCount - 1, 0), 0)] : [],
    };
  }

  private open(document: vscode.TextDocument): void {
    if (document.languageId !== MANUSCRIPT_LANGUAGE) return;
    void this.store.forDocument(document);
    this.offerCommenting();
  }

  private scheduleSync(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pendingSync.get(key));
    this.pendingSync.set(
      key,
      setTimeout(() => {
        this.pendingSync.delete(key);
        this.sync(uri);
      }, THREAD_SYNC_DELAY_MS),
    );
  }

  /** Brings the threads of a manuscript in line with the store. */
  private sync(uri: vscode.Uri): void {
    const state = this.store.peek(uri);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!state || !document) {
      this.clear(uri);
      return;
    }
    const key = uri.toString();
    const threads = this.threads.get(key) ?? new Map<string, vscode.CommentThread>();
    this.threads.set(key, threads);
    const shown = new Set(state.entries.filter((entry) => entry.span).map((entry) => entry.annotation.id));
    // Threads that go are disposed before new ones come: VS Code's Comments panel, told of both at
    // once for one file, can lose the new ones (seen in code-server 4.100, VS Code 1.100).
    for (const [id, thread] of threads) {
      if (!shown.has(id)) {
        thread.dispose();
        threads.delete(id);
      }
    }
    for (const entry of state.entries) {
      if (!entry.span) continue;
      const id = entry.annotation.id;
      const range = new vscode.Range(document.positionAt(entry.span.start), document.positionAt(entry.span.end));
      let thread = threads.get(id);
      if (!thread) {
        thread = this.controller.createCommentThread(uri, range, []);
        thread.collapsibleState = this.justSaved.delete(id)
          ? vscode.CommentThreadCollapsibleState.Expanded
          : vscode.CommentThreadCollapsibleState.Collapsed;
        threads.set(id, thread);
      } else if (!thread.range?.isEqual(range)) {
        thread.range = range;
      }
      this.fill(thread, entry, state.readable);
    }
  }

  private fill(thread: vscode.CommentThread, entry: LiveAnnotation, readable: boolean): void {
    const { annotation } = entry;
    const label = `“${excerpt(annotation.target.quote)}” · ${stateLabel(entry)}${annotation.status === 'resolved' ? ' · Resolved' : ''}`;
    if (thread.label !== label) thread.label = label;
    const contextValue = `annotation-${annotation.status}`;
    if (thread.contextValue !== contextValue) thread.contextValue = contextValue;
    const state = annotation.status === 'resolved' ? vscode.CommentThreadState.Resolved : vscode.CommentThreadState.Unresolved;
    if (thread.state !== state) thread.state = state;
    thread.canReply = readable;
    const content = JSON.stringify([annotation.body, annotation.tags, annotation.author, annotation.replies]);
    if (this.shownContent.get(thread) !== content) {
      this.shownContent.set(thread, content);
      thread.comments = [
        new AnnotationComment(thread, annotation.id, undefined, bodyWithTags(annotation), annotation.author, annotation.created),
        ...annotation.replies.map((reply) => new AnnotationComment(thread, annotation.id, reply.id, reply.body, reply.author, reply.created)),
      ];
    }
  }

  private clear(uri: vscode.Uri): void {
    const threads = this.threads.get(uri.toString());
    threads?.forEach((thread) => thread.dispose());
    this.threads.delete(uri.toString());
  }

  /** The annotation a command is about: a thread of ours, or a reference from a view or a script. */
  private async targetOf(argument: vscode.CommentThread | AnnotationRef): Promise<{ document: vscode.TextDocument; id: string } | undefined> {
    if ('id' in argument && typeof argument.id === 'string' && typeof argument.uri === 'string') {
      return { document: await vscode.workspace.openTextDocument(vscode.Uri.parse(argument.uri)), id: argument.id };
    }
    const thread = argument as vscode.CommentThread;
    const found = [...(this.threads.get(thread.uri.toString()) ?? new Map<string, vscode.CommentThread>())].find(([, candidate]) => candidate === thread);
    return found && { document: await vscode.workspace.openTextDocument(thread.uri), id: found[0] };
  }

  private registerCommands(): vscode.Disposable[] {
    const onTarget = (failure: string, action: (document: vscode.TextDocument, id: string) => Promise<void>) => (argument: vscode.CommentThread | AnnotationRef) =>
      report(failure, async () => {
        const target = await this.targetOf(argument);
        if (target) await action(target.document, target.id);
      });
    return [
      vscode.commands.registerCommand('marginalia.saveAnnotation', (reply: vscode.CommentReply) =>
        report('The annotation was not saved', async () => {
          const document = await vscode.workspace.openTextDocument(reply.thread.uri);
          const range = reply.thread.range ?? new vscode.Range(0, 0, 0, 0);
          this.justSaved.add(await this.store.add(document, range, reply.text, await this.author()));
          reply.thread.dispose();
        }),
      ),
      vscode.commands.registerCommand('marginalia.replyToAnnotation', (reply: vscode.CommentReply | (AnnotationRef & { text: string })) =>
        report('The reply was not saved', async () => {
          const target = await this.targetOf('thread' in reply ? reply.thread : reply);
          if (target) await this.store.reply(target.document, target.id, reply.text, await this.author());
        }),
      ),
      vscode.commands.registerCommand('marginalia.cancelNewAnnotation', (reply: vscode.CommentReply | vscode.CommentThread) => {
        ('thread' in reply ? reply.thread : reply).dispose();
      }),
      vscode.commands.registerCommand(
        'marginalia.resolveAnnotation',
        onTarget('The annotation was not resolved', (document, id) => this.store.setStatus(document, id, 'resolved')),
      ),
      vscode.commands.registerCommand(
        'marginalia.reopenAnnotation',
        onTarget('The annotation was not reopened', (document, id) => this.store.setStatus(document, id, 'open')),
      ),
      vscode.commands.registerCommand(
        'marginalia.deleteAnnotation',
        onTarget('Nothing was deleted', async (document, id) => {
          if (await confirmDelete('this annotation and its replies')) await this.store.remove(document, id);
        }),
      ),
      vscode.commands.registerCommand('marginalia.editAnnotationComment', (comment: AnnotationComment) => {
        // Edited as the text it is; trusted no more than when it is shown.
        comment.body = untrustedMarkdown(comment.markdown);
        comment.mode = vscode.CommentMode.Editing;
        comment.thread.comments = [...comment.thread.comments];
      }),
      vscode.commands.registerCommand('marginalia.saveAnnotationComment', (comment: AnnotationComment) =>
        report('The change was not saved', async () => {
          const body = typeof comment.body === 'string' ? comment.body : comment.body.value;
          const document = await vscode.workspace.openTextDocument(comment.thread.uri);
          await this.store.editBody(document, comment.annotationId, comment.replyId, body);
        }),
      ),
      vscode.commands.registerCommand('marginalia.cancelAnnotationComment', (comment: AnnotationComment) => {
        comment.body = neutralizedMarkdown(comment.markdown);
        comment.mode = vscode.CommentMode.Preview;
        comment.thread.comments = [...comment.thread.comments];
      }),
      vscode.commands.registerCommand('marginalia.deleteAnnotationComment', (comment: AnnotationComment) =>
        report('Nothing was deleted', async () => {
          const what = comment.replyId === undefined ? 'this annotation and its replies' : 'this reply';
          if (!(await confirmDelete(what))) return;
          const document = await vscode.workspace.openTextDocument(comment.thread.uri);
          await this.store.remove(document, comment.annotationId, comment.replyId);
        }),
      ),
    ];
  }

  dispose(): void {
    this.pendingSync.forEach((timer) => clearTimeout(timer));
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.controller.dispose();
  }
}

function bodyWithTags(annotation: Annotation): string {
  const untyped = annotation.tags.filter((tag) => !annotation.body.includes(`#${tag}`));
  return untyped.length === 0 ? annotation.body : `${annotation.body}\n\n${untyped.map((tag) => `#${tag}`).join(' ')}`;
}

async function confirmDelete(what: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(`Delete ${what}? This changes the sidecar.`, { modal: true }, 'Delete');
  return choice === 'Delete';
}

/** Runs a user's action, telling them plainly when it could not be done. */
export async function report(failure: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    const reason =
      error instanceof SidecarNotWritableError
        ? error.message
        : error instanceof vscode.FileSystemError || error instanceof FileLockError
          ? `the sidecar could not be written (${error.message}); the annotation is kept in memory until it can be`
          : errorMessage(error);
    void vscode.window.showErrorMessage(`${failure}: ${reason}.`);
  }
}
