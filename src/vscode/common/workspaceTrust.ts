import * as vscode from 'vscode';

const MANAGE_TRUST = 'Manage Workspace Trust';

/**
 * True in a trusted workspace. In a restricted one (Workspace Trust), refuses `action` — a command
 * that runs git or writes git's configuration — with a message saying why and how to trust the
 * folder, and returns false. Git run in a folder from a stranger can run programs that the
 * folder's own git configuration names (hooks, filters, fsmonitor), so it waits for trust.
 */
export function isTrustedFor(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  const message =
    `Marginalia: ${action} is disabled in Restricted Mode: it runs git, and git run in a folder you have not trusted ` +
    `can run programs that the folder names. Reading, hovers, the cast and annotating still work. ` +
    `If you trust the authors of this folder, trust it (${MANAGE_TRUST}), then run it again.`;
  void vscode.window.showWarningMessage(message, MANAGE_TRUST).then(async (choice) => {
    if (choice === MANAGE_TRUST) await vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
