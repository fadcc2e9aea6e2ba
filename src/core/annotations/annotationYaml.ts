import { isMap, isScalar, isSeq, type YamlDocument, type YamlMap, type YamlNode, type YamlPair, type YamlSeq } from '../yaml/tree';
import type { Annotation } from './annotation';
import { sidecarText, type SidecarSource } from '../sidecar/sidecarText';
import { lineStartsOf, positionAt } from '../manuscript/book';
import { mergeConflictProblems } from '../sidecar/mergeMarks';
import type { Range } from '../manuscript/model';
import { parseSidecar } from '../notes/notesSidecar';
import type { SidecarProblem } from '../sidecar/sidecarFile';
import { hasConflictMarkers } from '../yaml/syntax';
import { pairsOf } from '../yaml/nodes';
import { aliasBomb } from '../yaml/aliases';
import { itemExtents, afterKey } from '../yaml/itemExtents';
import { Reader, type Report } from './annotationItemReader';

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


/**
 * Parses the `annotations:` of a sidecar's text, with a problem (and its place) for each thing
 * wrong. Most sidecars are composed by `readAnnotationsFast`, a line reader many times faster than
 * `yaml` that makes the tree `composeYaml` makes (`yaml/tree.ts`), or nothing when not sure; the rest by `yaml`. Either
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
function annotationsOf(text: string, document: YamlDocument, aliases: boolean): AnnotationSidecar {
  const lineStarts = lineStartsOf(text);
  const rangeOf = (start: number, end: number): Range => ({ start: positionAt(lineStarts, start), end: positionAt(lineStarts, Math.max(start, end)) });
  const problems: SidecarProblem[] = [];
  const report: Report = (severity, code, message, node, fallback) => {
    const range = node?.range ?? fallback?.range ?? [0, 0];
    problems.push({ severity, code, message, range: rangeOf(range[0], range[1]) });
  };
  const bomb = aliases ? aliasBomb(document) : undefined;
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

  const reader = new Reader(report);
  const entries: AnnotationEntry[] = [];
  const kept = new Set<string>();
  const idNodes = new Map<string, YamlNode[]>();
  const extents = itemExtents(text, list.seq, afterKey(text, list.pair), text.length);
  list.seq.items.forEach((item, index) => {
    const read = reader.item(item);
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

export type AnnotationsList =
  | { readonly kind: 'none'; readonly pair: YamlPair | undefined; readonly contents: YamlMap | null }
  | { readonly kind: 'items'; readonly pair: YamlPair; readonly seq: YamlSeq }
  | { readonly kind: 'bad'; readonly message: string; readonly node: YamlNode | null | undefined };

/** Where the list is, or why there is none. */
export function annotationsList(document: YamlDocument): AnnotationsList {
  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return { kind: 'none', pair: undefined, contents: null };
  if (!isMap(contents)) return { kind: 'bad', message: 'A sidecar is a map with `notes:` and `annotations:`.', node: contents };
  const pair = pairsOf(contents).get('annotations');
  const value = pair?.value;
  if (pair === undefined || value === null || value === undefined || (isScalar(value) && value.value === null)) return { kind: 'none', pair, contents };
  if (!isSeq(value)) return { kind: 'bad', message: '`annotations` should be a list, each item starting with `- id:`.', node: value };
  if (value.items.length === 0) return { kind: 'none', pair, contents };
  if (value.flow) return { kind: 'bad', message: '`annotations` should be a block list, each item starting with `- id:` on its own line.', node: value };
  return { kind: 'items', pair, seq: value };
}

/** A quote shortened to one line, for messages. */
export function excerpt(text: string, length = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
}

