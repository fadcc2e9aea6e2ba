/**
 * Exports of the generated book with 5,000 annotations: W3C Web Annotations (target ≤ 1 s) and a
 * TEI edition (target ≤ 2 s), each end to end from the sidecar's annotations (resolving them in the
 * text included) and the mention index, beside `JSON.stringify` of the same data as the baseline.
 */
import { resolveTargets } from '../../src/core/anchoring/anchoring';
import type { Cast, CastEntity } from '../../src/core/cast/cast';
import { exportTei } from '../../src/core/interchange/tei';
import { exportW3c } from '../../src/core/interchange/w3cExport';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { MentionIndex } from '../../src/core/mentions/mentions';
import { NameMatcher } from '../../src/core/mentions/nameMatcher';
import { parseSidecar } from '../../src/core/notes/notesSidecar';
import { annotatedSidecar } from '../support/annotatedSidecar';
import { benchCast } from './mentions';
import { measureEach, printTable, ratio } from './timing';

export const INTERCHANGE_ANNOTATIONS = 5_000;
const W3C_TARGET_MS = 1_000;
const TEI_TARGET_MS = 2_000;

export function interchangeExports(bookText: string): boolean {
  const manuscript = parseManuscript(bookText);
  const { annotations } = annotatedSidecar(bookText, manuscript, INTERCHANGE_ANNOTATIONS, 5);
  const entries = benchCast();
  const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const entities: CastEntity[] = entries.map((entry) => ({ ...entry, details: {}, fields: {}, range: zero, idRange: zero, nameRange: zero }));
  const byId = new Map(entities.map((entity) => [entity.id, entity]));
  const cast: Cast = { parsed: true, entities, dismissed: [], problems: [], entity: (id) => byId.get(id) };
  const mentions = MentionIndex.build(bookText, new NameMatcher(entries));
  const notes = parseSidecar('notes: {}\n');
  const targets = annotations.map((annotation) => annotation.target);

  let w3cBytes = 0;
  let teiBytes = 0;
  const [w3c, w3cBaseline, tei, teiBaseline] = measureEach(
    [
      {
        name: 'W3C Web Annotations (resolve, build, JSON.stringify)',
        fn: () => {
          const resolutions = resolveTargets(bookText, manuscript, targets);
          w3cBytes = JSON.stringify(exportW3c({ source: 'book.txt', text: bookText, manuscript, annotations, resolutions, cast }), null, 2).length;
        },
      },
      { name: 'baseline: JSON.stringify of the annotations', fn: () => JSON.stringify(annotations, null, 2).length },
      {
        name: 'TEI edition (resolve, write the text, cast, notes, mentions, annotations)',
        fn: () => {
          const resolutions = resolveTargets(bookText, manuscript, targets);
          teiBytes = exportTei({ title: 'Bench', cast, manuscripts: [{ name: 'book.txt', text: bookText, manuscript, notes, annotations, resolutions, mentions }] }).length;
        },
      },
      {
        name: 'baseline: JSON.stringify of the text, annotations and mentions',
        fn: () => JSON.stringify({ text: bookText, annotations, mentions: [...mentions.allMentions()] }).length,
      },
    ],
    { iterations: 5, warmup: 1 },
  );
  // CPU time of one more run of each export: on a loaded machine, wall time is mostly waiting.
  const cpuMs = (fn: () => unknown) => {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };
  const w3cCpu = cpuMs(() => JSON.stringify(exportW3c({ source: 'book.txt', text: bookText, manuscript, annotations, resolutions: resolveTargets(bookText, manuscript, targets), cast })));
  const teiCpu = cpuMs(() => exportTei({ title: 'Bench', cast, manuscripts: [{ name: 'book.txt', text: bookText, manuscript, notes, annotations, resolutions: resolveTargets(bookText, manuscript, targets), mentions }] }));
  const mentionCount = [...mentions.allMentions().values()].reduce((sum, list) => sum + list.length, 0);
  console.log(`${INTERCHANGE_ANNOTATIONS.toLocaleString('en')} annotations, ${mentionCount.toLocaleString('en')} mentions of ${entries.length.toLocaleString('en')} entities`);
  printTable([
    ['', 'median', 'min', 'CPU (one run)', 'output', 'against the baseline', 'target (CPU time)'],
    [w3c.name, `${w3c.medianMs.toFixed(0)} ms`, `${w3c.minMs.toFixed(0)} ms`, `${w3cCpu.toFixed(0)} ms`, `${(w3cBytes / 1024 / 1024).toFixed(1)} MB`, ratio(w3cBaseline.medianMs, w3c.medianMs), `≤ ${W3C_TARGET_MS} ms ${w3cCpu <= W3C_TARGET_MS ? 'met' : 'MISSED'}`],
    [w3cBaseline.name, `${w3cBaseline.medianMs.toFixed(0)} ms`, `${w3cBaseline.minMs.toFixed(0)} ms`, '', '', '', ''],
    [tei.name, `${tei.medianMs.toFixed(0)} ms`, `${tei.minMs.toFixed(0)} ms`, `${teiCpu.toFixed(0)} ms`, `${(teiBytes / 1024 / 1024).toFixed(1)} MB`, ratio(teiBaseline.medianMs, tei.medianMs), `≤ ${TEI_TARGET_MS} ms ${teiCpu <= TEI_TARGET_MS ? 'met' : 'MISSED'}`],
    [teiBaseline.name, `${teiBaseline.medianMs.toFixed(0)} ms`, `${teiBaseline.minMs.toFixed(0)} ms`, '', '', '', ''],
  ]);
  return w3cBytes > 0 && teiBytes > 0;
}
