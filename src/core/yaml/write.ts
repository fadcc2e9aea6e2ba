import { numberText, scalarText, type RequestedStyle } from './quoting';
import { indented } from './splice';

/**
 * Scalars written as YAML writes them: plain when they read back as the text given, else quoted, a
 * line break escaped in double quotes. The splice writers put these in the lines they change. The
 * choices are the `yaml` library's (`stringify`, no line folding), made in quoting.ts.
 */

/** A text as a block value on one line (`key: value`, `- value`). */
export function inlineScalar(value: string): string {
  // Quoted where `stringify` would start a block scalar (a text starting `---` or `...`): one line, wherever it goes.
  return scalarText(value, { indent: '', atTopLevel: true }, oneLine(value));
}

/** A text as it can stand inside `[…]`, where `,`, `[` and `]` mean something too. */
export function flowItem(value: string): string {
  return scalarText(value, { indent: '    ', inFlow: true }, oneLine(value));
}

/** `[a, "b, c"]`: texts as a flow list on one line. */
export function flowList(values: readonly string[]): string {
  return `[${values.map(flowItem).join(', ')}]`;
}

function oneLine(value: string): RequestedStyle | undefined {
  return /[\r\n]/.test(value) ? 'double-quoted' : undefined;
}

/** Texts longer than this (or running over lines) are written as literal block scalars, where `keyedScalar` may. */
const BLOCK_SCALAR_FROM = 72;

/**
 * How `keyedScalar` writes a text: `block`, as a literal block scalar (`|`) when it runs over lines
 * or is long, so that a note or a body reads as written; `quoted`, on one line, line breaks escaped
 * in double quotes (context, which stays on the fast readers' path); `plain`, as YAML chooses.
 */
export type ScalarStyle = 'block' | 'quoted' | 'plain';

/**
 * `key: value` at `indent`, ending with a line break; the key as given (a field's name or a note's
 * number: short, as `stringify` would write a key of over 1,024 characters as an explicit `? key`).
 */
export function keyedScalar(key: string | number, value: string, indent: string, newline: string, style: ScalarStyle): string {
  let requested: RequestedStyle | undefined;
  if (style === 'block' && value !== '' && (value.includes('\n') || value.length > BLOCK_SCALAR_FROM)) requested = 'block-literal';
  else if (style === 'quoted') requested = oneLine(value);
  const valueText = scalarText(value, { indent: '  ', blockLiteral: true }, requested);
  return indented(`${keyText(key, '  ', true)}: ${valueText}\n`, indent, newline);
}

/** Data `listItem` writes: texts, numbers, booleans, and lists and maps of them. */
export type PlainData = string | number | boolean | readonly PlainData[] | PlainMap;
export interface PlainMap {
  readonly [key: string]: PlainData;
}

/** A new list item of plain data (`- key: value` and the maps below it), every text on one line unless it holds a line break. */
export function listItem(value: PlainMap, newline: string): string {
  return `- ${blockNode(value, '  ')}\n`.replace(/\n/g, newline);
}

/** A node of a block collection whose own lines are at `indent`; texts never as block scalars. */
function blockNode(value: PlainData, indent: string): string {
  if (typeof value === 'string') return scalarText(value, { indent });
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return String(value);
  if (isList(value)) return value.length === 0 ? '[]' : value.map((item) => `- ${blockNode(item, indent + '  ')}`).join(`\n${indent}`);
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return entries
    .map(([key, item]) => {
      const inner = indent + '  ';
      const nested = typeof item === 'object' && (isList(item) ? item.length > 0 : Object.keys(item).length > 0);
      return `${keyText(key, inner, false)}:${nested ? `\n${inner}` : ' '}${blockNode(item, inner)}`;
    })
    .join(`\n${indent}`);
}

function isList(value: PlainData): value is readonly PlainData[] {
  return Array.isArray(value);
}

/** A map's key; one of a top-level map is quoted where it would read as a document marker. */
function keyText(key: string | number, indent: string, atTopLevel: boolean): string {
  return typeof key === 'number' ? numberText(key) : scalarText(key, { indent, implicitKey: true, atTopLevel });
}
