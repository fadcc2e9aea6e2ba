/**
 * The UI tests: Playwright drives the VS Code workbench (code-server in Debian's Chromium) that
 * scripts/run-ui.mjs starts once for all of them. Each test is a named async function; a file
 * `test/ui/<topic>.ui.ts` exports `tests: UiTest[]`, and `index.ts` runs every such file in order.
 * Tests share one workbench, so each one opens what it needs instead of relying on the one before.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { waitFor } from '../integration/util';

export interface UiContext {
  /** The workbench page, 1400×900, the extension loaded from the repo (extensionDevelopmentPath). */
  page: Page;
  /** The workspace the workbench has open: a temp copy of sample/ that tests may write into. */
  workspace: string;
  /** Where screenshots go: test-results/ in the repo. */
  resultsDir: string;
}

export interface UiTest {
  name: string;
  run(context: UiContext): Promise<void>;
}

/**
 * Opens a workspace file through Quick Open (Ctrl+P), as a user would, and waits for its tab.
 * It types the file's absolute path: Quick Open's list of workspace files is made once, so a file
 * that a test writes later would not be found by its name.
 */
export async function openFile({ page, workspace }: UiContext, relativePath: string): Promise<void> {
  const name = path.basename(relativePath);
  const tab = page.locator('.editor-group-container.active .tab.active', { hasText: name });
  await quickOpen(page, path.join(workspace, relativePath), name);
  await tab.waitFor();
}

/** Moves the cursor of the active editor to a 1-based line, through Quick Open's `:line`. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await quickOpen(page, `:${line}`, `Go to line ${line}.`);
  await waitFor(async () => (await page.locator('[id="status.editor.selection"]').textContent())?.includes(`Ln ${line},`), {
    message: `the cursor should move to line ${line}`,
  });
}

/**
 * Types `text` into Quick Open and accepts the first result once it is `expected` (its label, before
 * any ", description"). Pressing Enter
 * sooner picks whatever the list held a moment before (seen: the previously opened file).
 */
async function quickOpen(page: Page, text: string, expected: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  const first = page.locator('.quick-input-list .monaco-list-row.focused');
  const isExpected = (label: string | null) => label === expected || !!label?.startsWith(`${expected}, `);
  await waitFor(async () => isExpected(await first.getAttribute('aria-label', { timeout: 1000 })), {
    message: `Quick Open should offer "${expected}" first for "${text}"`,
  });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** The language the status bar shows for the active editor ("Manuscript", "Plain Text", …). */
export async function waitForLanguage(page: Page, label: string): Promise<void> {
  const mode = page.locator('[id="status.editor.mode"]');
  await waitFor(async () => (await mode.textContent({ timeout: 1000 }))?.trim() === label, {
    timeout: 15_000,
    message: `the status bar should show the language "${label}"`,
  }).catch(async (error: Error) => {
    throw new Error(`${error.message}; it shows "${(await mode.textContent({ timeout: 1000 }).catch(() => null))?.trim()}"`);
  });
}

/** The active editor's Monaco widget (one per editor group; we use one group). */
export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
}

/** Saves a screenshot of the whole workbench as `<resultsDir>/<name>.png`; returns its path. */
export async function screenshot(context: UiContext, name: string): Promise<string> {
  fs.mkdirSync(context.resultsDir, { recursive: true });
  const file = path.join(context.resultsDir, `${name}.png`);
  await context.page.screenshot({ path: file });
  return file;
}
