/**
 * Globs as VS Code reads them in settings, read the way minimatch reads them with
 * `{ dot: true, noext: true, nonegate: true, nocomment: true }` (test/unit/glob.test.ts compares
 * the two, and names where they differ on purpose):
 * - `*` is any run of characters within a path segment, `?` one character, dot files included;
 *   `**` alone in a segment is any number of segments. A segment `.` or `..` is matched only by
 *   a glob segment that spells it out: no wildcard matches it and `**` never crosses it.
 * - `[abc]`, `[a-z]`, `[!abc]` and `[^abc]` are one character (no POSIX classes such as
 *   `[[:digit:]]`); a `[` without its `]` is a plain character.
 * - `{a,b}` are alternatives, nested or not, and `{1..3}`, `{01..10}`, `{1..9..2}`, `{a..e}`
 *   sequences, expanded as Bash and minimatch expand them; a `{` without its `}` is plain.
 * - `\` makes the next character plain; `!`, `#`, `(`, `)`, `|`, `+` and `@` are always plain.
 * Matching uses no regular expression: it takes time proportional to the path's length times
 * the glob's, whatever the glob.
 */

/** A compiled glob. */
export interface GlobMatcher {
  /** `path` is `/`-separated; repeated slashes count as one, and a trailing one is ignored. */
  matches(path: string): boolean;
}

/** Bounds on brace expansion, so that a hostile glob costs bounded time and memory: past them, alternatives are dropped. */
const MAX_ALTERNATIVES = 10_000;
const MAX_EXPANDED_LENGTH = 1_000_000;
const MAX_NESTING = 100;
/** How many units expansion may scan in all: past it, the rest of a glob stays plain. */
const MAX_SCANNED = 10_000_000;

export function compileGlob(glob: string): GlobMatcher {
  const alternatives = [...new Set(expandBraces(glob))].map((alternative) => withFinalGlobstar(resolveParents(alternative.split(/\/+/)).map(parseSegment)));
  return {
    matches(path) {
      const names = path.split(/\/+/);
      const withoutTrailingSlash = names.length > 1 && names[names.length - 1] === '' ? names.slice(0, -1) : undefined;
      return alternatives.some((parts) => matchNames(parts, names) || (withoutTrailingSlash !== undefined && matchNames(parts, withoutTrailingSlash)));
    },
  };
}

// ---- Braces ------------------------------------------------------------------------------------

/**
 * The glob's brace expansions. The glob is read as units: one character, or `\` with the
 * character it makes plain; only the units `{`, `}` and `,` are structure.
 */
function expandBraces(glob: string): string[] {
  const units: string[] = [];
  for (let i = 0; i < glob.length; i++) units.push(glob[i] === '\\' && i + 1 < glob.length ? glob[i] + glob[++i] : glob[i]);
  // Bash keeps a leading `{}` as it is.
  if (units[0] === '{' && units[1] === '}') units.splice(0, 2, '\\{', '\\}');
  return expandUnits(units, true, 0, { left: MAX_SCANNED });
}

/**
 * Expands the groups of `input` left to right, each a `{` and its `}`: a sequence, or members
 * split at the group's own commas (a group whose only commas are nested keeps its braces:
 * `{{a,b}}` is `{a}` and `{b}`). As in Bash, a group that is neither leaves the rest plain,
 * unless a comma set follows it: then its `}` is read as a plain character (`{a},b}` is `a}` and
 * `b`). Empty results are dropped when the first group is a set of members at the top.
 */
function expandUnits(input: readonly string[], top: boolean, depth: number, budget: { left: number }): string[] {
  budget.left -= input.length;
  if (depth > MAX_NESTING || budget.left < 0) return [input.join('')];
  const units = [...input];
  let partners = pairBraces(units);
  let results = [''];
  let start = 0;
  let firstGroup = true;
  let dropEmpties = false;
  for (;;) {
    let open = start;
    while (open < units.length && partners[open] === undefined) open++;
    if (open === units.length) return combine(results, units.slice(start).join(''), [''], dropEmpties);
    const close = partners[open] as number;
    const body = units.slice(open + 1, close);
    const sequence = sequenceOf(body.join(''));
    let values: string[];
    if (sequence) {
      values = sequence;
    } else if (body.includes(',')) {
      const members = splitMembers(body);
      values = members.length === 1
        ? expandUnits(members[0], false, depth + 1, budget).map((value) => `{${value}}`)
        : members.flatMap((member) => expandUnits(member, false, depth + 1, budget));
    } else if ((budget.left -= units.length) >= 0 && commaSetFollows(units, close + 1)) {
      units[close] = '\\}';
      partners = pairBraces(units);
      top = true;
      continue;
    } else {
      return combine(results, units.slice(start).join(''), [''], dropEmpties);
    }
    if (firstGroup) {
      dropEmpties = top && !sequence;
      firstGroup = false;
    }
    const last = close === units.length - 1;
    results = combine(results, units.slice(start, open).join(''), values, dropEmpties && last);
    if (last) return results;
    start = close + 1;
  }
}

