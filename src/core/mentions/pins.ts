import { composeYaml } from '../yaml/compose';
import { inlineScalar, listItem } from '../yaml/write';
import { isMap, isScalar, isSeq, type YamlDocument, type YamlNode } from '../yaml/tree';
import type { AnnotationTarget, Resolution } from '../annotations/annotation';
import { resolveTargets } from '../anchoring/anchoring';
import { describeTarget } from '../anchoring/targets';
import { lineStartsOf, positionAt } from '../manuscript/book';
import type { CastEntry } from '../cast/cast';
import type { Manuscript, Range } from '../manuscript/model';
import { SidecarNotWritableError, type SidecarProblem } from '../sidecar/sidecarFile';
import { lineBoundaryAt, lineEndAfter, newlineOf } from '../text/textLines';
import { hasConflictMarkers } from '../yaml/syntax';
import { firstPair, nodeRange, valueAt } from '../yaml/nodes';
import { spliceLines } from '../yaml/splice';
import type { PinPlacement } from './mentions';

/**
 * A pin says whose an ambiguous mention is. Pins are kept in the manuscript's sidecar, beside
 * `notes:` and `annotations:`, their mention anchored like an annotation's passage (quote,
 * context, chapter and position: a hint), so that they follow the text as it changes:
 *
 * ```yaml
 * pins:
 *   - entity: anna-alliluyeva
 *     target:
 *       quote: Alliluyeva
 *       prefix: "When Anna "
 *       suffix: " came home to the family apartment"
 *       chapter: 38
 *       line: 70
 *       character: 9
 * ```
 */
export interface Pin {
  readonly entity: string;
  readonly target: AnnotationTarget;
}

export interface PinEntry {
  readonly pin: Pin;
  /** The list item. */
  readonly range: Range;
}

export interface PinSidecar {
  /** False when the sidecar does not parse: then it must not be written. */
  readonly parsed: boolean;
  readonly pins: readonly PinEntry[];
  readonly problems: readonly SidecarProblem[];
}

const PIN_TARGET_KEYS = ['quote', 'prefix', 'suffix', 'chapter', 'line', 'character'] as const;

/** A pin for a mention in `text`: the mention's place described as an annotation's target is. */
export function describePin(text: string, manuscript: Manuscript, mention: { line: number; character: number; length: number }, entity: string): Pin {
  const lineStarts = lineStartsOf(text);
  const bom = text.charCodeAt(0) === 0xfeff && mention.line === 0 ? 1 : 0;
  const start = lineStarts[mention.line] + bom + mention.character;
  return { entity, target: describeTarget(text, manuscript, { start, end: start + mention.length }) };
}

/**
 * Where the pins' mentions are in the current text (found again as annotations are: the quote
 * with its context, wherever it moved), and the pins whose mention is lost or too ambiguous to
 * place, with why.
 */
export function resolvePins(text: string, manuscript: Manuscript, pins: readonly Pin[]): { placements: PinPlacement[]; lost: { pin: Pin; state: Resolution['state'] }[] } {
  const resolutions = resolveTargets(text, manuscript, pins.map((pin) => pin.target));
  const lineStarts = lineStartsOf(text);
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const placements: PinPlacement[] = [];
  const lost: { pin: Pin; state: Resolution['state'] }[] = [];
  resolutions.forEach((resolution, index) => {
    if (!resolution.span || resolution.state === 'ambiguous' || resolution.state === 'orphaned') {
      lost.push({ pin: pins[index], state: resolution.state });
      return;
    }
    const position = positionAt(lineStarts, resolution.span.start);
    placements.push({ entity: pins[index].entity, line: position.line, character: position.character - (position.line === 0 ? bom : 0) });
  });
  return { placements, lost };
}

/** The `pins:` list of a parsed sidecar, item by item: the pin each holds, or why it holds none. */
function readPinItems(document: YamlDocument): {
  readonly list: YamlNode | null | undefined;
  readonly items: readonly { readonly node: YamlNode; readonly pin: Pin | undefined; readonly problem: string | undefined }[];
} {
  const list = valueAt(document.contents, ['pins']);
  if (!isSeq(list)) return { list, items: [] };
  const items = list.items.map((node) => {
    if (!isMap(node)) return { node, pin: undefined, problem: 'A pin is a map with `entity:` and `target:`: this one is ignored.' };
    const entity = stringOf(valueAt(node, ['entity']));
    const targetNode = valueAt(node, ['target']);
    const quote = isMap(targetNode) ? stringOf(valueAt(targetNode, ['quote'])) : undefined;
    if (!entity || !isMap(targetNode) || !quote) {
      return { node, pin: undefined, problem: 'This pin needs `entity:` (an id of the cast) and `target:` with a `quote:`: it is ignored.' };
    }
    const integer = (key: string): number | undefined => {
      const value = valueAt(targetNode, [key]);
      return isScalar(value) && typeof value.value === 'number' && Number.isInteger(value.value) && value.value >= 0 ? value.value : undefined;
    };
    const pin: Pin = {
      entity,
      target: {
        quote,
        prefix: stringOf(valueAt(targetNode, ['prefix'])) ?? '',
        suffix: stringOf(valueAt(targetNode, ['suffix'])) ?? '',
        chapter: integer('chapter'),
        position: { line: integer('line') ?? 0, character: integer('character') ?? 0 },
      },
    };
    return { node, pin, problem: undefined };
  });
  return { list, items };
}

