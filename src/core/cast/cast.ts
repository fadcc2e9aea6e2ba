import { composeYaml } from '../yaml/compose';
import { isAlias, isMap, isScalar, isSeq, type YamlNode } from '../yaml/tree';
import { lineStartsOf, positionAt, type BookProblem } from '../manuscript/book';
import { mergeConflictProblems } from '../sidecar/mergeMarks';
import type { Range } from '../manuscript/model';
import { CONFLICT_MARKER, hasConflictMarkers } from '../yaml/syntax';
import { firstPair, keyName, pairsOf } from '../yaml/nodes';

/**
 * The cast of a book: its people, places and organizations, kept in the book's `marginalia.yaml`
 * beside `title:` and `manuscripts:`, with the names the text calls them by:
 *
 * ```yaml
 * people:
 *   - id: stalin
 *     name: Joseph Stalin
 *     aliases: [Stalin, Soso, Koba, Josef]
 *     wikidata: Q855          # optional: description, wikidata, viaf, geonames, born, died, notes
 * places:
 *   - id: taurida-palace
 *     name: Taurida Palace
 *     aliases: [Taurida]
 * organizations:
 *   - id: central-committee
 *     name: Central Committee
 *     aliases: [CC]
 * dismissed: [Bard, Dushenka]   # Suggest Cast's suggestions someone turned down
 * ```
 *
 * Names and aliases are plain text, matched literally (see `mentions.ts`). Fields we do not know
 * are kept. A file that does not parse gives no cast and is never written; every other problem
 * (a duplicate id, an empty alias…) is reported at its line and column and costs only the entity
 * or alias concerned.
 *
 * Edits splice text, like the sidecar's: the entity or list item concerned changes, every other
 * byte (comments, order, layout, unknown fields) stays.
 */

export type EntityKind = 'person' | 'place' | 'organization';

/** The section of `marginalia.yaml` holding each kind of entity. */
export const CAST_SECTIONS: Readonly<Record<EntityKind, string>> = { person: 'people', place: 'places', organization: 'organizations' };
/** The kinds, in the order of their sections. */
export const KINDS = Object.keys(CAST_SECTIONS) as EntityKind[];

/** What the mention matcher needs of an entity. */
export interface CastEntry {
  readonly id: string;
  readonly kind: EntityKind;
  readonly name: string;
  /** Other names, without the name itself; usable ones only. */
  readonly aliases: readonly string[];
}

/** The optional fields we know, all texts. */
export const ENTITY_DETAIL_KEYS = ['description', 'wikidata', 'viaf', 'geonames', 'born', 'died', 'notes'] as const;
export type EntityDetailKey = (typeof ENTITY_DETAIL_KEYS)[number];

export interface CastEntity extends CastEntry {
  /** `description`, `wikidata`…, as texts, when present. Never trusted as links or commands. */
  readonly details: Readonly<Partial<Record<EntityDetailKey, string>>>;
  /** Every field of the entry as written (plain values), the unknown ones included. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The list item: where problems point. */
  readonly range: Range;
  /** The id's value: where Go to Definition lands. */
  readonly idRange: Range;
  readonly nameRange: Range;
}

export interface Cast {
  /** False when the YAML does not parse: then there is no cast, and the file must not be written. */
  readonly parsed: boolean;
  /** The usable entities, people first, then places, then organizations, each in file order. */
  readonly entities: readonly CastEntity[];
  /** Suggestions turned down, as written. */
  readonly dismissed: readonly string[];
  readonly problems: readonly BookProblem[];
  entity(id: string): CastEntity | undefined;
}

/** An alias shared by this many entities or more is reported: mentions of it are never counted. */
export const SHARED_ALIAS_WARNING = 5;

/** The stable codes of the problems `parseCast` reports. */
export const CastProblemCode = {
  yaml: 'cast-yaml',
  section: 'cast-section',
  entityShape: 'cast-entity-shape',
  missingId: 'cast-missing-id',
  duplicateId: 'cast-duplicate-id',
  missingName: 'cast-missing-name',
  field: 'cast-field',
  emptyAlias: 'cast-empty-alias',
  patternAlias: 'cast-pattern-alias',
  sharedAlias: 'cast-shared-alias',
  unmatchableAlias: 'cast-unmatchable-alias',
  yamlAlias: 'cast-yaml-alias',
} as const;

