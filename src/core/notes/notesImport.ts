import { formatMarker, splitLines } from '../manuscript/parser';
import type { Manuscript, MarkerKind, Problem, Range } from '../manuscript/model';
import { setNoteTexts, type Sidecar } from './notesSidecar';
import { SidecarNotWritableError } from '../sidecar/sidecarFile';

/**
 * Importing a book's notes from its back matter, a plain text such as:
 *
 * ```text
 * Notes
 *
 * 1. 1851 Spring: The Lighthouse Survey
 *
 * 1 Liesbeth Kroon to Matthias Kroon, 14 April 1851 …
 *
 * 2. Diary of Jens Holt …
 *
 * Footnotes
 *
 * [1] The Royal Hydrographic Society …
 * ```
 *
 * into the manuscript's sidecar. Parsing is line-based and forgiving, but nothing is dropped
 * silently: text that belongs to no note is returned as "unplaced", with its line.
 */

/** A note found in the notes text. Lines are 0-based. */
export interface ImportedNote {
  readonly kind: MarkerKind;
  readonly number: number;
  /** Markdown: the note's lines, with a blank line between its paragraphs. */
  readonly text: string;
  /** The line its number is on. */
  readonly line: number;
  /** The chapter it is listed under in the notes text, when a chapter heading precedes it. */
  readonly chapter: number | undefined;
}

/** Text before the first note (or between a heading and the next note) that no note can own. */
export interface UnplacedParagraph {
  readonly line: number;
  readonly text: string;
}

/** A line of the notes text that is a heading, not a note. */
export interface NotesHeading {
  readonly line: number;
  readonly text: string;
  /** `section`: Notes / Endnotes / Footnotes; `chapter`: one of the manuscript's chapters; `part`: PART ONE. */
  readonly type: 'section' | 'chapter' | 'part';
  /** For a section heading: the kind of note bare numbers below it belong to. */
  readonly noteKind?: MarkerKind;
  /** For a chapter heading: the chapter's number. */
  readonly chapter?: number;
}

export interface ParsedNotes {
  /** In the order of the notes text; a number listed twice is kept once (the first), and reported. */
  readonly notes: readonly ImportedNote[];
  readonly unplaced: readonly UnplacedParagraph[];
  readonly headings: readonly NotesHeading[];
  /** Positions in the notes text. An error means there is nothing to import. */
  readonly problems: readonly Problem[];
}

/** The stable codes of the problems `parseNotesText` reports. */
export const NotesProblemCode = {
  noNotes: 'notes-none',
  duplicate: 'notes-duplicate',
  emptyNote: 'notes-empty-note',
  chapterMismatch: 'notes-chapter-mismatch',
  guessedHeading: 'notes-guessed-heading',
} as const;

/** `Notes`, `Endnotes`, `End notes`, `FOOTNOTES:` alone on a line. */
const SECTION_HEADING = /^(?:(end|foot)[ \t]*)?notes[ \t]*:?$/i;
/** `228 text`, `228. text`, or the number alone. */
const BARE_NUMBER = /^(\d{1,6})(?:\.(?=\s|$))?(?:\s+|$)/;
/** `{228} text`, `[157] text`: the bracket says the kind. */
const BRACKETED_NUMBER = /^(?:\{(\d{1,6})\}|\[(\d{1,6})\])(?:\s+|$)/;
/** `Chapter 3`, `CHAPTER THREE`, `Chapter IV: Title`. */
const CHAPTER_WORD_HEADING = /^chapter[ \t]+([a-z]+(?:[- ][a-z]+)?|\d{1,4})[ \t]*(?:[.:\u2014\u2013-][ \t]*(.*))?$/i;
/** The manuscript's own shape of a chapter heading: a number, a period, a short title. */
const NUMBERED_HEADING = /^(\d{1,4})\.[ \t]+(\S.{0,119})$/;
/** As the manuscript parser recognises a part heading. */
const PART_HEADING =
  /^(?:PART (?:[A-Z]+(?:-[A-Z]+)?|\d+)|Part (?:[A-Z][a-z]+(?:-[a-z]+)?|[IVXLC]+|\d+))$/;
