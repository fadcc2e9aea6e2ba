/**
 * The ground truth of the anchoring benchmark: a text revised edit by edit, and where every
 * annotated passage truly is after each edit. Pure (no Node, no engine): the benchmark and its unit
 * tests share it.
 *
 * Each edit replaces `[start, end)` with new text. A passage entirely before the edit shifts by the
 * edit's change in length; one entirely after it stays; one the edit overlaps in part is "edited"
 * (what is left of it, plus what was written inside it); one the edit covers whole is "deleted".
 * A move takes a block out and puts it back elsewhere: the passages inside travel with it.
 *
 * The text is kept in chunks while it is being revised: one flat string of 5 MB, copied on every
 * one of hundreds of edits, would cost seconds.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Where an annotated passage truly is now, and what happened to it. */
export interface TrackedSpan {
  start: number;
  end: number;
  /** The passage's own text was removed whole: no place is right for it any more. */
  deleted: boolean;
  /** The passage's own text changed, in part. */
  edited: boolean;
  /** The passage travelled inside a moved block. */
  moved: boolean;
  /** Edits (indices into `log`) that touched the passage or its context, in order. */
  readonly causes: number[];
}

/** What the revision script reads of the text: a string, or the tracker's chunked text. */
export interface TextLike {
  readonly length: number;
  slice(start: number, end?: number): string;
  charAt(index: number): string;
  indexOf(search: string, from?: number): number;
  lastIndexOf(search: string, from?: number): number;
}

const CHUNK = 1 << 15;

/** A text in chunks of about `CHUNK` characters: an edit copies one chunk, not the whole text. */
export class ChunkedText implements TextLike {
  private chunks: string[] = [];
  /** Where each chunk starts. */
  private starts: number[] = [];
  private total = 0;
  private joined: string | undefined;

  constructor(text: string) {
    for (let at = 0; at < text.length; at += CHUNK) this.chunks.push(text.slice(at, at + CHUNK));
    if (this.chunks.length === 0) this.chunks.push('');
    this.reindex(0);
    this.joined = text;
  }

  get length(): number {
    return this.total;
  }

  toString(): string {
    this.joined ??= this.chunks.join('');
    return this.joined;
  }

  /** The chunk holding `offset` (the last chunk for the text's end). */
  private chunkAt(offset: number): number {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  private reindex(from: number): void {
    let at = from === 0 ? 0 : this.starts[from - 1] + this.chunks[from - 1].length;
    this.starts.length = this.chunks.length;
    for (let i = from; i < this.chunks.length; i++) {
      this.starts[i] = at;
      at += this.chunks[i].length;
    }
    this.total = at;
  }

  replace(start: number, end: number, insert: string): void {
    const first = this.chunkAt(start);
    const last = this.chunkAt(end);
    const merged = this.chunks[first].slice(0, start - this.starts[first]) + insert + this.chunks[last].slice(end - this.starts[last]);
    const pieces: string[] = [];
    for (let at = 0; at < merged.length || pieces.length === 0; at += CHUNK) pieces.push(merged.slice(at, at + CHUNK));
    this.chunks.splice(first, last - first + 1, ...pieces);
    this.reindex(first);
    this.joined = undefined;
  }

  slice(start: number, end: number = this.total): string {
    start = Math.max(0, Math.min(start < 0 ? this.total + start : start, this.total));
    end = Math.max(start, Math.min(end < 0 ? this.total + end : end, this.total));
    if (this.joined !== undefined) return this.joined.slice(start, end);
    const first = this.chunkAt(start);
    const last = this.chunkAt(end);
    if (first === last) return this.chunks[first].slice(start - this.starts[first], end - this.starts[first]);
    let result = this.chunks[first].slice(start - this.starts[first]);
    for (let i = first + 1; i < last; i++) result += this.chunks[i];
    return result + this.chunks[last].slice(0, end - this.starts[last]);
  }

  charAt(index: number): string {
    if (index < 0 || index >= this.total) return '';
    const chunk = this.chunkAt(index);
    return this.chunks[chunk].charAt(index - this.starts[chunk]);
  }

  /** Like `String.prototype.indexOf`, for a single character. */
  indexOf(search: string, from = 0): number {
    if (search.length !== 1) throw new Error('ChunkedText.indexOf: one character only');
    for (let chunk = this.chunkAt(Math.max(0, from)); chunk < this.chunks.length; chunk++) {
      const found = this.chunks[chunk].indexOf(search, Math.max(0, from - this.starts[chunk]));
      if (found >= 0) return this.starts[chunk] + found;
    }
    return -1;
  }

  /** Like `String.prototype.lastIndexOf`, for a single character. */
  lastIndexOf(search: string, from = this.total): number {
    if (search.length !== 1) throw new Error('ChunkedText.lastIndexOf: one character only');
    const at = Math.max(0, Math.min(from, this.total - 1));
    for (let chunk = this.chunkAt(at); chunk >= 0; chunk--) {
      const found = this.chunks[chunk].lastIndexOf(search, at - this.starts[chunk]);
      if (found >= 0) return this.starts[chunk] + found;
    }
    return -1;
  }
}

/**
 * A copy that shares no memory with the text: a description built from slices of a 5 MB text would
 * otherwise keep that version of the text alive.
 */
function flat(text: string): string {
  return text.split('').join('');
}

export class RevisionTracker {
  private readonly current: ChunkedText;
  readonly spans: TrackedSpan[];
  /** One description per edit, in order. */
  readonly log: string[] = [];