/** Nothing but punctuation, symbols and spaces: it can never be a name. */
export const NO_WORD = /^[\p{P}\p{S}\p{Z}\s]*$/u;
/** Regular-expression syntax no name contains: `St.*`, `Len(in|ine)`, `[Kk]oba`, `\bStalin`. */
const PATTERN_LIKE = /\.[*+?]|[*|\\]|\[[^\]]*\]|\(\?|^\^|\$$|\{\d+(?:,\d*)?\}/;
const WORD_START = /^[\p{L}\p{M}\p{N}]/u;

// ---------------------------------------------------------------------------------------------
// Reading

/** Reads the cast of a `marginalia.yaml`'s text, with a problem (and its place) for each thing wrong. */
export function parseCast(text: string): Cast {
  const lineStarts = lineStartsOf(text);
  const rangeOf = (offsets: readonly number[] | undefined): Range => {
    const [start, end] = offsets ?? [0, 0];
    return { start: positionAt(lineStarts, start), end: positionAt(lineStarts, Math.max(start, end)) };
  };
  const problems: BookProblem[] = [];
  const report = (severity: BookProblem['severity'], code: string, message: string, node: { range?: readonly number[] | null } | null | undefined) =>
    problems.push({ severity, code, message, range: rangeOf(node?.range ?? undefined) });

  if (hasConflictMarkers(text)) {
    const at = text.search(CONFLICT_MARKER);
    problems.push({ severity: 'error', code: CastProblemCode.yaml, message: 'marginalia.yaml holds git conflict markers: resolve them first. The cast is not read until then.', range: rangeOf([at, at]) });
    return castOf(false, [], [], problems);
  }
  const document = composeYaml(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      problems.push({ severity: 'error', code: CastProblemCode.yaml, message: `${firstLine(error.message)}: the cast is not read until this is fixed.`, range: rangeOf(error.pos) });
    }
    return castOf(false, [], [], problems);
  }
  const contents = document.contents;
  if (!isMap(contents)) return castOf(true, [], [], problems);

  const entities: CastEntity[] = [];
  const idNodes = new Map<string, YamlNode[]>();
  for (const kind of KINDS) {
    const section = CAST_SECTIONS[kind];
    const value = firstPair(contents, section)?.value;
    if (value === undefined || value === null || (isScalar(value) && value.value === null)) continue;
    if (!isSeq(value)) {
      report('warning', CastProblemCode.section, `\`${section}\` should be a list of entries, each starting with \`- id:\`: it is ignored.`, value);
      continue;
    }
    for (const item of value.items as (YamlNode | null)[]) {
      const read = readEntity(item, kind, report, rangeOf);
      if (!read) continue;
      const { entity, idNode } = read;
      idNodes.set(entity.id, [...(idNodes.get(entity.id) ?? []), idNode]);
      if (idNodes.get(entity.id)!.length === 1) entities.push(entity);
    }
  }
  for (const [id, nodes] of idNodes) {
    if (nodes.length < 2) continue;
    for (const node of nodes) {
      report('error', CastProblemCode.duplicateId, `The id ${id} is given to ${nodes.length} entries; only the first counts. Give the others ids of their own.`, node);
    }
  }
  checkSharedAliases(entities, problems);

  const dismissed: string[] = [];
  const dismissedNode = firstPair(contents, 'dismissed')?.value;
  if (dismissedNode !== undefined && dismissedNode !== null && !(isScalar(dismissedNode) && dismissedNode.value === null)) {
    if (isSeq(dismissedNode)) {
      for (const item of dismissedNode.items) {
        const name = textOf(item);
        if (name !== undefined && name.trim() !== '') dismissed.push(name.trim());
        else report('warning', CastProblemCode.field, 'Each of `dismissed` is a name Suggest Cast should not suggest again: this one is ignored.', item);
      }
    } else {
      report('warning', CastProblemCode.field, '`dismissed` should be a list of names, such as `dismissed: [Bard]`: it is ignored.', dismissedNode);
    }
  }
  // Entities both branches changed differently, as the merge driver recorded them.
  problems.push(...mergeConflictProblems(document, text, (start, end) => rangeOf([start, end])));
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return castOf(true, entities, dismissed, problems);
}

