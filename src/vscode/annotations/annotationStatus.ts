import * as vscode from 'vscode';
import { countAnnotations, describeAttention } from '../../core/annotations/annotationOverview';
import type { AnnotationStore } from './annotationStore';
import { MANUSCRIPT_LANGUAGE } from '../common/convert';

/**
 * The active manuscript's annotations in the status bar: `$(comment) 12` and, when some need
 * attention (orphaned, ambiguous, edited passage, not saved), `$(warning) 2`. A click opens the
 * Annotations view. Hidden when the active editor is not a manuscript.
 */
export function registerAnnotationStatusBar(store: AnnotationStore): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('marginalia.annotationStatus', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Marginalia Annotations';
  item.command = { command: 'marginalia.annotations.focus', title: 'Show Annotations' };

  const update = () => {
    const document = vscode.window.activeTextEditor?.document;
    const state = document?.languageId === MANUSCRIPT_LANGUAGE ? store.peek(document.uri) : undefined;
    if (!document || !state) {
      item.hide();
      return;
    }
    const counts = countAnnotations(state.entries);
    const name = vscode.workspace.asRelativePath(document.uri, false);
    const annotations = `${counts.total} annotation${counts.total === 1 ? '' : 's'}`;
    const text = counts.needsAttention > 0 ? `$(comment) ${counts.total}  $(warning) ${counts.needsAttention}` : `$(comment) ${counts.total}`;
    // Typing fires store changes on every keystroke; the item is only touched when its text changes.
    if (item.text !== text) item.text = text;
    const attention = counts.needsAttention > 0 ? `; ${counts.needsAttention} need${counts.needsAttention === 1 ? 's' : ''} attention (${describeAttention(counts)})` : '';
    const tooltip =
      counts.total === 0
        ? `No annotations in ${name} yet: select a passage and run Marginalia: Annotate Selection (Ctrl+Alt+M). Click to open the Annotations view.`
        : `${annotations} in ${name}${attention}. Click to open the Annotations view.`;
    if (item.tooltip !== tooltip) item.tooltip = tooltip;
    item.accessibilityInformation = {
      label: `${annotations}${counts.needsAttention > 0 ? `, ${counts.needsAttention} need${counts.needsAttention === 1 ? 's' : ''} attention` : ''}`,
      role: 'button',
    };
    item.show();
  };
  update();
  return vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(update),
    store.onDidChange((uri) => {
      if (uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) update();
    }),
    // A file switched to the manuscript language after it was opened.
    vscode.workspace.onDidOpenTextDocument(update),
  );
}
