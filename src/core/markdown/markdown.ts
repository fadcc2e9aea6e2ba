import { getDefaults, Lexer, Tokenizer, type MarkedToken, type Token, type Tokens } from 'marked';
import { escapeMarkdown } from './escape';

/** The only link targets a note may keep: the web and e-mail. Everything else loses its target. */
const SAFE_LINK = /^(?:https?|mailto):/i;

/**
 * Makes Markdown from a file anyone can change (a sidecar in a pull request) safe to show: it is
 * parsed with `marked`, the parser VS Code's hovers render with (GitHub-flavoured, as there), and
 * written out again from the tokens. Text is escaped so that no construct can form again in any
 * renderer; emphasis, code, lists, quotes, headings and line breaks are kept; links keep their text
 * but lose any target other than http(s) and mailto; images become their alt text (nothing is
 * fetched); raw HTML, tables, strikethrough and task boxes are shown as the text they are; `$(icon)`
 * stays literal. A note longer than `MAX_PARSED_LENGTH` is shown as plain text (see `BoundedTokenizer`).
 */
export function neutralizeMarkdown(markdown: string): string {
  if (markdown.length > MAX_PARSED_LENGTH) return asText(markdown).join('\n');
  let tokens: Token[];
  try {
    // marked's defaults (GitHub-flavoured, as VS Code renders), whatever anything else set globally.
    tokens = new Lexer({ ...getDefaults(), tokenizer: new BoundedTokenizer() }).lex(markdown);
  } catch (error) {
    // The stack ran out all the same (the bounds below are meant to prevent it): plain text.
    if (error instanceof RangeError) return asText(markdown).join('\n');
    throw error;
  }
  return renderBlocks(tokens).join('\n');
}

/**
 * Longer notes (some 15,000 words) are shown as plain text: what `marked` does per character is
 * bounded below, not its total, which for a note of this length written to be slow is about 0.1 s.
 */
export const MAX_PARSED_LENGTH = 100_000;
/** Quotes and lists deeper than this are read as text (markdown-it's CommonMark preset stopped at 20 and dropped the rest). */
const MAX_NESTING = 10;
/** How much scanning for emphasis closers a note may cost, in delimiters scanned past (see `affordsEmphasis`). */
const EMPHASIS_BUDGET = 200_000;

/**
 * `marked`'s tokenizer with bounds on its work, so that a note written to freeze whoever reviews it
 * cannot: unbounded, `marked` recurses once per level of nesting (a few thousand `> ` or `*` exhaust
 * the stack) and scans to the end of the paragraph for every emphasis delimiter that finds no closer
 * (20 KB of `*_a` takes seconds). Past a bound, quotes, lists, emphasis and strikethrough are no
 * longer recognised and their markers are shown as text; no note a person writes comes near either.
 */
class BoundedTokenizer extends Tokenizer {
  private nesting = 0;
  private emphasisSpent = 0;
  /** For each inline source seen, how many delimiters (`*`, `_`, `~`) lie at or after each offset. */
  private readonly delimitersFrom = new Map<string, Int32Array>();

  override blockquote(src: string): Tokens.Blockquote | undefined {
    return this.nested(() => super.blockquote(src));
  }

  override list(src: string): Tokens.List | undefined {
    return this.nested(() => super.list(src));
  }

  override emStrong(src: string, maskedSrc: string, prevChar?: string): Tokens.Em | Tokens.Strong | undefined {
    return this.affordsEmphasis(src, maskedSrc) ? super.emStrong(src, maskedSrc, prevChar) : undefined;
  }

  override del(src: string, maskedSrc: string, prevChar?: string): Tokens.Del | undefined {
    return this.affordsEmphasis(src, maskedSrc) ? super.del(src, maskedSrc, prevChar) : undefined;
  }

  // GitHub's rules for bare addresses and for where text stops look ahead, once per token, through
  // the whole run of characters an e-mail address may hold (`~a~a…`, `_a_a…`): only so far.
  override url(src: string): Tokens.Link | undefined {
    return super.url(src.slice(0, WEB_ADDRESS_START.test(src) ? WEB_ADDRESS_LOOKAHEAD : LOOKAHEAD));
  }

