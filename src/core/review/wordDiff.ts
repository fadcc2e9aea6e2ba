/** Part of a word diff: text kept, removed or added. */
export interface DiffPart {
  readonly op: '=' | '-' | '+';
  readonly text: string;
}

/**
 * A word diff of two texts: kept, removed and added runs. Texts too different to align word by
 * word in reasonable time show as all removed and all added.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = before.match(/\s+|[^\s]+/g) ?? [];
  const b = after.match(/\s+|[^\s]+/g) ?? [];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  const push = (op: DiffPart['op'], text: string) => {
    if (text === '') return;
    const last = parts[parts.length - 1];
    if (last && last.op === op) parts[parts.length - 1] = { op, text: last.text + text };
    else parts.push({ op, text });
  };
  push('=', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > 250_000) {
    push('-', midA.join(''));
    push('+', midB.join(''));
  } else {
    // Longest common subsequence of the words between the common prefix and suffix.
    const n = midA.length;
    const m = midB.length;
    const table = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        table[i * (m + 1) + j] = midA[i] === midB[j] ? table[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        push('=', midA[i++]);
        j++;
      } else if (i < n && (j === m || table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1])) {
        push('-', midA[i++]);
      } else {
        push('+', midB[j++]);
      }
    }
  }
  push('=', a.slice(endA).join(''));
  return folded(parts);
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
