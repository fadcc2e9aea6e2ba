import {
  type Alias,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  stringify,
  visit,
  YAMLSeq,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { Annotation, AnnotationStatus, AnnotationTarget, Reply, Resolution } from './annotation';
import { lineAt, lineBoundaryAt, lineEndAfter, lineStartAt } from '../text/textLines';
import { resolveTargets } from '../anchoring/anchoring';
import { readAnnotationsFast } from './annotationsReader';
import { sidecarText, type SidecarSource } from './sidecarText';
import { lineStartsOf, positionAt } from '../manuscript/book';
import { deepEqual } from '../text/deepEqual';
import { mergeConflictProblems } from '../merge/merge';
import type { Manuscript, Range } from '../manuscript/model';
import { parseSidecar, SidecarNotWritableError, type SidecarProblem } from '../notes/notesSidecar';
import { hasConflictMarkers } from '../yaml/syntax';
import { firstPair, keyName, keyRange, nodeRange, pairsOf } from '../yaml/nodes';
import { indented, lineBreakEnded, newlineOf, spliceLines } from '../yaml/splice';

/**
 * The `annotations:` section of a manuscript's sidecar (`part-five.marginalia.yaml`, beside
 * `notes:`). A list, in document order of the passages when written, each item with its keys in
 * this fixed order (empty optional fields are left out):
 *
 * ```yaml
 * annotations:
 *   - id: a7kq2m4x9dw3p
 *     target:
 *       quote: the port of Vennholm smelled of tar
 *       prefix: "In the spring of 1851 "
 *       suffix: ", herring and wet rope, and Liesbet"
 *       chapter: 1
 *       line: 22
 *       character: 22
 *     body: |-
 *       Markdown, in a literal block scalar when it runs over
 *       one line or is long.
 *     tags: [source-check, translation]
 *     entities: [liesbeth-kroon]
 *     author: Ada Byron
 *     created: 2025-05-01T09:30:00Z
 *     modified: 2025-05-02T11:00:00Z
 *     status: open
 *     replies:
 *       - id: r3m9x2kq7wa4d
 *         author: Jens Holt
 *         created: 2025-05-03T08:00:00Z
 *         body: Checked: the customs ledger agrees.
 * ```
 *
 * - `id`: random (`newAnnotationId`), so that two people annotating on two branches never collide.
 * - `target`: the quoted text with its context on each side (`CONTEXT_LENGTH` characters, or more
 *   to reach a little past the quote's sentence: see `describeTargets`), the chapter it was in, and where it started (`line`, `character`: 0-based, UTF-16, as in VS Code and
 *   `marginalia outline --json`) — a hint only: anchors are resolved when read (`resolveTargets`),
 *   so editing the manuscript never rewrites the sidecar.
 * - `status`: `open` or `resolved`. `replies`: the thread, oldest first.
 * - Fields and comments we do not know are kept, at top level and inside an annotation.
 *
 * Every edit splices text: `addAnnotation` inserts one item (before the first item whose passage
 * starts later), `updateAnnotation` rewrites one item's lines (and, inside it, only the fields that
 * changed: unknown fields, comments and unchanged fields keep their bytes), `removeAnnotation`
 * removes one item, `updateTargets` rewrites some items' targets ("Update Anchors"). Every other
 * byte stays, so loading and saving with no change gives the same bytes, and a change to one
 * annotation changes only its lines in a diff; CRLF files stay CRLF. An item keeps its place when
 * its target changes (a moved passage shows as a changed target, not a moved item).
 *
 * There is no merge step: writers re-read the file on disk just before writing and apply their one
 * operation to what they read, so that a file changed on disk since it was last read (another
 * window, a `git pull`) is merged by id, never written over. A sidecar that does not parse (a YAML
 * error, git conflict markers, an alias bomb) is never written: every edit throws
 * `SidecarNotWritableError`.
 *
 * An edit costs what the annotations it edits cost, not the file: when the fast reader is sure of
 * the text (`readAnnotationsFast`; read once when the caller passes the `SidecarText` it has read), the whole
 * text is known to parse, and the edit reads the items' ids (to add one, the places of the items
 * before it too) and the items it changes, nothing else; only their new text is parsed, by `yaml`,
 * to check it. Otherwise `yaml` parses the whole text (`annotationEditsWithYaml`, which gives the
 * same bytes).
 */

export interface AnnotationEntry {
  readonly annotation: Annotation;
  /** The list item, from its `-` to the end of its last line: where problems point. */
  readonly range: Range;
  /** The id's value: where Go to Definition lands. */
  readonly idRange: Range;
}

export interface AnnotationSidecar {
  /** False when the file does not parse: it must not be written until it does. */
  readonly parsed: boolean;
  /** The usable annotations, in file order; for a duplicated id, only the first usable one. */
  readonly annotations: readonly AnnotationEntry[];
  readonly problems: readonly SidecarProblem[];
  annotation(id: string): AnnotationEntry | undefined;
}

/** `updateAnnotation` of an id the sidecar does not hold (someone deleted it meanwhile). */
export class AnnotationNotFoundError extends Error {}

const TARGET_KEYS = ['quote', 'prefix', 'suffix', 'chapter', 'line', 'character'] as const;
const REPLY_KEYS = ['id', 'author', 'created', 'body'] as const;

/** Texts that run over a line or past this length are written as literal block scalars. */
const BLOCK_SCALAR_FROM = 72;
/** An alias standing for more nodes than this is an "alias bomb", never a sidecar someone wrote. */
const MAX_ALIAS_EXPANSION = 10_000;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** `a` and 12 random base-32 characters (60 bits): unique across branches without coordination. */
export function newAnnotationId(): string {
  return randomId('a');
}

/** `r` and 12 random base-32 characters. */
export function newReplyId(): string {
  return randomId('r');
}

function randomId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let id = prefix;
  for (const byte of bytes) id += BASE32[byte & 31];
  return id;
}

// ---------------------------------------------------------------------------------------------
// Reading

type Report = (severity: 'error' | 'warning', code: string, message: string, node: Node | Pair | null | undefined, fallback?: Node) => void;

const silent: Report = () => undefined;

/** What is known of one list item, usable or not. */
interface ItemRead {
  /** The item's map, when it is written as one (not through an alias). */
  readonly map: YAMLMap | undefined;
  readonly id: string | undefined;
  readonly idNode: Node | undefined;
  /** Undefined when the item cannot be used (no id, no quote…). */
  readonly annotation: Annotation | undefined;
  /** The fields that were read as valid, by key (absent ones with their default). */
  readonly valid: Map<string, unknown>;
  readonly targetMap: YAMLMap | undefined;
  readonly targetValid: Map<string, unknown>;
  readonly replies: readonly ReplyRead[];
}

interface ReplyRead {
  readonly node: Node;
  readonly map: YAMLMap | undefined;
  readonly reply: Reply | undefined;
  readonly valid: Map<string, unknown>;
}



class Reader {
  constructor(
    private readonly document: Document,
    private readonly report: Report,
  ) {}

  /** The node, with an alias resolved one step (never expanded further). */
  node(value: unknown): Node | null {
    if (value === null || value === undefined) return null;
    if (isAlias(value)) return resolveAlias(this.document, value) ?? null;
    return value as Node;
  }

