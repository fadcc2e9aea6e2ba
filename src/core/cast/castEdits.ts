import { composeYaml } from '../yaml/compose';
import { isMap, isScalar, isSeq, type YamlDocument, type YamlMap, type YamlNode, type YamlPair, type YamlSeq } from '../yaml/tree';
import { lineBoundaryAt, lineEndAfter, lineStartAt, newlineOf } from '../text/textLines';
import { hasConflictMarkers } from '../yaml/syntax';
import { firstPair, keyName, keyRange, nodeRange, pairsOf } from '../yaml/nodes';
import { applySplices, type Splice } from '../yaml/splice';
import { appendToList as appendToYamlList } from '../yaml/listEdits';
import { afterKey, itemExtents, type ItemExtent } from '../yaml/itemExtents';
import { flowList, inlineScalar } from '../yaml/write';
import { CAST_SECTIONS, entityIdFor, firstLine, foldName, KINDS, NO_WORD, parseCast, textOf, type Cast, type EntityKind } from './cast';

/**
 * Editing the cast in `marginalia.yaml`: adding entities and aliases, renaming, merging, removing,
 * dismissing a suggestion. Each edit splices the lines it changes (comments and everything else
 * keep their bytes), checks the result reads back as intended, and never writes a file that does
 * not parse.
 */


/** An edit of a `marginalia.yaml` that does not parse, or that cannot be made safely by splicing. */
export class CastNotWritableError extends Error {}

/** An edit naming an entity the cast does not hold (any more). */
export class EntityNotFoundError extends Error {}

interface Writable {
  readonly source: string;
  readonly document: YamlDocument;
  readonly contents: YamlMap | undefined;
  readonly newline: string;
}


function openWritable(text: string | undefined): Writable {
  const source = text ?? '';
  if (hasConflictMarkers(source)) throw new CastNotWritableError('marginalia.yaml holds git conflict markers: resolve them first');
  const document = composeYaml(source, { uniqueKeys: true });
  if (document.errors.length > 0) throw new CastNotWritableError(`marginalia.yaml does not parse (${firstLine(document.errors[0].message)}): fix it first`);
  const contents = document.contents;
  if (contents !== null && !isMap(contents) && !(isScalar(contents) && contents.value === null)) {
    throw new CastNotWritableError('marginalia.yaml should be a map of settings: fix it by hand first');
  }
  return { source, document, contents: isMap(contents) ? contents : undefined, newline: newlineOf(source) };
}


/** The edited text, once it reads back as intended; otherwise the edit is refused. */
function verified(text: string, check: (cast: Cast) => boolean, what: string): string {
  const cast = parseCast(text);
  if (!cast.parsed || !check(cast)) throw new CastNotWritableError(`${what} cannot be written safely here: edit marginalia.yaml by hand`);
  return text;
}

interface EntityItem {
  readonly kind: EntityKind;
  /** The section's pair (`people:`), its value the list that holds the entity. */
  readonly section: YamlPair;
  readonly seq: YamlSeq;
  readonly map: YamlMap;
  readonly pairs: Map<string, YamlPair>;
}

function entityItem(writable: Writable, id: string): EntityItem {
  if (writable.contents) {
    for (const kind of KINDS) {
      const section = firstPair(writable.contents, CAST_SECTIONS[kind]);
      const seq = section?.value;
      if (!section || !isSeq(seq)) continue;
      for (const item of seq.items) {
        if (!isMap(item)) continue;
        const pairs = pairsOf(item);
        if (textOf(pairs.get('id')?.value)?.trim() === id) {
          if (item.flow || seq.flow) throw new CastNotWritableError(`${id} is written as a flow map ({ … }): write it as a block to edit it`);
          return { kind, section, seq, map: item, pairs };
        }
      }
    }
  }
  throw new EntityNotFoundError(`the cast holds no entity ${id}`);
}

function columnOf(source: string, offset: number): number {
  return offset - lineStartAt(source, offset);
}

/** An item of a section's block list, with the comment lines that belong to it. */
function extentOf(source: string, section: YamlPair, item: YamlNode): ItemExtent {
  const seq = section.value as YamlSeq;
  return itemExtents(source, seq, afterKey(source, section), source.length)[seq.items.indexOf(item)];
}

/**
 * `appendToList` for the cast: a value that is not a list (nor a text to turn into one) is refused.
 */
function appendToList(writable: Writable, pair: YamlPair, values: readonly string[]): Splice[] {
  const splices = appendToYamlList(writable.source, writable.newline, pair, values);
  if (!splices) throw new CastNotWritableError(`\`${keyName(pair)}\` is not a list: fix it by hand first`);
  return splices;
}

