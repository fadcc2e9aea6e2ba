import type { Manuscript, Problem, Range, Severity } from '../manuscript/model';
import type { Lexicon } from './lexicon';

/**
 * The copy-editor's problems that ebook and OCR conversions leave in a text: words run together,
 * paragraphs split at a page break, doubled words, soft hyphens, page numbers and running heads.
 */
export const TextualCode = {
  runTogetherWords: 'run-together-words',
  splitParagraph: 'split-paragraph',
  doubledWord: 'doubled-word',
  softHyphen: 'soft-hyphen',
  strayPageNumber: 'stray-page-number',
  runningHead: 'running-head',
} as const;
export type TextualCodeName = (typeof TextualCode)[keyof typeof TextualCode];

/** Each code with its severity and whether it is on when the settings say nothing. */
export const TEXTUAL_CODES: readonly { readonly code: TextualCodeName; readonly severity: Severity; readonly onByDefault: boolean }[] = [
  { code: TextualCode.runTogetherWords, severity: 'hint', onByDefault: true },
  { code: TextualCode.splitParagraph, severity: 'hint', onByDefault: true },
  { code: TextualCode.doubledWord, severity: 'warning', onByDefault: true },
  { code: TextualCode.softHyphen, severity: 'information', onByDefault: true },
  { code: TextualCode.strayPageNumber, severity: 'information', onByDefault: true },
  { code: TextualCode.runningHead, severity: 'information', onByDefault: true },
];

/** An edit that fixes a problem: `range` replaced by `newText`. */
export interface TextFix {
  readonly title: string;
  readonly range: Range;
  readonly newText: string;
}

export interface TextualProblem extends Problem {
  readonly fixes: readonly TextFix[];
  /** For `run-together-words`: the token, which the user may add to the book's words instead. */
  readonly word?: string;
}

export interface TextualOptions {
  /** The codes to report. */
  readonly enabled: ReadonlySet<string>;
  /** The book's own words (`words:` in marginalia.yaml): never run together. */
  readonly bookWords: readonly string[];
  /** The names and aliases of the cast: never run together. */
  readonly castNames: readonly string[];
}

/** The codes on when the settings say nothing. */
export function defaultTextualCodes(): Set<string> {
  return new Set(TEXTUAL_CODES.filter((c) => c.onByDefault).map((c) => c.code));
}

/** Whether `code` names one of the textual diagnostics. */
export function isTextualCode(code: string): code is TextualCodeName {
  return TEXTUAL_CODES.some((c) => c.code === code);
}

/**
 * The codes on for a manuscript: those on by default, switched by the book (`diagnostics:` in
 * marginalia.yaml), then by the user (the settings the user set, or the CLI's `--enable`/`--disable`),
 * each later word winning. Switches of codes that are not textual ones are left alone.
 */
export function enabledTextualCodes(book: readonly { readonly code: string; readonly on: boolean }[], user: ReadonlyMap<string, boolean>): Set<string> {
  const enabled = defaultTextualCodes();
  for (const [code, on] of [...book.map((s) => [s.code, s.on] as const), ...user]) {
    if (!isTextualCode(code)) continue;
    if (on) enabled.add(code);
    else enabled.delete(code);
  }
  return enabled;
}

/**
 * Words that a conversion runs into their neighbour (`ofdark`, `beliefin`): one of the two parts must
 * be one of these, so that an author's compounds of two content words (`harbourside`, `chartroom`)
 * are never taken for an error.
 */
const FUNCTION_WORDS = new Set(
  ('a an the of in on at to by for from with and or but nor as is was be been are were it its his her he she ' +
    'we they them him my our your their this that these those which who whom what not no so if than then had has have ' +
    'into upon over all some any i').split(' '),
);
/**
 * Phrases English borrows whole (`tour de force`): a conversion runs their words together too
 * (`a tour deforce`), though neither part is an English function word. Two of a phrase's words run
 * together are taken only with the rest of the phrase beside them, as in the phrase.
 */
