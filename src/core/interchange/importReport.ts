import type { Position } from '../manuscript/model';
import type { ImportPlan } from './planImport';

/** A JSON text parsed, or where and why it is not JSON. */
export type ParsedJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string; readonly position: Position };

/** `JSON.parse`, with the place of a syntax error as a line and column (engines give an offset). */
export function parseJsonText(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const lineColumn = /line (\d+) column (\d+)/.exec(error.message);
    const offset = /position (\d+)/.exec(error.message);
    let position: Position = { line: 0, character: 0 };
    if (lineColumn) {
      position = { line: Number(lineColumn[1]) - 1, character: Number(lineColumn[2]) - 1 };
    } else if (offset) {
      const before = text.slice(0, Number(offset[1]));
      position = { line: before.split('\n').length - 1, character: before.length - (before.lastIndexOf('\n') + 1) };
    }
    return { ok: false, message: `not JSON: ${error.message.replace(/,? ?(?:\(line \d+ column \d+\)|in JSON at position \d+).*$/, '')}`, position };
  }
}

/** The import's summary in words: "12 annotations (9 anchored, …), 3 replies; 2 skipped". */
export function describeImport(plan: ImportPlan, format: 'w3c' | 'hypothesis'): string {
  const { counts } = plan;
  const found = counts.anchored + counts.moved + counts.fuzzy + counts.ambiguous + counts.orphaned;
  const parts = [
    `${counts.anchored} anchored`,
    counts.moved > 0 ? `${counts.moved} moved` : undefined,
    `${counts.fuzzy} fuzzy`,
    `${counts.ambiguous} ambiguous`,
    `${counts.orphaned} orphaned`,
  ].filter(Boolean);
  const from = format === 'w3c' ? 'W3C Web Annotations' : 'a Hypothesis export';
  let summary = `${found} annotation${found === 1 ? '' : 's'} from ${from} (${parts.join(', ')})`;
  if (counts.ambiguous + counts.orphaned > 0) summary += `, the ambiguous and orphaned kept with their quotes to re-attach`;
  summary += `; ${counts.replies} repl${counts.replies === 1 ? 'y' : 'ies'}`;
  if (counts['already-imported'] > 0) summary += `; ${counts['already-imported']} already imported`;
  if (counts.skipped > 0) summary += `; ${counts.skipped} skipped`;
  return `${summary}.`;
}
