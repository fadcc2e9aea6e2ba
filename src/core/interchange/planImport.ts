import type { AnchorState, Annotation, AnnotationTarget, Reply } from '../annotations/annotation';
import { resolveTargets } from '../anchoring/anchoring';
import { describeTargets } from '../anchoring/targets';
import { authorityLinks, authorityOfIri } from '../cast/authorities';
import type { Cast } from '../cast/cast';
import { lineStartsOf, positionAt } from '../manuscript/book';
import type { Manuscript } from '../manuscript/model';
import { CodePointOffsets } from './codePoints';
import type { ForeignAnnotation, ForeignFile } from './foreign';
import { importedId } from './readForeign';

export interface ImportInput {
  /** The manuscript's text and model. */
  readonly text: string;
  readonly manuscript: Manuscript;
  /** The manuscript's file name (`part-one.txt`): a target whose `source` ends in another name is on another document. */
  readonly documentName: string;
  /** A `source` to take, for a file holding several documents' annotations (`--source`). */
  readonly source?: string;
  /** The sidecar's annotations now: ids already there are not added again. */
  readonly existing: readonly Annotation[];
  readonly cast: Cast | undefined;
  readonly file: ForeignFile;
}

/** What became of one item of the file. */
export type ImportOutcome = AnchorState | 'already-imported' | 'skipped';

export interface ImportItemReport {
  /** The item's id in the file. */
  readonly item: string;
  readonly outcome: ImportOutcome;
  /** Our id, for what was imported or was there already. */
  readonly id: string | undefined;
  /** Where its passage is now (0-based), when it was found. */
  readonly line: number | undefined;
  /** Why it was skipped, or what was noticed on the way (a position ignored, a link kept in the body). */
  readonly note: string | undefined;
}

export interface ImportPlan {
  /** The annotations to add, with their replies, in document order. */
  readonly added: readonly Annotation[];
  /** Replies to annotations the sidecar holds already, by that annotation's id. */
  readonly repliesToExisting: ReadonlyMap<string, readonly Reply[]>;
  readonly items: readonly ImportItemReport[];
  readonly counts: Readonly<Record<ImportOutcome, number>> & { readonly replies: number };
}

/**
 * Decides what importing a file into a manuscript's sidecar does, without writing: each annotation
 * is found in the text with our anchoring engine, from its quote and context, the file's position
 * serving only as a hint (never trusted alone). A passage found is stored as our own target (the
 * quote as it is in our text, with our context); one that is not — ambiguous or orphaned — is kept
 * with the file's quote and context, to be re-attached, so that nothing is lost. Items already
 * imported (same ids) are not added twice; items without a quote, or on another document, are
 * skipped and reported.
 */
