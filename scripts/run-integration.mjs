// `npm run test:integration`: runs out/test/integration (compiled by `npm run compile-tests`) inside
// a real VS Code's extension host: code-server, opened by headless Chromium with the `payload` that
// VS Code's own browser tests use (extensionDevelopmentPath = this repo, extensionTestsPath = the
// tests' index), on a temp copy of sample/. Builds nothing: `npm test` builds first.
//   node scripts/run-integration.mjs [--web] [--grep PATTERN] [--timeout SECONDS] [--verbose]
// --verbose also prints the workbench's own console messages, not only the tests' report.
// --web runs the extension's `browser` entry in the browser's web-worker extension host, as vscode.dev
// and github.dev do, with the tests bundled for it (dist/web/test/index.js, made by `npm run build`;
// the worker sees no environment, so --grep reaches it as the file .marginalia-test-grep in the
// workspace); it then checks that the Node extension host never loaded the extension.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { nodeExtensionHostMentions, requireBuilt, startSession } from './code-server.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({
  options: {
    grep: { type: 'string' },
    timeout: { type: 'string', default: '420' },
    verbose: { type: 'boolean', default: false },
    web: { type: 'boolean', default: false },
  },
});
const deadlineMs = Number(options.timeout) * 1000;
const testsIndex = options.web ? 'dist/web/test/index.js' : 'out/test/integration/index.js';
requireBuilt(
  repo,
  options.web ? [['dist/web/extension.js', 'npm run build'], [testsIndex, 'npm run build']] : [['dist/extension.js', 'npm run build'], [testsIndex, 'npm run compile-tests']],
  'run-integration',
);

// The test index tags each line of its report (REPORT_TAG in test/integration/index.ts): in the
// browser console the extension host's messages look just like the workbench's own log.
const REPORT_TAG = '[marginalia-test] ';
// The --grep of a --web run, for test/integration/webIndex.ts (WEB_GREP_FILE there).
const WEB_GREP_FILE = '.marginalia-test-grep';

const started = Date.now();
/** The web worker's opening figure, as webWorker.web.ts reports it, and its activation, as activation.test.ts does. */
let workerOpening;
let workerActivation;
/** `npm run bench -- web`: the bundle's size and the Node figure of the opening. */
let nodeBench;
let session;
let exitCode = 1;
try {
  session = await startSession({
    sample: path.join(repo, 'sample'),
    web: options.web,
    // The environment of code-server reaches the extension host, so the tests' index.
    env: options.grep ? { MARGINALIA_TEST_GREP: options.grep } : {},
  });
  const { page, codeServer, workspace } = session;
  if (options.web && options.grep) fs.writeFileSync(path.join(workspace, WEB_GREP_FILE), options.grep);

  let resolveExit;
  const exited = new Promise((resolve) => (resolveExit = resolve));
  // The workbench calls this with the test run's exit code: 0 when run() resolved, 1 when it
  // rejected or the tests module could not be loaded.
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  page.on('console', (message) => {
    const text = message.text();
    const at = text.indexOf(REPORT_TAG);
    if (at >= 0 && text.includes('budget: web worker: opening')) workerOpening = text.slice(at);
    if (at >= 0 && text.includes('budget: web worker: activation')) workerActivation = text.slice(at);
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
  if (options.web) {
    // Proof that the tests ran against the web worker's extension, not a Node one beside it.
    const { logs, lines } = nodeExtensionHostMentions(codeServer, 'marginalia.marginalia');
    if (lines.length > 0) {
      console.error(`run-integration: the Node extension host loaded marginalia in a --web run:\n  ${lines.join('\n  ')}`);
      exitCode = 1;
    } else {
      console.log(`run-integration: marginalia is in none of the Node extension host's ${logs} log(s) (remoteexthost.log): it ran in the web worker only`);
    }
    // The Node figure while code-server and the browser still run, idle, as they did beside the worker's.
    if (workerOpening) nodeBench = spawnSync(process.execPath, [path.join(repo, 'dist/bench.js'), 'web'], { cwd: repo, encoding: 'utf8' });
  }
} catch (error) {
  console.error(`run-integration: ${error instanceof Error ? error.message : error}`);
} finally {
  await session?.cleanup();
}
if (nodeBench) printWebBudgets(nodeBench.stdout, workerOpening, workerActivation);

/**
 * The budgets of the web extension: the bundle and the Node figure from `npm run bench -- web`,
 * beside the worker's; the worker's activation (the Node extension host's is printed by the run
 * without --web).
 */
function printWebBudgets(bench, worker, activation) {
  console.log(`\nweb budgets (opening: the worker's figure within 2× of Node's):\n${bench.trim()}`);
  const figure = (kind, line) => Number(new RegExp(`${kind} (\\d+) ms`).exec(line)?.[1]);
  const ratio = (kind) => (figure(kind, worker) / figure(kind, bench)).toFixed(2);
  console.log(`${worker.slice(REPORT_TAG.length).replace(/^budget: /, '')}`);
  // One run each, cold, on a shared machine: the warm ratio (a median) is the steadier of the two.
  console.log(`web worker / Node, opening: cold ${ratio('cold')}×, warm ${ratio('warm')}× (budget 2×)`);
  if (activation) console.log(activation.slice(REPORT_TAG.length).replace(/^budget: /, ''));
}
console.log(`run-integration: exit ${exitCode} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(exitCode);
