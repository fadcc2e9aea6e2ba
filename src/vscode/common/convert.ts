/** Conversions between the core's plain types and VS Code's classes: the only place they meet. */
import * as vscode from 'vscode';
import type { Position, Range, Severity } from '../../core/manuscript/model';

export function toPosition(position: Position): vscode.Position {
  return new vscode.Position(position.line, position.character);
}

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function fromPosition(position: vscode.Position): Position {
  return { line: position.line, character: position.character };
}

export function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
  }
}

export const MANUSCRIPT_LANGUAGE = 'manuscript';
export const manuscriptSelector: vscode.DocumentSelector = { language: MANUSCRIPT_LANGUAGE };

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** Reads a text file through `workspace.fs`, so that the extension also works on virtual file systems. */
export async function readTextFile(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
    throw error;
  }
}

export async function writeTextFile(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
}