/** On consecutive lines (no blank line between), a bare number starts a note only this close after the last. */
const CONSECUTIVE_NUMBER_GAP = 10;
/** A heading guessed from its shape alone is short. */
const MAX_GUESSED_HEADING = 80;

interface Draft {
  kind: MarkerKind;
  number: number;
  line: number;
  chapter: number | undefined;
  paragraphs: string[][];
  /** A number listed a second time: its text is read (so it continues nothing else) but not imported. */
  duplicate: boolean;
}

/**
 * Finds the notes in a notes text. `manuscript` is the text the notes belong to: its chapter
 * headings tell a per-chapter heading (`2. 1851 Summer: Soundings`) from a note (`2. Letter of …`),
 * and its markers tell in which chapter each note is cited.
 */
export function parseNotesText(text: string, manuscript: Manuscript): ParsedNotes {
  const lines = splitLines(text);
  const headingsByText = chapterHeadingsOf(manuscript);
  const partTitles = new Set(manuscript.parts.map((part) => normalize(part.title)));
  const notes: ImportedNote[] = [];
  const unplaced: UnplacedParagraph[] = [];
  const headings: NotesHeading[] = [];
  const problems: Problem[] = [];
  const firstLineOf = new Map<string, number>();
  const last: Record<MarkerKind, number> = { endnote: 0, footnote: 0 };

  let sectionKind: MarkerKind = 'endnote';
  let chapter: number | undefined;
  let draft: Draft | undefined;
  let loose: { line: number; paragraphs: string[][] } | undefined;
  let blankBefore = true;

  const finishDraft = () => {
    if (draft && !draft.duplicate) {
      const note = { ...draft, text: draft.paragraphs.map((p) => p.join('\n')).join('\n\n') };
      if (note.text === '') {
        problems.push(problem('warning', NotesProblemCode.emptyNote, `${noteName(note.kind, note.number)} has no text: it was not imported.`, note.line, lines));
      } else {
        notes.push({ kind: note.kind, number: note.number, text: note.text, line: note.line, chapter: note.chapter });
      }
    }
    draft = undefined;
  };
  const finishLoose = () => {
    if (loose) unplaced.push({ line: loose.line, text: loose.paragraphs.map((p) => p.join('\n')).join('\n\n') });
    loose = undefined;
  };
  const addHeading = (heading: NotesHeading) => {
    finishDraft();
    finishLoose();
    headings.push(heading);
    // A heading ends a paragraph, whether or not a blank line follows it.
    blankBefore = true;
  };

  for (let line = 0; line < lines.length; line++) {
    const content = lines[line].trim();
    if (content === '') {
      blankBefore = true;
      continue;
    }
    const startsParagraph = blankBefore;
    blankBefore = false;
    const standsAlone = startsParagraph && (line + 1 >= lines.length || lines[line + 1].trim() === '');

    const section = SECTION_HEADING.exec(content);
    if (section) {
      sectionKind = section[1]?.toLowerCase() === 'foot' ? 'footnote' : 'endnote';
      chapter = undefined;
      addHeading({ line, text: content, type: 'section', noteKind: sectionKind });
      continue;
    }
    if (PART_HEADING.test(content) || partTitles.has(normalize(content))) {
      chapter = undefined;
      addHeading({ line, text: content, type: 'part' });
      continue;
    }
    const chapterNumber = headingsByText.get(normalize(content)) ?? chapterWordHeading(content);
    if (chapterNumber !== undefined) {
      chapter = chapterNumber;
      addHeading({ line, text: content, type: 'chapter', chapter });
      continue;
    }

    const start = noteStart(content, sectionKind);
    if (start) {
      const previous = last[start.kind];
      // Inside a paragraph a line may be a wrapped line that happens to open with a number (a year,
      // a page): only a bracketed number, or the next few numbers in sequence, start a note there.
      const startsNote =
        startsParagraph || start.bracketed || (start.number > previous && start.number <= previous + CONSECUTIVE_NUMBER_GAP);
      // A short standalone `4. Some Title` unlike any of the manuscript's headings, whose number
      // goes backwards, is a chapter heading (misspelt, or of another part) rather than a note.
      const guessedHeading =
        !start.bracketed &&
        standsAlone &&
        previous > 0 &&
        start.number <= previous &&
        content.length <= MAX_GUESSED_HEADING &&
        !/[.;,]$/.test(content) &&
        NUMBERED_HEADING.test(content);
      if (guessedHeading) {
        chapter = start.number;
        addHeading({ line, text: content, type: 'chapter', chapter });
        problems.push(
          problem(
            'warning',
            NotesProblemCode.guessedHeading,
            `“${content}” is taken for a chapter heading that the manuscript does not have, not for a note: note ${start.number} cannot come after note ${previous}.`,
            line,
            lines,
          ),
        );
        continue;
      }
      if (startsNote) {
        finishDraft();
        finishLoose();
        const key = `${start.kind}:${start.number}`;
        const first = firstLineOf.get(key);
        if (first !== undefined) {
          problems.push(
            problem(
              'warning',
              NotesProblemCode.duplicate,
              `${noteName(start.kind, start.number)} is listed twice (first on line ${first + 1}): only the first is imported.`,
              line,
              lines,
              start.length,
            ),
          );
        } else {
          firstLineOf.set(key, line);
        }
        last[start.kind] = Math.max(previous, start.number);
        const paragraphs = [start.rest === '' ? [] : [start.rest]];
        draft = { kind: start.kind, number: start.number, line, chapter, paragraphs, duplicate: first !== undefined };
        continue;
      }
    }

    if (draft) {
      const paragraphs = draft.paragraphs;
      if (startsParagraph && paragraphs[paragraphs.length - 1].length > 0) paragraphs.push([]);
      paragraphs[paragraphs.length - 1].push(content);
    } else if (loose) {
      if (startsParagraph) loose.paragraphs.push([]);
      loose.paragraphs[loose.paragraphs.length - 1].push(content);
    } else {
      loose = { line, paragraphs: [[content]] };
    }
  }
  finishDraft();
  finishLoose();

  if (notes.length === 0) {
    problems.push({
      severity: 'error',
      code: NotesProblemCode.noNotes,
      message:
        'No numbered notes found: each note should start with its number, as in `228 …`, `228. …`, `{228} …` (an endnote) or `[157] …` (a footnote).',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
  }
  problems.push(...chapterMismatches(notes, manuscript, lines));
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { notes, unplaced, headings, problems };
}

interface NoteStart {
  readonly kind: MarkerKind;
  readonly number: number;
  readonly bracketed: boolean;
  /** The text after the number. */
  readonly rest: string;
  /** Of the number as written. */
  readonly length: number;
}

function noteStart(content: string, sectionKind: MarkerKind): NoteStart | undefined {
  const bracketed = BRACKETED_NUMBER.exec(content);
  if (bracketed) {
    const kind = bracketed[1] !== undefined ? 'endnote' : 'footnote';
    const digits = bracketed[1] ?? bracketed[2];
    return { kind, number: Number(digits), bracketed: true, rest: content.slice(bracketed[0].length), length: digits.length + 2 };
  }
  const bare = BARE_NUMBER.exec(content);
  if (bare) {
    return { kind: sectionKind, number: Number(bare[1]), bracketed: false, rest: content.slice(bare[0].length), length: bare[1].length };
  }
  return undefined;
}

/** The manuscript's chapter headings, as written (`2. 1851 Summer: …`) and by title alone, normalised. */
function chapterHeadingsOf(manuscript: Manuscript): Map<string, number> {
  const byText = new Map<string, number>();
  for (const chapter of manuscript.chapters) {
    byText.set(normalize(`${chapter.number}. ${chapter.title}`), chapter.number);
    if (!byText.has(normalize(chapter.title))) byText.set(normalize(chapter.title), chapter.number);
  }
  return byText;
}

/** Case, spacing, curly quotes and dashes do not tell headings apart. */
function normalize(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function chapterWordHeading(content: string): number | undefined {
  if (content.length > 120) return undefined;
  const match = CHAPTER_WORD_HEADING.exec(content);
  return match ? parseChapterNumber(match[1]) : undefined;
}

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };

/** `12`, `XII`, `twelve`, `Forty-Two`: the number of a chapter, or undefined. */
export function parseChapterNumber(word: string): number | undefined {
  const lower = word.toLowerCase();
  if (/^\d+$/.test(lower)) return Number(lower);
  if (/^[ivxlc]+$/.test(lower)) {
    let total = 0;
    for (let i = 0; i < lower.length; i++) {
      const value = ROMAN[lower[i]];
      const next = ROMAN[lower[i + 1]] ?? 0;
      total += value < next ? -value : value;
    }
    return total > 0 ? total : undefined;
  }
  const [tens, units, extra] = lower.split(/[- ]/);
  if (extra !== undefined) return undefined;
  const unit = UNITS.indexOf(tens);
  if (unit > 0 && units === undefined) return unit;
  const ten = TENS.indexOf(tens);
  if (ten < 2) return undefined;
  if (units === undefined) return ten * 10;
  const rest = UNITS.indexOf(units);
  return rest > 0 && rest < 10 ? ten * 10 + rest : undefined;
}

/** A note listed under one chapter whose marker sits in another was probably numbered wrongly. */
function chapterMismatches(notes: readonly ImportedNote[], manuscript: Manuscript, lines: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const chapterOfMarker = new Map<string, number>();
  for (const marker of manuscript.markers) {
    const key = `${marker.kind}:${marker.number}`;
    if (chapterOfMarker.has(key)) continue;
    const chapter = manuscript.chapters.find((c) => c.range.start.line <= marker.line && marker.line <= c.range.end.line);
    if (chapter) chapterOfMarker.set(key, chapter.number);
  }
  for (const note of notes) {
    const cited = chapterOfMarker.get(`${note.kind}:${note.number}`);
    if (note.chapter === undefined || cited === undefined || cited === note.chapter) continue;
    problems.push(
      problem(
        'warning',
        NotesProblemCode.chapterMismatch,
        `${noteName(note.kind, note.number)} is listed under chapter ${note.chapter}, but its marker ${formatMarker(note.kind, note.number)} is in chapter ${cited}.`,
        note.line,
        lines,
      ),
    );
  }
  return problems;
}

export interface NoteRef {
  readonly kind: MarkerKind;
  readonly number: number;
  /** Its line in the notes text. */
  readonly line: number;
}

export interface PlannedNote extends NoteRef {
  readonly text: string;
}

export interface SkippedNote extends NoteRef {
  /** `unchanged`: the sidecar already holds this text; `kept`: it holds another, kept without `overwrite`. */
  readonly reason: 'unchanged' | 'kept';
}

/** What an import will do; `applyImport` does it. Every list is in kind (endnotes first), then number order. */
export interface ImportPlan {
  /** Notes the sidecar does not have (or has with no text). */
  readonly added: readonly PlannedNote[];
  /** Notes whose text in the sidecar differs, replaced because of `overwrite`. */
  readonly overwritten: readonly PlannedNote[];
  readonly skipped: readonly SkippedNote[];
  /** Imported notes that no marker in the manuscript cites: imported all the same, since a marker may be missing. */
  readonly unmatched: readonly NoteRef[];
  /** Markers that will still have no note after the import. */
  readonly missing: readonly { readonly kind: MarkerKind; readonly number: number }[];
  readonly unplaced: readonly UnplacedParagraph[];
  /** The notes text's problems; an error means nothing is to be written. */
  readonly problems: readonly Problem[];
}

export interface ImportOptions {
  /** Replace a note the sidecar already has with different text. */
  readonly overwrite: boolean;
}

/**
 * Decides what importing `parsed` into a sidecar does. Throws `SidecarNotWritableError` when the
 * sidecar does not parse: it must be fixed by hand first.
 */
export function planImport(parsed: ParsedNotes, existing: Sidecar, manuscript: Manuscript, options: ImportOptions): ImportPlan {
  if (!existing.parsed) throw new SidecarNotWritableError('the sidecar does not parse: fix it first');
  const added: PlannedNote[] = [];
  const overwritten: PlannedNote[] = [];
  const skipped: SkippedNote[] = [];
  const unmatched: NoteRef[] = [];
  const cited = new Set(manuscript.markers.map((marker) => `${marker.kind}:${marker.number}`));
  const notes = [...parsed.notes].sort(compareNotes);
  for (const note of notes) {
    const planned: PlannedNote = { kind: note.kind, number: note.number, line: note.line, text: note.text };
    const ref: NoteRef = { kind: note.kind, number: note.number, line: note.line };
    const current = existing.note(note.kind, note.number);
    if (current === undefined || current.text === '') added.push(planned);
    else if (current.text === note.text) skipped.push({ ...ref, reason: 'unchanged' });
    else if (options.overwrite) overwritten.push(planned);
    else skipped.push({ ...ref, reason: 'kept' });
    if (!cited.has(`${note.kind}:${note.number}`)) unmatched.push(ref);
  }
  const noted = new Set([
    ...notes.map((note) => `${note.kind}:${note.number}`),
    ...existing.notes.filter((note) => note.text !== '').map((note) => `${note.kind}:${note.number}`),
  ]);
  const missing = new Map<string, { kind: MarkerKind; number: number }>();
  for (const marker of manuscript.markers) {
    const key = `${marker.kind}:${marker.number}`;
    if (!noted.has(key) && !missing.has(key)) missing.set(key, { kind: marker.kind, number: marker.number });
  }
  return {
    added,
    overwritten,
    skipped,
    unmatched,
    missing: [...missing.values()].sort(compareNotes),
    unplaced: parsed.unplaced,
    problems: parsed.problems,
  };
}

/** True when the plan changes the sidecar. */
export function importChanges(plan: ImportPlan): boolean {
  return !importFailed(plan) && plan.added.length + plan.overwritten.length > 0;
}

/** True when the notes text gave nothing to import. */
export function importFailed(plan: ImportPlan): boolean {
  return plan.problems.some((p) => p.severity === 'error');
}

/**
 * The sidecar's text after the import: each added or overwritten note spliced in as `setNoteText`
 * puts it (in number order, replacing a note in place), every other byte unchanged. Without
 * changes, the text is returned as it is (`''` for none). Throws `SidecarNotWritableError` when
 * the sidecar does not parse.
 */
export function applyImport(sidecarText: string | undefined, plan: ImportPlan): string {
  if (!importChanges(plan)) return sidecarText ?? '';
  return setNoteTexts(sidecarText, [...plan.added, ...plan.overwritten].sort(compareNotes));
}

function compareNotes(a: { kind: MarkerKind; number: number }, b: { kind: MarkerKind; number: number }): number {
  return (a.kind === b.kind ? 0 : a.kind === 'endnote' ? -1 : 1) || a.number - b.number;
}

/** `Endnote 228`, `Footnote 157`. */
export function noteName(kind: MarkerKind, number: number): string {
  return `${kind === 'endnote' ? 'Endnote' : 'Footnote'} ${number}`;
}

function problem(severity: Problem['severity'], code: string, message: string, line: number, lines: readonly string[], length?: number): Problem {
  const text = lines[line] ?? '';
  const start = text.length - text.trimStart().length;
  const range: Range = { start: { line, character: start }, end: { line, character: length === undefined ? text.trimEnd().length : start + length } };
  return { severity, code, message, range };
}
