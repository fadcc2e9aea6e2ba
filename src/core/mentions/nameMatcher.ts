import { foldName, type CastEntry } from '../cast/cast';
import { isWordAt, isWordCode, WORD_CLASS } from '../text/wordCharacters';

/**
 * Finding a cast's names in a line of text, as `mentions.ts` defines a mention: each word hashed as
 * it is read, and only the words that begin some name looked at further, in a trie of the names'
 * words — no regular expression per alias.
 */

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
export interface Surface {
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
