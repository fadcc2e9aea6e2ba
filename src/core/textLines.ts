/** Line arithmetic on a text, for the modules that edit files by splicing whole lines. */

export function lineStartAt(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/** Just past the line break after `offset`, or the end of the text. */
export function lineEndAfter(source: string, offset: number): number {
  const newline = source.indexOf('\n', offset);
  return newline < 0 ? source.length : newline + 1;
}

/** The end of the line holding `offset`, unless `offset` already starts a line. */
export function lineBoundaryAt(source: string, offset: number): number {
  return offset === 0 || source[offset - 1] === '\n' ? offset : lineEndAfter(source, offset);
}

/** The line starting at `start`, without its line break. */
export function lineAt(source: string, start: number): string {
  const end = source.indexOf('\n', start);
  return source.slice(start, end < 0 ? source.length : end).replace(/\r$/, '');
}
