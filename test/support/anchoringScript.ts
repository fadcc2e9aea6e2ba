/**
 * The anchoring benchmark's material: annotations of varied length chosen in a manuscript, and a
 * seeded revision script applied to it through a `RevisionTracker`, which knows where every
 * annotated passage truly is afterwards.
 */
import type { Manuscript } from '../../src/core/manuscript/model';
import { lineStartsOf } from '../../src/core/manuscript/book';
import { mulberry32 } from './generate';
import { RevisionTracker, type Span, type TextLike } from './revisions';

export type AnnotationKind = 'name' | 'word' | 'phrase' | 'repeated phrase' | 'short quotation' | 'sentence' | 'paragraph';
export const ANNOTATION_KINDS: readonly AnnotationKind[] = ['name', 'word', 'phrase', 'repeated phrase', 'short quotation', 'sentence', 'paragraph'];

export interface PlannedAnnotation {
  readonly kind: AnnotationKind;
  readonly span: Span;
}

const KIND_WEIGHTS: readonly [AnnotationKind, number][] = [
  ['name', 0.12],
  ['word', 0.12],
  ['phrase', 0.2],
  ['repeated phrase', 0.14],
  ['short quotation', 0.1],
  ['sentence', 0.22],
  ['paragraph', 0.1],
];

