// `npm run test:installed`: the extension as a user installs it. Runs `npm run package`, installs
// dist/marginalia.vsix into a fresh code-server profile (--install-extension), opens a temp copy of
// sample/ made a git repository WITHOUT extensionDevelopmentPath, and runs test/ui/installed/ with
// Playwright twice: in a trusted workbench (hover, an annotation, Set Up Git Integration, git merges
// through the driver it configured, with and without node on the PATH), then with Workspace Trust on
// and the folder not trusted (Restricted Mode). Screenshots go to test-results/.
//   node scripts/run-installed.mjs [--grep PATTERN] [--no-package]
// --no-package installs the dist/marginalia.vsix that is there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { nodeExtensionHostMentions, requireBuilt, startSession } from './code-server.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({ options: { grep: { type: 'string' }, 'no-package': { type: 'boolean', default: false } } });
const testsModule = 'out/test/ui/installed/installed.js';
requireBuilt(repo, [[testsModule, 'npm run compile-tests']], 'run-installed');
const require = createRequire(import.meta.url);
const { trustedTests, restrictedTests } = require(path.join(repo, testsModule));
const { runTests } = require(path.join(repo, 'out/test/ui/index.js'));
const { commitAll, initRepository } = require(path.join(repo, 'out/test/support/gitRepository.js'));

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const vsix = path.join(repo, 'dist/marginalia.vsix');
if (!options['no-package']) {
  const pack = spawnSync('npm', ['run', 'package', '--silent'], { cwd: repo, encoding: 'utf8' });
  if (pack.status !== 0) {
    console.error(`run-installed: npm run package failed (exit ${pack.status ?? pack.signal}):\n${pack.stdout}${pack.stderr}`);
    process.exit(1);
  }
  console.log(`run-installed: packaged ${path.relative(repo, vsix)} (${Math.round(fs.statSync(vsix).size / 1024)} KB) after ${elapsed()}`);
}
requireBuilt(repo, [['dist/marginalia.vsix', 'npm run package']], 'run-installed');

// No `marginalia` on the PATH: Set Up Git Integration would (rightly) prefer it to the launcher.
const pathWithNode = (process.env.PATH ?? '')
  .split(path.delimiter)
  .filter((folder) => folder !== '' && !fs.existsSync(path.join(folder, 'marginalia')))
  .join(path.delimiter);
// git and nothing else: the PATH of a git GUI or a CI image without node.
const gitOnly = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-git-only-'));
process.on('exit', () => fs.rmSync(gitOnly, { recursive: true, force: true }));
const gitBinary = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
fs.symlinkSync(gitBinary, path.join(gitOnly, 'git'));
// Keys for the commands that the palette hides in Restricted Mode: a user can still bind them.
const keys = { setUpGitIntegration: 'Control+Alt+Shift+G', reviewChanges: 'Control+Alt+Shift+R' };
const keybindings = [
  { key: 'ctrl+alt+shift+g', command: 'marginalia.setUpGitIntegration' },
  { key: 'ctrl+alt+shift+r', command: 'marginalia.reviewChanges' },
];

/**
 * Resolves once the Node extension host's log says it activated the installed Marginalia (it does
 * on startup: the sample has a marginalia.yaml), so that no test's deadline pays for a slow start.
 */
async function installedExtensionActivated(codeServer, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mentions = nodeExtensionHostMentions(codeServer, 'marginalia.marginalia');
    if (mentions.lines.some((line) => line.includes('_doActivateExtension'))) return;
    if (Date.now() > deadline) {
      throw new Error(`the extension host did not activate marginalia.marginalia within ${timeoutMs / 1000} s (${mentions.logs} extension host logs; lines naming it: ${JSON.stringify(mentions.lines)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** One workbench on a fresh git copy of the sample with the .vsix installed; resolves to its failures. */
async function runWorkbench(label, tests, { workspaceTrust }) {
  let session;
  try {
    session = await startSession({
      sample: path.join(repo, 'sample'),
      env: { PATH: pathWithNode },
      viewport: { width: 1400, height: 900 },
      codeServerOptions: { vsix, workspaceTrust, keybindings },
    });
    const { page, codeServer, workspace } = session;
    initRepository(workspace);
    commitAll(workspace, 'The sample book');
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => console.log(`[workbench pageerror] ${error.message}`));
    await page.goto(codeServer.workbenchUrl({ folder: workspace }), { timeout: 60_000 });
    const explorerRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'part-one.txt' });
    if (workspaceTrust) {
      // VS Code asks once per folder; a careful reader who cloned a stranger's book says no.
      const dialog = page.locator('.monaco-dialog-box', { hasText: 'trust the authors' });
      await dialog.waitFor({ timeout: 60_000 });
      await dialog.locator('.monaco-button', { hasText: /^No, I don.t trust the authors$/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor();
    }
    await explorerRow.waitFor({ timeout: 60_000 });
    await installedExtensionActivated(codeServer);
    console.log(`run-installed: ${label} workbench ready, the installed extension active, after ${elapsed()}`);
    const context = {
      page,
      workspace,
      resultsDir: path.join(repo, 'test-results'),
      web: false,
      userDataDir: codeServer.userDataDir,
      extensionsDir: codeServer.extensionsDir,
      pathWithNode,
      pathWithoutNode: gitOnly,
      keys,
    };
    const result = await runTests(context, tests, options.grep ? new RegExp(options.grep) : undefined);
    return result;
  } catch (error) {
    console.error(`run-installed: ${label}: ${error instanceof Error ? error.stack : error}`);
    return { passed: 0, failed: 1 };
  } finally {
    await session?.cleanup();
  }
}

const results = [
  await runWorkbench('trusted', trustedTests, { workspaceTrust: false }),
  await runWorkbench('restricted', restrictedTests, { workspaceTrust: true }),
];
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
const code = failed > 0 || passed === 0 ? 1 : 0;
console.log(`run-installed: exit ${code} after ${elapsed()}`);
process.exit(code);
