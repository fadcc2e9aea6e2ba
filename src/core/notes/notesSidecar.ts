import { composeYaml } from '../yaml/compose';
import { isMap, isScalar, type YamlDocument, type YamlMap, type YamlNode, type YamlPair } from '../yaml/tree';
import { sidecarText, type SidecarSource } from '../sidecar/sidecarText';
import { lineStartsOf, positionAt } from '../manuscript/book';
import type { MarkerKind, Range } from '../manuscript/model';
import { readNotesFast } from '../sidecar/notesReader';
import { SidecarNotWritableError, type NoteEntry, type SidecarProblem } from '../sidecar/sidecarFile';
import { CONFLICT_MARKER, hasConflictMarkers } from '../yaml/syntax';
import { keyRange, nodeRange, valueAt } from '../yaml/nodes';
import { spliceLines } from '../yaml/splice';
import { keyedScalar } from '../yaml/write';
import { lineEndAfter, newlineOf } from '../text/textLines';

/**
 * The notes of a manuscript's sidecar (the file: `../sidecar/sidecarFile.ts`):
 *
 * ```yaml
 * notes:
 *   endnotes:
 *     228: Figes, A People's Tragedy, p. 312.
 *     229: |
 *       A longer note, in Markdown,
 *       over several lines.
 *   footnotes:
 *     157: …
 * ```
 *
 * Edits splice text into the file, so comments, unknown fields and the layout of everything else
 * stay byte for byte; a sidecar that does not parse is never written.
 */

const SECTION_OF: Record<MarkerKind, string> = { endnote: 'endnotes', footnote: 'footnotes' };


export interface Sidecar {
  /** False when the file does not parse: it must not be written until it does. */
  readonly parsed: boolean;
  readonly notes: readonly NoteEntry[];
  readonly problems: readonly SidecarProblem[];
  /** The first note of that kind and number. */
  note(kind: MarkerKind, number: number): NoteEntry | undefined;
}


/**
 * Reads the sidecar's notes, with their problems. Most sidecars are read by `readNotesFast`, a
 * line reader many times faster than `yaml`; it takes only files it understands line by line
 * (notes, comments, blank lines and top-level keys with one-line scalar values, such as
 * `version: 1`). A file with `annotations:` as well is read by `readAnnotationsFast`, which is
 * sure of it only when that section is one it composes exactly (so without YAML errors) and the
 * rest is one `readNotesFast` is sure of; so YAML errors anywhere are still reported here.
 * Everything else is read by `parseSidecarWithYaml`.
 */
export function parseSidecar(source: SidecarSource): Sidecar {
  const sidecar = sidecarText(source);
  const text = sidecar.text;
  const fast = hasConflictMarkers(text) ? undefined : (readNotesFast(text) ?? sidecar.fast?.notes);
  if (!fast) return parseSidecarWithYaml(sidecar);
  const problems = fast.emptyValues.map(({ kind, number, range }): SidecarProblem => noteTextProblem(kind, number, range));
  return sidecarOf(fast.notes, problems);
}

/** `parseSidecar` through the `yaml` library alone: exported for the test of the fast reader against it. */
export function parseSidecarWithYaml(source: SidecarSource): Sidecar {
  const sidecar = sidecarText(source);
  const text = sidecar.text;
  const lineStarts = lineStartsOf(text);
  const rangeOf = (start: number, end: number): Range => ({
    start: positionAt(lineStarts, start),
    end: positionAt(lineStarts, end),
  });
  const problems: SidecarProblem[] = [];
  const conflict = CONFLICT_MARKER.exec(text);
  if (conflict) {
    problems.push({
      severity: 'error',
      code: 'sidecar-conflict-markers',
      message:
        'This sidecar holds git conflict markers from a merge: resolve the conflict by hand (run `marginalia init` so that git merges sidecars by id next time).',
      range: rangeOf(conflict.index, conflict.index + 7),
    });
    return emptySidecar(false, problems);
  }
  const document = sidecar.document;
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      problems.push({
        severity: 'error',
        code: 'sidecar-yaml',
        message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
        range: rangeOf(error.pos[0], error.pos[1]),
      });
    }
    return emptySidecar(false, problems);
  }
  const warn = (code: string, message: string, node: YamlNode | null | undefined) => {
    const [start, end] = node?.range ?? [0, 0];
    problems.push({ severity: 'warning', code, message, range: rangeOf(start, end) });
  };

  const notes: NoteEntry[] = [];
  const notesNode = valueAt(document.contents, ['notes']);
  if (notesNode !== undefined && notesNode !== null && !isMap(notesNode)) {
    warn('sidecar-notes-shape', '`notes` should hold `endnotes:` and `footnotes:`, each a map from number to text.', notesNode);
  }
  for (const kind of ['endnote', 'footnote'] as const) {
    const section = valueAt(document.contents, ['notes', SECTION_OF[kind]]);
    if (section === undefined || section === null) continue;
    if (!isMap(section)) {
      warn('sidecar-notes-shape', `\`${SECTION_OF[kind]}\` should map each note number to its text.`, section);
      continue;
    }
    for (const pair of section.items) {
      const key = pair.key;
      const number = isScalar(key) ? Number(key.value) : NaN;
      if (!Number.isInteger(number) || number < 0) {
        warn('sidecar-note-number', 'A note is keyed by its number, such as `228:`.', key);
        continue;
      }
      const value = pair.value;
      if (value !== null && !(isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number'))) {
        const [start, end] = value.range ?? [0, 0];
        problems.push(noteTextProblem(kind, number, rangeOf(start, end)));
        continue;
      }
      const [keyStart, keyEnd] = nodeRange(key);
      notes.push({
        kind,
        number,
        text: value === null ? '' : String(value.value),
        keyRange: rangeOf(keyStart, keyEnd),
      });
    }
  }
  return sidecarOf(notes, problems);
}

