import { NOT_A_STRING } from './coreSchema';

/**
 * How a text is written as a YAML scalar: the choices of the `yaml` library's `stringify` (2.9,
 * core schema, no line folding), made here so that the browser bundle need not carry its document
 * and stringify layer (issue 13). Plain when the text reads back as itself; else double-quoted
 * (single-quoted when the text holds `"` and no `'`); a literal block scalar (`|`) where a text runs
 * over lines and the place allows one. test/unit/yamlWrite.test.ts compares every choice with
 * `stringify`'s on hostile and generated texts.
 */

/** Where a scalar goes: what may stand there decides its style. */
export interface ScalarPlace {
  /** The indentation of the node's own lines: block scalar lines and folded single-quoted lines start with it. */
  readonly indent: string;
  /** A key of a block map (`key: …`): on one line, no block scalar. */
  readonly implicitKey?: boolean;
  /** Inside `[…]`, where `,`, `[`, `]`, `{` and `}` mean something too. */
  readonly inFlow?: boolean;
  /** Whether a text running over lines may be a literal block scalar (else it is quoted). */
  readonly blockLiteral?: boolean;
  /**
   * Quote texts with a line starting `---`, `...` or `%`: at a document's top level, or a top-level
   * key, they would read as a document marker or a directive.
   */
  readonly atTopLevel?: boolean;
}

/**
 * The style a caller asks for (else the one `stringify` chooses); the text can still overrule it:
 * control characters are always double-quoted, a block literal that would not read back is quoted.
 */
export type RequestedStyle = 'double-quoted' | 'block-literal';

/** A text as a YAML scalar at `place`, in the style asked for where the text allows it. */
export function scalarText(value: string, place: ScalarPlace, style?: RequestedStyle): string {
  // Control characters, C1 controls and lone surrogates can only be written escaped.
  if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(value) || style === 'double-quoted') return doubleQuoted(value);
  if (style === 'block-literal') return place.implicitKey || place.inFlow ? quoted(value, place) : blockOrQuoted(value, place);
  return plainOrOther(value, place);
}

/** A number as `stringify` writes it. */
export function numberText(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value < 0 ? '-.inf' : '.inf';
  return Object.is(value, -0) ? '-0' : JSON.stringify(value);
}

/**
 * Texts a plain scalar cannot hold: a leading indicator, a lone `-` or `?` (or one before a blank),
 * `: ` and `#` after a blank, a blank around a line break, or a trailing blank or `:`.
 */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

/** A line starting as a document marker or a directive would. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;

function plainOrOther(value: string, place: ScalarPlace): string {
  const multiline = value.includes('\n');
  if ((place.implicitKey && multiline) || (place.inFlow && /[[\]{},]/.test(value))) return quoted(value, place);
  if (NOT_PLAIN.test(value)) return place.implicitKey || place.inFlow || !multiline ? quoted(value, place) : blockOrQuoted(value, place);
  // Where a block scalar may stand, a text running over lines is one.
  if (!place.implicitKey && !place.inFlow && multiline) return blockOrQuoted(value, place);
  if (place.atTopLevel && DOCUMENT_MARKER.test(value)) return quoted(value, place);
  if (value === '' || NOT_A_STRING.test(value)) return quoted(value, place);
  return value;
}

function quoted(value: string, place: ScalarPlace): string {
  return value.includes('"') && !value.includes("'") ? singleQuoted(value, place) : doubleQuoted(value);
}

function singleQuoted(value: string, place: ScalarPlace): string {
  // A blank beside a line break would be folded away in single quotes; a key stays on one line.
  if ((place.implicitKey && value.includes('\n')) || /[ \t]\n|\n[ \t]/.test(value)) return doubleQuoted(value);
  // In single quotes a line break reads as a space, an empty line as a line break: one more each.
  return `'${value.replace(/'/g, "''").replace(/\n+/g, `$&\n${place.indent}`)}'`;
}

/** JSON's escapes, with YAML's short forms for the control characters that have one (`\0`, `\a`, `\v`, `\e`, `\xNN`). */
function doubleQuoted(value: string): string {
  return JSON.stringify(value).replace(/\\(?:u00([0-9a-f]{2})|.)| (?=\\n)/g, (escape: string, code: string | undefined) => {
    // A blank before an escaped line break is escaped too, as `stringify` does (it would fold otherwise).
    if (escape === ' ') return '\\ ';
    if (code === undefined) return escape;
    return SHORT_ESCAPES[code] ?? `\\x${code}`;
  });
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '00': '\\0', '07': '\\a', '0b': '\\v', '1b': '\\e' };

/**
 * A literal block scalar (`|`, `|-` or `|+` as the text ends, `|2` when it starts with a blank), its
 * lines at `place.indent`; quoted where a block scalar would not read back as the text.
 */
function blockOrQuoted(value: string, place: ScalarPlace): string {
  let bodyEnd = value.length;
  while (bodyEnd > 0 && '\n\t '.includes(value[bodyEnd - 1])) bodyEnd--;
  // Blanks after the last line break would be lost. So would the leading spaces of a text of blanks
  // alone (read as the block's indentation): `stringify` writes these as a block that reads back
  // wrong, so here (and only here) they are quoted instead, as `stringify` meant to.
  if (!place.blockLiteral || /\n[\t ]+$/.test(value) || (bodyEnd === 0 && /^\n* /.test(value))) return quoted(value, place);
  const { indent } = place;
  const trailing = value.slice(bodyEnd);
  const trailingBreak = trailing.indexOf('\n');
  const chomp = trailingBreak === -1 ? '-' : bodyEnd === 0 || trailingBreak !== trailing.length - 1 ? '+' : '';
  // The last line break is the block's own; the others, and the blanks between, are kept indented.
  const tail = trailing.replace(/\n$/, '').replace(/(?<!\n)\n+(?!\n|$)/g, `$&${indent}`);
  const body = value.slice(0, bodyEnd);
  // A leading blank (even before an empty first line) would be read as indentation: the indicator says the content is one step (2) in.
  const indentIndicator = /^[ \n]* /.test(body) ? '2' : '';
  const lines = body.replace(/\n+/g, `$&${indent}`);
  return `|${indentIndicator}${chomp}\n${indent}${lines}${tail}`;
}
