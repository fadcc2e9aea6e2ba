/** The textual diagnostics on the generated book: cold (dictionary read included), and after a one-paragraph edit. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseManuscript, splitLines } from '../../src/core/manuscript/parser';
import { Lexicon, LEXICON_FILES } from '../../src/core/textual/lexicon';
import { defaultTextualCodes, TextualChecker, type TextualOptions } from '../../src/core/textual/textualChecks';
import { measureEach, printTable, ratio } from './timing';

// The bundle runs from dist/, where the build writes the dictionary.
const DICTIONARY = path.join(__dirname, 'dictionary');
const COLD_TARGET_MS = 1_500;
const EDIT_TARGET_MS = 10;
const options: TextualOptions = { enabled: defaultTextualCodes(), bookWords: [], castNames: [] };

function readLexicon(): Lexicon {
  const read = (name: string) => readFileSync(path.join(DICTIONARY, name), 'utf8');
  return new Lexicon({ words: read(LEXICON_FILES.words), frequency: read(LEXICON_FILES.frequency) });
}

export function textualSpeed(text: string): boolean {
  const lines = splitLines(text);
  const manuscript = parseManuscript(text);
  const wordCount = text.match(/\p{L}+/gu)?.length ?? 0;

  // Cold: the dictionary read and built, a checker with nothing remembered. The first run is the
  // coldest (nothing compiled yet): it is printed apart from the median.
  let firstCold: number | undefined;
  let firstFound = 0;
  const [naive, cold] = measureEach(
    [
      {
        name: 'baseline (the dictionary read, every word of the book looked up once)',
        fn: () => {
          const words = new Set(readFileSync(path.join(DICTIONARY, LEXICON_FILES.words), 'utf8').split('\n'));
          let unknown = 0;
          for (const word of text.match(/\p{L}+/gu) ?? []) if (!words.has(word)) unknown++;
          return unknown;
        },
      },
      {
        name: 'textual diagnostics, cold (dictionary read and built, every check)',
        fn: () => {
          const start = performance.now();
          const found = new TextualChecker(readLexicon()).check(lines, manuscript, options).length;
          if (firstCold === undefined) {
            firstCold = performance.now() - start;
            firstFound = found;
          }
        },
      },
    ],
    { iterations: 5, warmup: 0 },
  );
  console.log(`${lines.length.toLocaleString('en')} lines, ${manuscript.paragraphs.length.toLocaleString('en')} paragraphs, ${wordCount.toLocaleString('en')} words; ${firstFound.toLocaleString('en')} problems found\n`);

  // One paragraph edited, a different one each run, checked again by the same checker.
  const lexicon = readLexicon();
  const checker = new TextualChecker(lexicon);
  checker.check(lines, manuscript, options);
  let run = 0;
  const edited = () => {
    const copy = lines.slice();
    const line = manuscript.paragraphs[(run++ * 97) % manuscript.paragraphs.length];
    copy[line] = `${copy[line]} And then the the harbour froze ofthe night.`;
    return copy;
  };
  const [full, incremental] = measureEach(
    [
      { name: 'baseline (the whole book checked again by a new checker, dictionary loaded)', fn: () => new TextualChecker(lexicon).check(edited(), manuscript, options) },
      { name: 'textual diagnostics after a one-paragraph edit', fn: () => checker.check(edited(), manuscript, options) },
    ],
    { iterations: 21, warmup: 3 },
  );
  printTable([
    ['', 'median ms', 'min ms'],
    ...[naive, cold, full, incremental].map((m) => [m.name, m.medianMs.toFixed(1), m.minMs.toFixed(1)]),
  ]);
  const coldMs = firstCold ?? cold.medianMs;
  console.log(
    `\ntarget: all textual diagnostics on the book cold (dictionary included) under ${COLD_TARGET_MS} ms: ${coldMs < COLD_TARGET_MS ? 'MET' : 'NOT MET'} ` +
      `(first run ${coldMs.toFixed(0)} ms, median ${cold.medianMs.toFixed(0)} ms; baseline ${naive.medianMs.toFixed(0)} ms)`,
  );
  console.log(
    `target: a one-paragraph edit checked again under ${EDIT_TARGET_MS} ms: ${incremental.medianMs < EDIT_TARGET_MS ? 'MET' : 'NOT MET'} ` +
      `(median ${incremental.medianMs.toFixed(1)} ms, ${ratio(full.medianMs, incremental.medianMs)} than the baseline)`,
  );
  return true;
}
