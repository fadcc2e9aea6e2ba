import { CST } from 'yaml';
import { containsNewline, emptyScalarPosition, readEnd, readProps, type Props, type ReportProblem } from './composeProps';
import { MAP_TAG, plainScalarValue, SEQ_TAG, tagName, taggedScalarValue } from './coreSchema';
import { YamlAlias, YamlMap, YamlScalar, YamlSeq, type YamlNode } from './tree';

/**
 * The nodes of one document, composed from `yaml`'s CST into our tree: block and flow collections,
 * scalars (their text read by `yaml`'s own `CST.resolveAsScalar`, their value by the core schema),
 * anchors and aliases. Every check `yaml`'s composer makes of a document's structure is made here
 * too, with its code and wording — a text `yaml` calls broken is broken here, so that a reader
 * never writes over a file it could not read whole; `test/unit/composeDifferential.test.ts`
 * compares the two on thousands of texts. Where they differ, on purpose: the tags of `yaml`'s
 * YAML 1.1 types (`!!timestamp`, `!!binary`, `!!set`, `!!omap`, `!!pairs`) are unknown here (a
 * warning, the text or collection kept as written), and `%YAML 1.1` is refused (`compose.ts`).
 */

const START_COLUMN = 'All mapping items must start at the same column';
const BLOCK_IN_FLOW = 'Block collections are not allowed within flow collections';
const UNINDENTED_BLOCK_SCALAR = 'Block scalar values in collections must be indented';

type FlowCollectionItem = CST.FlowCollection['items'][number];

export class NodeComposer {
  /** The node each anchor names, set in the order of the text, so that an alias finds the last one before it. */
  private readonly anchors = new Map<string, YamlNode>();
  readonly aliases: YamlAlias[] = [];
  private atRoot = true;

  constructor(
    private readonly report: ReportProblem,
    private readonly uniqueKeys: boolean,
    private readonly tagHandles: ReadonlyMap<string, string>,
  ) {}

