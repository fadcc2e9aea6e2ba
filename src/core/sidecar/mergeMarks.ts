import { composeYaml } from '../yaml/compose';
import { isMap, isScalar, isSeq, type YamlDocument, type YamlMap, type YamlNode, type YamlPair } from '../yaml/tree';
import { lineStartsOf, positionAt } from '../manuscript/book';
import type { Range } from '../manuscript/model';
import type { SidecarProblem } from './sidecarFile';

/**
 * The marks the merge driver (`core/merge`) leaves in a sidecar or `marginalia.yaml` where both
 * branches changed the same item, found again by the readers so that the file reports them (and is
 * not written until they are resolved).
 */

export type ConflictReason = 'changed on both branches' | 'deleted on one branch, changed on the other';

export const BOTH_CHANGED: ConflictReason = 'changed on both branches';
export const DELETED_AND_CHANGED: ConflictReason = 'deleted on one branch, changed on the other';

/** The problem code of a conflict recorded by a merge. */
export const MERGE_CONFLICT_CODE = 'merge-conflict';



const NOUNS: Readonly<Record<string, string>> = {
  annotations: 'Annotation',
  pins: 'The pin of',
  people: 'Person',
  places: 'Place',
  organizations: 'Organization',
};

/**
 * The conflicts a merge recorded in a parsed sidecar or `marginalia.yaml`: an item of a top-level
 * list with a `conflict:` field, and each entry of a top-level `conflicts:` list. `parseAnnotations`
 * calls this; `findMergeConflicts` reads a text for it.
 */
export function mergeConflictProblems(document: YamlDocument, text: string, rangeOf: (start: number, end: number) => Range): SidecarProblem[] {
  if (!text.includes('conflict')) return [];
  const contents = document.contents;
  if (!isMap(contents)) return [];
  const problems: SidecarProblem[] = [];
  const at = (node: YamlNode | null | undefined) => rangeOf(node?.range?.[0] ?? 0, node?.range?.[1] ?? 0);
  const reasonOf = (map: YamlMap | undefined) => {
    const reason = map && scalarValue(map, 'reason');
    return typeof reason === 'string' ? reason : BOTH_CHANGED;
  };
  for (const pair of contents.items as YamlPair[]) {
    const section = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (section === undefined || !isSeq(pair.value)) continue;
    for (const item of pair.value.items) {
      if (!isMap(item)) continue;
      if (section === 'conflicts') {
        const path = scalarValue(item, 'path');
        const reason = reasonOf(item);
        const what = typeof path === 'string' ? `\`${path}\`` : 'An entry';
        const choice =
          reason === DELETED_AND_CHANGED
            ? 'keep it as this file has it, or delete it; then delete this entry of `conflicts:`.'
            : 'this file has one version and `other:` here the other: keep the one you want, then delete this entry of `conflicts:`.';
        problems.push({ severity: 'error', code: MERGE_CONFLICT_CODE, message: `${what} was ${reason}: choose one — ${choice}`, range: at(item) });
        continue;
      }
      const conflict = item.items.find((candidate) => isScalar(candidate.key) && candidate.key.value === 'conflict');
      if (!conflict) continue;
      const id = scalarValue(item, 'id');
      const noun = NOUNS[section] ?? `An item of \`${section}\``;
      const name = typeof id === 'string' || typeof id === 'number' ? `${noun} ${id}` : noun;
      const reason = reasonOf(isMap(conflict.value) ? conflict.value : undefined);
      const choice =
        reason === DELETED_AND_CHANGED
          ? 'keep it (delete its `conflict:` field) or delete it.'
          : 'it shows one version, and its `conflict: other:` the other; make it the version you want, then delete `conflict:`.';
      problems.push({ severity: 'error', code: MERGE_CONFLICT_CODE, message: `${name} was ${reason}: choose one — ${choice}`, range: at(conflict.key) });
    }
  }
  return problems;
}

/**
 * A scalar field of a map, read from its pairs alone: the documents `parseAnnotations` reads may
 * come from its fast reader, whose nodes have no `get`.
 */
function scalarValue(map: YamlMap, key: string): unknown {
  const pair = (map.items as YamlPair[]).find((candidate) => isScalar(candidate.key) && candidate.key.value === key);
  return isScalar(pair?.value) ? pair.value.value : undefined;
}

/** `mergeConflictProblems` of a text (a `marginalia.yaml`, say); none when it does not parse. */
export function findMergeConflicts(text: string): SidecarProblem[] {
  if (!text.includes('conflict')) return [];
  const document = composeYaml(text, { uniqueKeys: false });
  if (document.errors.length > 0) return [];
  const lineStarts = lineStartsOf(text);
  return mergeConflictProblems(document, text, (start, end) => ({ start: positionAt(lineStarts, start), end: positionAt(lineStarts, Math.max(start, end)) }));
}
