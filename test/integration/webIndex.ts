/**
 * Entry point of the integration tests in the browser's web-worker extension host, as vscode.dev
 * and github.dev run the extension (`node scripts/run-integration.mjs --web`). The worker has no
 * file system to find test files in and no Node: scripts/build.mjs bundles this file, the suites
 * it names and mocha's browser build into dist/web/test/index.js. Every suite runs here but those
 * listed in NODE_ONLY, each with its reason; webWorker.web.ts runs only here.
 */
import 'mocha/mocha.js';
import * as vscode from 'vscode';
import { readTextOrUndefined } from './files';
import { reportLine, settle } from './util';

/** The suites that need what a browser lacks, by file, with why. */
export const NODE_ONLY: Readonly<Record<string, string>> = {
  'review.test': 'the Review view runs git as a child process: desktop VS Code only (in the browser its commands say so, tested in webWorker.web)',
  'uncaught.test': 'which uncaught errors fail a test is decided on the Node extension host’s process (test/integration/uncaught.ts); a web worker has no process',
  'concurrency.test': 'it starts marginalia CLI processes beside the editor and checks their <file>.lock on disk: a browser has neither processes nor that lock',
};

/** `%s`, `%d`, `%i`, `%j` and `%o` as mocha's reporters use them (console.log's formatting is not forwarded). */
function format(text: unknown, ...values: unknown[]): string {
  let rest = values;
  const line = String(text ?? '').replace(/%[sdijo%]/g, (token) => {
    if (token === '%%') return '%';
    const [value, ...others] = rest;
    rest = others;
    return token === '%j' || token === '%o' ? JSON.stringify(value) : String(value);
  });
  return [line, ...rest.map(String)].join(' ');
}

/** `run-integration.mjs --web --grep PATTERN` writes the pattern here, in the workspace: the worker sees no environment. */
const WEB_GREP_FILE = '.marginalia-test-grep';

async function grepPattern(): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  return readTextOrUndefined(vscode.Uri.joinPath(folder.uri, WEB_GREP_FILE));
}

export async function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = (...data: unknown[]) => reportLine(format(...(data as [unknown, ...unknown[]])));
  mocha.setup({ ui: 'bdd', reporter: 'spec', timeout: 20_000, color: false });
  const grep = await grepPattern();
  if (grep) mocha.grep(grep);
  for (const [file, why] of Object.entries(NODE_ONLY)) reportLine(`skipped ${file} in the web worker: ${why}`);
  // Loaded after setup, which defines describe and it; esbuild bundles each require.
  require('./webWorker.web');
  require('./activation.test');
  require('./annotations.test');
  require('./annotationsView.test');
  require('./book.test');
  require('./cast.test');
  require('./castMap.test');
  require('./manuscript.test');
  require('./notes.test');
  require('./interchange.test');
  require('./hostileMarkdown.test');
  require('./textualFixes.test');
  return new Promise((resolve, reject) => {
    const runner = mocha.run(() => settle(runner, `in the web worker, grep: ${grep ?? 'none'}`, resolve, reject));
  });
}