function castOf(parsed: boolean, entities: CastEntity[], dismissed: string[], problems: BookProblem[]): Cast {
  const byId = new Map(entities.map((entity) => [entity.id, entity]));
  return { parsed, entities, dismissed, problems, entity: (id) => byId.get(id) };
}

type Reporter = (severity: BookProblem['severity'], code: string, message: string, node: { range?: readonly number[] | null } | null | undefined) => void;

function readEntity(
  item: YamlNode | null,
  kind: EntityKind,
  report: Reporter,
  rangeOf: (offsets: readonly number[] | undefined) => Range,
): { entity: CastEntity; idNode: YamlNode } | undefined {
  if (isAlias(item)) {
    report('warning', CastProblemCode.yamlAlias, 'YAML aliases (*name) are not read in the cast: write the entry out. It is skipped.', item);
    return undefined;
  }
  if (!isMap(item)) {
    report('error', CastProblemCode.entityShape, 'An entry of the cast is a map with `id:`, `name:` and `aliases:`: this item is skipped.', item);
    return undefined;
  }
  const pairs = pairsOf(item);
  const idNode = pairs.get('id')?.value;
  const nameNode = pairs.get('name')?.value;
  const id = textOf(idNode)?.trim();
  const name = textOf(nameNode)?.trim();
  if (id === undefined || id === '') {
    const suggestion = name ? ` such as \`id: ${entityIdFor(name, [])}\`` : '';
    report('error', CastProblemCode.missingId, `This entry has no \`id:\`${suggestion}: it is skipped (annotations link to entities by id).`, idNode ?? item);
    return undefined;
  }
  if (name === undefined || NO_WORD.test(name)) {
    report('error', CastProblemCode.missingName, `${id} has no \`name:\` (the name to show, such as Joseph Stalin): it is skipped.`, nameNode ?? idNode);
    return undefined;
  }
  const aliases: string[] = [];
  const aliasesNode = pairs.get('aliases')?.value;
  const aliasItems: (YamlNode | null)[] = [];
  if (isSeq(aliasesNode)) aliasItems.push(...(aliasesNode.items as (YamlNode | null)[]));
  else if (isScalar(aliasesNode) && aliasesNode.value !== null) aliasItems.push(aliasesNode);
  else if (aliasesNode !== undefined && aliasesNode !== null && !(isScalar(aliasesNode) && aliasesNode.value === null)) {
    report('warning', CastProblemCode.field, `The aliases of ${id} should be a list, such as \`aliases: [Stalin, Koba]\`: they are ignored.`, aliasesNode);
  }
  const seen = new Set([name]);
  for (const node of aliasItems) {
    const alias = textOf(node)?.trim();
    if (alias === undefined || NO_WORD.test(alias)) {
      const shown = alias ? ` “${alias}”` : '';
      report('warning', CastProblemCode.emptyAlias, `An alias of ${id}${shown} is empty or only punctuation: it is ignored.`, node ?? aliasesNode);
      continue;
    }
    if (PATTERN_LIKE.test(alias)) {
      report(
        'warning',
        CastProblemCode.patternAlias,
        `The alias “${alias}” of ${id} looks like a pattern, but aliases are plain text: it matches only the text “${alias}” itself. Write each name out in full.`,
        node,
      );
    }
    if (!WORD_START.test(alias)) {
      report('warning', CastProblemCode.unmatchableAlias, `The alias “${alias}” of ${id} starts with punctuation: names are found from their first letter or digit, so it is never matched.`, node);
    }
    if (!seen.has(alias)) aliases.push(alias);
    seen.add(alias);
  }
  for (const pair of [pairs.get('name'), pairs.get('id')]) {
    const value = pair?.value;
    if (isScalar(value) && typeof value.value === 'string' && /[\r\n]/.test(value.value)) {
      report('warning', CastProblemCode.field, `\`${keyName(pair!)}\` should be one line.`, value);
    }
  }
  const details: Partial<Record<EntityDetailKey, string>> = {};
  for (const key of ENTITY_DETAIL_KEYS) {
    const node = pairs.get(key)?.value;
    if (node === undefined || node === null || (isScalar(node) && node.value === null)) continue;
    const value = textOf(node);
    if (value === undefined) report('warning', CastProblemCode.field, `\`${key}\` of ${id} should be text: it is ignored.`, node);
    else details[key] = value;
  }
  const fields: Record<string, unknown> = {};
  for (const [key, pair] of pairs) fields[key] = plain(pair.value);
  return {
    entity: {
      id,
      kind,
      name,
      aliases,
      details,
      fields,
      range: rangeOf(item.range ?? undefined),
      idRange: rangeOf(idNode!.range ?? undefined),
      nameRange: rangeOf(nameNode!.range ?? undefined),
    },
    idNode: idNode!,
  };
}

