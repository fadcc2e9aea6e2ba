/**
 * A synthetic manuscript shaped like the books our users annotate: a part heading, an epigraph,
 * numbered chapters, one-line paragraphs with curly quotations, editorial interpolations and
 * endnote and footnote markers. The same options always give the same text, and the generator
 * keeps count of what it wrote, so a parser's output can be checked against it.
 */
import type { Marker, MarkerKind } from '../../src/core/manuscript/model';

export interface GenerateOptions {
  /** The approximate size in UTF-8 bytes. */
  readonly bytes: number;
  readonly chapters: number;
  /** The approximate number of endnote and footnote markers, together. */
  readonly markers: number;
  readonly seed: number;
}

export interface ChapterHeading {
  readonly number: number;
  readonly title: string;
  readonly line: number;
}

/** What the generator wrote. */
export interface GroundTruth {
  readonly parts: number;
  /** Verse lines, without the dedication and the attribution. */
  readonly epigraphLines: number;
  readonly chapters: readonly ChapterHeading[];
  readonly paragraphs: number;
  /** In document order. */
  readonly markers: readonly Marker[];
  readonly interpolations: number;
  /** Every double quotation, the unclosed and unopened ones included. */
  readonly doubleQuotations: number;
  /** Double quotations still open at the end of their paragraph. */
  readonly unclosedQuotations: number;
  /** Paragraphs that start inside a quotation: they close a quotation they never open. */
  readonly unopenedQuotations: number;
  readonly singleQuotations: number;
}

export interface GeneratedBook {
  readonly text: string;
  readonly truth: GroundTruth;
}

/** The text alone, for benchmarks that need no ground truth. */
export function generateManuscript(options: GenerateOptions): string {
  return generateBook(options).text;
}

export function generateBook(options: GenerateOptions): GeneratedBook {
  return new BookWriter(options).write();
}

// Invented vocabulary: the text must be ours, not a real book's.
export const WORDS = (
  'the the the of of and and a a to to in in was was that he she it with as for his her on at by from ' +
  'had not but they were which this all would there been one their when who an more into after than ' +
  'lantern harbour ledger winter council ferry orchard letter archive ministry printer bridge salt ' +
  'railway candle quarry tailor vineyard garrison pamphlet cellar marsh widow chancellor deputy bell ' +
  'committee frontier mill cathedral telegram doctor market river village congress courier estate ' +
  'wrote walked argued carried promised refused remembered waited signed burned crossed returned ' +
  'listened travelled hid smiled declared feared trusted sold borrowed whispered dismissed ' +
  'quiet grey cautious bitter distant narrow provincial restless proud stubborn old young heavy ' +
  'soon never already again almost perhaps still later openly slowly barely'
).split(' ');
/** Non-ASCII on purpose: UTF-16 positions and UTF-8 sizes must both come out right. */
export const NAMES = [
  'Varga', 'Ödön', 'Hélène', 'Lévai', 'Körösi', 'Zsófia', 'Dénes', 'Matthias', 'Irén', 'Szendrő',
  'Orsolya', 'Ferenc', 'Renée', 'Anselm', 'Görög', 'Benedek', 'Marthe', 'Eszter', 'Noémi', 'Brecker',
];
const SPOKEN = ['don’t', 'wasn’t', 'it’s', 'we’ll', 'I’m', 'couldn’t', 'you’re', 'they’d'];
const SAYING = ['said', 'says', 'wrote', 'recalled', 'remembered', 'replied', 'whispered', 'insisted'];
const INTERPOLATED = [
  'the Countess', 'Varga', 'in Pécs', 'sic', 'the ministry', 'was', 'and', 'the old printer', 'Hélène',
  'to the border', 'Ödön’s brother', 'the Committee',
];
const NUMBER_WORDS = ['ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE'];
const SEASONS = ['Spring', 'Summer', 'Autumn', 'Winter'];

/** Mulberry32: tiny, fast, and good enough for text that only has to look irregular. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A paragraph before its markers: words with their punctuation, and which of them end a sentence. */
interface Draft {
  readonly tokens: string[];
  readonly sentenceEnds: number[];
}

