import * as vscode from 'vscode';
import { matchesFilter, needsAttention, sectionAt, type AnnotationFilter, type Section } from '../../core/annotations/annotationOverview';
import type { DocumentAnnotations, LiveAnnotation } from './annotationStore';
import { type AnnotationRef } from './annotationThreads';
import type { ManuscriptModels } from '../common/manuscriptModels';

/** The Annotations view's tree as data: a snapshot of the store's annotations, filtered, grouped by attention, manuscript and chapter. */

export type Scope = 'all' | 'active';

export interface AttentionNode {
  readonly kind: 'attention';
  readonly key: string;
  readonly entries: readonly LiveAnnotation[];
}

export interface ManuscriptNode {
  readonly kind: 'manuscript';
  readonly key: string;
  readonly manuscript: vscode.Uri;
  readonly count: number;
}

export interface SectionNode {
  readonly kind: 'section';
  readonly key: string;
  readonly section: Section;
  readonly count: number;
}

/** An annotation in the tree; an `AnnotationRef` too, so the thread commands take it as it is. */
export interface AnnotationNode extends AnnotationRef {
  readonly kind: 'annotation';
  readonly key: string;
  readonly entry: LiveAnnotation;
  /** In the "Needs Attention" group, where the manuscript is named when several are shown. */
  readonly fileName: string | undefined;
}

export type Node = AttentionNode | ManuscriptNode | SectionNode | AnnotationNode;

/** An entry with the line its passage starts on now (or, lost, where it was). */
export interface Placed {
  readonly entry: LiveAnnotation;
  readonly line: number;
  readonly offset: number;
}

/** The tree as it is between two refreshes, built from the store's memory on first use. */
export class Snapshot {
  readonly roots: Node[] = [];
  private readonly children = new Map<string, Node[]>();
  private readonly parents = new Map<string, Node>();
  /** Each annotation's node, in its chapter when it has a place, else in "Needs Attention". */
  private readonly annotationNodes = new Map<string, AnnotationNode>();
  /** How many annotations pass the filter. */
  readonly shown: number;

  constructor(documents: readonly DocumentAnnotations[], filter: AnnotationFilter, models: ManuscriptModels) {
    const severalManuscripts = documents.filter((d) => d.entries.length > 0).length > 1;
    const attention: { node: AnnotationNode; file: number; line: number; offset: number }[] = [];
    const manuscripts: { node: ManuscriptNode; sections: SectionNode[] }[] = [];
    let shown = 0;
    documents.forEach((state, file) => {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === state.uri.toString());
      const uri = state.uri.toString();
      const fileName = severalManuscripts ? vscode.workspace.asRelativePath(state.uri, false) : undefined;
      const placed: Placed[] = [];
      for (const entry of state.entries) {
        if (!matchesFilter(entry, filter)) continue;
        shown++;
        const at = document && entry.span ? document.positionAt(entry.span.start) : undefined;
        const line = at?.line ?? entry.annotation.target.position.line;
        const offset = entry.span?.start ?? -1;
        if (needsAttention(entry)) {
          const key = `!|${uri}|${entry.annotation.id}`;
          const node: AnnotationNode = { kind: 'annotation', key, uri, id: entry.annotation.id, entry, fileName };
          attention.push({ node, file, line, offset });
          if (!entry.span || !document) this.annotationNodes.set(`${uri}|${entry.annotation.id}`, node);
        }
        if (entry.span && document) placed.push({ entry, line, offset });
      }
      if (!document || placed.length === 0) return;
      placed.sort((a, b) => a.offset - b.offset);
      const model = models.get(document);
      const bySection = new Map<string, { section: Section; nodes: AnnotationNode[] }>();
      for (const { entry, line } of placed) {
        const section = sectionAt(model, line);
        const group = bySection.get(section.key) ?? { section, nodes: [] };
        bySection.set(section.key, group);
        const key = `a|${uri}|${entry.annotation.id}`;
        const node: AnnotationNode = { kind: 'annotation', key, uri, id: entry.annotation.id, entry, fileName: undefined };
        group.nodes.push(node);
        this.annotationNodes.set(`${uri}|${entry.annotation.id}`, node);
      }
      const sections = [...bySection.values()]
        .sort((a, b) => a.section.line - b.section.line)
        .map(({ section, nodes }) => {
          const node: SectionNode = { kind: 'section', key: `s|${uri}|${section.key}`, section, count: nodes.length };
          this.adopt(node, nodes);
          return node;
        });
      manuscripts.push({ node: { kind: 'manuscript', key: `m|${uri}`, manuscript: state.uri, count: placed.length }, sections });
    });
    this.shown = shown;
    if (attention.length > 0) {
      attention.sort((a, b) => a.file - b.file || a.line - b.line || a.offset - b.offset);
      const node: AttentionNode = { kind: 'attention', key: 'attention', entries: attention.map((a) => a.node.entry) };
      this.adopt(node, attention.map((a) => a.node));
      this.roots.push(node);
    }
    if (severalManuscripts) {
      for (const { node, sections } of manuscripts) {
        this.adopt(node, sections);
        this.roots.push(node);
      }
    } else {
      this.roots.push(...manuscripts.flatMap((m) => m.sections));
    }
  }

  childrenOf(node: Node | undefined): Node[] {
    return node ? (this.children.get(node.key) ?? []) : this.roots;
  }

  parentOf(node: Node): Node | undefined {
    return this.parents.get(node.key);
  }

  annotationNode(uri: string, id: string): AnnotationNode | undefined {
    return this.annotationNodes.get(`${uri}|${id}`);
  }

  private adopt(parent: Node, children: Node[]): void {
    this.children.set(parent.key, children);
    for (const child of children) this.parents.set(child.key, parent);
  }
}
