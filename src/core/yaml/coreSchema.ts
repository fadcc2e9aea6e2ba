/**
 * What a scalar means under YAML 1.2's core schema: a plain scalar is a null, a boolean, an integer
 * or a float when it reads as one, else a string; quoted and block scalars are strings; an explicit
 * tag (`!!str 1`, `!!int "3"`) asks for one type. The same rules, in the same order, as `yaml`'s
 * core schema (which is its default), so that our composer reads every value as `yaml` does.
 */

const CORE_TAG = 'tag:yaml.org,2002:';

/** The tag handles a document starts with (`%TAG` directives add to them). */
export const DEFAULT_TAG_HANDLES: ReadonlyMap<string, string> = new Map([['!!', CORE_TAG]]);

interface ScalarType {
  readonly tag: string;
  readonly test: RegExp;
  readonly resolve: (text: string) => unknown;
}

/** In the order a plain scalar is tried against them: the first that matches gives its value. */
const CORE_SCALAR_TYPES: readonly ScalarType[] = [
  { tag: `${CORE_TAG}null`, test: /^(?:~|[Nn]ull|NULL)?$/, resolve: () => null },
  { tag: `${CORE_TAG}bool`, test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, resolve: (text) => text[0] === 't' || text[0] === 'T' },
  { tag: `${CORE_TAG}int`, test: /^0o[0-7]+$/, resolve: (text) => parseInt(text.substring(2), 8) },
  { tag: `${CORE_TAG}int`, test: /^[-+]?[0-9]+$/, resolve: (text) => parseInt(text, 10) },
  { tag: `${CORE_TAG}int`, test: /^0x[0-9a-fA-F]+$/, resolve: (text) => parseInt(text.substring(2), 16) },
  {
    tag: `${CORE_TAG}float`,
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: (text) => (text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY),
  },
  { tag: `${CORE_TAG}float`, test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, resolve: parseFloat },
  { tag: `${CORE_TAG}float`, test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, resolve: parseFloat },
];

/** The plain scalars the core schema reads as other than a string: a null (the empty one too), a boolean, a number. */
export const NOT_A_STRING = new RegExp(`^(?:${CORE_SCALAR_TYPES.map((type) => type.test.source.slice(1, -1)).join('|')})$`);

const STRING_TAG = `${CORE_TAG}str`;
export const MAP_TAG = `${CORE_TAG}map`;
export const SEQ_TAG = `${CORE_TAG}seq`;

/** A plain scalar's value: the first core type it reads as, else the text. */
export function plainScalarValue(text: string): unknown {
  for (const type of CORE_SCALAR_TYPES) if (type.test.test(text)) return type.resolve(text);
  return text;
}

/**
 * A scalar's value under an explicit tag, or undefined when the tag cannot give one (an unknown tag,
 * `!!int abc`): the caller then warns and keeps the text, as `yaml` does. `!` and `!!str` keep the text.
 */
export function taggedScalarValue(text: string, tagName: string): { readonly value: unknown } | undefined {
  if (tagName === '!' || tagName === STRING_TAG) return { value: text };
  for (const type of CORE_SCALAR_TYPES) if (type.tag === tagName && type.test.test(text)) return { value: type.resolve(text) };
  return undefined;
}

/**
 * The tag `source` (`!!str`, `!local`, `!<tag:…>`, `!e!x` with a `%TAG !e! …` directive) names, or
 * null when it names none (the reason given to `report`).
 */
export function tagName(source: string, handles: ReadonlyMap<string, string>, report: (message: string) => void): string | null {
  if (source === '!') return '!';
  if (source[0] !== '!') {
    report(`Not a valid tag: ${source}`);
    return null;
  }
  if (source[1] === '<') {
    const verbatim = source.slice(2, -1);
    if (verbatim === '!' || verbatim === '!!') {
      report(`Verbatim tags aren't resolved, so ${source} is invalid.`);
      return null;
    }
    if (!source.endsWith('>')) report('Verbatim tags must end with a >');
    return verbatim;
  }
  const handleEnd = source.lastIndexOf('!') + 1;
  const handle = source.slice(0, handleEnd);
  const suffix = source.slice(handleEnd);
  if (!suffix) report(`The ${source} tag has no suffix`);
  const prefix = handles.get(handle);
  if (prefix !== undefined) {
    try {
      return prefix + decodeURIComponent(suffix);
    } catch (error) {
      if (!(error instanceof URIError)) throw error;
      report(String(error));
      return null;
    }
  }
  if (handle === '!') return source;
  report(`Could not resolve tag: ${source}`);
  return null;
}
