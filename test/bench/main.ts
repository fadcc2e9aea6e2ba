/**
 * `npm run bench`: timings are printed, never asserted. Each section is one benchmark; a section
 * fails (exit code 1) only when what it compares does not do the same work.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseManuscript } from '../../src/core/manuscript/parser';
import type { Manuscript } from '../../src/core/manuscript/model';
import { anchoringAcrossSeeds, anchoringOnFile, anchoringOnGeneratedBook, anchoringSpeed, SPEED_ANNOTATIONS } from './anchoring';
import { concurrencyBench } from './concurrency';
import { EDITOR_ANNOTATIONS, editorOpen } from './editorOpen';
import { generateBook, type GeneratedBook, type GroundTruth } from '../support/generate';
import { interchangeExports, INTERCHANGE_ANNOTATIONS } from './interchange';
import { mapFromIndex, mapUpdate } from './map';
import { markdownSpeed } from './markdown';
import { mentionIndexing, mentionUpdate } from './mentions';
import { naiveParse, type NaiveResult } from './naive';
import { hoverLookups, sidecarLoad } from './notes';
import { mergeBench, reviewBench } from './review';
import { suggestQuality, suggestSpeed } from './suggest';
import { textualQuality, textualSpeed } from './textual';
import { PLANTED, REAL_KNOWN, SAMPLE_KNOWN, TRAP_TEXT } from '../support/textualTraps';
import { webBundleSize } from './webBundle';
import { openingLine, openingTimes } from './webOpen';
import { measureEach, printTable, ratio, type Measurement } from './timing';

interface Section {
  readonly title: string;
  /** False when the benchmark is meaningless, e.g. the two sides disagree. */
  readonly run: () => boolean | Promise<boolean>;
}

const MB = 1024 * 1024;
const BOOK = { bytes: 5 * MB, chapters: 60, markers: 20_000, seed: 1917 };
const TARGET_MS = 100;
const SEED_DRAWS = 10;
const SEED_DRAW_BOOK = { bytes: 1 * MB, chapters: 12, markers: 4_000, seed: 77 };
// The bundle runs from dist/, one level below the repo root; ../shared lies beside the repo.
const REAL_MANUSCRIPT = path.resolve(__dirname, '..', '..', 'shared', 'manuscripts', 'part-five.txt');
const SAMPLE_FOLDER = path.resolve(__dirname, '..', 'sample');
const SAMPLE_MANUSCRIPT = path.join(SAMPLE_FOLDER, 'part-one.txt');
const CLI = path.resolve(__dirname, 'cli.js');
const REAL_CAST = path.resolve(__dirname, '..', 'test', 'fixtures', 'part-five.cast.yaml');

