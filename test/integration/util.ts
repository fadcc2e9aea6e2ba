/** Helpers for the tests that run inside the real VS Code extension host. */

export interface WaitForOptions {
  /** Give up after this many milliseconds (default 10 s, well inside mocha's 20 s per test). */
  timeout?: number;
  /** How often to look again, in milliseconds (default 50). */
  interval?: number;
  /** Says what was awaited; the error on timeout starts with it. */
  message: string;
}

/**
 * Resolves with the first truthy value of `condition`, which is polled until the deadline; rejects
 * with `message` (and the last value or error seen) when the deadline passes. For what VS Code does
 * asynchronously, such as assigning a document's language: a condition, never a fixed sleep.
 */
export async function waitFor<T>(condition: () => T | Promise<T>, options: WaitForOptions): Promise<NonNullable<T>> {
  const { timeout = 10_000, interval = 50, message } = options;
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`${message} (not within ${timeout} ms; last seen: ${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/**
 * Starts every line of the report. In the browser console the extension host's messages look like the
 * workbench's own log lines; the runner prints the ones with this tag (scripts/run-integration.mjs).
 */
export const REPORT_TAG = '[marginalia-test] ';

/** Writes a line (or lines) of the report, tagged for the runner. */
export function reportLine(text: string): void {
  console.log(REPORT_TAG + text.replace(/\n/g, `\n${REPORT_TAG}`));
}

/** Ends a run of the test indexes (Node and web): reports the counts; rejects when a test failed or none ran. */
export function settle(runner: Mocha.Runner, what: string, resolve: () => void, reject: (error: Error) => void): void {
  const { passes = 0, failures = 0, pending = 0 } = runner.stats ?? {};
  reportLine(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
  if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
  else if (passes === 0) reject(new Error(`no integration test ran (${what})`));
  else resolve();
}
