import * as vscode from 'vscode';
import type { CastEntity, EntityKind } from '../../core/cast/cast';
import type { AmbiguousMention, Mention } from '../../core/mentions/mentions';
import { suggestCast } from '../../core/cast/suggestCast';
import type { SuggestedEntity } from '../../core/cast/nameGroups';
import type { AnnotationStore, LiveAnnotation } from '../annotations/annotationStore';
import type { BookCast, Casts } from './casts';
import { KIND_LABELS } from './castNavigation';
import { MANUSCRIPT_LANGUAGE } from '../common/convert';
import type { ManuscriptModels } from '../common/manuscriptModels';
import { describeTree } from '../common/describeTree';

const VIEW_ID = 'marginalia.cast';
const SCOPE_KEY = 'marginalia.cast.scope';

type GroupName = 'person' | 'place' | 'organization' | 'ambiguous' | 'unlisted';
const GROUPS: readonly { name: GroupName; label: string; icon: string }[] = [
  { name: 'person', label: 'People', icon: 'person' },
  { name: 'place', label: 'Places', icon: 'location' },
  { name: 'organization', label: 'Organizations', icon: 'organization' },
  { name: 'ambiguous', label: 'Ambiguous', icon: 'question' },
  { name: 'unlisted', label: 'Unlisted', icon: 'sparkle' },
];
const KIND_ICONS: Readonly<Record<EntityKind, string>> = { person: 'person', place: 'location', organization: 'organization' };

/** Where a mention is: what a click reveals. */
export interface MentionTarget {
  readonly uri: string;
  readonly line: number;
  readonly character: number;
  readonly length: number;
}

type Node =
  | { kind: 'group'; key: string; group: GroupName; label: string; icon: string; count: number | undefined }
  | { kind: 'entity'; key: string; entity: CastEntity; count: number }
  | { kind: 'chapter'; key: string; label: string; count: number }
  | { kind: 'mention'; key: string; target: MentionTarget; lineText: string; fileName: string | undefined; entity: string | undefined; candidates: string | undefined }
  | { kind: 'annotation'; key: string; entry: LiveAnnotation; target: MentionTarget | undefined }
  | { kind: 'unlisted'; key: string; suggestion: SuggestedEntity; target: MentionTarget }
  | { kind: 'message'; key: string; label: string };

interface Indexed {
  readonly document: vscode.TextDocument;
  readonly mentions: Map<string, Mention[]>;
  readonly ambiguous: AmbiguousMention[];
}

/** "People & Places": the cast of the active manuscript's book, with its mentions in that manuscript or the whole book. */
export function registerCastView(casts: Casts, models: ManuscriptModels, annotations: AnnotationStore): vscode.Disposable {
  const provider = new CastTree(casts, models, annotations);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  provider.view = view;
  void vscode.commands.executeCommand('setContext', SCOPE_KEY, 'active');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refresh = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => provider.refresh(), 250);
  };
  return vscode.Disposable.from(
    view,
    provider,
    casts.onDidChange(refresh),
    annotations.onDidChange(refresh),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor?.document.languageId === MANUSCRIPT_LANGUAGE) refresh();
    }),
    view.onDidChangeSelection((event) => {
      const node = event.selection[0];
      if (node?.kind === 'entity') casts.focusedEntity = node.entity.id;
      else if (node?.kind === 'mention' && node.entity) casts.focusedEntity = node.entity;
    }),
    view.onDidExpandElement((event) => {
      if (event.element.kind === 'group' && event.element.group === 'unlisted') void provider.suggest();
    }),
    vscode.commands.registerCommand('marginalia.revealMention', (target: MentionTarget) => revealMention(target)),
    vscode.commands.registerCommand('marginalia.revealEntity', (id: string) => provider.revealEntity(id)),
    vscode.commands.registerCommand('marginalia.showCastOfActiveManuscript', () => provider.setScope('active')),
    vscode.commands.registerCommand('marginalia.showCastOfWholeBook', () => provider.setScope('book')),
    // For scripts and tests: what the view shows, as data.
    vscode.commands.registerCommand('marginalia.describeCast', () => ({ scope: provider.shownScope, tree: describeTree(provider) })),
    { dispose: () => timer && clearTimeout(timer) },
  );
}

async function revealMention(target: MentionTarget): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
  const range = new vscode.Range(target.line, target.character, target.line, target.character + target.length);
  await vscode.window.showTextDocument(document, { selection: range, preserveFocus: false });
}

