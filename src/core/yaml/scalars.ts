/**
 * Pieces of YAML shared by the fast exact readers (`sidecar/notesReader.ts`, `sidecar/sidecarReader.ts`) and the merge:
 * each reads only what it is sure of and throws `Unsure` otherwise, so that the caller falls back to
 * the `yaml` library.
 */

/** The text is outside what a fast reader reads exactly: fall back to `yaml`. */
export class Unsure extends Error {}

/** Characters that may not start a plain scalar, or start something else (`-`, `?`, `:` only sometimes: all refused). */
export const INDICATORS = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);
/** The escapes of a double-quoted scalar, as YAML 1.2 defines them. */
export const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};
/** The hexadecimal escapes and their lengths. */
export const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };
/** What may follow a closed quoted scalar on its line. */
export const AFTER_QUOTE = /^(?: +#.*| *)$/;

/**
 * Reads the double-quoted scalar whose opening quote is at `at`: its text, escapes decoded, and the
 * offset just past its closing quote. Unsure unless exact (a bad escape, a line continuation, no close).
 */
export function readDoubleQuoted(line: string, at: number): [string, number] {
  let text = '';
  let i = at + 1;
  let from = i;
  for (; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') break;
    if (ch !== '\\') continue;
    text += line.slice(from, i);
    const escape = line[++i];
    const simple = ESCAPES[escape];
    if (simple !== undefined) {
      text += simple;
    } else if (escape in HEX_LENGTH) {
      const hex = line.substr(i + 1, HEX_LENGTH[escape]);
      if (hex.length !== HEX_LENGTH[escape] || !/^[0-9a-fA-F]+$/.test(hex)) throw new Unsure();
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw new Unsure();
      text += String.fromCodePoint(code);
      i += hex.length;
    } else {
      throw new Unsure(); // an invalid escape, or a line continuation (`\` at the end of the line)
    }
    from = i + 1;
  }
  if (i >= line.length) throw new Unsure();
  return [text + line.slice(from, i), i + 1];
}

/** The text of a double-quoted scalar that `value` starts with, nothing but a comment after it; Unsure unless exact. */
export function doubleQuoted(value: string): string {
  const [text, end] = readDoubleQuoted(value, 0);
  if (!AFTER_QUOTE.test(value.slice(end))) throw new Unsure();
  return text;
}

/** The text of a single-quoted scalar that `value` starts with; Unsure unless exact. */
export function singleQuoted(value: string): string {
  const [text, end] = readSingleQuoted(value, 0);
  if (!AFTER_QUOTE.test(value.slice(end))) throw new Unsure();
  return text;
}

/** The single-quoted scalar whose opening quote is at `at`, closed on the line: its text and the offset past its closing quote; Unsure otherwise. */
export function readSingleQuoted(line: string, at: number): [string, number] {
  let i = at + 1;
  for (; i < line.length; i++) {
    if (line[i] !== "'") continue;
    if (line[i + 1] !== "'") break;
    i++;
  }
  if (i >= line.length) throw new Unsure();
  return [line.slice(at + 1, i).replace(/''/g, "'"), i + 1];
}
