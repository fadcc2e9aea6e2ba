import { composeYaml } from '../yaml/compose';
import { aliasBomb } from '../yaml/aliases';
import { appendToList } from '../yaml/listEdits';
import { firstPair, valueAt } from '../yaml/nodes';
import { newlineOf } from '../text/textLines';
import { applySplices, spliceLines } from '../yaml/splice';
import { isMap, isScalar, isSeq, type YamlNode } from '../yaml/tree';
import { inlineScalar } from '../yaml/write';
import { compileGlob, type GlobMatcher } from './glob';
import type { Range } from './model';

/** The file at the root of a book's folder. */
export const BOOK_FILE_NAME = 'marginalia.yaml';
/** Files with this extension are manuscripts wherever they are. */
export const MANUSCRIPT_EXTENSION = '.manuscript';

export interface BookProblem {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  readonly range: Range;
}

/** A parsed `marginalia.yaml`. Its YAML document is kept so that edits preserve comments and order. */
export interface BookFile {
  readonly title: string | undefined;
  /** Glob patterns, relative to the book's folder. */
  readonly manuscripts: readonly string[];
  /** `words:`: the book's own words, which the textual diagnostics never take for errors. */
  readonly words: readonly string[];
  /**
   * `diagnostics:`: diagnostics the book switches on or off by code (`run-together-words: false`),
   * as the settings `marginalia.diagnostics.<code>` do; which codes exist is the diagnostics' business.
   */
  readonly diagnostics: readonly DiagnosticSwitch[];
  readonly problems: readonly BookProblem[];
  /** False when the YAML itself does not parse: then the file must never be written. */
  readonly parsed: boolean;
}

/** One entry of `diagnostics:` in marginalia.yaml, with where its key stands. */
export interface DiagnosticSwitch {
  readonly code: string;
  readonly on: boolean;
  readonly range: Range;
}

export function parseBookFile(text: string): BookFile {
  const lineStarts = lineStartsOf(text);
  const document = composeYaml(text, { uniqueKeys: true });
  const problems: BookProblem[] = document.errors.map((error) => ({
    severity: 'error',
    code: `yaml-${error.code.toLowerCase().replace(/_/g, '-')}`,
    message: firstLine(error.message),
    range: rangeOf(lineStarts, error.pos),
  }));
  if (problems.length > 0) {
    return { title: undefined, manuscripts: [], words: [], diagnostics: [], problems, parsed: false };
  }
  const bomb = aliasBomb(document);
  if (bomb) {
    problems.push({
      severity: 'error',
      code: 'yaml-aliases',
      message: `The alias *${bomb.source} stands for too many nodes (an "alias bomb"): remove the anchors and aliases by hand.`,
      range: rangeOf(lineStarts, [bomb.range[0], bomb.range[1]]),
    });
    return { title: undefined, manuscripts: [], words: [], diagnostics: [], problems, parsed: false };
  }
  const contents = document.contents;
  const warn = (code: string, message: string, offsets: readonly [number, number] | undefined) =>
    problems.push({ severity: 'warning', code, message, range: rangeOf(lineStarts, offsets ?? [0, 0]) });

  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return { title: undefined, manuscripts: [], words: [], diagnostics: [], problems, parsed: true };
  }
  if (!isMap(contents)) {
    warn('book-not-a-map', 'marginalia.yaml should be a map of settings, such as `manuscripts:`.', rangeOffsets(contents));
    return { title: undefined, manuscripts: [], words: [], diagnostics: [], problems, parsed: true };
  }
  const titleNode = valueAt(contents, ['title']);
  const title = isScalar(titleNode) ? titleNode.value : undefined;
  const manuscriptsNode = valueAt(contents, ['manuscripts']);
  const manuscripts: string[] = [];
  if (manuscriptsNode !== undefined) {
    if (isSeq(manuscriptsNode)) {
      for (const item of manuscriptsNode.items) {
        if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '') {
          manuscripts.push(item.value.trim());
        } else {
          warn('book-bad-glob', '`manuscripts` entries are glob patterns, such as "chapters/*.txt".', rangeOffsets(item));
        }
      }
    } else {
      warn('book-bad-manuscripts', '`manuscripts` should be a list of glob patterns.', rangeOffsets(manuscriptsNode));
    }
  }
  const words: string[] = [];
  const wordsNode = valueAt(contents, ['words']);
  if (wordsNode !== undefined) {
    if (isSeq(wordsNode)) {
      for (const item of wordsNode.items) {
        if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number') && String(item.value).trim() !== '') {
          words.push(String(item.value).trim());
        } else {
          warn('book-bad-word', '`words` entries are words, such as "harbourside".', rangeOffsets(item));
        }
      }
    } else {
      warn('book-bad-words', '`words` should be a list of words.', rangeOffsets(wordsNode));
    }
  }
  const diagnostics: DiagnosticSwitch[] = [];
  const diagnosticsNode = valueAt(contents, ['diagnostics']);
  if (diagnosticsNode !== undefined) {
    if (isMap(diagnosticsNode)) {
      for (const item of diagnosticsNode.items) {
        const key = isScalar(item.key) ? item.key.value : undefined;
        if (typeof key === 'string' && isScalar(item.value) && typeof item.value.value === 'boolean') {
          diagnostics.push({ code: key, on: item.value.value, range: rangeOf(lineStarts, rangeOffsets(item.key) ?? [0, 0]) });
        } else {
          warn('book-bad-diagnostic', '`diagnostics` entries switch a code on or off, such as `run-together-words: false`.', rangeOffsets(item.key ?? item.value));
        }
      }
    } else {
      warn('book-bad-diagnostics', '`diagnostics` should be a map of codes to true or false.', rangeOffsets(diagnosticsNode));
    }
  }
  return { title: typeof title === 'string' ? title : undefined, manuscripts, words, diagnostics, problems, parsed: true };
}

