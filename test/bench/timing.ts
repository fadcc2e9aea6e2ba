/** Timing and printing helpers shared by the benchmarks. */

export interface MeasureOptions {
  /** Timed runs. */
  readonly iterations: number;
  /** Untimed runs first, so the JIT has compiled the code being measured. */
  readonly warmup: number;
}

export interface Measurement {
  readonly name: string;
  readonly iterations: number;
  readonly medianMs: number;
  readonly minMs: number;
}

export interface Subject {
  readonly name: string;
  readonly fn: () => unknown;
}

/** Runs `fn` `warmup` times untimed, then `iterations` times timed one by one. */
export function measure(name: string, fn: () => unknown, options: MeasureOptions): Measurement {
  return measureEach([{ name, fn }], options)[0];
}

/**
 * Measures several subjects in turn, run by run, rather than one after the other: on a shared
 * machine, a burst of background load then slows every subject alike instead of only one.
 */
export function measureEach(subjects: readonly Subject[], options: MeasureOptions): Measurement[] {
  const { iterations, warmup } = options;
  if (iterations < 1) throw new RangeError('measure: iterations must be at least 1');
  for (let run = 0; run < warmup; run++) subjects.forEach((subject) => subject.fn());
  const times = subjects.map((): number[] => []);
  for (let run = 0; run < iterations; run++) {
    subjects.forEach((subject, index) => {
      const start = performance.now();
      subject.fn();
      times[index].push(performance.now() - start);
    });
  }
  return subjects.map((subject, index) => summarize(subject.name, times[index]));
}

function summarize(name: string, times: number[]): Measurement {
  times.sort((a, b) => a - b);
  const middle = times.length >> 1;
  const medianMs = times.length % 2 === 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2;
  return { name, iterations: times.length, medianMs, minMs: times[0] };
}

/** How many times faster (or slower) `subjectMs` is than `baselineMs`: `12.3× faster`. */
export function ratio(baselineMs: number, subjectMs: number): string {
  return baselineMs >= subjectMs
    ? `${(baselineMs / subjectMs).toFixed(1)}× faster`
    : `${(subjectMs / baselineMs).toFixed(1)}× slower`;
}

/** Prints rows as aligned columns: the first column to the left, the others (figures) to the right. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  for (const row of rows) {
    const cells = row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])));
    console.log(cells.join('  ').trimEnd());
  }
}
