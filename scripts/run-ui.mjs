// `npm run test:ui`: the UI tests of out/test/ui (compiled by `npm run compile-tests`), driven by
// Playwright in Debian's Chromium against one code-server for all of them, with the extension loaded
// from this repo (the payload's extensionDevelopmentPath) and a temp copy of sample/ open.
// Screenshots go to test-results/. Builds nothing: `npm test` builds first.
//   node scripts/run-ui.mjs [--web] [--grep PATTERN]
// --web: the extension's `browser` entry in the browser's web-worker extension host (as vscode.dev
// runs it); the tests that need Node are skipped by name, screenshots go to test-results/web/, and
// the run fails if the Node extension host loaded the extension.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { memoryMb, nodeExtensionHostMentions, requireBuilt, startSession, WEB_WORKER_SETTINGS } from './code-server.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({ options: { grep: { type: 'string' }, web: { type: 'boolean', default: false } } });
const uiIndex = 'out/test/ui/index.js';
requireBuilt(repo, [[options.web ? 'dist/web/extension.js' : 'dist/extension.js', 'npm run build'], [uiIndex, 'npm run compile-tests']], 'run-ui');

const started = Date.now();
let session;
let failed = 1;
try {
  // The annotation test's author is in the profile before the workbench opens: a workspace setting
  // written while it runs reached the extension only after the save, under load (a test race).
  const settings = { ...(options.web ? WEB_WORKER_SETTINGS : {}), 'marginalia.author': 'UI Tester' };
  session = await startSession({ sample: path.join(repo, 'sample'), viewport: { width: 1400, height: 900 }, web: options.web, codeServerOptions: { settings } });
  const { page, codeServer, workspace } = session;
  // A stuck step fails after this instead of waiting forever.
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => console.log(`[workbench pageerror] ${error.message}`));

  await page.goto(codeServer.workbenchUrl({ folder: workspace, extensionDevelopmentPath: repo }), { timeout: 60_000 });
  // The workbench is ready when the Explorer lists the sample's files.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'part-one.txt' }).waitFor({ timeout: 60_000 });
  console.log(`run-ui: workbench ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const { run } = createRequire(import.meta.url)(path.join(repo, uiIndex));
  const result = await run(
    { page, workspace, resultsDir: path.join(repo, 'test-results', ...(options.web ? ['web'] : [])), web: options.web },
    options.grep ? new RegExp(options.grep) : undefined,
  );
  // Chromium is this process's other child: what is left of our tree without code-server and us.
  const codeServerMb = memoryMb(codeServer.pid);
  const chromiumMb = memoryMb(process.pid) - codeServerMb - memoryMb(process.pid, { withDescendants: false });
  console.log(`run-ui: memory (Pss) after the tests: code-server ${codeServerMb} MB, Chromium ${chromiumMb} MB`);
  console.log(`${result.passed} passed, ${result.failed} failed`);
  failed = result.failed > 0 || result.passed === 0 ? 1 : 0;
  if (options.web) {
    const { logs, lines } = nodeExtensionHostMentions(codeServer, 'marginalia.marginalia');
    console.log(`run-ui: marginalia in the Node extension host's logs: ${lines.length === 0 ? `none of ${logs}` : lines.join('; ')}`);
    if (lines.length > 0) failed = 1;
  }
} catch (error) {
  console.error(`run-ui: ${error instanceof Error ? error.stack : error}`);
} finally {
  await session?.cleanup();
}
console.log(`run-ui: exit ${failed} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed);