/** Which files of a book are manuscripts (globs as `./glob` reads them). */
export class ManuscriptMatcher {
  private readonly globs: readonly GlobMatcher[];

  constructor(globs: readonly string[]) {
    this.globs = globs.map(compileGlob);
  }

  /** `relativePath` is `/`-separated, relative to the book's folder. */
  matches(relativePath: string): boolean {
    return relativePath.endsWith(MANUSCRIPT_EXTENSION) || this.globs.some((glob) => glob.matches(relativePath));
  }
}

/**
 * Adds a manuscript path to a book file's text, keeping every other byte, or returns a new book
 * file's text when there is none yet. Throws when the existing text does not parse.
 */
export function addManuscriptToBook(text: string | undefined, relativePath: string): string {
  if (text === undefined || text.trim() === '') {
    return `# Marginalia book: which files are manuscripts (globs relative to this folder).\n\nmanuscripts:\n  - ${inlineScalar(relativePath)}\n`;
  }
  return addToList(text, 'manuscripts', relativePath, '');
}

/**
 * Adds a word to the book's `words:` list, keeping every other byte; a new book file's text when
 * there is none. Throws when the existing text does not parse or `words` is not a list.
 */
export function addWordToBook(text: string | undefined, word: string): string {
  return addToList(text ?? '', 'words', word, "# The book's own words: never taken for words run together.");
}

/**
 * The text with `value` added to the list under the top-level `key` (a new list at the end, below
 * `comment`, when there is none; nothing when the list holds it already), every other byte kept.
 */
function addToList(text: string, key: string, value: string, comment: string): string {
  const document = composeYaml(text, { uniqueKeys: true });
  if (document.errors.length > 0) throw new Error(`${BOOK_FILE_NAME} does not parse: ${firstLine(document.errors[0].message)}`);
  const contents = document.contents;
  if (contents !== null && !isMap(contents) && !(isScalar(contents) && contents.value === null)) {
    throw new Error(`${BOOK_FILE_NAME} is not a map of settings: fix it by hand first.`);
  }
  const newline = newlineOf(text);
  const pair = isMap(contents) ? firstPair(contents, key) : undefined;
  if (!pair) {
    const block = `${comment === '' ? '' : comment + newline}${key}:${newline}  - ${inlineScalar(value)}${newline}`;
    return spliceLines(text, text.length, text.length, block, newline);
  }
  const list = pair.value;
  if (isSeq(list) && list.items.some((item) => isScalar(item) && item.value === value)) return text;
  const splices = isSeq(list) || list === null || (isScalar(list) && list.value === null) ? appendToList(text, newline, pair, [value]) : undefined;
  if (!splices) throw new Error(`\`${key}\` in ${BOOK_FILE_NAME} is not a list: fix it by hand first.`);
  return applySplices(text, splices);
}

function rangeOffsets(node: YamlNode | null | undefined): [number, number] | undefined {
  return node ? [node.range[0], node.range[1]] : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** The offset where each line starts, for turning YAML offsets into positions. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || (code === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) starts.push(i + 1);
  }
  return starts;
}

export function positionAt(lineStarts: readonly number[], offset: number): { line: number; character: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low, character: offset - lineStarts[low] };
}

function rangeOf(lineStarts: readonly number[], offsets: readonly [number, number]): Range {
  return { start: positionAt(lineStarts, offsets[0]), end: positionAt(lineStarts, Math.max(offsets[0], offsets[1])) };
}
