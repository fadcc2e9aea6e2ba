import { doubleQuoted, INDICATORS, singleQuoted, Unsure } from '../yaml/scalars';
import type { MarkerKind, Range } from '../manuscript/model';
import type { NoteEntry } from './sidecarFile';
import { LineCursor } from '../text/textLines';
import { readableByLines } from '../yaml/syntax';

/**
 * A fast, exact reader of a sidecar's notes, for the layout `setNoteTexts` writes and people write
 * by hand: `parseSidecar` tries it first, and falls back on the `yaml` library whenever it returns
 * undefined. Why hand-written: on the opening benchmark it is part of the sidecar's one fast pass
 * (`sidecarReader.ts`: 8× yaml's own CST). Alone (`npm run bench -- notes`, 20,000 notes) it is at
 * the edge of the rule "at least 3× faster than yaml's CST": `parseSidecar` 276 ms (min 184) against
 * yaml's `Parser` alone 744 ms (min 581), 2.7× (3.2×), and 4.5× against `parseDocument` (measured
 * 2026-12-06 on a loaded machine, in the same run).
 *
 * It must give exactly what the `yaml` path gives (the same notes in the same order, the same key
 * ranges, the same warnings), or undefined: "not sure". It is sure only of a file made entirely of
 *
 * - blank lines and comment lines (`# …`, at any indentation outside a block scalar);
 * - `notes:` at column 0, once, holding `endnotes:` and/or `footnotes:` (each once, each at the
 *   same indentation, each holding at least one note);
 * - notes `228: …` at one indentation per section, the number plain digits (at most 15), the text:
 *   a plain scalar on one line (not starting with an indicator character, without `: `, ` #` or a
 *   tab, not a number, boolean or null to YAML), a single- or double-quoted scalar closed on its
 *   own line (all of YAML's escapes), optionally followed by a comment, a literal block scalar
 *   `|`, `|-` or `|+` (no indentation indicator) with its lines below, or nothing at all (which the
 *   `yaml` path reads as null, and warns about);
 * - other top-level keys (`version: 1`) whose value is such a one-line scalar.
 *
 * Anything else gives undefined, so that the `yaml` path reads the file and reports its errors:
 * any other top-level section (`annotations:`, whose YAML errors must not go unnoticed), flow
 * collections, anchors, aliases and tags, multi-line plain or quoted scalars, folded `>` scalars,
 * block scalars with an indentation indicator or no content, keys that are not plain digits,
 * tabs in indentation, inconsistent indentation, an empty `notes:` or section, a section or
 * `notes:` written twice, document markers (`---`, `...`), directives (`%`), a byte order mark, a
 * carriage return not followed by a line feed, control characters (which `yaml` reads in its own
 * ways), and git conflict markers. CRLF line breaks are read exactly, like LF.
 */
export interface FastNotes {
  /** The notes with a text, endnotes first and then footnotes, each in file order: the `yaml` path's order. */
  readonly notes: readonly NoteEntry[];
  /**
   * Notes written without a value (`232:`): `yaml` reads them as null, so `parseSidecar` warns that
   * their text should be Markdown text, at `range` (empty, after the colon and its spaces). Same order.
   */
  readonly emptyValues: readonly EmptyValue[];
}

export interface EmptyValue {
  readonly kind: MarkerKind;
  readonly number: number;
  readonly range: Range;
}

