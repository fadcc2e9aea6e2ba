/**
 * The benchmarks of the issue "Who appears where" (the Cast Map): the matrix and the co-occurrences
 * of 1,000 entities on the generated book of 5 MB from its existing mention index, within 50 ms,
 * against a plain recount from the same index measured in the same run; and, after one-paragraph
 * edits, the model's update of that line against a full recompute.
 */
import { availableParallelism, loadavg } from 'node:os';
import { chapterAtLine } from '../../src/core/anchoring/targets';
import { CastMapModel, type MapSource } from '../../src/core/map/castMap';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { MentionIndex } from '../../src/core/mentions/mentions';
import { NameMatcher } from '../../src/core/mentions/nameMatcher';
import { mulberry32, NAMES } from '../support/generate';
import { benchCast, cpuMedianMs } from './mentions';
import { measure, measureEach, printTable, ratio } from './timing';

const MB = 1024 * 1024;
const TARGET_MS = 50;
const EDITS = 200;

/** Results land here, so that no timed loop is work the JIT could drop. */
let sink = 0;

interface Counts {
  /** `entity chapter` → mentions. */
  readonly cells: Map<string, number>;
  /** `a b` (sorted ids) → paragraphs that mention both. */
  readonly paragraphs: Map<string, number>;
  /** `a b` → chapters that mention both. */
  readonly chapters: Map<string, number>;
}

/**
 * What a plain implementation does with the same index: every mention listed, its chapter looked
 * up, counted in maps keyed by strings; the entities of each paragraph and of each chapter
 * gathered in sets, and every pair of them counted.
 */