/** The column of an entity's keys. */
function keyColumnOf(writable: Writable, item: EntityItem): number {
  return columnOf(writable.source, nodeRange(item.map)[0]);
}

/** Splices that add aliases to an entity (those it already has, or its name, are left out). */
function aliasSplices(writable: Writable, item: EntityItem, aliases: readonly string[]): Splice[] {
  const { source, newline } = writable;
  const existing = new Set<string>();
  const name = textOf(item.pairs.get('name')?.value)?.trim();
  if (name) existing.add(foldName(name));
  const aliasesValue = item.pairs.get('aliases')?.value;
  if (isSeq(aliasesValue)) for (const node of aliasesValue.items) existing.add(foldName(textOf(node)?.trim() ?? ''));
  else if (isScalar(aliasesValue) && textOf(aliasesValue)) existing.add(foldName(textOf(aliasesValue)!.trim()));
  const fresh: string[] = [];
  for (const alias of aliases.map((a) => a.trim())) {
    if (alias === '' || existing.has(foldName(alias))) continue;
    existing.add(foldName(alias));
    fresh.push(alias);
  }
  if (fresh.length === 0) return [];
  const pair = item.pairs.get('aliases');
  if (pair) return appendToList(writable, pair, fresh);
  // No `aliases:` yet: a line after `name:` (or after the entry's last line).
  const namePair = item.pairs.get('name');
  const after = namePair ? lineBoundaryAt(source, Math.max(nodeRange(namePair.value)[1], keyRange(namePair)[1])) : lineBoundaryAt(source, nodeRange(item.map)[1]);
  const needsBreak = after === source.length && !source.endsWith('\n');
  const line = `${' '.repeat(keyColumnOf(writable, item))}aliases: ${flowList(fresh)}${newline}`;
  return [{ start: after, end: after, text: (needsBreak ? newline : '') + line }];
}

/**
 * Returns the book file's text with a new entity (a new book file when `text` is undefined or
 * empty), at the end of its section (`people:`, `places:` or `organizations:`, added at the end of
 * the file when missing), and the id it was given: readable, from its name, unique in the cast.
 */
export function addEntity(
  text: string | undefined,
  kind: EntityKind,
  name: string,
  options: { readonly aliases?: readonly string[]; readonly id?: string; readonly description?: string } = {},
): { text: string; id: string } {
  const trimmed = name.trim();
  if (NO_WORD.test(trimmed) || /[\r\n]/.test(trimmed)) throw new Error(`“${name}” is not a name`);
  const writable = openWritable(text);
  const { source, newline, contents } = writable;
  const cast = parseCast(source);
  const taken = new Set<string>(cast.entities.map((entity) => entity.id));
  if (contents) {
    // Unusable entries keep their ids too: a new entity must not collide with one being fixed.
    for (const section of Object.values(CAST_SECTIONS)) {
      const seq = firstPair(contents, section)?.value;
      if (isSeq(seq)) for (const item of seq.items) if (isMap(item)) taken.add(textOf(firstPair(item, 'id')?.value)?.trim() ?? '');
    }
  }
  const id = options.id ?? entityIdFor(trimmed, taken);
  if (taken.has(id)) throw new Error(`the cast already has an entity ${id}`);
  const aliases = [...new Set((options.aliases ?? []).map((a) => a.trim()).filter((a) => a !== '' && a !== trimmed))];
  const section = CAST_SECTIONS[kind];
  const fields = (dash: number, keys: number): string => {
    const lines = [`${' '.repeat(dash)}-${' '.repeat(keys - dash - 1)}id: ${inlineScalar(id)}`, `${' '.repeat(keys)}name: ${inlineScalar(trimmed)}`];
    if (aliases.length > 0) lines.push(`${' '.repeat(keys)}aliases: ${flowList(aliases)}`);
    if (options.description) lines.push(`${' '.repeat(keys)}description: ${inlineScalar(options.description)}`);
    return lines.map((line) => line + newline).join('');
  };
  const pair = contents ? firstPair(contents, section) : undefined;
  const value = pair?.value;
  let splice: Splice;
  if (pair && isSeq(value) && value.items.length > 0 && !value.flow) {
    const last = value.items[value.items.length - 1];
    const extent = extentOf(source, pair, last);
    const keyColumn = isMap(last) && last.range ? columnOf(source, last.range[0]) : extent.dashColumn + 2;
    // After the last entry and the comments that belong to it.
    const needsBreak = extent.end === source.length && !source.endsWith('\n');
    splice = { start: extent.end, end: extent.end, text: (needsBreak ? newline : '') + fields(extent.dashColumn, Math.max(keyColumn, extent.dashColumn + 2)) };
  } else if (pair && (value === null || value === undefined || (isScalar(value) && value.value === null) || (isSeq(value) && value.items.length === 0))) {
    // `people:` or `people: []`: the list starts on the next line.
    const key = pair.key;
    const keyLine = lineStartAt(source, nodeRange(key)[0]);
    const end = isSeq(value) ? lineBoundaryAt(source, nodeRange(value)[1]) : lineEndAfter(source, nodeRange(key)[1]);
    const column = nodeRange(key)[0] - keyLine;
    splice = { start: keyLine, end, text: `${' '.repeat(column)}${section}:${newline}${fields(column + 2, column + 4)}` };
  } else if (pair) {
    throw new CastNotWritableError(`\`${section}\` is not a block list: fix it by hand first`);
  } else {
    const needsBreak = source.length > 0 && !source.endsWith('\n');
    splice = { start: source.length, end: source.length, text: `${needsBreak ? newline : ''}${section}:${newline}${fields(2, 4)}` };
  }
  const result = applySplices(source, [splice]);
  return {
    text: verified(result, (after) => after.entity(id)?.name === trimmed && after.entities.length === cast.entities.length + 1, `the new entity ${id}`),
    id,
  };
}

