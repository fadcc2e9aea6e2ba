import * as vscode from 'vscode';
import { excerpt } from '../../core/annotations/annotationYaml';
import { escapeMarkdown } from '../../core/markdown/escape';
import type { BrokenAnnotation, ChangedAnnotation, FieldChange, ReviewedAnnotation, ReviewedEntity, ReviewedNote, ReviewReport } from '../../core/review/reviewModel';
import type { DiffPart } from '../../core/review/wordDiff';
import { untrustedMarkdown } from '../common/markdownStrings';

/**
 * The Review view's tree, built from a `ReviewReport`: the groups of the Markdown report (broken
 * anchors first, then annotations added, changed, resolved and removed, notes, the cast), each per
 * manuscript (when the change touches several) and chapter. Everything shown comes from sidecars
 * and the book file, which anyone can change in a pull request: labels are plain text, tooltips
 * untrusted Markdown with every character escaped.
 */

export type GroupKind = 'broken' | 'added' | 'changed' | 'resolved' | 'removed' | 'notes' | 'cast';

/** What an item stands for: enough to reveal it and to diff its sidecar. */
export type ReviewItem =
  | { readonly kind: 'annotation'; readonly group: 'added' | 'changed' | 'resolved' | 'removed'; readonly annotation: ReviewedAnnotation | ChangedAnnotation }
  | { readonly kind: 'broken'; readonly annotation: BrokenAnnotation }
  | { readonly kind: 'note'; readonly change: 'added' | 'changed' | 'removed'; readonly note: ReviewedNote; readonly before?: string }
  | { readonly kind: 'entity'; readonly change: 'added' | 'removed' | 'renamed' | 'aliasesAdded' | 'aliasesRemoved'; readonly entity: ReviewedEntity; readonly before?: string };

interface GroupNode {
  readonly kind: 'group';
  readonly key: string;
  readonly group: GroupKind;
  readonly count: number;
}

interface FileNode {
  readonly kind: 'file';
  readonly key: string;
  readonly file: string;
  readonly count: number;
}

interface ChapterNode {
  readonly kind: 'chapter';
  readonly key: string;
  readonly label: string;
  readonly count: number;
}

export interface ItemNode {
  readonly kind: 'item';
  readonly key: string;
  readonly item: ReviewItem;
}

export type ReviewNode = GroupNode | FileNode | ChapterNode | ItemNode;

