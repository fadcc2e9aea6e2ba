/**
 * The splice writer: every edit of our YAML files changes some lines and keeps every other byte.
 * The notes, annotations, pins and cast writers find the lines through the nodes they read, and
 * write through these.
 */

/** Text to put in place of `[start, end)` of a source. */
export interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Replaces `[start, end)`, which are line boundaries, with whole lines, adding a line break first
 * where they go at the end of a text that ends without one.
 */
export function spliceLines(source: string, start: number, end: number, replacement: string, newline: string): string {
  const needsBreak = start === source.length && source.length > 0 && !source.endsWith('\n');
  return `${source.slice(0, start)}${needsBreak ? newline : ''}${replacement}${source.slice(end)}`;
}

/** Applies splices given in offsets of `source`: from the end, so that earlier offsets stay valid; splices at one offset keep their order. */
export function applySplices(source: string, splices: readonly Splice[]): string {
  const ordered = splices.map((splice, index) => ({ splice, index })).sort((a, b) => b.splice.start - a.splice.start || b.index - a.index);
  let text = source;
  for (const { splice } of ordered) text = text.slice(0, splice.start) + splice.text + text.slice(splice.end);
  return text;
}

/** The text ending with a line break (unless empty). */
export function lineBreakEnded(text: string, newline: string): string {
  return text === '' || text.endsWith('\n') ? text : text + newline;
}

/** Shifts top-level YAML lines to `indent`, with `newline` breaks: block scalar indicators are relative, so they hold. */
export function indented(text: string, indent: string, newline: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line === '' ? '' : indent + line))
    .join(newline)
    .concat(newline);
}
