import * as path from 'node:path';
import * as vscode from 'vscode';
import { mergeBase, pullRequestBase, readFilesAt, repositoryRoot, resolveCommit, gitText, runGit, shortCommit } from '../../node/git';
import { collectReview, ReviewError } from '../../node/collectReview';
import { FileProblem, type Diagnostic } from '../../node/files';
import { isTrustedFor } from '../common/workspaceTrust';
import type { ReviewReport } from '../../core/review/reviewModel';
import { reviewMarkdown } from '../../core/review/reviewMarkdown';
import { sidecarPathFor } from '../../core/sidecar/sidecarFile';
import { brokenDetail, ReviewTreeProvider, type ItemNode, type ReviewItem } from './reviewView';
import { errorMessage } from '../../core/text/errorMessage';

/**
 * "Marginalia: Review Changes Against Branch…": the review of `marginalia review` in a view — the
 * annotations, notes and cast changed since a branch (its merge base with HEAD) in the working
 * tree, the anchors the manuscript's edits broke first. Items reveal their passage in the working
 * tree, or (removed ones) in the base's sidecar, read-only, served by a `marginalia-base:` content
 * provider; "Show Sidecar Diff" compares an item's sidecar at the base with the working file.
 *
 * Git is run as a child process (src/node/git.ts), as the CLI runs it: fine in desktop VS Code and
 * code-server, whose extension host has the repository on disk; vscode.dev (a web extension host,
 * no processes) would need the built-in git extension's API instead.
 */

const VIEW_ID = 'marginalia.review';
const LOADED_KEY = 'marginalia.review.loaded';
export const BASE_SCHEME = 'marginalia-base';
/** The "commit" of a file that is not there: served empty. */
const EMPTY = 'empty';

/** What `marginalia.reviewChanges` takes from scripts and tests: the pick is skipped. */
export interface ReviewChangesArgs {
  readonly base: string;
  /** A folder of the repository (a file system path); default: the active editor's workspace folder, else the first. */
  readonly folder?: string;
}

interface LoadedReview {
  readonly root: string;
  /** The ref as given. */
  readonly base: string;
  /** The commit compared with: the merge base of the ref and HEAD. */
  readonly commit: string;
  readonly report: ReviewReport;
  readonly problems: readonly Diagnostic[];
}

/** The URI of a file of the repository at a commit, served read-only by the content provider. */
export function baseUri(root: string, commit: string, file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: BASE_SCHEME, path: `/${file}`, query: new URLSearchParams({ root, commit }).toString() });
}

class BaseContentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    const root = query.get('root');
    const commit = query.get('commit');
    const file = uri.path.replace(/^\//, '');
    if (!root || !commit || commit === EMPTY) return '';
    if (!vscode.workspace.isTrusted) throw new Error('Marginalia reads files at a commit with git, which waits for this folder to be trusted (Restricted Mode)');
    const bytes = (await readFilesAt(root, commit, [file])).get(file);
    // A file the base does not have (a sidecar the change created): empty, as a diff shows it.
    return bytes === undefined ? '' : new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  }
}

/** The 0-based line of an item in a sidecar or book file: `- id: <id>` (or `id: <id>` in a list item), a note's number under its section. */
export function lineOfItem(text: string, item: ReviewItem): number | undefined {
  const lines = text.split(/\r?\n/);
  const quoted = (id: string) => new RegExp(`^\\s*(?:-\\s+)?id:\\s*["']?${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*(?:#.*)?$`);
  if (item.kind === 'annotation' || item.kind === 'broken' || item.kind === 'entity') {
    const id = item.kind === 'entity' ? item.entity.id : item.annotation.id;
    const pattern = quoted(id);
    const at = lines.findIndex((line) => pattern.test(line));
    return at < 0 ? undefined : at;
  }
  const section = item.note.kind === 'endnote' ? 'endnotes' : 'footnotes';
  const start = lines.findIndex((line) => new RegExp(`^\\s+${section}:\\s*$`).test(line));
  if (start < 0) return undefined;
  const key = new RegExp(`^\\s+["']?${item.note.number}["']?:`);
  for (let i = start + 1; i < lines.length; i++) if (key.test(lines[i])) return i;
  return undefined;
}

