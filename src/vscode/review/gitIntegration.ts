import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeGitIntegration, setUpGitIntegration, type GitIntegration } from '../../node/gitIntegration';
import { writeMergeDriverLauncher } from '../../node/mergeDriverLauncher';
import { isTrustedFor } from '../common/workspaceTrust';
import { errorMessage } from '../../core/text/errorMessage';

/**
 * "Marginalia: Set Up Git Integration": what `marginalia init` does, for the workspace folder's
 * repository — the `.gitattributes` lines routing sidecars and marginalia.yaml to the merge driver,
 * and the driver's git config — then says what it did. The driver is `marginalia` when the PATH
 * has it, else the launcher that this function writes on every activation into the extension's
 * global storage (`bin/marginalia-merge-driver`): its path outlives updates of the extension, and
 * it runs the installed extension's dist/cli.js with node, or with the editor's own runtime where
 * there is no node. Git runs as a child process (src/node/git.ts): desktop VS Code and code-server;
 * vscode.dev would need the git extension's API instead. Refused in a restricted workspace.
 */
export function registerGitIntegration(context: vscode.ExtensionContext): vscode.Disposable {
  const launcher = refreshLauncher(context);
  launcher.catch((error: unknown) => console.error(`marginalia: ${errorMessage(error)}`));
  return vscode.commands.registerCommand('marginalia.setUpGitIntegration', async (args?: { folder?: string }): Promise<GitIntegration | undefined> => {
    if (!isTrustedFor('Set Up Git Integration')) return undefined;
    const active = vscode.window.activeTextEditor?.document.uri;
    const folder = args?.folder ?? ((active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;
    if (!folder) {
      void vscode.window.showErrorMessage('Marginalia: open a folder of a git repository to set up its git integration.');
      return undefined;
    }
    try {
      const integration = await setUpGitIntegration({ cwd: folder, launcher: await launcher });
      const open = 'Open .gitattributes';
      void vscode.window.showInformationMessage(`Marginalia: ${describeGitIntegration(integration).join(' ')}`, open).then(async (choice) => {
        if (choice === open) await vscode.window.showTextDocument(vscode.Uri.file(path.join(integration.root, '.gitattributes')));
      });
      return integration;
    } catch (error) {
      void vscode.window.showErrorMessage(`Marginalia: cannot set up git integration: ${errorMessage(error)}`);
      return undefined;
    }
  });
}

/** Writes the launcher when it is missing or names another extension folder or runtime; resolves to its path. */
async function refreshLauncher(context: vscode.ExtensionContext): Promise<string> {
  const storage = context.globalStorageUri;
  if (storage.scheme !== 'file') throw new Error(`the merge-driver launcher needs a folder on disk; the extension's storage is ${storage.toString()}`);
  const folder = path.join(storage.fsPath, 'bin');
  try {
    const written = await writeMergeDriverLauncher(folder, {
      cliPath: vscode.Uri.joinPath(context.extensionUri, 'dist', 'cli.js').fsPath,
      runtime: process.execPath,
      version: String(context.extension.packageJSON.version),
    });
    return written.path;
  } catch (error) {
    throw new Error(`cannot write the merge-driver launcher in ${folder}: ${errorMessage(error)}`);
  }
}
