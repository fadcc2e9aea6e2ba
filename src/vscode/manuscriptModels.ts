import * as vscode from 'vscode';
import { parseManuscript } from '../core/manuscript';
import type { Manuscript } from '../core/model';

/**
 * Parses each manuscript document at most once per version, for every feature that needs the model.
 * Parsing a whole book takes milliseconds, so the model is simply rebuilt when the version changes.
 */
export class ManuscriptModels implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; manuscript: Manuscript }>();
  private readonly subscription = vscode.workspace.onDidCloseTextDocument((document) =>
    this.cache.delete(document.uri.toString()),
  );

  get(document: vscode.TextDocument): Manuscript {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.manuscript;
    const manuscript = parseManuscript(document.getText());
    this.cache.set(key, { version: document.version, manuscript });
    return manuscript;
  }

  dispose(): void {
    this.subscription.dispose();
    this.cache.clear();
  }
}