  node(token: CST.Token, props: Props): YamlNode {
    let node: YamlNode | undefined;
    const { anchor, tag } = props;
    switch (token.type) {
      case 'alias':
        node = this.alias(token);
        if (anchor || tag) this.report(token, 'ALIAS_PROPS', 'An alias node must not specify any properties');
        break;
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        node = this.anchored(this.scalar(token, tag), anchor);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        node = this.collection(token, props);
        break;
      default:
        this.report(token, 'UNEXPECTED_TOKEN', token.type === 'error' ? token.message : `Unsupported token (type: ${token.type})`);
    }
    node ??= this.emptyNode(token.offset, undefined, props);
    if (anchor && node.anchor === '') this.report(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    return node;
  }

  /** The node of an empty value (`key:`, `- `, `? a`), null unless a tag says otherwise; it ends after its comment. */
  emptyNode(offset: number, before: readonly CST.SourceToken[] | undefined, props: Props): YamlScalar {
    const start = emptyScalarPosition(offset, before);
    const node = this.scalarOf('', true, start, props.tag);
    node.end(start, props.comment !== '' ? props.end : start);
    if (props.anchor) {
      this.anchored(node, props.anchor);
      if (node.anchor === '') this.report(props.anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    }
    return node;
  }

  private anchored<T extends YamlNode>(node: T, anchor: CST.SourceToken | null): T {
    if (anchor) {
      node.anchor = anchor.source.substring(1);
      this.anchors.set(node.anchor, node);
    }
    return node;
  }

  private alias(token: CST.FlowScalar): YamlAlias {
    const name = token.source.substring(1);
    if (name === '') this.report(token.offset, 'BAD_ALIAS', 'Alias cannot be an empty string');
    if (name.endsWith(':')) this.report(token.offset + token.source.length - 1, 'BAD_ALIAS', 'Alias ending in : is ambiguous', true);
    const valueEnd = token.offset + token.source.length;
    const alias = new YamlAlias(name, token.offset).end(valueEnd, readEnd(token.end, valueEnd, true, this.report).offset);
    alias.target = this.anchors.get(name);
    this.aliases.push(alias);
    return alias;
  }

  private scalar(token: CST.FlowScalar | CST.BlockScalar, tagToken: CST.SourceToken | null): YamlScalar {
    // `resolveAsScalar` cannot be told that a block scalar is the whole document, which may start
    // at column 0 (`--- |`), so it reports one as if it were in a collection: not an error there.
    const inCollection = !this.atRoot;
    const resolved = CST.resolveAsScalar(token, true, (offset, code, message) => {
      if (inCollection || message !== UNINDENTED_BLOCK_SCALAR) this.report(offset, code, message);
    });
    if (resolved === null) throw new Error(`not a scalar token: ${token.type}`);
    const [start, valueEnd, nodeEnd] = resolved.range;
    return this.scalarOf(resolved.value, token.type === 'scalar', start, tagToken).end(valueEnd, nodeEnd);
  }

  /** A scalar of `text`: its value by its tag, or by the core schema when it is plain. */
  private scalarOf(text: string, plain: boolean, start: number, tagToken: CST.SourceToken | null): YamlScalar {
    const name = tagToken ? this.tagName(tagToken) : null;
    let value: unknown = plain ? plainScalarValue(text) : text;
    // No tag, one that names nothing, or the empty verbatim tag `!<>`: the value by the core schema.
    if (name) {
      const tagged = taggedScalarValue(text, name);
      if (tagged) value = tagged.value;
      else {
        // A tag the core schema does not know, or whose type the text is not: a warning, the text kept.
        value = text;
        if (tagToken) this.report(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${name}`, true);
      }
    }
    const node = new YamlScalar(value, start);
    node.source = text;
    return node;
  }

  private tagName(tagToken: CST.SourceToken): string | null {
    return tagName(tagToken.source, this.tagHandles, (message) => this.report(tagToken, 'TAG_RESOLVE_FAILED', message));
  }

  private collection(token: CST.BlockMap | CST.BlockSequence | CST.FlowCollection, props: Props): YamlNode | undefined {
    const { anchor, tag: tagToken } = props;
    const name = tagToken ? this.tagName(tagToken) : null;
    if (token.type === 'block-seq') {
      const lastProp = anchor && tagToken ? (anchor.offset > tagToken.offset ? anchor : tagToken) : (anchor ?? tagToken);
      const newline = props.newlineAfterProp;
      if (lastProp && (!newline || newline.offset < lastProp.offset)) this.report(lastProp, 'MISSING_CHAR', 'Missing newline after block sequence props');
    }
    const isMap = token.type === 'block-map' || (token.type === 'flow-collection' && token.start.source === '{');
    if (tagToken && name && name !== '!' && name !== (isMap ? MAP_TAG : SEQ_TAG)) {
      // The core schema has no other collection type; `yaml` warns and keeps the collection as written.
      this.report(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${name}`, true);
    }
    try {
      if (token.type === 'block-map') return this.blockMap(token, anchor);
      if (token.type === 'block-seq') return this.blockSeq(token, anchor);
      return this.flowCollection(token, anchor);
    } catch (error) {
      // Nesting deeper than the stack: reported as `yaml` reports it, the collection left empty.
      if (!(error instanceof RangeError)) throw error;
      this.report(token, 'RESOURCE_EXHAUSTION', error.message);
      return undefined;
    }
  }

  private leaveRoot(): boolean {
    const atRoot = this.atRoot;
    this.atRoot = false;
    return atRoot;
  }

  private blockMap(token: CST.BlockMap, anchor: CST.SourceToken | null): YamlMap {
    const map = this.anchored(new YamlMap(token.offset), anchor);
    this.leaveRoot();
    const keys = new KeySet(this.uniqueKeys);
    let offset = token.offset;
    let commentEnd: number | null = null;
    for (const { start, key, sep, value } of token.items) {
      const keyProps = readProps(start, { indicator: 'explicit-key-ind', next: key ?? sep?.[0], offset, parentIndent: token.indent, startOnNewline: true }, this.report);
      const implicitKey = !keyProps.found;
      if (implicitKey) {
        if (key?.type === 'block-seq') this.report(offset, 'BLOCK_AS_IMPLICIT_KEY', 'A block sequence may not be used as an implicit map key');
        else if (key && 'indent' in key && key.indent !== token.indent) this.report(offset, 'BAD_INDENT', START_COLUMN);
        if (!keyProps.anchor && !keyProps.tag && !sep) {
          commentEnd = keyProps.end;
          continue;
        }
        if (keyProps.newlineAfterProp || containsNewline(key)) {
          this.report(key ?? start[start.length - 1], 'MULTILINE_IMPLICIT_KEY', 'Implicit keys need to be on a single line');
        }
      } else if (keyProps.found?.indent !== token.indent) {
        this.report(offset, 'BAD_INDENT', START_COLUMN);
      }
      const keyStart = keyProps.end;
      const keyNode = key ? this.node(key, keyProps) : this.emptyNode(keyStart, start, keyProps);
      if (keys.addIsRepeat(keyNode)) this.report(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
      const valueProps = readProps(sep ?? [], { indicator: 'map-value-ind', next: value, offset: keyNode.nodeEnd, parentIndent: token.indent, startOnNewline: !key || key.type === 'block-scalar' }, this.report);
      offset = valueProps.end;
      if (valueProps.found) {
        if (implicitKey) {
          if (value?.type === 'block-map' && !valueProps.hasNewline) this.report(offset, 'BLOCK_AS_IMPLICIT_KEY', 'Nested mappings are not allowed in compact mappings');
          if (keyProps.start < valueProps.found.offset - 1024) this.report(keyNode.range, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key');
        }
        const valueNode = value ? this.node(value, valueProps) : this.emptyNode(offset, sep, valueProps);
        offset = valueNode.nodeEnd;
        map.items.push({ key: keyNode, value: valueNode });
      } else {
        if (implicitKey) this.report(keyNode.range, 'MISSING_CHAR', 'Implicit map keys need to be followed by map values');
        map.items.push({ key: keyNode, value: null });
      }
    }
    if (commentEnd !== null && commentEnd < offset) this.report(commentEnd, 'IMPOSSIBLE', 'Map comment with trailing content');
    return map.end(offset, commentEnd ?? offset);
  }

  private blockSeq(token: CST.BlockSequence, anchor: CST.SourceToken | null): YamlSeq {
    const seq = this.anchored(new YamlSeq(token.offset), anchor);
    this.leaveRoot();
    let offset = token.offset;
    let commentEnd: number | null = null;
    for (const { start, value } of token.items) {
      const props = readProps(start, { indicator: 'seq-item-ind', next: value, offset, parentIndent: token.indent, startOnNewline: true }, this.report);
      if (!props.found) {
        if (!props.anchor && !props.tag && !value) {
          commentEnd = props.end;
          continue;
        }
        if (value?.type === 'block-seq') this.report(props.end, 'BAD_INDENT', 'All sequence items must start at the same column');
        else this.report(offset, 'MISSING_CHAR', 'Sequence item without - indicator');
      }
      const node = value ? this.node(value, props) : this.emptyNode(props.end, start, props);
      offset = node.nodeEnd;
      seq.items.push(node);
    }
    return seq.end(offset, commentEnd ?? offset);
  }

  private flowCollection(token: CST.FlowCollection, anchor: CST.SourceToken | null): YamlMap | YamlSeq {
    const isMap = token.start.source === '{';
    const name = isMap ? 'flow map' : 'flow sequence';
    const collection = this.anchored(isMap ? new YamlMap(token.offset) : new YamlSeq(token.offset), anchor);
    collection.flow = true;
    const atRoot = this.leaveRoot();
    const keys = new KeySet(this.uniqueKeys);
    let offset = token.offset + token.start.source.length;
    token.items.forEach((item, index) => {
      const props = readProps(item.start, { flow: name, indicator: 'explicit-key-ind', next: item.key ?? item.sep?.[0], offset, parentIndent: token.indent, startOnNewline: false }, this.report);
      if (!props.found) {
        if (!props.anchor && !props.tag && !item.sep && !item.value) {
          if (index === 0 && props.comma) this.report(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${name}`);
          else if (index < token.items.length - 1) this.report(props.start, 'UNEXPECTED_TOKEN', `Unexpected empty item in ${name}`);
          offset = props.end;
          return;
        }
        if (!isMap && containsNewline(item.key)) this.report(item.key ?? props.start, 'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
      }
      if (index === 0) {
        if (props.comma) this.report(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${name}`);
      } else {
        if (!props.comma) this.report(props.start, 'MISSING_CHAR', `Missing , between ${name} items`);
        props.comment = withoutPreviousItemComment(props.comment, item.start);
      }
      offset = this.flowItem(collection, item, props, { name, indent: token.indent }, keys);
    });
    return collection.end(...this.flowEnd(token, offset, name, atRoot));
  }

  /** One item of a flow collection (a value, or a pair: in a flow sequence, a map of one pair); where it ends. */
  private flowItem(collection: YamlMap | YamlSeq, item: FlowCollectionItem, props: Props, { name, indent }: { name: string; indent: number }, keys: KeySet): number {
    const { start, key, sep, value } = item;
    if (collection instanceof YamlSeq && !sep && !props.found) {
      const valueNode = value ? this.node(value, props) : this.emptyNode(props.end, sep, props);
      collection.items.push(valueNode);
      if (isBlockCollection(value)) this.report(valueNode.range, 'BLOCK_IN_FLOW', BLOCK_IN_FLOW);
      return valueNode.nodeEnd;
    }
    const keyStart = props.end;
    const keyNode = key ? this.node(key, props) : this.emptyNode(keyStart, start, props);
    if (isBlockCollection(key)) this.report(keyNode.range, 'BLOCK_IN_FLOW', BLOCK_IN_FLOW);
    const valueProps = readProps(sep ?? [], { flow: name, indicator: 'map-value-ind', next: value, offset: keyNode.nodeEnd, parentIndent: indent, startOnNewline: false }, this.report);
    if (valueProps.found) {
      if (collection instanceof YamlSeq && !props.found) {
        const newline = sep?.slice(0, sep.indexOf(valueProps.found)).find((token) => token.type === 'newline');
        if (newline) this.report(newline, 'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
        if (props.start < valueProps.found.offset - 1024) this.report(valueProps.found, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit flow sequence key');
      }
    } else if (value) {
      if ('source' in value && value.source?.[0] === ':') this.report(value, 'MISSING_CHAR', `Missing space after : in ${name}`);
      else this.report(valueProps.start, 'MISSING_CHAR', `Missing , or : between ${name} items`);
    }
    const valueNode = value ? this.node(value, valueProps) : valueProps.found ? this.emptyNode(valueProps.end, sep, valueProps) : null;
    if (valueNode && isBlockCollection(value)) this.report(valueNode.range, 'BLOCK_IN_FLOW', BLOCK_IN_FLOW);
    const pair = { key: keyNode, value: valueNode };
    if (collection instanceof YamlMap) {
      if (keys.addIsRepeat(keyNode)) this.report(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
      collection.items.push(pair);
    } else {
      const last = valueNode ?? keyNode;
      const map = new YamlMap(keyNode.start).end(last.valueEnd, last.nodeEnd);
      map.flow = true;
      map.items.push(pair);
      collection.items.push(map);
    }
    return valueNode ? valueNode.nodeEnd : valueProps.end;
  }

  /** The value end and node end of a flow collection: after its `]` or `}` (which must be there), and the comment after it. */
  private flowEnd(token: CST.FlowCollection, offset: number, name: string, atRoot: boolean): [number, number] {
    const expected = name === 'flow map' ? '}' : ']';
    const [closing, ...rest] = token.end;
    let valueEnd = offset;
    if (closing?.source === expected) valueEnd = closing.offset + closing.source.length;
    else {
      const capitalised = name[0].toUpperCase() + name.substring(1);
      if (atRoot) this.report(offset, 'MISSING_CHAR', `${capitalised} must end with a ${expected}`);
      else this.report(offset, 'BAD_INDENT', `${capitalised} in block collection must be sufficiently indented and end with a ${expected}`);
      if (closing && closing.source.length !== 1) rest.unshift(closing);
    }
    return [valueEnd, rest.length > 0 ? readEnd(rest, valueEnd, true, this.report).offset : valueEnd];
  }
}

function isBlockCollection(token: CST.Token | null | undefined): boolean {
  return token?.type === 'block-map' || token?.type === 'block-seq';
}

/**
 * An item's comments less the one that belongs to the item before it (`a, # about a`), which is
 * not the item's: a flow item's empty value ends after its own comments only.
 */
function withoutPreviousItemComment(comment: string, start: readonly CST.SourceToken[]): string {
  if (comment === '') return comment;
  for (const token of start) {
    if (token.type === 'comma' || token.type === 'space') continue;
    if (token.type === 'comment') {
      const previous = token.source.substring(1);
      return previous === '' ? comment : comment.substring(previous.length + 1);
    }
    break;
  }
  return comment;
}

/**
 * The keys of one map, for `uniqueKeys`: scalars are the same key when their values are (`1` and
 * `01`, `a` and `"a"`), as `yaml` compares them; any other key is never a repeat. A set rather than
 * `yaml`'s scan of the items, so a map of many keys costs no more than one pass.
 */
class KeySet {
  /** Made at the first key, and only when keys must be unique: sidecars have maps by the hundred thousand. */
  private seen: Set<unknown> | undefined;

  constructor(private readonly unique: boolean) {}

  addIsRepeat(key: YamlNode): boolean {
    if (!this.unique || !(key instanceof YamlScalar) || Number.isNaN(key.value)) return false;
    this.seen ??= new Set();
    if (this.seen.has(key.value)) return true;
    this.seen.add(key.value);
    return false;
  }
}