  override inlineText(src: string): Tokens.Text | undefined {
    return super.inlineText(src.slice(0, LOOKAHEAD));
  }

  private nested<T>(lex: () => T | undefined): T | undefined {
    if (this.nesting >= MAX_NESTING) return undefined;
    this.nesting++;
    try {
      return lex();
    } finally {
      this.nesting--;
    }
  }

  /**
   * Charges a delimiter at the start of `src` what looking for its closer may cost at most: every
   * delimiter after it in its inline source (`maskedSrc`, of which `src` is what is left to read).
   */
  private affordsEmphasis(src: string, maskedSrc: string): boolean {
    let counts = this.delimitersFrom.get(maskedSrc);
    if (counts === undefined) {
      counts = new Int32Array(maskedSrc.length + 1);
      for (let index = maskedSrc.length - 1; index >= 0; index--) counts[index] = counts[index + 1] + (DELIMITER.test(maskedSrc[index]) ? 1 : 0);
      this.delimitersFrom.set(maskedSrc, counts);
    }
    this.emphasisSpent += counts[maskedSrc.length - src.length];
    return this.emphasisSpent <= EMPHASIS_BUDGET;
  }
}

const DELIMITER = /[*_~]/;
/** How far ahead the end of a run of text or of a bare e-mail address is looked for (a longer run is cut there). */
const LOOKAHEAD = 256;
/** A bare web address may be longer: it is read up to this far. */
const WEB_ADDRESS_LOOKAHEAD = 4096;
const WEB_ADDRESS_START = /^(?:(?:https?|ftp):\/\/|www\.|mailto:|xmpp:)/i;

/**
 * The token as the lexer made it: without extensions, `marked` makes only these (its wider `Token`
 * type admits the tokens of extensions, which we do not load).
 */
function known(token: Token): MarkedToken {
  return token as MarkedToken;
}

/** The lines of a run of sibling block tokens, blocks separated by a blank line (a tight list's items are not). */
function renderBlocks(tokens: readonly Token[], tight = false): string[] {
  const lines: string[] = [];
  for (const token of tokens) {
    const block = renderBlock(known(token));
    if (block.length === 0) continue;
    if (lines.length > 0 && !tight) lines.push('');
    lines.push(...block);
  }
  return lines;
}

function renderBlock(token: MarkedToken): string[] {
  switch (token.type) {
    case 'paragraph':
    case 'text':
      return renderInline(token.tokens ?? [token], PARAGRAPH).split('\n');
    case 'heading':
      // One line: a setext heading's line breaks become spaces.
      return [`${'#'.repeat(token.depth)} ${renderInline(token.tokens, ONE_LINE)}`];
    case 'blockquote':
      return renderBlocks(token.tokens).map((line) => (line === '' ? '>' : `> ${line}`));
    case 'list':
      return renderList(token);
    case 'code':
      return codeBlock(token.text, token.lang ?? '');
    case 'hr':
      return ['***'];
    case 'html':
      return asText(token.text);
    case 'table':
      return renderTable(token);
    case 'space':
    case 'def':
      // Blank lines, and a reference's definition (its links have taken their target from it).
      return [];
    default:
      // A token out of place (none is, without extensions): its source as text.
      return asText(token.raw);
  }
}

/** A list, tight (no blank lines) or loose, as it was written, each item with its own marker. */
function renderList(list: Tokens.List): string[] {
  const lines: string[] = [];
  for (const item of list.items) {
    if (lines.length > 0 && list.loose) lines.push('');
    lines.push(...renderListItem(item, list.loose));
  }
  return lines;
}

const LIST_MARKER = /^[ \t]*([*+-]|\d{1,9}[.)])/;