  item(node: Node): ItemRead {
    const valid = new Map<string, unknown>();
    const targetValid = new Map<string, unknown>();
    const map = this.node(node);
    const unusable = (): ItemRead => ({
      map: isMap(node) ? node : undefined,
      id: undefined,
      idNode: undefined,
      annotation: undefined,
      valid,
      targetMap: undefined,
      targetValid,
      replies: [],
    });
    if (!isMap(map)) {
      this.report('error', 'annotation-shape', 'An annotation is a map with `id:`, `target:`, `body:` and so on: this item is skipped.', node);
      return unusable();
    }
    const pairs = pairsOf(map);
    const { id, idNode, target, targetMap } = this.identity(map, (key) => pairs.get(key), targetValid);
    if (id !== undefined) valid.set('id', id);
    if (target) valid.set('target', target);

    const body = this.text(pairs, 'body', 'Markdown text');
    const tags = this.names(pairs, 'tags');
    const entities = this.names(pairs, 'entities');
    const author = this.text(pairs, 'author', 'a name');
    const created = this.text(pairs, 'created', 'a date and time such as 2025-05-01T09:30:00Z');
    const modified = this.text(pairs, 'modified', 'a date and time such as 2025-05-01T09:30:00Z');
    const status = this.status(pairs);
    const replies = this.replies(pairs);
    // What an edit compares with: the values as the annotation holds them.
    if (body.ok) valid.set('body', body.value ?? '');
    for (const [key, field] of Object.entries({ tags, entities, author, created, modified, status })) if (field.ok) valid.set(key, field.value);
    const usableReplies = replies.list.flatMap((r) => (r.reply ? [r.reply] : []));
    if (replies.ok) valid.set('replies', usableReplies);

    const annotation: Annotation | undefined =
      id !== undefined && target !== undefined
        ? {
            id,
            target,
            body: body.ok ? (body.value ?? '') : '',
            tags: tags.ok ? tags.value : [],
            entities: entities.ok ? entities.value : [],
            author: author.ok ? author.value : undefined,
            created: created.ok ? created.value : undefined,
            modified: modified.ok ? modified.value : undefined,
            status: status.ok ? status.value : 'open',
            replies: usableReplies,
          }
        : undefined;
    return { map: isMap(node) ? node : undefined, id, idNode: idNode ?? undefined, annotation, valid, targetMap, targetValid, replies: replies.list };
  }

  /**
   * Where a usable annotation's passage starts, `item(node).annotation?.target.position`, reading
   * only its id and target (and reporting what `item` reports of them): where `addAnnotation` puts
   * a new annotation, it reads no more of the items before it.
   */
  position(node: Node): AnnotationTarget['position'] | undefined {
    const map = this.node(node);
    if (!isMap(map)) return undefined;
    const { id, target } = this.identity(map, (key) => firstPair(map, key), new Map());
    return id === undefined ? undefined : target?.position;
  }

  /** An item's id and target, each reported when it is not usable. */
  private identity(map: YAMLMap, pair: (key: string) => Pair | undefined, targetValid: Map<string, unknown>) {
    const idPair = pair('id');
    const idNode = this.node(idPair?.value);
    const id = isScalar(idNode) && typeof idNode.value === 'string' && idNode.value.trim() !== '' ? idNode.value : undefined;
    if (id === undefined) {
      this.report('error', 'annotation-id', 'This annotation has no `id:` (a text such as a7kq2m4x9dw3p): it is skipped.', idPair?.value as Node, map);
    }
    const targetPair = pair('target');
    const targetNode = this.node(targetPair?.value);
    let target: AnnotationTarget | undefined;
    let targetMap: YAMLMap | undefined;
    if (!isMap(targetNode)) {
      this.report(
        'error',
        'annotation-target',
        `Annotation ${id ?? '(no id)'} has no \`target:\` (its quote, context and position): it is skipped.`,
        targetPair?.value as Node,
        map,
      );
    } else {
      targetMap = isMap(targetPair?.value) ? (targetPair!.value as YAMLMap) : undefined;
      target = this.target(targetNode, id, targetValid, map);
    }
    return { id, idNode, target, targetMap };
  }

  private target(map: YAMLMap, id: string | undefined, valid: Map<string, unknown>, item: YAMLMap): AnnotationTarget | undefined {
    const pairs = pairsOf(map);
    const quote = this.text(pairs, 'quote', 'the text annotated', 'error');
    const prefix = this.text(pairs, 'prefix', 'the text before the quote');
    const suffix = this.text(pairs, 'suffix', 'the text after the quote');
    const chapter = this.integer(pairs, 'chapter', 'a chapter number');
    const line = this.integer(pairs, 'line', 'a 0-based line number');
    const character = this.integer(pairs, 'character', 'a 0-based character in its line');
    if (quote.ok) valid.set('quote', quote.value);
    if (prefix.ok) valid.set('prefix', prefix.value ?? '');
    if (suffix.ok) valid.set('suffix', suffix.value ?? '');
    for (const [key, field] of Object.entries({ chapter, line, character })) if (field.ok) valid.set(key, field.value ?? (key === 'chapter' ? undefined : 0));
    if (!quote.ok) return undefined;
    if (quote.value === undefined || quote.value === '') {
      const quoteNode = pairs.get('quote')?.value as Node | undefined;
      const message = `Annotation ${id ?? '(no id)'} has no \`quote:\`, the text it annotates: it is skipped until one is written.`;
      this.report('error', 'annotation-missing-quote', message, quoteNode, map.range ? map : item);
      return undefined;
    }
    return {
      quote: quote.value,
      prefix: prefix.ok ? (prefix.value ?? '') : '',
      suffix: suffix.ok ? (suffix.value ?? '') : '',
      chapter: chapter.ok ? chapter.value : undefined,
      position: { line: line.ok ? (line.value ?? 0) : 0, character: character.ok ? (character.value ?? 0) : 0 },
    };
  }

  /** A text field; absent or empty (`key:`) reads as undefined. A quote of the wrong type is an error. */
  private text(pairs: Map<string, Pair>, key: string, what: string, severity: 'error' | 'warning' = 'warning'): Field<string | undefined> {
    const node = this.node(pairs.get(key)?.value);
    if (node === null || (isScalar(node) && node.value === null)) return { ok: true, value: undefined };
    if (isScalar(node) && typeof node.value === 'string') return { ok: true, value: node.value };
    if (severity === 'error') {
      this.report('error', 'annotation-missing-quote', `\`${key}\` should be ${what}, written as text: this annotation is skipped.`, node);
    } else {
      this.report('warning', 'annotation-field', `\`${key}\` should be ${what}: it is ignored.`, node);
    }
    return { ok: false };
  }

