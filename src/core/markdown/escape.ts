/**
 * Text shown as itself inside Markdown: every character that can start or close a construct is
 * backslash-escaped (CommonMark and `marked` accept an escape before any ASCII punctuation), so no
 * emphasis, code, link, image, HTML, entity (`&`), autolink (`:`, `@`, `.`), heading (`#`, `=`, `-`),
 * list, quote, table (`|`), strikethrough or `$(icon)` can start inside it. Punctuation that starts
 * nothing (`/ , ; ? ' " % ^`) is left as it is, so that the text stays readable where the Markdown
 * itself is read (a review pasted in a pull request).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|$~&:=@]/g, '\\$&');
}
