/**
 * The web budget's opening: the generated book of 5 MB with its 5,000 annotations opened as the
 * extension opens a manuscript (`open` of editorOpen.ts), the first time and warm. Pure (no Node),
 * so that the same code runs in Node (`npm run bench -- web`) and in the browser's web worker
 * (test/integration/webWorker.web.ts, in `run-integration.mjs --web`, which prints both).
 */
import { parseAnnotations } from '../../src/core/annotations/annotationYaml';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { generateBook } from '../support/generate';
import { annotatedSidecar } from '../support/annotatedSidecar';
import { EDITOR_ANNOTATIONS, open } from './editorOpen';

/** The benchmark book of test/bench/main.ts (its BOOK). */
const WEB_BOOK = { bytes: 5 * 1024 * 1024, chapters: 60, markers: 20_000, seed: 1917 };
const SIDECAR_SEED = 5;
const WARM_RUNS = 3;

/** How long opening the book took, in ms: the first time (cold) and the median of the warm runs after it. */
export interface OpeningTimes {
  readonly coldMs: number;
  readonly warmMs: number;
  /** The sidecar's size in bytes (UTF-8). */
  readonly sidecarBytes: number;
}

/** The line both runners print and `run-integration.mjs --web` reads: `<where>: opening … cold N ms, warm N ms`. */
export function openingLine(where: string, times: OpeningTimes): string {
  const sidecarMb = (times.sidecarBytes / (1024 * 1024)).toFixed(1);
  return `${where}: opening the 5 MB book with ${EDITOR_ANNOTATIONS} annotations (a sidecar of ${sidecarMb} MB): cold ${times.coldMs.toFixed(0)} ms, warm ${times.warmMs.toFixed(0)} ms`;
}

export function openingTimes(): OpeningTimes {
  const book = generateBook(WEB_BOOK).text;
  const { text: sidecar } = annotatedSidecar(book, parseManuscript(book), EDITOR_ANNOTATIONS, SIDECAR_SEED);
  const times: number[] = [];
  for (let run = 0; run <= WARM_RUNS; run++) {
    // A different text each run, so that no reader's memory of the last one counts.
    const text = run % 2 === 0 ? sidecar : `${sidecar}\n`;
    const started = performance.now();
    open(book, text, parseAnnotations);
    times.push(performance.now() - started);
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  return { coldMs: times[0], warmMs: warm[Math.floor(warm.length / 2)], sidecarBytes: new TextEncoder().encode(sidecar).length };
}
