/**
 * The Review view, as a user reaches it: the workspace (a copy of sample/) made a git repository
 * with a manuscript of its own committed on main, then on a branch edited in the working tree (an
 * annotation added, one removed, a note edited, a sentence cut so that an annotation is orphaned);
 * "Marginalia: Review Changes Against Branch…" from the Command Palette, main typed into its pick;
 * the view in the Marginalia sidebar lists the changes by group. The same repository as
 * test/integration/review.test.ts prepares, made here with git from the test's own process.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REVIEW_MANUSCRIPT, REVIEW_SIDECAR, writeReviewScenario } from '../support/reviewScenario';
import { waitFor } from '../integration/util';
import { runCommand, screenshot, widenSidebar, type UiTest } from './harness';

const BASE = 'main';
/** The Marginalia sidebar's other views, collapsed for the screenshot and opened again after. */
const OTHER_VIEWS = ['Annotations', 'People & Places'];

export const tests: UiTest[] = [
  {
    name: 'the Review view lists the changes of a branch against main',
    nodeOnly: 'the Review view runs git, which the browser lacks (its commands are hidden there: web.ui.ts)',
    async run(context) {
      const { page, workspace } = context;
      assert.ok(!fs.existsSync(path.join(workspace, '.git')), 'the workspace is not a repository yet');
      const manuscriptFile = path.join(workspace, REVIEW_MANUSCRIPT);
      const sidecarFile = path.join(workspace, REVIEW_SIDECAR);

      const collapsed: string[] = [];
      let narrowSidebar: (() => Promise<void>) | undefined;
      try {
        writeReviewScenario(workspace, 'auireview');

        // The command's own pick: the refs, main among them; type it and take it once it is first.
        await runCommand(page, 'Marginalia: Review Changes Against Branch…');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill(BASE);
        const first = page.locator('.quick-input-list .monaco-list-row.focused');
        await waitFor(async () => (await first.getAttribute('aria-label', { timeout: 1000 }))?.startsWith(BASE), {
          message: `the pick should offer "${BASE}" first`,
        });
        await page.keyboard.press('Enter');
        await input.waitFor({ state: 'hidden' });

        // The Review view, in the Marginalia sidebar (it shows once a review is loaded).
        // The command focuses the view itself; the sidebar is opened by hand only if it did not.
        const rows = page.locator('.pane-body .monaco-list-row');
        const row = (text: string | RegExp) => rows.filter({ hasText: text }).first();
        const groupRow = row(/^\s*Broken Anchors\s*1\s*$/);
        await groupRow.waitFor({ timeout: 10_000 }).catch(async () => {
          await page.locator('.activitybar .action-item a[aria-label^="Marginalia"]').click();
          await groupRow.waitFor();
        });
        for (const group of ['Broken Anchors', 'Added', 'Removed', 'Notes']) {
          await row(new RegExp(`^\\s*${group}\\s*1\\s*$`)).waitFor({ timeout: 15_000 });
        }
        // The groups start expanded: their items show under them; expand one that is not.
        for (const text of ['Broken Anchors', 'Added', 'Removed', 'Notes']) {
          const group = row(new RegExp(`^\\s*${text}\\s*1\\s*$`));
          if ((await group.getAttribute('aria-expanded')) === 'false') await group.click();
        }
        await row('who had first charted the wreck').waitFor();
        await row('came back from the engraver').waitFor();
        await row('in the wrong units').waitFor();
        await row('Harbour records, box 5.').waitFor();
        // The rows in the order of the groups.
        const labels = (await rows.allTextContents()).map((text) => text.trim());
        const at = (text: string) => labels.findIndex((label) => label.startsWith(text));
        const order = ['Broken Anchors', 'Added', 'Removed', 'Notes'].map(at);
        assert.ok(order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1])), `the groups in order: ${JSON.stringify(labels)}`);

        // Room for the review: the sidebar's other views collapsed, the sidebar widened.
        for (const title of OTHER_VIEWS) {
          const header = page.locator('.pane-header', { hasText: title });
          if ((await header.getAttribute('aria-expanded')) === 'true') {
            await header.click();
            collapsed.push(title);
          }
        }
        narrowSidebar = await widenSidebar(page, 260);
        await row('Harbour records, box 5.').waitFor();

        // The mouse off the rows and the activity bar, onto the view's empty space.
        const box = await page.locator('.pane-body', { has: page.locator('.monaco-list-row', { hasText: 'Broken Anchors' }) }).boundingBox();
        if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height - 5);
        await screenshot(context, 'review-view');
      } finally {
        // Leave the workspace and the workbench as the other tests know them.
        await narrowSidebar?.();
        for (const title of collapsed) await page.locator('.pane-header', { hasText: title }).click();
        await runCommand(page, 'Marginalia: Close Review').catch(() => page.keyboard.press('Escape'));
        fs.rmSync(path.join(workspace, '.git'), { recursive: true, force: true });
        fs.rmSync(manuscriptFile, { force: true });
        fs.rmSync(sidecarFile, { force: true });
        await page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click();
        await page.mouse.move(1, 1);
      }
    },
  },
];
