import { Unsure } from './scalars';

/**
 * Literal block scalars (`|`, `|-`, `|+`, with or without an indentation indicator) read exactly as
 * `yaml`'s lexer and composer read them, for the fast readers: where the scalar ends, and its text.
 * Unsure where `yaml` would report an error, and of a scalar without content.
 */

const SPACE = 0x20;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Where yaml's lexer ends a block scalar whose lines start at `pos`, for a key of a map at
 * `column` (its `parseBlockScalar`, for text without tabs in indentation): a line boundary, or the
 * end of the text.
 */
export function blockScalarEnd(text: string, pos: number, column: number, indicator: number, keep: boolean): number {
  let nl = pos - 1;
  let indent = 0;
  for (let i = pos; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === SPACE) {
      indent++;
    } else if (code === LF) {
      nl = i;
      indent = 0;
    } else if (!(code === CR && text.charCodeAt(i + 1) === LF)) {
      break;
    }
  }
  let indentNext = column + 1;
  if (indent >= indentNext) {
    indentNext = indicator > 0 ? indicator - 1 + indentNext : indent;
    do {
      const next = continueScalar(text, nl + 1, indentNext);
      if (next === -1) break;
      nl = text.indexOf('\n', next);
    } while (nl !== -1);
    if (nl === -1) nl = text.length;
  }
  if (!keep) {
    // Trailing lines no more indented than the content are not part of it.
    for (;;) {
      let i = nl - 1;
      let code = text.charCodeAt(i);
      if (code === CR) code = text.charCodeAt(--i);
      const lastChar = i;
      while (code === SPACE) code = text.charCodeAt(--i);
      if (code === LF && i >= pos && i + 1 + indent > lastChar) nl = i;
      else break;
    }
  }
  return Math.min(nl + 1, text.length);
}

/** yaml's lexer's `continueScalar`: where the line at `offset` continues the scalar, or -1. */
function continueScalar(text: string, offset: number, indentNext: number): number {
  let indent = 0;
  while (text.charCodeAt(offset + indent) === SPACE) indent++;
  const code = text.charCodeAt(offset + indent);
  if (code === CR && text.charCodeAt(offset + indent + 1) === LF) return offset + indent + 1;
  return code === LF || indent >= indentNext ? offset + indent : -1;
}

/**
 * The text of a literal block scalar from its lines (`source`, from the line after its header to
 * where the lexer ended it), for a key of a map at `column`: yaml's `resolveBlockScalar`, unsure
 * where it reports an error and of a scalar without content.
 */
export function blockText(source: string, column: number, indicator: number, chomping: string): string {
  // Each line as its indentation and the rest (yaml's `splitLines`).
  const split = source.split(/\n( *)/);
  const firstIndent = /^ */.exec(split[0])![0];
  const lines: [string, string][] = [[firstIndent, split[0].slice(firstIndent.length)]];
  for (let i = 1; i < split.length; i += 2) lines.push([split[i], split[i + 1]]);
  const blank = (content: string) => content === '' || content === '\r';
  let chompStart = lines.length;
  while (chompStart > 0 && blank(lines[chompStart - 1][1])) chompStart--;
  if (chompStart === 0) throw new Unsure();
  let trimIndent = column + indicator;
  let contentStart = 0;
  for (; contentStart < chompStart; contentStart++) {
    const [indent, content] = lines[contentStart];
    if (!blank(content)) {
      if (indent.length < trimIndent) throw new Unsure(); // leading blank lines deeper than the text
      if (indicator === 0) trimIndent = indent.length;
      break;
    }
    if (indicator === 0 && indent.length > trimIndent) trimIndent = indent.length;
  }
  // Trailing blank lines deeper than the text are text.
  for (let i = lines.length - 1; i >= chompStart; i--) {
    if (lines[i][0].length > trimIndent) {
      chompStart = i + 1;
      break;
    }
  }
  let value = '';
  for (let i = 0; i < contentStart; i++) value += `${lines[i][0].slice(trimIndent)}\n`;
  for (let i = contentStart; i < chompStart; i++) {
    const [indent, raw] = lines[i];
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (content !== '' && indent.length < trimIndent) throw new Unsure();
    value += `${i > contentStart ? '\n' : ''}${indent.slice(trimIndent)}${content}`;
  }
  if (chomping === '-') return value;
  if (chomping === '') return `${value}\n`;
  for (let i = chompStart; i < lines.length; i++) value += `\n${lines[i][0].slice(trimIndent)}`;
  return value.endsWith('\n') ? value : `${value}\n`;
}
