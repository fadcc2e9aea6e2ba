import { Unsure } from '../yaml/scalars';
import { entryOf, itemId, itemMap, mapBelow, scalarOf, TextLines, type Entry } from '../yaml/lineBlocks';

/**
 * How each part of a sidecar and of `marginalia.yaml` merges: maps by key, lists by id (annotations,
 * entities, pins), sets (aliases), the latest of two timestamps, and everything else atomic (both
 * sides changed it: a conflict). A new section or field of our files is described here.
 */

export type Schema =
  | { readonly kind: 'atomic' }
  | { readonly kind: 'set' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'map'; readonly fields: Readonly<Record<string, Schema>>; readonly other: Schema; readonly order: 'sequence' | 'numeric' }
  | {
      readonly kind: 'list';
      readonly identity: (lines: TextLines, item: Entry) => string;
      readonly item: Schema;
      readonly order: 'sequence' | 'position';
      /** What an item is called in messages; undefined: its conflicts go up to the item holding the list. */
      readonly noun: string | undefined;
    };

export type MapSchema = Extract<Schema, { kind: 'map' }>;
export type ListSchema = Extract<Schema, { kind: 'list' }>;

const ATOMIC: Schema = { kind: 'atomic' };
const SET: Schema = { kind: 'set' };
const LATEST: Schema = { kind: 'latest' };

const byId = (lines: TextLines, item: Entry): string => itemId(lines, item);

/** A pin is the passage it pins: both sides pinning one mention to different people conflict. */
function pinKey(lines: TextLines, item: Entry): string {
  const target = entryOf(itemMap(lines, item), 'target');
  if (!target) throw new Unsure();
  const fields = mapBelow(lines, target);
  const text = (key: string) => {
    const entry = entryOf(fields, key);
    return entry ? (scalarOf(lines, entry) ?? '') : '';
  };
  return JSON.stringify([text('quote'), text('prefix'), text('suffix')]);
}

/** Items of `conflicts:` (left by an earlier merge) are their own identity. */
function wholeText(lines: TextLines, item: Entry): string {
  return lines.slice(item.line, item.end);
}

const ANNOTATION: Schema = {
  kind: 'map',
  fields: {
    tags: SET,
    entities: SET,
    modified: LATEST,
    replies: { kind: 'list', identity: byId, item: { kind: 'map', fields: {}, other: ATOMIC, order: 'sequence' }, order: 'sequence', noun: undefined },
  },
  other: ATOMIC,
  order: 'sequence',
};

const ENTITY: Schema = { kind: 'map', fields: { aliases: SET }, other: ATOMIC, order: 'sequence' };
const NOTES_SECTION: Schema = { kind: 'map', fields: {}, other: ATOMIC, order: 'numeric' };

/** One schema for both files: their top-level keys do not overlap. */
export const ROOT: MapSchema = {
  kind: 'map',
  fields: {
    annotations: { kind: 'list', identity: byId, item: ANNOTATION, order: 'position', noun: 'annotation' },
    pins: { kind: 'list', identity: pinKey, item: { kind: 'map', fields: {}, other: ATOMIC, order: 'sequence' }, order: 'position', noun: 'pin' },
    notes: { kind: 'map', fields: { endnotes: NOTES_SECTION, footnotes: NOTES_SECTION }, other: ATOMIC, order: 'sequence' },
    people: { kind: 'list', identity: byId, item: ENTITY, order: 'sequence', noun: 'person' },
    places: { kind: 'list', identity: byId, item: ENTITY, order: 'sequence', noun: 'place' },
    organizations: { kind: 'list', identity: byId, item: ENTITY, order: 'sequence', noun: 'organization' },
    dismissed: SET,
    manuscripts: SET,
    conflicts: { kind: 'list', identity: wholeText, item: ATOMIC, order: 'sequence', noun: undefined },
  },
  other: ATOMIC,
  order: 'sequence',
};
