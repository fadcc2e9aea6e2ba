import * as vscode from 'vscode';
import { CastMapModel, type CastMapData, type MapLink, type MapSource } from '../../core/map/castMap';
import type { MentionIndex } from '../../core/mentions/mentions';
import type { AnnotationStore } from '../annotations/annotationStore';
import type { ManuscriptModels } from '../common/manuscriptModels';
import type { Casts } from './casts';

/** What the model was built from, per manuscript: when all of it is the same, edits are applied line by line. */
interface Built {
  readonly uri: string;
  readonly index: MentionIndex;
  readonly chapters: string;
}

/**
 * The Cast Map's data for a list of manuscript documents, kept up to date: after one-paragraph
 * edits only the lines edited are counted again (`CastMapModel.updateLine`); a change of the cast,
 * of the pins, of the chapters or of the manuscripts shown builds the model again from the mention
 * indexes (the text is never read again here: `Casts` keeps the indexes).
 */
export class CastMapTracker implements vscode.Disposable {
  private model: CastMapModel | undefined;
  private built: Built[] = [];
  /** Lines edited since the model was last brought up to date, per document. */
  private readonly editedLines = new Map<string, Set<number>>();
  private readonly subscription: vscode.Disposable;
  /** How the last `compute` brought the model up to date: for the tests and the benchmark's claim. */
  lastUpdate: 'built' | 'lines' | undefined;

  constructor(
    private readonly casts: Casts,
    private readonly models: ManuscriptModels,
    private readonly annotations: AnnotationStore,
  ) {
    this.subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0) return;
      const key = event.document.uri.toString();
      const lines = this.editedLines.get(key) ?? new Set<number>();
      for (const change of event.contentChanges) {
        // A line added or removed moves the lines after it: only a rebuild is right then.
        if (!change.range.isSingleLine || /[\r\n]/.test(change.text)) lines.add(-1);
        else lines.add(change.range.start.line);
      }
      this.editedLines.set(key, lines);
    });
  }

  /** The map of these documents, in this order; undefined when none of them has a cast. */
  compute(documents: readonly vscode.TextDocument[]): CastMapData | undefined {
    const sources: MapSource[] = [];
    const shown: vscode.TextDocument[] = [];
    for (const document of documents) {
      const index = this.casts.index(document);
      if (!index) continue;
      sources.push({ id: document.uri.toString(), label: vscode.workspace.asRelativePath(document.uri, false), index, chapters: this.models.get(document).chapters });
      shown.push(document);
    }
    if (sources.length === 0) {
      this.model = undefined;
      this.built = [];
      return undefined;
    }
    const built = sources.map((source): Built => ({ uri: source.id, index: source.index, chapters: JSON.stringify(source.chapters.map((c) => [c.number, c.title, c.line, c.range.end.line])) }));
    if (!this.model || !this.updateLines(built) || !this.countsAgree(sources)) {
      this.model = CastMapModel.build(sources);
      this.lastUpdate = 'built';
    }
    this.built = built;
    this.editedLines.clear();
    return this.model.data(this.links(shown));
  }

  /** Applies the edited lines to the model when nothing else changed; false when it must be built again. */
  private updateLines(built: readonly Built[]): boolean {
    const same = built.length === this.built.length && built.every((entry, k) => entry.uri === this.built[k].uri && entry.index === this.built[k].index && entry.chapters === this.built[k].chapters);
    if (!same || [...this.editedLines.values()].some((lines) => lines.has(-1))) return false;
    try {
      built.forEach((entry, source) => {
        for (const line of this.editedLines.get(entry.uri) ?? []) this.model!.updateLine(source, line);
      });
    } catch (error) {
      // The index gained or lost lines after all (an edit this map did not see): built again.
      if (error instanceof RangeError) return false;
      throw error;
    }
    this.lastUpdate = 'lines';
    return true;
  }

  /**
   * Whether the model's totals are the indexes': pins placed after an edit re-attribute mentions
   * anywhere in the book, which no edited line says. Costs a look-up per entity.
   */
  private countsAgree(sources: readonly MapSource[]): boolean {
    const model = this.model!;
    const entities = sources[0].index.matcher.entities;
    const ambiguous = sources.reduce((sum, source) => sum + source.index.ambiguousMentionCount, 0);
    const modelAmbiguous = model.ambiguousTotal();
    return modelAmbiguous === ambiguous && entities.every((entity) => model.total(entity.id) === sources.reduce((sum, source) => sum + source.index.count(entity.id), 0));
  }

  /** The annotations of these documents linked to entities, where their passages are now. */
  private links(documents: readonly vscode.TextDocument[]): MapLink[] {
    const links: MapLink[] = [];
    for (const state of this.annotations.all()) {
      const source = documents.findIndex((document) => document.uri.toString() === state.uri.toString());
      if (source < 0) continue;
      for (const entry of state.entries) {
        if (entry.annotation.entities.length === 0 || !entry.span) continue;
        const start = documents[source].positionAt(entry.span.start);
        links.push({ id: entry.annotation.id, source, line: start.line, character: start.character, entities: entry.annotation.entities });
      }
    }
    return links;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
