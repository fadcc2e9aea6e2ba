/**
 * A synthetic sidecar (`*.marginalia.yaml`) with many notes, shaped like a scholarly edition's:
 * a third long Markdown notes written as `|` block scalars, the rest one-liners, some of which
 * YAML must quote (`: `, a leading `*`, a `"`). The first few hundred notes are written by
 * `setNoteText` itself, in shuffled order; the bulk is built as strings in the same layout, which
 * is much faster than thousands of `setNoteText` calls on a growing file. The same options always
 * give the same text, and the generator returns every note it wrote so that a reader can be
 * checked against it.
 */
import type { MarkerKind } from '../../src/core/manuscript/model';
import { setNoteText } from '../../src/core/notes/notesSidecar';
import { mulberry32, NAMES, WORDS } from './generate';

export interface SidecarOptions {
  readonly endnotes: number;
  readonly footnotes: number;
  /** An endnote number left out, so that a benchmark can add a note in the middle of the file. */
  readonly missingEndnote: number;
  /** How many of the first endnotes and footnotes `setNoteText` writes; the rest are built as strings. */
  readonly viaSetNoteText: { readonly endnotes: number; readonly footnotes: number };
  readonly seed: number;
}

export type NoteShape = 'plain' | 'quoted' | 'long';

export interface ExpectedNote {
  readonly kind: MarkerKind;
  readonly number: number;
  /** As `parseSidecar` must read it back. */
  readonly text: string;
  readonly shape: NoteShape;
}

export interface GeneratedSidecar {
  readonly text: string;
  /** In file order: endnotes by number, then footnotes by number. */
  readonly notes: readonly ExpectedNote[];
  /** Whether the string building renders the notes written by `setNoteText` byte for byte as it did. */
  readonly layoutMatchesSetNoteText: boolean;
}

/** A sidecar's usual opening: a comment, which every edit must keep. */
const HEADER = '# Notes on part-five.txt, kept by Marginalia.\n';
/** The indentation of a note's key under `notes:` → `endnotes:`, as `setNoteText` writes it. */
const INDENT = '    ';
/** `setNoteText` writes longer texts as block scalars; one-liners stay below. */
const ONE_LINE_MAX = 72;

export function generateSidecar(options: SidecarOptions): GeneratedSidecar {
  const writer = new NoteWriter(options.seed);
  const endnotes: ExpectedNote[] = [];
  for (let number = 1; endnotes.length < options.endnotes; number++) {
    if (number !== options.missingEndnote) endnotes.push(writer.note('endnote', number));
  }
  const footnotes: ExpectedNote[] = [];
  for (let number = 1; footnotes.length < options.footnotes; number++) footnotes.push(writer.note('footnote', number));

  // The first notes, through the real writer, in shuffled order: each lands in number order. The
  // first endnote goes first, so that the endnotes section comes before the footnotes section.
  const viaEndnotes = endnotes.slice(0, Math.max(1, options.viaSetNoteText.endnotes));
  const viaFootnotes = footnotes.slice(0, Math.max(1, options.viaSetNoteText.footnotes));
  const shuffled = [viaEndnotes[0], ...writer.shuffle([...viaEndnotes.slice(1), ...viaFootnotes])];
  let written = HEADER;
  for (const note of shuffled) written = setNoteText(written, note.kind, note.number, note.text);

  const built = `${HEADER}notes:\n  endnotes:\n${render(viaEndnotes)}  footnotes:\n${render(viaFootnotes)}`;
  const layoutMatchesSetNoteText = built === written;

  // The bulk goes after the last note of each section.
  const footnotesAt = written.indexOf('\n  footnotes:\n') + 1;
  const text =
    written.slice(0, footnotesAt) +
    render(endnotes.slice(viaEndnotes.length)) +
    written.slice(footnotesAt) +
    render(footnotes.slice(viaFootnotes.length));
  return { text, notes: [...endnotes, ...footnotes], layoutMatchesSetNoteText };
}

