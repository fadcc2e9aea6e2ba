import { chapterAtLine } from '../anchoring/anchoring';
import { foldName, type CastEntry } from '../cast/cast';
import type { Manuscript } from '../manuscript/model';
import { isWordAt, isWordCode, WORD_CLASS } from '../text/wordCharacters';

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
// Words

const APOSTROPHE = 0x27;
const SPACE = 0x20;

/** The typographic apostrophe reads as `'`; a no-break space or a tab as a space. */
function foldCode(code: number): number {
  if (code === 0x2019) return APOSTROPHE;
  if (code === 0xa0 || code === 0x09) return SPACE;
  return code;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const FILTER_MASK = 0xffff;

// ---------------------------------------------------------------------------------------------
// The matcher

/** A form a name is written in: the name, an alias, or an alias's capitalised form. */
interface Surface {
  /** Its place in `NameMatcher.surfaces`. */
  readonly number: number;
  /** Folded (`foldName`): what text is compared with. */
  readonly text: string;
  /** Entity ids, in cast order. */
  readonly entities: readonly string[];
  /** Whether the form ends with a word character: then the text after it must not. */
  readonly endsInWord: boolean;
}

/**
 * A trie over words: from the root by a name's first word, then by each following word with the
 * separator before it (`Vladimir` → ` Illich`). A node holds the names that end there, with what
 * follows their last word (`V. I.` ends with `.`).
 */
interface TrieNode {
  children: Map<number, TrieNode> | undefined;
  ends: { readonly tail: string; readonly surface: Surface }[] | undefined;
}

/** A name being read: where it started, the trie node its last word reached, the longest name it holds so far. */
interface Path {
  start: number;
  node: TrieNode;
  best: Surface | undefined;
}

/** The hash of a word, or of a separator and a word, folded as `foldCode` does. */
function hashOf(text: string, from: number, to: number, hash = FNV_OFFSET): number {
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ foldCode(text.charCodeAt(i)), FNV_PRIME);
  return hash;
}

/** Separators between the words of a name, and after its last: short runs of punctuation and spaces. */
const MAX_SEPARATOR = 8;

/** The names and aliases of a cast, ready to be found in texts. */
export class NameMatcher {
  readonly entities: readonly CastEntry[];
  readonly surfaces: readonly Surface[];
  private readonly root = new Map<number, TrieNode>();
  /** Bit `hash & FILTER_MASK` is set for the first word of some name: most words stop there. */
  private readonly filter = new Uint8Array(FILTER_MASK + 1);
  private readonly byId: Map<string, CastEntry>;

  constructor(entities: readonly CastEntry[]) {
    this.entities = entities;
    this.byId = new Map(entities.map((entity) => [entity.id, entity]));
    const owners = new Map<string, string[]>();
    const add = (form: string, id: string) => {
      const list = owners.get(form);
      if (!list) owners.set(form, [id]);
      else if (!list.includes(id)) list.push(id);
    };
    for (const entity of entities) {
      for (const name of [entity.name, ...entity.aliases]) {
        const form = foldName(name.trim());
        if (form === '' || !isWordCode(form.charCodeAt(0))) continue;
        add(form, entity.id);
        const first = form[0];
        if (first !== first.toUpperCase() && first === first.toLowerCase()) add(first.toUpperCase() + form.slice(1), entity.id);
      }
    }
    const surfaces: Surface[] = [];
    for (const [text, ids] of owners) {
      const surface: Surface = { number: surfaces.length, text, entities: ids, endsInWord: isWordCode(text.charCodeAt(text.length - 1)) };
      surfaces.push(surface);
      this.insert(surface);
    }
    this.surfaces = surfaces;
  }

  private insert(surface: Surface): void {
    const text = surface.text;
    let end = 0;
    while (end < text.length && isWordAt(text, end)) end++;
    const firstHash = hashOf(text, 0, end);
    this.filter[firstHash & FILTER_MASK] = 1;
    let node = this.root.get(firstHash);
    if (!node) this.root.set(firstHash, (node = { children: undefined, ends: undefined }));
    for (;;) {
      let next = end;
      while (next < text.length && !isWordAt(text, next)) next++;
      if (next >= text.length || next - end > MAX_SEPARATOR) {
        (node.ends ??= []).push({ tail: text.slice(end), surface });
        node.ends.sort((a, b) => b.tail.length - a.tail.length);
        return;
      }
      let wordEnd = next;
      while (wordEnd < text.length && isWordAt(text, wordEnd)) wordEnd++;
      const hash = hashOf(text, end, wordEnd);
      node.children ??= new Map();
      let child = node.children.get(hash);
      if (!child) node.children.set(hash, (child = { children: undefined, ends: undefined }));
      node = child;
      end = wordEnd;
    }
  }

  entity(id: string): CastEntry | undefined {
    return this.byId.get(id);
  }

