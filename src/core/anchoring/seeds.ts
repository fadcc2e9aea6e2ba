import { CONTEXT_LENGTH, type AnnotationTarget } from '../annotations/annotation';

/**
 * Candidates for every annotation from one pass over the text: short seeds taken from each quote
 * and its context are looked up with a rolling hash and a bit filter, and each place a seed is
 * found votes for where its quote would start.
 */

/** The length of a seed, in characters. */
const SEED_LENGTH = 16;

/** A seed found more often than this says nothing about where a passage is. */
const MAX_SEED_HITS = 24;

/** The context right beside the quote, which candidates are scored by: `CONTEXT_LENGTH` characters a side. */
export function nearContextOf(target: AnnotationTarget): { prefix: string; suffix: string } {
  return { prefix: target.prefix.slice(-CONTEXT_LENGTH), suffix: target.suffix.slice(0, CONTEXT_LENGTH) };
}

export interface Seed {
  readonly text: string;
  /** Where the quote starts relative to where this seed is found. */
  readonly quoteOffset: number;
  /** A piece of the quote itself, which counts for more than a piece of its context. */
  readonly fromQuote: boolean;
}

/** What the seeds found say of one place where a quote may start. */
export interface Votes {
  /** 2 for each piece of the quote found there, 1 for each piece of its context. */
  weight: number;
  quotePieces: number;
}

/** Seeds of a target: pieces of its quote and of its context that are long enough to be telling. */
export function seedsOf(target: AnnotationTarget): Seed[] {
  const quote = target.quote;
  const { prefix, suffix } = nearContextOf(target);
  const seeds: Seed[] = [];
  if (quote.length >= SEED_LENGTH) {
    seeds.push({ text: quote.slice(0, SEED_LENGTH), quoteOffset: 0, fromQuote: true });
    seeds.push({ text: quote.slice(-SEED_LENGTH), quoteOffset: quote.length - SEED_LENGTH, fromQuote: true });
    if (quote.length >= 3 * SEED_LENGTH) {
      const middle = (quote.length - SEED_LENGTH) >> 1;
      seeds.push({ text: quote.slice(middle, middle + SEED_LENGTH), quoteOffset: middle, fromQuote: true });
    }
  }
  if (prefix.length >= SEED_LENGTH) seeds.push({ text: prefix.slice(-SEED_LENGTH), quoteOffset: -SEED_LENGTH, fromQuote: false });
  if (suffix.length >= SEED_LENGTH) seeds.push({ text: suffix.slice(0, SEED_LENGTH), quoteOffset: quote.length, fromQuote: false });
  // The outer halves of the context, for when a typo lands right beside the quote.
  if (prefix.length >= 2 * SEED_LENGTH) seeds.push({ text: prefix.slice(0, SEED_LENGTH), quoteOffset: -prefix.length, fromQuote: false });
  if (suffix.length >= 2 * SEED_LENGTH) {
    seeds.push({ text: suffix.slice(-SEED_LENGTH), quoteOffset: quote.length + suffix.length - SEED_LENGTH, fromQuote: false });
  }
  // The far ends of a context that reaches past the quote's sentence: for a short quote whose near
  // seeds are too common to tell, or whose sentence's other side was edited.
  if (target.prefix.length >= prefix.length + SEED_LENGTH) seeds.push({ text: target.prefix.slice(0, SEED_LENGTH), quoteOffset: -target.prefix.length, fromQuote: false });
  if (target.suffix.length >= suffix.length + SEED_LENGTH) {
    seeds.push({ text: target.suffix.slice(-SEED_LENGTH), quoteOffset: quote.length + target.suffix.length - SEED_LENGTH, fromQuote: false });
  }
  return seeds;
}

const HASH_BASE = 0x01000193;
/** 2^21 bits: 256 KB, small enough to stay in the processor's cache while the text streams by. */
const FILTER_BITS = 21;
/** Keys kept within V8's small integers, so that map look-ups stay cheap. */
const KEY_MASK = 0x3fffffff;

function hashOf(text: string, from: number): number {
  let hash = 0;
  for (let i = 0; i < SEED_LENGTH; i++) hash = (Math.imul(hash, HASH_BASE) + text.charCodeAt(from + i)) | 0;
  return hash;
}

/** One seed text, wherever it is found, and the targets whose seeds have that text. */
interface SeedEntry {
  readonly text: string;
  readonly hits: number[];
  readonly users: { readonly target: number; readonly quoteOffset: number; readonly fromQuote: boolean }[];
  /** Found too often to tell anything: no longer looked for. */
  tooCommon: boolean;
}

/**
 * One pass of a rolling hash over the text finds every seed of every target. Returns, per target,
 * the places its quote would start according to the telling seeds found, each with the votes of
 * the seeds that point there.
 */
export function findSeeds(text: string, seedsPerTarget: readonly Seed[][]): Map<number, Votes>[] {
  const byText = new Map<string, SeedEntry>();
  seedsPerTarget.forEach((seeds, target) => {
    for (const seed of seeds) {
      let entry = byText.get(seed.text);
      if (!entry) {
        entry = { text: seed.text, hits: [], users: [], tooCommon: false };
        byText.set(seed.text, entry);
      }
      entry.users.push({ target, quoteOffset: seed.quoteOffset, fromQuote: seed.fromQuote });
    }
  });
  const byHash = new Map<number, SeedEntry[]>();
  // A bit per bucket of the hash's high bits says whether a position can hold any seed at all.
  const filter = new Uint32Array(1 << (FILTER_BITS - 5));
  const shift = 32 - FILTER_BITS;
  for (const entry of byText.values()) {
    const hash = hashOf(entry.text, 0);
    const list = byHash.get(hash & KEY_MASK);
    if (list) list.push(entry);
    else byHash.set(hash & KEY_MASK, [entry]);
    const bucket = hash >>> shift;
    filter[bucket >>> 5] |= 1 << (bucket & 31);
  }
  if (text.length >= SEED_LENGTH) {
    let outgoingFactor = 1;
    for (let i = 1; i < SEED_LENGTH; i++) outgoingFactor = Math.imul(outgoingFactor, HASH_BASE);
    let hash = hashOf(text, 0);
    const last = text.length - SEED_LENGTH;
    for (let i = 0; ; i++) {
      const bucket = hash >>> shift;
      if ((filter[bucket >>> 5] & (1 << (bucket & 31))) !== 0) {
        const list = byHash.get(hash & KEY_MASK);
        if (list) {
          for (const entry of list) {
            if (entry.tooCommon || !text.startsWith(entry.text, i)) continue;
            entry.hits.push(i);
            entry.tooCommon = entry.hits.length > MAX_SEED_HITS;
          }
        }
      }
      if (i === last) break;
      hash = (Math.imul(hash - Math.imul(text.charCodeAt(i), outgoingFactor), HASH_BASE) + text.charCodeAt(i + SEED_LENGTH)) | 0;
    }
  }
  const starts = seedsPerTarget.map(() => new Map<number, Votes>());
  for (const entry of byText.values()) {
    if (entry.tooCommon) continue;
    for (const user of entry.users) {
      const places = starts[user.target];
      for (const hit of entry.hits) {
        const start = hit - user.quoteOffset;
        if (start < 0) continue;
        let votes = places.get(start);
        if (!votes) places.set(start, (votes = { weight: 0, quotePieces: 0 }));
        votes.weight += user.fromQuote ? 2 : 1;
        if (user.fromQuote) votes.quotePieces++;
      }
    }
  }
  return starts;
}