/** Returns the book file's text with `aliases` added to the entity (unchanged when it has them all). */
export function addAliases(text: string, id: string, aliases: readonly string[]): string {
  const writable = openWritable(text);
  const item = entityItem(writable, id);
  for (const alias of aliases) if (NO_WORD.test(alias) || /[\r\n]/.test(alias)) throw new Error(`“${alias}” is not a name`);
  const splices = aliasSplices(writable, item, aliases);
  if (splices.length === 0) return writable.source;
  const result = applySplices(writable.source, splices);
  const wanted = aliases.map((a) => foldName(a.trim()));
  return verified(
    result,
    (cast) => {
      const entity = cast.entity(id);
      return entity !== undefined && wanted.every((alias) => [entity.name, ...entity.aliases].some((name) => foldName(name) === alias));
    },
    `aliases of ${id}`,
  );
}

/** `addAliases` of one alias. */
export function addAlias(text: string, id: string, alias: string): string {
  return addAliases(text, id, [alias]);
}

/** Returns the book file's text with the entity's name changed; the old name becomes an alias. */
export function renameEntity(text: string, id: string, newName: string): string {
  const name = newName.trim();
  if (NO_WORD.test(name) || /[\r\n]/.test(name)) throw new Error(`“${newName}” is not a name`);
  const writable = openWritable(text);
  const item = entityItem(writable, id);
  const namePair = item.pairs.get('name');
  const oldName = textOf(namePair?.value)?.trim();
  if (oldName === name) return writable.source;
  const splices: Splice[] = [];
  const value = namePair?.value;
  if (namePair && value && value.range && isScalar(value) && value.value !== null) {
    splices.push({ start: value.range[0], end: value.range[1], text: inlineScalar(name) });
  } else if (namePair) {
    const colon = writable.source.indexOf(':', keyRange(namePair)[1]);
    splices.push({ start: colon + 1, end: colon + 1, text: ` ${inlineScalar(name)}` });
  } else {
    const at = lineBoundaryAt(writable.source, nodeRange(item.pairs.get('id')!.value)[1]);
    splices.push({ start: at, end: at, text: `${' '.repeat(keyColumnOf(writable, item))}name: ${inlineScalar(name)}${writable.newline}` });
  }
  if (oldName) {
    // The old name stays findable, as an alias; the new name is no longer one.
    splices.push(...aliasSplices(writable, { ...item, pairs: withoutName(item.pairs) }, [oldName]));
  }
  const result = applySplices(writable.source, splices);
  return verified(
    result,
    (cast) => {
      const entity = cast.entity(id);
      return entity?.name === name && (oldName === undefined || entity.aliases.some((alias) => foldName(alias) === foldName(oldName)));
    },
    `the new name of ${id}`,
  );
}

function withoutName(pairs: Map<string, YamlPair>): Map<string, YamlPair> {
  const copy = new Map(pairs);
  copy.delete('name');
  return copy;
}

/**
 * Returns the book file's text with `mergedId` merged into `keptId`: its name and aliases become
 * aliases of the kept entity, the fields the kept one lacks (description, ids…) move over with
 * their comments, and its entry is removed. `ids` maps the merged id to the kept one, for the
 * annotations that link to it (`remapEntityIds`).
 */