function renderListItem(item: Tokens.ListItem, loose: boolean): string[] {
  const marker = LIST_MARKER.exec(item.raw)?.[1] ?? '-';
  const indent = ' '.repeat(marker.length + 1);
  // A task box (GitHub's `[ ]`, `[x]`) is shown as the text it is: a tight item holds it as a block of its own.
  const [first, ...rest] = item.tokens;
  const box = first !== undefined && known(first).type === 'checkbox' ? escapeMarkdown(first.raw) : '';
  const content = renderBlocks(box === '' ? item.tokens : rest, !loose);
  if (box !== '') content[0] = `${box}${content[0] ?? ''}`;
  if (content.length === 0) return [marker];
  return content.map((line, index) => (index === 0 ? `${marker} ${line}` : line === '' ? '' : `${indent}${line}`));
}

/** A GitHub table, shown as the text it is: a line per row (hard breaks between), its cells' contents kept. */
function renderTable(table: Tokens.Table): string[] {
  const rows = [table.header, ...table.rows].map((cells) => `\\| ${cells.map((cell) => renderInline(cell.tokens, ONE_LINE)).join(' \\| ')} \\|`);
  return rows.map((row, index) => (index < rows.length - 1 ? `${row}\\` : row));
}

/** A fenced code block whose fence no line of the code can close; the language kept only if it is a plain name. */
function codeBlock(code: string, info: string): string[] {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(code) + 1));
  const language = info.trim().split(/\s+/)[0];
  const body = code.endsWith('\n') ? code.slice(0, -1) : code;
  return [`${fence}${/^[\w+-]+$/.test(language) ? language : ''}`, ...(body === '' ? [] : body.split('\n')), fence];
}

/** Source (raw HTML, or a note not parsed) as the text it is, line for line. */
function asText(source: string): string[] {
  const lines = source.replace(/\n$/, '').split('\n').map((line) => escapeMarkdown(line.trim()));
  // A backslash at the end of a line is a hard break, so the lines stay lines; not before a blank line, which ends the paragraph.
  return lines.map((line, index) => (line !== '' && (lines[index + 1] ?? '') !== '' ? `${line}\\` : line));
}

/** How inline content is written: what its line breaks become, and whether it keeps its markup. */
interface InlineStyle {
  readonly softBreak: string;
  readonly hardBreak: string;
  /** False for an image's description: the words alone, as a renderer shows them in its place. */
  readonly markup: boolean;
}

const PARAGRAPH: InlineStyle = { softBreak: '\n', hardBreak: '\\\n', markup: true };
/** A heading or a table cell: one line. */
const ONE_LINE: InlineStyle = { softBreak: ' ', hardBreak: ' ', markup: true };
const PLAIN: InlineStyle = { softBreak: ' ', hardBreak: ' ', markup: false };

function renderInline(tokens: readonly Token[], style: InlineStyle): string {
  return tokens.map((token) => renderInlineToken(known(token), style)).join('');
}

function renderInlineToken(token: MarkedToken, style: InlineStyle): string {
  switch (token.type) {
    case 'text':
      return token.tokens ? renderInline(token.tokens, style) : lines(token.raw, style, textOf);
    case 'escape':
      return escapeMarkdown(token.text);
    case 'html':
      return lines(token.raw, style, escapeMarkdown);
    case 'codespan':
      return style.markup ? codeSpan(token.text) : escapeMarkdown(token.text);
    case 'br':
      return style.hardBreak;
    case 'em':
    case 'strong':
    case 'del': {
      const inner = renderInline(token.tokens, style);
      if (!style.markup) return inner;
      // Strikethrough is not kept: its tildes (as many as were written on each side) are shown.
      const delimiter = token.type === 'em' ? '*' : token.type === 'strong' ? '**' : escapeMarkdown(token.raw.slice(0, (token.raw.length - token.text.length) / 2));
      return `${delimiter}${inner}${delimiter}`;
    }
    case 'link': {
      // An autolink's text is its address, literally: no reference in it is resolved.
      const text = token.autolink ? escapeMarkdown(token.text) : renderInline(token.tokens, style);
      const target = style.markup ? safeTarget(token.href, token.autolink === true) : undefined;
      return target === undefined ? text : `[${text}](<${target}>)`;
    }
    case 'image':
      return renderInline(token.tokens, PLAIN);
    case 'checkbox':
      return escapeMarkdown(token.raw);
    default:
      return lines(token.raw, style, escapeMarkdown);
  }
}