function noteTextProblem(kind: MarkerKind, number: number, range: Range): SidecarProblem {
  return { severity: 'warning', code: 'sidecar-note-text', message: `The text of ${kind} ${number} should be Markdown text.`, range };
}

/** The parsed sidecar of these notes: their duplicates reported after the other problems, and looked up by kind and number. */
function sidecarOf(notes: readonly NoteEntry[], problems: SidecarProblem[]): Sidecar {
  const byKey = new Map<string, NoteEntry[]>();
  for (const note of notes) {
    const key = `${note.kind}:${note.number}`;
    const same = byKey.get(key);
    if (same) same.push(note);
    else byKey.set(key, [note]);
  }
  for (const same of byKey.values()) {
    if (same.length < 2) continue;
    for (const note of same) {
      problems.push({
        severity: 'warning',
        code: 'sidecar-duplicate-note',
        message: `${note.kind === 'endnote' ? 'Endnote' : 'Footnote'} ${note.number} is written ${same.length} times here; only the first counts.`,
        range: note.keyRange,
      });
    }
  }
  return {
    parsed: true,
    notes,
    problems,
    note: (kind, number) => byKey.get(`${kind}:${number}`)?.[0],
  };
}

function emptySidecar(parsed: boolean, problems: SidecarProblem[]): Sidecar {
  return { parsed, notes: [], problems, note: () => undefined };
}

/** A note to write: its kind, number and Markdown text. */
export interface NoteText {
  readonly kind: MarkerKind;
  readonly number: number;
  readonly text: string;
}

/**
 * Returns the sidecar's text with the note set (added in number order, or replaced), every other
 * byte unchanged. `text` undefined or empty makes a new sidecar.
 */
export function setNoteText(text: string | undefined, kind: MarkerKind, number: number, noteText: string): string {
  return setNoteTexts(text, [{ kind, number, text: noteText }]);
}

/**
 * `setNoteText` for many notes from a single parse (an import of thousands of notes would
 * otherwise parse the sidecar once per note). A section that does not exist yet is created by its
 * first note; the rest are spliced in at once.
 */
export function setNoteTexts(text: string | undefined, notes: readonly NoteText[]): string {
  let source = text ?? '';
  const newline = newlineOf(source);
  const pending = new Map<string, NoteText>();
  for (const note of notes) pending.set(`${note.kind}:${note.number}`, note);
  for (const kind of ['endnote', 'footnote'] as const) {
    const first = [...pending.values()].find((note) => note.kind === kind);
    if (!first) continue;
    const document = parseWritable(source);
    if (!isMap(valueAt(document.contents, ['notes', SECTION_OF[kind]]))) {
      source = createSection(source, document, first, newline);
      pending.delete(`${kind}:${first.number}`);
    }
  }
  if (pending.size === 0) return source;
  let splices = noteSplices(source, pending.values(), newline);
  // A note written at the end of a text that lacks its last line break ends that line first.
  if (source.length > 0 && !source.endsWith('\n') && splices.some((splice) => splice.end === source.length)) {
    source += newline;
    splices = noteSplices(source, pending.values(), newline);
  }
  // Back to front, so that earlier offsets stay valid; at one place, the higher number goes first,
  // so that what is inserted before it ends up in number order.
  splices.sort((a, b) => b.start - a.start || b.number - a.number);
  for (const splice of splices) source = spliceLines(source, splice.start, splice.end, splice.text, '\n');
  return source;
}

