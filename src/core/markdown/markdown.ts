import MarkdownIt from 'markdown-it';
import { escapeMarkdown } from './escape';

type Token = MarkdownIt.Token;

/**
 * CommonMark as VS Code reads it, with raw HTML recognised (so that it can be shown as text) and
 * bare URLs found (so that an http(s) one stays a link while every other character is escaped).
 * Every link becomes a token, whatever its scheme: the policy below decides, not markdown-it's
 * own `validateLink`, which would leave a refused link as brackets to be read again downstream.
 */
function createParser(): MarkdownIt {
  const created = new MarkdownIt('commonmark', { html: true, linkify: true }).enable(['linkify']);
  created.validateLink = () => true;
  return created;
}

/** Made on first use, not while the extension loads (activation has a budget in the browser). */
let parser: MarkdownIt | undefined;

/** The only link targets a note may keep: the web and e-mail. Everything else loses its target. */
const SAFE_LINK = /^(?:https?|mailto):/i;

/**
 * Makes Markdown from a file anyone can change (a sidecar in a pull request) safe to show: it is
 * parsed with markdown-it and written out again from the tokens. Text is escaped so that no
 * construct can form again in another renderer (VS Code's hovers use `marked`); emphasis, code,
 * lists, quotes, headings and line breaks are kept; links keep their text but lose any target other
 * than http(s) and mailto; images become their alt text (nothing is fetched); raw HTML is shown as
 * text; `$(icon)` stays literal.
 */
export function neutralizeMarkdown(markdown: string): string {
  parser ??= createParser();
  return renderBlocks(parser.parse(markdown, {})).join('\n');
}

/** The lines of a run of sibling block tokens, blocks separated by a blank line (a tight list's items are not). */
function renderBlocks(tokens: readonly Token[], tight = false): string[] {
  const lines: string[] = [];
  for (let index = 0; index < tokens.length; ) {
    const token = tokens[index];
    const end = token.nesting === 1 ? closingIndex(tokens, index) : index;
    const block = renderBlock(token, tokens.slice(index + 1, end));
    index = end + 1;
    if (block.length === 0) continue;
    if (lines.length > 0 && !tight) lines.push('');
    lines.push(...block);
  }
  return lines;
}

/** The index of the token that closes the one opened at `open`. */
function closingIndex(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let index = open; index < tokens.length; index++) {
    depth += tokens[index].nesting;
    if (depth === 0) return index;
  }
  return tokens.length - 1;
}

/** One block: a leaf token, or a container (`open`) with its inner tokens. */
function renderBlock(open: Token, inner: readonly Token[]): string[] {
  switch (open.type) {
    case 'paragraph_open':
      return renderInline(inner).split('\n');
    case 'heading_open':
      // One line: a setext heading's line breaks become spaces.
      return [`${'#'.repeat(Number(open.tag.slice(1)))} ${renderInline(inner, ' ')}`];
    case 'blockquote_open':
      return renderBlocks(inner).map((line) => (line === '' ? '>' : `> ${line}`));
    case 'bullet_list_open':
    case 'ordered_list_open':
      return renderList(open, inner);
    case 'fence':
    case 'code_block':
      return codeBlock(open.content, open.info);
    case 'hr':
      return ['***'];
    case 'html_block':
      return asText(open.content);
    default:
      // A block this walk does not know (none in CommonMark): its contents, or its source as text.
      return inner.length > 0 ? renderBlocks(inner) : asText(open.content);
  }
}

/** A list, tight (its items' paragraphs hidden, no blank lines) or loose, as it was written. */
function renderList(open: Token, inner: readonly Token[]): string[] {
  const tight = inner.some((token) => token.type === 'paragraph_open' && token.level === open.level + 2 && token.hidden);
  const lines: string[] = [];
  for (let index = 0; index < inner.length; ) {
    const end = closingIndex(inner, index);
    if (lines.length > 0 && !tight) lines.push('');
    lines.push(...renderListItem(inner[index], inner.slice(index + 1, end), tight));
    index = end + 1;
  }
  return lines;
}

function renderListItem(open: Token, inner: readonly Token[], tight: boolean): string[] {
  // A bullet's markup is its character; an ordered item's info is its number and its markup `.` or `)`.
  const marker = open.markup === '.' || open.markup === ')' ? `${open.info}${open.markup}` : open.markup || '-';
  const indent = ' '.repeat(marker.length + 1);
  const content = renderBlocks(inner, tight);
  if (content.length === 0) return [marker];
  return content.map((line, index) => (index === 0 ? `${marker} ${line}` : line === '' ? '' : `${indent}${line}`));
}

/** A fenced code block whose fence no line of the code can close; the language kept only if it is a plain name. */
function codeBlock(code: string, info: string): string[] {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(code) + 1));
  const language = info.trim().split(/\s+/)[0];
  const body = code.endsWith('\n') ? code.slice(0, -1) : code;
  return [`${fence}${/^[\w+-]+$/.test(language) ? language : ''}`, ...(body === '' ? [] : body.split('\n')), fence];
}

/** Source (raw HTML) as the text it is, line for line. */
function asText(source: string): string[] {
  const lines = source.replace(/\n$/, '').split('\n').map((line) => escapeMarkdown(line.trim()));
  // A backslash at the end of a line is a hard break, so the lines stay lines; not before a blank line, which ends the paragraph.
  return lines.map((line, index) => (line !== '' && (lines[index + 1] ?? '') !== '' ? `${line}\\` : line));
}

/** Inline tokens (the children of each `inline` token) as Markdown; line breaks are `\n` unless `lineBreak` says otherwise. */
function renderInline(tokens: readonly Token[], lineBreak?: string): string {
  let out = '';
  // For each open link, whether its target was kept (then its close writes the target).
  const links: (string | undefined)[] = [];
  for (const token of tokens.flatMap((each) => (each.type === 'inline' ? (each.children ?? []) : [each]))) {
    switch (token.type) {
      case 'text':
      case 'html_inline':
        out += escapeMarkdown(token.content);
        break;
      case 'softbreak':
        out += lineBreak ?? '\n';
        break;
      case 'hardbreak':
        out += lineBreak ?? '\\\n';
        break;
      case 'code_inline':
        out += codeSpan(token.content);
        break;
      case 'em_open':
      case 'em_close':
        out += '*';
        break;
      case 'strong_open':
      case 'strong_close':
        out += '**';
        break;
      case 'link_open': {
        const target = safeTarget(token.attrGet('href') ?? '');
        links.push(target);
        if (target !== undefined) out += '[';
        break;
      }
      case 'link_close': {
        const target = links.pop();
        if (target !== undefined) out += `](<${target}>)`;
        break;
      }
      case 'image':
        out += escapeMarkdown(plainText(token.children ?? []));
        break;
      default:
        out += escapeMarkdown(token.content);
    }
  }
  return out;
}

/**
 * The target as it may be written back, or undefined when it must go. markdown-it has already
 * decoded entities and escapes and percent-encoded what is not allowed in a URL (spaces, angle
 * brackets, backslashes, control characters), so the scheme tested is the one a renderer would see.
 */
function safeTarget(href: string): string | undefined {
  if (!SAFE_LINK.test(href) || /[\s<>\\]/.test(href)) return undefined;
  // `&` would start an entity in the Markdown written back.
  return href.replace(/&/g, '\\&');
}

/** What an image's description reads as, without its markup. */
function plainText(tokens: readonly Token[]): string {
  return tokens
    .map((token) => (token.type === 'image' ? plainText(token.children ?? []) : token.type === 'softbreak' || token.type === 'hardbreak' ? ' ' : token.content))
    .join('');
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