function workspaceFolderPath(args: ReviewChangesArgs | undefined): string | undefined {
  if (args?.folder) return args.folder;
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

/**
 * The branch a pull request would merge into (the remote's default branch, or the current branch's
 * upstream) first, then branches, remote branches and tags (most recent first), HEAD~1, and
 * whatever is typed.
 */
async function pickRef(root: string): Promise<string | undefined> {
  // A failure to list them throws (the caller says so): an empty list would look like a repository without branches.
  const output = await gitText(['for-each-ref', '--sort=-committerdate', '--format=%(refname:short)%00%(objecttype)%00%(refname)', 'refs/heads', 'refs/remotes', 'refs/tags'], root);
  const head = await runGit(['rev-parse', '--abbrev-ref', 'HEAD'], root);
  // A repository with no commit yet has no HEAD to leave out of the list.
  const current = head.code === 0 ? head.stdout.toString('utf8').trim() : undefined;
  const target = await pullRequestBase(root);
  const items: vscode.QuickPickItem[] = [];
  if (target !== undefined) {
    items.push({ label: target, description: 'where a pull request would merge', iconPath: new vscode.ThemeIcon('git-pull-request') });
  }
  for (const line of output.split('\n')) {
    const [name, , full] = line.split('\0');
    if (!name || name === current || name === target || full?.endsWith('/HEAD')) continue;
    const description = full?.startsWith('refs/tags/') ? 'tag' : full?.startsWith('refs/remotes/') ? 'remote branch' : 'branch';
    items.push({ label: name, description, iconPath: new vscode.ThemeIcon(description === 'tag' ? 'tag' : description === 'branch' ? 'git-branch' : 'cloud') });
  }
  items.push({ label: 'HEAD~1', description: 'the commit before the last', iconPath: new vscode.ThemeIcon('git-commit') });
  const pick = vscode.window.createQuickPick();
  pick.title = 'Review Changes Against Branch';
  pick.placeholder = 'The branch, tag or commit to compare the working tree with (from its merge base, as a pull request does)';
  pick.items = items;
  pick.matchOnDescription = true;
  return new Promise((resolve) => {
    let done = false;
    pick.onDidChangeValue((value) => {
      const typed = value.trim();
      pick.items = typed === '' || items.some((item) => item.label === typed) ? items : [{ label: typed, description: 'ref or commit', iconPath: new vscode.ThemeIcon('edit') }, ...items];
    });
    pick.onDidAccept(() => {
      done = true;
      const chosen = pick.selectedItems[0]?.label ?? pick.value.trim();
      pick.hide();
      resolve(chosen || undefined);
    });
    pick.onDidHide(() => {
      pick.dispose();
      if (!done) resolve(undefined);
    });
    pick.show();
  });
}

export function registerReview(): vscode.Disposable {
  const provider = new ReviewTreeProvider();
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  let loaded: LoadedReview | undefined;

  const show = async (review: LoadedReview | undefined) => {
    loaded = review;
    provider.show(review?.report);
    await vscode.commands.executeCommand('setContext', LOADED_KEY, review !== undefined);
    if (!review) {
      view.description = undefined;
      view.message = undefined;
      view.badge = undefined;
      return;
    }
    const { report, problems } = review;
    view.description = `${report.base} → ${report.head}`;
    const broken = report.broken.length;
    view.badge = broken > 0 ? { value: broken, tooltip: `${broken} broken anchor${broken === 1 ? '' : 's'}` } : undefined;
    const empty = provider.getChildren().length === 0;
    view.message =
      problems.length > 0
        ? `Incomplete: ${problems.length === 1 ? 'a file does not parse' : `${problems.length} files do not parse`} on one side (${problems.map((p) => `${p.file}:${p.line + 1}`).join(', ')}).`
        : empty
          ? `No changes to annotations, notes or the cast since ${report.base}.`
          : report.moved.length > 0
            ? `${report.moved.length} annotation${report.moved.length === 1 ? '' : 's'} moved with ${report.moved.length === 1 ? 'its' : 'their'} passage.`
            : undefined;
  };

  /** Reviews against `base`; errors are shown, and leave the view as it was. */
  const load = async (base: string, folder: string): Promise<ReviewReport | undefined> => {
    try {
      const review = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Marginalia: reviewing changes against ${base}…` },
        async (): Promise<LoadedReview> => {
          const root = await repositoryRoot(folder);
          if (!root) throw new ReviewError(`${folder} is not in a git repository`);
          const collected = await collectReview({ cwd: root, base, head: undefined });
          // The commit the review compared with, as collectReview chose it: the merge base of the ref and HEAD.
          const baseCommit = await resolveCommit(root, base);
          const head = await resolveCommit(root, 'HEAD');
          const commit = (baseCommit && head && (await mergeBase(root, baseCommit, head))) || baseCommit;
          if (!commit) throw new ReviewError(`unknown ref ${base}`);
          return { root: collected.root, base, commit, report: collected.report, problems: collected.problems };
        },
      );
      await show(review);
      if (review.problems.length > 0) {
        const first = review.problems[0];
        void vscode.window.showWarningMessage(
          `Marginalia: the review is incomplete — ${first.file}:${first.line + 1}: ${first.message}${review.problems.length > 1 ? ` (and ${review.problems.length - 1} more)` : ''}. Fix it on that side, then refresh the review.`,
        );
      }
      // The review is loaded and shown in its view whether or not the sidebar can be focused now.
      void vscode.commands.executeCommand(`${VIEW_ID}.focus`).then(undefined, (error: unknown) => console.warn(`marginalia: the review view could not be focused: ${errorMessage(error)}`));
      return review.report;
    } catch (error) {
      const message = error instanceof FileProblem ? `${error.file}: ${error.message}` : errorMessage(error);
      void vscode.window.showErrorMessage(`Marginalia: cannot review against ${base}: ${message}`);
      return undefined;
    }
  };

  const openItem = async (node: ItemNode | undefined) => {
    if (!loaded || !node || node.kind !== 'item') return;
    const { root, commit } = loaded;
    const { item } = node;
    if (item.kind === 'annotation' && item.group === 'removed') {
      const renamedFrom = loaded.report.files.find((f) => f.file === item.annotation.file)?.baseFile;
      const uri = baseUri(root, commit, sidecarPathFor(renamedFrom ?? item.annotation.file));
      const document = await vscode.workspace.openTextDocument(uri);
      const line = lineOfItem(document.getText(), item) ?? 0;
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(line, 0, line, 0), preview: true });
      return;
    }
    if (item.kind === 'entity') {
      const uri = item.change === 'removed' ? baseUri(root, commit, item.entity.file) : vscode.Uri.file(path.join(root, item.entity.file));
      const document = await vscode.workspace.openTextDocument(uri);
      const line = lineOfItem(document.getText(), item) ?? 0;
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(line, 0, line, 0), preview: true });
      return;
    }
    if (item.kind === 'note' && item.change === 'removed') {
      const document = await vscode.workspace.openTextDocument(baseUri(root, commit, sidecarPathFor(item.note.file)));
      const line = lineOfItem(document.getText(), item) ?? 0;
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(line, 0, line, 0), preview: true });
      return;
    }
    const place = item.kind === 'note' ? item.note : item.annotation;
    let line = place.line;
    if (item.kind === 'broken') {
      const b = item.annotation;
      if (b.state === 'fuzzy' && b.now) line = b.now.line;
      void vscode.window.showWarningMessage(`Marginalia: ${brokenDetail(b)}${b.state === 'fuzzy' ? '' : ' Shown where it was, in the text as it is now.'}`);
    }
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root, place.file)));
    const at = Math.max(0, Math.min(line, document.lineCount - 1));
    const range = document.lineAt(at).range;
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(range.start, range.start), preview: true });
  };

  const showDiff = async (node: ItemNode | undefined) => {
    if (!loaded || !node || node.kind !== 'item') return;
    const { root, commit, report } = loaded;
    const { item } = node;
    const file = item.kind === 'entity' ? item.entity.file : item.kind === 'note' ? sidecarPathFor(item.note.file) : sidecarPathFor(item.annotation.file);
    const manuscript = item.kind === 'entity' ? undefined : item.kind === 'note' ? item.note.file : item.annotation.file;
    const renamedFrom = manuscript === undefined ? undefined : report.files.find((f) => f.file === manuscript)?.baseFile;
    const baseFile = renamedFrom !== undefined ? sidecarPathFor(renamedFrom) : file;
    const left = baseUri(root, commit, baseFile);
    const headPath = path.join(root, file);
    const exists = await vscode.workspace.fs.stat(vscode.Uri.file(headPath)).then(
      () => true,
      () => false,
    );
    const right = exists ? vscode.Uri.file(headPath) : baseUri(root, EMPTY, file);
    const removed = (item.kind === 'annotation' && item.group === 'removed') || (item.kind === 'note' && item.change === 'removed') || (item.kind === 'entity' && item.change === 'removed');
    let selection: vscode.Range | undefined;
    if (exists && !removed) {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(headPath)));
      const line = lineOfItem(text, item);
      if (line !== undefined) selection = new vscode.Range(line, 0, line, 0);
    }
    const title = `${path.posix.basename(file)} (${loaded.base} ↔ working tree)`;
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true, ...(selection ? { selection } : {}) });
  };

  const report = (failure: string, run: () => Promise<unknown>) =>
    run().then(undefined, (error: unknown) => {
      void vscode.window.showErrorMessage(`Marginalia: ${failure}: ${errorMessage(error)}`);
    });

  // The review is of the working tree as it was: once a file of the repository is saved, say so.
  const stale = vscode.workspace.onDidSaveTextDocument((document) => {
    if (!loaded || document.uri.scheme !== 'file') return;
    const relative = path.relative(loaded.root, document.uri.fsPath);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return;
    view.message = 'Files were saved since this review: refresh it to see their changes.';
  });

  void vscode.commands.executeCommand('setContext', LOADED_KEY, false);
  return vscode.Disposable.from(
    stale,
    provider,
    view,
    vscode.workspace.registerTextDocumentContentProvider(BASE_SCHEME, new BaseContentProvider()),
    vscode.commands.registerCommand('marginalia.reviewChanges', async (args?: ReviewChangesArgs): Promise<ReviewReport | undefined> => {
      if (!isTrustedFor('Review Changes Against Branch')) return undefined;
      const folder = workspaceFolderPath(args);
      if (!folder) {
        void vscode.window.showErrorMessage('Marginalia: open a folder of a git repository to review its changes.');
        return undefined;
      }
      let base = args?.base;
      if (base === undefined) {
        try {
          const root = await repositoryRoot(folder);
          if (!root) {
            void vscode.window.showErrorMessage(`Marginalia: ${folder} is not in a git repository: nothing to review.`);
            return undefined;
          }
          base = await pickRef(root);
        } catch (error) {
          // git could not run, or could not list the branches.
          void vscode.window.showErrorMessage(`Marginalia: cannot list the branches to review against: ${errorMessage(error)}`);
          return undefined;
        }
        if (base === undefined) return undefined;
      }
      return load(base, folder);
    }),
    vscode.commands.registerCommand('marginalia.refreshReview', () => (loaded && isTrustedFor('Refresh Review') ? load(loaded.base, loaded.root) : undefined)),
    vscode.commands.registerCommand('marginalia.closeReview', () => show(undefined)),
    vscode.commands.registerCommand('marginalia.copyReviewMarkdown', async () => {
      if (!loaded) return undefined;
      const markdown = reviewMarkdown(loaded.report);
      await vscode.env.clipboard.writeText(markdown);
      void vscode.window.showInformationMessage('Marginalia: the review is copied as Markdown, ready to paste into the pull request.');
      return markdown;
    }),
    vscode.commands.registerCommand('marginalia.openReviewItem', (node?: ItemNode) => report('The item was not shown', () => openItem(node))),
    vscode.commands.registerCommand('marginalia.showReviewSidecarDiff', (node?: ItemNode) =>
      isTrustedFor('Show Sidecar Diff') ? report('The diff was not shown', () => showDiff(node)) : undefined,
    ),
    // For scripts and tests: what the view shows, as data.
    vscode.commands.registerCommand('marginalia.describeReview', () =>
      loaded && provider.snapshot
        ? { base: loaded.report.base, head: loaded.report.head, commit: shortCommit(loaded.commit), root: loaded.root, message: view.message, tree: provider.snapshot.describe() }
        : undefined,
    ),
  );
}
