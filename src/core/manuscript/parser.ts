import type {
  Chapter,
  Epigraph,
  Interpolation,
  Manuscript,
  Marker,
  MarkerKind,
  Part,
  Problem,
  Quotation,
  Range,
  Severity,
} from './model';
import { dominantScript } from '../text/scripts';
import { decideHeadings, NUMBERED_PARAGRAPH, titleWithoutMarkers, type NumberedParagraph } from './headings';

/** The stable codes of the problems `parseManuscript` reports. */
export const ProblemCode = {
  markerGap: 'marker-gap',
  markerRepeated: 'marker-repeated',
  markerBackwards: 'marker-backwards',
  chapterNumbering: 'chapter-numbering',
  unbalancedQuotes: 'unbalanced-quotes',
  foreignScriptDebris: 'debris-foreign-script',
  emptyManuscript: 'empty-manuscript',
  damagedText: 'damaged-text',
} as const;

/** `PART FIVE`, `PART 5`, `BOOK I`, `VOLUME II`, `Part Five`, `Book One`. */
const PART_HEADING =
  /^(?:(?:PART|BOOK|VOLUME) (?:[A-Z]+(?:-[A-Z]+)?|\d+)|(?:Part|Book|Volume) (?:[A-Z][a-z]+(?:-[a-z]+)?|[IVXLC]+|\d+))$/;
const MAX_EPIGRAPH_LINE = 200;

