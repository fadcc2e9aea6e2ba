import * as vscode from 'vscode';
import type { TextSpan } from '../../core/annotations/annotation';
import { needsAttention, sectionAt, sectionLabel } from '../../core/annotations/annotationOverview';
import { excerpt } from '../../core/annotations/annotationYaml';
import type { LiveAnnotation } from './annotationStore';
import { stateLabel } from './annotationThreads';
import type { ManuscriptModels } from '../common/manuscriptModels';

/** Finding and showing an annotation's passage: the editor showing a document, a range revealed, the quick picks of candidates and of annotations. */

/** The range of a span in a document. */
export function rangeOf(document: vscode.TextDocument, span: TextSpan): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}

/** The editor showing a document: the active one if it does, else a visible one. */
export function editorOf(document: vscode.TextDocument): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active?.document === document) return active;
  return vscode.window.visibleTextEditors.find((editor) => editor.document === document);
}

/** Shows a document (in the editor already showing it, if any), selecting `range` and centring it. */
export async function showRange(document: vscode.TextDocument, range: vscode.Range, options: { select: boolean; preserveFocus: boolean }): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(document, {
    viewColumn: editorOf(document)?.viewColumn,
    preserveFocus: options.preserveFocus,
    preview: true,
  });
  if (options.select) editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
  return editor;
}

/** A place with some of the text either side, cut at spaces, on one line: `…the words «quote» after it…`. */
export function inContext(text: string, span: TextSpan): string {
  const AROUND = 40;
  const flat = (part: string) => part.replace(/\s+/g, ' ');
  const before = flat(text.slice(Math.max(0, span.start - AROUND), span.start));
  const after = flat(text.slice(span.end, span.end + AROUND));
  // A word cut by the window's edge is left out, unless the text itself ends there.
  const head = span.start > AROUND ? `…${before.replace(/^\S*\s/, '')}` : before;
  const tail = span.end + AROUND < text.length ? `${after.replace(/\s\S*$/, '')}…` : after;
  return `${head}«${excerpt(text.slice(span.start, span.end), 60)}»${tail}`;
}

/**
 * "Choose Candidate": the places an ambiguous annotation fits (or that hold an orphan's text without
 * its surroundings), in a quick pick that selects each in the editor as the user moves through the
 * list; the one accepted becomes the annotation's passage.
 */
export async function pickCandidate(document: vscode.TextDocument, entry: LiveAnnotation, candidates: readonly TextSpan[], models: ManuscriptModels): Promise<TextSpan | undefined> {
  const text = document.getText();
  const model = models.get(document);
  type Item = vscode.QuickPickItem & { span: TextSpan };
  const items: Item[] = candidates.map((span) => {
    const line = document.positionAt(span.start).line;
    return {
      label: `$(location) Line ${line + 1}`,
      description: sectionLabel(sectionAt(model, line)),
      detail: inContext(text, span),
      span,
    };
  });
  const editor = editorOf(document);
  const restore = editor && { selection: editor.selection, visible: editor.visibleRanges[0] };
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = `Choose the passage of “${excerpt(entry.annotation.target.quote, 40)}”`;
  pick.placeholder =
    entry.resolution.state === 'orphaned'
      ? 'Its text is here, but not its surroundings: pick it if this is the passage'
      : `${candidates.length} places fit this annotation equally well: pick the one it belongs to`;
  pick.items = items;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  return new Promise<TextSpan | undefined>((resolve) => {
    let accepted: TextSpan | undefined;
    const subscriptions = [
      pick.onDidChangeActive(([item]) => {
        if (item) void showRange(document, rangeOf(document, item.span), { select: true, preserveFocus: true });
      }),
      pick.onDidAccept(() => {
        accepted = pick.activeItems[0]?.span;
        pick.hide();
      }),
      pick.onDidHide(() => {
        subscriptions.forEach((subscription) => subscription.dispose());
        pick.dispose();
        if (!accepted && restore) {
          // Cancelled: put the editor back as it was before the preview moved it.
          const shown = editorOf(document);
          if (shown) {
            shown.selection = restore.selection;
            if (restore.visible) shown.revealRange(restore.visible, vscode.TextEditorRevealType.AtTop);
          }
        }
        resolve(accepted);
      }),
    ];
    pick.show();
  });
}

/** Picks one of a manuscript's annotations, for commands run from the palette rather than the view. */
export async function pickAnnotation(entries: readonly LiveAnnotation[], placeHolder: string): Promise<LiveAnnotation | undefined> {
  if (entries.length <= 1) return entries[0];
  const sorted = [...entries].sort((a, b) => Number(needsAttention(b)) - Number(needsAttention(a)));
  const picked = await vscode.window.showQuickPick(
    sorted.map((entry) => ({
      label: `“${excerpt(entry.annotation.target.quote, 50)}”`,
      description: [stateLabel(entry), entry.annotation.author].filter(Boolean).join(' · '),
      detail: excerpt(entry.annotation.body, 100),
      entry,
    })),
    { placeHolder, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.entry;
}
