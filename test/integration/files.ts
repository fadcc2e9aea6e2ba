/** Reading the workspace's files in the extension-host tests (`util.ts` is shared with the UI tests, which run outside VS Code). */
import * as vscode from 'vscode';

/** A file's text, or undefined when there is no such file (any other failure is thrown). */
export async function readTextOrUndefined(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
    throw error;
  }
}
