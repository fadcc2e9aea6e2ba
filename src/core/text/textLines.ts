/** Line arithmetic on a text, for the modules that edit files by splicing whole lines. */

/** The line break a text uses, for the lines written into it: CRLF files stay CRLF. */
export function newlineOf(text: string): '\r\n' | '\n' {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** A place in a text: a 0-based line and UTF-16 character, as in VS Code. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

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

const CR = 0x0d;

/**
 * A line-by-line walk through a text by offsets, for the fast readers (splitting the text into
 * lines first costs more than the rest). CRLF reads as LF: the readers check that every CR is
 * followed by a LF, so it can only end a line.
 */
export class LineCursor {
  /** The current line: its first offset, its end (before its CR LF or LF) and the next line's start (-1: none). */
  protected start: number;
  protected end = 0;
  protected next = 0;

  constructor(
    protected readonly text: string,
    start: number,
  ) {
    this.start = start;
    this.load();
  }

  /** Moves to the next line; false, staying on the last, when there is none. */
  protected step(): boolean {
    if (this.next < 0) return false;
    this.start = this.next;
    this.load();
    return true;
  }

  private load(): void {
    const newline = this.text.indexOf('\n', this.start);
    if (newline < 0) {
      this.end = this.text.length;
      this.next = -1;
    } else {
      this.end = newline > this.start && this.text.charCodeAt(newline - 1) === CR ? newline - 1 : newline;
      this.next = newline + 1;
    }
  }
}
