import * as vscode from 'vscode';

/** The commands of the features that run git, by the words a message names them with. */
const GIT_COMMANDS: Record<string, string> = {
  'marginalia.reviewChanges': 'Review Changes Against Branch…',
  'marginalia.refreshReview': 'Refresh Review',
  'marginalia.closeReview': 'Close Review',
  'marginalia.copyReviewMarkdown': 'Copy Review as Markdown',
  'marginalia.openReviewItem': 'Open Review Item',
  'marginalia.showReviewSidecarDiff': 'Show Sidecar Diff',
  'marginalia.describeReview': 'Describe Review',
  'marginalia.setUpGitIntegration': 'Set Up Git Integration',
};

/** Why a git command is not here, and where it is. */
export function desktopOnlyMessage(title: string): string {
  return (
    `Marginalia: ${title} runs git, which an editor in the browser (vscode.dev, github.dev) does not have. ` +
    'Open the repository in desktop VS Code for it, or run `marginalia review --base <branch>` in a terminal; ' +
    "on a pull request, the Marginalia review workflow (docs/ci) puts the same review on the pull request's page."
  );
}

/**
 * In the browser: the git commands, hidden from menus by the manifest (`marginalia.git`), still
 * answer a keybinding, a link or a script — with a message saying where to find them, not
 * "command not found".
 */
export function registerDesktopOnlyCommands(): vscode.Disposable {
  return vscode.Disposable.from(
    ...Object.entries(GIT_COMMANDS).map(([command, title]) =>
      vscode.commands.registerCommand(command, () => {
        void vscode.window.showInformationMessage(desktopOnlyMessage(title));
        return undefined;
      }),
    ),
  );
}
