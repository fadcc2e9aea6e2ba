/**
 * Entry point of the integration tests, loaded by VS Code's extension host as `extensionTestsPath`
 * (see scripts/run-integration.mjs): runs every compiled `*.test.js` beside this file with mocha.
 * The spec reporter writes to the extension host's console, which VS Code forwards to the browser
 * console, where the runner reads it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { chargeOnlyOurUncaughtErrors } from './uncaught';
import { reportLine, settle } from './util';

/** A mocha `--grep` pattern for the run, set by `node scripts/run-integration.mjs --grep PATTERN`. */
export const GREP_ENV = 'MARGINALIA_TEST_GREP';
function report(...data: unknown[]): void {
  // Format here: the browser console would not apply Node's %s/%d to forwarded arguments.
  reportLine(format(...data));
}

export function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = report;
  const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, color: false, reporter: 'spec' });
  const grep = process.env[GREP_ENV];
  if (grep) mocha.grep(grep);

  const files = fs
    .readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  return new Promise((resolve, reject) => {
    const listenersBefore = process.listeners('uncaughtException');
    const runner = mocha.run(() => {
      release();
      settle(runner, `files: ${files.length}, grep: ${grep ?? 'none'}`, resolve, reject);
    });
    const release = chargeOnlyOurUncaughtErrors(runner, listenersBefore, report);
  });
}