const SET_PHRASES = [
  'tour de force', 'coup de grâce', 'coup de grace', 'pièce de résistance', 'piece de resistance', 'esprit de corps', 'joie de vivre',
  'crème de la crème', 'creme de la creme', 'nom de plume', 'nom de guerre', 'de rigueur', 'de facto', 'de jure', 'de novo',
  'en route', 'en masse', 'en bloc', 'en passant', 'fait accompli', 'bête noire', 'bete noire', 'cause célèbre', 'cause celebre',
  'carte blanche', 'force majeure', 'idée fixe', 'idee fixe', 'noblesse oblige', 'belles lettres', 'au courant',
  'ad hoc', 'ad hominem', 'ad infinitum', 'ad nauseam', 'a priori', 'a posteriori', 'bona fide', 'in situ', 'in toto', 'per se',
  'per annum', 'per capita', 'status quo', 'sine qua non', 'vice versa', 'mea culpa', 'ipso facto', 'prima facie', 'terra incognita',
  'quid pro quo', 'magnum opus', 'modus operandi', 'alma mater', 'habeas corpus', 'lingua franca', 'sotto voce', 'tabula rasa',
];
/** Two neighbouring words of a set phrase run together, to the phrase's words and where the pair stands in it. */
const RUN_TOGETHER_PHRASES = new Map<string, { readonly words: readonly string[]; readonly at: number }[]>();
for (const phrase of SET_PHRASES) {
  const words = phrase.split(' ');
  for (let at = 0; at + 1 < words.length; at++) {
    const joined = words[at] + words[at + 1];
    RUN_TOGETHER_PHRASES.set(joined, [...(RUN_TOGETHER_PHRASES.get(joined) ?? []), { words, at }]);
  }
}
/** A word the book itself uses this often is the author's, not a conversion's. */
const OFTEN = 3;
/** Doubled words that English writes on purpose: "had had", "that that", "very very". */
const DOUBLES_ALLOWED = new Set(
  'had that is very so far long many bye no yes ha oh ah tut boo hush well now there here pretty fifty knock do dum la tom chop goody'.split(' '),
);
const WORD = /[\p{L}][\p{L}\p{M}’']*/gu;
const DOUBLED = /(?<![\p{L}\p{N}’'-])(\p{L}+)[ \t]+(\1)(?![\p{L}\p{N}’'-])/giu;
const SOFT_HYPHEN = /\u00ad/g;
const PAGE_NUMBER = /^(?:[-–—]\s*)?(\d{1,4})(?:\s*[-–—])?$/;
const MAX_RUNNING_HEAD = 60;
const NUMBERED = /^\d+\.\s/;
const CLOSING = /[.!?…:;”’"')\]—–*]$/;
const TRAILING_MARKERS = /(?:\[\d{1,6}\]|\{\d{1,6}\})+$/;
const LOWER_START = /^[\p{Ll}]/u;
const UPPER = /\p{Lu}/u;
const LETTER = /\p{L}/u;

/** What one line holds, whatever the rest of the book says: remembered by the line's text. */
interface LineFindings {
  /** Tokens the dictionary rejects that split into two words, and where they stand. */
  readonly runTogether: readonly { readonly start: number; readonly token: string; readonly left: string; readonly right: string }[];
  readonly doubled: readonly { readonly start: number; readonly word: string; readonly secondStart: number }[];
  readonly softHyphens: readonly number[];
}

const NOTHING: LineFindings = { runTogether: [], doubled: [], softHyphens: [] };

/**
 * Checks a manuscript's paragraphs. What a line holds is remembered by its text, so that after an
 * edit only the changed paragraphs are looked at again; what depends on the whole book (how often a
 * word occurs, repeated running heads, paragraph joins) is a quick pass over the lines.
 */
export class TextualChecker {
  private memo = new Map<string, LineFindings>();
  private readonly splits = new Map<string, { left: string; right: string } | null>();

  constructor(private readonly lexicon: Lexicon) {}

  check(lines: readonly string[], manuscript: Manuscript, options: TextualOptions): TextualProblem[] {
    const problems: TextualProblem[] = [];
    const { enabled } = options;
    const debris = this.findDebris(lines, manuscript, enabled, problems);
    const findings = new Map<number, LineFindings>();
    for (const line of manuscript.paragraphs) {
      if (!debris.has(line)) findings.set(line, this.lineFindings(lines[line]));
    }
    if (this.memo.size > 2 * findings.size + 1000) this.pruneMemo(lines, findings);
    if (enabled.has(TextualCode.runTogetherWords)) this.reportRunTogether(findings, options, problems);
    for (const [line, found] of findings) {
      if (enabled.has(TextualCode.doubledWord)) {
        for (const doubled of found.doubled) {
          problems.push({
            severity: 'warning',
            code: TextualCode.doubledWord,
            message: `“${doubled.word}” is doubled.`,
            range: span(line, doubled.start, doubled.secondStart + doubled.word.length),
            fixes: [{ title: `Delete the second “${doubled.word}”`, range: span(line, doubled.start + doubled.word.length, doubled.secondStart + doubled.word.length), newText: '' }],
          });
        }
      }
      if (enabled.has(TextualCode.softHyphen)) {
        for (const at of found.softHyphens) {
          problems.push({
            severity: 'information',
            code: TextualCode.softHyphen,
            message: 'A soft hyphen (U+00AD), left by a conversion: invisible here, it splits the word for searches and counts.',
            range: span(line, at, at + 1),
            fixes: [{ title: 'Remove the soft hyphen', range: span(line, at, at + 1), newText: '' }],
          });
        }
      }
    }
    if (enabled.has(TextualCode.splitParagraph)) this.reportSplitParagraphs(lines, manuscript, debris, problems);
    return problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }

  /** Page numbers and running heads standing as paragraphs; reported when their codes are on. */
  private findDebris(lines: readonly string[], manuscript: Manuscript, enabled: ReadonlySet<string>, problems: TextualProblem[]): Set<number> {
    const debris = new Set<number>();
    const heads = new Map<string, number[]>();
    const paragraphs = manuscript.paragraphs;
    for (let index = 0; index < paragraphs.length; index++) {
      const line = paragraphs[index];
      // Most paragraphs are long: skipped before any copy of their text is made.
      if (lines[line].length > MAX_RUNNING_HEAD + 20) continue;
      const text = lines[line].trim();
      if (text.length > MAX_RUNNING_HEAD) continue;
      const page = PAGE_NUMBER.exec(text);
      if (page) {
        const number = Number(page[1]);
        const before = paragraphs[index - 1];
        // A year standing alone may be a heading of the author's; mid-sentence around it, it is a page.
        const midSentence = before !== undefined && !endsClosed(lines[before]);
        if (number >= 1000 && number <= 2100 && !midSentence) continue;
        debris.add(line);
        if (enabled.has(TextualCode.strayPageNumber)) {
          problems.push({
            severity: 'information',
            code: TextualCode.strayPageNumber,
            message: `A page number (${number}) left in the text by a conversion.`,
            range: span(line, 0, lines[line].length),
            fixes: [deleteLineFix(lines, line, 'Delete the page number')],
          });
        }
        continue;
      }
      // A numbered paragraph (`12. …`) is a heading or a point, never a running head.
      if (CLOSING.test(text) || !LETTER.test(text) || NUMBERED.test(text)) continue;
      const key = text.replace(/\d+/g, '').trim();
      const looksLikeHead = /\d/.test(text) || !/\p{Ll}/u.test(key);
      if (key.length === 0 || !looksLikeHead) continue;
      const found = heads.get(key);
      if (found) found.push(line);
      else heads.set(key, [line]);
    }
    for (const [key, found] of heads) {
      if (found.length < OFTEN) continue;
      for (const line of found) {
        debris.add(line);
        if (!enabled.has(TextualCode.runningHead)) continue;
        problems.push({
          severity: 'information',
          code: TextualCode.runningHead,
          message: `A running head (“${key}”, ${found.length} times in the book) left in the text by a conversion.`,
          range: span(line, 0, lines[line].length),
          fixes: [deleteLineFix(lines, line, 'Delete the running head')],
        });
      }
    }
    return debris;
  }

  private lineFindings(text: string): LineFindings {
    const known = this.memo.get(text);
    if (known) return known;
    const runTogether: LineFindings['runTogether'][number][] = [];
    const doubled: LineFindings['doubled'][number][] = [];
    const softHyphens: number[] = [];
    WORD.lastIndex = 0;
    for (let match = WORD.exec(text); match; match = WORD.exec(text)) {
      const token = withoutPossessive(match[0]);
      if (token.length < 3 || !LOWER_START.test(token) || UPPER.test(token)) continue;
      if (isNextToDigitOrLink(text, match.index, match.index + match[0].length)) continue;
      if (this.lexicon.accepts(token)) continue;
      const split = this.splitOf(token) ?? phraseSplitOf(text, match.index, token);
      if (split) runTogether.push({ start: match.index, token, ...split });
    }
    DOUBLED.lastIndex = 0;
    for (let match = DOUBLED.exec(text); match; match = DOUBLED.exec(text)) {
      if (DOUBLES_ALLOWED.has(match[1].toLowerCase())) continue;
      doubled.push({ start: match.index, word: match[1], secondStart: match.index + match[0].length - match[2].length });
    }
    SOFT_HYPHEN.lastIndex = 0;
    for (let match = SOFT_HYPHEN.exec(text); match; match = SOFT_HYPHEN.exec(text)) softHyphens.push(match.index);
    const findings = runTogether.length + doubled.length + softHyphens.length === 0 ? NOTHING : { runTogether, doubled, softHyphens };
    this.memo.set(text, findings);
    return findings;
  }

  /** The best split of a token into a function word and another word, both in the dictionary; null when none. */
  private splitOf(token: string): { left: string; right: string } | null {
    const known = this.splits.get(token);
    if (known !== undefined) return known;
    let best: { left: string; right: string } | null = null;
    let bestCost = Infinity;
    for (let at = 1; at < token.length; at++) {
      const left = token.slice(0, at);
      const right = token.slice(at);
      const leftIsFunction = FUNCTION_WORDS.has(left);
      const rightIsFunction = FUNCTION_WORDS.has(right);
      if (!leftIsFunction && !rightIsFunction) continue;
      // The other part is a word of its own, not a stray syllable.
      if ((!leftIsFunction && left.length < 3) || (!rightIsFunction && right.length < 3)) continue;
      const leftRank = this.lexicon.rank(left);
      const rightRank = this.lexicon.rank(right);
      if (leftRank === undefined || rightRank === undefined) continue;
      if (!this.lexicon.accepts(left) || !this.lexicon.accepts(right)) continue;
      const cost = Math.log(leftRank) + Math.log(rightRank);
      if (cost < bestCost) {
        bestCost = cost;
        best = { left, right };
      }
    }
    this.splits.set(token, best);
    return best;
  }

  private reportRunTogether(findings: ReadonlyMap<number, LineFindings>, options: TextualOptions, problems: TextualProblem[]): void {
    const excluded = new Set<string>();
    for (const word of options.bookWords) excluded.add(word.toLowerCase());
    for (const name of options.castNames) for (const word of name.split(/[\s.-]+/)) excluded.add(word.toLowerCase());
    const counts = new Map<string, number>();
    for (const found of findings.values()) {
      for (const { token } of found.runTogether) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    for (const [line, found] of findings) {
      for (const { start, token, left, right } of found.runTogether) {
        if (excluded.has(token) || (counts.get(token) ?? 0) >= OFTEN) continue;
        const range = span(line, start, start + token.length);
        problems.push({
          severity: 'hint',
          code: TextualCode.runTogetherWords,
          message: `“${token}” looks like two words run together: “${left} ${right}”.`,
          range,
          fixes: [{ title: `Insert a space: “${left} ${right}”`, range, newText: `${left} ${right}` }],
          word: token,
        });
      }
    }
  }

  /** A paragraph that ends without closing punctuation, followed by one that starts in lower case. */
  private reportSplitParagraphs(lines: readonly string[], manuscript: Manuscript, debris: ReadonlySet<number>, problems: TextualProblem[]): void {
    const paragraphs = manuscript.paragraphs.filter((line) => !debris.has(line));
    const isParagraph = new Set(manuscript.paragraphs);
    for (let index = 0; index + 1 < paragraphs.length; index++) {
      const line = paragraphs[index];
      const next = paragraphs[index + 1];
      if (!startsInLowerCase(lines[next]) || endsClosed(lines[line])) continue;
      // Only blank lines and the debris of a page break lie between them, no heading or epigraph.
      let between = line + 1;
      while (between < next && (lines[between].trim() === '' || (debris.has(between) && isParagraph.has(between)))) between++;
      if (between < next) continue;
      const endCharacter = lines[line].trimEnd().length;
      const nextStart = lines[next].length - lines[next].trimStart().length;
      problems.push({
        severity: 'hint',
        code: TextualCode.splitParagraph,
        message: 'This paragraph ends mid-sentence and the next begins in lower case: probably one paragraph split at a page break.',
        range: span(line, Math.max(0, endCharacter - 1), endCharacter),
        fixes: [
          {
            title: 'Join the paragraphs',
            range: { start: { line, character: endCharacter }, end: { line: next, character: nextStart } },
            newText: lines[line].trimEnd().endsWith('-') ? '' : ' ',
          },
        ],
      });
    }
  }

  /** Forgets the lines that are no longer in the text, so that the memory follows the book, not its history. */
  private pruneMemo(lines: readonly string[], findings: ReadonlyMap<number, LineFindings>): void {
    const kept = new Map<string, LineFindings>();
    for (const [line, found] of findings) kept.set(lines[line], found);
    this.memo = kept;
  }
}

/**
 * Whether a paragraph ends with closing punctuation (note markers after it aside), or is empty. Looks
 * at the last characters only: this runs on every paragraph of the book at each check.
 */
function endsClosed(text: string): boolean {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  if (end === 0) return true;
  const last = text.charAt(end - 1);
  if (last === ']' || last === '}') {
    const bare = text.slice(Math.max(0, end - 40), end).replace(TRAILING_MARKERS, '');
    return bare.length === 0 || CLOSING.test(bare);
  }
  return CLOSING.test(last);
}

function startsInLowerCase(text: string): boolean {
  let start = 0;
  while (start < text.length && isSpace(text.charCodeAt(start))) start++;
  return LOWER_START.test(text.charAt(start));
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0xa0;
}

/** The split of `token`, standing at `start` in `text`, as two words of a set phrase whose other words stand beside it; null when it is none. */
function phraseSplitOf(text: string, start: number, token: string): { left: string; right: string } | null {
  for (const { words, at } of RUN_TOGETHER_PHRASES.get(token) ?? []) {
    const before = words.slice(0, at).map((word) => `${word} `).join('');
    const after = words.slice(at + 2).map((word) => ` ${word}`).join('');
    const end = start + token.length;
    const beforeHolds = before === '' || (text.slice(start - before.length, start).toLowerCase() === before && !LETTER.test(text.charAt(start - before.length - 1)));
    const afterHolds = after === '' || (text.slice(end, end + after.length).toLowerCase() === after && !LETTER.test(text.charAt(end + after.length)));
    if (beforeHolds && afterHolds) return { left: words[at], right: words[at + 1] };
  }
  return null;
}

function withoutPossessive(word: string): string {
  return word.replace(/[’'](?:s)?$/u, '');
}

/** `x2`, `1st`, an address, a file name, or one word of a hyphenated compound (`cubby-hole`): not checked. */
function isNextToDigitOrLink(text: string, start: number, end: number): boolean {
  const before = text.charAt(start - 1);
  const after = text.charAt(end);
  return /[\d@/\\_.-]/.test(before) || /[\d@/\\_-]/.test(after) || (after === '.' && /\w/.test(text.charAt(end + 1)));
}

function deleteLineFix(lines: readonly string[], line: number, title: string): TextFix {
  let next = line + 1;
  while (next < lines.length && lines[next].trim() === '') next++;
  const range =
    next < lines.length
      ? { start: { line, character: 0 }, end: { line: next, character: 0 } }
      : { start: { line, character: 0 }, end: { line, character: lines[line].length } };
  return { title, range, newText: '' };
}

function span(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}
