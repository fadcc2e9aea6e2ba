/**
 * Runs the UI tests of every `*.ui.js` beside this file, in file order, in the workbench that
 * scripts/run-ui.mjs has started; prints one line per test and `N passed, N failed`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resetWorkbench, type UiContext, type UiTest } from './harness';

/** No single UI test should take longer than this; a stuck one would otherwise hang the run. */
const TEST_TIMEOUT_MS = 60_000;

export interface UiRunResult {
  passed: number;
  failed: number;
}

export async function run(context: UiContext, grep?: RegExp): Promise<UiRunResult> {
  const files = fs.readdirSync(__dirname).filter((file) => file.endsWith('.ui.js')).sort();
  const tests: UiTest[] = files.flatMap((file) => (require(path.join(__dirname, file)) as { tests: UiTest[] }).tests);
  return runTests(context, tests, grep);
}

/**
 * Runs `tests` in order (those whose name `grep` matches), each with a deadline, each from a reset
 * workbench (`resetWorkbench`, within the deadline); a failed one leaves a screenshot.
 */
export async function runTests<Context extends UiContext>(context: Context, tests: readonly UiTest<Context>[], grep?: RegExp): Promise<UiRunResult> {
  const result: UiRunResult = { passed: 0, failed: 0 };
  for (const test of tests.filter((t) => !grep || grep.test(t.name))) {
    if (context.web ? test.nodeOnly !== undefined : test.webOnly) {
      console.log(`  - ${test.name} (skipped: ${context.web ? `not in the web worker: ${test.nodeOnly}` : 'only in the web worker'})`);
      continue;
    }
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        resetWorkbench(context.page).then(() => test.run(context)),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS);
        }),
      ]);
      result.passed++;
      console.log(`  ✔ ${test.name} (${Date.now() - started} ms)`);
    } catch (error) {
      result.failed++;
      console.log(`  ✗ ${test.name} (${Date.now() - started} ms)`);
      console.log(`      ${(error instanceof Error ? error.stack ?? error.message : String(error)).replace(/\n/g, '\n      ')}`);
      const shot = path.join(context.resultsDir, `ui-failed-${test.name.replace(/[^\w]+/g, '-').slice(0, 60)}.png`);
      fs.mkdirSync(context.resultsDir, { recursive: true });
      await context.page.screenshot({ path: shot }).then(
        () => console.log(`      screenshot: ${path.relative(process.cwd(), shot)}`),
        (reason: unknown) => console.log(`      (no screenshot: ${reason instanceof Error ? reason.message : String(reason)})`),
      );
    } finally {
      clearTimeout(timer);
    }
  }
  return result;
}
