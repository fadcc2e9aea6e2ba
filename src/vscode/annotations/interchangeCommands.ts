import * as vscode from 'vscode';
import { resolveTargets } from '../../core/anchoring/anchoring';
import { parseAnnotations } from '../../core/annotations/annotationYaml';
import { applyImport } from '../../core/interchange/applyImport';
import { ImportFormatError } from '../../core/interchange/foreign';
import { describeImport, parseJsonText } from '../../core/interchange/importReport';
import { planImport, type ImportPlan } from '../../core/interchange/planImport';
import { readAnnotationsFile } from '../../core/interchange/readForeign';
import { exportTei } from '../../core/interchange/tei';
import { exportW3c } from '../../core/interchange/w3cExport';
import { parseSidecar } from '../../core/notes/notesSidecar';
import { decodeManuscript } from '../../core/text/decode';
import { MANUSCRIPT_LANGUAGE, writeTextFile } from '../common/convert';
import type { ManuscriptModels } from '../common/manuscriptModels';
import { Sidecars } from '../common/sidecars';
import type { Casts } from '../cast/casts';
import { errorMessage } from '../../core/text/errorMessage';

export type ExportFormat = 'w3c' | 'tei';

/** What the commands take when a test or another command gives them instead of asking. */
export interface ExportArguments {
  readonly format?: ExportFormat;
  readonly out?: vscode.Uri;
}

/**
 * "Marginalia: Export Annotations…" (W3C Web Annotations of the manuscript, or a TEI edition of it)
 * and "Marginalia: Import Annotations…" (Hypothesis or W3C JSON-LD into its sidecar), on the core's
 * interchange: the same files the CLI's `export` and `import` write and read. Files are read and
 * written through `workspace.fs`; the sidecar is edited under its lock, as every other edit.
 */
