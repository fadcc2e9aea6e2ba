import * as path from 'node:path';
import * as vscode from 'vscode';
import { GitError } from '../../node/git';
import { describeGitIntegration, setUpGitIntegration, type GitIntegration } from '../../node/gitIntegration';

/**
 * "Marginalia: Set Up Git Integration": what `marginalia init` does, for the workspace folder's
 * repository — the `.gitattributes` lines routing sidecars and marginalia.yaml to the merge driver,
 * and the driver's git config (running this extension's own dist/cli.js when no `marginalia` is on
 * the PATH) — then says what it did. Git runs as a child process (src/node/git.ts): desktop VS Code
 * and code-server; vscode.dev would need the git extension's API instead.
 */
export function registerGitIntegration(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand('marginalia.setUpGitIntegration', async (args?: { folder?: string }): Promise<GitIntegration | undefined> => {
    const active = vscode.window.activeTextEditor?.document.uri;
    const folder = args?.folder ?? ((active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;
    if (!folder) {
      void vscode.window.showErrorMessage('Marginalia: open a folder of a git repository to set up its git integration.');
      return undefined;
    }
    try {
      const integration = await setUpGitIntegration({ cwd: folder, cliPath: vscode.Uri.joinPath(extensionUri, 'dist', 'cli.js').fsPath });
      const open = 'Open .gitattributes';
      void vscode.window.showInformationMessage(`Marginalia: ${describeGitIntegration(integration).join(' ')}`, open).then(async (choice) => {
        if (choice === open) await vscode.window.showTextDocument(vscode.Uri.file(path.join(integration.root, '.gitattributes')));
      });
      return integration;
    } catch (error) {
      const message = error instanceof GitError || error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(`Marginalia: cannot set up git integration: ${message}`);
      return undefined;
    }
  });
}