/** Text over one or more lines, each written by `write`, joined by the style's soft break. */
function lines(source: string, style: InlineStyle, write: (text: string) => string): string {
  return source.split(/[ \t]*\n[ \t]*/).map(write).join(style.softBreak);
}

/** A character reference as CommonMark and HTML spell one: decimal, hexadecimal or named. */
const CHARACTER_REFERENCE = /&(?:#(\d{1,7})|#[xX]([\da-fA-F]{1,6})|([A-Za-z][A-Za-z\d]{1,31}));/g;

/** The named references that stand for printable ASCII (all punctuation): HTML's names for them. */
const ASCII_NAMES: Readonly<Record<string, string>> = {
  excl: '!', quot: '"', QUOT: '"', num: '#', dollar: '$', percnt: '%', amp: '&', AMP: '&', apos: "'",
  lpar: '(', rpar: ')', ast: '*', midast: '*', plus: '+', comma: ',', period: '.', sol: '/', colon: ':',
  semi: ';', lt: '<', LT: '<', equals: '=', gt: '>', GT: '>', quest: '?', commat: '@', lsqb: '[',
  lbrack: '[', bsol: '\\', rsqb: ']', rbrack: ']', Hat: '^', lowbar: '_', UnderBar: '_', grave: '`',
  DiacriticalGrave: '`', lcub: '{', lbrace: '{', verbar: '|', vert: '|', VerticalLine: '|', rcub: '}', rbrace: '}',
};

/**
 * Text as the source spells it (`marked` leaves references unresolved in a token's `raw`), written
 * so that it reads the same. A reference to printable ASCII is resolved and escaped like any
 * character, so that no `$(icon)`, `<` or `*` reaches a renderer by any spelling. Any other reference
 * is left for the renderer to resolve, as it would have in the note: it can only ever give a
 * character, never markup, and so we carry no table of HTML's 2,000 names (32 KB).
 */
function textOf(source: string): string {
  let out = '';
  let last = 0;
  for (const reference of source.matchAll(CHARACTER_REFERENCE)) {
    out += escapeMarkdown(source.slice(last, reference.index));
    out += asciiOf(reference) ?? reference[0];
    last = reference.index + reference[0].length;
  }
  return out + escapeMarkdown(source.slice(last));
}

/** The printable ASCII character a reference stands for, escaped; undefined for any other. */
function asciiOf([, decimal, hex, name]: RegExpMatchArray): string | undefined {
  const code = decimal !== undefined ? Number(decimal) : hex !== undefined ? parseInt(hex, 16) : undefined;
  const character = code === undefined ? ASCII_NAMES[name] : code > 0x20 && code < 0x7f ? String.fromCharCode(code) : undefined;
  return character === undefined ? undefined : escapeMarkdown(character);
}

/**
 * The target as it may be written back, or undefined when it must go. The scheme is tested as
 * written: a reference or an escape in it (`&#99;ommand:`, `command&colon;`) makes it no web
 * address. What follows is percent-encoded as the renderer would (`encodeURI`), so that nothing in
 * it can close the `<…>` it is written in; an autolink's `&` is literal, so it is written `&amp;`.
 */
function safeTarget(href: string, literal: boolean): string | undefined {
  if (!SAFE_LINK.test(href)) return undefined;
  let encoded: string;
  try {
    encoded = encodeURI(href).replace(/%25/g, '%');
  } catch (error) {
    // A lone surrogate cannot be encoded: the renderer would drop the link too.
    if (error instanceof URIError) return undefined;
    throw error;
  }
  return literal ? encoded.replace(/&/g, '&amp;') : encoded;
}

/** A code span that shows `code` exactly: its backtick fence longer than any run inside. */
function codeSpan(code: string): string {
  const fence = '`'.repeat(longestBacktickRun(code) + 1);
  const pad = code.startsWith('`') || code.endsWith('`') || (code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${code}${pad}${fence}`;
}

function longestBacktickRun(code: string): number {
  return Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
}