  private integer(pairs: Map<string, Pair>, key: string, what: string): Field<number | undefined> {
    const node = this.node(pairs.get(key)?.value);
    if (node === null || (isScalar(node) && node.value === null)) return { ok: true, value: undefined };
    if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= 0) return { ok: true, value: node.value };
    this.report('warning', 'annotation-field', `\`${key}\` should be ${what}: it is ignored.`, node);
    return { ok: false };
  }

  /** A list of names (tags, entity ids): a flow or block sequence of texts. */
  private names(pairs: Map<string, Pair>, key: string): Field<readonly string[]> {
    const node = this.node(pairs.get(key)?.value);
    if (node === null || (isScalar(node) && node.value === null)) return { ok: true, value: [] };
    if (!isSeq(node)) {
      this.report('warning', 'annotation-field', `\`${key}\` should be a list such as \`${key}: [one, two]\`: it is ignored.`, node);
      return { ok: false };
    }
    const names: string[] = [];
    let ok = true;
    for (const item of node.items) {
      const value = this.node(item);
      if (isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number') && String(value.value).trim() !== '') {
        names.push(String(value.value));
      } else {
        ok = false;
        this.report('warning', 'annotation-field', `Each of \`${key}\` should be a name: this one is ignored.`, item as Node);
      }
    }
    return ok ? { ok: true, value: names } : { ok: false };
  }

  private status(pairs: Map<string, Pair>): Field<AnnotationStatus> {
    const node = this.node(pairs.get('status')?.value);
    if (node === null || (isScalar(node) && node.value === null)) return { ok: true, value: 'open' };
    if (isScalar(node) && (node.value === 'open' || node.value === 'resolved')) return { ok: true, value: node.value };
    const shown = isScalar(node) ? ` “${String(node.value)}”` : '';
    this.report('warning', 'annotation-status', `\`status\` is \`open\` or \`resolved\`, not${shown || ' this'}: read as open.`, node);
    return { ok: false };
  }

  private replies(pairs: Map<string, Pair>): { ok: boolean; list: ReplyRead[] } {
    const node = this.node(pairs.get('replies')?.value);
    if (node === null || (isScalar(node) && node.value === null)) return { ok: true, list: [] };
    if (!isSeq(node)) {
      this.report('warning', 'annotation-field', '`replies` should be a list of replies, each with `id:`, `author:`, `created:` and `body:`: they are ignored.', node);
      return { ok: false, list: [] };
    }
    let ok = true;
    const list = node.items.map((item): ReplyRead => {
      const valid = new Map<string, unknown>();
      const map = this.node(item);
      if (!isMap(map)) {
        ok = false;
        this.report('warning', 'annotation-reply', 'A reply is a map with `id:`, `author:`, `created:` and `body:`: this one is ignored.', item as Node);
        return { node: item as Node, map: undefined, reply: undefined, valid };
      }
      const replyPairs = pairsOf(map);
      const idNode = this.node(replyPairs.get('id')?.value);
      const id = isScalar(idNode) && typeof idNode.value === 'string' && idNode.value.trim() !== '' ? idNode.value : undefined;
      const fields = {
        author: this.text(replyPairs, 'author', 'a name'),
        created: this.text(replyPairs, 'created', 'a date and time such as 2025-05-01T09:30:00Z'),
        body: this.text(replyPairs, 'body', 'Markdown text'),
      };
      if (id === undefined) {
        ok = false;
        this.report('warning', 'annotation-reply', 'This reply has no `id:`: it is ignored.', replyPairs.get('id')?.value as Node, map);
        return { node: item as Node, map: isMap(item) ? item : undefined, reply: undefined, valid };
      }
      valid.set('id', id);
      if (fields.author.ok) valid.set('author', fields.author.value);
      if (fields.created.ok) valid.set('created', fields.created.value);
      if (fields.body.ok) valid.set('body', fields.body.value ?? '');
      const reply: Reply = {
        id,
        author: fields.author.ok ? fields.author.value : undefined,
        created: fields.created.ok ? fields.created.value : undefined,
        body: fields.body.ok ? (fields.body.value ?? '') : '',
      };
      return { node: item as Node, map: isMap(item) ? item : undefined, reply, valid };
    });
    return { ok, list };
  }
}

/**
 * The node an alias stands for: the last node anchored with its name before it. (yaml's own
 * `Alias.resolve` walks the whole document for each alias: thousands of `*me` would take minutes.)
 */
function resolveAlias(document: Document, alias: Alias): Node | undefined {
  let targets = aliasTargets.get(document);
  if (!targets) {
    const found = new Map<Alias, Node | undefined>();
    const anchored = new Map<string, Node>();
    visit(document, {
      Node(_, node) {
        if (isAlias(node)) found.set(node, anchored.get(node.source));
        else if (node.anchor) anchored.set(node.anchor, node);
      },
    });
    aliasTargets.set(document, (targets = found));
  }
  return targets.get(alias);
}

const aliasTargets = new WeakMap<Document, Map<Alias, Node | undefined>>();

type Field<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/**
 * Parses the `annotations:` of a sidecar's text, with a problem (and its place) for each thing
 * wrong. Most sidecars are composed by `readAnnotationsFast`, a line reader many times faster than
 * `yaml` that gives the nodes `yaml` gives, or nothing when not sure; the rest by `yaml`. Either
 * tree is read here, by the same `Reader`.
 */
export function parseAnnotations(source: SidecarSource): AnnotationSidecar {
  const sidecar = sidecarText(source);
  if (hasConflictMarkers(sidecar.text)) return failed(parseSidecar(sidecar).problems);
  const fast = sidecar.fast;
  return fast ? annotationsOf(sidecar.text, fast.document, false) : parseAnnotationsWithYaml(sidecar);
}

/** `parseAnnotations` through the `yaml` library alone: exported for the test of the fast reader against it. */
export function parseAnnotationsWithYaml(source: SidecarSource): AnnotationSidecar {
  const sidecar = sidecarText(source);
  if (hasConflictMarkers(sidecar.text)) return failed(parseSidecar(sidecar).problems);
  const document = sidecar.document;
  // The notes' parser words YAML errors (and conflict markers); both sections agree on them.
  if (document.errors.length > 0) return failed(parseSidecar(sidecar).problems);
  return annotationsOf(sidecar.text, document, true);
}

/** The annotations of a sidecar's document, composed without errors; `aliases`: it may hold some (the fast reader's never does). */
function annotationsOf(text: string, document: Document, aliases: boolean): AnnotationSidecar {
  const lineStarts = lineStartsOf(text);
  const rangeOf = (start: number, end: number): Range => ({ start: positionAt(lineStarts, start), end: positionAt(lineStarts, Math.max(start, end)) });
  const problems: SidecarProblem[] = [];
  const report: Report = (severity, code, message, node, fallback) => {
    const range = (node as Node | null | undefined)?.range ?? fallback?.range ?? [0, 0];
    problems.push({ severity, code, message, range: rangeOf(range[0], range[1]) });
  };
  const bomb = aliases ? aliasBomb(document, text) : undefined;
  if (bomb) {
    report('error', 'sidecar-aliases', `The alias *${bomb.source} stands for too many nodes (an "alias bomb"): remove the anchors and aliases by hand. This sidecar is not written until then.`, bomb);
  }
  // Conflicts a merge recorded (`conflict:` in an item, `conflicts:` at the top level): see merge.ts.
  problems.push(...mergeConflictProblems(document, text, rangeOf));

  const list = annotationsList(document);
  if (list.kind === 'bad') {
    report('warning', 'annotations-shape', list.message, list.node);
    return result(!bomb, [], problems);
  }
  if (list.kind !== 'items') return result(!bomb, [], problems);

  const reader = new Reader(document, report);
  const entries: AnnotationEntry[] = [];
  const kept = new Set<string>();
  const idNodes = new Map<string, Node[]>();
  const extents = itemExtents(text, list.seq, afterKey(text, list.pair), text.length);
  list.seq.items.forEach((item, index) => {
    const read = reader.item(item as Node);
    if (read.id !== undefined) idNodes.set(read.id, [...(idNodes.get(read.id) ?? []), read.idNode!]);
    if (!read.annotation) return;
    if (kept.has(read.annotation.id)) return;
    kept.add(read.annotation.id);
    const extent = extents[index];
    const [idStart, idEnd] = read.idNode!.range ?? [0, 0];
    entries.push({ annotation: read.annotation, range: rangeOf(extent.dash, trimEnd(text, extent.contentEnd, extent.dash)), idRange: rangeOf(idStart, idEnd) });
  });
  for (const [id, nodes] of idNodes) {
    if (nodes.length < 2) continue;
    for (const node of nodes) report('error', 'annotation-duplicate-id', `The id ${id} is given to ${nodes.length} annotations here; only the first usable one counts. Give the others new ids.`, node);
  }
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return result(!bomb, entries, problems);
}