const sections: readonly Section[] = [
  { title: `Manuscript parser: a generated book of ${BOOK.bytes / MB} MB`, run: parseGeneratedBook },
  { title: 'Manuscript parser: ../shared/manuscripts/part-five.txt', run: parseRealManuscript },
  { title: `Textual diagnostics: the generated book of ${BOOK.bytes / MB} MB, cold and after a one-paragraph edit`, run: () => textualSpeed(generatedBook().text) },
  { title: 'Textual diagnostics: recall and false alarms per code on the trap text, the sample and ../shared/manuscripts/part-five.txt', run: textualQualityOnKnownTexts },
  { title: `Citation notes: hover look-ups on the generated book of ${BOOK.bytes / MB} MB`, run: () => hoverLookups(generatedBook().text) },
  { title: 'Citation notes: loading a sidecar of 20,000 notes', run: sidecarLoad },
  { title: 'Markdown: neutralising notes from sidecars (marked), against markdown-it', run: markdownSpeed },
  {
    title: `Anchoring accuracy: ${SPEED_ANNOTATIONS.toLocaleString('en')} annotations on the generated book of ${BOOK.bytes / MB} MB, revised`,
    run: () => anchoringOnGeneratedBook(generatedBook().text),
  },
  { title: 'Anchoring accuracy: sample/part-one.txt, revised', run: () => anchoringOnFile('sample/part-one.txt', readFileSync(SAMPLE_MANUSCRIPT, 'utf8'), 'small') },
  { title: 'Anchoring accuracy: ../shared/manuscripts/part-five.txt, revised', run: anchoringOnRealManuscript },
  { title: `Anchoring accuracy on ${SEED_DRAWS} other draws of each text`, run: anchoringOnOtherDraws },
  {
    title: `Anchoring speed: ${SPEED_ANNOTATIONS.toLocaleString('en')} annotations on the generated book of ${BOOK.bytes / MB} MB`,
    run: () => anchoringSpeed(generatedBook().text),
  },
  {
    title: `Editor: opening the generated book of ${BOOK.bytes / MB} MB with ${EDITOR_ANNOTATIONS.toLocaleString('en')} annotations, and typing`,
    run: () => editorOpen(generatedBook().text),
  },
  {
    title: `People and places: indexing the mentions of 1,000 entities × 3 aliases in the generated book of ${BOOK.bytes / MB} MB`,
    run: () => mentionIndexing(generatedBook().text),
  },
  { title: 'People and places: updating the mention index after one-paragraph edits', run: () => mentionUpdate(generatedBook().text) },
  {
    title: `Cast map: matrix and co-occurrences of 1,000 entities on the generated book of ${BOOK.bytes / MB} MB, from its mention index`,
    run: () => mapFromIndex(generatedBook().text),
  },
  { title: 'Cast map: updating the map after one-paragraph edits, against a full recompute', run: () => mapUpdate(generatedBook().text) },
  { title: `Suggest Cast: the generated book of ${BOOK.bytes / MB} MB`, run: () => suggestSpeed(generatedBook().text) },
  { title: 'Suggest Cast against compromise: ../shared/manuscripts/part-five.txt and its hand-written cast', run: suggestAgainstCompromise },
  {
    title: `Review: marginalia review between two commits of the generated book of ${BOOK.bytes / MB} MB with 5,000 annotations`,
    run: () => reviewBench(generatedBook().text),
  },
  { title: 'Merge driver: two sidecars of 5,000 annotations, merged by id', run: () => mergeBench(generatedBook().text) },
  { title: 'Concurrency: 100 annotations by 8 marginalia annotate processes at once, against one alone', run: () => concurrencyBench(CLI, SAMPLE_FOLDER) },
  { title: 'Web: the browser bundle, and opening the 5 MB book in Node (the web worker\'s figure: run-integration.mjs --web)', run: webBudget },
  {
    title: `Interchange: exporting the generated book of ${BOOK.bytes / MB} MB with ${INTERCHANGE_ANNOTATIONS.toLocaleString('en')} annotations as W3C and TEI`,
    run: () => interchangeExports(generatedBook().text),
  },
];

let book: GeneratedBook | undefined;

/** The generated book, written once for every section that needs it. */
function generatedBook(): GeneratedBook {
  book ??= generateBook(BOOK);
  return book;
}

/** The browser bundle's minified size against its budget, and the Node figure of the web worker's opening budget. */
async function webBudget(): Promise<boolean> {
  const withinBudget = await webBundleSize(path.resolve(__dirname, '..'));
  console.log(openingLine('Node', openingTimes()));
  return withinBudget;
}

/** `npm run bench -- anchoring` runs only the sections whose title holds that word. */
async function main(): Promise<void> {
  const only = process.argv[2]?.toLowerCase();
  let ok = true;
  for (const section of sections.filter((s) => !only || s.title.toLowerCase().includes(only))) {
    console.log(`\n## ${section.title}\n`);
    ok = (await section.run()) && ok;
  }
  if (!ok) process.exitCode = 1;
}

function parseGeneratedBook(): boolean {
  const { text, truth } = generatedBook();
  const bytes = Buffer.byteLength(text);
  console.log(
    `generated (seed ${BOOK.seed}): ${(bytes / MB).toFixed(2)} MB UTF-8, ${text.length.toLocaleString('en')} UTF-16 units, ` +
      `${truth.chapters.length} chapters, ${truth.markers.length.toLocaleString('en')} markers\n`,
  );
  const parsed = parseManuscript(text);
  const naive = naiveParse(text);
  printCounts(truth, parsed, naive);
  if (!agree(parsed, naive)) return false;
  printDifferences(truth, parsed);

  const [baseline, parser] = measureEach(
    [
      { name: 'baseline (lines, a regex pass per construct)', fn: () => naiveParse(text) },
      { name: 'parseManuscript', fn: () => parseManuscript(text) },
    ],
    { iterations: 21, warmup: 3 },
  );
  printTimings(bytes, baseline, parser);
  const met = parser.medianMs < TARGET_MS && parser.medianMs < baseline.medianMs;
  console.log(
    `\ntarget: a full parse of ${BOOK.bytes / MB} MB under ${TARGET_MS} ms and faster than the baseline: ` +
      `${met ? 'MET' : 'NOT MET'} (median ${parser.medianMs.toFixed(1)} ms, ${ratio(baseline.medianMs, parser.medianMs)})`,
  );
  return true;
}