export function mergeEntities(text: string, keptId: string, mergedId: string): { text: string; ids: ReadonlyMap<string, string> } {
  if (keptId === mergedId) throw new Error('an entity cannot be merged into itself');
  const writable = openWritable(text);
  const { source, newline } = writable;
  const kept = entityItem(writable, keptId);
  const merged = entityItem(writable, mergedId);
  const mergedName = textOf(merged.pairs.get('name')?.value)?.trim();
  const mergedValue = merged.pairs.get('aliases')?.value;
  const mergedAliases = isSeq(mergedValue) ? mergedValue.items.map((node) => textOf(node)?.trim() ?? '') : isScalar(mergedValue) ? [textOf(mergedValue)?.trim() ?? ''] : [];
  const names = [mergedName ?? '', ...mergedAliases].filter((name) => name !== '' && !NO_WORD.test(name));
  const splices = aliasSplices(writable, kept, names);

  // Fields of the merged entry that the kept one lacks: their lines, re-indented to the kept entry's keys.
  const keptColumn = keyColumnOf(writable, kept);
  const mergedColumn = columnOf(source, nodeRange(merged.map)[0]);
  const moved: string[] = [];
  for (const pair of merged.map.items) {
    const key = keyName(pair);
    if (key === undefined || key === 'id' || key === 'name' || key === 'aliases' || kept.pairs.has(key)) continue;
    const keyNode = pair.key;
    const start = lineStartAt(source, nodeRange(keyNode)[0]);
    const end = lineBoundaryAt(source, Math.max(pair.value?.range?.[1] ?? nodeRange(keyNode)[1], nodeRange(keyNode)[1]));
    const lines = source.slice(start, end).split('\n');
    const shift = keptColumn - mergedColumn;
    const text = lines
      .map((line, index) => (index === 0 ? ' '.repeat(keptColumn) + line.slice(mergedColumn) : shift >= 0 ? (line === '' ? line : ' '.repeat(shift) + line) : line.slice(Math.min(-shift, line.length - line.trimStart().length))))
      .join('\n');
    moved.push(text.endsWith('\n') ? text : text + newline);
  }
  if (moved.length > 0) {
    const at = lineBoundaryAt(source, nodeRange(kept.map)[1]);
    const needsBreak = at === source.length && !source.endsWith('\n');
    splices.push({ start: at, end: at, text: (needsBreak ? newline : '') + moved.join('') });
  }
  const extent = extentOf(source, merged.section, merged.map);
  splices.push({ start: extent.start, end: extent.end, text: '' });
  const result = applySplices(source, splices);
  const wanted = names.map(foldName);
  return {
    text: verified(
      result,
      (cast) => {
        const entity = cast.entity(keptId);
        return cast.entity(mergedId) === undefined && entity !== undefined && wanted.every((name) => [entity.name, ...entity.aliases].some((n) => foldName(n) === name));
      },
      `the merge of ${mergedId} into ${keptId}`,
    ),
    ids: new Map([[mergedId, keptId]]),
  };
}

/** Returns the book file's text without the entity (its comment lines just above it go too). */
export function removeEntity(text: string, id: string): string {
  const writable = openWritable(text);
  const item = entityItem(writable, id);
  const extent = extentOf(writable.source, item.section, item.map);
  const result = applySplices(writable.source, [{ start: extent.start, end: extent.end, text: '' }]);
  return verified(result, (cast) => cast.entity(id) === undefined, `the removal of ${id}`);
}

/**
 * Returns the book file's text with `name` in its `dismissed:` list (added at the end of the file
 * when missing), so that Suggest Cast does not suggest it again, for anyone working on the book.
 */
export function dismissSuggestion(text: string | undefined, name: string): string {
  const trimmed = name.trim();
  if (NO_WORD.test(trimmed) || /[\r\n]/.test(trimmed)) throw new Error(`“${name}” is not a name`);
  const writable = openWritable(text);
  const { source, newline, contents } = writable;
  const pair = contents ? firstPair(contents, 'dismissed') : undefined;
  const before = parseCast(source);
  if (before.dismissed.some((dismissed) => foldName(dismissed) === foldName(trimmed))) return source;
  let result: string;
  if (pair) {
    result = applySplices(source, appendToList(writable, pair, [trimmed]));
  } else {
    const needsBreak = source.length > 0 && !source.endsWith('\n');
    result = `${source}${needsBreak ? newline : ''}dismissed: ${flowList([trimmed])}${newline}`;
  }
  return verified(result, (cast) => cast.dismissed.some((dismissed) => foldName(dismissed) === foldName(trimmed)), `the dismissal of “${trimmed}”`);
}
