import * as vscode from 'vscode';
import { excerpt } from '../../core/annotations/annotationYaml';
import { escapeMarkdown } from '../../core/markdown/escape';
import { neutralizeMarkdown } from '../../core/markdown/markdown';
import type { AnnotationStore, LiveAnnotation } from './annotationStore';
import { stateLabel } from './annotationThreads';
import { manuscriptSelector } from '../common/convert';
import { untrustedMarkdown } from '../common/markdownStrings';

type Look = 'annotation' | 'fuzzy' | 'resolved' | 'unsaved';

function lookOf(entry: LiveAnnotation): Look {
  if (entry.unsaved) return 'unsaved';
  if (entry.annotation.status === 'resolved') return 'resolved';
  return entry.resolution.state === 'fuzzy' ? 'fuzzy' : 'annotation';
}

/**
 * Annotated passages, visible: a subtle highlight of the exact range and a mark in the gutter,
 * coloured by state (themes can change the colours); hovering a passage shows its annotations.
 * Overlapping and nested passages each keep their own highlight, and each shows in the hover.
 */
export function registerAnnotationDecorations(context: vscode.ExtensionContext, store: AnnotationStore): vscode.Disposable {
  const looks: Record<Look, vscode.TextEditorDecorationType> = {
    annotation: decoration(context, 'annotation', 'marginalia.annotationBackground'),
    fuzzy: decoration(context, 'fuzzy', 'marginalia.fuzzyAnnotationBackground'),
    resolved: decoration(context, 'resolved', 'marginalia.resolvedAnnotationBackground'),
    unsaved: decoration(context, 'unsaved', 'marginalia.unsavedAnnotationBackground'),
  };
  const paint = (editor: vscode.TextEditor) => {
    const state = store.peek(editor.document.uri);
    const ranges: Record<Look, vscode.Range[]> = { annotation: [], fuzzy: [], resolved: [], unsaved: [] };
    for (const entry of state?.entries ?? []) {
      if (!entry.span) continue;
      ranges[lookOf(entry)].push(new vscode.Range(editor.document.positionAt(entry.span.start), editor.document.positionAt(entry.span.end)));
    }
    for (const look of Object.keys(looks) as Look[]) editor.setDecorations(looks[look], ranges[look]);
  };
  vscode.window.visibleTextEditors.forEach(paint);
  return vscode.Disposable.from(
    ...Object.values(looks),
    store.onDidChange((uri) => vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === uri.toString()).forEach(paint)),
    vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach(paint)),
    vscode.languages.registerHoverProvider(manuscriptSelector, {
      provideHover: (document, position) => {
        const offset = document.offsetAt(position);
        const here = (store.peek(document.uri)?.entries ?? []).filter((e) => e.span && e.span.start <= offset && offset < e.span.end);
        if (here.length === 0) return undefined;
        // One untrusted MarkdownString per annotation: the hover draws a line between them.
        return new vscode.Hover(here.map(annotationSummary));
      },
    }),
  );
}

/**
 * An annotation in a few lines: state, quote, body, author, tags, replies. Our own structure is
 * Markdown; what comes from the sidecar is text (the quote, author, tags) or neutralized Markdown
 * (the body), and nothing in it is trusted.
 */
export function annotationSummary(entry: LiveAnnotation): vscode.MarkdownString {
  const { annotation } = entry;
  const summary = untrustedMarkdown();
  const state = `${stateLabel(entry)}${annotation.status === 'resolved' ? ' · resolved' : ''}`;
  summary.appendMarkdown(`**Annotation** · ${escapeMarkdown(state)}\n\n`);
  summary.appendMarkdown(`> ${escapeMarkdown(excerpt(annotation.target.quote, 120))}\n\n`);
  summary.appendMarkdown(`${neutralizeMarkdown(annotation.body)}\n\n`);
  const meta = [annotation.author, annotation.tags.map((tag) => `#${tag}`).join(' '), plural(annotation.replies.length, 'reply', 'replies')];
  summary.appendMarkdown(escapeMarkdown(meta.filter(Boolean).join(' · ')));
  return summary;
}

function plural(count: number, one: string, many: string): string {
  return count === 0 ? '' : `${count} ${count === 1 ? one : many}`;
}

function decoration(context: vscode.ExtensionContext, look: Look, background: string): vscode.TextEditorDecorationType {
  return vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor(background),
    gutterIconPath: vscode.Uri.joinPath(context.extensionUri, 'media', `gutter-${look}.svg`),
    gutterIconSize: 'contain',
    overviewRulerColor: new vscode.ThemeColor(background),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
}