function naiveRecount(index: MentionIndex, manuscript: ReturnType<typeof parseManuscript>): Counts {
  const cells = new Map<string, number>();
  const byLine = new Map<number, Set<string>>();
  const byChapter = new Map<string, Set<string>>();
  for (const [entity, mentions] of index.allMentions()) {
    for (const mention of mentions) {
      const chapter = String(chapterAtLine(manuscript, mention.line) ?? '-');
      const key = `${entity} ${chapter}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
      if (!byLine.has(mention.line)) byLine.set(mention.line, new Set());
      byLine.get(mention.line)!.add(entity);
      if (!byChapter.has(chapter)) byChapter.set(chapter, new Set());
      byChapter.get(chapter)!.add(entity);
    }
  }
  for (const mention of index.ambiguous()) {
    const key = `?${mention.candidates.join('|')} ${chapterAtLine(manuscript, mention.line) ?? '-'}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  const pairs = (groups: Iterable<Set<string>>) => {
    const counted = new Map<string, number>();
    for (const group of groups) {
      const ids = [...group].sort();
      for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) counted.set(`${ids[i]} ${ids[j]}`, (counted.get(`${ids[i]} ${ids[j]}`) ?? 0) + 1);
    }
    return counted;
  };
  return { cells, paragraphs: pairs(byLine.values()), chapters: pairs(byChapter.values()) };
}

/** The model's counts in the baseline's terms. */
function modelCounts(model: CastMapModel): Counts {
  const data = model.data();
  const cells = new Map<string, number>();
  for (const row of data.rows) row.cells.forEach((count, column) => count > 0 && cells.set(`${row.id} ${data.columns[column].chapter ?? '-'}`, count));
  const named = (by: 'paragraphs' | 'chapters') => new Map(model.pairs(by).map(({ a, b, count }) => [[a, b].sort().join(' '), count]));
  return { cells, paragraphs: named('paragraphs'), chapters: named('chapters') };
}

function sameCounts(a: Counts, b: Counts): boolean {
  const same = (x: Map<string, number>, y: Map<string, number>) => x.size === y.size && [...x].every(([key, value]) => y.get(key) === value);
  return same(a.cells, b.cells) && same(a.paragraphs, b.paragraphs) && same(a.chapters, b.chapters);
}

/** The matrix and the co-occurrences from the existing index, against the plain recount. */
export function mapFromIndex(text: string): boolean {
  const manuscript = parseManuscript(text);
  const index = MentionIndex.build(text, new NameMatcher(benchCast()));
  const source: MapSource = { id: 'book', label: 'book', index, chapters: manuscript.chapters };
  const model = CastMapModel.build([source]);
  const ours = modelCounts(model);
  const theirs = naiveRecount(index, manuscript);
  const mentions = [...ours.cells.values()].reduce((a, b) => a + b, 0);
  console.log(
    `the generated book: ${(Buffer.byteLength(text) / MB).toFixed(2)} MB, ${manuscript.chapters.length} chapters, ${index.lineCount.toLocaleString('en')} lines; ` +
      `1,000 entities; ${mentions.toLocaleString('en')} mentions (ambiguous ones included), ` +
      `${ours.paragraphs.size.toLocaleString('en')} pairs sharing a paragraph, ${ours.chapters.size.toLocaleString('en')} sharing a chapter`,
  );
  if (!sameCounts(ours, theirs)) {
    console.log('DISAGREE: the model and the plain recount count differently: their timings would compare different work');
    return false;
  }
  console.log('the model and the plain recount agree on every cell and every pair\n');
  const [baseline, build, snapshot] = measureEach(
    [
      { name: 'baseline: a plain recount from the index (string-keyed maps)', fn: () => (sink += naiveRecount(index, manuscript).cells.size) },
      { name: 'CastMapModel.build: matrix, totals, co-occurrences', fn: () => (sink += CastMapModel.build([source]).total('entity-0')) },
      { name: 'model.data(): the snapshot a webview is sent (ticks, places, companions)', fn: () => (sink += model.data().maxCell) },
    ],
    { iterations: 15, warmup: 3 },
  );
  const cpu = cpuMedianMs(() => (sink += CastMapModel.build([source]).total('entity-0')), 15);
  printTable([
    ['', 'median ms', 'min ms', 'vs baseline'],
    [baseline.name, baseline.medianMs.toFixed(1), baseline.minMs.toFixed(1), ''],
    [build.name, build.medianMs.toFixed(1), build.minMs.toFixed(1), ratio(baseline.medianMs, build.medianMs)],
    [snapshot.name, snapshot.medianMs.toFixed(1), snapshot.minMs.toFixed(1), ''],
  ]);
  const [load] = loadavg();
  console.log(`\nCPU time of the build (median): ${cpu.toFixed(1)} ms; load average while measuring: ${load.toFixed(1)} on ${availableParallelism()} cores`);
  console.log(`\ntarget: matrix and co-occurrences of 1,000 entities under ${TARGET_MS} ms: ${build.medianMs <= TARGET_MS ? 'MET' : 'NOT MET'} (median ${build.medianMs.toFixed(1)} ms)`);
  return true;
}

/** One-paragraph edits: the model re-counts the edited line, against a full recompute from the index. */
export function mapUpdate(text: string): boolean {
  const manuscript = parseManuscript(text);
  const matcher = new NameMatcher(benchCast());
  const index = MentionIndex.build(text, matcher);
  const source: MapSource = { id: 'book', label: 'book', index, chapters: manuscript.chapters };
  const model = CastMapModel.build([source]);
  const lines = text.split('\n');
  const paragraphs = lines.map((line, k) => (line.length > 200 ? k : -1)).filter((k) => k >= 0);
  const random = mulberry32(15);
  const update: number[] = [];
  const recompute: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const line = paragraphs[Math.floor(random() * paragraphs.length)];
    const words = lines[line].split(' ');
    words.splice(Math.floor(random() * words.length), random() < 0.5 ? 1 : 0, `${NAMES[i % NAMES.length]} ${NAMES[(i * 7) % NAMES.length]}`);
    lines[line] = words.join(' ');
    index.replaceLines(line, 1, [lines[line]]);
    let start = performance.now();
    model.updateLine(0, line);
    update.push(performance.now() - start);
    if (i % 20 === 0) {
      start = performance.now();
      sink += CastMapModel.build([source]).total('entity-0');
      recompute.push(performance.now() - start);
    }
  }
  const rebuilt = CastMapModel.build([{ ...source, index: MentionIndex.build(lines.join('\n'), matcher) }]);
  if (!sameCounts(modelCounts(model), modelCounts(rebuilt))) {
    console.log('DISAGREE: after the edits, the updated model and one built from the edited text differ: the update is wrong');
    return false;
  }
  const median = (times: number[]) => [...times].sort((a, b) => a - b)[times.length >> 1];
  const snapshot = measure('model.data() after the edit', () => (sink += model.data().maxCell), { iterations: 5, warmup: 1 });
  console.log(`${EDITS} one-paragraph edits (a name typed in or taken out) of random paragraphs, each followed by index.replaceLines and:\n`);
  printTable([
    ['', 'median ms', 'max ms'],
    ['model.updateLine (that line out of the counts and back in)', median(update).toFixed(3), Math.max(...update).toFixed(3)],
    ['baseline: CastMapModel.build (a full recompute from the index)', median(recompute).toFixed(1), Math.max(...recompute).toFixed(1)],
    ['model.data(): the snapshot sent to the webview afterwards', snapshot.medianMs.toFixed(1), ''],
  ]);
  console.log(`\nthe updated model agrees with one built from the edited text (every cell and pair); ${ratio(median(recompute), median(update))} than recomputing`);
  return true;
}

/** Keeps `sink` observable. */
export function mapSink(): number {
  return sink;
}