function result(parsed: boolean, annotations: AnnotationEntry[], problems: SidecarProblem[]): AnnotationSidecar {
  const byId = new Map(annotations.map((entry) => [entry.annotation.id, entry]));
  return { parsed, annotations, problems, annotation: (id) => byId.get(id) };
}

function failed(problems: readonly SidecarProblem[]): AnnotationSidecar {
  return result(false, [], [...problems]);
}

function trimEnd(text: string, end: number, floor: number): number {
  while (end > floor && /\s/.test(text[end - 1])) end--;
  return end;
}

type AnnotationsList =
  | { readonly kind: 'none'; readonly pair: Pair | undefined; readonly contents: YAMLMap | null }
  | { readonly kind: 'items'; readonly pair: Pair; readonly seq: YAMLSeq }
  | { readonly kind: 'bad'; readonly message: string; readonly node: Node | null | undefined };

/** Where the list is, or why there is none. */
function annotationsList(document: Document): AnnotationsList {
  const contents = document.contents as Node | null;
  if (contents === null || (isScalar(contents) && contents.value === null)) return { kind: 'none', pair: undefined, contents: null };
  if (!isMap(contents)) return { kind: 'bad', message: 'A sidecar is a map with `notes:` and `annotations:`.', node: contents };
  const pair = pairsOf(contents).get('annotations');
  const value = pair?.value as Node | null | undefined;
  if (pair === undefined || value === null || value === undefined || (isScalar(value) && value.value === null)) return { kind: 'none', pair, contents };
  if (!isSeq(value)) return { kind: 'bad', message: '`annotations` should be a list, each item starting with `- id:`.', node: value };
  if (value.items.length === 0) return { kind: 'none', pair, contents };
  if (value.flow) return { kind: 'bad', message: '`annotations` should be a block list, each item starting with `- id:` on its own line.', node: value };
  return { kind: 'items', pair, seq: value };
}

