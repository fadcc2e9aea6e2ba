/**
 * The baseline the parser is measured against: split the text into lines, then one regex pass over
 * all lines per construct. It collects the same facts as the parser, each pass on its own.
 */
import type { Chapter, Interpolation, Marker, MarkerKind, Part, Quotation } from '../../src/core/manuscript/model';

export interface NaiveResult {
  readonly parts: readonly Pick<Part, 'title' | 'line'>[];
  readonly chapters: readonly Pick<Chapter, 'number' | 'title' | 'line'>[];
  readonly endnotes: readonly Marker[];
  readonly footnotes: readonly Marker[];
  readonly interpolations: readonly Interpolation[];
  readonly doubleQuotations: readonly Quotation[];
  readonly singleQuotations: readonly Quotation[];
}

const PART = /^PART [A-Z]+$/g;
const CHAPTER = /^(\d+)\. (\S.*)$/g;
const ENDNOTE = /\{(\d+)\}/g;
const FOOTNOTE = /\[(\d+)\]/g;
const INTERPOLATION = /\[(?!\d+\])([^\]]+)\]/g;
/** A closed or unclosed “…”, or the start of a paragraph that begins inside a quotation. */
const DOUBLE = /“[^“”]*(?:”|$)|^[^“”]*”/g;
/** An apostrophe followed by a letter (`Varga’s`) does not close a single quotation. */
const SINGLE = /‘(?:[^‘’]|’(?=\p{L}))*(?:’|$)/gu;

export function naiveParse(text: string): NaiveResult {
  const lines = text.split(/\r\n|\r|\n/);
  return {
    parts: pass(lines, PART, (match, line) => ({ title: match[0], line })),
    chapters: pass(lines, CHAPTER, (match, line) => ({ number: Number(match[1]), title: match[2], line })),
    endnotes: pass(lines, ENDNOTE, (match, line) => marker('endnote', match, line)),
    footnotes: pass(lines, FOOTNOTE, (match, line) => marker('footnote', match, line)),
    interpolations: pass(lines, INTERPOLATION, (match, line) => ({
      text: match[1],
      line,
      character: match.index,
      length: match[0].length,
    })),
    doubleQuotations: pass(lines, DOUBLE, (match, line) => quotation('double', match, line, '“', '”')),
    singleQuotations: pass(lines, SINGLE, (match, line) => quotation('single', match, line, '‘', '’')),
  };
}

function pass<T>(lines: readonly string[], pattern: RegExp, found: (match: RegExpExecArray, line: number) => T): T[] {
  const results: T[] = [];
  lines.forEach((text, line) => {
    for (const match of text.matchAll(pattern)) results.push(found(match, line));
  });
  return results;
}

function marker(kind: MarkerKind, match: RegExpExecArray, line: number): Marker {
  return { kind, number: Number(match[1]), line, character: match.index, length: match[0].length };
}

function quotation(kind: Quotation['kind'], match: RegExpExecArray, line: number, open: string, close: string): Quotation {
  const [quoted] = match;
  return {
    kind,
    line,
    start: match.index,
    end: match.index + quoted.length,
    opened: quoted.startsWith(open),
    closed: quoted.endsWith(close),
  };
}

/** What a hover shows about the marker under the cursor: the marker, and the chapter it sits in. */
export interface HoverAnswer {
  readonly marker: Marker;
  readonly chapter: { readonly number: number; readonly line: number } | undefined;
}

const MARKER = /\{(\d+)\}|\[(\d+)\]/g;
const CHAPTER_LINE = /^(\d{1,4})\.[ \t]+\S/;
const PART_LINE = /^PART [A-Z]+$/;

/**
 * The hover baseline: what a provider without an index does on every hover. It regex-scans the
 * line under the cursor for a marker holding the cursor, then walks up the lines to the nearest
 * chapter heading (none once it meets a part heading first). `lines` stands for the editor's
 * document, whose lines are at hand without splitting the text.
 */
export function naiveHoverAt(lines: readonly string[], line: number, character: number): HoverAnswer | undefined {
  const text = lines[line];
  for (const match of text.matchAll(MARKER)) {
    if (match.index > character) break;
    if (character >= match.index + match[0].length) continue;
    const kind: MarkerKind = match[1] !== undefined ? 'endnote' : 'footnote';
    const marker: Marker = { kind, number: Number(match[1] ?? match[2]), line, character: match.index, length: match[0].length };
    return { marker, chapter: naiveChapterOf(lines, line) };
  }
  return undefined;
}

function naiveChapterOf(lines: readonly string[], line: number): HoverAnswer['chapter'] {
  for (let at = line; at >= 0; at--) {
    const text = lines[at];
    const heading = CHAPTER_LINE.exec(text);
    if (heading) return { number: Number(heading[1]), line: at };
    if (PART_LINE.test(text)) return undefined;
  }
  return undefined;
}
