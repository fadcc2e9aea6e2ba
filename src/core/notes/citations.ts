import { formatMarker } from '../manuscript/parser';
import type { Chapter, Manuscript, Marker, MarkerKind, Position, Problem, Range } from '../manuscript/model';
import type { Sidecar } from './notesSidecar';
import type { SidecarProblem } from '../sidecar/sidecarFile';

/**
 * The markers of one manuscript version, indexed for look-ups by position and by number, so that a
 * hover costs a binary search rather than a scan of the document.
 */
export class CitationIndex {
  private readonly byNumber = new Map<string, Marker[]>();

  constructor(readonly manuscript: Manuscript) {
    for (const marker of manuscript.markers) {
      const key = keyOf(marker.kind, marker.number);
      const list = this.byNumber.get(key);
      if (list) list.push(marker);
      else this.byNumber.set(key, [marker]);
    }
  }

  /** The marker whose brackets hold `position` (its end excluded, so adjacent markers stay apart). */
  markerAt(position: Position): Marker | undefined {
    const candidate = this.manuscript.markers[this.firstEndingAfter(position)];
    return candidate && candidate.line === position.line && candidate.character <= position.character ? candidate : undefined;
  }

  /** The index of the first marker that ends after `position`. */
  private firstEndingAfter(position: Position): number {
    const markers = this.manuscript.markers;
    let low = 0;
    let high = markers.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const marker = markers[middle];
      if (marker.line < position.line || (marker.line === position.line && marker.character + marker.length <= position.character)) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** Every place the note is cited, in document order. */
  citations(kind: MarkerKind, number: number): readonly Marker[] {
    return this.byNumber.get(keyOf(kind, number)) ?? [];
  }

  chapterOf(line: number): Chapter | undefined {
    const chapters = this.manuscript.chapters;
    let found: Chapter | undefined;
    let low = 0;
    let high = chapters.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (chapters[middle].line <= line) {
        found = chapters[middle];
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found && line <= found.range.end.line ? found : undefined;
  }

  /** The marker of the same kind just before this one, if any. */
  previous(marker: Marker): Marker | undefined {
    const markers = this.manuscript.markers;
    const index = this.firstEndingAfter({ line: marker.line, character: marker.character });
    for (let i = index - 1; i >= 0; i--) if (markers[i].kind === marker.kind) return markers[i];
    return undefined;
  }
}

function keyOf(kind: MarkerKind, number: number): string {
  return `${kind}:${number}`;
}

export interface Passage {
  readonly range: Range;
  /** The passage shortened to its first and last words. */
  readonly excerpt: string;
}

const EXCERPT_WORDS = 8;

/**
 * The passage a note covers. An endnote covers the text since the previous endnote marker (or its
 * chapter's start); a footnote, the sentence it ends.
 */
export function passageOf(index: CitationIndex, lineAt: (line: number) => string, marker: Marker): Passage {
  const end: Position = { line: marker.line, character: marker.character };
  let start: Position;
  if (marker.kind === 'endnote') {
    const previous = index.previous(marker);
    const chapter = index.chapterOf(marker.line);
    const chapterStart = chapter ? { line: chapter.line + 1, character: 0 } : { line: 0, character: 0 };
    start =
      previous && (!chapter || previous.line >= chapter.line)
        ? { line: previous.line, character: previous.character + previous.length }
        : chapterStart;
    // A passage starting where the previous marker ends its paragraph really starts at the next one.
    while (start.line < end.line && start.character >= lineAt(start.line).trimEnd().length) {
      start = { line: start.line + 1, character: 0 };
    }
  } else {
    start = { line: marker.line, character: sentenceStart(lineAt(marker.line), marker.character) };
  }
  const text = textBetween(lineAt, start, end);
  return { range: { start, end }, excerpt: shorten(text) };
}

/** Just after the end of the sentence before `offset`, or the paragraph's start. */
function sentenceStart(line: string, offset: number): number {
  const before = line.slice(0, offset);
  // The last sentence end that is not just before the marker itself.
  const trimmed = before.replace(/[.!?…”’"]+$/, '');
  const pattern = /[.!?…][”’"]?(?:\{\d+\}|\[\d+\])*\s+(?=\S)/g;
  let start = 0;
  for (let match = pattern.exec(trimmed); match; match = pattern.exec(trimmed)) start = match.index + match[0].length;
  return start;
}

function textBetween(lineAt: (line: number) => string, start: Position, end: Position): string {
  if (start.line === end.line) return lineAt(start.line).slice(start.character, end.character);
  const parts = [lineAt(start.line).slice(start.character)];
  for (let line = start.line + 1; line < end.line; line++) parts.push(lineAt(line));
  parts.push(lineAt(end.line).slice(0, end.character));
  return parts.filter((part) => part.trim() !== '').join(' ');
}

function shorten(text: string): string {
  const words = text.replace(/\{\d+\}|\[\d+\]/g, '').trim().split(/\s+/).filter(Boolean);
  if (words.length <= EXCERPT_WORDS * 2) return words.join(' ');
  return `${words.slice(0, EXCERPT_WORDS).join(' ')} … ${words.slice(-EXCERPT_WORDS).join(' ')}`;
}

export const NoteProblemCode = {
  missingNote: 'note-missing',
  uncitedNote: 'note-uncited',
  endnoteCitedAgain: 'endnote-cited-again',
} as const;

/**
 * Notes and markers checked against each other: a marker with no note (information), an endnote
 * cited more than once (warning: an endnote number stands for one place), and, in the sidecar,
 * a note that no marker cites (warning).
 */
export function checkNotes(index: CitationIndex, sidecar: Sidecar): { manuscript: Problem[]; sidecar: SidecarProblem[] } {
  const manuscriptProblems: Problem[] = [];
  for (const marker of index.manuscript.markers) {
    const range = markerRange(marker);
    const label = formatMarker(marker.kind, marker.number);
    if (sidecar.parsed && !sidecar.note(marker.kind, marker.number)) {
      manuscriptProblems.push({
        severity: 'information',
        code: NoteProblemCode.missingNote,
        message: `${label} has no note yet.`,
        range,
      });
    }
    if (marker.kind === 'endnote') {
      const citations = index.citations(marker.kind, marker.number);
      if (citations.length > 1 && citations[0] !== marker) {
        manuscriptProblems.push({
          severity: 'warning',
          code: NoteProblemCode.endnoteCitedAgain,
          message: `Endnote ${label} is cited again here (first on line ${citations[0].line + 1}); an endnote is cited once.`,
          range,
        });
      }
    }
  }
  const sidecarProblems: SidecarProblem[] = sidecar.notes
    .filter((note) => index.citations(note.kind, note.number).length === 0)
    .map((note) => ({
      severity: 'warning',
      code: NoteProblemCode.uncitedNote,
      message: `No marker ${formatMarker(note.kind, note.number)} in the manuscript cites this ${note.kind}.`,
      range: note.keyRange,
    }));
  return { manuscript: manuscriptProblems, sidecar: sidecarProblems };
}

export function markerRange(marker: Marker): Range {
  return {
    start: { line: marker.line, character: marker.character },
    end: { line: marker.line, character: marker.character + marker.length },
  };
}
