// `npm run test:integration`: runs out/test/integration (compiled by `npm run compile-tests`) inside
// a real VS Code's extension host: code-server, opened by headless Chromium with the `payload` that
// VS Code's own browser tests use (extensionDevelopmentPath = this repo, extensionTestsPath = the
// tests' index), on a temp copy of sample/. Builds nothing: `npm test` builds first.
//   node scripts/run-integration.mjs [--grep PATTERN] [--timeout SECONDS] [--verbose]
// --verbose also prints the workbench's own console messages, not only the tests' report.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { requireBuilt, startSession } from './code-server.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({
  options: {
    grep: { type: 'string' },
    timeout: { type: 'string', default: '180' },
    verbose: { type: 'boolean', default: false },
  },
});
const deadlineMs = Number(options.timeout) * 1000;
const testsIndex = 'out/test/integration/index.js';
requireBuilt(repo, [['dist/extension.js', 'npm run build'], [testsIndex, 'npm run compile-tests']], 'run-integration');

// The test index tags each line of its report (REPORT_TAG in test/integration/index.ts): in the
// browser console the extension host's messages look just like the workbench's own log.
const REPORT_TAG = '[marginalia-test] ';

const started = Date.now();
let session;
let exitCode = 1;
try {
  session = await startSession({
    sample: path.join(repo, 'sample'),
    // The environment of code-server reaches the extension host, so the tests' index.
    env: options.grep ? { MARGINALIA_TEST_GREP: options.grep } : {},
  });
  const { page, codeServer, workspace } = session;

  let resolveExit;
  const exited = new Promise((resolve) => (resolveExit = resolve));
  // The workbench calls this with the test run's exit code: 0 when run() resolved, 1 when it
  // rejected or the tests module could not be loaded.
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  page.on('console', (message) => {
    const text = message.text();
    const at = text.indexOf(REPORT_TAG);
    if (at >= 0) {
      console.log(text.slice(at).split(`\n${REPORT_TAG}`).join('\n').slice(REPORT_TAG.length));
    } else if (options.verbose || (message.type() === 'error' && !text.startsWith('Failed to load resource'))) {
      console.log(`[workbench ${message.type()}] ${text}`);
    }
  });
  page.on('pageerror', (error) => console.log(`[workbench pageerror] ${error.message}`));

  await page.goto(
    codeServer.workbenchUrl({
      folder: workspace,
      extensionDevelopmentPath: repo,
      extensionTestsPath: path.join(repo, testsIndex),
    }),
  );
  let timer;
  const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), deadlineMs)));
  const result = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') {
    console.error(`run-integration: the tests did not finish within ${deadlineMs / 1000} s`);
  } else {
    exitCode = result;
  }
} catch (error) {
  console.error(`run-integration: ${error instanceof Error ? error.message : error}`);
} finally {
  await session?.cleanup();
}
console.log(`run-integration: exit ${exitCode} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(exitCode);