/** Reads the `pins:` of a sidecar's text, with a problem for each pin that cannot be used. */
export function parsePins(text: string): PinSidecar {
  const lineStarts = lineStartsOf(text);
  const rangeOf = (offsets: readonly number[] | null | undefined): Range => {
    const [start, end] = offsets ?? [0, 0];
    return { start: positionAt(lineStarts, start), end: positionAt(lineStarts, Math.max(start, end)) };
  };
  if (hasConflictMarkers(text)) return { parsed: false, pins: [], problems: [] };
  const document = composeYaml(text, { uniqueKeys: false });
  // The notes' parser words YAML errors already: a sidecar that does not parse simply has no pins.
  if (document.errors.length > 0) return { parsed: false, pins: [], problems: [] };
  const problems: SidecarProblem[] = [];
  const { list, items } = readPinItems(document);
  if (list !== undefined && list !== null && !isSeq(list) && !(isScalar(list) && list.value === null)) {
    problems.push({ severity: 'warning', code: 'pin-shape', message: '`pins` should be a list, each item with `entity:` and `target:`: it is ignored.', range: rangeOf(list.range) });
  }
  const pins: PinEntry[] = [];
  for (const { node, pin, problem } of items) {
    if (pin) pins.push({ pin, range: rangeOf(node.range) });
    else problems.push({ severity: 'warning', code: 'pin-shape', message: problem!, range: rangeOf(node.range) });
  }
  return { parsed: true, pins, problems };
}

/**
 * Problems of a manuscript's pins, at their place in the sidecar: pins to an entity the cast does
 * not hold, and pins whose mention is lost (orphaned) or cannot be told apart (ambiguous).
 */
export function checkPins(sidecarText: string, text: string, manuscript: Manuscript, cast: readonly CastEntry[]): SidecarProblem[] {
  const sidecar = parsePins(sidecarText);
  const ids = new Set(cast.map((entity) => entity.id));
  const problems = [...sidecar.problems];
  const { lost } = resolvePins(text, manuscript, sidecar.pins.map((entry) => entry.pin));
  const lostPins = new Map(lost.map(({ pin, state }) => [pin, state]));
  for (const entry of sidecar.pins) {
    const { entity, target } = entry.pin;
    const range = { start: entry.range.start, end: entry.range.start };
    if (!ids.has(entity)) {
      problems.push({ severity: 'warning', code: 'pin-unknown-entity', message: `A pin of “${target.quote}” names ${entity}, which the cast does not hold: it is ignored.`, range });
    }
    const state = lostPins.get(entry.pin);
    if (state === 'orphaned') {
      problems.push({ severity: 'warning', code: 'pin-orphaned', message: `The pinned mention “${target.quote}” (${entity}) is no longer in the manuscript: pin it again, or remove the pin.`, range });
    } else if (state === 'ambiguous') {
      problems.push({ severity: 'warning', code: 'pin-ambiguous', message: `The pinned mention “${target.quote}” (${entity}) now fits several places: pin it again.`, range });
    }
  }
  return problems;
}

/**
 * Returns the sidecar's text with the pin added (a new sidecar when `text` is undefined or empty)
 * at the end of `pins:`, which is added at the end of the file when missing. A pin of the same
 * mention (same quote at the same place) is replaced. Every other byte stays.
 */
