/**
 * Makes Markdown from a file anyone can change (a sidecar in a pull request) safe to show:
 * links keep their text but lose any target other than http(s) and mailto, images become their
 * alt text (so nothing is fetched), raw HTML is shown as text, and `$(icon)` syntax stays literal.
 */
export function neutralizeMarkdown(markdown: string): string {
  return markdown
    .replace(/[<>]/g, (char) => (char === '<' ? '&lt;' : '&gt;'))
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\(\s*([^)\s]*)[^)]*\)/g, (link, text: string, target: string) =>
      /^(https?:|mailto:)/i.test(target) ? link : text,
    )
    .replace(/^\s*\[[^\]]+\]:\s*\S+.*$/gm, '')
    .replace(/\$\(/g, '\\$(');
}

/** Text shown as itself inside Markdown: every character Markdown would read as syntax is escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|$~]/g, '\\$&');
}