class BookWriter {
  private readonly random: () => number;
  private readonly lines: string[] = [];
  private bytes = 0;
  private readonly chapters: ChapterHeading[] = [];
  private readonly markers: Marker[] = [];
  private readonly markerCount: Record<MarkerKind, number> = { endnote: 0, footnote: 0 };
  private epigraphLines = 0;
  private paragraphs = 0;
  private interpolations = 0;
  private doubleQuotations = 0;
  private unclosedQuotations = 0;
  private unopenedQuotations = 0;
  private singleQuotations = 0;

  constructor(private readonly options: GenerateOptions) {
    this.random = mulberry32(options.seed);
  }

  write(): GeneratedBook {
    const { bytes, chapters } = this.options;
    this.writeHeading(`PART ${this.pick(NUMBER_WORDS)}`);
    this.writeEpigraph();
    const first = this.int(1, 40);
    for (let chapter = 0; chapter < chapters; chapter++) {
      this.writeChapterHeading(first + chapter);
      const end = (bytes * (chapter + 1)) / chapters;
      do {
        this.writeParagraph();
      } while (this.bytes < end);
    }
    return {
      text: this.lines.join('\n'),
      truth: {
        parts: 1,
        epigraphLines: this.epigraphLines,
        chapters: this.chapters,
        paragraphs: this.paragraphs,
        markers: this.markers,
        interpolations: this.interpolations,
        doubleQuotations: this.doubleQuotations,
        unclosedQuotations: this.unclosedQuotations,
        unopenedQuotations: this.unopenedQuotations,
        singleQuotations: this.singleQuotations,
      },
    };
  }

  private chance(probability: number): boolean {
    return this.random() < probability;
  }

