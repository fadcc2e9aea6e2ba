import { ImportFormatError, isObject, listOf, stringOf, type ForeignAnnotation, type ForeignFile, type ForeignReply, type UnreadItem } from './foreign';
import { ourIdOf } from './webAnnotation';

/**
 * Reads an annotations file already parsed from JSON: a Hypothesis export (`{export_date,
 * annotations}`, or the API's `{rows}`), or W3C Web Annotations — a collection, a page, a list or
 * a single annotation, as we and Recogito write them. Throws `ImportFormatError` for JSON of
 * another shape.
 */
export function readAnnotationsFile(json: unknown): ForeignFile {
  if (isObject(json) && (Array.isArray(json.annotations) || Array.isArray(json.rows)) && !('@context' in json)) {
    return readHypothesis(listOf(json.annotations ?? json.rows));
  }
  if (Array.isArray(json) && json.length > 0 && json.every((item) => isObject(item) && 'user' in item && 'uri' in item)) return readHypothesis(json);
  return readW3c(w3cItems(json));
}

function w3cItems(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (!isObject(json)) throw new ImportFormatError('expected W3C Web Annotations (an AnnotationCollection, an AnnotationPage or a list of annotations) or a Hypothesis export ({"annotations": [...]})');
  const types = listOf(json.type).map(String);
  if (types.includes('Annotation')) return [json];
  if (types.includes('AnnotationPage') || Array.isArray(json.items)) return listOf(json.items);
  if (types.includes('AnnotationCollection')) {
    if (isObject(json.first)) return listOf(json.first.items);
    throw new ImportFormatError('the AnnotationCollection does not hold its first page: export it with its items embedded');
  }
  throw new ImportFormatError(`expected W3C Web Annotations or a Hypothesis export, found an object of type ${types.join(', ') || 'none'} with the keys ${Object.keys(json).slice(0, 6).join(', ')}`);
}

function readW3c(items: readonly unknown[]): ForeignFile {
  const annotations: ForeignAnnotation[] = [];
  const replies: ForeignReply[] = [];
  const unread: UnreadItem[] = [];
  items.forEach((item, index) => {
    const name = isObject(item) ? (stringOf(item.id) ?? `#${index + 1}`) : `#${index + 1}`;
    if (!isObject(item) || !listOf(item.type).includes('Annotation')) {
      unread.push({ item: name, reason: 'not an annotation (no "type": "Annotation")' });
      return;
    }
    const foreignId = stringOf(item.id) ?? `#${index + 1}`;
    const motivations = listOf(item.motivation).map(String);
    const targets = listOf(item.target);
    const texts = textualBodies(item);
    const author = creatorName(item.creator) ?? listOf(item.body).map((body) => (isObject(body) ? creatorName(body.creator) : undefined)).find(Boolean);
    const created = stringOf(item.created);
    if (motivations.includes('replying')) {
      const answered = targets.map((target) => (typeof target === 'string' ? target : isObject(target) ? (stringOf(target.id) ?? stringOf(target.source)) : undefined)).find(Boolean);
      if (answered) {
        replies.push({ foreignId, inReplyTo: answered, body: texts.comments.join('\n\n'), author, created });
        return;
      }
    }
    const target = targets.find((candidate) => isObject(candidate) && candidate.selector !== undefined);
    if (!isObject(target)) {
      unread.push({ item: name, reason: 'its target selects no passage (no selector)' });
      return;
    }
    const selectors = listOf(target.selector).filter(isObject);
    const quote = selectors.find((selector) => selector.type === 'TextQuoteSelector');
    const position = selectors.find((selector) => selector.type === 'TextPositionSelector');
    annotations.push({
      foreignId,
      source: stringOf(target.source),
      quote: quote && typeof quote.exact === 'string' ? { exact: quote.exact, prefix: stringOf(quote.prefix) ?? '', suffix: stringOf(quote.suffix) ?? '' } : undefined,
      position: position && isOffset(position.start) && isOffset(position.end) ? { start: position.start, end: position.end, unit: 'code-point' } : undefined,
      body: texts.comments.join('\n\n'),
      tags: texts.tags,
      identifies: identifyingBodies(item),
      author,
      created,
      modified: stringOf(item.modified),
      status: item['marginalia:status'] === 'resolved' ? 'resolved' : 'open',
      chapter: typeof item['marginalia:chapter'] === 'number' ? item['marginalia:chapter'] : undefined,
    });
  });
  return { format: 'w3c', annotations, replies, unread };
}

/** The texts of an annotation's bodies: tags (`purpose: tagging`) apart from what is to be read. */
function textualBodies(item: Record<string, unknown>): { comments: string[]; tags: string[] } {
  const comments: string[] = [];
  const tags: string[] = [];
  if (typeof item.bodyValue === 'string') comments.push(item.bodyValue);
  for (const body of listOf(item.body)) {
    if (!isObject(body) || typeof body.value !== 'string') continue;
    const types = listOf(body.type).map(String);
    if (types.length > 0 && !types.includes('TextualBody')) continue;
    if (listOf(body.purpose).includes('tagging')) tags.push(body.value);
    else comments.push(body.value);
  }
  return { comments, tags };
}

