import * as vscode from 'vscode';
import { chapterHeadingTokens, HEADING_TOKEN_TYPES } from '../../core/manuscript/headingTokens';
import { manuscriptSelector } from '../common/convert';
import type { ManuscriptModels } from '../common/manuscriptModels';

const legend = new vscode.SemanticTokensLegend([...HEADING_TOKEN_TYPES]);

/**
 * Colours the chapter headings the parser found, whatever the grammar made of their line: the package
 * maps these token types to the grammar's heading scopes, so a theme colours them as headings.
 */
class ChapterHeadingTokens implements vscode.DocumentSemanticTokensProvider {
  constructor(private readonly models: ManuscriptModels) {}

  provideDocumentSemanticTokens(document: vscode.TextDocument): vscode.SemanticTokens {
    const builder = new vscode.SemanticTokensBuilder(legend);
    const tokens = chapterHeadingTokens(this.models.get(document), (line) => document.lineAt(line).text);
    for (const token of tokens) builder.push(token.line, token.character, token.length, HEADING_TOKEN_TYPES.indexOf(token.type));
    return builder.build();
  }
}

export function registerSemanticTokens(models: ManuscriptModels): vscode.Disposable {
  return vscode.languages.registerDocumentSemanticTokensProvider(manuscriptSelector, new ChapterHeadingTokens(models), legend);
}