const WORD = /\p{L}+(?:[’'-]\p{L}+)*/gu;
const SENTENCE_END = /[.?!…][”’"')\]]*(?:\{\d+\}|\[\d+\])*(?=\s|$)/gu;
/** Shorter lines are headings, epigraph verses, attributions: not prose paragraphs. */
const MIN_PARAGRAPH = 120;

type Random = () => number;

function int(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function wordsIn(text: TextLike, span: Span): Span[] {
  const words: Span[] = [];
  for (const match of text.slice(span.start, span.end).matchAll(WORD)) {
    words.push({ start: span.start + match.index, end: span.start + match.index + match[0].length });
  }
  return words;
}

/** The sentences of a paragraph, without the spaces between them. */
export function sentencesIn(text: TextLike, paragraph: Span): Span[] {
  const line = text.slice(paragraph.start, paragraph.end);
  const sentences: Span[] = [];
  let start = 0;
  for (const match of line.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (end > start) sentences.push({ start: paragraph.start + start, end: paragraph.start + end });
    start = end;
    while (start < line.length && line[start] === ' ') start++;
  }
  if (start < line.length) sentences.push({ start: paragraph.start + start, end: paragraph.end });
  return sentences;
}

/** The line holding `offset`. */
export function lineAround(text: TextLike, offset: number): Span {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  return { start, end: newline < 0 ? text.length : newline };
}

/** Where the next non-blank line after `end` starts, or the text's end. */
function nextLineStart(text: TextLike, end: number): number {
  let at = end;
  while (at < text.length && text.charAt(at) === '\n') at++;
  return at;
}

/** Where the text before `start` ends, blank lines excluded. */
function previousLineEnd(text: TextLike, start: number): number {
  let at = start;
  while (at > 0 && text.charAt(at - 1) === '\n') at--;
  return at;
}

// ---------------------------------------------------------------------------------------------
// Annotations

/** `count` annotations, of the kinds in `KIND_WEIGHTS`, within prose paragraphs. */
export function planAnnotations(text: string, manuscript: Manuscript, count: number, seed: number): PlannedAnnotation[] {
  const random = mulberry32(seed);
  const lineStarts = lineStartsOf(text);
  const lineSpan = (line: number): Span => ({
    start: lineStarts[line],
    end: line + 1 < lineStarts.length ? lineStarts[line + 1] - 1 : text.length,
  });
  const paragraphs = manuscript.paragraphs.map(lineSpan).filter((span) => span.end - span.start >= MIN_PARAGRAPH);
  if (paragraphs.length === 0) throw new Error('planAnnotations: no prose paragraphs');
  const quotations = manuscript.quotations
    .filter((q) => q.closed && q.opened && q.end - q.start >= 6 && q.end - q.start <= 80)
    .map((q) => ({ start: lineStarts[q.line] + q.start, end: lineStarts[q.line] + q.end }));
  const repeated = repeatedPhrases(text, paragraphs, random);

  const chosen: PlannedAnnotation[] = [];
  const seen = new Set<string>();
  const add = (kind: AnnotationKind, span: Span | undefined): boolean => {
    if (!span || span.end <= span.start) return false;
    const key = `${span.start}:${span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    chosen.push({ kind, span });
    return true;
  };
  const total = KIND_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  for (let attempts = 0; chosen.length < count && attempts < count * 20; attempts++) {
    let roll = random() * total;
    let kind: AnnotationKind = KIND_WEIGHTS[0][0];
    for (const [candidate, weight] of KIND_WEIGHTS) {
      kind = candidate;
      if ((roll -= weight) < 0) break;
    }
    const paragraph = pick(random, paragraphs);
    switch (kind) {
      case 'name': {
        const names = wordsIn(text, paragraph).filter((w) => isName(text, w, paragraph));
        add(kind, names.length > 0 ? pick(random, names) : undefined);
        break;
      }
      case 'word': {
        const words = wordsIn(text, paragraph).filter((w) => w.end - w.start >= 3 && w.end - w.start <= 6 && /^\p{Ll}/u.test(text[w.start]));
        add(kind, words.length > 0 ? pick(random, words) : undefined);
        break;
      }
      case 'phrase': {
        const words = wordsIn(text, paragraph);
        const length = int(random, 2, 7);
        if (words.length <= length) break;
        const first = int(random, 0, words.length - length);
        add(kind, { start: words[first].start, end: words[first + length - 1].end });
        break;
      }
      case 'repeated phrase': {
        if (repeated.length === 0) break;
        add(kind, pick(random, pick(random, repeated)));
        break;
      }
      case 'short quotation':
        add(kind, quotations.length > 0 ? pick(random, quotations) : undefined);
        break;
      case 'sentence': {
        const sentences = sentencesIn(text, paragraph).filter((s) => s.end - s.start >= 12);
        add(kind, sentences.length > 0 ? pick(random, sentences) : undefined);
        break;
      }
      case 'paragraph':
        add(kind, paragraph);
        break;
    }
  }
  return chosen;
}

function isName(text: string, word: Span, paragraph: Span): boolean {
  if (word.end - word.start < 3 || !/^\p{Lu}\p{Ll}/u.test(text.slice(word.start, word.start + 2))) return false;
  // Not the first word of a sentence.
  const before = text.slice(Math.max(paragraph.start, word.start - 3), word.start);
  return word.start > paragraph.start && !/[.?!…“‘"]\s*$/u.test(before);
}

/**
 * Phrases of three or four words found more than once: each entry lists the places of one phrase.
 * Counted in a sample of the paragraphs, which is enough to know they repeat.
 */
function repeatedPhrases(text: string, paragraphs: readonly Span[], random: Random): Span[][] {
  const sample = paragraphs.length > 400 ? paragraphs.filter(() => random() < 0.1) : paragraphs;
  const places = new Map<string, Span[]>();
  for (const paragraph of sample) {
    const words = wordsIn(text, paragraph);
    for (const n of [3, 4]) {
      for (let i = 0; i + n <= words.length; i++) {
        const span = { start: words[i].start, end: words[i + n - 1].end };
        if (span.end - span.start < 12) continue;
        const phrase = text.slice(span.start, span.end);
        const list = places.get(phrase);
        if (list) list.push(span);
        else places.set(phrase, [span]);
      }
    }
  }
  return [...places.values()].filter((list) => list.length >= 2);
}

// ---------------------------------------------------------------------------------------------
// The revision script

export type Operation =
  | 'typo inside'
  | 'typo around'
  | 'sentence inserted'
  | 'paragraph inserted'
  | 'sentence deleted'
  | 'paragraph deleted'
  | 'paragraph moved'
  | 'chapters swapped'
  | 'passage rewritten'
  | 'lookalike inserted'
  | 'edit far from annotations';

export type ScriptSize = Readonly<Record<Operation, number>>;

export type LookalikeMode = 'original intact' | 'original edited' | 'original deleted';

export interface ScriptResult {
  readonly tracker: RevisionTracker;
  /** Annotations whose passage was rewritten on purpose (most words replaced). */
  readonly rewritten: ReadonlySet<number>;
  /** Annotations whose passage was copied elsewhere, and what became of the original. */
  readonly lookalikes: ReadonlyMap<number, LookalikeMode>;
  /** The inserted copies: the index of each in `tracker.spans` (after the annotations'), and the annotation copied. */
  readonly copies: ReadonlyMap<number, number>;
  readonly performed: ReadonlyMap<Operation, number>;
  readonly skipped: number;
}

/** Applies `size` operations, shuffled, to a copy of `text`; annotations are tracked throughout. */
export function runRevisionScript(text: string, annotations: readonly PlannedAnnotation[], size: ScriptSize, seed: number): ScriptResult {
  const script = new RevisionScript(text, annotations, seed);
  const operations: Operation[] = [];
  for (const [operation, count] of Object.entries(size) as [Operation, number][]) {
    for (let n = 0; n < count; n++) operations.push(operation);
  }
  shuffle(script.random, operations);
  for (const operation of operations) script.run(operation);
  return {
    tracker: script.tracker,
    rewritten: script.rewritten,
    lookalikes: script.lookalikes,
    copies: script.copies,
    performed: script.performed,
    skipped: script.skipped,
  };
}

class RevisionScript {
  readonly random: Random;
  readonly tracker: RevisionTracker;
  readonly rewritten = new Set<number>();
  readonly lookalikes = new Map<number, LookalikeMode>();
  readonly copies = new Map<number, number>();
  /** Annotations an operation already chose: each is the subject of one operation at most. */
  private readonly used = new Set<number>();
  readonly performed = new Map<Operation, number>();
  skipped = 0;
  private readonly vocabulary: string[];

  constructor(
    text: string,
    private readonly annotations: readonly PlannedAnnotation[],
    seed: number,
  ) {
    this.random = mulberry32(seed);
    this.tracker = new RevisionTracker(text, annotations.map((a) => a.span));
    // New words come from the book itself.
    const vocabulary: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const at = Math.floor(this.random() * text.length);
      const word = text.slice(at, at + 40).match(/\s(\p{Ll}{2,12})[\s,.]/u);
      if (word) vocabulary.push(word[1]);
    }
    this.vocabulary = vocabulary.length > 0 ? vocabulary : ['word'];
  }

  private get text(): TextLike {
    return this.tracker.content;
  }

  run(operation: Operation): void {
    const done = this.perform(operation);
    if (done) this.performed.set(operation, (this.performed.get(operation) ?? 0) + 1);
    else this.skipped++;
  }

  private perform(operation: Operation): boolean {
    switch (operation) {
      case 'typo inside':
        return this.withAnnotation((_, quote) => quote.length >= 4, (index) => this.typoInside(index));
      case 'typo around':
        return this.withAnnotation(() => true, (index) => this.typoAround(index));
      case 'sentence inserted':
        return this.withAnnotation(() => true, (index) => this.insertSentence(index));
      case 'paragraph inserted':
        return this.random() < 0.75 ? this.withAnnotation(() => true, (index) => this.insertParagraph(index)) : this.insertParagraphElsewhere();
      case 'sentence deleted':
        return this.withAnnotation((kind) => kind !== 'paragraph', (index) => this.deleteSentence(index));
      case 'paragraph deleted':
        return this.withAnnotation(() => true, (index) => this.deleteParagraph(index));
      case 'paragraph moved':
        return this.withAnnotation(() => true, (index) => this.moveParagraph(index));
      case 'chapters swapped':
        return this.swapChapters();
      case 'passage rewritten':
        return this.withAnnotation((kind, quote) => kind !== 'name' && kind !== 'word' && (quote.match(WORD)?.length ?? 0) >= 5, (index) => this.rewrite(index));
      case 'lookalike inserted':
        return this.withAnnotation((kind, quote) => kind === 'sentence' && quote.length >= 30, (index) => this.lookalike(index));
      case 'edit far from annotations':
        return this.farEdit();
    }
  }

  /** Runs `action` on a random annotation not touched yet that `accepts`; false when none would do. */
  private withAnnotation(accepts: (kind: AnnotationKind, quote: string) => boolean, action: (index: number) => boolean): boolean {
    const spans = this.tracker.spans;
    for (let attempt = 0; attempt < 300; attempt++) {
      const index = Math.floor(this.random() * this.annotations.length);
      const span = spans[index];
      if (span.deleted || span.causes.length > 0 || this.used.has(index)) continue;
      if (!accepts(this.annotations[index].kind, this.text.slice(span.start, span.end))) continue;
      if (action(index)) {
        this.used.add(index);
        return true;
      }
    }
    return false;
  }

  private span(index: number): Span {
    const { start, end } = this.tracker.spans[index];
    return { start, end };
  }

  private excerpt(span: Span, width = 40): string {
    const text = this.text.slice(span.start, span.end).replace(/\n/g, '⏎');
    return text.length <= width ? `“${text}”` : `“${text.slice(0, width - 12)}…${text.slice(-10)}”`;
  }

  private newSentence(): string {
    const words = Array.from({ length: int(this.random, 6, 20) }, () => pick(this.random, this.vocabulary));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return `${words.join(' ')}.`;
  }

  private newParagraph(): string {
    return Array.from({ length: int(this.random, 2, 6) }, () => this.newSentence()).join(' ');
  }

  /** A one-character fix at `at` (a letter): a doubled letter undone, or a letter changed. */
  private typoAt(at: number, where: string, annotation: number | undefined): boolean {
    const text = this.text;
    const letter = text.charAt(at);
    if (!/\p{L}/u.test(letter)) return false;
    const about = annotation === undefined ? '' : ` (annotation ${annotation})`;
    if (text.charAt(at + 1) === letter && this.random() < 0.7) {
      this.tracker.replace(at, at + 1, '', `typo fixed ${where}${about}: doubled “${letter}” removed in ${this.excerpt({ start: at - 12, end: at + 12 })}`);
      return true;
    }
    const lower = letter.toLowerCase();
    let replacement = lower;
    while (replacement === lower) replacement = String.fromCharCode(97 + Math.floor(this.random() * 26));
    if (letter !== lower) replacement = replacement.toUpperCase();
    this.tracker.replace(at, at + 1, replacement, `typo fixed ${where}${about}: “${letter}” → “${replacement}” in ${this.excerpt({ start: at - 12, end: at + 12 })}`);
    return true;
  }

  private typoInside(index: number): boolean {
    const { start, end } = this.span(index);
    const text = this.text;
    const letters: number[] = [];
    for (let at = start; at < end; at++) if (/\p{L}/u.test(text.charAt(at))) letters.push(at);
    const doubled = letters.filter((at) => text.charAt(at + 1) === text.charAt(at) && at + 1 < end);
    if (doubled.length > 0 && this.random() < 0.5) return this.typoAt(pick(this.random, doubled), 'inside', index);
    return letters.length > 0 && this.typoAt(pick(this.random, letters), 'inside', index);
  }

  private typoAround(index: number): boolean {
    const { start, end } = this.span(index);
    const line = lineAround(this.text, start);
    const positions: number[] = [];
    for (let at = Math.max(line.start, start - 32); at < start; at++) positions.push(at);
    for (let at = end; at < Math.min(line.end, end + 32); at++) positions.push(at);
    const letters = positions.filter((at) => /\p{L}/u.test(this.text.charAt(at)));
    return letters.length > 0 && this.typoAt(pick(this.random, letters), 'around', index);
  }

  private insertSentence(index: number): boolean {
    const span = this.span(index);
    const sentences = sentencesIn(this.text, lineAround(this.text, span.start));
    const inside = sentences.filter((s) => s.start > span.start && s.start < span.end);
    const roll = this.random();
    const sentence = this.newSentence();
    if (inside.length > 0 && roll < 0.4) {
      const at = pick(this.random, inside).start;
      this.tracker.replace(at, at, `${sentence} `, `sentence inserted inside annotation ${index} ${this.excerpt(span)}`);
      return true;
    }
    if (roll < 0.7) {
      const first = sentences.find((s) => s.end > span.start);
      if (!first) return false;
      this.tracker.replace(first.start, first.start, `${sentence} `, `sentence inserted before annotation ${index} ${this.excerpt(span)}`);
      return true;
    }
    const last = [...sentences].reverse().find((s) => s.start < span.end);
    if (!last) return false;
    this.tracker.replace(last.end, last.end, ` ${sentence}`, `sentence inserted after annotation ${index} ${this.excerpt(span)}`);
    return true;
  }

  private insertParagraph(index: number): boolean {
    const span = this.span(index);
    const line = lineAround(this.text, span.start);
    if (this.random() < 0.5) {
      this.tracker.replace(line.start, line.start, `${this.newParagraph()}\n\n`, `paragraph inserted before annotation ${index} ${this.excerpt(span)}`);
    } else {
      this.tracker.replace(line.end, line.end, `\n\n${this.newParagraph()}`, `paragraph inserted after annotation ${index} ${this.excerpt(span)}`);
    }
    return true;
  }

  private insertParagraphElsewhere(): boolean {
    const line = this.randomParagraph();
    if (!line) return false;
    this.tracker.replace(line.start, line.start, `${this.newParagraph()}\n\n`, `paragraph inserted before ${this.excerpt(line)}`);
    return true;
  }

  /** Deletes the sentence holding an annotation (or, one time in four, the sentence beside it). */
  private deleteSentence(index: number): boolean {
    const span = this.span(index);
    const line = lineAround(this.text, span.start);
    const sentences = sentencesIn(this.text, line);
    const holding = sentences.findIndex((s) => s.start <= span.start && span.end <= s.end);
    if (holding < 0) return false;
    const beside = this.random() < 0.25;
    const target = beside ? holding + (this.random() < 0.5 ? -1 : 1) : holding;
    if (target < 0 || target >= sentences.length) return false;
    const what = beside ? `sentence beside annotation ${index}` : `sentence holding annotation ${index}`;
    return this.deleteSentenceAt(sentences, target, `${what} deleted: ${this.excerpt(sentences[target])}`);
  }

  private deleteSentenceAt(sentences: readonly Span[], target: number, description: string): boolean {
    const sentence = sentences[target];
    if (target + 1 < sentences.length) this.tracker.replace(sentence.start, sentences[target + 1].start, '', description);
    else if (target > 0) this.tracker.replace(sentences[target - 1].end, sentence.end, '', description);
    else return this.deleteLine(lineAround(this.text, sentence.start), description);
    return true;
  }

  private deleteParagraph(index: number): boolean {
    const span = this.span(index);
    return this.deleteLine(lineAround(this.text, span.start), `paragraph holding annotation ${index} deleted: ${this.excerpt(lineAround(this.text, span.start))}`);
  }

  private deleteLine(line: Span, description: string): boolean {
    const next = nextLineStart(this.text, line.end);
    if (next < this.text.length) this.tracker.replace(line.start, next, '', description);
    else this.tracker.replace(previousLineEnd(this.text, line.start), line.end, '', description);
    return true;
  }

  /** A random prose paragraph, optionally at least `awayFrom` ± `distance` characters away. */
  private randomParagraph(awayFrom?: number, distance = 0): Span | undefined {
    for (let attempt = 0; attempt < 100; attempt++) {
      const at = Math.floor(this.random() * this.text.length);
      if (awayFrom !== undefined && Math.abs(at - awayFrom) < distance) continue;
      const line = lineAround(this.text, at);
      if (line.end - line.start >= MIN_PARAGRAPH) return line;
    }
    return undefined;
  }

  /** Moves an annotated paragraph a few paragraphs away, or far away (another chapter, most often). */
  private moveParagraph(index: number): boolean {
    const span = this.span(index);
    const line = lineAround(this.text, span.start);
    const blockEnd = nextLineStart(this.text, line.end);
    if (blockEnd >= this.text.length) return false;
    let destination: Span | undefined;
    if (this.random() < 0.5) {
      // Near: a few paragraphs later.
      let at = blockEnd;
      for (let n = int(this.random, 1, 6); n > 0 && at < this.text.length; n--) at = nextLineStart(this.text, lineAround(this.text, at).end);
      destination = at < this.text.length ? lineAround(this.text, at) : undefined;
      if (destination && destination.end - destination.start < MIN_PARAGRAPH) destination = undefined;
    } else {
      destination = this.randomParagraph(span.start, this.text.length / 5);
    }
    if (!destination || (destination.start >= line.start && destination.start < blockEnd)) return false;
    this.tracker.move(line.start, blockEnd, destination.start, `paragraph holding annotation ${index} moved ${destination.start > line.start ? 'forward' : 'back'} by ${Math.abs(destination.start - line.start).toLocaleString('en')} characters: ${this.excerpt(line)}`);
    return true;
  }

  /** Swaps two neighbouring chapters (not the last) and renumbers their headings. */
  private swapChapters(): boolean {
    const headings = [...this.tracker.text.matchAll(/^(\d+)\. [^\n]*$/gm)].map((match) => ({ start: match.index, number: match[1] }));
    if (headings.length < 3) return false;
    const i = int(this.random, 0, headings.length - 3);
    const [a, b, c] = [headings[i], headings[i + 1], headings[i + 2]];
    const description = `chapters ${a.number} and ${b.number} swapped and renumbered`;
    this.tracker.move(b.start, c.start, a.start, description);
    // Now chapter b's heading is at a.start and chapter a's after it.
    const movedA = a.start + (c.start - b.start);
    this.tracker.replace(movedA, movedA + a.number.length, b.number, `${description} (heading)`);
    this.tracker.replace(a.start, a.start + b.number.length, a.number, `${description} (heading)`);
    return true;
  }

  /** Replaces about 70% of a passage's words (never its first), as a thorough rewrite would. */
  private rewrite(index: number): boolean {
    const span = this.span(index);
    const words = wordsIn(this.text, span);
    if (words.length < 5) return false;
    const old = this.text.slice(span.start, span.end);
    let rewritten = old;
    for (let w = words.length - 1; w >= 1; w--) {
      if (this.random() >= 0.7) continue;
      const word = words[w];
      rewritten = rewritten.slice(0, word.start - span.start) + pick(this.random, this.vocabulary) + rewritten.slice(word.end - span.start);
    }
    let head = 0;
    while (head < old.length && head < rewritten.length && old[head] === rewritten[head]) head++;
    let tail = 0;
    while (tail < old.length - head && tail < rewritten.length - head && old[old.length - 1 - tail] === rewritten[rewritten.length - 1 - tail]) tail++;
    if (head === old.length && head === rewritten.length) return false;
    this.tracker.replace(span.start + head, span.end - tail, rewritten.slice(head, rewritten.length - tail), `annotation ${index} rewritten: ${this.excerpt(span)} → “${rewritten.slice(0, 28)}…”`);
    this.rewritten.add(index);
    return true;
  }

  /**
   * Copies an annotated sentence into another paragraph far away, between two of its sentences;
   * then leaves the original alone, fixes a typo in it, or deletes it, a third of the time each.
   */
  private lookalike(index: number): boolean {
    const span = this.span(index);
    const quote = this.text.slice(span.start, span.end);
    const destination = this.randomParagraph(span.start, this.text.length / 5);
    if (!destination) return false;
    const sentences = sentencesIn(this.text, destination);
    const at = pick(this.random, sentences).start;
    const roll = this.random();
    const mode: LookalikeMode = roll < 1 / 3 ? 'original intact' : roll < 2 / 3 ? 'original edited' : 'original deleted';
    this.tracker.replace(at, at, `${quote} `, `lookalike of annotation ${index} inserted ${Math.abs(at - span.start).toLocaleString('en')} characters away (${mode}): ${this.excerpt(span)}`);
    this.copies.set(this.tracker.track({ start: at, end: at + quote.length }), index);
    this.lookalikes.set(index, mode);
    if (mode === 'original edited') {
      this.typoInside(index);
    } else if (mode === 'original deleted') {
      const now = this.span(index);
      const line = lineAround(this.text, now.start);
      const all = sentencesIn(this.text, line);
      const holding = all.findIndex((s) => s.start <= now.start && now.end <= s.end);
      if (holding >= 0) this.deleteSentenceAt(all, holding, `sentence holding annotation ${index} deleted after its lookalike was inserted: ${this.excerpt(now)}`);
      else this.tracker.replace(now.start, now.end, '', `annotation ${index} deleted after its lookalike was inserted`);
    }
    return true;
  }

  /** A typo fixed, a sentence inserted or a word deleted where no annotation is within 64 characters. */
  private farEdit(): boolean {
    for (let attempt = 0; attempt < 50; attempt++) {
      const line = this.randomParagraph();
      if (!line) return false;
      const at = int(this.random, line.start, line.end - 1);
      const near = this.tracker.spans.some((s) => !s.deleted && at >= s.start - 64 && at <= s.end + 64);
      if (near) continue;
      const roll = this.random();
      if (roll < 0.6) {
        if (this.typoAt(at, 'far from annotations', undefined)) return true;
      } else if (roll < 0.8) {
        const sentence = sentencesIn(this.text, line).find((s) => s.start >= at);
        if (!sentence || sentence.start > at + 60) continue;
        this.tracker.replace(sentence.start, sentence.start, `${this.newSentence()} `, `sentence inserted far from annotations, before ${this.excerpt(sentence)}`);
        return true;
      } else {
        const word = wordsIn(this.text, { start: at, end: Math.min(line.end, at + 40) })[1];
        if (!word || this.text.charAt(word.end) !== ' ') continue;
        this.tracker.replace(word.start, word.end + 1, '', `word deleted far from annotations: ${this.excerpt(word)}`);
        return true;
      }
    }
    return false;
  }
}