function render(notes: readonly ExpectedNote[]): string {
  let out = '';
  for (const note of notes) out += renderNote(note);
  return out;
}

/** `    228: text`, `    228: "text: quoted"` or `    228: |` with the text below, as `setNoteText` writes them. */
export function renderNote(note: ExpectedNote): string {
  if (note.shape === 'long') {
    const lines = note.text.replace(/\n$/, '').split('\n');
    return `${INDENT}${note.number}: |\n${lines.map((line) => (line === '' ? '\n' : `${INDENT}  ${line}\n`)).join('')}`;
  }
  return `${INDENT}${note.number}: ${note.shape === 'quoted' ? quote(note.text) : note.text}\n`;
}

/** Double quotes, as `yaml` chooses them, unless the text holds a `"` and no `'`. */
function quote(text: string): string {
  if (text.includes('"') && !text.includes("'")) return `'${text}'`;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

class NoteWriter {
  private readonly random: () => number;
  private ordinal = 0;

  constructor(seed: number) {
    this.random = mulberry32(seed);
  }

  note(kind: MarkerKind, number: number): ExpectedNote {
    // Exactly every third note is long; the one-liners vary by chance.
    if (this.ordinal++ % 3 === 2) return { kind, number, text: this.longText(), shape: 'long' };
    const form = this.random();
    if (form < 0.45) return { kind, number, text: this.fitted((words) => `${this.name()}, ${words}, p. ${this.page()}.`), shape: 'plain' };
    if (form < 0.55) return { kind, number, text: `Ibid., p. ${this.page()}.`, shape: 'plain' };
    if (form < 0.8) {
      return { kind, number, text: this.fitted((words) => `${this.name()}, ${words}: ${this.word()} ${this.word()}, p. ${this.page()}.`), shape: 'quoted' };
    }
    if (form < 0.9) return { kind, number, text: `*Ibid.*, p. ${this.page()}; see also ${this.name()}.`, shape: 'quoted' };
    return { kind, number, text: this.fitted((words) => `${this.name()}, "${words}": p. ${this.page()}.`), shape: 'quoted' };
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** A title of two to six capitalized words, shortened until the line fits on one line. */
  private fitted(line: (title: string) => string): string {
    const words = Array.from({ length: this.int(2, 6) }, () => capitalize(this.word()));
    let text = line(words.join(' '));
    while (text.length > ONE_LINE_MAX && words.length > 1) {
      words.pop();
      text = line(words.join(' '));
    }
    return text.slice(0, ONE_LINE_MAX);
  }

  /** Two to four Markdown paragraphs of short lines, with a list, a quotation and `: ` or ` #` here and there. */
  private longText(): string {
    const paragraphs: string[] = [];
    const count = this.int(2, 4);
    for (let p = 0; p < count; p++) {
      const form = this.random();
      if (p > 0 && form < 0.2) {
        paragraphs.push(Array.from({ length: this.int(2, 4) }, () => `- ${this.sentence(3, 8)}`).join('\n'));
      } else if (p > 0 && form < 0.35) {
        paragraphs.push(`> ${this.sentence(6, 10)}\n> — ${this.name()}, letter #${this.int(1, 400)}`);
      } else {
        const lines = Array.from({ length: this.int(1, 3) }, () => this.sentence(6, 11));
        if (p === 0) lines[0] = `${this.name()}: ${lines[0]}`;
        paragraphs.push(lines.join('\n'));
      }
    }
    return `${paragraphs.join('\n\n')}\n`;
  }

  private sentence(low: number, high: number): string {
    const words = Array.from({ length: this.int(low, high) }, () => this.word());
    if (this.random() < 0.3) words.splice(this.int(1, words.length - 1), 0, `*${this.name()}*`);
    return `${capitalize(words.join(' '))}.`;
  }

  private int(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low + 1));
  }

  private word(): string {
    return WORDS[Math.floor(this.random() * WORDS.length)];
  }

  private name(): string {
    return NAMES[Math.floor(this.random() * NAMES.length)];
  }

  private page(): number {
    return this.int(1, 900);
  }
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
