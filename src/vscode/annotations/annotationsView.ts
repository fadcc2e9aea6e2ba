import * as vscode from 'vscode';
import type { TextSpan } from '../../core/annotations/annotation';
import { countAnnotations, describeAttention, describeFilter, isFiltered, matchesFilter, NO_FILTER, sectionLabel, tally, type AnnotationFilter, type StatusFilter } from '../../core/annotations/annotationOverview';
import { excerpt } from '../../core/annotations/annotationYaml';
import { annotationSummary } from './annotationDecorations';
import type { AnnotationStore, DocumentAnnotations, LiveAnnotation } from './annotationStore';
import { report, stateLabel, type AnnotationRef } from './annotationThreads';
import { MANUSCRIPT_LANGUAGE } from '../common/convert';
import type { ManuscriptModels } from '../common/manuscriptModels';
import { Sidecars } from '../common/sidecars';
import { editorOf, pickAnnotation, pickCandidate, rangeOf, showRange } from './annotationPicks';
import { Snapshot, type AnnotationNode, type AttentionNode, type ManuscriptNode, type Node, type Scope, type SectionNode } from './annotationsTree';
import { describeTree } from '../common/describeTree';

const VIEW_ID = 'marginalia.annotations';
/** Typing moves passages on every keystroke: the tree is rebuilt once typing pauses. */
const REFRESH_DELAY_MS = 200;
/** Up to this many annotations shown, chapters start expanded; beyond, collapsed. */
const EXPAND_CHAPTERS_UP_TO = 200;
/** Context keys for the view's menus and welcome content. */
const FILTERED_KEY = 'marginalia.annotations.filtered';
const SCOPE_KEY = 'marginalia.annotations.scope';

class AnnotationsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private snapshotCache: Snapshot | undefined;

  constructor(
    private readonly models: ManuscriptModels,
    private readonly documents: () => readonly DocumentAnnotations[],
    private readonly filter: () => AnnotationFilter,
  ) {}

  /** The current tree: built from what the store holds, never by reading a file. */
  get snapshot(): Snapshot {
    this.snapshotCache ??= new Snapshot(this.documents(), this.filter(), this.models);
    return this.snapshotCache;
  }

  refresh(): void {
    this.snapshotCache = undefined;
    this.changed.fire();
  }

  getChildren(node?: Node): Node[] {
    return this.snapshot.childrenOf(node);
  }

  getParent(node: Node): Node | undefined {
    return this.snapshot.parentOf(node);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'attention':
        return this.attentionItem(node);
      case 'manuscript':
        return this.manuscriptItem(node);
      case 'section':
        return this.sectionItem(node);
      case 'annotation':
        return annotationItem(node);
    }
  }

  private attentionItem(node: AttentionNode): vscode.TreeItem {
    const item = new vscode.TreeItem('Needs Attention', vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.key;
    item.description = String(node.entries.length);
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    const why = describeAttention(countAnnotations(node.entries));
    item.tooltip = `${plural(node.entries.length, 'annotation needs', 'annotations need')} attention: ${why}. Reveal each to fix it, re-attach it to a selection, or choose among its candidates.`;
    item.contextValue = 'attention';
    item.accessibilityInformation = { label: `Needs attention, ${plural(node.entries.length, 'annotation', 'annotations')}: ${why}` };
    return item;
  }

  private manuscriptItem(node: ManuscriptNode): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.workspace.asRelativePath(node.manuscript, false), vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.key;
    item.iconPath = new vscode.ThemeIcon('file-text');
    item.description = String(node.count);
    item.tooltip = `${plural(node.count, 'annotation', 'annotations')} in ${vscode.workspace.asRelativePath(node.manuscript, false)}`;
    item.contextValue = 'manuscript';
    return item;
  }

  private sectionItem(node: SectionNode): vscode.TreeItem {
    const expanded = this.snapshot.shown <= EXPAND_CHAPTERS_UP_TO;
    const item = new vscode.TreeItem(sectionLabel(node.section), expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.key;
    item.description = String(node.count);
    item.iconPath = new vscode.ThemeIcon(node.section.kind === 'chapter' ? 'bookmark' : 'book');
    const where =
      node.section.kind === 'chapter'
        ? `chapter ${sectionLabel(node.section)}`
        : node.section.kind === 'part'
          ? `${node.section.title}, before its first chapter`
          : 'the text before the first chapter';
    item.tooltip = `${plural(node.count, 'annotation', 'annotations')} in ${where}`;
    item.contextValue = 'section';
    item.accessibilityInformation = { label: `${sectionLabel(node.section)}, ${plural(node.count, 'annotation', 'annotations')}` };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function annotationItem(node: AnnotationNode): vscode.TreeItem {
  const { entry } = node;
  const { annotation } = entry;
  const quote = excerpt(annotation.target.quote, 40) || '(empty passage)';
  const item = new vscode.TreeItem(`“${quote}”`, vscode.TreeItemCollapsibleState.None);
  item.id = node.key;
  const tags = annotation.tags.slice(0, 3).map((tag) => `#${tag}`);
  if (annotation.tags.length > 3) tags.push(`+${annotation.tags.length - 3}`);
  const replies = annotation.replies.length === 0 ? undefined : plural(annotation.replies.length, 'reply', 'replies');
  // A resolved annotation whose passage is plainly there says only that it is resolved.
  const plainlyThere = !entry.unsaved && (entry.resolution.state === 'anchored' || entry.resolution.state === 'moved');
  const state = annotation.status === 'resolved' ? (plainlyThere ? 'Resolved' : `Resolved · ${stateLabel(entry)}`) : stateLabel(entry);
  item.description = [state, annotation.author, tags.join(' ') || undefined, replies, node.fileName]
    .filter((part): part is string => part !== undefined)
    .join(' · ');
  // Sidecar content: rendered untrusted, without command links or HTML.
  item.tooltip = annotationSummary(entry);
  item.iconPath = iconOf(entry);
  item.contextValue = `annotation.${contextState(entry)}.${annotation.status}`;
  item.command = { command: 'marginalia.revealAnnotation', title: 'Reveal Passage', arguments: [{ uri: node.uri, id: node.id } satisfies AnnotationRef] };
  item.accessibilityInformation = {
    label: [
      `Annotation on “${quote}”`,
      stateLabel(entry),
      annotation.status,
      annotation.author && `by ${annotation.author}`,
      annotation.tags.length > 0 && `tags ${annotation.tags.join(', ')}`,
      replies,
      node.fileName && `in ${node.fileName}`,
    ]
      .filter(Boolean)
      .join(', '),
  };
  return item;
}

/** The state menus go by: an orphan with places offered can have one chosen, like an ambiguous one. */
function contextState(entry: LiveAnnotation): string {
  if (entry.unsaved) return 'unsaved';
  return entry.resolution.state === 'orphaned' && entry.resolution.candidates.length > 0 ? 'offered' : entry.resolution.state;
}

function iconOf(entry: LiveAnnotation): vscode.ThemeIcon {
  if (entry.unsaved) return new vscode.ThemeIcon('save', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  switch (entry.resolution.state) {
    case 'orphaned':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    case 'ambiguous':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    default:
      if (entry.annotation.status === 'resolved') return new vscode.ThemeIcon('check', new vscode.ThemeColor('testing.iconPassed'));
      return entry.resolution.state === 'fuzzy'
        ? new vscode.ThemeIcon('comment-unresolved', new vscode.ThemeColor('problemsWarningIcon.foreground'))
        : new vscode.ThemeIcon('comment');
  }
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function fileNameOf(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/**
 * The Annotations view in the Marginalia sidebar: the annotations of the open manuscripts (or of
 * the active one), those needing attention grouped on top, then by manuscript and chapter in
 * document order; filters by status, tag and author; reveal, re-attach, choose among candidates.
 * The tree is rebuilt from the store's memory when the store announces a change, never from disk.
 */
export function registerAnnotationsView(store: AnnotationStore, models: ManuscriptModels, memento: vscode.Memento): vscode.Disposable {
  let filter: AnnotationFilter = NO_FILTER;
  let scope: Scope = memento.get<Scope>(SCOPE_KEY) === 'active' ? 'active' : 'all';
  let activeManuscript: string | undefined;
  const followActive = (editor: vscode.TextEditor | undefined) => {
    if (editor?.document.languageId !== MANUSCRIPT_LANGUAGE) return false;
    const uri = editor.document.uri.toString();
    const changed = uri !== activeManuscript;
    activeManuscript = uri;
    return changed;
  };
  followActive(vscode.window.activeTextEditor);

  const inScope = (): DocumentAnnotations[] => {
    const documents = scope === 'active' ? store.all().filter((d) => d.uri.toString() === activeManuscript) : [...store.all()];
    return documents.sort((a, b) => fileNameOf(a.uri).localeCompare(fileNameOf(b.uri)));
  };
  const provider = new AnnotationsTreeProvider(models, inScope, () => filter);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });

  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Rebuilds the tree (when it is next asked for), and the view's description, message and badge. */
  const refresh = () => {
    clearTimeout(timer);
    timer = undefined;
    provider.refresh();
    const documents = inScope();
    const scopeName = scope === 'active' && activeManuscript ? fileNameOf(vscode.Uri.parse(activeManuscript)) : undefined;
    view.description = [scopeName, describeFilter(filter)].filter(Boolean).join(' · ') || undefined;
    const entries = documents.flatMap((d) => d.entries);
    const unreadable = documents.filter((d) => !d.readable).map((d) => fileNameOf(Sidecars.uriFor(d.uri)));
    const messages = [
      unreadable.length > 0
        ? `${unreadable.join(', ')} ${unreadable.length === 1 ? 'does' : 'do'} not parse: its annotations are shown as they were until it is fixed.`
        : undefined,
      // The description is cut short in a narrow sidebar: the message says plainly that some are hidden.
      isFiltered(filter) ? `Showing ${entries.filter((entry) => matchesFilter(entry, filter)).length} of ${entries.length}: ${describeFilter(filter)}.` : undefined,
    ];
    view.message = messages.filter(Boolean).join(' ') || undefined;
    // The badge counts what needs attention whatever the filter: a filter must not hide a lost passage.
    const counts = countAnnotations(entries);
    view.badge =
      counts.needsAttention > 0
        ? { value: counts.needsAttention, tooltip: `${plural(counts.needsAttention, 'annotation needs', 'annotations need')} attention: ${describeAttention(counts)}` }
        : undefined;
  };
  const scheduleRefresh = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, REFRESH_DELAY_MS);
  };
  const setFilter = (next: AnnotationFilter) => {
    filter = next;
    void vscode.commands.executeCommand('setContext', FILTERED_KEY, isFiltered(filter));
    refresh();
  };
  const setScope = (next: Scope) => {
    scope = next;
    void memento.update(SCOPE_KEY, scope);
    void vscode.commands.executeCommand('setContext', SCOPE_KEY, scope);
    refresh();
  };
  void vscode.commands.executeCommand('setContext', FILTERED_KEY, false);
  void vscode.commands.executeCommand('setContext', SCOPE_KEY, scope);
  refresh();

  /** The annotation a command names, read from the store (the document opened if need be). */
  const locate = async (ref: AnnotationRef) => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri));
    const state = await store.forDocument(document);
    const entry = state?.entries.find((candidate) => candidate.annotation.id === ref.id);
    if (!entry) throw new Error(`there is no annotation ${ref.id} in ${fileNameOf(document.uri)} any more`);
    return { document, entry };
  };
  /** The annotation of a command from the view or a script, or else one picked in the active manuscript. */
  const refOrPick = async (ref: AnnotationRef | undefined, which: (entry: LiveAnnotation) => boolean, none: string, placeHolder: string) => {
    if (ref && typeof ref.uri === 'string' && typeof ref.id === 'string') return ref;
    const editor = vscode.window.activeTextEditor;
    const state = editor?.document.languageId === MANUSCRIPT_LANGUAGE ? await store.forDocument(editor.document) : undefined;
    const entries = state?.entries.filter(which) ?? [];
    if (!editor || entries.length === 0) {
      void vscode.window.showInformationMessage(none);
      return undefined;
    }
    const entry = await pickAnnotation(entries, placeHolder);
    return entry && { uri: editor.document.uri.toString(), id: entry.annotation.id };
  };
  /** Shows an annotation's node in the view, once the tree includes its change. */
  const showInView = (ref: AnnotationRef) => {
    if (!view.visible) return;
    refresh();
    const node = provider.snapshot.annotationNode(ref.uri, ref.id);
    if (node) void view.reveal(node, { select: true, focus: false, expand: true });
  };

  const reveal = async (ref: AnnotationRef) => {
    const { document, entry } = await locate(ref);
    if (entry.span) {
      await showRange(document, rangeOf(document, entry.span), { select: true, preserveFocus: true });
    } else if (entry.resolution.state === 'ambiguous' || entry.resolution.candidates.length > 0) {
      // Ambiguous, or orphaned with its text found without its surroundings: the places to choose from.
      await chooseCandidate(ref);
    } else {
      // Orphaned, its text nowhere: show where it was, and how to give it a passage again.
      const { line, character } = entry.annotation.target.position;
      const was = document.validatePosition(new vscode.Position(line, character));
      await showRange(document, new vscode.Range(was, was), { select: false, preserveFocus: true });
      const reattach = 'Re-attach to Selection';
      void vscode.window
        .showInformationMessage(
          `This annotation lost its passage: “${excerpt(entry.annotation.target.quote, 80)}” is no longer in ${fileNameOf(document.uri)} (it was near line ${line + 1}). Select where it belongs now, then choose ${reattach}.`,
          reattach,
        )
        .then((choice) => (choice === reattach ? vscode.commands.executeCommand('marginalia.reattachAnnotation', ref) : undefined));
    }
  };

  const reattach = async (ref: AnnotationRef) => {
    const { document } = await locate(ref);
    const editor = editorOf(document);
    if (!editor || editor.selection.isEmpty) {
      if (!editor) await vscode.window.showTextDocument(document, { preview: true });
      void vscode.window.showInformationMessage(
        `Select the passage of ${fileNameOf(document.uri)} this annotation belongs to first, then choose Re-attach to Selection.`,
      );
      return;
    }
    await store.reattach(document, ref.id, editor.selection);
    showInView(ref);
  };

  async function chooseCandidate(ref: AnnotationRef, index?: number): Promise<void> {
    const { document } = await locate(ref);
    // Candidates are offsets in the text as it was read: read again, so they are where the text is now.
    const state = await store.reload(document);
    const entry = state?.entries.find((candidate) => candidate.annotation.id === ref.id);
    if (!entry) throw new Error(`there is no annotation ${ref.id} in ${fileNameOf(document.uri)} any more`);
    const candidates = entry.resolution.state === 'ambiguous' || entry.resolution.state === 'orphaned' ? entry.resolution.candidates : [];
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(`This annotation is ${stateLabel(entry).toLowerCase()}: there is no candidate to choose.`);
      return;
    }
    let span: TextSpan | undefined;
    if (index !== undefined) {
      if (!Number.isInteger(index) || index < 0 || index >= candidates.length) {
        throw new Error(`there is no candidate ${index}: this annotation has ${candidates.length} (0 to ${candidates.length - 1})`);
      }
      span = candidates[index];
    } else {
      span = await pickCandidate(document, entry, candidates, models);
    }
    if (!span) return;
    await store.reattach(document, ref.id, rangeOf(document, span));
    showInView(ref);
  }

  const pickFilter = async <T>(items: (vscode.QuickPickItem & { value: T })[], placeHolder: string, current: T) => {
    const marked = items.map((item) => (item.value === current ? { ...item, description: [item.description, '(current)'].filter(Boolean).join(' ') } : item));
    return (await vscode.window.showQuickPick(marked, { placeHolder, matchOnDescription: true }))?.value;
  };
  const entriesInScope = () => inScope().flatMap((d) => d.entries);

  return vscode.Disposable.from(
    provider,
    view,
    { dispose: () => clearTimeout(timer) },
    store.onDidChange(scheduleRefresh),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (followActive(editor) && scope === 'active') refresh();
    }),
    vscode.commands.registerCommand('marginalia.revealAnnotation', (ref: AnnotationRef) => report('The passage was not revealed', () => reveal(ref))),
    vscode.commands.registerCommand('marginalia.reattachAnnotation', (ref?: AnnotationRef) =>
      report('The annotation was not re-attached', async () => {
        const target = await refOrPick(ref, () => true, 'Open a manuscript with annotations, and select the passage to attach one to.', 'Attach which annotation to the selection?');
        if (target) await reattach(target);
      }),
    ),
    /**
     * Choose Candidate: `(ref?: AnnotationRef, candidate?: number)`. From the view, `ref` is the
     * annotation and a quick pick offers its candidates; scripts (and tests) pass `candidate`, the
     * index of the place to attach it to among its candidates (best first), and no quick pick opens.
     * From the palette, with no argument, it asks which ambiguous annotation of the active manuscript.
     */
    vscode.commands.registerCommand('marginalia.chooseAnnotationCandidate', (ref?: AnnotationRef, candidate?: number) =>
      report('The annotation was not re-attached', async () => {
        const target = await refOrPick(
          ref,
          (entry) => entry.resolution.candidates.length > 0,
          'No annotation of the active manuscript is ambiguous or has a place offered.',
          'Choose the passage of which annotation?',
        );
        if (target) await chooseCandidate(target, typeof candidate === 'number' ? candidate : undefined);
      }),
    ),
    // One quick pick for every filter: picking a value sets it, picking the current one clears it.
    vscode.commands.registerCommand('marginalia.filterAnnotations', async () => {
      const entries = entriesInScope();
      const counts = countAnnotations(entries);
      type Item = vscode.QuickPickItem & { apply?: () => AnnotationFilter };
      const separator = (label: string): Item => ({ label, kind: vscode.QuickPickItemKind.Separator });
      const choice = (label: string, count: number, current: boolean, set: () => AnnotationFilter, unset: () => AnnotationFilter): Item => ({
        label,
        description: current ? `${count} · current, pick to clear` : String(count),
        iconPath: current ? new vscode.ThemeIcon('check') : undefined,
        apply: current ? unset : set,
      });
      const items: Item[] = [
        separator('Status'),
        ...(['open', 'resolved'] as const).map((status) =>
          choice(status === 'open' ? 'Open' : 'Resolved', counts[status], filter.status === status, () => ({ ...filter, status }), () => ({ ...filter, status: 'all' })),
        ),
        separator('Tag'),
        ...tally(entries.flatMap((entry) => entry.annotation.tags)).map(({ value, count }) =>
          choice(`#${value}`, count, filter.tag === value, () => ({ ...filter, tag: value }), () => ({ ...filter, tag: undefined })),
        ),
        separator('Author'),
        ...tally(entries.map((entry) => entry.annotation.author ?? '')).map(({ value, count }) =>
          choice(value === '' ? 'No author' : value, count, filter.author === value, () => ({ ...filter, author: value }), () => ({ ...filter, author: undefined })),
        ),
        ...(isFiltered(filter) ? [separator(''), { label: 'Clear Filters', iconPath: new vscode.ThemeIcon('clear-all'), apply: () => NO_FILTER }] : []),
      ];
      const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Show only the annotations that are…', matchOnDescription: true });
      if (picked?.apply) setFilter(picked.apply());
    }),
    vscode.commands.registerCommand('marginalia.filterAnnotationsByStatus', async () => {
      const counts = countAnnotations(entriesInScope());
      const status = await pickFilter<StatusFilter>(
        [
          { label: 'All', description: String(counts.total), value: 'all' },
          { label: 'Open', description: String(counts.open), value: 'open' },
          { label: 'Resolved', description: String(counts.resolved), value: 'resolved' },
        ],
        'Show which annotations?',
        filter.status,
      );
      if (status !== undefined) setFilter({ ...filter, status });
    }),
    vscode.commands.registerCommand('marginalia.filterAnnotationsByTag', async () => {
      const tags = tally(entriesInScope().flatMap((entry) => entry.annotation.tags));
      if (tags.length === 0) {
        void vscode.window.showInformationMessage('No annotation has a tag yet: type #tags in an annotation to add them.');
        return;
      }
      const tag = await pickFilter<string | null>(
        [{ label: 'Any tag', value: null }, ...tags.map(({ value, count }) => ({ label: `#${value}`, description: String(count), value }))],
        'Show the annotations with which tag?',
        filter.tag ?? null,
      );
      if (tag !== undefined) setFilter({ ...filter, tag: tag ?? undefined });
    }),
    vscode.commands.registerCommand('marginalia.filterAnnotationsByAuthor', async () => {
      const authors = tally(entriesInScope().map((entry) => entry.annotation.author ?? ''));
      const author = await pickFilter<string | null>(
        [
          { label: 'Any author', value: null },
          ...authors.map(({ value, count }) => ({ label: value === '' ? 'No author' : value, description: String(count), value })),
        ],
        'Show the annotations of which author?',
        filter.author ?? null,
      );
      if (author !== undefined) setFilter({ ...filter, author: author ?? undefined });
    }),
    vscode.commands.registerCommand('marginalia.clearAnnotationFilters', () => setFilter(NO_FILTER)),
    vscode.commands.registerCommand('marginalia.showAnnotationsOfActiveManuscript', () => setScope('active')),
    vscode.commands.registerCommand('marginalia.showAnnotationsOfAllManuscripts', () => setScope('all')),
    // For scripts and tests: what the view shows, as data.
    vscode.commands.registerCommand('marginalia.describeAnnotations', () => ({ scope, description: view.description, message: view.message, tree: describeTree(provider) })),
  );
}
