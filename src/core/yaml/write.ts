import { Scalar, stringify, YAMLSeq } from 'yaml';
import { indented } from './splice';

/**
 * Scalars written on one line as YAML writes them: plain when they read back as the text given,
 * else quoted, a line break escaped in double quotes. The splice writers put these in the lines
 * they change.
 */

/** A text as a block value on one line (`key: value`, `- value`). */
export function inlineScalar(value: string): string {
  return stringify(oneLine(value), { lineWidth: 0, doubleQuotedMinMultiLineLength: Infinity }).replace(/\n$/, '');
}

/** A text as it can stand inside `[…]`, where `,`, `[` and `]` mean something too. */
export function flowItem(value: string): string {
  return flowList([value]).slice(1, -1);
}

/** `[a, "b, c"]`: texts as a flow list on one line. */
export function flowList(values: readonly string[]): string {
  const seq = new YAMLSeq();
  seq.flow = true;
  seq.items = values.map(oneLine);
  return stringify(seq, { lineWidth: 0, flowCollectionPadding: false, doubleQuotedMinMultiLineLength: Infinity }).replace(/\n$/, '');
}

function oneLine(value: string): Scalar {
  const scalar = new Scalar(value);
  if (/[\r\n]/.test(value)) scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

/** Texts longer than this (or running over lines) are written as literal block scalars, where `keyedScalar` may. */
const BLOCK_SCALAR_FROM = 72;

/**
 * How `keyedScalar` writes a text: `block`, as a literal block scalar (`|`) when it runs over lines
 * or is long, so that a note or a body reads as written; `quoted`, on one line, line breaks escaped
 * in double quotes (context, which stays on the fast readers' path); `plain`, as YAML chooses.
 */
export type ScalarStyle = 'block' | 'quoted' | 'plain';

/** `key: value` at `indent`, ending with a line break; the key as given (a plain name or a note's number). */
export function keyedScalar(key: string | number, value: string, indent: string, newline: string, style: ScalarStyle): string {
  const scalar = new Scalar(value);
  if (style === 'block' && value !== '' && (value.includes('\n') || value.length > BLOCK_SCALAR_FROM)) scalar.type = Scalar.BLOCK_LITERAL;
  else if (style === 'quoted' && /[\n\r]/.test(value)) scalar.type = Scalar.QUOTE_DOUBLE;
  return indented(stringify(new Map([[key, scalar]]), { lineWidth: 0, doubleQuotedMinMultiLineLength: Infinity }), indent, newline);
}

/** A new list item of plain data (`- key: value` and the maps below it), every text on one line. */
export function listItem(value: Record<string, unknown>, newline: string): string {
  const text = stringify([value], { lineWidth: 0, blockQuote: false, doubleQuotedMinMultiLineLength: Infinity, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' });
  return text.replace(/\n/g, newline);
}
