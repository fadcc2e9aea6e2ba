/**
 * Which numbered paragraphs are chapter headings, decided on the whole book rather than one line at a
 * time: a history book quotes decrees as numbered points (`1. Every harbour master shall report…`),
 * while an older book heads its chapters with long summaries ending with a period.
 */

/** A paragraph standing alone between blank lines that opens with a number and a period. */
export interface NumberedParagraph {
  readonly line: number;
  readonly number: number;
  /** After the number and its period, as written (markers included). */
  readonly title: string;
  /** Only blank lines lie between it and the numbered paragraph before it, in the same part. */
  readonly followsDirectly: boolean;
  /** The index of the part it lies in; -1 before any part heading. */
  readonly part: number;
}

/** `38. A Title`: a number of at most four digits, a period, a title. */
export const NUMBERED_PARAGRAPH = /^(\d{1,4})\.[ \t]+(\S.*)$/;
/** A heading longer than this is prose, however it is cased. */
const MAX_HEADING = 600;
/** A title this short that does not end like a sentence reads as a heading wherever it is. */
const SHORT_TITLE = 120;
const SENTENCE_END = /[.!?;:,…][”’")\]]*$/;
const TRAILING_MARKERS = /(?:\s*(?:\[\d{1,6}\]|\{\d{1,6}\}))+\s*$/;
/** Words a title leaves in lower case, in the languages books quote in their titles. */
const MINOR_WORDS = new Set(
  'a an the and or nor but of in on at to for by with from as into onto upon over than via de del della di da du des la le les von van der den y e et'.split(' '),
);
const LETTER_START = /^[\p{L}]/u;
const UPPER_START = /^[\p{Lu}]/u;

/** The title without the endnote and footnote markers that follow it. */
export function titleWithoutMarkers(title: string): string {
  return title.replace(TRAILING_MARKERS, '').trimEnd();
}

/**
 * A heading's title: short without a sentence's closing punctuation (`1851 Spring: The Survey`), or in
 * title case however long (`How The Surveyor Came To The Northern Isles, And What Befell Her There.`).
 */
export function isTitleLike(title: string): boolean {
  const bare = titleWithoutMarkers(title);
  if (bare.length > MAX_HEADING) return false;
  if (bare.length <= SHORT_TITLE && !SENTENCE_END.test(bare)) return true;
  let words = 0;
  let capitalized = 0;
  for (const word of bare.split(/[\s—–-]+/)) {
    const letters = word.replace(/^[^\p{L}\p{N}]+/u, '');
    if (!LETTER_START.test(letters) || MINOR_WORDS.has(letters.toLowerCase())) continue;
    words++;
    if (UPPER_START.test(letters)) capitalized++;
  }
  return words >= 3 && capitalized >= words * 0.9;
}

/**
 * Returns the lines of the numbered paragraphs that are chapter headings. A run of two or more
 * numbered paragraphs with nothing but blank lines between them, numbered upward by one, is a list of
 * points when it starts at 1 or reads as sentences. Any other numbered paragraph is a heading when its
 * title reads as one, or when its number continues the headings before it in its part (the first
 * heading of a part, when the next numbered paragraph continues it).
 */
export function decideHeadings(candidates: readonly NumberedParagraph[]): Set<number> {
  const titleLike = candidates.map((candidate) => isTitleLike(candidate.title));
  const point = markPoints(candidates, titleLike);
  const rest = candidates.map((_, index) => index).filter((index) => !point[index]);
  const headings = new Set<number>();
  let previous: NumberedParagraph | undefined;
  rest.forEach((index, position) => {
    const candidate = candidates[index];
    if (previous && previous.part !== candidate.part) previous = undefined;
    let heading = titleLike[index];
    if (!heading && previous) {
      heading = candidate.number === previous.number + 1;
    } else if (!heading) {
      const next = candidates[rest[position + 1]];
      heading = next !== undefined && next.part === candidate.part && next.number === candidate.number + 1;
    }
    if (heading) {
      headings.add(candidate.line);
      previous = candidate;
    }
  });
  return headings;
}

/** Marks the numbered paragraphs that belong to a list of points. */
function markPoints(candidates: readonly NumberedParagraph[], titleLike: readonly boolean[]): boolean[] {
  const point = new Array<boolean>(candidates.length).fill(false);
  let start = 0;
  while (start < candidates.length) {
    let end = start + 1;
    // A run goes on while each follows the one before directly with the next number; a title among
    // sentences is the heading after the list, not its last point.
    while (
      end < candidates.length &&
      candidates[end].followsDirectly &&
      candidates[end].number === candidates[end - 1].number + 1 &&
      (titleLike[start] || !titleLike[end])
    ) {
      end++;
    }
    if (end - start >= 2) {
      const sentences = !titleLike.slice(start, end).some(Boolean);
      if (candidates[start].number === 1 || sentences) point.fill(true, start, end);
    }
    start = end;
  }
  return point;
}
