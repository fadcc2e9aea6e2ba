import * as vscode from 'vscode';

/** The subset of the built-in Git extension's API we use. */
interface GitApi {
  readonly repositories: readonly { readonly rootUri: vscode.Uri; getConfig(key: string): Promise<string> }[];
}

/** Who is annotating, by the `marginalia.author` setting alone: in the browser, which has no git. */
export async function configuredAuthor(uri?: vscode.Uri): Promise<string | undefined> {
  return vscode.workspace.getConfiguration('marginalia', uri).get<string>('author')?.trim() || undefined;
}

/**
 * Who is annotating: the `marginalia.author` setting, else git's `user.name` for the repository
 * holding the file (through the built-in Git extension, so no process is spawned).
 */
export async function authorName(uri?: vscode.Uri): Promise<string | undefined> {
  const configured = await configuredAuthor(uri);
  if (configured) return configured;
  const git = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!git) return undefined;
  try {
    const api = (git.isActive ? git.exports : await git.activate()).getAPI(1);
    const repository =
      api.repositories.find((candidate) => uri && uri.path.startsWith(`${candidate.rootUri.path}/`)) ?? api.repositories[0];
    const name = (await repository?.getConfig('user.name'))?.trim();
    return name || undefined;
  } catch (error) {
    console.warn('marginalia: could not read git user.name:', error);
    return undefined;
  }
}
