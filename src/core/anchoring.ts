import search from 'approx-string-match';
import { CONTEXT_LENGTH, type AnnotationTarget, type Resolution, type TextSpan } from './annotation';
import { lineStartsOf, positionAt } from './book';
import type { Manuscript, Position } from './model';

/**
 * Finding an annotation's passage again after the manuscript changed.
 *
 * A wrong anchor is the worst outcome: an annotation silently attached to the wrong sentence
 * misleads every later reader. So a place is accepted only when the quote (exactly, or nearly:
 * above `FUZZY_FLOOR`) AND its surroundings agree; a lookalike elsewhere with other context loses to
 * the edited original; two places too close to call are reported as ambiguous, not guessed; and
 * what cannot be found is orphaned, never deleted.
 *
 * Candidates come from one pass over the text for all annotations at once: short "seeds" taken
 * from each quote and its context are looked up with a rolling hash, so that resolving thousands of
 * annotations costs one scan of the book plus a little work per annotation.
 */

/** The least similarity (1 − edits ÷ length) at which an edited passage still counts as found. */
export const FUZZY_FLOOR = 0.75;
/** Context on at least one side must be this alike for a place to be accepted. */
const CONTEXT_FLOOR = 0.6;
/** A quote at least this long, found intact, is its own evidence even when its context changed. */
const DISTINCTIVE_QUOTE = 48;
/** Near-intact long quotes with lost context (a moved paragraph with a typo fixed) need this. */
const DISTINCTIVE_SIMILARITY = 0.9;
/** Two candidates whose scores are closer than this are too close to call. */
const AMBIGUITY_MARGIN = 6;
/** How far around its old position a quote is first looked for, in characters. */
const NEARBY = 4096;
const SEED_LENGTH = 16;
/** A seed found more often than this says nothing about where a passage is. */
const MAX_SEED_HITS = 24;

/** Describes the passage `[start, end)` of `text` as a target: its quote, context, chapter and position. */
export function describeTarget(text: string, manuscript: Manuscript, span: TextSpan): AnnotationTarget {
  return describeTargets(text, manuscript, [span])[0];
}

/** `describeTarget` for many passages of one text. */
export function describeTargets(text: string, manuscript: Manuscript, spans: readonly TextSpan[]): AnnotationTarget[] {
  const lineStarts = lineStartsOf(text);
  return spans.map((span) => {
    const position = positionAt(lineStarts, span.start);
    return {
      quote: text.slice(span.start, span.end),
      prefix: text.slice(Math.max(0, span.start - CONTEXT_LENGTH), span.start),
      suffix: text.slice(span.end, span.end + CONTEXT_LENGTH),
      chapter: chapterAtLine(manuscript, position.line),
      position,
    };
  });
}

/** Resolves many targets against the current text at once. */
export function resolveTargets(text: string, manuscript: Manuscript, targets: readonly AnnotationTarget[]): Resolution[] {
  const document = new AnchoringDocument(text, manuscript);
  const results: Resolution[] = new Array(targets.length);
  const pending: number[] = [];
  targets.forEach((target, index) => {
    const atHint = document.unchangedAt(target);
    if (atHint) results[index] = atHint;
    else pending.push(index);
  });
  if (pending.length > 0) {
    const hits = findSeeds(text, pending.map((index) => seedsOf(targets[index])));
    pending.forEach((index, k) => {
      results[index] = document.resolve(targets[index], hits[k]);
    });
  }
  return results;
}

export function chapterAtLine(manuscript: Manuscript, line: number): number | undefined {
  const chapters = manuscript.chapters;
  let low = 0;
  let high = chapters.length - 1;
  let found: number | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (chapters[middle].line <= line) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found === undefined || line > chapters[found].range.end.line ? undefined : chapters[found].number;
}

/** An occurrence of a quote: exact when `errors` is 0. */
interface Match extends TextSpan {
  readonly errors: number;
}

interface Candidate {
  readonly span: TextSpan;
  readonly quoteSimilarity: number;
  readonly prefixSimilarity: number;
  readonly suffixSimilarity: number;
  readonly score: number;
}

class AnchoringDocument {
  private readonly lineStarts: number[];

  constructor(
    private readonly text: string,
    private readonly manuscript: Manuscript,
  ) {
    this.lineStarts = lineStartsOf(text);
  }

  offsetAt(position: Position): number {
    const line = Math.min(Math.max(position.line, 0), this.lineStarts.length - 1);
    const lineStart = this.lineStarts[line];
    const lineEnd = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    return Math.min(lineStart + Math.max(position.character, 0), lineEnd);
  }

