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
import type { Annotation } from '../../src/core/annotation';
import { describeTarget } from '../../src/core/anchoring';
import { addAnnotation, removeAnnotation } from '../../src/core/annotationStore';
import { parseManuscript } from '../../src/core/manuscript';
import { setNoteText } from '../../src/core/sidecar';
import { commitAll, git, initRepository } from '../gitRepository';
import { waitFor } from '../integration/util';
import { runCommand, screenshot, widenSidebar, type UiTest } from './harness';

const MANUSCRIPT = 'part-review.txt';
const SIDECAR = 'part-review.marginalia.yaml';
const BASE = 'main';
/** The Marginalia sidebar's other views, collapsed for the screenshot and opened again after. */
const OTHER_VIEWS = ['Annotations', 'People & Places'];

const TEXT = [
  'PART TEN',
  '',
  '1. 1903 Summer: The Soundings',
  '',
  'The soundings of the outer bar were taken at slack water, from a boat that leaked at every seam.{1}',
  '',
  'Nobody on the boat could say who had first charted the wreck below the northern buoy, nor when.',
  '',
  '2. 1903 Autumn: The Proofs',
  '',
  'The proofs came back from the engraver with the depths in the wrong units.',
  '',
].join('\n');
const CUT = 'Nobody on the boat could say who had first charted the wreck below the northern buoy, nor when.';
const EDITED = TEXT.replace(CUT, 'The wreck was charted.');

let counter = 0;
function annotate(on: string, quote: string): Annotation {
  const start = on.indexOf(quote);
  assert.ok(start >= 0, quote);
  return {
    id: `auireview${String(++counter).padStart(5, '0')}`,
    target: describeTarget(on, parseManuscript(on), { start, end: start + quote.length }),
    body: `On “${quote}”.`,
    tags: [],
    entities: [],
    author: 'Ada Byron',
    created: '2025-05-01T09:30:00Z',
    modified: undefined,
    status: 'open',
    replies: [],
  };
}

export const tests: UiTest[] = [
  {
    name: 'the Review view lists the changes of a branch against main',
    async run(context) {
      const { page, workspace } = context;
      assert.ok(!fs.existsSync(path.join(workspace, '.git')), 'the workspace is not a repository yet');
      const manuscriptFile = path.join(workspace, MANUSCRIPT);
      const sidecarFile = path.join(workspace, SIDECAR);

      const kept = annotate(TEXT, 'taken at slack water');
      const orphaned = annotate(TEXT, 'who had first charted the wreck');
      const removed = annotate(TEXT, 'in the wrong units');
      const baseSidecar = [kept, orphaned, removed].reduce<string>((sidecar, a) => addAnnotation(sidecar, a), setNoteText(undefined, 'endnote', 1, 'Harbour records, box 4.'));
      const added = annotate(EDITED, 'came back from the engraver');

      const collapsed: string[] = [];
      let narrowSidebar: (() => Promise<void>) | undefined;
      try {
        fs.writeFileSync(manuscriptFile, TEXT);
        fs.writeFileSync(sidecarFile, baseSidecar);
        initRepository(workspace, BASE);
        commitAll(workspace, 'The sample, annotated');
        git(workspace, ['checkout', '-q', '-b', 'revision']);
        fs.writeFileSync(manuscriptFile, EDITED);
        let sidecar = addAnnotation(baseSidecar, added);
        sidecar = removeAnnotation(sidecar, removed.id);
        sidecar = setNoteText(sidecar, 'endnote', 1, 'Harbour records, box 5.');
        fs.writeFileSync(sidecarFile, sidecar);

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
