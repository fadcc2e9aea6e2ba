import type * as vscode from 'vscode';

/** Waiting for a pause in typing keeps a whole-book check off every keystroke. */
const TYPING_PAUSE_MS = 300;

/** Runs an action on a document once typing pauses in it: one timer per document. */
export class TypingPause implements vscode.Disposable {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly action: (document: vscode.TextDocument) => void) {}

  schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.action(document);
      }, TYPING_PAUSE_MS),
    );
  }

  cancel(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
  }

  dispose(): void {
    this.pending.forEach((timer) => clearTimeout(timer));
    this.pending.clear();
  }
}
