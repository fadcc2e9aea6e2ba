import { diffArrays } from 'diff';

/** Part of a word diff: text kept, removed or added. */
export interface DiffPart {
  readonly op: '=' | '-' | '+';
  readonly text: string;
}

/**
 * A word diff of two texts: kept, removed and added runs of words and the spaces between them.
 * jsdiff's Myers diff over our own tokens (a word is any run of non-space characters, so
 * punctuation stays with its word) has no size limit, unlike a table of every pair of words.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const change of diffArrays(tokens(before), tokens(after))) {
    const op = change.added ? '+' : change.removed ? '-' : '=';
    const text = change.value.join('');
    const last = parts[parts.length - 1];
    if (last && last.op === op) parts[parts.length - 1] = { op, text: last.text + text };
    else parts.push({ op, text });
  }
  return folded(parts);
}

function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

/** Runs of changes with only spaces kept between them read as one removal and one addition. */
function folded(parts: readonly DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (let i = 0; i < parts.length; ) {
    if (parts[i].op === '=') {
      out.push(parts[i++]);
      continue;
    }
    let removed = '';
    let added = '';
    let j = i;
    for (; j < parts.length; j++) {
      const part = parts[j];
      const between = part.op === '=' && /^\s+$/.test(part.text) && j + 1 < parts.length && parts[j + 1].op !== '=';
      if (part.op === '=' && !between) break;
      if (part.op !== '+') removed += part.text;
      if (part.op !== '-') added += part.text;
    }
    if (removed !== '') out.push({ op: '-', text: removed });
    if (added !== '') out.push({ op: '+', text: added });
    i = j;
  }
  return out;
}