function parseRealManuscript(): boolean {
  if (!existsSync(REAL_MANUSCRIPT)) {
    console.log(`skipped: ${REAL_MANUSCRIPT} is absent`);
    return true;
  }
  const text = readFileSync(REAL_MANUSCRIPT, 'utf8');
  const parsed = parseManuscript(text);
  const naive = naiveParse(text);
  console.log(
    `${Buffer.byteLength(text).toLocaleString('en')} bytes: ${parsed.chapters.length} chapters, ` +
      `${parsed.markers.length} markers, ${parsed.quotations.length} quotations, ${parsed.problems.length} problems`,
  );
  if (!agree(parsed, naive)) return false;
  // A small file parses in about a millisecond: many runs steady the median.
  const [baseline, parser] = measureEach(
    [
      { name: 'baseline', fn: () => naiveParse(text) },
      { name: 'parseManuscript', fn: () => parseManuscript(text) },
    ],
    { iterations: 200, warmup: 20 },
  );
  printTimings(Buffer.byteLength(text), baseline, parser);
  return true;
}

/** The texts and script sizes of the sections above (a smaller generated book: ten draws of the 5 MB one take minutes). */
function anchoringOnOtherDraws(): boolean {
  return anchoringAcrossSeeds(
    [
      { name: 'sample/part-one.txt', text: readFileSync(SAMPLE_MANUSCRIPT, 'utf8'), annotations: 150, script: 'small' },
      ...(existsSync(REAL_MANUSCRIPT) ? [{ name: 'part-five.txt', text: readFileSync(REAL_MANUSCRIPT, 'utf8'), annotations: 400, script: 'medium' as const }] : []),
      { name: 'generated book, 1 MB', text: generateBook(SEED_DRAW_BOOK).text, annotations: 2_000, script: 'big' },
    ],
    SEED_DRAWS,
  );
}

function suggestAgainstCompromise(): boolean {
  if (!existsSync(REAL_MANUSCRIPT)) {
    console.log(`skipped: ${REAL_MANUSCRIPT} is absent`);
    return true;
  }
  return suggestQuality(REAL_MANUSCRIPT, REAL_CAST, '../shared/manuscripts/part-five.txt');
}

function textualQualityOnKnownTexts(): boolean {
  return textualQuality([
    { name: 'trap text', text: TRAP_TEXT, known: PLANTED },
    { name: 'sample/part-one.txt', text: readFileSync(SAMPLE_MANUSCRIPT, 'utf8'), known: SAMPLE_KNOWN },
    ...(existsSync(REAL_MANUSCRIPT) ? [{ name: 'part-five.txt', text: readFileSync(REAL_MANUSCRIPT, 'utf8'), known: REAL_KNOWN }] : []),
  ]);
}

function anchoringOnRealManuscript(): boolean {
  if (!existsSync(REAL_MANUSCRIPT)) {
    console.log(`skipped: ${REAL_MANUSCRIPT} is absent`);
    return true;
  }
  return anchoringOnFile('../shared/manuscripts/part-five.txt', readFileSync(REAL_MANUSCRIPT, 'utf8'), 'medium');
}