const GROUPS: readonly { readonly group: GroupKind; readonly label: string; readonly icon: vscode.ThemeIcon }[] = [
  { group: 'broken', label: 'Broken Anchors', icon: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')) },
  { group: 'added', label: 'Added', icon: new vscode.ThemeIcon('diff-added', new vscode.ThemeColor('gitDecoration.addedResourceForeground')) },
  { group: 'changed', label: 'Changed', icon: new vscode.ThemeIcon('diff-modified', new vscode.ThemeColor('gitDecoration.modifiedResourceForeground')) },
  { group: 'resolved', label: 'Resolved', icon: new vscode.ThemeIcon('check', new vscode.ThemeColor('testing.iconPassed')) },
  { group: 'removed', label: 'Removed', icon: new vscode.ThemeIcon('diff-removed', new vscode.ThemeColor('gitDecoration.deletedResourceForeground')) },
  { group: 'notes', label: 'Notes', icon: new vscode.ThemeIcon('note') },
  { group: 'cast', label: 'Cast', icon: new vscode.ThemeIcon('person') },
];

/** Where an item's passage is, for the per-manuscript and per-chapter levels. */
interface Placed {
  readonly file: string;
  readonly chapter: number | undefined;
  readonly chapterTitle: string | undefined;
  readonly line: number;
  readonly node: ItemNode;
}

export class ReviewSnapshot {
  readonly roots: ReviewNode[] = [];
  private readonly children = new Map<string, ReviewNode[]>();
  private readonly parents = new Map<string, ReviewNode>();

  constructor(readonly report: ReviewReport) {
    const several = new Set([...report.files.map((f) => f.file), ...placedFiles(report)]).size > 1;
    const place = (key: string, item: ReviewItem, at: { file: string; chapter: number | undefined; chapterTitle: string | undefined; line: number }): Placed => ({
      file: at.file,
      chapter: at.chapter,
      chapterTitle: at.chapterTitle,
      line: at.line,
      node: { kind: 'item', key, item },
    });
    const annotations = (group: 'added' | 'changed' | 'resolved' | 'removed', list: readonly ReviewedAnnotation[]) =>
      list.map((annotation) => place(`${group}|${annotation.file}|${annotation.id}`, { kind: 'annotation', group, annotation }, annotation));
    const groups: Record<Exclude<GroupKind, 'cast'>, Placed[]> = {
      broken: report.broken.map((annotation) => place(`broken|${annotation.file}|${annotation.id}`, { kind: 'broken', annotation }, annotation)),
      added: annotations('added', report.added),
      changed: annotations('changed', report.changed),
      resolved: annotations('resolved', report.resolved),
      removed: annotations('removed', report.removed),
      notes: [
        ...report.notes.added.map((note) => ({ note, change: 'added' as const, before: undefined })),
        ...report.notes.changed.map((note) => ({ note, change: 'changed' as const, before: note.before })),
        ...report.notes.removed.map((note) => ({ note, change: 'removed' as const, before: undefined })),
      ].map(({ note, change, before }) => place(`note|${change}|${note.file}|${note.kind}|${note.number}`, { kind: 'note', change, note, before }, note)),
    };
    for (const { group } of GROUPS) {
      if (group === 'cast') {
        const cast = report.cast;
        const entities: ItemNode[] = (['added', 'renamed', 'aliasesAdded', 'aliasesRemoved', 'removed'] as const).flatMap((change) =>
          (cast[change] as readonly (ReviewedEntity & { before?: string })[]).map(
            (entity): ItemNode => ({ kind: 'item', key: `cast|${change}|${entity.file}|${entity.id}`, item: { kind: 'entity', change, entity, before: entity.before } }),
          ),
        );
        if (entities.length === 0) continue;
        const node: GroupNode = { kind: 'group', key: 'g|cast', group, count: entities.length };
        this.adopt(node, entities);
        this.roots.push(node);
        continue;
      }
      const placed = groups[group];
      if (placed.length === 0) continue;
      const node: GroupNode = { kind: 'group', key: `g|${group}`, group, count: placed.length };
      this.roots.push(node);
      placed.sort((a, b) => a.file.localeCompare(b.file) || (a.chapter ?? -1) - (b.chapter ?? -1) || a.line - b.line);
      const byFile = new Map<string, Placed[]>();
      for (const p of placed) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
      const fileNodes: ReviewNode[] = [];
      for (const [file, inFile] of byFile) {
        const chapters = this.chapters(`${node.key}|${file}`, inFile);
        if (several) {
          const fileNode: FileNode = { kind: 'file', key: `${node.key}|f|${file}`, file, count: inFile.length };
          this.adopt(fileNode, chapters);
          fileNodes.push(fileNode);
        } else {
          fileNodes.push(...chapters);
        }
      }
      this.adopt(node, fileNodes);
    }
  }

  /** Chapter nodes of one manuscript's items, in the order of the text; a single chapter-less group is left out. */
  private chapters(prefix: string, placed: readonly Placed[]): ReviewNode[] {
    const byChapter = new Map<string, Placed[]>();
    for (const p of placed) {
      const label = chapterLabel(p);
      byChapter.set(label, [...(byChapter.get(label) ?? []), p]);
    }
    return [...byChapter].map(([label, inChapter]) => {
      const node: ChapterNode = { kind: 'chapter', key: `${prefix}|c|${label}`, label, count: inChapter.length };
      this.adopt(
        node,
        inChapter.map((p) => p.node),
      );
      return node;
    });
  }

  private adopt(parent: ReviewNode, children: readonly ReviewNode[]): void {
    this.children.set(parent.key, [...children]);
    for (const child of children) this.parents.set(child.key, parent);
  }

  childrenOf(node: ReviewNode | undefined): ReviewNode[] {
    return node ? (this.children.get(node.key) ?? []) : this.roots;
  }

  parentOf(node: ReviewNode): ReviewNode | undefined {
    return this.parents.get(node.key);
  }

  /** The whole tree as plain data: what the view shows, for scripts and tests. */
  describe(): DescribedNode[] {
    const describe = (node: ReviewNode): DescribedNode => {
      const item = treeItemOf(node);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      const children = this.childrenOf(node).map(describe);
      return {
        label,
        description: typeof item.description === 'string' ? item.description : undefined,
        contextValue: item.contextValue,
        ...(node.kind === 'item' && 'annotation' in node.item ? { id: node.item.annotation.id } : {}),
        ...(children.length > 0 ? { children } : {}),
      };
    };
    return this.roots.map(describe);
  }
}

export interface DescribedNode {
  readonly label: string;
  readonly description: string | undefined;
  readonly contextValue: string | undefined;
  readonly id?: string;
  readonly children?: readonly DescribedNode[];
}

function placedFiles(report: ReviewReport): string[] {
  return [...report.broken, ...report.added, ...report.changed, ...report.resolved, ...report.removed, ...report.notes.added, ...report.notes.changed, ...report.notes.removed].map(
    (item) => item.file,
  );
}

function chapterLabel(place: { chapter: number | undefined; chapterTitle: string | undefined; line: number }): string {
  if (place.chapter === undefined) return place.line < 0 ? 'Notes' : 'Outside the Chapters';
  return place.chapterTitle ? `Chapter ${place.chapter} · ${excerpt(place.chapterTitle, 60)}` : `Chapter ${place.chapter}`;
}

export function treeItemOf(node: ReviewNode): vscode.TreeItem {
  /** A group, a file or a chapter: expanded, with the count of items below it. */
  const heading = (label: string, count: number, icon: vscode.ThemeIcon, contextValue: string) => {
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.key;
    item.description = String(count);
    item.iconPath = icon;
    item.contextValue = contextValue;
    return item;
  };
  switch (node.kind) {
    case 'group': {
      const group = GROUPS.find((g) => g.group === node.group)!;
      return heading(group.label, node.count, group.icon, `reviewGroup.${node.group}`);
    }
    case 'file':
      return heading(node.file, node.count, new vscode.ThemeIcon('file-text'), 'reviewFile');
    case 'chapter':
      return heading(node.label, node.count, new vscode.ThemeIcon('bookmark'), 'reviewChapter');
    case 'item':
      return itemTreeItem(node);
  }
}

const md = (text: string) => escapeMarkdown(text.replace(/\s+/g, ' ').trim());
const plainQuote = (text: string, length = 48) => `“${excerpt(text, length) || '(empty passage)'}”`;

function tooltip(lines: readonly string[]): vscode.MarkdownString {
  // Sidecar content, untrusted: no command links, no HTML, no theme icons.
  return untrustedMarkdown(lines.join('\n\n'));
}

function annotationLines(a: ReviewedAnnotation): string[] {
  const lines = [`**${md(a.file)}**, line ${a.line + 1}${a.chapter !== undefined ? ` · ${md(chapterLabel(a))}` : ''}`, `> ${md(excerpt(a.quote, 300))}`];
  if (a.body.trim() !== '') lines.push(md(excerpt(a.body, 600)));
  const meta = [a.author && `by ${md(a.author)}`, a.tags.length > 0 && a.tags.map((t) => md(`#${t}`)).join(' '), a.status === 'resolved' && 'resolved'].filter(Boolean);
  if (meta.length > 0) lines.push(`_${meta.join(' · ')}_`);
  lines.push(`id ${md(a.id)}`);
  return lines;
}

function diffText(parts: readonly DiffPart[]): string {
  return parts
    .map((part) => (part.op === '=' ? md(excerpt(part.text, 80)) : part.op === '-' ? `~~${md(part.text)}~~` : `**${md(part.text)}**`))
    .join(' ')
    .slice(0, 1500);
}

export function describeChange(change: FieldChange): string {
  switch (change.field) {
    case 'body':
    case 'quote':
      return change.field === 'body' ? 'body edited' : 'passage edited';
    case 'status':
      return `${change.before ?? '—'} → ${change.after ?? '—'}`;
    case 'author':
      return `author ${change.before ?? '—'} → ${change.after ?? '—'}`;
    case 'tags':
    case 'entities':
      return [...change.added.map((t) => `+${change.field === 'tags' ? '#' : ''}${t}`), ...change.removed.map((t) => `−${change.field === 'tags' ? '#' : ''}${t}`)].join(' ');
    case 'target':
      return `re-anchored (line ${change.before.line + 1} → ${change.after.line + 1})`;
    case 'replies':
      return [change.added.length > 0 && `+${change.added.length} repl${change.added.length === 1 ? 'y' : 'ies'}`, change.changed > 0 && `${change.changed} edited`, change.removed > 0 && `−${change.removed}`]
        .filter(Boolean)
        .join(' ');
  }
}

function changeTooltipLine(change: FieldChange): string {
  if (change.field === 'body' || change.field === 'quote') return `${change.field === 'body' ? 'Body' : 'Passage'}: ${diffText(change.diff)}`;
  return md(describeChange(change));
}

const BROKEN_ICON: Record<BrokenAnnotation['state'], vscode.ThemeIcon> = {
  fuzzy: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  ambiguous: new vscode.ThemeIcon('question', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  orphaned: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
};

/** What the broken state means, in a sentence. */
export function brokenDetail(b: BrokenAnnotation): string {
  switch (b.state) {
    case 'orphaned':
      return b.candidates
        ? `Orphaned: it was at line ${b.line + 1}; its text is at ${b.candidates.length === 1 ? 'line' : 'lines'} ${b.candidates.map((l) => l + 1).join(', ')}, but not what surrounded it (a copy, or the passage moved on its own).`
        : `Orphaned: the passage is no longer in the text (it was at line ${b.line + 1}).`;
    case 'ambiguous':
      return `Ambiguous: it now fits ${b.candidates?.length ?? 2} places too alike to choose from (lines ${(b.candidates ?? []).map((l) => l + 1).join(', ')}); it was at line ${b.line + 1}.`;
    case 'fuzzy':
      return `Fuzzy: the passage was edited${b.score !== undefined ? ` (${Math.round(b.score * 100)}% alike)` : ''}; now at line ${(b.now?.line ?? b.line) + 1}.`;
  }
}

function itemTreeItem(node: ItemNode): vscode.TreeItem {
  const { item } = node;
  const tree = new vscode.TreeItem('', vscode.TreeItemCollapsibleState.None);
  tree.id = node.key;
  tree.command = { command: 'marginalia.openReviewItem', title: 'Open', arguments: [node] };
  switch (item.kind) {
    case 'broken': {
      const a = item.annotation;
      tree.label = plainQuote(a.quote);
      tree.description = [a.state, a.author].filter(Boolean).join(' · ');
      tree.iconPath = BROKEN_ICON[a.state];
      tree.tooltip = tooltip([`**${a.state === 'fuzzy' ? 'Fuzzy' : a.state === 'ambiguous' ? 'Ambiguous' : 'Orphaned'}**: ${md(brokenDetail(a))}`, ...annotationLines(a)]);
      tree.contextValue = `reviewItem.broken.${a.state}`;
      break;
    }
    case 'annotation': {
      const a = item.annotation;
      tree.label = plainQuote(a.quote);
      const changes = 'changes' in a ? (a as ChangedAnnotation).changes.filter((c) => !(item.group === 'resolved' && c.field === 'status')) : [];
      const body = excerpt(a.body, 40);
      tree.description =
        item.group === 'changed' || item.group === 'resolved'
          ? [changes.map(describeChange).join('; ') || undefined, a.author].filter(Boolean).join(' · ')
          : [body || undefined, a.author].filter(Boolean).join(' · ');
      tree.iconPath =
        item.group === 'resolved'
          ? new vscode.ThemeIcon('check', new vscode.ThemeColor('testing.iconPassed'))
          : item.group === 'removed'
            ? new vscode.ThemeIcon('comment-discussion', new vscode.ThemeColor('gitDecoration.deletedResourceForeground'))
            : item.group === 'added'
              ? new vscode.ThemeIcon('comment', new vscode.ThemeColor('gitDecoration.addedResourceForeground'))
              : new vscode.ThemeIcon('comment', new vscode.ThemeColor('gitDecoration.modifiedResourceForeground'));
      tree.tooltip = tooltip([...(changes.length > 0 ? changes.map(changeTooltipLine) : []), ...annotationLines(a)]);
      tree.contextValue = `reviewItem.annotation.${item.group}`;
      break;
    }
    case 'note': {
      const n = item.note;
      tree.label = `${n.kind === 'endnote' ? 'Endnote' : 'Footnote'} ${n.number}`;
      tree.description = `${item.change} · ${excerpt(n.text, 48)}`;
      tree.iconPath = new vscode.ThemeIcon(item.change === 'added' ? 'diff-added' : item.change === 'removed' ? 'diff-removed' : 'diff-modified');
      const lines = [`**${tree.label} ${item.change}**, ${md(n.file)}, line ${n.line + 1}`];
      if (item.change === 'changed' && 'diff' in n) lines.push(diffText((n as { diff: readonly DiffPart[] }).diff));
      else lines.push(md(excerpt(n.text, 600)));
      tree.tooltip = tooltip(lines);
      tree.contextValue = `reviewItem.note.${item.change}`;
      break;
    }
    case 'entity': {
      const e = item.entity;
      tree.label = excerpt(e.name, 48);
      const what: Record<typeof item.change, string> = {
        added: 'added',
        removed: 'removed',
        renamed: `renamed from ${excerpt(item.before ?? '', 30)}`,
        aliasesAdded: `aliases +${e.aliases.map((x) => excerpt(x, 24)).join(', +')}`,
        aliasesRemoved: `aliases −${e.aliases.map((x) => excerpt(x, 24)).join(', −')}`,
      };
      tree.description = `${e.kind} · ${what[item.change]}`;
      tree.iconPath = new vscode.ThemeIcon(e.kind === 'person' ? 'person' : e.kind === 'place' ? 'location' : 'organization');
      tree.tooltip = tooltip([`**${md(e.name)}** (${md(e.kind)}, ${md(e.id)}) — ${md(what[item.change])}`, `${md(e.file)}`, e.aliases.length > 0 ? `Aliases: ${e.aliases.map(md).join(', ')}` : '']);
      tree.contextValue = `reviewItem.entity.${item.change}`;
      break;
    }
  }
  tree.accessibilityInformation = { label: `${typeof tree.label === 'string' ? tree.label : ''}, ${typeof tree.description === 'string' ? tree.description : ''}` };
  return tree;
}

export class ReviewTreeProvider implements vscode.TreeDataProvider<ReviewNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  snapshot: ReviewSnapshot | undefined;

  show(report: ReviewReport | undefined): void {
    this.snapshot = report ? new ReviewSnapshot(report) : undefined;
    this.changed.fire();
  }

  getTreeItem(node: ReviewNode): vscode.TreeItem {
    return treeItemOf(node);
  }

  getChildren(node?: ReviewNode): ReviewNode[] {
    return this.snapshot?.childrenOf(node) ?? [];
  }

  getParent(node: ReviewNode): ReviewNode | undefined {
    return this.snapshot?.parentOf(node);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