/** `endnotes:` or `footnotes:`, possibly with a comment. */
const SECTION_LINE = /^(endnotes|footnotes):(?: +#.*| *)$/;
const NOTES_LINE = /^notes:(?: +#.*| *)$/;
/** A top-level key other than `notes` whose value is on its line (short: YAML limits implicit keys to 1,024 characters). */
const TOP_LEVEL_SCALAR = /^[A-Za-z_][A-Za-z0-9_-]{0,63}: +(?=[^ ])/;
const BLOCK_HEADER = /^\|([-+]?)(?: +#.*| *)$/;
/** Plain scalars YAML 1.2's core schema reads as null, a boolean or a number (conservatively: more than those). */
const NOT_A_STRING = /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[-+]?\.?[0-9][^ ]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;


const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const COLON = 0x3a;
const PIPE = 0x7c;


/** The notes of a sidecar, exactly as the `yaml` path reads them, or undefined when not sure (see `FastNotes`). */
export function readNotesFast(text: string): FastNotes | undefined {
  if (!readableByLines(text)) return undefined;
  try {
    return new NotesReader(text).read();
  } catch (error) {
    if (error instanceof Unsure) return undefined;
    throw error;
  }
}

type State = 'top' | 'notes' | 'section';

/** Walks the text line by line. */
class NotesReader extends LineCursor {
  private readonly found: Record<MarkerKind, NoteEntry[]> = { endnote: [], footnote: [] };
  private readonly empty: Record<MarkerKind, EmptyValue[]> = { endnote: [], footnote: [] };
  private state: State = 'top';
  private seenNotes = false;
  private readonly seenSections = new Set<MarkerKind>();
  /** The indentation of `endnotes:` / `footnotes:`, once known. */
  private sectionIndent = -1;
  /** The current section, and the indentation of its notes once known (-1 before its first note). */
  private kind: MarkerKind = 'endnote';
  private noteIndent = -1;

  /** The current line's number. */
  private line = 0;

  constructor(text: string) {
    super(text, 0);
  }

  /** Moves to the next line; false at the last. */
  private advance(): boolean {
    if (!this.step()) return false;
    this.line++;
    return true;
  }

  /** The current line's leading spaces; a tab among them (or a line of spaces and tabs) is refused. */
  private indentation(): number {
    const { text, start } = this;
    let at = start;
    while (text.charCodeAt(at) === SPACE) at++;
    if (text.charCodeAt(at) === TAB) throw new Unsure();
    return Math.min(at, this.end) - start;
  }

  read(): FastNotes {
    const text = this.text;
    // Whether the current line is still to be read (a block scalar stops on the line after it).
    let more = true;
    while (more) {
      const indent = this.indentation();
      const first = this.start + indent;
      if (first === this.end || text.charCodeAt(first) === HASH) {
        more = this.advance(); // blank, or a comment
      } else if (indent === 0) {
        this.endNotes();
        this.topLevel(text.slice(this.start, this.end));
        more = this.advance();
      } else if (this.state === 'top') {
        throw new Unsure(); // the indented value of a top-level key, or worse
      } else if (this.state === 'notes' || indent === this.sectionIndent) {
        this.endSection();
        this.section(text.slice(first, this.end), indent);
        more = this.advance();
      } else {
        if (this.noteIndent < 0) {
          if (indent <= this.sectionIndent) throw new Unsure();
          this.noteIndent = indent;
        }
        if (indent !== this.noteIndent) throw new Unsure();
        more = this.note(first);
      }
    }
    this.endNotes();
    return { notes: [...this.found.endnote, ...this.found.footnote], emptyValues: [...this.empty.endnote, ...this.empty.footnote] };
  }

  private topLevel(line: string): void {
    if (NOTES_LINE.test(line)) {
      if (this.seenNotes) throw new Unsure(); // `yaml` would read the first one: rare enough not to bother
      this.seenNotes = true;
      this.state = 'notes';
      return;
    }
    const key = TOP_LEVEL_SCALAR.exec(line);
    if (!key || line.startsWith('notes:')) throw new Unsure();
    let value = line.slice(key[0].length);
    if (value.charCodeAt(0) === HASH) throw new Unsure(); // a key without a value: perhaps a section below
    // Only whether the value is valid matters here, so a plain one may end with a comment.
    const comment = value.indexOf(' #');
    if (comment >= 0 && value[0] !== '"' && value[0] !== "'") value = value.slice(0, comment);
    inlineScalar(value);
    this.state = 'top';
  }

  /** `endnotes:` or `footnotes:`, from its first character. */
  private section(line: string, indent: number): void {
    if (this.sectionIndent < 0) this.sectionIndent = indent;
    if (indent !== this.sectionIndent) throw new Unsure();
    const match = SECTION_LINE.exec(line);
    if (!match) throw new Unsure();
    const kind: MarkerKind = match[1] === 'endnotes' ? 'endnote' : 'footnote';
    if (this.seenSections.has(kind)) throw new Unsure();
    this.seenSections.add(kind);
    this.kind = kind;
    this.noteIndent = -1;
    this.state = 'section';
  }

  /** An empty section reads as null, which `parseSidecar` warns about: left to the `yaml` path. */
  private endSection(): void {
    if (this.state === 'section' && this.noteIndent < 0) throw new Unsure();
  }

  private endNotes(): void {
    if (this.state === 'notes') throw new Unsure(); // `notes:` without sections
    this.endSection();
    this.state = 'top';
    this.sectionIndent = -1;
  }

  /**
   * The note on the current line, whose key starts at `first`. Returns whether the current line is
   * still to be read: the line after the note, or (false) none.
   */
  private note(first: number): boolean {
    const { text, end, line } = this;
    // Plain digits (at most 15: exact as a double), then `:` and a space or the end of the line.
    let at = first;
    let number = 0;
    for (let code = text.charCodeAt(at); code >= 0x30 && code <= 0x39 && at - first < 16; code = text.charCodeAt(++at)) {
      number = number * 10 + (code - 0x30);
    }
    if (at === first || at - first > 15 || text.charCodeAt(at) !== COLON || (at + 1 < end && text.charCodeAt(at + 1) !== SPACE)) {
      throw new Unsure();
    }
    const keyRange: Range = {
      start: { line, character: first - this.start },
      end: { line, character: at - this.start },
    };
    at++;
    while (at < end && text.charCodeAt(at) === SPACE) at++;
    if (at === end || text.charCodeAt(at) === HASH) {
      const position = { line, character: at - this.start };
      this.empty[this.kind].push({ kind: this.kind, number, range: { start: position, end: position } });
      return this.advance();
    }
    const value = text.slice(at, end);
    let noteText: string;
    let more: boolean;
    if (value.charCodeAt(0) === PIPE) {
      const header = BLOCK_HEADER.exec(value);
      if (!header) throw new Unsure();
      [noteText, more] = this.blockScalar(first - this.start, header[1]);
    } else {
      noteText = inlineScalar(value);
      if (value[0] !== '"' && value[0] !== "'" && NOT_A_STRING.test(noteText)) throw new Unsure();
      more = this.advance();
    }
    this.found[this.kind].push({ kind: this.kind, number, text: noteText, keyRange });
    return more;
  }

  /**
   * A literal block scalar's lines, below the current line (its key's, at `keyIndent`): its text,
   * and whether the current line is still to be read (the line after it). Its indentation is its
   * first non-blank line's, which must be deeper than the key.
   */
  private blockScalar(keyIndent: number, chomping: string): [string, boolean] {
    const text = this.text;
    // From the header's line break to the end of the last line of text.
    const from = this.end;
    let to = -1;
    let contentIndent = -1;
    let leadingSpaces = 0;
    /** Blank lines since the last line of text. */
    let blanks = 0;
    let more = false;
    while (this.advance()) {
      const indent = this.indentation();
      if (this.start + indent === this.end && (contentIndent < 0 || indent <= contentIndent)) {
        if (contentIndent < 0) leadingSpaces = Math.max(leadingSpaces, indent);
        blanks++;
        continue;
      }
      if (contentIndent < 0) {
        // No content (a less indented line first), or leading blank lines deeper than the content (an error).
        if (indent <= keyIndent || leadingSpaces > indent) throw new Unsure();
        contentIndent = indent;
      }
      if (indent < contentIndent) {
        more = true;
        break;
      }
      blanks = 0;
      to = this.end;
    }
    if (contentIndent < 0) throw new Unsure(); // only blank lines to the end
    // The last line of the text has no line break after it: it is not a blank line of this scalar.
    if (!more && blanks > 0) blanks--;
    // Each line loses its indentation (a blank line all of its spaces); CR LF reads as LF.
    const content = text.slice(from, to).replace(indentationPattern(contentIndent), '\n').slice(1);
    if (chomping === '-') return [content, more];
    // `yaml` ends the last line with a line break even at the end of a text without one.
    if (chomping === '') return [`${content}\n`, more];
    return [`${content}\n${'\n'.repeat(blanks)}`, more];
  }
}

const INDENTATION_PATTERNS: RegExp[] = [];

/** A line break and up to `indent` spaces after it. */
function indentationPattern(indent: number): RegExp {
  return (INDENTATION_PATTERNS[indent] ??= new RegExp(`\\r?\\n {0,${indent}}`, 'g'));
}

/**
 * A one-line scalar value, from its first character to the end of its line: its text (a plain
 * scalar's as written: whether YAML reads it as a string is the caller's business).
 */
function inlineScalar(value: string): string {
  const first = value[0];
  if (first === '"') return doubleQuoted(value);
  if (first === "'") return singleQuoted(value);
  if (INDICATORS.has(first) || value.includes('\t') || value.includes(' #')) throw new Unsure();
  // Only spaces: YAML's white space is spaces and tabs, where `trimEnd` would take a no-break space too.
  let end = value.length;
  while (value.charCodeAt(end - 1) === SPACE) end--;
  const text = value.slice(0, end);
  if (text.endsWith(':') || text.includes(': ')) throw new Unsure();
  return text;
}