  /**
   * Finds the names in `text[from, to)`, in order, overlaps resolved (the longest wins; of two
   * alike, the first): `found` is called for each, and `lineEnd` at each line break (`\r\n`,
   * `\n` or `\r`) with the offsets where the line ends and the next begins. Names never span lines.
   *
   * One pass: each word is hashed as it is read, alone (a name may start with it) and with the
   * separator before it (a name begun earlier may go on with it), so that names in progress move
   * down the trie word by word and no word is read twice.
   */
  scan(
    text: string,
    from: number,
    to: number,
    found: (start: number, length: number, surface: Surface) => void,
    lineEnd?: (end: number, next: number) => void,
  ): void {
    const { filter, root } = this;
    /** Names in progress: where each started, and the node its last word reached. */
    const paths: Path[] = [];
    let live = 0;
    /** Names found on this line, as flat triples (start, length, surface number), in no order. */
    const candidates: number[] = [];
    let found3 = 0;
    let wordStart = -1;
    let wordHash = 0;
    let edgeHash = FNV_OFFSET;
    let separator = 0;
    for (let i = from; i <= to; i++) {
      const code = i < to ? text.charCodeAt(i) : 0x0a;
      const kind = WORD_CLASS[code];
      if (kind === 1 || (kind === 0 && isWordCode(code))) {
        if (wordStart < 0) {
          wordStart = i;
          wordHash = FNV_OFFSET;
        }
        wordHash = Math.imul(wordHash ^ code, FNV_PRIME);
        // The separator-and-word hash matters only to names in progress.
        if (live > 0) edgeHash = Math.imul(edgeHash ^ code, FNV_PRIME);
        continue;
      }
      if (wordStart >= 0) {
        // A word ends at i: names in progress go on with it, or are done; a new one may start.
        if (live > 0) {
          let going = 0;
          for (let p = 0; p < live; p++) {
            const path = paths[p];
            const child = path.node.children?.get(edgeHash);
            if (child) {
              path.node = child;
              if (child.ends) this.reach(text, path, i, to);
              // Swapped, not copied: the objects are reused for later names.
              paths[p] = paths[going];
              paths[going++] = path;
            } else if (path.best) {
              candidates[found3++] = path.start;
              candidates[found3++] = path.best.text.length;
              candidates[found3++] = path.best.number;
            }
          }
          live = going;
        }
        const node = filter[wordHash & FILTER_MASK] === 0 ? undefined : root.get(wordHash);
        if (node) {
          let path = paths[live];
          if (path) {
            path.start = wordStart;
            path.node = node;
            path.best = undefined;
          } else {
            paths[live] = path = { start: wordStart, node, best: undefined };
          }
          if (node.ends) this.reach(text, path, i, to);
          if (node.children) live++;
          else if (path.best) {
            candidates[found3++] = path.start;
            candidates[found3++] = path.best.text.length;
            candidates[found3++] = path.best.number;
          }
        }
        wordStart = -1;
        edgeHash = FNV_OFFSET;
        separator = 0;
      }
      const lineBreak = code === 0x0a || code === 0x0d;
      if (!lineBreak && live > 0 && ++separator > MAX_SEPARATOR) {
        found3 = this.settle(paths, live, candidates, found3);
        live = 0;
      }
      if (!lineBreak) {
        // foldCode, inlined.
        if (live > 0) edgeHash = Math.imul(edgeHash ^ (code === 0x2019 ? APOSTROPHE : code === 0xa0 || code === 0x09 ? SPACE : code), FNV_PRIME);
        continue;
      }
      if (live > 0) {
        found3 = this.settle(paths, live, candidates, found3);
        live = 0;
      }
      if (found3 > 0) {
        this.emit(candidates, found3, found);
        found3 = 0;
      }
      edgeHash = FNV_OFFSET;
      separator = 0;
      if (i < to) {
        const next = code === 0x0d && text.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
        lineEnd?.(i, next);
        i = next - 1;
      }
    }
  }

  /** Names in progress that can go no further: their best, if any, is found. */
  private settle(paths: Path[], live: number, candidates: number[], count: number): number {
    for (let p = 0; p < live; p++) {
      const path = paths[p];
      if (!path.best) continue;
      candidates[count++] = path.start;
      candidates[count++] = path.best.text.length;
      candidates[count++] = path.best.number;
    }
    return count;
  }

  /** A name in progress reached a node where names end: the longest one that is really there is its best so far. */
  private reach(text: string, path: Path, wordEnd: number, to: number): void {
    for (const { tail, surface } of path.node.ends!) {
      if (path.best && path.best.text.length >= surface.text.length) return;
      if (this.confirm(text, path.start, wordEnd, to, tail, surface)) {
        path.best = surface;
        return;
      }
    }
  }

  /** The names of a line, overlaps resolved: sorted by start, the longer of two overlapping ones kept. */
  private emit(candidates: number[], count: number, found: (start: number, length: number, surface: Surface) => void): void {
    let sorted = true;
    for (let k = 3; k < count && sorted; k += 3) sorted = candidates[k - 3] < candidates[k];
    let order: number[] | undefined;
    if (!sorted) {
      // A long name settles after a shorter one begun within it: rare, sorted then.
      order = [];
      for (let k = 0; k < count; k += 3) order.push(k);
      order.sort((a, b) => candidates[a] - candidates[b] || candidates[b + 1] - candidates[a + 1]);
    }
    let lastStart = -1;
    let lastLength = 0;
    let lastSurface = -1;
    for (let n = 0; n < count; n += 3) {
      const k = order ? order[n / 3] : n;
      const start = candidates[k];
      const length = candidates[k + 1];
      if (lastSurface >= 0 && start < lastStart + lastLength) {
        if (length <= lastLength) continue;
      } else if (lastSurface >= 0) {
        found(lastStart, lastLength, this.surfaces[lastSurface]);
      }
      lastStart = start;
      lastLength = length;
      lastSurface = candidates[k + 2];
    }
    if (lastSurface >= 0) found(lastStart, lastLength, this.surfaces[lastSurface]);
  }

  /** Whether the whole name is at `start` (hashes collide: every character is compared once found). */
  private confirm(text: string, start: number, end: number, to: number, tail: string, surface: Surface): boolean {
    const form = surface.text;
    const stop = start + form.length;
    if (stop > to || stop !== end + tail.length) return false;
    for (let k = 0; k < form.length; k++) if (foldCode(text.charCodeAt(start + k)) !== form.charCodeAt(k)) return false;
    return !(surface.endsInWord && stop < to && isWordAt(text, stop));
  }
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
