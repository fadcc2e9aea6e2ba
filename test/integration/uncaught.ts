/**
 * Which uncaught errors fail the integration test that runs when they are thrown. The tests share
 * the Node extension host with every other extension, and mocha charges any uncaught error to the
 * test running at that moment: once, VS Code's built-in git extension threw `write EPIPE` from its
 * `checkIgnore` (a `git check-ignore` that ended before reading its input, after the review suite
 * removed the workspace's `.git`), and a textual-fixes test failed for it. An error is let off only
 * when its stack shows where it came from: a frame in another extension's folder and none in ours
 * (the extension and its compiled tests, all under this extension's folder). Anything else (ours,
 * or thrown where no stack says whose it is) still fails the test, as mocha would have it.
 */
import * as path from 'node:path';
import type Mocha from 'mocha';
import * as vscode from 'vscode';

const OUR_EXTENSION = 'marginalia.marginalia';

/** The files named by a stack trace's frames: `at f (/a/b.js:1:2)` and `at /a/b.js:1:2`. */
function stackFiles(stack: string): string[] {
  return [...stack.matchAll(/^\s+at (?:.*\()?((?:file:\/\/)?\/[^()]*?):\d+:\d+\)?$/gm)].map((match) => match[1].replace(/^file:\/\//, ''));
}

/**
 * The id of the other extension whose code threw `error`, when its stack shows one and no file
 * under `ourFolder`.
 */
export function foreignThrower(error: unknown, ourFolder: string): string | undefined {
  const files = stackFiles(error instanceof Error ? (error.stack ?? '') : '');
  const inside = (folder: string) => files.some((file) => file.startsWith(folder + path.sep));
  if (inside(ourFolder)) return undefined;
  return vscode.extensions.all.find((extension) => extension.id !== OUR_EXTENSION && inside(extension.extensionPath))?.id;
}

/**
 * Puts a filter in front of the `uncaughtException` listener that `runner` has just added (call it
 * right after `mocha.run`): errors thrown by another extension are reported, not charged to a test;
 * every other error goes to mocha as before. Returns what removes the filter when the run has ended.
 */
export function chargeOnlyOurUncaughtErrors(runner: Mocha.Runner, listenersBefore: readonly Function[], report: (line: string) => void): () => void {
  // VS Code's extension host wraps each `process.on('uncaughtException')` listener, so mocha's is
  // found as the one listener that was not there before the run, not as `runner.uncaught`.
  const ours = vscode.extensions.getExtension(OUR_EXTENSION);
  if (!ours) throw new Error(`${OUR_EXTENSION} is not loaded: its errors cannot be told from others'`);
  const added = process.listeners('uncaughtException').filter((listener) => !listenersBefore.includes(listener));
  if (added.length !== 1) throw new Error(`expected mocha to add one uncaughtException listener, found ${added.length}`);
  process.removeListener('uncaughtException', added[0]);
  const filter = (error: Error) => {
    const thrower = foreignThrower(error, ours.extensionPath);
    if (thrower === undefined) {
      runner.uncaught(error);
      return;
    }
    const test = runner.currentRunnable?.fullTitle() ?? 'no test';
    report(`  (an uncaught error thrown by ${thrower}, not by Marginalia, while "${test}" ran; not charged to the test)\n    ${error.stack ?? error.message}`);
  };
  // addListener, not on: the extension host's wrapper of `on` would keep removeListener from finding it.
  process.addListener('uncaughtException', filter);
  return () => {
    process.removeListener('uncaughtException', filter);
  };
}