export function addPin(text: string | undefined, pin: Pin): string {
  const source = removePinText(text ?? '', pin.target);
  const newline = newlineOf(source);
  const rendered = renderPin(pin, newline);
  const document = composeYaml(source, { uniqueKeys: false, prettyErrors: true });
  const contents = document.contents;
  const pair = isMap(contents) ? firstPair(contents, 'pins') : undefined;
  const list = pair?.value;
  let result: string;
  if (isSeq(list) && !list.flow && list.items.length > 0) {
    const last = list.items[list.items.length - 1];
    const at = lineBoundaryAt(source, nodeRange(last)[1]);
    const dashColumn = columnOfDash(source, list.items[0]);
    result = spliceLines(source, at, at, indent(rendered, dashColumn, newline), newline);
  } else if (pair && (list === null || list === undefined || (isScalar(list) && list.value === null) || (isSeq(list) && list.items.length === 0))) {
    const key = pair.key;
    const keyLine = source.lastIndexOf('\n', nodeRange(key)[0] - 1) + 1;
    const end = isSeq(list) ? lineBoundaryAt(source, nodeRange(list)[1]) : lineEndAfter(source, nodeRange(key)[1]);
    result = `${source.slice(0, keyLine)}pins:${newline}${indent(rendered, 2, newline)}${source.slice(end)}`;
  } else if (pair) {
    throw new SidecarNotWritableError('`pins` in the sidecar is not a block list: fix it by hand first');
  } else {
    result = spliceLines(source, source.length, source.length, `pins:${newline}${indent(rendered, 2, newline)}`, newline);
  }
  const after = parsePins(result);
  if (!after.parsed || !after.pins.some((entry) => entry.pin.entity === pin.entity && sameTarget(entry.pin.target, pin.target))) {
    throw new SidecarNotWritableError('the pin cannot be written safely here: edit the sidecar by hand');
  }
  return result;
}

/** Returns the sidecar's text without the pins of that mention (same quote, same place). */
export function removePin(text: string, target: AnnotationTarget): string {
  return removePinText(text, target);
}

/**
 * Returns the sidecar's text with the entity of each pin renamed by `ids` (an old id to the new
 * one, as when two entities are merged): only those values change, every other byte stays.
 */
export function remapPinEntities(source: string, ids: ReadonlyMap<string, string>): string {
  if (source.trim() === '') return source;
  const { items } = readPinItems(writablePins(source));
  let result = source;
  // From the last pin to the first, so that the offsets of those before stay right.
  for (const { node, pin } of [...items].reverse()) {
    const renamed = pin && ids.get(pin.entity);
    const value = renamed === undefined ? undefined : valueAt(node, ['entity']);
    if (renamed === undefined || !value?.range) continue;
    result = result.slice(0, value.range[0]) + inlineScalar(renamed) + result.slice(value.range[1]);
  }
  return result;
}

/** The sidecar parsed for an edit of its pins; throws when it must not be written. */
function writablePins(source: string): YamlDocument {
  if (hasConflictMarkers(source)) throw new SidecarNotWritableError('the sidecar holds git conflict markers: resolve them first');
  const document = composeYaml(source, { uniqueKeys: false, prettyErrors: true });
  if (document.errors.length > 0) throw new SidecarNotWritableError(`the sidecar does not parse (${document.errors[0].message.split('\n')[0]}): fix it first`);
  return document;
}

function removePinText(source: string, target: AnnotationTarget): string {
  if (source.trim() === '') return source;
  const document = writablePins(source);
  const { list, items } = readPinItems(document);
  if (!isSeq(list) || list.flow) return source;
  let result = source;
  for (const { node, pin } of [...items].reverse()) {
    if (!pin || !sameTarget(pin.target, target)) continue;
    const lineStart = source.lastIndexOf('\n', nodeRange(node)[0] - 1) + 1;
    result = result.slice(0, lineStart) + result.slice(lineBoundaryAt(source, nodeRange(node)[1]));
  }
  return result;
}

function sameTarget(a: AnnotationTarget, b: AnnotationTarget): boolean {
  return a.quote === b.quote && a.position.line === b.position.line && a.position.character === b.position.character;
}

function renderPin(pin: Pin, newline: string): string {
  const target: Record<string, string | number> = {};
  const values: Record<(typeof PIN_TARGET_KEYS)[number], string | number | undefined> = {
    quote: pin.target.quote,
    prefix: pin.target.prefix,
    suffix: pin.target.suffix,
    chapter: pin.target.chapter,
    line: pin.target.position.line,
    character: pin.target.position.character,
  };
  for (const key of PIN_TARGET_KEYS) {
    const value = values[key];
    if (value !== undefined && value !== '') target[key] = value;
  }
  // Context with line breaks stays on one line, escaped (no block scalar): a reviewer reads it as the
  // text it stands for, and the merge reads the pin item by item.
  return listItem({ entity: pin.entity, target }, newline);
}

/** Shifts a rendered top-level list item to a dash column. */
function indent(text: string, column: number, newline: string): string {
  const pad = ' '.repeat(column);
  return text
    .split(newline)
    .map((line) => (line === '' ? line : pad + line))
    .join(newline);
}

function columnOfDash(source: string, item: YamlNode): number {
  const lineStart = source.lastIndexOf('\n', nodeRange(item)[0] - 1) + 1;
  const dash = source.slice(lineStart, nodeRange(item)[0]).indexOf('-');
  return dash < 0 ? 2 : dash;
}

function stringOf(node: YamlNode | null | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}