/** A node's plain value, without expanding YAML aliases (an alias bomb stays a string). */
function plain(node: YamlNode | null | undefined): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return `*${node.source}`;
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map((item) => plain(item));
  if (isMap(node)) return Object.fromEntries(node.items.map((pair) => [String(plain(pair.key)), plain(pair.value)]));
  return null;
}

/** An alias or name shared by many entities: its mentions are ambiguous among all of them. */
function checkSharedAliases(entities: readonly CastEntity[], problems: BookProblem[]): void {
  const owners = new Map<string, { ids: string[]; first: CastEntity }>();
  for (const entity of entities) {
    for (const name of [entity.name, ...entity.aliases]) {
      const key = foldName(name);
      const found = owners.get(key);
      if (!found) owners.set(key, { ids: [entity.id], first: entity });
      else if (!found.ids.includes(entity.id)) found.ids.push(entity.id);
    }
  }
  for (const [, { ids, first }] of owners) {
    if (ids.length < SHARED_ALIAS_WARNING) continue;
    const listed = ids.slice(0, 4).join(', ') + (ids.length > 4 ? `, and ${ids.length - 4} more` : '');
    const name = [first.name, ...first.aliases].find((candidate) => ids.length > 0 && owners.get(foldName(candidate))?.ids === ids) ?? first.name;
    problems.push({
      severity: 'warning',
      code: CastProblemCode.sharedAlias,
      message: `“${name}” names ${ids.length} entities (${listed}): every mention of it is ambiguous and counted for none until pinned. Give them names of their own.`,
      range: first.range,
    });
  }
}

/** How names are compared: typographic and straight apostrophes alike, spaces alike. */
export function foldName(name: string): string {
  return name.replace(/\u2019/g, "'").replace(/[\s\u00a0]+/g, ' ');
}




/** A scalar as text: `1917` and `true` as written. Undefined for anything else. */
export function textOf(node: YamlNode | null | undefined): string | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'number' || typeof node.value === 'boolean') return node.source ?? String(node.value);
  return undefined;
}

/** The first line of a (yaml) error message: the rest draws the text around it. */
export function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

// ---------------------------------------------------------------------------------------------
// Ids

const FOLDED_LETTERS: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * A readable id for a name, not among `taken`: `Joseph Stalin` → `joseph-stalin`, then
 * `joseph-stalin-2`. Accents are dropped (`Ørsted` → `orsted`); other scripts are kept.
 */
export function entityIdFor(name: string, taken: Iterable<string>): string {
  const used = taken instanceof Set ? (taken as Set<string>) : new Set(taken);
  const base =
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[øæœßłđðþı]/g, (letter) => FOLDED_LETTERS[letter])
      .replace(/['\u2019\u02bc]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/, '') || 'entity';
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** An annotation's `entities:` after a merge: merged ids replaced by the kept one, without repeats. */
export function remapEntityIds(ids: readonly string[], mapping: ReadonlyMap<string, string>): string[] {
  return [...new Set(ids.map((id) => mapping.get(id) ?? id))];
}