  /** The common case, kept cheap: the quote is still where it was, with its context. */
  unchangedAt(target: AnnotationTarget): Resolution | undefined {
    const start = this.offsetAt(target.position);
    if (target.quote.length === 0 || !this.text.startsWith(target.quote, start)) return undefined;
    const end = start + target.quote.length;
    const intact = this.text.startsWith(target.prefix, start - target.prefix.length) || this.text.startsWith(target.suffix, end);
    return intact ? { state: 'anchored', span: { start, end }, score: undefined, candidates: [] } : undefined;
  }

  resolve(target: AnnotationTarget, seedStarts: readonly number[]): Resolution {
    const quote = target.quote;
    if (quote.length === 0) return orphaned();
    const hint = this.offsetAt(target.position);
    const candidates = this.candidates(target, hint, seedStarts);
    const accepted = candidates.filter((candidate) => acceptable(candidate, quote.length, candidates));
    if (accepted.length === 0) return orphaned();
    accepted.sort((a, b) => b.score - a.score);
    const [best, second] = accepted;
    if (second && best.score - second.score < AMBIGUITY_MARGIN) {
      return {
        state: 'ambiguous',
        span: undefined,
        score: undefined,
        candidates: accepted.filter((c) => best.score - c.score < AMBIGUITY_MARGIN).map((c) => c.span),
      };
    }
    const exact = best.quoteSimilarity === 1;
    return {
      state: exact ? (best.span.start === hint ? 'anchored' : 'moved') : 'fuzzy',
      span: best.span,
      score: exact ? undefined : best.quoteSimilarity,
      candidates: [],
    };
  }

  /** Places the passage may be now: exact occurrences near its old place, and around every seed hit. */
  private candidates(target: AnnotationTarget, hint: number, seedStarts: readonly number[]): Candidate[] {
    const { text } = this;
    const quote = target.quote;
    const spans = new Map<string, Match>();
    const add = (match: Match) => spans.set(`${match.start}:${match.end}`, match);
    const windowEnd = Math.min(text.length, hint + NEARBY);
    for (let at = text.indexOf(quote, Math.max(0, hint - NEARBY)); at >= 0 && at < windowEnd; at = text.indexOf(quote, at + 1)) {
      add({ start: at, end: at + quote.length, errors: 0 });
    }
    const maxErrors = Math.floor(quote.length * (1 - FUZZY_FLOOR));
    for (const start of seedStarts) {
      if (text.startsWith(quote, start)) {
        add({ start, end: start + quote.length, errors: 0 });
      } else if (maxErrors > 0) {
        const match = this.align(quote, start, maxErrors);
        if (match) add(match);
      }
    }
    return [...spans.values()].map((match) => this.score(target, match, hint));
  }

  /** The best approximate occurrence of `quote` around `start`, if any is within `maxErrors` edits. */
  private align(quote: string, start: number, maxErrors: number): Match | undefined {
    const slack = maxErrors + SEED_LENGTH;
    const from = Math.max(0, start - slack);
    const window = this.text.slice(from, Math.min(this.text.length, start + quote.length + slack));
    let best: Match | undefined;
    for (const match of search(window, quote, maxErrors)) {
      const distance = Math.abs(from + match.start - start);
      if (!best || match.errors < best.errors || (match.errors === best.errors && distance < Math.abs(from + best.start - start))) {
        best = match;
      }
    }
    return best && { start: from + best.start, end: from + best.end, errors: best.errors };
  }

  private score(target: AnnotationTarget, match: Match, hint: number): Candidate {
    const span = { start: match.start, end: match.end };
    const quoteSimilarity = 1 - match.errors / target.quote.length;
    const prefixSimilarity = contextSimilarity(target.prefix, this.text.slice(Math.max(0, span.start - target.prefix.length), span.start), 'before');
    const suffixSimilarity = contextSimilarity(target.suffix, this.text.slice(span.end, span.end + target.suffix.length), 'after');
    const line = positionAt(this.lineStarts, span.start).line;
    const sameChapter = target.chapter !== undefined && chapterAtLine(this.manuscript, line) === target.chapter ? 1 : 0;
    const nearness = Math.max(0, 1 - Math.abs(line - target.position.line) / 400);
    return {
      span,
      quoteSimilarity,
      prefixSimilarity,
      suffixSimilarity,
      score: 50 * quoteSimilarity + 20 * prefixSimilarity + 20 * suffixSimilarity + 6 * sameChapter + 4 * nearness + (span.start === hint ? 1 : 0),
    };
  }
}

/**
 * Whether a candidate is good enough to stand for the passage: the quote intact or nearly so, and
 * its context agreeing — unless the quote is long and distinctive and no candidate with agreeing
 * context competes (a moved paragraph keeps its words but not its neighbours).
 */