function printCounts(truth: GroundTruth, parsed: Manuscript, naive: NaiveResult): void {
  const count = (kind: string, items: readonly { kind: string }[]): number => items.filter((item) => item.kind === kind).length;
  const doubles = parsed.quotations.filter((quotation) => quotation.kind === 'double');
  const notApplicable = '—';
  const rows: [string, number, number, number | string][] = [
    ['part headings', truth.parts, parsed.parts.length, naive.parts.length],
    ['epigraph verse lines', truth.epigraphLines, parsed.epigraphs.reduce((sum, e) => sum + e.lines.length, 0), notApplicable],
    ['chapters', truth.chapters.length, parsed.chapters.length, naive.chapters.length],
    ['paragraphs', truth.paragraphs, parsed.paragraphs.length, notApplicable],
    ['endnote markers {n}', count('endnote', truth.markers), count('endnote', parsed.markers), naive.endnotes.length],
    ['footnote markers [n]', count('footnote', truth.markers), count('footnote', parsed.markers), naive.footnotes.length],
    ['interpolations', truth.interpolations, parsed.interpolations.length, naive.interpolations.length],
    ['double quotations', truth.doubleQuotations, doubles.length, naive.doubleQuotations.length],
    ['  unclosed', truth.unclosedQuotations, doubles.filter((q) => !q.closed).length, naive.doubleQuotations.filter((q) => !q.closed).length],
    ['  unopened', truth.unopenedQuotations, doubles.filter((q) => !q.opened).length, naive.doubleQuotations.filter((q) => !q.opened).length],
    ['single quotations', truth.singleQuotations, count('single', parsed.quotations), naive.singleQuotations.length],
  ];
  printTable([
    ['', 'generated', 'parser', 'baseline'],
    ...rows.map(([name, ...counts]) => [name, ...counts.map((n) => (typeof n === 'number' ? n.toLocaleString('en') : n))]),
  ]);
  for (const [name, expected, found] of rows) {
    if (found !== expected) console.log(`odd: the parser found ${found} ${name.trim()}, the generator wrote ${expected}`);
  }
  const problems = new Map<string, number>();
  for (const problem of parsed.problems) problems.set(problem.code, (problems.get(problem.code) ?? 0) + 1);
  const tally = [...problems].map(([code, n]) => `${code} ×${n}`).join(', ');
  console.log(`parser problems: ${tally || 'none'}`);
}

/** Times mean nothing unless both sides found the same chapters and markers. */
function agree(parsed: Manuscript, naive: NaiveResult): boolean {
  const endnotes = parsed.markers.filter((marker) => marker.kind === 'endnote').length;
  const pairs: [string, number, number][] = [
    ['chapters', parsed.chapters.length, naive.chapters.length],
    ['endnote markers', endnotes, naive.endnotes.length],
    ['footnote markers', parsed.markers.length - endnotes, naive.footnotes.length],
  ];
  const disagreements = pairs.filter(([, parser, baseline]) => parser !== baseline);
  for (const [name, parser, baseline] of disagreements) {
    console.log(`DISAGREE: the parser found ${parser} ${name}, the baseline ${baseline}: their timings would compare different work`);
  }
  return disagreements.length === 0;
}

/** Where the parser's chapters and markers first differ from what the generator wrote, if they do. */
function printDifferences(truth: GroundTruth, parsed: Manuscript): void {
  const chapter = (c: { number: number; title: string; line: number }): string => `${c.number}. ${c.title} (line ${c.line})`;
  const marker = (m: Manuscript['markers'][number]): string =>
    `${m.kind} ${m.number} at ${m.line}:${m.character}, length ${m.length}`;
  const chaptersMatch = matches('chapter', truth.chapters.map(chapter), parsed.chapters.map(chapter));
  const markersMatch = matches('marker', truth.markers.map(marker), parsed.markers.map(marker));
  if (chaptersMatch && markersMatch) {
    console.log("the parser's chapters and markers are the generator's: numbers, titles, lines and UTF-16 columns");
  }
}

/** Prints the first difference, if any. */
function matches(what: string, expected: readonly string[], found: readonly string[]): boolean {
  const length = Math.max(expected.length, found.length);
  for (let index = 0; index < length; index++) {
    if (expected[index] === found[index]) continue;
    console.log(`odd: ${what} #${index + 1}: the generator wrote ${expected[index] ?? 'nothing'}, the parser gave ${found[index] ?? 'nothing'}`);
    return false;
  }
  return true;
}

function printTimings(bytes: number, baseline: Measurement, parser: Measurement): void {
  const row = (m: Measurement, versus: string): string[] => [
    m.name,
    m.medianMs.toFixed(2),
    m.minMs.toFixed(2),
    (bytes / MB / (m.medianMs / 1000)).toFixed(1),
    versus,
  ];
  console.log('');
  printTable([
    ['', 'median ms', 'min ms', 'MB/s', 'vs baseline'],
    row(baseline, ''),
    row(parser, ratio(baseline.medianMs, parser.medianMs)),
  ]);
}

void main();
