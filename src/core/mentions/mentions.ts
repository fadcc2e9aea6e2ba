import { chapterAtLine } from '../anchoring/targets';
import { type CastEntry } from '../cast/cast';
import type { Manuscript } from '../manuscript/model';
import { NameMatcher, type Surface } from './nameMatcher';

/**
 * Mentions: where the book names the people, places and organizations of its cast.
 *
 * A mention is an occurrence of an entity's name or alias as whole words, case-sensitive:
 * - typographic and straight apostrophes are alike (`Olaf’s` = `Olaf's`), and a possessive
 *   is no obstacle (`Stalin’s` and `Stalin's` are mentions of `Stalin`, the `’s` left out);
 * - a hyphen separates words (`Djugashvili-Stalin` holds a mention of `Stalin`, unless
 *   `Djugashvili-Stalin` is itself a name, which is longer);
 * - an alias that starts with a lowercase word (`the Old Man`) also matches capitalised, as
 *   at the start of a sentence (`The Old Man`);
 * - where names overlap, the longest wins (`Kseshinskaya Mansion` is the place, not the
 *   ballerina; `Vladimir Illich` is one mention, not two);
 * - a name listed for several entities (`Alliluyeva`) is an ambiguous mention: counted for none,
 *   with its candidates, unless a pin (in the manuscript's sidecar) says whose it is.
 * - names never span lines: a manuscript holds one paragraph a line.
 *
 * The index is built in one pass over the text: each word is hashed as it is read, and only
 * words that begin some name are looked at further — no regular expression per alias. It keeps
 * its matches line by line, so that an edit of one paragraph re-reads that line only
 * (`replaceLines`).
 */

/** One mention of an entity. Positions are 0-based lines and UTF-16 characters. */
export interface Mention {
  readonly entity: string;
  readonly line: number;
  readonly character: number;
  /** In UTF-16 units; the possessive `’s` is not part of it. */
  readonly length: number;
  /** The text as written: the name or alias, with the text's apostrophes and capitals. */
  readonly text: string;
  /** Attributed by a pin rather than by its name alone. */
  readonly pinned: boolean;
}

/** A name listed for several entities, not pinned to one. */
export interface AmbiguousMention {
  readonly line: number;
  readonly character: number;
  readonly length: number;
  readonly text: string;
  /** Entity ids, in cast order. */
  readonly candidates: readonly string[];
}

/** Where a pin's mention is in the current text, and whose it is. */
export interface PinPlacement {
  readonly entity: string;
  readonly line: number;
  readonly character: number;
}

// ---------------------------------------------------------------------------------------------
// The index

/** The matches of a line, as flat triples: character, length, surface number. */
type LineMatches = number[] | undefined;

/** Per entity, its mentions with the chapter each is in, and its counts per chapter. */
export interface EntityMentions {
  readonly entity: CastEntry;
  readonly count: number;
  readonly mentions: readonly (Mention & { readonly chapter: number | undefined })[];
  /** In the order of the book; `chapter` is undefined for mentions outside any chapter. */
  readonly chapters: readonly { readonly chapter: number | undefined; readonly count: number }[];
}

/**
 * The mentions of a cast in one manuscript, kept line by line. Build it with `MentionIndex.build`;
 * after an edit, `replaceLines` re-reads the lines edited and nothing else.
 */
export class MentionIndex {
  private lineTexts: string[];
  private matches: LineMatches[];
  /** Per line, pinned entities by character. */
  private pins: (Map<number, string> | undefined)[];
  private counts = new Map<string, number>();
  private ambiguousCount = 0;

  private constructor(
    readonly matcher: NameMatcher,
    lineTexts: string[],
    matches: LineMatches[],
  ) {
    this.lineTexts = lineTexts;
    this.matches = matches;
    this.pins = new Array(lineTexts.length);
    this.recount();
  }