/** The first alias that stands for more than `MAX_ALIAS_EXPANSION` nodes, counted without expanding anything. */
function aliasBomb(document: Document, text: string): (Node & { source: string }) | undefined {
  if (!text.includes('*')) return undefined;
  const sizes = new Map<unknown, number>();
  const sizeOf = (node: unknown, depth: number): number => {
    if (isAlias(node)) node = resolveAlias(document, node);
    if (node === null || node === undefined || typeof node !== 'object') return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (depth > 64) return Infinity;
    sizes.set(node, Infinity); // a node inside itself, through an alias, is infinite
    let size = 1;
    if (isMap(node) || isSeq(node)) {
      for (const item of (node as YAMLMap | YAMLSeq).items) {
        if (item !== null && typeof item === 'object' && 'key' in (item as object)) {
          size += sizeOf((item as Pair).key, depth + 1) + sizeOf((item as Pair).value, depth + 1);
        } else {
          size += sizeOf(item, depth + 1);
        }
        if (size > MAX_ALIAS_EXPANSION) break;
      }
    }
    sizes.set(node, size);
    return size;
  };
  let found: (Node & { source: string }) | undefined;
  visit(document, {
    Alias(_, alias) {
      if (sizeOf(alias, 0) > MAX_ALIAS_EXPANSION) {
        found = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Problems of annotations whose passage is not plainly where it was, in the manuscript's current
 * `text`: for `marginalia check` and the editor.
 */
export function anchorProblems(entries: readonly AnnotationEntry[], resolutions: readonly Resolution[], text: string): SidecarProblem[] {
  const problems: SidecarProblem[] = [];
  let lineStarts: number[] | undefined;
  const linesOf = (spans: readonly { start: number }[]) => spans.map((span) => positionAt((lineStarts ??= lineStartsOf(text)), span.start).line + 1).join(', ');
  entries.forEach((entry, index) => {
    const resolution = resolutions[index];
    const { id, target } = entry.annotation;
    const quote = `“${excerpt(target.quote)}”`;
    const range = { start: entry.range.start, end: entry.range.start };
    if (resolution.state === 'orphaned') {
      const offered = resolution.candidates;
      problems.push({
        severity: 'error',
        code: 'annotation-orphaned',
        message:
          offered.length > 0
            ? `Annotation ${id} lost its passage: ${quote} is at ${offered.length === 1 ? 'line' : 'lines'} ${linesOf(offered)} of the manuscript, but not what surrounded it (a copy, or the passage moved on its own). If that is the passage, attach it there (Choose Candidate); else attach it to a new selection, or delete it.`
            : `Annotation ${id} lost its passage: ${quote} is no longer in the manuscript. Attach it to a new selection, or delete it.`,
        range,
      });
    } else if (resolution.state === 'ambiguous') {
      problems.push({
        severity: 'warning',
        code: 'annotation-ambiguous',
        message: `Annotation ${id}: ${quote} now fits ${resolution.candidates.length || 'several'} places too alike to choose from. Attach it to the right one.`,
        range,
      });
    } else if (resolution.state === 'fuzzy') {
      const score = resolution.score === undefined ? '' : ` (${Math.round(resolution.score * 100)}% alike)`;
      problems.push({
        severity: 'warning',
        code: 'annotation-fuzzy',
        message: `Annotation ${id}: the passage ${quote} was edited; it was found again by approximate match${score}. Check it, then accept it with Update Anchors (marginalia resolve --write).`,
        range,
      });
    }
  });
  return problems;
}

/**
 * Everything `marginalia check` (and the editor) says about a sidecar's annotations, at their place
 * in the sidecar: what `parseAnnotations` reports (but YAML errors and conflict markers, which the
 * notes' `parseSidecar` reports already), and the annotations whose passage in the manuscript's
 * current `text` is orphaned (an error), ambiguous or fuzzy (warnings).
 */
export function checkAnnotations(sidecarText: SidecarSource, text: string, manuscript: Manuscript): SidecarProblem[] {
  const sidecar = parseAnnotations(sidecarText);
  const problems = sidecar.problems.filter((p) => p.code !== 'sidecar-yaml' && p.code !== 'sidecar-conflict-markers');
  const resolutions = resolveTargets(text, manuscript, sidecar.annotations.map((entry) => entry.annotation.target));
  return [...problems, ...anchorProblems(sidecar.annotations, resolutions, text)].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

/** A quote shortened to one line, for messages. */
export function excerpt(text: string, length = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** The extent of a list item in the text: its `-` line, and what belongs to it around it. */
interface ItemExtent {
  /** The start of the comment lines just above the item, at its `-`'s column: they belong to it. */
  readonly start: number;
  /** The start of the line with the item's `-`. */
  readonly lineStart: number;
  /** The offset of the `-`. */
  readonly dash: number;
  readonly dashColumn: number;
  /** Just past the item's content (a line boundary, or the end of the text). */
  readonly contentEnd: number;
  /** Past the comment lines below it that are indented deeper than its `-` (a line boundary). */
  readonly end: number;
}

/** The start of the line after a pair's key. */
function afterKey(source: string, pair: Pair): number {
  return lineEndAfter(source, keyRange(pair)[1]);
}

/** The column of a comment line's `#`, or -1 when the line is not a comment. */
function commentColumn(line: string): number {
  const match = /^([ \t]*)#/.exec(line);
  return match ? match[1].length : -1;
}

/**
 * The extents of a block sequence's items. Comment lines above an item are taken from `floor` (the
 * line after the list's key) on; trailing comments up to `limit`.
 */
function itemExtents(source: string, seq: YAMLSeq, floor: number, limit: number): ItemExtent[] {
  const extents: ItemExtent[] = [];
  let previousEnd = Math.min(floor, lineStartAt(source, nodeRange(seq)[0]));
  for (const item of seq.items) {
    const extent = itemExtent(source, item as Node | null, previousEnd, limit);
    extents.push(extent);
    previousEnd = extent.end;
  }
  return extents;
}

/** The extent of one item, the one before it ending at `previousEnd`. */
function itemExtent(source: string, node: Node | null, previousEnd: number, limit: number): ItemExtent {
  const contentStart = node?.range?.[0] ?? previousEnd;
  // The `-` is on the item's first line, or on a line of its own above it.
  let lineStart = lineStartAt(source, contentStart);
  let dash = -1;
  for (let at = lineStart; at >= previousEnd; at = lineStartAt(source, at - 1)) {
    const match = /^[ \t]*-(?=[ \t\r\n]|$)/.exec(lineAt(source, at));
    if (match) {
      lineStart = at;
      dash = at + match[0].length - 1;
      break;
    }
    if (at === 0) break;
  }
  if (dash < 0) dash = contentStart;
  const dashColumn = dash - lineStart;
  let start = lineStart;
  while (start > previousEnd) {
    const above = lineStartAt(source, start - 1);
    if (commentColumn(lineAt(source, above)) !== dashColumn) break;
    start = above;
  }
  const contentEnd = lineBoundaryAt(source, Math.max(node?.range?.[1] ?? contentStart, contentStart));
  let end = contentEnd;
  while (end < limit && end < source.length) {
    const column = commentColumn(lineAt(source, end));
    if (column <= dashColumn) break;
    end = lineEndAfter(source, end);
  }
  return { start, lineStart, dash, dashColumn, contentEnd, end };
}

/**
 * The extent of the list's item at `index`, reading only it and the item before it: where the fast
 * reader is sure of the text, every item's `-` is on its first line, so where an item ends does not
 * depend on the items before it (which `itemExtents` walks through for the general case).
 */
function itemExtentAlone(source: string, seq: YAMLSeq, index: number, floor: number): ItemExtent {
  const previous = seq.items[index - 1] as Node | undefined;
  const previousEnd = previous
    ? itemExtent(source, previous, lineStartAt(source, nodeRange(previous)[0]), source.length).end
    : Math.min(floor, lineStartAt(source, nodeRange(seq)[0]));
  return itemExtent(source, seq.items[index] as Node, previousEnd, source.length);
}

interface Writable {
  readonly source: string;
  readonly newline: string;
  readonly list: AnnotationsList;
  /** When the list has items: each with its id, and (worked out when first asked) its extent and the rest. */
  readonly items: readonly WritableItem[];
  /** The text has anchors (`&name`): an edit could drop one that an alias elsewhere needs. */
  readonly anchors: boolean;
  /** Opened through the fast reader: then a text it is sure of is a text `yaml` parses without error. */
  readonly fast: boolean;
}

/** The list an edit reads items of. */
interface WritableList {
  readonly source: string;
  readonly seq: YAMLSeq;
  readonly floor: number;
  readonly reader: Reader;
  /** Every item's extent, when worked out for all at once (`itemExtentAlone` otherwise). */
  readonly extents: readonly ItemExtent[] | undefined;
}

/** An item of the list, with its id: its extent and the rest are worked out when first asked for. */
class WritableItem {
  private knownExtent: ItemExtent | undefined;
  private knownRead: ItemRead | undefined;

  constructor(
    private readonly list: WritableList,
    private readonly index: number,
    readonly node: Node,
    readonly id: string | undefined,
  ) {}

  get extent(): ItemExtent {
    const { source, seq, floor, extents } = this.list;
    return (this.knownExtent ??= extents ? extents[this.index] : itemExtentAlone(source, seq, this.index, floor));
  }

  get read(): ItemRead {
    return (this.knownRead ??= this.list.reader.item(this.node));
  }

  /** `read.annotation?.target.position`, reading no more than it needs. */
  get position(): AnnotationTarget['position'] | undefined {
    return this.knownRead ? this.knownRead.annotation?.target.position : this.list.reader.position(this.node);
  }
}

/** How the edits open a sidecar's text; they throw `SidecarNotWritableError` when it must not be written. */
type Open = (source: SidecarSource | undefined) => Writable;

/**
 * A sidecar opened for an edit through the fast reader when it is sure of the text (already read
 * when the caller passes the `SidecarText` the editor has just read), which means that the whole text parses: then an
 * edit reads only the items it needs, not the file. Otherwise through `yaml`.
 */
function openWritable(source: SidecarSource | undefined): Writable {
  const sidecar = sidecarText(source ?? '');
  // The fast reader is never sure of a text with git conflict markers: `openWithYaml` refuses those.
  const document = sidecar.fast?.document;
  const list = document && annotationsList(document);
  // An `annotations:` without items: the fast reader does not place its value as yaml does (it never
  // reads where it is), and adding the first item reads it. No big file to save a parse of, either.
  if (!list || (list.kind === 'none' && list.pair)) return openWithYaml(sidecar);
  return writable(sidecar.text, list, new Reader(document, silent), true);
}

/** A sidecar opened for an edit through `yaml` alone, the whole text parsed. */
function openWithYaml(given: SidecarSource | undefined): Writable {
  const sidecar = sidecarText(given ?? '');
  const source = sidecar.text;
  if (hasConflictMarkers(source)) throw new SidecarNotWritableError('the sidecar holds git conflict markers: resolve them first');
  const document = sidecar.document;
  if (document.errors.length > 0) {
    throw new SidecarNotWritableError(`the sidecar does not parse (${document.errors[0].message.split('\n')[0]}): fix it first`);
  }
  const bomb = aliasBomb(document, source);
  if (bomb) throw new SidecarNotWritableError(`the alias *${bomb.source} in the sidecar stands for too many nodes: remove it first`);
  return writable(source, annotationsList(document), new Reader(document, silent), false);
}

function writable(source: string, list: AnnotationsList, reader: Reader, fast: boolean): Writable {
  if (list.kind === 'bad') throw new SidecarNotWritableError(`${list.message.replace(/\.$/, '')}: fix it by hand first`);
  const items: WritableItem[] = [];
  if (list.kind === 'items') {
    const { seq } = list;
    const floor = afterKey(source, list.pair);
    const context: WritableList = { source, seq, floor, reader, extents: fast ? undefined : itemExtents(source, seq, floor, source.length) };
    seq.items.forEach((item, index) => {
      const node = item as Node;
      const map = reader.node(node);
      const idNode = isMap(map) ? reader.node(firstPair(map, 'id')?.value) : null;
      const id = isScalar(idNode) && typeof idNode.value === 'string' ? idNode.value : undefined;
      items.push(new WritableItem(context, index, node, id));
    });
  }
  return { source, newline: newlineOf(source), list, items, anchors: source.includes('&'), fast };
}

/** The item an edit of `id` applies to: the first usable one with that id, as `parseAnnotations` reads. */
function itemOf(writable: Writable, id: string): WritableItem | undefined {
  return writable.items.find((item) => item.id === id && item.read.annotation !== undefined);
}

/** An annotation that could not be read back as given is refused, not written. */
function assertWritable(annotation: Annotation): void {
  if (!/^\S+$/.test(annotation.id)) throw new Error(`an annotation's id is one word, not “${annotation.id}”`);
  if (annotation.target.quote === '') throw new Error(`annotation ${annotation.id} has no quote: an annotation annotates some text`);
}

/**
 * A last guard before anything is written: each rendered item must read back as the annotation it
 * renders, and when the file has anchors, the whole text must still parse (an anchor written over
 * would leave its aliases dangling).
 */
function verified(writable: Writable, text: string, rendered: readonly { readonly text: string; readonly annotation: Annotation }[]): string {
  for (const item of rendered) {
    const document = parseDocument(item.text, { uniqueKeys: false });
    if (document.errors.length > 0) {
      if (writable.anchors) continue; // an alias to an anchor outside the item: the whole text is checked below
      throw new Error(`annotation ${item.annotation.id} would be written as broken YAML (${document.errors[0].message.split('\n')[0]})`);
    }
    const seq = document.contents;
    const back = isSeq(seq) && seq.items.length === 1 ? new Reader(document, silent).item(seq.items[0] as Node).annotation : undefined;
    if (!deepEqual(back, normalized(item.annotation))) {
      throw new Error(`annotation ${item.annotation.id} cannot be written as given: it would read back differently (check its fields' types)`);
    }
  }
  // The fast reader is sure only of texts yaml parses without error: yaml is asked only when it is not.
  if (writable.anchors && !(writable.fast && readAnnotationsFast(text))) {
    const document = parseDocument(text, { uniqueKeys: false });
    if (document.errors.length > 0) {
      throw new SidecarNotWritableError(`this edit would break the sidecar (${document.errors[0].message.split('\n')[0]}): edit it by hand`);
    }
  }
  return text;
}

/** The annotation's fields, and nothing else, as reading gives them. */
function normalized(a: Annotation): Annotation {
  const { quote, prefix, suffix, chapter, position } = a.target;
  return {
    id: a.id,
    target: { quote, prefix, suffix, chapter, position: { line: position.line, character: position.character } },
    body: a.body,
    tags: [...a.tags],
    entities: [...a.entities],
    author: a.author,
    created: a.created,
    modified: a.modified,
    status: a.status,
    replies: a.replies.map(({ id, author, created, body }) => ({ id, author, created, body })),
  };
}

/**
 * Returns the sidecar's text with the annotation added (a new sidecar when `text` is undefined or
 * empty), in document order: before the first annotation whose passage starts after its own.
 * Every other byte is unchanged; `notes:` and anything else are left alone.
 */
export function addAnnotation(text: SidecarSource | undefined, annotation: Annotation): string {
  return add(text, annotation, openWritable);
}

function add(text: SidecarSource | undefined, annotation: Annotation, open: Open): string {
  assertWritable(annotation);
  const writable = open(text);
  const { source, newline, list, items } = writable;
  if (items.some((item) => item.id === annotation.id)) throw new Error(`the sidecar already holds an annotation ${annotation.id}`);
  if (list.kind === 'items') {
    const dashColumn = items[0].extent.dashColumn;
    const item = renderItem(writable, annotation, undefined, dashColumn);
    const done = (result: string) => verified(writable, result, [{ text: item, annotation }]);
    const key = annotation.target.position;
    const next = items.find((other) => {
      const position = other.position;
      return position !== undefined && (position.line > key.line || (position.line === key.line && position.character > key.character));
    });
    const at = next ? next.extent.start : items[items.length - 1].extent.end;
    return done(spliceLines(source, at, at, item, newline));
  }
  if (list.kind !== 'none') throw new Error('unreachable');
  const item = renderItem(writable, annotation, undefined, 2);
  const done = (result: string) => verified(writable, result, [{ text: item, annotation }]);
  const pair = list.pair;
  if (pair) {
    // `annotations:` with nothing (or `[]`) after it: the list starts on the next line.
    const keyStart = keyRange(pair)[0];
    const value = pair.value as Node | null;
    const keyLine = lineStartAt(source, keyStart);
    if (isSeq(value)) {
      const end = lineBoundaryAt(source, nodeRange(value)[1]);
      return done(spliceLines(source, keyLine, end, `${source.slice(keyLine, keyStart)}annotations:${newline}${item}`, newline));
    }
    const at = lineBoundaryAt(source, Math.max(keyStart + 1, value?.range?.[1] ?? 0));
    return done(spliceLines(source, at, at, item, newline));
  }
  const block = `annotations:${newline}${item}`;
  return done(spliceLines(source, source.length, source.length, block, newline));
}

/**
 * Returns the sidecar's text with the annotation of that id replaced: only that item's lines change,
 * and of those only the fields that changed; fields and comments we do not know stay.
 * Throws `AnnotationNotFoundError` when there is no such annotation (any more).
 */
export function updateAnnotation(text: SidecarSource, annotation: Annotation): string {
  return update(text, annotation, openWritable);
}

function update(text: SidecarSource, annotation: Annotation, open: Open): string {
  assertWritable(annotation);
  const writable = open(text);
  const item = itemOf(writable, annotation.id);
  if (!item) throw new AnnotationNotFoundError(`the sidecar holds no annotation ${annotation.id}`);
  const rendered = renderItem(writable, annotation, item, item.extent.dashColumn);
  return verified(writable, spliceItem(writable.source, item.extent, rendered), [{ text: rendered, annotation }]);
}

/** Returns the sidecar's text without the annotation of that id (unchanged when there is none). */
export function removeAnnotation(text: SidecarSource, id: string): string {
  return remove(text, id, openWritable);
}

function remove(text: SidecarSource, id: string, open: Open): string {
  const writable = open(text);
  const { source, items } = writable;
  const item = itemOf(writable, id) ?? items.find((candidate) => candidate.id === id);
  if (!item) return source;
  let { lineStart, end } = item.extent;
  // Items set apart by blank lines stay so: one blank line goes with the item.
  const blank = (at: number) => at < source.length && lineAt(source, at).trim() === '';
  if (lineStart > 0 && blank(lineStartAt(source, lineStart - 1)) && blank(end)) end = lineEndAfter(source, end);
  return verified(writable, source.slice(0, lineStart) + source.slice(end), []);
}

/**
 * Returns the sidecar's text with the targets of these annotations replaced ("Update Anchors"):
 * only their `target:` lines change. Ids the sidecar does not hold (any more) are passed over.
 */
export function updateTargets(text: SidecarSource, targets: ReadonlyMap<string, AnnotationTarget>): string {
  return retarget(text, targets, openWritable);
}

function retarget(text: SidecarSource, targets: ReadonlyMap<string, AnnotationTarget>, open: Open): string {
  const writable = open(text);
  const edits: { extent: ItemExtent; text: string; annotation: Annotation }[] = [];
  for (const [id, target] of targets) {
    const item = itemOf(writable, id);
    if (!item) continue;
    const annotation = { ...item.read.annotation!, target };
    assertWritable(annotation);
    edits.push({ extent: item.extent, text: renderItem(writable, annotation, item, item.extent.dashColumn), annotation });
  }
  if (edits.length === 0) return writable.source;
  const pieces: string[] = [];
  let done = 0;
  for (const edit of [...edits].sort((a, b) => a.extent.lineStart - b.extent.lineStart)) {
    pieces.push(writable.source.slice(done, edit.extent.lineStart), itemReplacement(writable.source, edit.extent, edit.text));
    done = edit.extent.end;
  }
  pieces.push(writable.source.slice(done));
  return verified(writable, pieces.join(''), edits);
}

/**
 * The four edits with the sidecar parsed by `yaml` alone, as they were before the fast path: the
 * baseline that the differential test holds the edits to, byte for byte, and that the benchmark
 * times them against.
 */
export const annotationEditsWithYaml = {
  addAnnotation: (text: SidecarSource | undefined, annotation: Annotation): string => add(text, annotation, openWithYaml),
  updateAnnotation: (text: SidecarSource, annotation: Annotation): string => update(text, annotation, openWithYaml),
  removeAnnotation: (text: SidecarSource, id: string): string => remove(text, id, openWithYaml),
  updateTargets: (text: SidecarSource, targets: ReadonlyMap<string, AnnotationTarget>): string => retarget(text, targets, openWithYaml),
};

/** Replaces an item's lines (from its `-` line to its end) with `text`. */
function spliceItem(source: string, extent: ItemExtent, text: string): string {
  return source.slice(0, extent.lineStart) + itemReplacement(source, extent, text) + source.slice(extent.end);
}

/** An item's new text, without a final line break where the old one (at the end of the file) had none. */
function itemReplacement(source: string, extent: ItemExtent, text: string): string {
  return source[extent.end - 1] === '\n' ? text : text.replace(/\r?\n$/, '');
}


// ---------------------------------------------------------------------------------------------
// Rendering

/** How one field of a map is written, and whether the file already says it. */
interface FieldSpec {
  readonly key: string;
  /** The field's line(s) at `indent`, ending with a line break, or undefined to leave it out. */
  render(indent: string, original: Pair | undefined): string | undefined;
  /**
   * Whether the file already says this: then a pair's bytes are kept, and a field the file leaves
   * out (reading as its default) stays out.
   */
  unchanged(): boolean;
}

/** A map to re-render in place: its region of the text is `[regionStart, regionEnd)`. */
interface Original {
  readonly map: YAMLMap;
  readonly regionStart: number;
  readonly regionEnd: number;
  /** For a list item: the column of its `-` on the region's first line. */
  readonly dashColumn?: number;
}

function renderItem(writable: Writable, annotation: Annotation, item: WritableItem | undefined, dashColumn: number): string {
  const map = item?.read.map;
  if (item && !map) throw new SidecarNotWritableError(`annotation ${annotation.id} is not written as a plain map (an alias?): edit it by hand`);
  // Nothing changed: the item keeps its bytes, whatever its layout or key order.
  if (item && deepEqual(item.read.annotation, normalized(annotation))) return writable.source.slice(item.extent.lineStart, item.extent.end);
  const original: Original | undefined =
    item && map ? { map, regionStart: item.extent.lineStart, regionEnd: item.extent.end, dashColumn } : undefined;
  const text = renderMap(writable, original, annotationSpecs(writable, annotation, item?.read), dashColumn + 2);
  return original ? text : placeDash(text, dashColumn);
}

function same(valid: Map<string, unknown>, key: string, value: unknown): boolean {
  return valid.has(key) && deepEqual(valid.get(key), value);
}

function annotationSpecs(writable: Writable, annotation: Annotation, read: ItemRead | undefined): FieldSpec[] {
  const { newline } = writable;
  const valid = read?.valid ?? new Map<string, unknown>();
  const scalar = (key: string, value: string | undefined, block = false): FieldSpec => ({
    key,
    render: (indent) => (value === undefined || (block && value === '') ? undefined : renderScalar(key, value, indent, newline, block)),
    unchanged: () => same(valid, key, value),
  });
  const list = (key: 'tags' | 'entities'): FieldSpec => ({
    key,
    render: (indent) => (annotation[key].length === 0 ? undefined : renderFlowList(key, annotation[key], indent, newline)),
    unchanged: () => same(valid, key, annotation[key]),
  });
  return [
    scalar('id', annotation.id),
    {
      key: 'target',
      render: (indent, pair) => renderTarget(writable, annotation.target, read, pair, indent),
      unchanged: () => same(valid, 'target', annotation.target),
    },
    scalar('body', annotation.body, true),
    list('tags'),
    list('entities'),
    scalar('author', annotation.author),
    scalar('created', annotation.created),
    scalar('modified', annotation.modified),
    scalar('status', annotation.status),
    {
      key: 'replies',
      render: (indent, pair) => renderReplies(writable, annotation.replies, read, pair, indent),
      unchanged: () => same(valid, 'replies', annotation.replies),
    },
  ];
}

function renderTarget(writable: Writable, target: AnnotationTarget, read: ItemRead | undefined, pair: Pair | undefined, indent: string): string {
  const { source, newline } = writable;
  const valid = read?.targetValid ?? new Map<string, unknown>();
  const values: Record<(typeof TARGET_KEYS)[number], string | number | undefined> = {
    quote: target.quote,
    prefix: target.prefix,
    suffix: target.suffix,
    chapter: target.chapter,
    line: target.position.line,
    character: target.position.character,
  };
  const specs: FieldSpec[] = TARGET_KEYS.map((key) => ({
    key,
    render: (inner) => {
      const value = values[key];
      if (value === undefined || (value === '' && key !== 'quote')) return undefined;
      if (typeof value === 'number') return `${inner}${key}: ${value}${newline}`;
      return renderScalar(key, value, inner, newline, key === 'quote', key !== 'quote');
    },
    unchanged: () => same(valid, key, values[key]),
  }));
  const map = read?.targetMap;
  if (pair && map && !map.flow && map.items.length > 0) {
    const keyStart = keyRange(pair)[0];
    const keyLine = lineStartAt(source, keyStart);
    const afterKey = lineEndAfter(source, keyStart);
    const regionEnd = lineBoundaryAt(source, nodeRange(map)[1]);
    const head = source.slice(keyLine, afterKey);
    return head + renderMap(writable, { map, regionStart: afterKey, regionEnd }, specs, indent.length + 2);
  }
  return `${indent}target:${newline}${renderMap(writable, undefined, specs, indent.length + 2)}`;
}

function renderReplies(writable: Writable, replies: readonly Reply[], read: ItemRead | undefined, pair: Pair | undefined, indent: string): string | undefined {
  if (replies.length === 0) return undefined;
  const { source, newline } = writable;
  const seq = pair?.value;
  const originals = new Map<string, { read: ReplyRead; extent: ItemExtent }>();
  let head = `${indent}replies:${newline}`;
  let dashColumn = indent.length + 2;
  if (read && pair && isSeq(seq) && !seq.flow && seq.items.length > 0) {
    const keyStart = keyRange(pair)[0];
    const valueEnd = lineBoundaryAt(source, nodeRange(seq)[1]);
    head = source.slice(lineStartAt(source, keyStart), lineEndAfter(source, keyStart));
    const extents = itemExtents(source, seq, afterKey(source, pair), valueEnd);
    dashColumn = extents[0].dashColumn;
    read.replies.forEach((reply, index) => {
      const id = reply.reply?.id;
      if (id !== undefined && !originals.has(id) && reply.node === seq.items[index]) originals.set(id, { read: reply, extent: extents[index] });
    });
  }
  const parts = replies.map((reply) => {
    const original = originals.get(reply.id);
    const valid = original?.read.valid ?? new Map<string, unknown>();
    const values: Record<(typeof REPLY_KEYS)[number], string | undefined> = reply;
    if (original && REPLY_KEYS.every((key) => same(valid, key, values[key]))) {
      return lineBreakEnded(source.slice(original.extent.start, original.extent.end), newline);
    }
    const specs: FieldSpec[] = REPLY_KEYS.map((key) => ({
      key,
      render: (inner) => {
        const value = values[key];
        return value === undefined || (key === 'body' && value === '') ? undefined : renderScalar(key, value, inner, newline, key === 'body');
      },
      unchanged: () => same(valid, key, values[key]),
    }));
    const map = original?.read.map;
    if (original && map) {
      const lead = source.slice(original.extent.start, original.extent.lineStart);
      const { lineStart, end } = original.extent;
      return lead + lineBreakEnded(renderMap(writable, { map, regionStart: lineStart, regionEnd: end, dashColumn }, specs, dashColumn + 2), newline);
    }
    return placeDash(renderMap(writable, undefined, specs, dashColumn + 2), dashColumn);
  });
  return head + parts.join('');
}

/**
 * Writes a map's fields in the specs' order. With an original map, its pairs are cut into chunks
 * (the comment lines above a key, the pair, the comment and blank lines after it): a pair whose
 * value is unchanged keeps its chunk byte for byte; a changed one keeps its comments around a new
 * rendering; pairs of keys we do not know follow the known key they followed in the file.
 */
function renderMap(writable: Writable, original: Original | undefined, specs: readonly FieldSpec[], keyColumn: number): string {
  const { newline } = writable;
  let indent = ' '.repeat(keyColumn);
  if (!original) return specs.map((spec) => spec.render(indent, undefined) ?? '').join('');

  const { map, regionStart, regionEnd, dashColumn } = original;
  // A copy of the region with the item's `-` blanked: every chunk then reads as a plain map's.
  let local = writable.source.slice(regionStart, regionEnd);
  if (dashColumn !== undefined && local[dashColumn] === '-') local = `${local.slice(0, dashColumn)} ${local.slice(dashColumn + 1)}`;
  const at = (offset: number) => offset - regionStart;
  const known = new Set(specs.map((spec) => spec.key));

  interface Chunk {
    readonly key: string | undefined;
    readonly pair: Pair;
    readonly lead: string;
    readonly body: string;
    readonly tail: string;
  }
  const chunks: Chunk[] = [];
  if (map.flow) {
    // `{ id: a, … }`: rewritten as a block map; pairs we do not know keep their text on a line.
    const firstKey = (map.items[0]?.key as Node | undefined)?.range?.[0];
    if (firstKey !== undefined) indent = ' '.repeat(keyColumn);
    for (const pair of map.items) {
      const key = pair.key as Node;
      const end = (pair.value as Node | null)?.range?.[1] ?? nodeRange(key)[1];
      chunks.push({ key: keyName(pair), pair, lead: '', body: `${indent}${writable.source.slice(nodeRange(key)[0], end)}${newline}`, tail: '' });
    }
  } else {
    const source = writable.source;
    const firstKeyStart = keyRange(map.items[0])[0];
    indent = ' '.repeat(firstKeyStart - lineStartAt(source, firstKeyStart));
    const keyLines = map.items.map((pair) => lineStartAt(source, keyRange(pair)[0]));
    const tailStarts = map.items.map((pair) => {
      const key = pair.key as Node;
      const end = Math.max((pair.value as Node | null)?.range?.[1] ?? nodeRange(key)[1], nodeRange(key)[1]);
      return Math.min(lineBoundaryAt(source, end), regionEnd);
    });
    const bounds = keyLines.map((keyLine, index) => {
      if (index === 0) return regionStart;
      let start = keyLine;
      while (start > tailStarts[index - 1]) {
        const above = lineStartAt(source, start - 1);
        if (commentColumn(lineAt(source, above)) !== indent.length) break;
        start = above;
      }
      return start;
    });
    map.items.forEach((pair, index) => {
      const end = index + 1 < bounds.length ? bounds[index + 1] : regionEnd;
      const bodyStart = Math.max(keyLines[index], bounds[index]);
      const tailStart = Math.max(Math.min(tailStarts[index], end), bodyStart);
      chunks.push({
        key: keyName(pair),
        pair,
        lead: local.slice(at(bounds[index]), at(bodyStart)),
        body: local.slice(at(bodyStart), at(tailStart)),
        tail: local.slice(at(tailStart), at(end)),
      });
    });
  }

  // Pairs we do not know (and repeated known keys) travel with the known key before them.
  const firsts = new Map<string, Chunk>();
  const following = new Map<string | undefined, Chunk[]>();
  let lastKnown: string | undefined;
  for (const chunk of chunks) {
    if (chunk.key !== undefined && known.has(chunk.key) && !firsts.has(chunk.key)) {
      firsts.set(chunk.key, chunk);
      lastKnown = chunk.key;
    } else {
      following.set(lastKnown, [...(following.get(lastKnown) ?? []), chunk]);
    }
  }
  const pieces: string[] = [];
  const whole = (chunk: Chunk) => pieces.push(lineBreakEnded(chunk.lead + chunk.body + chunk.tail, newline));
  for (const chunk of following.get(undefined) ?? []) whole(chunk);
  for (const spec of specs) {
    const chunk = firsts.get(spec.key);
    if (chunk && !map.flow && spec.unchanged()) {
      whole(chunk);
    } else if (!chunk && spec.unchanged()) {
      // Left out, and still what leaving it out means.
    } else {
      const rendered = spec.render(indent, chunk?.pair) ?? '';
      const text = chunk ? chunk.lead + rendered + chunk.tail : rendered;
      if (text !== '') pieces.push(lineBreakEnded(text, newline));
    }
    for (const unknown of following.get(spec.key) ?? []) whole(unknown);
  }
  const text = pieces.join('');
  return dashColumn === undefined ? text : placeDash(text, dashColumn);
}

/** Puts the list item's `-` back at its column on the first line. */
function placeDash(text: string, dashColumn: number): string {
  if (/^ +$/.test(text.slice(0, dashColumn + 2)) && text.length > dashColumn + 2) {
    return `${text.slice(0, dashColumn)}-${text.slice(dashColumn + 1)}`;
  }
  // The first line is not indented past the dash (never for what we render): the map starts below it.
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  return `${' '.repeat(dashColumn)}-${newline}${text}`;
}



/**
 * `key: value` at `indent`, ending with a line break. With `block`, multi-line or long texts are
 * literal block scalars; with `quoted`, a text running over lines is written in double quotes, on
 * one line with its line breaks escaped: context reads as the text it stands for, and stays on the
 * fast readers' path.
 */
function renderScalar(key: string, value: string, indent: string, newline: string, block: boolean, quoted = false): string {
  const scalar = new Scalar(value);
  if (block && value !== '' && (value.includes('\n') || value.length > BLOCK_SCALAR_FROM)) scalar.type = Scalar.BLOCK_LITERAL;
  else if (quoted && /[\n\r]/.test(value)) scalar.type = Scalar.QUOTE_DOUBLE;
  return indented(stringify({ [key]: scalar }, { lineWidth: 0, doubleQuotedMinMultiLineLength: Infinity }), indent, newline);
}

/** `tags: [source-check, translation]`. */
function renderFlowList(key: string, values: readonly string[], indent: string, newline: string): string {
  const seq = new YAMLSeq();
  seq.flow = true;
  seq.items = values.map((value) => new Scalar(value));
  return indented(stringify({ [key]: seq }, { lineWidth: 0, flowCollectionPadding: false }), indent, newline);
}


