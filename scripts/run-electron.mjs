// `npm run test:electron`: the extension-host suite (out/test/integration, as `npm run test:integration`
// runs it in code-server) in desktop VS Code through @vscode/test-electron, on the oldest VS Code that
// `engines.vscode` accepts and on the latest stable, each on a fresh temp copy of sample/ with a fresh
// profile. VS Code is downloaded into .vscode-test/ on first use, so this needs the internet, and a
// display (on a Linux server: `xvfb-run -a npm run test:electron`). Where VS Code cannot be downloaded
// it says so and exits 2. Not part of `npm test`, which runs offline. Builds nothing: the npm script
// builds first. The report's lines keep the tag `[marginalia-test]` that the code-server runner
// looks for (test/integration/index.ts).
//   node scripts/run-electron.mjs [--vscode VERSION]... [--grep PATTERN]
// `--vscode 1.105.1 --vscode insiders` tests other versions instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { downloadAndUnzipVSCode, runTests, TestRunFailedError } from '@vscode/test-electron';
import { requireBuilt, tempCopy } from './code-server.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({
  options: {
    vscode: { type: 'string', multiple: true },
    grep: { type: 'string' },
  },
});
const testsIndex = path.join(repo, 'out/test/integration/index.js');
requireBuilt(repo, [['dist/extension.js', 'npm run build'], ['out/test/integration/index.js', 'npm run compile-tests']], 'run-electron');

const engine = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).engines.vscode;
const minimum = /^\^?(\d+\.\d+\.\d+)$/.exec(engine)?.[1];
if (!minimum) {
  console.error(`run-electron: engines.vscode is “${engine}”; expected ^X.Y.Z, the oldest VS Code to test on`);
  process.exit(2);
}
const versions = options.vscode ?? [minimum, 'stable'];

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error('run-electron: no display for VS Code’s window: run `xvfb-run -a npm run test:electron` (Debian: apt-get install xvfb)');
  process.exit(2);
}

const results = [];
for (const version of versions) {
  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: path.join(repo, '.vscode-test'), timeout: 30_000 });
  } catch (error) {
    console.error(
      `run-electron: cannot download VS Code ${version}: ${error instanceof Error ? error.message : error}\n` +
        'VS Code comes from update.code.visualstudio.com: run `npm run test:electron` where that can be reached ' +
        '(docs/ci/extension.yml), or `npm run test:integration`, the same tests in code-server, offline.',
    );
    process.exit(2);
  }
  const workspace = tempCopy(path.join(repo, 'sample'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-electron-profile-'));
  console.log(`\n=== VS Code ${version}: ${vscodeExecutablePath}`);
  let passed = false;
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repo,
      extensionTestsPath: testsIndex,
      extensionTestsEnv: options.grep ? { MARGINALIA_TEST_GREP: options.grep } : {},
      launchArgs: [workspace, `--user-data-dir=${path.join(profile, 'user-data')}`, `--extensions-dir=${path.join(profile, 'extensions')}`],
    });
    passed = true;
  } catch (error) {
    if (!(error instanceof TestRunFailedError)) throw error;
    console.error(`run-electron: VS Code ${version}: ${error.message}`);
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  }
  results.push(`${passed ? 'passed' : 'FAILED'} on VS Code ${version}`);
}
console.log(`\nrun-electron: ${results.join(', ')}`);
process.exit(results.every((result) => result.startsWith('passed')) ? 0 : 1);