/** For each `{` that has a matching `}`, the index of that `}`. */
function pairBraces(units: readonly string[]): (number | undefined)[] {
  const partners: (number | undefined)[] = [];
  const opens: number[] = [];
  units.forEach((unit, index) => {
    if (unit === '{') opens.push(index);
    else if (unit === '}' && opens.length > 0) partners[opens.pop() as number] = index;
  });
  return partners;
}

/** A group's body split at its own commas (every `{` in a body has its `}` there too). */
function splitMembers(body: readonly string[]): string[][] {
  const members: string[][] = [[]];
  let depth = 0;
  for (const unit of body) {
    if (unit === ',' && depth === 0) {
      members.push([]);
      continue;
    }
    if (unit === '{') depth++;
    else if (unit === '}') depth--;
    members[members.length - 1].push(unit);
  }
  return members;
}

/** Whether a `,` not followed by another follows `from`, with a `}` after it on the same line. */
function commaSetFollows(units: readonly string[], from: number): boolean {
  let closes = false;
  for (let i = units.length - 1; i >= from; i--) {
    if (units[i] === '}') closes = true;
    else if (/^[\n\r\u2028\u2029]$/.test(units[i])) closes = false;
    else if (units[i] === ',' && closes && units[i + 1] !== ',') return true;
  }
  return false;
}

/** The values of `1..5`, `05..1..2`, `a..e`; undefined for any other body. */
function sequenceOf(body: string): string[] | undefined {
  const letters = /^[a-zA-Z]\.\.[a-zA-Z](?:\.\.-?\d+)?$/.test(body);
  if (!letters && !/^-?\d+\.\.-?\d+(?:\.\.-?\d+)?$/.test(body)) return undefined;
  const bounds = body.split('..');
  const valueOf = (text: string) => (/^-?\d+$/.test(text) ? parseInt(text, 10) : text.charCodeAt(0));
  const [from, to] = [valueOf(bounds[0]), valueOf(bounds[1])];
  const step = (to < from ? -1 : 1) * (bounds.length === 3 ? Math.max(Math.abs(valueOf(bounds[2])), 1) : 1);
  const width = Math.max(bounds[0].length, bounds[1].length);
  const padded = bounds.some((bound) => /^-?0\d/.test(bound));
  const values: string[] = [];
  for (let value = from; (step > 0 ? value <= to : value >= to) && values.length < MAX_ALTERNATIVES; value += step) {
    if (letters) {
      // Between `Z` and `a` lie `[\]^_` and a backquote: Bash drops the backslash.
      const character = String.fromCharCode(value);
      values.push(character === '\\' ? '' : character);
      continue;
    }
    const digits = String(Math.abs(value));
    const sign = value < 0 ? '-' : '';
    values.push(padded ? sign + digits.padStart(width - sign.length, '0') : sign + digits);
  }
  return values;
}

/** Every `result + infix + value`, within the bounds on expansion. */
function combine(results: readonly string[], infix: string, values: readonly string[], dropEmpties: boolean): string[] {
  const combined: string[] = [];
  let length = 0;
  for (const result of results) {
    for (const value of values) {
      const expansion = result + infix + value;
      if (dropEmpties && expansion === '') continue;
      if (combined.length === MAX_ALTERNATIVES || length + expansion.length > MAX_EXPANDED_LENGTH) return combined;
      combined.push(expansion);
      length += expansion.length;
    }
  }
  return combined;
}

// ---- Segments ----------------------------------------------------------------------------------

/** `x/..` names nothing (unless `x` is `.`, `..`, `**` or empty), and two `**` in a row are one. */
function resolveParents(parts: readonly string[]): string[] {
  const resolved: string[] = [];
  for (const part of parts) {
    const previous = resolved[resolved.length - 1];
    if (part === '**' && previous === '**') continue;
    if (part === '..' && previous && previous !== '.' && previous !== '..' && previous !== '**') {
      resolved.pop();
      continue;
    }
    resolved.push(part);
  }
  return resolved.length === 0 ? [''] : resolved;
}

/** One character of a wildcard segment: a given one, any (`?`), any run (`*`), one of a class, or none at all (a class whose ranges are all reversed). */
type Token =
  | { readonly kind: 'character'; readonly character: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'run' }
  | { readonly kind: 'class'; readonly negated: boolean; readonly ranges: readonly (readonly [string, string])[] }
  | { readonly kind: 'none' };

type SegmentPattern =
  | { readonly kind: 'globstar' }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'wildcard'; readonly tokens: readonly Token[]; readonly nonEmpty: boolean };

const GLOBSTAR: SegmentPattern = { kind: 'globstar' };
/** Any one segment but `.` and `..`. */
const ANY_SEGMENT: SegmentPattern = { kind: 'wildcard', tokens: [{ kind: 'run' }], nonEmpty: false };

/** A final `**` stands for at least one segment (`a/**` does not match `a`). */
function withFinalGlobstar(parts: SegmentPattern[]): SegmentPattern[] {
  return parts[parts.length - 1] === GLOBSTAR ? [...parts.slice(0, -1), ANY_SEGMENT, GLOBSTAR] : parts;
}

