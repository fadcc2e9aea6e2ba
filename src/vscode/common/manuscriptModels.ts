import * as vscode from 'vscode';
import { CitationIndex } from '../../core/notes/citations';
import { parseManuscript } from '../../core/manuscript/parser';
import type { Manuscript } from '../../core/manuscript/model';

interface Model {
  readonly version: number;
  readonly manuscript: Manuscript;
  citations?: CitationIndex;
}

/**
 * Parses each manuscript document at most once per version, for every feature that needs the model.
 * Parsing a whole book takes milliseconds, so the model is simply rebuilt when the version changes.
 */
export class ManuscriptModels implements vscode.Disposable {
  private readonly cache = new Map<string, Model>();
  private readonly subscription = vscode.workspace.onDidCloseTextDocument((document) =>
    this.cache.delete(document.uri.toString()),
  );

  get(document: vscode.TextDocument): Manuscript {
    return this.model(document).manuscript;
  }

  /** The markers indexed for look-ups, built once per document version. */
  citations(document: vscode.TextDocument): CitationIndex {
    const model = this.model(document);
    model.citations ??= new CitationIndex(model.manuscript);
    return model.citations;
  }

  private model(document: vscode.TextDocument): Model {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached;
    const model: Model = { version: document.version, manuscript: parseManuscript(document.getText()) };
    this.cache.set(key, model);
    return model;
  }

  dispose(): void {
    this.subscription.dispose();
    this.cache.clear();
  }
}
