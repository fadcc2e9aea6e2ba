import { Document, isMap, isScalar, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { Minimatch, type MinimatchOptions } from 'minimatch';
import type { Range } from './model';
import { errorMessage } from '../text/errorMessage';

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

/** Limits YAML alias expansion, so that an "alias bomb" fails fast instead of filling memory. */
const MAX_ALIAS_COUNT = 1000;

export function parseBookFile(text: string): BookFile {
  const lineStarts = lineStartsOf(text);
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const problems: BookProblem[] = document.errors.map((error) => ({
    severity: 'error',
    code: `yaml-${error.code.toLowerCase().replace(/_/g, '-')}`,
    message: firstLine(error.message),
    range: rangeOf(lineStarts, error.pos),
  }));
  if (problems.length > 0) {
    return { title: undefined, manuscripts: [], words: [], diagnostics: [], problems, parsed: false };
  }
  let contents: unknown;
  try {
    contents = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    problems.push({
      severity: 'error',
      code: 'yaml-aliases',
      message: errorMessage(error),
      range: rangeOf(lineStarts, [0, 0]),
    });
    return { title: undefined, manuscripts: [], words: [], diagnostics: [], problems, parsed: false };
  }
  const warn = (code: string, message: string, offsets: readonly [number, number] | undefined) =>
    problems.push({ severity: 'warning', code, message, range: rangeOf(lineStarts, offsets ?? [0, 0]) });

  if (contents !== null && contents !== undefined && !isMap(document.contents)) {
    warn('book-not-a-map', 'marginalia.yaml should be a map of settings, such as `manuscripts:`.', document.contents?.range?.slice(0, 2) as [number, number]);
    return { title: undefined, manuscripts: [], words: [], diagnostics: [], problems, parsed: true };
  }
  const title = document.get('title');
  const manuscriptsNode = document.get('manuscripts', true);
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
  const wordsNode = document.get('words', true);
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
  const diagnosticsNode = document.get('diagnostics', true);
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

/**
 * Globs as VS Code reads them in settings: `*` and `?` within a path segment (dot files too),
 * `**` across segments, `{a,b}`, `[abc]` and `[!abc]`, `\\` escapes; `!`, `#` and parentheses
 * are plain characters. minimatch rather than picomatch, which reads `(a|b)` as a group even
 * without extglobs; the platform is fixed so that minimatch never looks at `process`.
 */
const GLOB_OPTIONS: MinimatchOptions = { dot: true, noext: true, nonegate: true, nocomment: true, platform: 'linux' };

/** Which files of a book are manuscripts. */
export class ManuscriptMatcher {
  private readonly globs: readonly Minimatch[];

  constructor(globs: readonly string[]) {
    this.globs = globs.map((glob) => new Minimatch(glob, GLOB_OPTIONS));
  }

  /** `relativePath` is `/`-separated, relative to the book's folder. */
  matches(relativePath: string): boolean {
    return relativePath.endsWith(MANUSCRIPT_EXTENSION) || this.globs.some((glob) => glob.match(relativePath));
  }
}

/**
 * Adds a manuscript path to a book file's text, keeping its comments and layout, or returns a new
 * book file's text when there is none yet. Throws when the existing text does not parse.
 */
export function addManuscriptToBook(text: string | undefined, relativePath: string): string {
  if (text === undefined || text.trim() === '') {
    const document = new Document({ manuscripts: [relativePath] });
    document.commentBefore = ' Marginalia book: which files are manuscripts (globs relative to this folder).';
    return document.toString();
  }
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new Error(`${BOOK_FILE_NAME} does not parse: ${firstLine(document.errors[0].message)}`);
  }
  const existing = document.get('manuscripts', true);
  if (isSeq(existing)) {
    (existing as YAMLSeq).add(document.createNode(relativePath));
  } else if (existing === undefined || existing === null) {
    document.set('manuscripts', document.createNode([relativePath]));
  } else {
    throw new Error('`manuscripts` in marginalia.yaml is not a list: fix it by hand first.');
  }
  return document.toString();
}

/**
 * Adds a word to the book's `words:` list, keeping the file's comments and layout; a new book file's
 * text when there is none. Throws when the existing text does not parse or `words` is not a list.
 */
export function addWordToBook(text: string | undefined, word: string): string {
  const document = parseDocument(text ?? '');
  if (document.errors.length > 0) {
    throw new Error(`${BOOK_FILE_NAME} does not parse: ${firstLine(document.errors[0].message)}`);
  }
  if (!isMap(document.contents) && document.contents !== null) {
    throw new Error(`${BOOK_FILE_NAME} is not a map of settings: fix it by hand first.`);
  }
  const existing = document.get('words', true);
  if (isSeq(existing)) {
    if (existing.items.some((item) => isScalar(item) && item.value === word)) return document.toString();
    (existing as YAMLSeq).add(document.createNode(word));
  } else if (existing === undefined || existing === null) {
    const list = document.createNode([word]);
    list.commentBefore = ' The book\'s own words: never taken for words run together.';
    document.set('words', list);
  } else {
    throw new Error('`words` in marginalia.yaml is not a list: fix it by hand first.');
  }
  return document.toString();
}

function rangeOffsets(node: unknown): [number, number] | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? [range[0], range[1]] : undefined;
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
