/**
 * Only with the extension in the browser's web worker (`run-ui.mjs --web`, as vscode.dev and
 * github.dev run it): the People & Places view works, the git commands are not offered, and the
 * extension's activation time as VS Code measured it (Developer: Show Running Extensions).
 */
import * as assert from 'node:assert/strict';
import { waitFor } from '../integration/util';
import { openFile, runCommand, screenshot, waitForLanguage, type UiTest } from './harness';

export const tests: UiTest[] = [
  {
    name: 'in the browser, People & Places lists the cast and the git commands are not offered',
    webOnly: true,
    async run(context) {
      const { page } = context;
      await openFile(context, 'part-one.txt');
      await waitForLanguage(page, 'Manuscript');
      await page.locator('.activitybar .action-item a[aria-label^="Marginalia"]').click();
      const header = page.locator('.pane-header', { hasText: 'People & Places' });
      await header.waitFor();
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      const rows = page.locator('.pane-body .monaco-list-row');
      await waitFor(async () => (await rows.allTextContents()).some((text) => /Liesbet/.test(text)), { message: 'People & Places should list Liesbet' });
      await page.mouse.move(1, 1);
      await screenshot(context, 'web-people-and-places');

      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.fill('>Marginalia: Review Changes Against Branch');
      await page.locator('.quick-input-message', { hasText: 'No matching commands' }).or(page.locator('.quick-input-widget .quick-input-list .monaco-list-row')).first().waitFor();
      const offered = await page.locator('.quick-input-list .monaco-list-row').allTextContents();
      assert.equal(offered.filter((text) => text.includes('Review Changes Against Branch')).length, 0, `the palette offers ${JSON.stringify(offered)}`);
      await page.keyboard.press('Escape');
    },
  },
  {
    name: 'the activation time in the web worker, as VS Code measured it',
    webOnly: true,
    async run(context) {
      const { page } = context;
      await runCommand(page, 'Developer: Show Running Extensions');
      const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Marginalia' }).first();
      await row.waitFor();
      const text = (await row.textContent()) ?? '';
      const activation = /(\d+)\s*ms/.exec(text);
      assert.ok(activation, `the row of Marginalia shows its activation time: ${text}`);
      console.log(`  budget: activation in the web worker ${activation[1]} ms (budget 150 ms)`);
      await screenshot(context, 'web-running-extensions');
      await page.keyboard.press('Control+W');
    },
  },
];
