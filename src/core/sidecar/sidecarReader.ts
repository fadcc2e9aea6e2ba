import { INDICATORS, readDoubleQuoted, readSingleQuoted, Unsure } from '../yaml/scalars';
import { blockScalarEnd, blockText } from '../yaml/blockScalars';
import { readNotesFast, type FastNotes } from './notesReader';
import { NamedPair } from './sidecarNodes';
import { scalar, UNKNOWN, YamlMap, YamlScalar, YamlSeq, type YamlDocument, type YamlNode } from '../yaml/tree';
import { LineCursor } from '../text/textLines';
import { readableByLines } from '../yaml/syntax';

/*
 * Why hand-written: kept by the rule "at least 3× faster than yaml's own CST on the opening
 * benchmark" (`npm run bench -- editor`: 5,000 annotations, 3.6 MB). Measured 2026-12-06, CPU time
 * on a shared machine: this reader 179 ms; yaml's Lexer alone 304 ms; its Parser alone (the CST,
 * before composing any node) 1,433 ms, 8.0× as long; Parser + Composer 2,196 ms, 12× as long.
 */
/**
 * A fast, exact reader of a sidecar's `annotations:`, for the layout `addAnnotation` and
 * `updateAnnotation` write and people write by hand in the same style: `parseAnnotations` (and
 * `parseSidecar`, for a file holding annotations beside its notes) try it first, and fall back on
 * the `yaml` library whenever it returns undefined. `yaml` takes well over a second for a sidecar
 * of 5,000 annotations, almost all of it in its generic lexer, parser and composer; this reads the
 * same file line by line several times faster.
 *
 * It does not interpret the annotations: it makes the tree (`yaml/tree.ts`) that `composeYaml`
 * makes of the same text, as far as `parseAnnotations` reads it — the same scalar values, the same maps and sequences, the same
 * ranges (where items start and end, where problems point) — so that one reader, the one of
 * `parseAnnotations`, turns either tree into annotations and problems, and the two paths cannot
 * disagree on what a field means or how a problem is worded. The document holds only the
 * `annotations` pair at top level; the rest of the file is read by `readNotesFast`, with the
 * annotations section turned into comment lines (which keeps every other line where it was), and
 * must be a file that reader is sure of.
 *
 * It must give exactly what the `yaml` path gives, or undefined: "not sure". It is sure only of
 * an `annotations:` (at column 0, once, its value below it, or `[]`) made of
 *
 * - blank lines and comment lines, outside block scalars, at any indentation;
 * - block sequences (`- ` at one column each, at or deeper than their key), whose items are maps
 *   starting on the dash's line, or (but for the annotations themselves) one-line scalars;
 * - block maps of plain keys (`[A-Za-z_][A-Za-z0-9_-]*`, at most 64 characters, not `null`,
 *   `true` or `false`), at one column each, whose values are on the key's line or below it:
 *   - a nested block map or sequence;
 *   - nothing (null);
 *   - a plain scalar on one line, optionally followed by ` # comment`: not starting with an
 *     indicator character (but `-`, `?` or `:` followed by another character than a space),
 *     without `: ` or a tab, not ending with `:`; a string, a null, a boolean or an integer of
 *     at most 15 digits to YAML (other numbers are left to `yaml`);
 *   - a single- or double-quoted scalar closed on its line (all of YAML's escapes);
 *   - a flow sequence on one line, `[a, "b"]`, of such scalars (its plain items without `[`, `]`,
 *     `{`, `}`, a tab, ` #`, `: ` or a final `:`);
 *   - a literal block scalar, `|`, `|-` or `|+`, with or without an indentation indicator, with
 *     at least one line of text (its text and its end as yaml's lexer and composer make them).
 *
 * Anything else gives undefined: flow maps, anchors, aliases and tags, multi-line plain or quoted
 * scalars, folded `>` scalars, block scalars of blank lines only, keys that are quoted or complex,
 * tabs in indentation, inconsistent indentation, `annotations:` twice or with a scalar or a
 * non-empty flow value, a `-` alone on its line, document markers, directives, a byte order mark,
 * control characters, a carriage return not followed by a line feed, git conflict markers; and a
 * few layouts where the end `yaml` gives a node depends on how its parser files comments: an empty
 * value followed by a comment (on its line or below), and a nested map or sequence followed by
 * comment lines when it is the last value of a map (the replies of an annotation, say) or the
 * last item of a sequence (but the list of annotations itself). Comment lines deeper than a
 * one-line value, which `yaml` counts in that value's node, are read as it does. CRLF line breaks
 * are read exactly, like LF.
 */