/** The line of a mention, cut around it: at most `before` characters before and `after` after. */
export function excerptAround(lineText: string, character: number, length: number, before = 30, after = 50): { text: string; start: number } {
  let from = Math.max(0, character - before);
  let to = Math.min(lineText.length, character + length + after);
  // Cut at spaces, not inside words.
  const space = lineText.indexOf(' ', from);
  if (from > 0 && space >= 0 && space < character) from = space + 1;
  const lastSpace = lineText.lastIndexOf(' ', to);
  if (to < lineText.length && lastSpace > character + length) to = lastSpace;
  const prefix = from > 0 ? '…' : '';
  return { text: `${prefix}${lineText.slice(from, to)}${to < lineText.length ? '…' : ''}`, start: prefix.length + character - from };
}

class CastTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  view: vscode.TreeView<Node> | undefined;
  private scope: 'active' | 'book' = 'active';
  private manuscript: vscode.Uri | undefined;
  private bookDocuments: vscode.TextDocument[] = [];
  private snapshot: { children: Map<string, Node[]>; roots: Node[] } | undefined;
  private suggestions: { uri: string; version: number; list: SuggestedEntity[] } | undefined;
  private suggesting = false;

  constructor(
    private readonly casts: Casts,
    private readonly models: ManuscriptModels,
    private readonly annotations: AnnotationStore,
  ) {}

  /** Whose mentions the view shows: the active manuscript's or the whole book's. */
  get shownScope(): 'active' | 'book' {
    return this.scope;
  }

  refresh(): void {
    this.snapshot = undefined;
    this.changed.fire(undefined);
  }

  async setScope(scope: 'active' | 'book'): Promise<void> {
    this.scope = scope;
    await vscode.commands.executeCommand('setContext', SCOPE_KEY, scope);
    if (scope === 'book') {
      const bookCast = this.bookCast();
      if (bookCast) {
        // The book's manuscripts are opened (not shown) only now, when the whole book is asked for.
        this.bookDocuments = await vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: 'Reading the book' }, () => this.casts.bookManuscripts(bookCast));
      }
    } else {
      this.bookDocuments = [];
    }
    this.refresh();
  }

  /** Runs Suggest Cast on the active manuscript, once per version, with progress in the view. */
  async suggest(): Promise<void> {
    const document = this.activeDocument();
    const bookCast = this.bookCast();
    if (!document || !bookCast || this.suggesting) return;
    if (this.suggestions?.uri === document.uri.toString() && this.suggestions.version === document.version) return;
    this.suggesting = true;
    try {
      const list = await vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: 'Suggesting the cast' }, async () =>
        suggestCast(document.getText(), { cast: bookCast.cast.entities, dismissed: bookCast.cast.dismissed, manuscript: this.models.get(document) }),
      );
      this.suggestions = { uri: document.uri.toString(), version: document.version, list };
    } finally {
      this.suggesting = false;
    }
    this.refresh();
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(node.label, node.group === 'unlisted' || node.count === 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.key;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.description = node.count === undefined ? undefined : String(node.count);
        item.contextValue = `group-${node.group}`;
        return item;
      }
      case 'entity': {
        const item = new vscode.TreeItem(node.entity.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.key;
        item.iconPath = new vscode.ThemeIcon(KIND_ICONS[node.entity.kind]);
        item.description = `${node.count}`;
        item.tooltip = `${node.entity.name} (${KIND_LABELS[node.entity.kind]}, ${node.entity.id})${node.entity.aliases.length ? `\nAlso: ${node.entity.aliases.join(', ')}` : ''}\n${node.count} mention${node.count === 1 ? '' : 's'}`;
        item.contextValue = 'entity';
        return item;
      }
      case 'chapter': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.key;
        item.description = String(node.count);
        item.contextValue = 'chapter';
        return item;
      }
      case 'mention': {
        const { text, start } = excerptAround(node.lineText, node.target.character, node.target.length);
        const item = new vscode.TreeItem({ label: text, highlights: [[start, start + node.target.length]] }, vscode.TreeItemCollapsibleState.None);
        item.id = node.key;
        item.description = [node.fileName, `line ${node.target.line + 1}`, node.candidates].filter(Boolean).join(' · ');
        item.command = { command: 'marginalia.revealMention', title: 'Reveal Mention', arguments: [node.target] };
        item.contextValue = node.candidates ? 'ambiguousMention' : 'mention';
        return item;
      }
      case 'annotation': {
        const body = node.entry.annotation.body.replace(/\s+/g, ' ');
        const item = new vscode.TreeItem(body.length > 80 ? `${body.slice(0, 79)}…` : body, vscode.TreeItemCollapsibleState.None);
        item.id = node.key;
        item.iconPath = new vscode.ThemeIcon('comment');
        item.description = `“${node.entry.annotation.target.quote.slice(0, 40)}”`;
        if (node.target) item.command = { command: 'marginalia.revealMention', title: 'Reveal Annotation', arguments: [node.target] };
        item.contextValue = 'linkedAnnotation';
        return item;
      }
      case 'unlisted': {
        const item = new vscode.TreeItem(node.suggestion.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.key;
        item.iconPath = new vscode.ThemeIcon(KIND_ICONS[node.suggestion.kind]);
        item.description = `${node.suggestion.count} · ${KIND_LABELS[node.suggestion.kind]}?`;
        item.tooltip = node.suggestion.variants.join(', ');
        item.command = { command: 'marginalia.revealMention', title: 'Reveal', arguments: [node.target] };
        item.contextValue = 'unlisted';
        return item;
      }
      case 'message':
        return new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    }
  }

  getChildren(node?: Node): Node[] {
    this.snapshot ??= this.build();
    return node ? (this.snapshot.children.get(node.key) ?? []) : this.snapshot.roots;
  }

  /** The node whose children hold this one (what `reveal` walks up by). */
  getParent(node: Node): Node | undefined {
    this.snapshot ??= this.build();
    const { children, roots } = this.snapshot;
    for (const [key, list] of children) {
      if (!list.some((child) => child.key === node.key)) continue;
      return roots.find((root) => root.key === key) ?? [...children.values()].flat().find((candidate) => candidate.key === key);
    }
    return undefined;
  }

  /** Shows the view with an entity selected (the Cast Map's click on a name). */
  async revealEntity(id: string): Promise<void> {
    this.snapshot ??= this.build();
    const node = GROUPS.flatMap((group) => this.snapshot?.children.get(`g|${group.name}`) ?? []).find((candidate) => candidate.key === `e|${id}`);
    if (node && this.view) await this.view.reveal(node, { select: true, focus: true, expand: false });
  }

  private activeDocument(): vscode.TextDocument | undefined {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === MANUSCRIPT_LANGUAGE) this.manuscript = editor.document.uri;
    const key = this.manuscript?.toString();
    return vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
  }

  private bookCast(): BookCast | undefined {
    const document = this.activeDocument();
    return document ? this.casts.castFor(document.uri) : this.casts.all()[0];
  }

  /** The tree as it is between two refreshes: from what the stores hold, no reading or dialog. */
  private build(): { children: Map<string, Node[]>; roots: Node[] } {
    const children = new Map<string, Node[]>();
    const bookCast = this.bookCast();
    const active = this.activeDocument();
    if (!bookCast) return { children, roots: [{ kind: 'message', key: 'none', label: 'Open a manuscript of a book with a marginalia.yaml.' }] };
    const documents = this.scope === 'book' && this.bookDocuments.length > 0 ? this.bookDocuments.filter((d) => !d.isClosed) : active ? [active] : [];
    const several = documents.length > 1;
    const indexed: Indexed[] = [];
    for (const document of documents) {
      const index = this.casts.index(document);
      if (index) indexed.push({ document, mentions: index.allMentions(), ambiguous: index.ambiguous() });
    }
    const linked = new Map<string, LiveAnnotation[]>();
    const annotationDocs = new Map<string, vscode.TextDocument>();
    for (const state of this.annotations.all()) {
      const document = documents.find((d) => d.uri.toString() === state.uri.toString());
      if (!document) continue;
      for (const entry of state.entries) {
        for (const id of entry.annotation.entities) {
          linked.set(id, [...(linked.get(id) ?? []), entry]);
          annotationDocs.set(entry.annotation.id, document);
        }
      }
    }
    const roots: Node[] = [];
    for (const group of GROUPS) {
      const key = `g|${group.name}`;
      let nodes: Node[];
      if (group.name === 'ambiguous') {
        nodes = indexed.flatMap(({ document, ambiguous }) =>
          ambiguous.map((mention) => this.mentionNode(`${key}|`, document, mention, several, undefined, mention.candidates.map((id) => bookCast.cast.entity(id)?.name ?? id).join(' or '))),
        );
        if (nodes.length === 0) continue;
      } else if (group.name === 'unlisted') {
        const suggestions = this.suggestions && active && this.suggestions.uri === active.uri.toString() ? this.suggestions.list : undefined;
        nodes = suggestions
          ? suggestions.map((suggestion) => ({
              kind: 'unlisted',
              key: `${key}|${suggestion.text}`,
              suggestion,
              target: { uri: active!.uri.toString(), line: suggestion.first.line, character: suggestion.first.character, length: suggestion.text.length },
            }))
          : [{ kind: 'message', key: `${key}|wait`, label: 'Looking for names not in the cast…' }];
      } else {
        nodes = bookCast.cast.entities
          .filter((entity) => entity.kind === group.name)
          .map((entity) => {
            const entityKey = `e|${entity.id}`;
            const count = indexed.reduce((sum, { mentions }) => sum + (mentions.get(entity.id)?.length ?? 0), 0);
            children.set(entityKey, [
              ...this.annotationNodes(entityKey, linked.get(entity.id) ?? [], annotationDocs),
              ...this.chapterNodes(entityKey, entity, indexed, several, children),
            ]);
            return { kind: 'entity', key: entityKey, entity, count } satisfies Node;
          });
      }
      children.set(key, nodes);
      const count = group.name === 'unlisted' ? undefined : nodes.length;
      roots.push({ kind: 'group', key, group: group.name, label: group.label, icon: group.icon, count });
    }
    return { children, roots };
  }

  private chapterNodes(entityKey: string, entity: CastEntity, indexed: readonly Indexed[], several: boolean, children: Map<string, Node[]>): Node[] {
    const nodes: Node[] = [];
    for (const { document, mentions } of indexed) {
      const list = mentions.get(entity.id) ?? [];
      if (list.length === 0) continue;
      const chapters = this.models.get(document).chapters;
      const fileName = several ? vscode.workspace.asRelativePath(document.uri, false) : undefined;
      const byChapter = new Map<number, Mention[]>();
      for (const mention of list) {
        // The chapter whose heading is the last at or before the mention; -1 before any.
        let chapter = -1;
        for (let k = 0; k < chapters.length && chapters[k].line <= mention.line; k++) chapter = k;
        byChapter.set(chapter, [...(byChapter.get(chapter) ?? []), mention]);
      }
      for (const [chapter, inChapter] of byChapter) {
        const key = `${entityKey}|${document.uri.toString()}|c${chapter}`;
        const title = chapter >= 0 ? (chapters[chapter].title || `Chapter ${chapters[chapter].number}`) : 'Before the first chapter';
        nodes.push({ kind: 'chapter', key, label: fileName ? `${fileName} · ${title}` : title, count: inChapter.length });
        children.set(key, inChapter.map((mention) => this.mentionNode(`${key}|`, document, mention, false, entity.id, undefined)));
      }
    }
    return nodes;
  }

  private annotationNodes(entityKey: string, entries: readonly LiveAnnotation[], documents: Map<string, vscode.TextDocument>): Node[] {
    return entries.map((entry) => {
      const document = documents.get(entry.annotation.id);
      const span = entry.span;
      let target: MentionTarget | undefined;
      if (document && span) {
        const start = document.positionAt(span.start);
        target = { uri: document.uri.toString(), line: start.line, character: start.character, length: Math.max(0, document.positionAt(span.end).character - start.character) };
      }
      return { kind: 'annotation', key: `${entityKey}|a|${entry.annotation.id}`, entry, target };
    });
  }

  private mentionNode(prefix: string, document: vscode.TextDocument, mention: Mention | AmbiguousMention, several: boolean, entity: string | undefined, candidates: string | undefined): Node {
    const uri = document.uri.toString();
    return {
      kind: 'mention',
      key: `${prefix}${uri}|${mention.line}:${mention.character}`,
      target: { uri, line: mention.line, character: mention.character, length: mention.length },
      lineText: document.lineAt(mention.line).text,
      fileName: several ? vscode.workspace.asRelativePath(document.uri, false) : undefined,
      entity,
      candidates,
    };
  }

  dispose(): void {
    this.changed.dispose();
  }
}