  private int(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low + 1));
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private push(line: string): void {
    this.lines.push(line);
    this.bytes += utf8Length(line) + 1;
  }

  /** A line that stands alone, between blank lines. */
  private writeHeading(line: string): void {
    this.push(line);
    this.push('');
  }

  private writeEpigraph(): void {
    this.writeHeading(`To ${this.pick(NAMES)} ${this.pick(NAMES)}`);
    const verses = this.int(6, 16);
    for (let verse = 1; verse <= verses; verse++) {
      const words = this.phrase(this.int(3, 8));
      words[0] = capitalize(words[0]);
      this.writeHeading(words.join(' ') + (verse === verses ? '.' : this.pick([',', ';', '', '…'])));
    }
    this.epigraphLines = verses;
    this.writeHeading(`—${this.pick(NAMES).toUpperCase()} (${this.pick(NAMES)} ${this.pick(NAMES)})`);
  }

  private writeChapterHeading(number: number): void {
    const words = this.phrase(this.int(2, 5)).map(capitalize);
    const title = this.chance(0.5)
      ? `${this.int(1890, 1950)} ${this.pick(SEASONS)}: ${words.join(' ')}`
      : words.join(' ');
    this.chapters.push({ number, title, line: this.lines.length });
    this.writeHeading(`${number}. ${title}`);
  }

  private writeParagraph(): void {
    const draft = this.draftParagraph(this.int(40, 250));
    const { tokens } = draft;
    // Markers keep pace with the bytes written, so the book ends with about the number asked for.
    const size = this.bytes + utf8Length(tokens.join(' '));
    const due = Math.min(this.options.markers, Math.round((this.options.markers * size) / this.options.bytes));
    const quota = Math.min(due - this.markers.length, tokens.length);
    const at = new Set<number>();
    while (at.size < quota) {
      // Most notes follow a sentence; some follow a word, as in “meetings[157] and”.
      at.add(this.chance(0.6) ? this.pick(draft.sentenceEnds) : this.int(0, tokens.length - 1));
    }
    const line = this.lines.length;
    let text = '';
    tokens.forEach((token, index) => {
      text += index === 0 ? token : ` ${token}`;
      if (!at.has(index)) return;
      const kind: MarkerKind = this.chance(0.5) ? 'endnote' : 'footnote';
      const number = ++this.markerCount[kind];
      const marker = kind === 'endnote' ? `{${number}}` : `[${number}]`;
      this.markers.push({ kind, number, line, character: text.length, length: marker.length });
      text += marker;
    });
    this.push(text);
    this.push('');
    if (this.chance(0.08)) this.push('');
    this.paragraphs++;
  }

  private draftParagraph(words: number): Draft {
    const draft: Draft = { tokens: [], sentenceEnds: [] };
    const add = (sentence: string[]): void => {
      draft.tokens.push(...sentence);
      draft.sentenceEnds.push(draft.tokens.length - 1);
    };
    if (this.chance(0.015)) {
      // The paragraph opens inside a quotation begun elsewhere: a closing ” without its “.
      add([...this.quoted(this.speech(this.int(4, 12), ','), false, true), this.pick(SAYING), `${this.pick(NAMES)}.`]);
      this.unopenedQuotations++;
    }
    while (draft.tokens.length < words) {
      const form = this.random();
      if (form < 0.55) add(this.sentence());
      else if (form < 0.7) add(this.sentenceWithScareQuotes());
      else if (form < 0.8) add([...this.quoted(this.speech(this.int(4, 18), ','), true, true), this.pick(SAYING), `${this.pick(NAMES)}.`]);
      else if (form < 0.9) add([this.pick(NAMES), `${this.pick(SAYING)},`, ...this.quoted(this.speech(this.int(4, 18), '.'), true, true)]);
      else add(this.quoted(this.speech(this.int(4, 18), this.pick(['.', '?', '!'])), true, true));
    }
    if (this.chance(0.015)) {
      // A quotation left open at the end of the paragraph.
      add(this.quoted(this.speech(this.int(4, 12), '.'), true, false));
      this.unclosedQuotations++;
    }
    return draft;
  }

  /** Lower-case words with a sprinkling of names, some possessive (`Varga’s`). */
  private phrase(length: number): string[] {
    const words: string[] = [];
    for (let i = 0; i < length; i++) {
      if (this.chance(0.1)) words.push(this.pick(NAMES) + (this.chance(0.25) ? '’s' : ''));
      else words.push(this.pick(WORDS));
    }
    return words;
  }

  /** Commas and dashes inside, a capital at the start, a stop at the end. */
  private punctuate(words: string[], stop: string): string[] {
    const tokens: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const last = i === words.length - 1;
      if (!last && this.chance(0.04)) {
        tokens.push(`${words[i]}—${words[i + 1]}`);
        i++;
      } else {
        tokens.push(!last && this.chance(0.08) ? `${words[i]},` : words[i]);
      }
    }
    tokens[0] = capitalize(tokens[0]);
    tokens[tokens.length - 1] += stop;
    return tokens;
  }

  private sentence(): string[] {
    return this.punctuate(this.phrase(this.int(5, 24)), this.pick(['.', '.', '.', '.', '.', '.', '?', '!', '…']));
  }

  /** Narrative quoting a few words: `the so-called “quiet ministry” again`. */
  private sentenceWithScareQuotes(): string[] {
    const tokens = this.sentence();
    const from = this.int(1, tokens.length - 1);
    const to = Math.min(tokens.length - 1, from + this.int(0, 3));
    tokens[from] = `“${tokens[from]}`;
    tokens[to] += '”';
    this.doubleQuotations++;
    return tokens;
  }

  /** Spoken words: contractions, now and then an interpolation or a quotation within the quotation. */
  private speech(length: number, stop: string): string[] {
    const words = this.phrase(length).map((word) => (this.chance(0.08) ? this.pick(SPOKEN) : word));
    if (this.chance(0.2)) {
      words.splice(this.int(1, words.length), 0, `[${this.pick(INTERPOLATED)}]`);
      this.interpolations++;
    }
    const tokens = this.punctuate(words, stop);
    if (this.chance(0.25)) {
      const from = this.int(0, tokens.length - 1);
      const to = Math.min(tokens.length - 1, from + this.int(0, 4));
      tokens[from] = `‘${tokens[from]}`;
      tokens[to] += '’';
      this.singleQuotations++;
    }
    return tokens;
  }

  private quoted(tokens: string[], opened: boolean, closed: boolean): string[] {
    if (opened) tokens[0] = `“${tokens[0]}`;
    if (closed) tokens[tokens.length - 1] += '”';
    this.doubleQuotations++;
    return tokens;
  }
}

const encoder = new TextEncoder();

/** Bytes in UTF-8, without Node's Buffer: the generator also runs in the browser's web worker (the web budget). */
function utf8Length(text: string): number {
  return encoder.encode(text).length;
}