function parseSegment(text: string): SegmentPattern {
  if (text === '**') return GLOBSTAR;
  const tokens: Token[] = [];
  for (let i = 0; i < text.length; i++) {
    const character = text[i];
    const bracketed = character === '[' ? parseClass(text, i) : undefined;
    if (bracketed) {
      tokens.push(bracketed.token);
      i = bracketed.end - 1;
    } else if (character === '\\' && i + 1 < text.length) {
      tokens.push({ kind: 'character', character: text[++i] });
    } else if (character === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'run') tokens.push({ kind: 'run' });
    } else if (character === '?') {
      tokens.push({ kind: 'any' });
    } else {
      tokens.push({ kind: 'character', character });
    }
  }
  if (tokens.every((token) => token.kind === 'character')) {
    return { kind: 'name', name: tokens.map((token) => (token.kind === 'character' ? token.character : '')).join('') };
  }
  // A segment of stars alone names something: it never matches an empty segment.
  return { kind: 'wildcard', tokens, nonEmpty: /^\*+$/.test(text) };
}

/**
 * The class that opens at `text[start]` and where it ends, or undefined when it is not closed.
 * `]` first (after any `!` or `^`) is a member; `\` makes the next character a member; `a-z` is
 * a range (one whose end comes before its start matches nothing); `-` last is a member. A class
 * of one character is that character.
 */
function parseClass(text: string, start: number): { token: Token; end: number } | undefined {
  const ranges: [string, string][] = [];
  let negated = false;
  let escaping = false;
  let rangeStart: string | undefined;
  for (let i = start + 1; i < text.length; ) {
    const character = text[i];
    if ((character === '!' || character === '^') && i === start + 1) {
      negated = true;
      i++;
      continue;
    }
    if (character === ']' && i > start + (negated ? 2 : 1) && !escaping) {
      if (ranges.length === 0) return { token: { kind: 'none' }, end: text.length };
      const [only] = ranges;
      const single = ranges.length === 1 && only[0] === only[1] && !negated;
      return { token: single ? { kind: 'character', character: only[0] } : { kind: 'class', negated, ranges }, end: i + 1 };
    }
    if (character === '\\' && !escaping) {
      escaping = true;
      i++;
      continue;
    }
    escaping = false;
    if (rangeStart !== undefined) {
      if (character >= rangeStart) ranges.push([rangeStart, character]);
      rangeStart = undefined;
      i++;
    } else if (text.startsWith('-]', i + 1)) {
      ranges.push([character, character], ['-', '-']);
      i += 2;
    } else if (text[i + 1] === '-') {
      rangeStart = character;
      i += 2;
    } else {
      ranges.push([character, character]);
      i++;
    }
  }
  return undefined;
}

// ---- Matching ----------------------------------------------------------------------------------

/** Whether the segments `names` match `parts`, one part a segment and `**` any number of them: all positions at once, so no backtracking. */
function matchNames(parts: readonly SegmentPattern[], names: readonly string[]): boolean {
  let reached = closure(parts, [0]);
  for (const name of names) {
    const next: number[] = [];
    for (const index of reached) {
      const part = parts[index];
      if (part === undefined) continue;
      if (part === GLOBSTAR) {
        if (name !== '.' && name !== '..') next.push(index);
      } else if (matchSegment(part, name)) {
        next.push(index + 1);
      }
    }
    if (next.length === 0) return false;
    reached = closure(parts, next);
  }
  return reached.includes(parts.length);
}

/** The positions, with those reached by letting a `**` match no segment. */
function closure(parts: readonly SegmentPattern[], positions: readonly number[]): number[] {
  const reached = new Set(positions);
  for (const position of [...reached].sort((a, b) => a - b)) {
    for (let index = position; parts[index] === GLOBSTAR; index++) reached.add(index + 1);
  }
  return [...reached];
}

function matchSegment(part: SegmentPattern, name: string): boolean {
  if (part.kind === 'name') return part.name === name;
  if (part.kind === 'globstar' || name === '.' || name === '..' || (part.nonEmpty && name === '')) return false;
  return matchTokens(part.tokens, name);
}

/** Wildcard matching that, on a mismatch, lets only the latest `*` take one more character: O(name × tokens). */
function matchTokens(tokens: readonly Token[], name: string): boolean {
  let token = 0;
  let at = 0;
  let lastRun = -1;
  let lastRunAt = 0;
  while (at < name.length) {
    const current = tokens[token];
    if (current?.kind === 'run') {
      lastRun = token++;
      lastRunAt = at;
    } else if (current !== undefined && matchCharacter(current, name[at])) {
      token++;
      at++;
    } else if (lastRun >= 0) {
      token = lastRun + 1;
      at = ++lastRunAt;
    } else {
      return false;
    }
  }
  while (tokens[token]?.kind === 'run') token++;
  return token === tokens.length;
}

function matchCharacter(token: Token, character: string): boolean {
  switch (token.kind) {
    case 'character':
      return token.character === character;
    case 'any':
      return true;
    case 'class':
      return token.ranges.some(([from, to]) => character >= from && character <= to) !== token.negated;
    default:
      return false;
  }
}
