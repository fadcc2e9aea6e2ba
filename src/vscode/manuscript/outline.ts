import * as vscode from 'vscode';
import type { Manuscript } from '../../core/manuscript/model';
import { manuscriptSelector, toRange } from '../common/convert';
import type { ManuscriptModels } from '../common/manuscriptModels';

/** Parts holding their epigraphs and chapters: the Outline view, breadcrumbs, sticky scroll and Go to Symbol. */
export class ManuscriptSymbolProvider implements vscode.DocumentSymbolProvider {
  constructor(private readonly models: ManuscriptModels) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    return outlineSymbols(this.models.get(document), document);
  }
}

export function outlineSymbols(manuscript: Manuscript, document: vscode.TextDocument): vscode.DocumentSymbol[] {
  const top: vscode.DocumentSymbol[] = [];
  const parts = manuscript.parts.map((part) => {
    const symbol = new vscode.DocumentSymbol(
      part.title,
      part.subtitle?.text ?? '',
      vscode.SymbolKind.Module,
      toRange(part.range),
      document.lineAt(part.line).range,
    );
    top.push(symbol);
    return symbol;
  });
  const containerOf = (line: number) => {
    let container: vscode.DocumentSymbol | undefined;
    manuscript.parts.forEach((part, index) => {
      if (part.line <= line) container = parts[index];
    });
    return container?.children ?? top;
  };
  for (const epigraph of manuscript.epigraphs) {
    const range = toRange(epigraph.range);
    const detail = epigraph.attributionLine === undefined ? '' : document.lineAt(epigraph.attributionLine).text.trim();
    containerOf(epigraph.range.start.line).push(
      new vscode.DocumentSymbol('Epigraph', detail, vscode.SymbolKind.String, range, document.lineAt(range.start.line).range),
    );
  }
  for (const chapter of manuscript.chapters) {
    containerOf(chapter.line).push(
      new vscode.DocumentSymbol(
        `${chapter.number}. ${chapter.title}`,
        '',
        vscode.SymbolKind.Class,
        toRange(chapter.range),
        document.lineAt(chapter.line).range,
      ),
    );
  }
  return top;
}

/** Each part and each chapter folds from its heading to its last line. */
export class ManuscriptFoldingProvider implements vscode.FoldingRangeProvider {
  constructor(private readonly models: ManuscriptModels) {}

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    const manuscript = this.models.get(document);
    return [...manuscript.parts, ...manuscript.chapters]
      .filter((section) => section.range.end.line > section.line)
      .map((section) => new vscode.FoldingRange(section.line, section.range.end.line, vscode.FoldingRangeKind.Region));
  }
}

export function registerOutline(models: ManuscriptModels): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerDocumentSymbolProvider(manuscriptSelector, new ManuscriptSymbolProvider(models), {
      label: 'Manuscript',
    }),
    vscode.languages.registerFoldingRangeProvider(manuscriptSelector, new ManuscriptFoldingProvider(models)),
  );
}
