/**
 * Text shown as itself inside Markdown: every ASCII punctuation character is backslash-escaped
 * (CommonMark and `marked` accept an escape before any of them), so no emphasis, link, HTML, entity,
 * autolink, heading, list, table or `$(icon)` can start inside it.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}