function identifyingBodies(item: Record<string, unknown>): { iri: string; entity: string | undefined }[] {
  const found: { iri: string; entity: string | undefined }[] = [];
  for (const body of listOf(item.body)) {
    if (typeof body === 'string') {
      found.push({ iri: body, entity: undefined });
      continue;
    }
    if (!isObject(body)) continue;
    const purposes = listOf(body.purpose);
    if (!purposes.includes('identifying') && !purposes.includes('classifying') && !purposes.includes('linking')) continue;
    const iri = stringOf(body.source) ?? stringOf(body.id) ?? (listOf(body.type).includes('TextualBody') ? undefined : stringOf(body.value));
    if (iri) found.push({ iri, entity: stringOf(body['marginalia:entity']) });
  }
  return found;
}

function creatorName(creator: unknown): string | undefined {
  for (const one of listOf(creator)) {
    if (typeof one === 'string') return one;
    if (isObject(one)) {
      const name = stringOf(one.name) ?? stringOf(one.nickname) ?? stringOf(one.label);
      if (name) return name;
    }
  }
  return undefined;
}

function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function readHypothesis(rows: readonly unknown[]): ForeignFile {
  const annotations: ForeignAnnotation[] = [];
  const replies: ForeignReply[] = [];
  const unread: UnreadItem[] = [];
  rows.forEach((row, index) => {
    const name = isObject(row) ? (stringOf(row.id) ?? `#${index + 1}`) : `#${index + 1}`;
    if (!isObject(row)) {
      unread.push({ item: name, reason: 'not a Hypothesis annotation (not an object)' });
      return;
    }
    const foreignId = `hypothesis:${stringOf(row.id) ?? `#${index + 1}`}`;
    const author = hypothesisUser(row);
    const references = listOf(row.references).filter((reference): reference is string => typeof reference === 'string');
    if (references.length > 0) {
      // Hypothesis lists a reply's ancestors, the thread's root first: our replies hang off the root.
      replies.push({ foreignId, inReplyTo: `hypothesis:${references[0]}`, body: stringOf(row.text) ?? '', author, created: stringOf(row.created) });
      return;
    }
    const target = listOf(row.target).find(isObject);
    const selectors = isObject(target) ? listOf(target.selector).filter(isObject) : [];
    if (selectors.length === 0) {
      unread.push({ item: name, reason: 'a page note: it selects no passage' });
      return;
    }
    const quote = selectors.find((selector) => selector.type === 'TextQuoteSelector');
    const position = selectors.find((selector) => selector.type === 'TextPositionSelector');
    annotations.push({
      foreignId,
      source: (isObject(target) ? stringOf(target.source) : undefined) ?? stringOf(row.uri),
      quote: quote && typeof quote.exact === 'string' ? { exact: quote.exact, prefix: stringOf(quote.prefix) ?? '', suffix: stringOf(quote.suffix) ?? '' } : undefined,
      position: position && isOffset(position.start) && isOffset(position.end) ? { start: position.start, end: position.end, unit: 'utf-16' } : undefined,
      body: stringOf(row.text) ?? '',
      tags: listOf(row.tags).filter((tag): tag is string => typeof tag === 'string'),
      identifies: [],
      author,
      created: stringOf(row.created),
      modified: stringOf(row.updated),
      status: 'open',
      chapter: undefined,
    });
  });
  return { format: 'hypothesis', annotations, replies, unread };
}

/** The display name when the export has one, else the account's name (`acct:name@hypothes.is`). */
function hypothesisUser(row: Record<string, unknown>): string | undefined {
  const display = isObject(row.user_info) ? stringOf(row.user_info.display_name) : undefined;
  if (display) return display;
  const user = stringOf(row.user);
  return user ? (/^acct:([^@]+)@/.exec(user)?.[1] ?? user) : undefined;
}

/** Our own id for an item of a file: ours kept as it was (a round trip), any other derived from its id. */
export function importedId(foreignId: string, prefix: 'a' | 'r'): string {
  return ourIdOf(foreignId) ?? stableId(prefix, foreignId);
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * `a` or `r` and 12 base-32 characters from two FNV-1a hashes of the foreign id: the same id each
 * time the file is imported, so that a second import finds the first's annotations and adds nothing.
 */
function stableId(prefix: string, foreignId: string): string {
  let high = 0x811c9dc5;
  let low = 0x050c5d1f;
  for (let i = 0; i < foreignId.length; i++) {
    const code = foreignId.charCodeAt(i);
    high = Math.imul(high ^ code, 0x01000193) >>> 0;
    low = Math.imul(low ^ code ^ (high >>> 7), 0x01000193) >>> 0;
  }
  let id = prefix;
  for (let i = 0; i < 6; i++) id += BASE32[(high >>> (i * 5)) & 31];
  for (let i = 0; i < 6; i++) id += BASE32[(low >>> (i * 5)) & 31];
  return id;
}
