/**
 * Where sentences end in manuscript prose: enough to tell the sentence a passage sits in from the
 * text around it. A line break always ends one; so does `.`, `?`, `!` or `…` (with any closing
 * quotes, brackets and note markers after it) followed by a space and something other than a
 * lowercase letter — unless the word before the full stop is an initial (`V. I. Lenin`) or a
 * title (`Mr. Kroon`), or a number opening its line (a chapter heading's).
 */

/** One sentence ending at `end` (after its punctuation, quotes and markers), the next beginning at `next`. */
export interface SentenceBreak {
  readonly end: number;
  readonly next: number;
  /** A line break, rather than punctuation. */
  readonly line: boolean;
}

const BREAK = /([.?!…]+[”’"')\]]*(?:\{\d+\}|\[\d+\])*)[ \t]+(?=[^\s\p{Ll}])|[ \t]*(\r?\n)[\s]*/gu;
/** Words whose full stop does not end a sentence. */
const TITLES = new Set(['Mr', 'Mrs', 'Ms', 'Dr', 'St', 'Mt', 'Gen', 'Col', 'Capt', 'Lt', 'Sgt', 'Prof', 'Rev', 'Fr', 'Jr', 'Sr', 'No', 'Vol', 'cf', 'vs']);
const WORD_BEFORE = /(\p{L}+)$/u;
const NUMBER_OPENING_LINE = /(?:^|\n)\d+$/;

/** The sentence breaks of `text` between `from` and `to`, in order. */
export function sentenceBreaks(text: string, from = 0, to = text.length): SentenceBreak[] {
  const breaks: SentenceBreak[] = [];
  const region = from === 0 && to === text.length ? text : text.slice(from, to);
  for (const match of region.matchAll(BREAK)) {
    const at = from + match.index;
    if (match[2] !== undefined) {
      const newline = match[0].indexOf(match[2]);
      breaks.push({ end: at + newline, next: at + match[0].length, line: true });
      continue;
    }
    if (match[1].startsWith('.') && !endsSentence(region.slice(Math.max(0, match.index - 8), match.index))) continue;
    breaks.push({ end: at + match[1].length, next: at + match[0].length, line: false });
  }
  return breaks;
}

/** Whether a full stop after `before` ends a sentence: not after an initial, a title, or a number opening its line (`38. 1917 Spring`). */
function endsSentence(before: string): boolean {
  if (NUMBER_OPENING_LINE.test(before)) return false;
  const word = WORD_BEFORE.exec(before)?.[1];
  return word === undefined || !((word.length === 1 && /\p{Lu}/u.test(word)) || TITLES.has(word));
}
