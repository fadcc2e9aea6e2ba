/** Suggest Cast's reading of a line: its words with what surrounds them, and what the whole book says about each word. */
import { GROUP_ENDINGS, LOWER, UPPER } from './nameWords';
import { isWordCode } from '../text/wordCharacters';
// ---------------------------------------------------------------------------------------------
// Tokens

/** A word of a line, with what surrounds it. */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** The characters between the previous word (its possessive included) and this one, or the line's start. */
  before: string;
  /** Followed by `’s`, `'s`, or (after an s) a lone apostrophe. */
  possessive: boolean;
  /** The end, possessive included. */
  possessiveEnd: number;
  /** The first word of a sentence (or of a quotation, or after a colon). */
  initial: boolean;
}

const APOSTROPHES = "'\u2019";
export const ABBREVIATIONS = new Set('Mr Mrs Ms Dr St Mt Gen Col Capt Lt Prof Rev Fr Sr Jr Co Inc Ltd No vs'.split(' '));

/** The words of a line, possessives folded into the word before them. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let previousEnd = 0;
  while (i < line.length) {
    if (!isWordCode(line.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < line.length && isWordCode(line.charCodeAt(i))) i++;
    const text = line.slice(start, i);
    const last = tokens[tokens.length - 1];
    // `’s` after a word: the possessive of that word, not a word of its own.
    if (last && (text === 's' || text === 'S') && start - last.end === 1 && APOSTROPHES.includes(line[last.end]) && !isWordCode(line.charCodeAt(i) || 0x20)) {
      last.possessive = true;
      last.possessiveEnd = i;
      previousEnd = i;
      continue;
    }
    tokens.push({ text, start, end: i, before: line.slice(previousEnd, start), possessive: false, possessiveEnd: i, initial: false });
    previousEnd = i;
  }
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    // `Workers’ Way`: an s-word followed by a lone apostrophe is possessive too.
    if (!token.possessive && /s$/.test(token.text) && APOSTROPHES.includes(line[token.end] ?? '') && !isWordCode(line.charCodeAt(token.end + 1) || 0x20)) {
      token.possessive = true;
      token.possessiveEnd = token.end + 1;
      if (k + 1 < tokens.length) tokens[k + 1].before = line.slice(token.possessiveEnd, tokens[k + 1].start);
    }
    token.initial = k === 0 ? true : startsSentence(token.before, tokens[k - 1]);
  }
  return tokens;
}

/** Whether what stands between the previous word and this one ends a sentence (or opens a quotation). */
function startsSentence(before: string, previous: Token): boolean {
  if (before === ' ') return false;
  const trimmed = before.replace(/[\s\u00a0]+$/, '');
  if (/[\u201c\u2018"([]$/.test(trimmed)) return true;
  const bare = trimmed.replace(/[\u201d\u2019"')\]]+$/, '');
  if (/[!?\u2026:]$/.test(bare)) return true;
  if (!/\.$/.test(bare)) return false;
  // `V. I. Lenin`, `St. Olaf`: an initial or an abbreviation, not the end of a sentence.
  if (bare === '.' && (/^\p{Lu}$/u.test(previous.text) || ABBREVIATIONS.has(previous.text))) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// What the book says about its words

interface WordStats {
  /** Capitalised, not at the start of a sentence. */
  capitalised: number;
  /** Capitalised at the start of a sentence. */
  initial: number;
  /** In lower case. */
  lower: number;
  /** After `a`/`an`. */
  afterArticle: number;
  /** Directly before a lower-case word, not at the start of a sentence. */
  beforeLower: number;
  /** As a title before a name (`General Kornilov`). */
  asTitle: number;
}

export class Lexicon {
  private readonly stats = new Map<string, WordStats>();

  of(word: string): WordStats {
    let stats = this.stats.get(word);
    if (!stats) this.stats.set(word, (stats = { capitalised: 0, initial: 0, lower: 0, afterArticle: 0, beforeLower: 0, asTitle: 0 }));
    return stats;
  }

  get(word: string): WordStats | undefined {
    return this.stats.get(word);
  }

  add(tokens: readonly Token[]): void {
    for (let k = 0; k < tokens.length; k++) {
      const token = tokens[k];
      const text = token.text;
      if (LOWER.test(text)) {
        this.of(text).lower++;
        continue;
      }
      if (!UPPER.test(text)) continue;
      const stats = this.of(text);
      if (token.initial) stats.initial++;
      else stats.capitalised++;
      const previous = tokens[k - 1];
      if (previous && /^(?:a|an|A|An)$/.test(previous.text) && /^\s+$/.test(token.before)) stats.afterArticle++;
      const next = tokens[k + 1];
      if (!token.initial && !token.possessive && next && LOWER.test(next.text) && /^ $/.test(next.before)) stats.beforeLower++;
    }
  }

  /** A lower-case word the book uses too (`revolution` for `Revolution`). */
  isCommonWord(word: string): boolean {
    const lower = word.toLowerCase();
    return lower !== word && (this.stats.get(lower)?.lower ?? 0) > 0;
  }

  /** Capitalised only ever at the start of sentences. */
  onlyInitial(word: string): boolean {
    return (this.stats.get(word)?.capitalised ?? 0) === 0;
  }

  /** A word for a group of people or an idea: `Bolshevik` (there are `Bolsheviks`), `a Georgian`, `Marxist fanaticism`. */
  isGroupWord(word: string): boolean {
    const stats = this.stats.get(word);
    if (!stats) return false;
    if (/s$/.test(word) && !/(?:ss|us|is)$/.test(word)) {
      // A plural whose singular the book also capitalises: `Bolsheviks`, the `Alliluyevs`.
      const singular = this.stats.get(word.slice(0, -1)) ?? (/es$/.test(word) ? this.stats.get(word.slice(0, -2)) : undefined);
      if (singular && singular.capitalised + singular.initial > 0) return true;
    }
    // `a Bolshevik`, and there are `Bolsheviks`: one of a group (a `Soviet` is not one of the `Soviets`).
    const plural = this.stats.get(`${word}s`);
    if (plural && plural.capitalised + plural.initial > 0 && stats.afterArticle > 0) return true;
    return GROUP_ENDINGS.test(word) && (/ism$/.test(word) || stats.beforeLower > 0 || stats.afterArticle > 0);
  }

  /** A title the book uses alone, after `the`, never before a name nor after `a`: `the Tsar`, `the Empress`. */
  isTitleAsName(word: string): boolean {
    const stats = this.stats.get(word);
    return stats !== undefined && stats.asTitle === 0 && stats.afterArticle === 0;
  }

  countTitle(word: string): void {
    this.of(word).asTitle++;
  }
}