const LEFT_DOUBLE = 0x201c;
const RIGHT_DOUBLE = 0x201d;
const LEFT_SINGLE = 0x2018;
const RIGHT_SINGLE = 0x2019;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const EM_DASH = '\u2014';
const SIGNIFICANT = /[{[\u201c\u201d\u2018\u2019]/g;
/** A NUL, or the replacement character an editor puts where bytes were not valid UTF-8. */
const DAMAGE = /[\u0000\ufffd]/;

/** Splits text into lines the way VS Code does: `\r\n`, `\n` and `\r` end a line; a leading BOM is not text. */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.split(/\r\n|\r|\n/);
}

/** Parses a manuscript's text into its parts, chapters, markers, quotations and problems. */
export function parseManuscript(text: string): Manuscript {
  return new ManuscriptParser(splitLines(text)).parse();
}

type LineKind = 'blank' | 'part' | 'chapter' | 'epigraph' | 'paragraph';

class ManuscriptParser {
  private readonly kinds: LineKind[];
  private readonly parts: Part[] = [];
  private readonly epigraphs: Epigraph[] = [];
  private readonly chapters: Chapter[] = [];
  private readonly paragraphs: number[] = [];
  private readonly markers: Marker[] = [];
  private readonly interpolations: Interpolation[] = [];
  private readonly quotations: Quotation[] = [];
  private readonly problems: Problem[] = [];

  constructor(private readonly lines: readonly string[]) {
    this.kinds = new Array<LineKind>(lines.length);
  }

  parse(): Manuscript {
    this.classifyLines();
    this.findEpigraphs();
    this.checkTrailingDebris();
    this.closeRanges();
    // Headings and epigraphs (a part's summary line too) hold markers and interpolations like any
    // paragraph. An epigraph's quotation may run over its verse lines: its quotes are not paired up.
    for (let line = 0; line < this.lines.length; line++) {
      const kind = this.kinds[line];
      if (kind !== 'blank') this.scanParagraph(line, kind === 'epigraph' ? 'markers only' : 'with quotations');
    }
    this.checkQuotations();
    this.checkNumbering();
    if (this.paragraphs.length === 0 && this.chapters.length === 0 && this.parts.length === 0) {
      this.report('information', ProblemCode.emptyManuscript, 'The manuscript has no text yet.', lineRange(0, 0, 0));
    }
    return {
      lineCount: this.lines.length,
      parts: this.parts,
      epigraphs: this.epigraphs,
      chapters: this.chapters,
      paragraphs: this.paragraphs,
      markers: this.markers,
      interpolations: this.interpolations,
      quotations: this.quotations,
      problems: this.problems.sort(compareProblems),
    };
  }

  private classifyLines(): void {
    const { lines, kinds } = this;
    const numbered: NumberedParagraph[] = [];
    let sinceNumbered = false;
    for (let line = 0; line < lines.length; line++) {
      const text = lines[line];
      const damage = DAMAGE.exec(text);
      if (damage) this.reportDamage(line, damage.index, text.charCodeAt(damage.index) === 0);
      const trimmed = text.trim();
      kinds[line] = 'paragraph';
      if (trimmed.length === 0) {
        kinds[line] = 'blank';
        continue;
      }
      const heading = this.standsAlone(line) ? NUMBERED_PARAGRAPH.exec(trimmed) : null;
      if (trimmed.length <= 40 && PART_HEADING.test(trimmed)) {
        kinds[line] = 'part';
        this.parts.push({ title: trimmed, subtitle: undefined, line, range: lineRange(line, 0, text.length) });
      } else if (heading) {
        const part = this.parts.length - 1;
        const previous = numbered[numbered.length - 1];
        const followsDirectly = previous !== undefined && !sinceNumbered && previous.part === part;
        numbered.push({ line, number: Number(heading[1]), title: heading[2].trimEnd(), followsDirectly, part });
        sinceNumbered = false;
        continue;
      }
      sinceNumbered = true;
    }
    this.decideChapters(numbered);
  }

  /** Numbered paragraphs become chapters or stay paragraphs, decided on the whole book at once. */
  private decideChapters(numbered: readonly NumberedParagraph[]): void {
    const headings = decideHeadings(numbered);
    for (const paragraph of numbered) {
      if (!headings.has(paragraph.line)) continue;
      this.kinds[paragraph.line] = 'chapter';
      this.chapters.push({
        number: paragraph.number,
        title: titleWithoutMarkers(paragraph.title),
        line: paragraph.line,
        range: lineRange(paragraph.line, 0, this.lines[paragraph.line].length),
      });
    }
  }

  /** A heading has a blank line (or the edge of the text) on each side. */
  private standsAlone(line: number): boolean {
    const before = line === 0 || this.lines[line - 1].trim().length === 0;
    const after = line === this.lines.length - 1 || this.lines[line + 1].trim().length === 0;
    return before && after;
  }

  /**
   * An epigraph is the run of short lines after a part heading (or at the top of the text) that ends
   * with an attribution line starting with `—`, or runs up to the first chapter heading.
   */
  private findEpigraphs(): void {
    if (this.parts.length === 0 || this.parts[0].line > 0) this.findEpigraphFrom(0);
    this.parts.forEach((part, index) => {
      const epigraph = this.findEpigraphFrom(part.line + 1);
      // One line under a part heading, unattributed, is the part's subtitle (`BOOK I` / `The Voyage Out`).
      if (epigraph && epigraph.lines.length === 1 && epigraph.attributionLine === undefined && epigraph.dedicationLine === undefined) {
        const line = epigraph.lines[0];
        this.parts[index] = { ...part, subtitle: { text: this.lines[line].trim(), line } };
      }
    });
    for (let line = 0; line < this.lines.length; line++) {
      if (this.kinds[line] === 'paragraph') this.paragraphs.push(line);
    }
  }

  private findEpigraphFrom(start: number): Epigraph | undefined {
    const { lines, kinds } = this;
    const found: number[] = [];
    let attributionLine: number | undefined;
    let line = start;
    for (; line < lines.length; line++) {
      const kind = kinds[line];
      if (kind === 'blank') continue;
      if (kind !== 'paragraph' || lines[line].length > MAX_EPIGRAPH_LINE) break;
      found.push(line);
      if (lines[line].trimStart().startsWith(EM_DASH)) {
        attributionLine = line;
        line++;
        break;
      }
    }
    const reachesChapter = line >= lines.length || kinds[line] === 'chapter' || kinds[line] === 'part';
    if (found.length === 0 || (attributionLine === undefined && !reachesChapter)) return undefined;
    // Without a heading before it, only an attributed run of lines is an epigraph rather than prose.
    if (start === 0 && attributionLine === undefined) return undefined;
    for (const epigraphLine of found) kinds[epigraphLine] = 'epigraph';
    const first = found[0];
    const last = found[found.length - 1];
    const dedicationLine = /^(?:To|For) \S/.test(lines[first]) && first !== attributionLine ? first : undefined;
    const epigraph: Epigraph = {
      range: { start: { line: first, character: 0 }, end: { line: last, character: lines[last].length } },
      dedicationLine,
      lines: found.filter((l) => l !== dedicationLine && l !== attributionLine),
      attributionLine,
    };
    this.epigraphs.push(epigraph);
    return epigraph;
  }

  /** Gives parts and chapters their full ranges, now that every heading is known. */
  private closeRanges(): void {
    const endBefore = (nextLine: number | undefined): Range['end'] => {
      const line = this.lastNonBlankBefore(nextLine ?? this.lines.length);
      return { line, character: this.lines[line].length };
    };
    this.parts.forEach((part, index) => {
      const next = this.parts[index + 1];
      this.parts[index] = { ...part, range: { start: { line: part.line, character: 0 }, end: endBefore(next?.line) } };
    });
    const headings = [...this.parts.map((p) => p.line), ...this.chapters.map((c) => c.line)].sort((a, b) => a - b);
    this.chapters.forEach((chapter, index) => {
      const next = headings.find((line) => line > chapter.line);
      this.chapters[index] = {
        ...chapter,
        range: { start: { line: chapter.line, character: 0 }, end: endBefore(next) },
      };
    });
  }

  private lastNonBlankBefore(line: number): number {
    let candidate = line - 1;
    while (candidate > 0 && this.kinds[candidate] === 'blank') candidate--;
    return Math.max(candidate, 0);
  }

  /** One pass over a paragraph's characters: markers, interpolations and (unless told not to) quotations. */
  private scanParagraph(line: number, scope: 'with quotations' | 'markers only'): void {
    const text = this.lines[line];
    const length = text.length;
    let doubleStart = -1;
    let singleStart = -1;
    let sawDouble = false;
    // Jumping from one significant character to the next is several times faster than visiting each.
    const significant = SIGNIFICANT;
    significant.lastIndex = 0;
    const quotations = scope === 'with quotations';
    while (significant.test(text)) {
      const i = significant.lastIndex - 1;
      const code = text.charCodeAt(i);
      if (!quotations && code !== OPEN_BRACE && code !== OPEN_BRACKET) continue;
      switch (code) {
        case OPEN_BRACE: {
          const end = digitsThen(text, i + 1, CLOSE_BRACE);
          if (end > 0) {
            this.addMarker('endnote', text, line, i, end);
            significant.lastIndex = end + 1;
          }
          break;
        }
        case OPEN_BRACKET: {
          const end = digitsThen(text, i + 1, CLOSE_BRACKET);
          if (end > 0) {
            this.addMarker('footnote', text, line, i, end);
            significant.lastIndex = end + 1;
          } else {
            // The interpolation is recorded; scanning goes on inside it, for the markers it may hold.
            this.addInterpolation(text, line, i);
          }
          break;
        }
        case LEFT_DOUBLE:
          if (doubleStart < 0) doubleStart = i;
          sawDouble = true;
          break;
        case RIGHT_DOUBLE:
          if (doubleStart >= 0) {
            this.addQuotation('double', line, doubleStart, i + 1, true, true);
            doubleStart = -1;
          } else if (!sawDouble) {
            this.addQuotation('double', line, 0, i + 1, false, true);
          }
          sawDouble = true;
          break;
        case LEFT_SINGLE:
          if (singleStart < 0) singleStart = i;
          break;
        case RIGHT_SINGLE:
          if (singleStart >= 0 && !(isLetter(text.charCodeAt(i - 1)) && isLetter(text.charCodeAt(i + 1)))) {
            this.addQuotation('single', line, singleStart, i + 1, true, true);
            singleStart = -1;
          }
          break;
      }
    }
    if (!quotations) return;
    if (singleStart >= 0) this.addQuotation('single', line, singleStart, length, true, false);
    if (doubleStart >= 0) this.addQuotation('double', line, doubleStart, length, true, false);
  }

  private addMarker(kind: MarkerKind, text: string, line: number, start: number, close: number): void {
    this.markers.push({
      kind,
      number: Number(text.slice(start + 1, close)),
      line,
      character: start,
      length: close + 1 - start,
    });
  }

  /** `[words]`, closed on the same line, possibly holding `[12]` markers; `[` alone is just a bracket. */
  private addInterpolation(text: string, line: number, open: number): void {
    for (let i = open + 1; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === CLOSE_BRACKET) {
        if (i > open + 1) {
          this.interpolations.push({ text: text.slice(open + 1, i), line, character: open, length: i + 1 - open });
        }
        return;
      }
      if (code === OPEN_BRACKET) {
        const end = digitsThen(text, i + 1, CLOSE_BRACKET);
        if (end < 0) return;
        i = end;
      }
    }
  }

  private addQuotation(
    kind: Quotation['kind'],
    line: number,
    start: number,
    end: number,
    opened: boolean,
    closed: boolean,
  ): void {
    this.quotations.push({ kind, line, start, end, opened, closed });
  }

  /**
   * Unbalanced double quotes are a hint: a quotation may run over several paragraphs, each opening
   * with “ and only the last closing it, so an unclosed quotation followed by one that opens is fine.
   */
  private checkQuotations(): void {
    const quotations = this.quotations.filter((q) => q.kind === 'double');
    const continuesFrom = new Set<number>();
    for (const quotation of quotations) {
      if (quotation.closed) continue;
      const next = this.nextParagraph(quotation.line);
      if (next !== undefined && this.lines[next].trimStart().charCodeAt(0) === LEFT_DOUBLE) {
        continuesFrom.add(next);
      } else {
        this.report(
          'hint',
          ProblemCode.unbalancedQuotes,
          'This quotation is not closed in its paragraph, and the next paragraph does not continue it with “.',
          lineRange(quotation.line, quotation.start, quotation.start + 1),
        );
      }
    }
    for (const quotation of quotations) {
      if (quotation.opened || continuesFrom.has(quotation.line)) continue;
      this.report(
        'hint',
        ProblemCode.unbalancedQuotes,
        'This paragraph closes a quotation it never opens: its opening “ may be missing.',
        lineRange(quotation.line, quotation.end - 1, quotation.end),
      );
    }
  }

  private nextParagraph(line: number): number | undefined {
    for (let next = line + 1; next < this.lines.length; next++) {
      const kind = this.kinds[next];
      if (kind === 'paragraph') return next;
      if (kind !== 'blank') return undefined;
    }
    return undefined;
  }

  /** Endnotes and footnotes are each numbered upward on their own sequence; chapters too. */
  private checkNumbering(): void {
    const previous: Record<MarkerKind, Marker | undefined> = { endnote: undefined, footnote: undefined };
    for (const marker of this.markers) {
      const before = previous[marker.kind];
      previous[marker.kind] = marker;
      if (!before || marker.number === before.number + 1) continue;
      const range = lineRange(marker.line, marker.character, marker.character + marker.length);
      const name = `${marker.kind === 'endnote' ? 'Endnote' : 'Footnote'} ${formatMarker(marker.kind, marker.number)}`;
      const after = formatMarker(marker.kind, before.number);
      if (marker.number === before.number) {
        this.report('warning', ProblemCode.markerRepeated, `${name} repeats the number of the ${marker.kind} before it.`, range);
      } else if (marker.number < before.number) {
        this.report('warning', ProblemCode.markerBackwards, `${name} goes backwards: it follows ${after}.`, range);
      } else {
        const missing = marker.number - before.number - 1;
        const what =
          missing === 1
            ? `${formatMarker(marker.kind, before.number + 1)} is missing`
            : `${missing} numbers (${before.number + 1}–${marker.number - 1}) are missing`;
        this.report('warning', ProblemCode.markerGap, `${name} follows ${after}: ${what}.`, range);
      }
    }
    const partOf = (line: number) => this.parts.filter((part) => part.line < line).length;
    for (let index = 1; index < this.chapters.length; index++) {
      const chapter = this.chapters[index];
      const before = this.chapters[index - 1];
      if (chapter.number === before.number + 1) continue;
      // A new part (`BOOK II`) may number its chapters from 1 again.
      if (chapter.number === 1 && partOf(chapter.line) !== partOf(before.line)) continue;
      this.report(
        'warning',
        ProblemCode.chapterNumbering,
        `Chapter ${chapter.number} follows chapter ${before.number}; expected ${before.number + 1}.`,
        lineRange(chapter.line, 0, String(chapter.number).length),
      );
    }
  }

  /** Ebook conversion leaves lines such as "Загрузка..." at the end, in another script than the book's. */
  private checkTrailingDebris(): void {
    const bookScript = dominantScript(this.paragraphs.slice(0, 50).map((line) => this.lines[line]));
    if (bookScript === undefined) return;
    const last = this.paragraphs[this.paragraphs.length - 1];
    if (last === undefined || last === this.paragraphs[0]) return;
    const script = dominantScript([this.lines[last]]);
    if (script === undefined || script === bookScript) return;
    // Debris is not a paragraph of the book.
    this.kinds[last] = 'blank';
    this.paragraphs.pop();
    this.report(
      'warning',
      ProblemCode.foreignScriptDebris,
      `The last line is in ${script} script while the book is in ${bookScript}: probably left over from an ebook conversion.`,
      lineRange(last, 0, this.lines[last].length),
    );
  }

  private reportDamage(line: number, character: number, nul: boolean): void {
    const message = nul
      ? 'A NUL character: this line holds binary data, not text.'
      : 'A replacement character (�): bytes here were not valid UTF-8; the file was probably saved in another encoding.';
    this.report('error', ProblemCode.damagedText, message, lineRange(line, character, character + 1));
  }

  private report(severity: Severity, code: string, message: string, range: Range): void {
    this.problems.push({ severity, code, message, range });
  }
}

/** Returns the index of `close` when digits (at least one) run from `from` up to it, else -1. */
function digitsThen(text: string, from: number, close: number): number {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code < DIGIT_0 || code > DIGIT_9) break;
    i++;
  }
  return i > from && i - from <= 6 && text.charCodeAt(i) === close ? i : -1;
}

function isLetter(code: number): boolean {
  if (Number.isNaN(code)) return false;
  if (code < 0x80) return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
  return /\p{L}/u.test(String.fromCharCode(code));
}

export function formatMarker(kind: MarkerKind, number: number): string {
  return kind === 'endnote' ? `{${number}}` : `[${number}]`;
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

function compareProblems(a: Problem, b: Problem): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