  /** `context`: how far around a passage an edit still counts as touching it (its stored context). */
  constructor(
    text: string,
    spans: readonly Span[],
    private readonly context = 32,
  ) {
    this.current = new ChunkedText(text);
    this.spans = spans.map((span) => {
      if (!(span.start >= 0 && span.start < span.end && span.end <= text.length)) {
        throw new RangeError(`RevisionTracker: bad span ${span.start}–${span.end}`);
      }
      return { start: span.start, end: span.end, deleted: false, edited: false, moved: false, causes: [] };
    });
  }

  /** The revised text. */
  get text(): string {
    return this.current.toString();
  }

  /** The revised text, without joining it: for reading it between edits. */
  get content(): TextLike {
    return this.current;
  }

  /** Starts tracking another passage of the current text (an inserted copy, say); returns its index in `spans`. */
  track(span: Span): number {
    if (!(span.start >= 0 && span.start < span.end && span.end <= this.current.length)) throw new RangeError(`track: bad span ${span.start}–${span.end}`);
    return this.spans.push({ start: span.start, end: span.end, deleted: false, edited: false, moved: false, causes: [] }) - 1;
  }

  /** Replaces `[start, end)` with `insert`; returns the edit's index in `log`. */
  replace(start: number, end: number, insert: string, description: string): number {
    if (!(start >= 0 && start <= end && end <= this.current.length)) throw new RangeError(`replace: bad range ${start}–${end}`);
    const id = this.log.push(flat(description)) - 1;
    const delta = insert.length - (end - start);
    this.current.replace(start, end, insert);
    for (const span of this.spans) {
      if (span.deleted) continue;
      if (this.touches(span, start, end)) note(span, id);
      if (end <= span.start) {
        // Before the passage (an insertion exactly at its start included).
        span.start += delta;
        span.end += delta;
      } else if (start >= span.end) {
        // After it: nothing moves.
      } else if (start <= span.start && end >= span.end) {
        span.deleted = true;
      } else {
        span.edited = true;
        if (start >= span.start && end <= span.end) {
          span.end += delta;
        } else if (start < span.start) {
          // The edit took the passage's beginning: what is left starts after the new text.
          span.start = start + insert.length;
          span.end += delta;
        } else {
          // The edit took the passage's end.
          span.end = start;
        }
        if (span.end <= span.start) span.deleted = true;
      }
    }
    return id;
  }

  /**
   * Moves the block `[start, end)` so that it begins where `to` is now (`to` outside the block);
   * returns the edit's index in `log`.
   */
  move(start: number, end: number, to: number, description: string): number {
    const text = this.current;
    if (!(start >= 0 && start < end && end <= text.length)) throw new RangeError(`move: bad block ${start}–${end}`);
    if (to > start && to < end) throw new RangeError(`move: ${to} is inside the block ${start}–${end}`);
    if (!(to >= 0 && to <= text.length)) throw new RangeError(`move: bad destination ${to}`);
    const id = this.log.push(flat(description)) - 1;
    const length = end - start;
    const block = flat(text.slice(start, end));
    if (to <= start) {
      text.replace(start, end, '');
      text.replace(to, to, block);
    } else {
      text.replace(to, to, block);
      text.replace(start, end, '');
    }
    const blockAt = to <= start ? to : to - length;
    // A passage's start belongs to what follows it, its end to what precedes it.
    const mapStart = (p: number): number => {
      if (p >= start && p < end) return blockAt + (p - start);
      if (to <= start) return p >= to && p < start ? p + length : p;
      return p >= end && p < to ? p - length : p;
    };
    const mapEnd = (p: number): number => {
      if (p > start && p <= end) return blockAt + (p - start);
      if (to <= start) return p > to && p <= start ? p + length : p;
      return p > end && p <= to ? p - length : p;
    };
    for (const span of this.spans) {
      if (span.deleted) continue;
      const startInside = span.start >= start && span.start < end;
      const endInside = span.end > start && span.end <= end;
      const touched = this.touches(span, start, end) || this.touches(span, to, to);
      if (touched) note(span, id);
      if (startInside && endInside) {
        span.moved = true;
      } else if (startInside !== endInside) {
        // The block cuts the passage in two: keep the larger part.
        span.edited = true;
        const [keepStart, keepEnd] = startInside
          ? end - span.start >= span.end - end
            ? [span.start, end]
            : [end, span.end]
          : span.end - start >= start - span.start
            ? [start, span.end]
            : [span.start, start];
        span.start = keepStart;
        span.end = keepEnd;
      } else if (span.start < start && span.end > end) {
        // The block left the passage (or moved within it).
        span.edited = true;
      }
      const newStart = mapStart(span.start);
      const newEnd = mapEnd(span.end);
      span.start = newStart;
      span.end = newEnd;
      if (span.end <= span.start) span.deleted = true;
    }
    return id;
  }

  /** Whether `[start, end)` (a point when equal) reaches the passage or its context. */
  private touches(span: TrackedSpan, start: number, end: number): boolean {
    return start <= span.end + this.context && end >= span.start - this.context;
  }
}

function note(span: TrackedSpan, id: number): void {
  if (span.causes[span.causes.length - 1] !== id) span.causes.push(id);
}