interface Splice {
  readonly start: number;
  readonly end: number;
  readonly number: number;
  readonly text: string;
}

/** Where each note goes in sections that exist: replacing its entry, or before the next number. */
function noteSplices(source: string, notes: Iterable<NoteText>, newline: string): Splice[] {
  const document = parseWritable(source);
  const splices: Splice[] = [];
  for (const note of notes) {
    const section = valueAt(document.contents, ['notes', SECTION_OF[note.kind]]) as YamlMap;
    if (section.flow) {
      throw new SidecarNotWritableError(`\`notes.${SECTION_OF[note.kind]}\` is written as a flow map ({…}): write it one note a line first.`);
    }
    const indent = indentationAt(source, section.items[0]?.key?.range?.[0] ?? 0);
    const entry = renderEntry(note.number, note.text, indent, newline);
    const existing = section.items.find((pair) => keyNumber(pair) === note.number);
    if (existing) {
      splices.push({ start: pairStart(source, existing), end: pairEnd(source, existing), number: note.number, text: entry });
      continue;
    }
    const next = section.items.find((pair) => keyNumber(pair) > note.number);
    const last = section.items[section.items.length - 1];
    const at = next ? pairStart(source, next) : last ? pairEnd(source, last) : lineEndAfter(source, (section.range ?? [0, 0, 0])[0]);
    splices.push({ start: at, end: at, number: note.number, text: entry });
  }
  return splices;
}

/** Adds a `notes.<kind>s` section holding one note, below `notes:` (created too if needed). */
function createSection(source: string, document: YamlDocument, note: NoteText, newline: string): string {
  const section = valueAt(document.contents, ['notes', SECTION_OF[note.kind]]);
  if (section !== undefined && section !== null) {
    throw new SidecarNotWritableError(`\`notes.${SECTION_OF[note.kind]}\` is not a map of numbers to texts: fix it by hand first.`);
  }
  const notes = valueAt(document.contents, ['notes']);
  if (isMap(notes)) {
    const indent = indentationAt(source, notes.items[0]?.key?.range?.[0] ?? 0) || '  ';
    const block = `${indent}${SECTION_OF[note.kind]}:${newline}${renderEntry(note.number, note.text, `${indent}  `, newline)}`;
    const last = notes.items[notes.items.length - 1];
    const at = last ? pairEnd(source, last) : source.length;
    return spliceLines(source, at, at, block, '\n');
  }
  if (notes !== undefined && notes !== null) {
    throw new SidecarNotWritableError('`notes` is not a map: fix it by hand first.');
  }
  const block = `notes:${newline}  ${SECTION_OF[note.kind]}:${newline}${renderEntry(note.number, note.text, '    ', newline)}`;
  const separator = source.length === 0 || source.endsWith('\n') ? '' : newline;
  return `${source}${separator}${block}`;
}

function parseWritable(source: string): YamlDocument {
  if (hasConflictMarkers(source)) throw new SidecarNotWritableError('the sidecar holds git conflict markers: resolve them first');
  const document = composeYaml(source, { uniqueKeys: false, prettyErrors: true });
  if (document.errors.length > 0) {
    throw new SidecarNotWritableError(`the sidecar does not parse (${document.errors[0].message.split('\n')[0]}): fix it first`);
  }
  return document;
}

/** `  228: text` or `  228: |` with the text indented below, ending with a newline. */
function renderEntry(number: number, noteText: string, indent: string, newline: string): string {
  return keyedScalar(number, noteText, indent, newline, 'block');
}

function keyNumber(pair: YamlPair): number {
  const key = pair.key;
  return isScalar(key) ? Number(key.value) : NaN;
}

/** The start of the line holding the pair's key. */
function pairStart(source: string, pair: YamlPair): number {
  const keyStart = keyRange(pair)[0];
  return source.lastIndexOf('\n', keyStart - 1) + 1;
}

/** Just past the line break ending the pair's value (or the end of the text). */
function pairEnd(source: string, pair: YamlPair): number {
  const value = pair.value;
  const end = value?.range?.[2] ?? keyRange(pair)[2];
  return source[end - 1] === '\n' ? end : lineEndAfter(source, end);
}


function indentationAt(source: string, offset: number): string {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return source.slice(lineStart, offset).match(/^[ \t]*/)![0];
}

