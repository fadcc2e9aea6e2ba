import { isAlias, isMap, isScalar, isSeq, type YamlMap, type YamlNode, type YamlPair } from '../yaml/tree';
import type { Annotation, AnnotationStatus, AnnotationTarget, Reply } from './annotation';
import { firstPair, pairsOf } from '../yaml/nodes';

/**
 * Reading one list item of `annotations:` into an annotation, from the nodes of either reader (the
 * fast one or `yaml`), with a problem for each field that cannot be used.
 */

export type Report = (severity: 'error' | 'warning', code: string, message: string, node: YamlNode | null | undefined, fallback?: YamlNode) => void;

export const silent: Report = () => undefined;

/** What is known of one list item, usable or not. */
export interface ItemRead {
  /** The item's map, when it is written as one (not through an alias). */
  readonly map: YamlMap | undefined;
  readonly id: string | undefined;
  readonly idNode: YamlNode | undefined;
  /** Undefined when the item cannot be used (no id, no quote…). */
  readonly annotation: Annotation | undefined;
  /** The fields that were read as valid, by key (absent ones with their default). */
  readonly valid: Map<string, unknown>;
  readonly targetMap: YamlMap | undefined;
  readonly targetValid: Map<string, unknown>;
  readonly replies: readonly ReplyRead[];
}

export interface ReplyRead {
  readonly node: YamlNode;
  readonly map: YamlMap | undefined;
  readonly reply: Reply | undefined;
  readonly valid: Map<string, unknown>;
}



export class Reader {
  constructor(private readonly report: Report) {}

  /** The node, with an alias resolved one step (never expanded further). */
  node(value: YamlNode | null | undefined): YamlNode | null {
    if (value === null || value === undefined) return null;
    return isAlias(value) ? (value.target ?? null) : value;
  }

  item(node: YamlNode): ItemRead {
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
  position(node: YamlNode): AnnotationTarget['position'] | undefined {
    const map = this.node(node);
    if (!isMap(map)) return undefined;
    const { id, target } = this.identity(map, (key) => firstPair(map, key), new Map());
    return id === undefined ? undefined : target?.position;
  }

  /** An item's id and target, each reported when it is not usable. */
  private identity(map: YamlMap, pair: (key: string) => YamlPair | undefined, targetValid: Map<string, unknown>) {
    const idPair = pair('id');
    const idNode = this.node(idPair?.value);
    const id = isScalar(idNode) && typeof idNode.value === 'string' && idNode.value.trim() !== '' ? idNode.value : undefined;
    if (id === undefined) {
      this.report('error', 'annotation-id', 'This annotation has no `id:` (a text such as a7kq2m4x9dw3p): it is skipped.', idPair?.value, map);
    }
    const targetValue = pair('target')?.value;
    const targetNode = this.node(targetValue);
    let target: AnnotationTarget | undefined;
    let targetMap: YamlMap | undefined;
    if (!isMap(targetNode)) {
      this.report(
        'error',
        'annotation-target',
        `Annotation ${id ?? '(no id)'} has no \`target:\` (its quote, context and position): it is skipped.`,
        targetValue,
        map,
      );
    } else {
      targetMap = isMap(targetValue) ? targetValue : undefined;
      target = this.target(targetNode, id, targetValid, map);
    }
    return { id, idNode, target, targetMap };
  }

  private target(map: YamlMap, id: string | undefined, valid: Map<string, unknown>, item: YamlMap): AnnotationTarget | undefined {
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
      const quoteNode = pairs.get('quote')?.value;
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
  private text(pairs: Map<string, YamlPair>, key: string, what: string, severity: 'error' | 'warning' = 'warning'): Field<string | undefined> {
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

  private integer(pairs: Map<string, YamlPair>, key: string, what: string): Field<number | undefined> {
    const node = this.node(pairs.get(key)?.value);
    if (node === null || (isScalar(node) && node.value === null)) return { ok: true, value: undefined };
    if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= 0) return { ok: true, value: node.value };
    this.report('warning', 'annotation-field', `\`${key}\` should be ${what}: it is ignored.`, node);
    return { ok: false };
  }

  /** A list of names (tags, entity ids): a flow or block sequence of texts. */
  private names(pairs: Map<string, YamlPair>, key: string): Field<readonly string[]> {
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
        this.report('warning', 'annotation-field', `Each of \`${key}\` should be a name: this one is ignored.`, item);
      }
    }
    return ok ? { ok: true, value: names } : { ok: false };
  }

  private status(pairs: Map<string, YamlPair>): Field<AnnotationStatus> {
    const node = this.node(pairs.get('status')?.value);
    if (node === null || (isScalar(node) && node.value === null)) return { ok: true, value: 'open' };
    if (isScalar(node) && (node.value === 'open' || node.value === 'resolved')) return { ok: true, value: node.value };
    const shown = isScalar(node) ? ` “${String(node.value)}”` : '';
    this.report('warning', 'annotation-status', `\`status\` is \`open\` or \`resolved\`, not${shown || ' this'}: read as open.`, node);
    return { ok: false };
  }

  private replies(pairs: Map<string, YamlPair>): { ok: boolean; list: ReplyRead[] } {
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
        this.report('warning', 'annotation-reply', 'A reply is a map with `id:`, `author:`, `created:` and `body:`: this one is ignored.', item);
        return { node: item, map: undefined, reply: undefined, valid };
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
        this.report('warning', 'annotation-reply', 'This reply has no `id:`: it is ignored.', replyPairs.get('id')?.value, map);
        return { node: item, map: isMap(item) ? item : undefined, reply: undefined, valid };
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
      return { node: item, map: isMap(item) ? item : undefined, reply, valid };
    });
    return { ok, list };
  }
}

type Field<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };
