import * as vscode from 'vscode';
import { neutralizeMarkdown } from '../../core/markdown/markdown';

/**
 * Markdown that holds text from a file anyone can change (a sidecar, the book file), already escaped
 * or neutralised: it trusts nothing, so no command link runs, no HTML renders and `$(icon)` stays text.
 * Our own command links never go in one of these (see `commandLinks`).
 */
export function untrustedMarkdown(value = ''): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(value, false);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  markdown.supportThemeIcons = false;
  return markdown;
}

/** A note's or annotation's own Markdown, neutralised (see `neutralizeMarkdown`), in an untrusted MarkdownString. */
export function neutralizedMarkdown(text: string): vscode.MarkdownString {
  return untrustedMarkdown(neutralizeMarkdown(text));
}

/**
 * Our own command links, built by us alone, in a MarkdownString of their own that trusts exactly
 * `commands`: no text from a file is ever added to it.
 */
export function commandLinks(value: string, commands: readonly string[]): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(value, false);
  markdown.isTrusted = { enabledCommands: [...commands] };
  markdown.supportHtml = false;
  return markdown;
}
