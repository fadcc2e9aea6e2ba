import type { CST } from 'yaml';

/**
 * What stands before a node in `yaml`'s CST — the indicator (`-`, `?`, `:`, `---`), a comma in a
 * flow collection, an anchor, a tag, spaces, line breaks and comments — read with the checks YAML
 * asks of it (one anchor, one tag, white space after them and before a comment, no tab as
 * indentation), reported as `yaml`'s composer reports them.
 */

/** Where a problem is: an offset, a span (or a node's range: its start and value end), or a token (its whole source). */
export type ProblemPlace = number | readonly number[] | { readonly offset: number; readonly source?: string };

export type ReportProblem = (place: ProblemPlace, code: string, message: string, warning?: boolean) => void;

export type PropsIndicator = 'doc-start' | 'explicit-key-ind' | 'map-value-ind' | 'seq-item-ind';

export interface PropsContext {
  /** `flow map` or `flow sequence` inside a flow collection (which allows commas and tabs). */
  readonly flow?: string;
  readonly indicator: PropsIndicator;
  /** The token after the props. */
  readonly next: CST.Token | null | undefined;
  /** Where the props start when there are none. */
  readonly offset: number;
  readonly parentIndent: number;
  readonly startOnNewline: boolean;
}

export interface Props {
  readonly found: CST.SourceToken | null;
  readonly comma: CST.SourceToken | null;
  /** The comments among the props, as `yaml` joins them ('' when there are none). */
  comment: string;
  readonly hasNewline: boolean;
  readonly anchor: CST.SourceToken | null;
  readonly tag: CST.SourceToken | null;
  /** The line break after an anchor or a tag, if any. */
  readonly newlineAfterProp: CST.SourceToken | null;
  /** Where the props end. */
  readonly end: number;
  /** Where the first anchor or tag is, else `end`. */
  readonly start: number;
}

const SEPARATION = 'Tags and anchors must be separated from the next token by white space';

export function readProps(tokens: readonly CST.SourceToken[], context: PropsContext, report: ReportProblem): Props {
  const { flow, indicator, next } = context;
  let atNewline = context.startOnNewline;
  let hasSpace = context.startOnNewline;
  let comment = '';
  let commentSeparator = '';
  let hasNewline = false;
  let needsSpace = false;
  let tab: CST.SourceToken | null = null;
  let anchor: CST.SourceToken | null = null;
  let tag: CST.SourceToken | null = null;
  let newlineAfterProp: CST.SourceToken | null = null;
  let comma: CST.SourceToken | null = null;
  let found: CST.SourceToken | null = null;
  let start: number | null = null;

  for (const token of tokens) {
    if (needsSpace) {
      if (token.type !== 'space' && token.type !== 'newline' && token.type !== 'comma') report(token.offset, 'MISSING_CHAR', SEPARATION);
      needsSpace = false;
    }
    if (tab) {
      if (atNewline && token.type !== 'comment' && token.type !== 'newline') report(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
      tab = null;
    }
    if (token.type === 'space') {
      // A tab may separate `---` from a flow collection, and anything inside one.
      if (!flow && (indicator !== 'doc-start' || next?.type !== 'flow-collection') && token.source.includes('\t')) tab = token;
      hasSpace = true;
    } else if (token.type === 'comment') {
      if (!hasSpace) report(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
      const text = token.source.substring(1) || ' ';
      comment = comment === '' ? text : comment + commentSeparator + text;
      commentSeparator = '';
      atNewline = false;
    } else if (token.type === 'newline') {
      if (!atNewline) commentSeparator += token.source;
      else if (comment !== '') comment += token.source;
      atNewline = true;
      hasNewline = true;
      if (anchor || tag) newlineAfterProp = token;
      hasSpace = true;
    } else if (token.type === 'anchor' || token.type === 'tag') {
      if (token.type === 'anchor') {
        if (anchor) report(token, 'MULTIPLE_ANCHORS', 'A node can have at most one anchor');
        if (token.source.endsWith(':')) report(token.offset + token.source.length - 1, 'BAD_ALIAS', 'Anchor ending in : is ambiguous', true);
        anchor = token;
      } else {
        if (tag) report(token, 'MULTIPLE_TAGS', 'A node can have at most one tag');
        tag = token;
      }
      start ??= token.offset;
      atNewline = false;
      hasSpace = false;
      needsSpace = true;
    } else if (token.type === indicator) {
      if (anchor || tag) report(token, 'BAD_PROP_ORDER', `Anchors and tags must be after the ${token.source} indicator`);
      if (found) report(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.source} in ${flow ?? 'collection'}`);
      found = token;
      atNewline = indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
      hasSpace = false;
    } else if (token.type === 'comma' && flow) {
      if (comma) report(token, 'UNEXPECTED_TOKEN', `Unexpected , in ${flow}`);
      comma = token;
      atNewline = false;
      hasSpace = false;
    } else {
      report(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.type} token`);
      atNewline = false;
      hasSpace = false;
    }
  }

  const last = tokens[tokens.length - 1];
  const end = last ? last.offset + last.source.length : context.offset;
  if (needsSpace && next && next.type !== 'space' && next.type !== 'newline' && next.type !== 'comma' && (next.type !== 'scalar' || next.source !== '')) {
    report(next.offset, 'MISSING_CHAR', SEPARATION);
  }
  if (tab && ((atNewline && tab.indent <= context.parentIndent) || next?.type === 'block-map' || next?.type === 'block-seq')) {
    report(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
  }
  return { comma, found, comment, hasNewline, anchor, tag, newlineAfterProp, end, start: start ?? end };
}

/** Where the spaces, line breaks and comments after a node end; anything else there is reported. */
export function readEnd(tokens: readonly CST.SourceToken[] | undefined, offset: number, spaceBeforeComment: boolean, report: ReportProblem): { readonly offset: number; readonly hasComment: boolean } {
  let end = offset;
  let hasComment = false;
  let hasSpace = false;
  for (const token of tokens ?? []) {
    if (token.type === 'space' || token.type === 'newline') hasSpace = true;
    else if (token.type === 'comment') {
      if (spaceBeforeComment && !hasSpace) report(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
      hasComment = true;
    } else report(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.type} at node end`);
    end += token.source.length;
  }
  return { offset: end, hasComment };
}

/** Whether a key runs over more than one line (an implicit key must not). */
export function containsNewline(key: CST.Token | null | undefined): boolean {
  if (!key) return false;
  switch (key.type) {
    case 'alias':
    case 'scalar':
    case 'double-quoted-scalar':
    case 'single-quoted-scalar':
      return key.source.includes('\n') || (key.end ?? []).some((token) => token.type === 'newline');
    case 'flow-collection':
      return key.items.some(
        (item) =>
          item.start.some((token) => token.type === 'newline') ||
          (item.sep ?? []).some((token) => token.type === 'newline') ||
          containsNewline(item.key) ||
          containsNewline(item.value),
      );
    default:
      return true;
  }
}

/** Where an empty node (`key:`, `- `) is placed: after the indicator and the spaces behind it, before comments and line breaks. */
export function emptyScalarPosition(offset: number, before: readonly CST.SourceToken[] | undefined): number {
  if (!before) return offset;
  let position = offset;
  for (let i = before.length - 1; i >= 0; --i) {
    const token = before[i];
    if (token.type === 'space' || token.type === 'comment' || token.type === 'newline') {
      position -= token.source.length;
      continue;
    }
    for (let j = i + 1; before[j]?.type === 'space'; ++j) position += before[j].source.length;
    break;
  }
  return position;
}