export function registerInterchangeCommands(models: ManuscriptModels, sidecars: Sidecars, casts: Casts): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('marginalia.exportAnnotations', async (target?: vscode.Uri, options: ExportArguments = {}) => {
      const document = await manuscriptDocument(target);
      if (!document) {
        void vscode.window.showInformationMessage('Open the manuscript to export first.');
        return;
      }
      const format = options.format ?? (await pickFormat());
      if (!format) return;
      const name = fileName(document.uri);
      const stem = name.replace(/\.[^.]*$/, '');
      const out =
        options.out ??
        (await vscode.window.showSaveDialog({
          title: format === 'w3c' ? 'Export Annotations as W3C Web Annotations' : 'Export as a TEI Edition',
          defaultUri: vscode.Uri.joinPath(document.uri, '..', format === 'w3c' ? `${stem}.annotations.jsonld` : `${stem}.tei.xml`),
          filters: format === 'w3c' ? { 'JSON-LD': ['jsonld', 'json'] } : { 'TEI XML': ['xml'] },
        }));
      if (!out) return;
      const text = document.getText();
      const manuscript = models.get(document);
      const loaded = await sidecars.forManuscript(document.uri);
      const annotations = parseAnnotations(loaded.text ?? '');
      if (!annotations.parsed || !loaded.sidecar.parsed) {
        void vscode.window.showErrorMessage(`${fileName(loaded.uri)} does not parse: fix it first (see the Problems panel). Nothing was exported.`);
        return;
      }
      const list = annotations.annotations.map((entry) => entry.annotation);
      const resolutions = resolveTargets(text, manuscript, list.map((annotation) => annotation.target));
      const bookCast = casts.castFor(document.uri);
      const cast = bookCast?.cast.parsed ? bookCast.cast : undefined;
      const source = bookCast ? relativePath(bookCast.book.folder, document.uri) : name;
      const result =
        format === 'w3c'
          ? `${JSON.stringify(exportW3c({ source, text, manuscript, annotations: list, resolutions, cast }), null, 2)}\n`
          : exportTei({
              title: bookCast?.book.content.title ?? name,
              cast,
              manuscripts: [{ name: source, text, manuscript, notes: loaded.text === undefined ? undefined : parseSidecar(loaded.text), annotations: list, resolutions, mentions: casts.index(document) }],
            });
      await writeTextFile(out, result);
      const open = 'Open';
      void vscode.window.showInformationMessage(`Exported ${list.length} annotation${list.length === 1 ? '' : 's'} of ${name} to ${fileName(out)}.`, open).then((answer) => {
        if (answer === open) void vscode.window.showTextDocument(out);
      });
    }),
    vscode.commands.registerCommand('marginalia.importAnnotations', async (target?: vscode.Uri, file?: vscode.Uri): Promise<ImportPlan | undefined> => {
      const document = await manuscriptDocument(target);
      if (!document) {
        void vscode.window.showInformationMessage('Open the manuscript to import annotations into first.');
        return undefined;
      }
      const source =
        file ??
        (
          await vscode.window.showOpenDialog({
            title: 'Import Annotations: a Hypothesis export or W3C Web Annotations (JSON-LD)',
            defaultUri: vscode.Uri.joinPath(document.uri, '..'),
            canSelectMany: false,
            filters: { 'Annotations (JSON, JSON-LD)': ['json', 'jsonld'], 'All files': ['*'] },
          })
        )?.[0];
      if (!source) return undefined;
      const refuse = (line: number, character: number, message: string) => {
        void vscode.window.showErrorMessage(`${fileName(source)}:${line + 1}:${character + 1}: ${message} Nothing was imported.`);
        return undefined;
      };
      const decoded = decodeManuscript(await vscode.workspace.fs.readFile(source));
      if (!decoded.ok) return refuse(decoded.position.line, decoded.position.character, decoded.message);
      const json = parseJsonText(decoded.text);
      if (!json.ok) return refuse(json.position.line, json.position.character, json.message);
      let foreign;
      try {
        foreign = readAnnotationsFile(json.value);
      } catch (error) {
        if (!(error instanceof ImportFormatError)) throw error;
        return refuse(0, 0, error.message);
      }
      const bookCast = casts.castFor(document.uri);
      const plan = (current: string | undefined) =>
        planImport({
          text: document.getText(),
          manuscript: models.get(document),
          documentName: fileName(document.uri),
          existing: parseAnnotations(current ?? '').annotations.map((entry) => entry.annotation),
          cast: bookCast?.cast.parsed ? bookCast.cast : undefined,
          file: foreign,
        });
      const loaded = await sidecars.forManuscript(document.uri);
      if (!parseAnnotations(loaded.text ?? '').parsed) {
        void vscode.window.showErrorMessage(`${fileName(loaded.uri)} does not parse: fix it first (see the Problems panel). Nothing was imported.`);
        return undefined;
      }
      let made = plan(loaded.text);
      if (made.added.length > 0 || made.repliesToExisting.size > 0) {
        try {
          // Planned again from the text under the lock: another writer may have added some meanwhile.
          await sidecars.edit(document.uri, (current) => applyImport(current, (made = plan(current))));
        } catch (error) {
          void vscode.window.showErrorMessage(`The annotations were not imported: ${errorMessage(error)}. The sidecar is as it was.`);
          return undefined;
        }
      }
      const open = 'Open Sidecar';
      void vscode.window.showInformationMessage(`${fileName(document.uri)}: imported ${describeImport(made, foreign.format)}`, open).then((answer) => {
        if (answer === open) void vscode.window.showTextDocument(Sidecars.uriFor(document.uri));
      });
      return made;
    }),
  );
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'W3C Web Annotations', description: 'JSON-LD, for Hypothesis, Recogito and other annotation tools', format: 'w3c' as const },
      { label: 'TEI edition', description: 'TEI P5 XML: the text with its notes, mentions and annotations', format: 'tei' as const },
    ],
    { title: 'Export Annotations', placeHolder: 'Choose a format' },
  );
  return picked?.format;
}

async function manuscriptDocument(target: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  if (target) return vscode.workspace.openTextDocument(target);
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === MANUSCRIPT_LANGUAGE ? document : undefined;
}

function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** The manuscript's path from its book's folder, `/`-separated, as the exports name it. */
function relativePath(folder: vscode.Uri, file: vscode.Uri): string {
  const prefix = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
  return file.path.startsWith(prefix) ? file.path.slice(prefix.length) : fileName(file);
}