export function planImport(input: ImportInput): ImportPlan {
  const { text, manuscript, file } = input;
  const lineStarts = lineStartsOf(text);
  const offsets = new CodePointOffsets(text);
  const existingIds = new Set(input.existing.flatMap((annotation) => [annotation.id, ...annotation.replies.map((reply) => reply.id)]));
  const sources = new Set(file.annotations.map((item) => item.source).filter((source): source is string => source !== undefined));
  const items: ImportItemReport[] = file.unread.map(({ item, reason }) => ({ item, outcome: 'skipped', id: undefined, line: undefined, note: reason }));

  const candidates: { item: ForeignAnnotation; id: string; target: AnnotationTarget; note: string | undefined }[] = [];
  for (const item of file.annotations) {
    const id = importedId(item.foreignId, 'a');
    const skip = (note: string) => items.push({ item: item.foreignId, outcome: 'skipped', id: undefined, line: undefined, note });
    if (!onThisDocument(item.source, input, sources.size)) {
      skip(`its target is another document: ${item.source}${input.source === undefined ? ' (choose one with --source)' : ''}`);
      continue;
    }
    if (existingIds.has(id)) {
      items.push({ item: item.foreignId, outcome: 'already-imported', id, line: undefined, note: undefined });
      continue;
    }
    if (!item.quote || item.quote.exact === '') {
      skip('no quote (TextQuoteSelector): a position alone is never trusted');
      continue;
    }
    existingIds.add(id);
    const hint = hintOffset(item, offsets, text.length);
    candidates.push({
      item,
      id,
      target: {
        quote: item.quote.exact,
        prefix: item.quote.prefix,
        suffix: item.quote.suffix,
        chapter: item.chapter,
        position: positionAt(lineStarts, hint ?? 0),
      },
      note: item.position && hint === undefined ? 'its position is past the end of the text: ignored' : undefined,
    });
  }

  const resolutions = resolveTargets(text, manuscript, candidates.map(({ target }) => target));
  const spans = resolutions.flatMap((resolution) => (resolution.span ? [resolution.span] : []));
  const described = describeTargets(text, manuscript, spans);
  let next = 0;
  const byForeignId = new Map<string, Annotation>();
  const added: Annotation[] = [];
  candidates.forEach(({ item, id, target, note }, index) => {
    const resolution = resolutions[index];
    const found = resolution.span ? described[next++] : undefined;
    const links = entityLinks(item, input.cast);
    const annotation: Annotation = {
      id,
      target: found ?? target,
      body: links.unmatched.length > 0 ? [item.body, ...links.unmatched.map((iri) => `Identifies: <${iri}>`)].filter(Boolean).join('\n\n') : item.body,
      tags: [...new Set(item.tags)],
      entities: links.entities,
      author: item.author,
      created: item.created,
      modified: item.modified,
      status: item.status,
      replies: [],
    };
    byForeignId.set(item.foreignId, annotation);
    added.push(annotation);
    const notes = [note, links.unmatched.length > 0 ? `${links.unmatched.length} link(s) to no entity of the cast kept in its body` : undefined].filter(Boolean);
    // Found away from a position the file did not give (or gave past our text's end) is not a move.
    const outcome = resolution.state === 'moved' && hintOffset(item, offsets, text.length) === undefined ? 'anchored' : resolution.state;
    items.push({ item: item.foreignId, outcome, id, line: found?.position.line, note: notes.length > 0 ? notes.join('; ') : undefined });
  });

  const existingById = new Map(input.existing.map((annotation) => [annotation.id, annotation]));
  const repliesToExisting = new Map<string, Reply[]>();
  const repliesOf = new Map<Annotation, Reply[]>();
  let replyCount = 0;
  for (const reply of file.replies) {
    const id = importedId(reply.foreignId, 'r');
    if (existingIds.has(id)) {
      items.push({ item: reply.foreignId, outcome: 'already-imported', id, line: undefined, note: 'a reply' });
      continue;
    }
    const parent = byForeignId.get(reply.inReplyTo);
    const existingParent = parent ? undefined : existingById.get(importedId(reply.inReplyTo, 'a'));
    if (!parent && !existingParent) {
      items.push({ item: reply.foreignId, outcome: 'skipped', id: undefined, line: undefined, note: `a reply to ${reply.inReplyTo}, which is neither in the file nor in the sidecar` });
      continue;
    }
    existingIds.add(id);
    const ours: Reply = { id, body: reply.body, author: reply.author, created: reply.created };
    if (parent) repliesOf.set(parent, [...(repliesOf.get(parent) ?? []), ours]);
    else if (existingParent) repliesToExisting.set(existingParent.id, [...(repliesToExisting.get(existingParent.id) ?? []), ours]);
    replyCount++;
  }
  const withReplies = added.map((annotation) => {
    const replies = repliesOf.get(annotation);
    return replies ? { ...annotation, replies: [...replies].sort(byCreated) } : annotation;
  });
  withReplies.sort((a, b) => a.target.position.line - b.target.position.line || a.target.position.character - b.target.position.character);

  const counts = { anchored: 0, moved: 0, fuzzy: 0, ambiguous: 0, orphaned: 0, 'already-imported': 0, skipped: 0, replies: replyCount };
  for (const item of items) counts[item.outcome]++;
  return { added: withReplies, repliesToExisting, items, counts };
}

function byCreated(a: Reply, b: Reply): number {
  return (a.created ?? '').localeCompare(b.created ?? '');
}

/**
 * Whether a target's `source` is this manuscript: no source, the `--source` chosen, a path ending in
 * the manuscript's name, or — for a file whose annotations all name one web page (a Hypothesis
 * export of a published text) — that page.
 */
function onThisDocument(source: string | undefined, input: ImportInput, sourceCount: number): boolean {
  if (source === undefined) return true;
  if (input.source !== undefined) return source === input.source;
  if (lastSegment(source) === input.documentName) return true;
  return /^https?:\/\//i.test(source) && sourceCount === 1;
}

function lastSegment(source: string): string {
  const path = source.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return safeDecode(path.slice(path.lastIndexOf('/') + 1));
}

/** The file's position as a UTF-16 offset of our text, or undefined when it has none or it is past the end. */
function hintOffset(item: ForeignAnnotation, offsets: CodePointOffsets, length: number): number | undefined {
  if (!item.position) return undefined;
  const { start, unit } = item.position;
  const offset = unit === 'code-point' ? offsets.toUtf16(start) : start;
  return offset !== undefined && offset <= length ? offset : undefined;
}

/** The cast's entities an item identifies, by our id or an authority IRI; IRIs of no entity, kept apart. */
function entityLinks(item: ForeignAnnotation, cast: Cast | undefined): { entities: string[]; unmatched: string[] } {
  const entities: string[] = [];
  const unmatched: string[] = [];
  for (const { iri, entity } of item.identifies) {
    const byOurId = entity ?? /^urn:marginalia:entity:(.+)$/.exec(iri)?.[1];
    const authority = authorityOfIri(iri);
    const byAuthority = authority
      ? cast?.entities.find((candidate) => authorityLinks(candidate).some((link) => link.label === authority.label && link.id === authority.id))?.id
      : undefined;
    const id = byOurId !== undefined ? safeDecode(byOurId) : byAuthority;
    if (id !== undefined && !entities.includes(id)) entities.push(id);
    else if (id === undefined) unmatched.push(iri);
  }
  return { entities, unmatched };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch (error) {
    if (error instanceof URIError) return text;
    throw error;
  }
}
