import { lineBoundaryAt } from '../text/textLines';
import { afterKey, itemExtentAlone } from './itemExtents';
import { nodeRange } from './nodes';
import type { Splice } from './splice';
import { isScalar, isSeq, type YamlPair } from './tree';
import { flowItem, flowList, inlineScalar } from './write';

/**
 * Splices that append `values` to the list under `pair` (`aliases:` of an entity, `dismissed:`,
 * `words:`, `manuscripts:`), keeping its style: `[a, b]` gets `, c`; a block list gets `- c` lines at
 * its items' column; an empty value (but perhaps a comment) becomes `[c]`; a single text `a` becomes
 * `[a, c]`. Undefined when the value is not a list or a text: the caller refuses the edit.
 */
export function appendToList(source: string, newline: string, pair: YamlPair, values: readonly string[]): Splice[] | undefined {
  const { key, value } = pair;
  if (isSeq(value) && value.flow) {
    // `[a, b ]`: the new items go after the last one, before any padding and the `]`.
    const [start, end] = nodeRange(value);
    const close = source.lastIndexOf(']', end - 1);
    const at = start + 1 + source.slice(start + 1, close).trimEnd().length;
    return [{ start: at, end: at, text: `${value.items.length === 0 ? '' : ', '}${values.map(flowItem).join(', ')}` }];
  }
  if (isSeq(value) && value.items.length > 0) {
    const last = value.items[value.items.length - 1];
    const { dashColumn } = itemExtentAlone(source, value, 0, afterKey(source, pair));
    const at = lineBoundaryAt(source, nodeRange(last)[1]);
    const needsBreak = at === source.length && source.length > 0 && !source.endsWith('\n');
    return [{ start: at, end: at, text: `${needsBreak ? newline : ''}${values.map((v) => `${' '.repeat(dashColumn)}- ${inlineScalar(v)}${newline}`).join('')}` }];
  }
  if (value === null || (isScalar(value) && value.value === null)) {
    // `key:` with nothing after it (but perhaps a comment): `key: [a]`.
    const colon = source.indexOf(':', nodeRange(key)[1]);
    const newlineAt = source.indexOf('\n', colon);
    const end = newlineAt < 0 ? source.length : source[newlineAt - 1] === '\r' ? newlineAt - 1 : newlineAt;
    const comment = /\s+#.*$/.exec(source.slice(colon + 1, end))?.[0] ?? '';
    return [{ start: colon + 1, end, text: ` ${flowList(values)}${comment}` }];
  }
  if (!isScalar(value) || !(typeof value.value === 'string' || typeof value.value === 'number' || typeof value.value === 'boolean')) return undefined;
  const existing = typeof value.value === 'string' ? value.value : (value.source ?? String(value.value));
  const [start, end] = nodeRange(value);
  return [{ start, end, text: flowList([existing, ...values]) }];
}
