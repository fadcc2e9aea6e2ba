import * as vscode from 'vscode';
import type { CastMapData } from '../../core/map/castMap';
import { renderMapCsv } from '../../core/map/mapCsv';
import { readWebviewMessage, type FromWebview, type MapScope, type MapViewState, type ToWebview } from '../../core/map/mapProtocol';
import { renderMapSvg } from '../../core/map/mapSvg';
import { arrangeRows, firstPlaceIn, placeAt, sharedChapters, sharedParagraphs } from '../../core/map/mapView';
import type { AnnotationStore } from '../annotations/annotationStore';
import { MANUSCRIPT_LANGUAGE } from '../common/convert';
import type { ManuscriptModels } from '../common/manuscriptModels';
import { CastMapTracker } from './castMapData';
import type { Casts } from './casts';

const VIEW_TYPE = 'marginalia.castMap';
const REFRESH_DELAY_MS = 250;
/** How long after opening the text a late focus of the map is still the click's (see `open`). */
const LATE_FOCUS_MS = 500;

/**
 * "Marginalia: Show Cast Map": a webview beside the manuscript, one row per entity and one column
 * per chapter, drawn by `dist/webview/castMap.js` from the data computed here (core/map). Its
 * clicks lead to the text; it follows edits, the cast, the pins and the annotations. The command
 * resolves to the data it shows (or undefined when no manuscript of a book with a cast is open).
 */
export function registerCastMap(extensionUri: vscode.Uri, casts: Casts, models: ManuscriptModels, annotations: AnnotationStore): vscode.Disposable {
  let panel: CastMapPanel | undefined;
  return vscode.Disposable.from(
    vscode.commands.registerCommand('marginalia.showCastMap', async (node?: { entity?: { id?: unknown } }) => {
      if (!panel) {
        panel = new CastMapPanel(extensionUri, casts, models, annotations);
        panel.onDidDispose(() => (panel = undefined));
      }
      panel.reveal(typeof node?.entity?.id === 'string' ? node.entity.id : undefined);
      return panel.refreshNow();
    }),
    { dispose: () => panel?.dispose() },
  );
}

class CastMapPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly tracker: CastMapTracker;
  private readonly subscriptions: vscode.Disposable[];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private scope: MapScope = 'active';
  private manuscript: vscode.Uri | undefined;
  /** The editor column the map opens the text in: the manuscript's, not the map's. */
  private editorColumn = vscode.ViewColumn.One;
  private bookDocuments: vscode.TextDocument[] = [];
  private data: CastMapData | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private focusRow: string | undefined;
  private ready = false;
  private isDisposed = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly casts: Casts,
    models: ManuscriptModels,
    annotations: AnnotationStore,
  ) {
    this.noteEditor(vscode.window.activeTextEditor);
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Cast Map', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    this.tracker = new CastMapTracker(casts, models, annotations);
    this.panel.webview.html = this.html();
    this.subscriptions = [
      this.tracker,
      this.panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(readWebviewMessage(message))),
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.onDidChangeViewState(() => {
        if (this.panel.visible) this.refreshSoon();
      }),
      casts.onDidChange(() => this.refreshSoon()),
      annotations.onDidChange(() => this.refreshSoon()),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.noteEditor(editor) && this.scope === 'active') this.refreshSoon();
      }),
    ];
  }

  reveal(row: string | undefined): void {
    this.focusRow = row;
    if (!this.panel.visible) this.panel.reveal(vscode.ViewColumn.Beside, true);
    if (row && this.ready) void this.post({ type: 'focus', row });
  }

  /** Computes the map now and posts it; resolves to what was posted. */
  async refreshNow(): Promise<CastMapData | undefined> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const documents = await this.documents();
    this.data = this.tracker.compute(documents);
    if (this.ready) await this.post({ type: 'data', data: this.data, scope: this.scope });
    return this.data;
  }

  private refreshSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refreshNow(), REFRESH_DELAY_MS);
  }

  /** Remembers the last manuscript editor; true when it is one. */
  private noteEditor(editor: vscode.TextEditor | undefined): boolean {
    if (editor?.document.languageId !== MANUSCRIPT_LANGUAGE) return false;
    this.manuscript = editor.document.uri;
    if (editor.viewColumn !== undefined) this.editorColumn = editor.viewColumn;
    return true;
  }

  private async documents(): Promise<vscode.TextDocument[]> {
    const key = this.manuscript?.toString();
    const active = vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
    if (this.scope === 'active' || !active) return active ? [active] : [];
    const bookCast = this.casts.castFor(active.uri);
    if (!bookCast) return [active];
    if (this.bookDocuments.length === 0 || this.bookDocuments.some((document) => document.isClosed) || !this.bookDocuments.some((document) => document.uri.toString() === key)) {
      this.bookDocuments = await this.casts.bookManuscripts(bookCast);
    }
    return this.bookDocuments;
  }

  private async receive(message: FromWebview | undefined): Promise<void> {
    switch (message?.type) {
      case 'ready':
        this.ready = true;
        await this.post({ type: 'data', data: this.data, scope: this.scope });
        if (this.focusRow) await this.post({ type: 'focus', row: this.focusRow });
        return;
      case 'openCell':
      case 'openMention': {
        const row = this.data?.rows.find((candidate) => candidate.id === message.row);
        const place = row && (message.type === 'openCell' ? firstPlaceIn(row, message.column) : placeAt(row, message.index));
        if (!row || !place) return;
        if (row.kind !== 'ambiguous') this.casts.focusedEntity = row.id;
        await this.open(place);
        return;
      }
      case 'reveal':
        await vscode.commands.executeCommand('marginalia.revealEntity', message.row);
        return;
      case 'scope':
        this.scope = message.scope;
        this.bookDocuments = [];
        await this.refreshNow();
        return;
      case 'export':
        await this.export(message.format, message.view);
        return;
      case undefined:
        return;
    }
  }

  /** Opens a mention (source, line, character, length) in the manuscript's column, selected. */
  private async open([source, line, character, length]: number[]): Promise<void> {
    const uri = this.data?.sources[source]?.id;
    if (!uri) return;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const selection = new vscode.Selection(line, character, line, character + length);
    const show = () => vscode.window.showTextDocument(document, { viewColumn: this.editorColumn, selection, preserveFocus: false });
    const editor = await show();
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    // In the browser, the focus the click gave the map can reach the workbench after the editor took
    // it: the editor takes it back once, if the map turns active again within a moment.
    if (this.panel.active) {
      await show();
      return;
    }
    const late = this.panel.onDidChangeViewState(() => {
      if (!this.panel.active) return;
      late.dispose();
      void show();
    });
    setTimeout(() => late.dispose(), LATE_FOCUS_MS);
  }

  /** Export as SVG or CSV: the rows shown, as the webview sorts and filters them, to a file the user picks. */
  private async export(format: 'svg' | 'csv', view: MapViewState): Promise<void> {
    const data = this.data;
    if (!data) return;
    const order = arrangeRows(data, view.sort, view.filter);
    const selected = view.selected.map((id) => data.rows.findIndex((row) => row.id === id)).filter((index) => index >= 0);
    const highlightColumns = view.mode === 'chapters' ? sharedChapters(data, selected) : sharedParagraphs(data, selected).perColumn.map((count) => count > 0);
    const text = format === 'svg' ? renderMapSvg(data, order, { highlightColumns }) : renderMapCsv(data, order);
    const folder = this.manuscript ? vscode.Uri.joinPath(this.manuscript, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: `Export the Cast Map as ${format.toUpperCase()}`,
      defaultUri: folder && vscode.Uri.joinPath(folder, `cast-map.${format}`),
      filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'CSV table': ['csv'] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(`Cast Map exported to ${vscode.workspace.asRelativePath(target, false)}.`);
  }

  private async post(message: ToWebview): Promise<void> {
    await this.panel.webview.postMessage(message);
  }

  private html(): string {
    const webview = this.panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'castMap.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'castMap.css'));
    const nonce = makeNonce();
    const policy = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style.toString()}">
<title>Cast Map</title>
</head>
<body>
<main id="castMap" aria-label="Cast Map: who appears where"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.panel.dispose();
    this.disposed.fire();
    this.disposed.dispose();
  }
}

/** 128 random bits, as the nonce of the page's one script. */
function makeNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