export interface FastSidecar {
  /** The document as `composeYaml` reads it, as far as `annotations:` goes: its top-level map holds that pair alone. */
  readonly document: YamlDocument;
  /** The notes, as `readNotesFast` reads them. */
  readonly notes: FastNotes;
}

const SECTION = 'annotations';
/** Plain keys YAML reads as something other than a string. */
const NOT_A_STRING_KEY = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const BLOCK_HEADER = /^\|(?:([1-9])([-+]?)|([-+])([1-9])|([-+]?))(?: +#.*| *)$/;
/** What may follow a closed quoted scalar, a flow sequence or an empty `annotations:` on its line. */
const AFTER_VALUE = /^(?: +#.*| *)$/;
/** YAML 1.2's core schema (as `yaml` implements it): plain scalars that are not strings. */
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOLEAN = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const DIGITS = /^[0-9]{1,15}$/;
const OTHER_NUMBERS = [
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
/** Besides digits, the first characters of plain scalars that may be something else than a string. */
const MAYBE_NOT_A_STRING = new Set([...'+-.~nNtTfF']);
/** Indicators that start a plain scalar (in a block) when a character other than a space follows. */
const PLAIN_FIRST = new Set(['-', '?', ':']);
/** In a flow sequence's plain items: brackets and braces (flow indicators), tabs. */
const FLOW_PLAIN_REFUSED = /[[\]{}\t]/;

const SPACE = 0x20;
const COLON = 0x3a;
const TAB = 0x09;
const HASH = 0x23;
const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;
const PIPE = 0x7c;
const BRACKET = 0x5b;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/**
 * The sidecar's annotations (as `composeYaml` reads them) and notes, or undefined when not sure
 * (see `FastSidecar`). A text read by several readers is read once through `SidecarText`.
 */
export function readAnnotationsFast(text: string): FastSidecar | undefined {
  // Git conflict markers are lines this reader does not know (at column 0, they end any block
  // scalar): it is never sure of a text holding them, and the writers count on that.
  if (!readableByLines(text)) return undefined;
  try {
    const start = sectionStart(text);
    const contents = new YamlMap(0);
    contents.end(text.length, text.length);
    let notes: FastNotes | undefined;
    if (start < 0) {
      notes = readNotesFast(text);
    } else {
      const reader = new SectionReader(text, start);
      contents.items.push(reader.read());
      const section = text.slice(start, reader.sectionEnd);
      const masked = section.includes('\r') ? section.replace(/[^\r\n]+/g, '#') : '#\n'.repeat(reader.lineBreaks) + (section.endsWith('\n') ? '' : '#');
      notes = readNotesFast(text.slice(0, start) + masked + text.slice(reader.sectionEnd));
    }
    if (!notes) return undefined;
    return { document: { contents, errors: [], warnings: [], aliases: [] }, notes };
  } catch (error) {
    if (error instanceof Unsure) return undefined;
    throw error;
  }
}

/** The offset of the line `annotations:`, or -1 when there is none; unsure of look-alikes and of two. */
function sectionStart(text: string): number {
  let found = -1;
  for (let at = text.startsWith(SECTION) ? 0 : lineStartingWith(text, 0); at >= 0; at = lineStartingWith(text, at + 1)) {
    const next = text.charCodeAt(at + SECTION.length);
    if (next === 0x3a /* : */) {
      const after = text.charCodeAt(at + SECTION.length + 1);
      if (!(Number.isNaN(after) || after === SPACE || after === CR || after === LF) || found >= 0) throw new Unsure();
      found = at;
    } else if (next === SPACE || next === TAB) {
      throw new Unsure(); // `annotations :`: a key all the same
    }
  }
  return found;
}

function lineStartingWith(text: string, from: number): number {
  const at = text.indexOf(`\n${SECTION}`, from);
  return at < 0 ? -1 : at + 1;
}

/** Walks the section line by line. */
class SectionReader extends LineCursor {
  /** Where the section ends: the start of the next top-level line, or the end of the text. */
  sectionEnd = 0;
  /** The line breaks passed: those of the section, once read. */
  lineBreaks = 0;
  private eof = false;
  /** The current content line's indentation (after `skipTrivia`). */
  private indent = 0;
  /** Whether a comment line was passed since the last content line: a collection that ends here has trailing comments. */
  private commentSeen = false;

  /** Moves to the next line; false (and at the end of the text) after the last. */
  private advance(): boolean {
    if (!this.step()) {
      this.eof = true;
      this.start = this.end = this.text.length;
      return false;
    }
    this.lineBreaks++;
    return true;
  }

  /** The current line's leading spaces; a tab among them (or on a line of spaces) is refused. */
  private measure(): number {
    const { text, start } = this;
    let at = start;
    while (text.charCodeAt(at) === SPACE) at++;
    if (text.charCodeAt(at) === TAB) throw new Unsure();
    return Math.min(at, this.end) - start;
  }

  /**
   * Passes blank and comment lines: then the text has ended, or the current line is content at
   * `indent`. Returns where the comment lines deeper than `column` end (-1: none) that come before
   * any other comment line: after a one-line value of a collection at `column`, yaml's parser
   * counts them in the value's node (`atIndentedComment`), which then ends past them.
   */
  private skipTrivia(column = Infinity): number {
    let absorbed = -1;
    let absorbing = true;
    while (!this.eof) {
      const indent = this.measure();
      const first = this.start + indent;
      if (first === this.end) {
        this.advance();
      } else if (this.text.charCodeAt(first) === HASH) {
        this.commentSeen = true;
        if (absorbing && indent > column) absorbed = this.lineEnd();
        else absorbing = false;
        this.advance();
      } else {
        this.indent = indent;
        break;
      }
    }
    return absorbed;
  }

  /** Whether the current content line is a sequence item: `-` then a space or the end of the line. */
  private isDash(): boolean {
    const at = this.start + this.indent;
    return this.text.charCodeAt(at) === DASH && (at + 1 === this.end || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** The `annotations` pair; `sectionEnd` is then set. */
  read(): NamedPair {
    const { text } = this;
    const keyStart = this.start;
    let at = keyStart + SECTION.length + 1;
    while (text.charCodeAt(at) === SPACE) at++;
    let value: YamlNode;
    if (text.charCodeAt(at) === BRACKET) {
      // `annotations: []`: an empty list (a list with items on this line is left to yaml).
      let close = at + 1;
      while (text.charCodeAt(close) === SPACE) close++;
      if (text.charCodeAt(close) !== 0x5d /* ] */ || !AFTER_VALUE.test(text.slice(close + 1, this.end))) throw new Unsure();
      const seq = new YamlSeq(at).end(close + 1, this.lineEnd());
      seq.flow = true;
      value = seq;
      this.advance();
      this.skipTrivia();
    } else {
      if (at < this.end && text.charCodeAt(at) !== HASH) throw new Unsure(); // a scalar: left to yaml, which warns
      this.advance();
      this.skipTrivia();
      if (!this.eof && this.isDash()) {
        value = this.readSeq(this.indent, true);
      } else {
        value = scalar(null, at, at, at); // no annotations (its range is never read)
      }
    }
    // Only the next top-level key may follow.
    if (!this.eof && (this.indent !== 0 || this.isDash())) throw new Unsure();
    this.sectionEnd = this.start;
    return new NamedPair(SECTION, keyStart, value);
  }

  /** Just past the current line's line break (or the end of the text): where a one-line value's node ends. */
  private lineEnd(): number {
    return this.next < 0 ? this.text.length : this.next;
  }

  /**
   * A block sequence whose first `-` is on the current line, at `column`. Its end is yaml's
   * guess when its last item is a collection followed by comment lines: unsure then, but for the
   * list of annotations, whose end is never read (its items' ranges are).
   */
  private readSeq(column: number, annotations = false): YamlSeq {
    const { text } = this;
    const seq = new YamlSeq(this.start + column);
    let lastItem: YamlNode | undefined;
    while (!this.eof && this.indent === column && this.isDash()) {
      const dash = this.start + column;
      this.commentSeen = false;
      let at = dash + 1;
      while (text.charCodeAt(at) === SPACE) at++;
      // `-` alone (its item below it, or null) or followed by a comment: left to yaml.
      if (at >= this.end || text.charCodeAt(at) === HASH) throw new Unsure();
      let item: YamlNode;
      if (this.keyLength(at) > 0) {
        item = this.readMap(at - this.start, at);
      } else {
        item = this.inlineValue(at, false);
        this.advance();
        const absorbed = this.skipTrivia(column);
        if (absorbed >= 0) item.nodeEnd = absorbed;
      }
      seq.items.push(item);
      lastItem = item;
      if (!this.eof && this.indent > column) throw new Unsure();
    }
    const end = lastItem!.nodeEnd;
    if (end === UNKNOWN && !annotations) throw new Unsure();
    return seq.end(end, this.commentSeen ? UNKNOWN : end);
  }

  /**
   * The length of the plain key (with its colon) at `at`, or 0 when there is none: a letter or
   * `_`, then up to 63 letters, digits, `_` or `-`, then `:` and a space or the end of the line.
   */
  private keyLength(at: number): number {
    const { text } = this;
    if (!isKeyCharacter(text.charCodeAt(at), true)) return 0;
    let colon = at + 1;
    while (colon - at < 64 && isKeyCharacter(text.charCodeAt(colon), false)) colon++;
    if (text.charCodeAt(colon) !== COLON) return 0;
    return colon + 1 >= this.end || text.charCodeAt(colon + 1) === SPACE ? colon + 1 - at : 0;
  }

  /** A block map whose first key is on the current line, at `at`, the map's column being `column`. */
  private readMap(column: number, at: number): YamlMap {
    const { text } = this;
    const map = new YamlMap(at);
    let lastValue: YamlNode;
    for (let keyAt = at; ; keyAt = this.start + column) {
      const length = this.keyLength(keyAt);
      if (length === 0) throw new Unsure();
      const colon = keyAt + length - 1;
      const name = text.slice(keyAt, colon);
      if (NOT_A_STRING_KEY.test(name)) throw new Unsure();
      this.commentSeen = false;
      let valueAt = colon + 1;
      while (valueAt < this.end && text.charCodeAt(valueAt) === SPACE) valueAt++;
      lastValue = this.value(valueAt, column);
      map.items.push(new NamedPair(name, keyAt, lastValue));
      if (this.eof || this.indent < column) break;
      if (this.indent > column || this.isDash()) throw new Unsure();
    }
    const end = lastValue.nodeEnd;
    if (end === UNKNOWN) throw new Unsure(); // the map's own end would be yaml's guess
    return map.end(end, this.commentSeen ? UNKNOWN : end);
  }

  /**
   * The value of a key of a map at `column`, from `at` on the key's line. Leaves the reader at the
   * next content line (or the end of the text).
   */
  private value(at: number, column: number): YamlNode {
    const { text } = this;
    if (at === this.end || text.charCodeAt(at) === HASH) {
      const comment = at < this.end;
      this.advance();
      this.skipTrivia();
      if (!this.eof) {
        if (this.isDash() && this.indent >= column) return this.readSeq(this.indent);
        if (this.indent > column) return this.readMap(this.indent, this.start + this.indent);
      }
      // Null: yaml places it after the colon and its spaces; a comment after it would stretch it.
      if (comment || this.commentSeen) throw new Unsure();
      return scalar(null, at, at, at);
    }
    if (text.charCodeAt(at) === PIPE) return this.blockScalar(at, column);
    const node = this.inlineValue(at, true);
    this.advance();
    const absorbed = this.skipTrivia(column);
    if (absorbed >= 0) node.nodeEnd = absorbed;
    if (!this.eof && this.indent > column) throw new Unsure(); // a continuation line, or worse
    return node;
  }

  /** A value on one line, from `at` to the end of the current line: a quoted or plain scalar, or (in a map) a flow sequence. */
  private inlineValue(at: number, flowAllowed: boolean): YamlNode {
    const { text } = this;
    const line = text.slice(at, this.end);
    const first = line.charCodeAt(0);
    const nodeEnd = this.lineEnd();
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      const [value, close] = quoted(line, 0);
      if (!AFTER_VALUE.test(line.slice(close))) throw new Unsure();
      return scalar(value, at, at + close, nodeEnd);
    }
    if (first === BRACKET && flowAllowed) return this.flowSeq(line, at, nodeEnd);
    // Up to a comment (` #`), without the spaces before it; no tab, no `: `, not ending with `:`.
    let end = 0;
    for (let i = 0; i < line.length; i++) {
      const code = line.charCodeAt(i);
      if (code === SPACE) {
        if (line.charCodeAt(i + 1) === HASH) break;
      } else if (code === TAB || (code === COLON && (i + 1 === line.length || line.charCodeAt(i + 1) === SPACE))) {
        throw new Unsure();
      } else {
        end = i + 1;
      }
    }
    const plain = line.slice(0, end);
    if (!plainStart(plain)) throw new Unsure();
    return scalar(plainValue(plain), at, at + end, nodeEnd);
  }

  /** `[a, "b", 'c']` on one line. */
  private flowSeq(line: string, at: number, nodeEnd: number): YamlSeq {
    const seq = new YamlSeq(at);
    seq.flow = true;
    let i = 1;
    const spaces = () => {
      while (line.charCodeAt(i) === SPACE) i++;
    };
    spaces();
    if (line.charCodeAt(i) !== 0x5d /* ] */) {
      for (;;) {
        const start = i;
        const first = line.charCodeAt(i);
        let item: YamlScalar;
        if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
          const [value, close] = quoted(line, i);
          item = scalar(value, at + start, at + close, at + close);
          i = close;
        } else {
          let end = i;
          while (end < line.length && line[end] !== ',' && line[end] !== ']') end++;
          let valueEnd = end;
          while (line.charCodeAt(valueEnd - 1) === SPACE) valueEnd--;
          const plain = line.slice(start, valueEnd);
          if (!flowPlain(plain)) throw new Unsure();
          item = scalar(plainValue(plain), at + start, at + valueEnd, at + valueEnd);
          i = valueEnd;
        }
        spaces();
        // An item's node ends past the spaces before its `,` or `]`, as yaml places it.
        item.nodeEnd = at + i;
        seq.items.push(item);
        const separator = line[i++];
        if (separator === ']') break;
        if (separator !== ',') throw new Unsure();
        spaces();
        if (line[i] === ']' || line[i] === ',') throw new Unsure(); // `[a, ]`, `[a, , b]`
      }
    } else {
      i++;
    }
    if (!AFTER_VALUE.test(line.slice(i))) throw new Unsure();
    return seq.end(at + i, nodeEnd);
  }

  /**
   * A literal block scalar whose header is at `at`, for a key of a map at `column`: where yaml's
   * lexer ends it (`blockScalarEnd`), and its text from those lines (`blockText`). Leaves the
   * reader at the next content line.
   */
  private blockScalar(at: number, column: number): YamlScalar {
    const header = BLOCK_HEADER.exec(this.text.slice(at, this.end));
    if (!header) throw new Unsure();
    const indicator = Number(header[1] ?? header[4] ?? 0);
    const chomping = header[2] ?? header[3] ?? header[5] ?? '';
    if (this.next < 0) throw new Unsure(); // no content
    const bodyStart = this.next;
    const end = blockScalarEnd(this.text, bodyStart, column, indicator, chomping === '+');
    const value = blockText(this.text.slice(bodyStart, end), column, indicator, chomping);
    // Its lines, for tabs in their indentation; then what follows.
    while (this.advance() && this.start < end) this.measure();
    this.skipTrivia();
    if (!this.eof && this.indent > column) throw new Unsure();
    return scalar(value, at, end, end);
  }
}

/** Whether a plain scalar may start so: not with an indicator, but `-`, `?` and `:` followed by a character other than a space (`?” he asked`). */
function plainStart(plain: string): boolean {
  return !INDICATORS.has(plain[0]) || (PLAIN_FIRST.has(plain[0]) && plain.length > 1 && plain[1] !== ' ' && plain[1] !== '\t');
}

/** Whether an item of a flow sequence, up to its `,` or `]` (trimmed), is a plain scalar read as written. */
function flowPlain(plain: string): boolean {
  return plain !== '' && plainStart(plain) && !FLOW_PLAIN_REFUSED.test(plain) && !plain.endsWith(':') && !plain.includes(': ') && !plain.includes(' #');
}

function isKeyCharacter(code: number, first: boolean): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || (!first && ((code >= 0x30 && code <= 0x39) || code === DASH));
}

/** A plain scalar's value, as YAML 1.2's core schema reads it; unsure of numbers other than plain digits. */
function plainValue(plain: string): unknown {
  const first = plain.charCodeAt(0);
  // Only plain scalars starting with a digit, `+`, `-`, `.`, `~`, `n`, `N`, `t`, `T`, `f` or `F` can be anything but a string.
  if (!((first >= 0x30 && first <= 0x39) || MAYBE_NOT_A_STRING.has(plain[0]))) return plain;
  if (DIGITS.test(plain)) return Number(plain);
  if (NULL.test(plain)) return null;
  if (BOOLEAN.test(plain)) return plain[0] === 't' || plain[0] === 'T';
  if (OTHER_NUMBERS.some((pattern) => pattern.test(plain))) throw new Unsure();
  return plain;
}

/** A quoted scalar starting at `at` in `line`, closed on it: its text, and the offset past its closing quote. */
function quoted(line: string, at: number): [string, number] {
  return line[at] === '"' ? readDoubleQuoted(line, at) : readSingleQuoted(line, at);
}
