import type { Manuscript } from './model';

/** The kinds of span a theme colours as part of a chapter heading. */
export const HEADING_TOKEN_TYPES = ['chapterNumber', 'chapterHeading'] as const;
export type HeadingTokenType = (typeof HEADING_TOKEN_TYPES)[number];

/** A span of one line, in UTF-16 units. */
export interface HeadingToken {
  readonly line: number;
  readonly character: number;
  readonly length: number;
  readonly type: HeadingTokenType;
}

/**
 * The spans of the chapter headings the parser found, for semantic colouring: a grammar sees one line
 * and cannot tell `2. No pilot shall leave his station.` in a decree from a heading, so the heading's
 * colour comes from here. The markers on a heading are left out, to keep their own colour.
 * `lineText` gives a line's text as the parser saw it.
 */
export function chapterHeadingTokens(manuscript: Manuscript, lineText: (line: number) => string): HeadingToken[] {
  const markersByLine = new Map<number, { character: number; length: number }[]>();
  for (const marker of manuscript.markers) {
    const onLine = markersByLine.get(marker.line);
    if (onLine) onLine.push(marker);
    else markersByLine.set(marker.line, [marker]);
  }
  const tokens: HeadingToken[] = [];
  for (const chapter of manuscript.chapters) {
    const text = lineText(chapter.line);
    const start = text.length - text.trimStart().length;
    const end = text.trimEnd().length;
    const period = text.indexOf('.', start);
    tokens.push({ line: chapter.line, character: start, length: period + 1 - start, type: 'chapterNumber' });
    let from = period + 1;
    for (const marker of markersByLine.get(chapter.line) ?? []) {
      if (marker.character > from) tokens.push({ line: chapter.line, character: from, length: marker.character - from, type: 'chapterHeading' });
      from = marker.character + marker.length;
    }
    if (end > from) tokens.push({ line: chapter.line, character: from, length: end - from, type: 'chapterHeading' });
  }
  return tokens;
}