function acceptable(candidate: Candidate, quoteLength: number, all: readonly Candidate[]): boolean {
  if (candidate.quoteSimilarity < FUZZY_FLOOR) return false;
  const context = Math.max(candidate.prefixSimilarity, candidate.suffixSimilarity);
  if (context >= CONTEXT_FLOOR) return true;
  const supported = all.some((other) => other !== candidate && other.quoteSimilarity >= FUZZY_FLOOR && Math.max(other.prefixSimilarity, other.suffixSimilarity) >= CONTEXT_FLOOR);
  return !supported && quoteLength >= DISTINCTIVE_QUOTE && candidate.quoteSimilarity >= DISTINCTIVE_SIMILARITY;
}

function orphaned(): Resolution {
  return { state: 'orphaned', span: undefined, score: undefined, candidates: [] };
}

/**
 * How alike stored context is to the text now beside a candidate, 0–1. An empty stored context
 * (the passage began the file) agrees only with an empty one.
 */
function contextSimilarity(stored: string, actual: string, side: 'before' | 'after'): number {
  if (stored.length === 0) return actual.length === 0 ? 1 : 0;
  return similarity(stored, side === 'before' ? actual.slice(-stored.length) : actual.slice(0, stored.length));
}

/** 1 − Levenshtein distance ÷ the longer length. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  return 1 - levenshtein(a, b) / longer;
}

function levenshtein(a: string, b: string): number {
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (code === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

interface Seed {
  readonly text: string;
  /** Where the quote starts relative to where this seed is found. */
  readonly quoteOffset: number;
}

/** Seeds of a target: pieces of its quote and of its context that are long enough to be telling. */
function seedsOf(target: AnnotationTarget): Seed[] {
  const { quote, prefix, suffix } = target;
  const seeds: Seed[] = [];
  if (quote.length >= SEED_LENGTH) {
    seeds.push({ text: quote.slice(0, SEED_LENGTH), quoteOffset: 0 });
    seeds.push({ text: quote.slice(-SEED_LENGTH), quoteOffset: quote.length - SEED_LENGTH });
    if (quote.length >= 3 * SEED_LENGTH) {
      const middle = (quote.length - SEED_LENGTH) >> 1;
      seeds.push({ text: quote.slice(middle, middle + SEED_LENGTH), quoteOffset: middle });
    }
  }
  if (prefix.length >= SEED_LENGTH) seeds.push({ text: prefix.slice(-SEED_LENGTH), quoteOffset: -SEED_LENGTH });
  if (suffix.length >= SEED_LENGTH) seeds.push({ text: suffix.slice(0, SEED_LENGTH), quoteOffset: quote.length });
  return seeds;
}

const HASH_BASE = 0x01000193;
const FILTER_BITS = 20;

function hashOf(text: string, from: number): number {
  let hash = 0;
  for (let i = 0; i < SEED_LENGTH; i++) hash = (Math.imul(hash, HASH_BASE) + text.charCodeAt(from + i)) | 0;
  return hash;
}

/**
 * One pass of a rolling hash over the text finds every seed of every target. Returns, per target,
 * the places its quote would start according to each telling seed found.
 */
function findSeeds(text: string, seedsPerTarget: readonly Seed[][]): number[][] {
  const bySeedHash = new Map<number, { target: number; seed: Seed; hits: number[] }[]>();
  const filter = new Uint8Array(1 << FILTER_BITS);
  const mask = (1 << FILTER_BITS) - 1;
  const entries: { target: number; seed: Seed; hits: number[] }[] = [];
  seedsPerTarget.forEach((seeds, target) => {
    for (const seed of seeds) {
      const hash = hashOf(seed.text, 0);
      const entry = { target, seed, hits: [] as number[] };
      entries.push(entry);
      const list = bySeedHash.get(hash);
      if (list) list.push(entry);
      else bySeedHash.set(hash, [entry]);
      filter[hash & mask] = 1;
    }
  });
  if (text.length >= SEED_LENGTH) {
    let outgoingFactor = 1;
    for (let i = 1; i < SEED_LENGTH; i++) outgoingFactor = Math.imul(outgoingFactor, HASH_BASE);
    let hash = hashOf(text, 0);
    const last = text.length - SEED_LENGTH;
    for (let i = 0; ; i++) {
      if (filter[hash & mask] === 1) {
        const list = bySeedHash.get(hash);
        if (list) {
          for (const entry of list) {
            if (entry.hits.length <= MAX_SEED_HITS && text.startsWith(entry.seed.text, i)) entry.hits.push(i);
          }
        }
      }
      if (i === last) break;
      hash = (Math.imul(hash - Math.imul(text.charCodeAt(i), outgoingFactor), HASH_BASE) + text.charCodeAt(i + SEED_LENGTH)) | 0;
    }
  }
  const starts: number[][] = seedsPerTarget.map(() => []);
  for (const entry of entries) {
    if (entry.hits.length > MAX_SEED_HITS) continue;
    for (const hit of entry.hits) {
      const start = hit - entry.seed.quoteOffset;
      if (start >= 0) starts[entry.target].push(start);
    }
  }
  return starts.map((list) => [...new Set(list)]);
}