  /** Indexes `text` (lines ending as VS Code's: `\r\n`, `\n` or `\r`; a leading BOM is not text). */
  static build(text: string, matcher: NameMatcher): MentionIndex {
    const lineTexts: string[] = [];
    const matches: LineMatches[] = [];
    let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let found: number[] | undefined;
    matcher.scan(
      text,
      lineStart,
      text.length,
      (start, length, surface) => (found ??= []).push(start - lineStart, length, surface.number),
      (end, next) => {
        lineTexts.push(text.slice(lineStart, end));
        matches.push(found);
        found = undefined;
        lineStart = next;
      },
    );
    lineTexts.push(text.slice(lineStart));
    matches.push(found);
    return new MentionIndex(matcher, lineTexts, matches);
  }

  get lineCount(): number {
    return this.lineTexts.length;
  }

  /**
   * After an edit: lines `[start, start + removed)` were replaced by `lines` (the new text of
   * those lines, without line breaks). Only they are read again; the lines after them move.
   * Pins on the replaced lines are dropped: place them again (`resolvePins`, then `setPins`).
   */
  replaceLines(start: number, removed: number, lines: readonly string[]): void {
    if (start < 0 || removed < 0 || start + removed > this.lineTexts.length) throw new RangeError(`no lines ${start}–${start + removed} in an index of ${this.lineTexts.length}`);
    for (let line = start; line < start + removed; line++) this.tally(line, -1);
    const matches = lines.map((text) => this.scan(text));
    this.lineTexts.splice(start, removed, ...lines);
    this.matches.splice(start, removed, ...matches);
    this.pins.splice(start, removed, ...new Array<undefined>(lines.length));
    for (let line = start; line < start + lines.length; line++) this.tally(line, 1);
  }

  /** Attributes the mentions at these places to these entities (pins of unknown entities are ignored). */
  setPins(placements: readonly PinPlacement[]): void {
    this.pins = new Array(this.lineTexts.length);
    for (const { entity, line, character } of placements) {
      if (line < 0 || line >= this.lineTexts.length || !this.matcher.entity(entity)) continue;
      (this.pins[line] ??= new Map()).set(character, entity);
    }
    this.recount();
  }

  /** How many mentions each entity has (pinned ones included); entities without any are absent. */
  count(id: string): number {
    return this.counts.get(id) ?? 0;
  }

  get ambiguousMentionCount(): number {
    return this.ambiguousCount;
  }

  /** The mentions of an entity, in the order of the text. */
  mentionsOf(id: string): Mention[] {
    return this.allMentions().get(id) ?? [];
  }

  /** Every entity's mentions, in the order of the text, in one pass. */
  allMentions(): Map<string, Mention[]> {
    const result = new Map<string, Mention[]>();
    this.forEachMatch((line, character, length, surface, pinned) => {
      const entity = pinned ?? (surface.entities.length === 1 ? surface.entities[0] : undefined);
      if (entity === undefined) return;
      const list = result.get(entity);
      const mention: Mention = { entity, line, character, length, text: this.lineTexts[line].substr(character, length), pinned: pinned !== undefined };
      if (list) list.push(mention);
      else result.set(entity, [mention]);
    });
    return result;
  }

  /** The mentions of names listed for several entities and not pinned, in the order of the text. */
  ambiguous(): AmbiguousMention[] {
    const result: AmbiguousMention[] = [];
    this.forEachMatch((line, character, length, surface, pinned) => {
      if (pinned !== undefined || surface.entities.length < 2) return;
      result.push({ line, character, length, text: this.lineTexts[line].substr(character, length), candidates: surface.entities });
    });
    return result;
  }

  /** A line's text, without its line break: what offsets along the book are counted in. */
  lineText(line: number): string {
    return this.lineTexts[line];
  }

  /**
   * Visits the mentions of one line (ambiguous ones included) in the order of the text, without
   * making an object of each: what a view that follows a one-paragraph edit reads again, instead
   * of the whole index. `entity` is undefined for an ambiguous mention; `candidates` are the
   * entities its name is listed for (the same array for every mention of that name).
   */
  forEachOnLine(line: number, visit: (character: number, length: number, entity: string | undefined, candidates: readonly string[]) => void): void {
    const found = this.matches[line];
    if (!found) return;
    const pins = this.pins[line];
    const { surfaces } = this.matcher;
    for (let k = 0; k < found.length; k += 3) {
      const surface = surfaces[found[k + 2]];
      const entity = pins?.get(found[k]) ?? (surface.entities.length === 1 ? surface.entities[0] : undefined);
      visit(found[k], found[k + 1], entity, surface.entities);
    }
  }

  /** The mention (or ambiguous mention) at a place, such as under the cursor: its start ≤ character ≤ its end. */
  at(line: number, character: number): Mention | AmbiguousMention | undefined {
    const found = this.matches[line];
    if (!found) return undefined;
    for (let k = 0; k < found.length; k += 3) {
      const start = found[k];
      const length = found[k + 1];
      if (character < start || character > start + length) continue;
      const surface = this.matcher.surfaces[found[k + 2]];
      const text = this.lineTexts[line].substr(start, length);
      const pinned = this.pins[line]?.get(start);
      const entity = pinned ?? (surface.entities.length === 1 ? surface.entities[0] : undefined);
      if (entity !== undefined) return { entity, line, character: start, length, text, pinned: pinned !== undefined };
      return { line, character: start, length, text, candidates: surface.entities };
    }
    return undefined;
  }

  /** Per entity (in cast order, those without mentions included): its mentions, their chapters, counts per chapter. */
  report(manuscript: Pick<Manuscript, 'chapters'>): EntityMentions[] {
    const all = this.allMentions();
    return this.matcher.entities.map((entity) => {
      const mentions = (all.get(entity.id) ?? []).map((mention) => ({ ...mention, chapter: chapterAtLine(manuscript as Manuscript, mention.line) }));
      const chapters: { chapter: number | undefined; count: number }[] = [];
      for (const mention of mentions) {
        const last = chapters[chapters.length - 1];
        if (last && last.chapter === mention.chapter) last.count++;
        else chapters.push({ chapter: mention.chapter, count: 1 });
      }
      return { entity, count: mentions.length, mentions, chapters: mergeChapters(chapters) };
    });
  }

  private scan(text: string): LineMatches {
    let found: number[] | undefined;
    if (/[\r\n]/.test(text)) throw new RangeError('replaceLines takes lines without line breaks');
    this.matcher.scan(text, 0, text.length, (start, length, surface) => {
      (found ??= []).push(start, length, surface.number);
    });
    return found;
  }

  private forEachMatch(visit: (line: number, character: number, length: number, surface: Surface, pinned: string | undefined) => void): void {
    const { surfaces } = this.matcher;
    for (let line = 0; line < this.matches.length; line++) {
      const found = this.matches[line];
      if (!found) continue;
      const pins = this.pins[line];
      for (let k = 0; k < found.length; k += 3) visit(line, found[k], found[k + 1], surfaces[found[k + 2]], pins?.get(found[k]));
    }
  }

  private recount(): void {
    this.counts = new Map();
    this.ambiguousCount = 0;
    for (let line = 0; line < this.matches.length; line++) this.tally(line, 1);
  }

  /** Adds (or, with -1, removes) a line's mentions to the counts. */
  private tally(line: number, sign: 1 | -1): void {
    this.forEachOnLine(line, (_character, _length, entity) => {
      if (entity === undefined) {
        this.ambiguousCount += sign;
        return;
      }
      const count = (this.counts.get(entity) ?? 0) + sign;
      if (count === 0) this.counts.delete(entity);
      else this.counts.set(entity, count);
    });
  }
}

/** Chapters in book order, each once (a chapter's mentions are contiguous unless chapters repeat). */
function mergeChapters(runs: readonly { chapter: number | undefined; count: number }[]): { chapter: number | undefined; count: number }[] {
  const merged = new Map<number | undefined, { chapter: number | undefined; count: number }>();
  for (const run of runs) {
    const existing = merged.get(run.chapter);
    if (existing) existing.count += run.count;
    else merged.set(run.chapter, { ...run });
  }
  return [...merged.values()];
}

/** Indexes a text against a cast in one call: `MentionIndex.build(text, new NameMatcher(entities))`. */
export function indexMentions(text: string, entities: readonly CastEntry[]): MentionIndex {
  return MentionIndex.build(text, new NameMatcher(entities));
}
