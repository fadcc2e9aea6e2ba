/**
 * Annotating a passage as a user does it: select it in part-one.txt, Ctrl+Alt+M, type into the
 * comment thread, Save Annotation, Reply, Resolve, Delete (and confirm); the sidecar on disk is
 * checked after each step, and the Annotations view in the Marginalia sidebar is looked at.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { waitFor } from '../integration/util';
import { annotateThroughThread, commentThread, commentsPanelRow, goToLine, hidePanel, openFile, screenshot, sidecarWhen, sidecarWithOne, targetOf, typeInForm, waitForLanguage, type UiTest } from './harness';

const MANUSCRIPT = 'part-one.txt';
const SIDECAR = 'part-one.marginalia.yaml';
const AUTHOR = 'UI Tester';
/** What the test annotates through the UI (on one row of the editor, at 1400 px). */
const PASSAGE = 'the port of Vennholm smelled of tar';
const BODY = 'Check the harbour records for 1851. #source-check';
/** How the body shows in the thread and the Comments panel. */
const SHOWN_BODY = 'Check the harbour records for 1851.';
const REPLY = 'The customs ledger agrees.';
/** An annotation the sidecar has before the test: deleting the new one must leave it. */
const KEPT_ID = 'auikeptbyhand';
const KEPT_QUOTE = 'a body of six merchants and two naval officers';

/** The sidecar with the annotation written by hand, anchored as the extension would anchor it. */
function preparedSidecar(manuscript: string): string {
  return sidecarWithOne('Written by the UI test: one annotation before the test adds its own.', KEPT_ID, targetOf(manuscript, KEPT_QUOTE, 1), 'Who were the six? #people');
}

/** The lines of one annotation in the sidecar's text: from its `- id:` to the next item. */
function entryOf(sidecar: string, id: string): string {
  const start = sidecar.indexOf(`  - id: ${id}\n`);
  if (start < 0) return '';
  const next = sidecar.indexOf('\n  - ', start + 1);
  return sidecar.slice(start, next < 0 ? undefined : next + 1);
}

/** The comment thread widget (open) whose title quotes PASSAGE. */
function threadWidget(page: Page): Locator {
  return commentThread(page, PASSAGE);
}

/**
 * Opens the thread whose first comment includes `text` from VS Code's Comments panel: a click on
 * its row reveals and expands it.
 *
 * Not from the thread's mark in the gutter: in part-one.txt as first opened (a book's manuscript,
 * whose language the extension sets after it opens) VS Code had no commenting ranges, and a click
 * on the mark did nothing; "Go to Next Comment Thread" (Alt+F9) skipped the new thread too.
 */
async function openFromCommentsPanel(page: Page, text: string): Promise<void> {
  await (await commentsPanelRow(page, text)).click();
  await hidePanel(page);
}

/**
 * Waits until PASSAGE's thread shows a comment with `text`, opening the thread (from the Comments
 * panel, by its first comment `body`) if it is, or becomes, collapsed.
 */
async function showThreadWith(page: Page, body: string, text: string): Promise<void> {
  const thread = threadWidget(page);
  const comment = thread.locator('.review-comment', { hasText: text });
  await waitFor(async () => (await comment.count()) > 0 || (await thread.count()) === 0, {
    message: `the thread should show "${text}", or close`,
  });
  if ((await comment.count()) === 0) await openFromCommentsPanel(page, body);
  await comment.waitFor();
}

export const tests: UiTest[] = [
  {
    name: 'annotate a selection, reply, resolve and delete it through the comment thread',
    async run(context) {
      const { page, workspace } = context;
      const sidecar = path.join(workspace, SIDECAR);
      const manuscript = fs.readFileSync(path.join(workspace, MANUSCRIPT), 'utf8');
      fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
      // The author, read when an annotation is saved (long after this; checked in the sidecar).
      fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'marginalia.author': AUTHOR }, null, 2));
      fs.writeFileSync(sidecar, preparedSidecar(manuscript));

      await openFile(context, MANUSCRIPT);
      await waitForLanguage(page, 'Manuscript');
      const line = manuscript.split('\n').findIndex((text) => text.includes(PASSAGE)) + 1;
      await goToLine(page, line);
      // The annotation from the sidecar is there: VS Code's Comments panel lists it.
      await commentsPanelRow(page, 'Who were the six?');
      await hidePanel(page);

      await annotateThroughThread(page, PASSAGE, BODY);
      const thread = threadWidget(page);
      // The form's editor, and below it (not inside .comment-form) its buttons.
      const form = thread.locator('.comment-form-container');
      const saved = await sidecarWhen(sidecar, (text) => text.includes(BODY), 'hold the body');
      const ids = [...saved.matchAll(/^ {2}- id: (\S+)$/gm)].map((m) => m[1]);
      const id = ids.find((found) => found !== KEPT_ID);
      assert.ok(id, 'the new annotation has an id');
      assert.deepEqual(ids.sort(), [KEPT_ID, id].sort(), 'one annotation was added to the one there');
      const entry = entryOf(saved, id);
      assert.match(entry, new RegExp(`\\n {6}quote: "?${PASSAGE}"?\\n`), 'the passage selected is the quote');
      assert.match(entry, /\n {4}tags: \[source-check\]\n/, 'the #tag is stored as a tag');
      assert.match(entry, new RegExp(`\\n {4}author: ${AUTHOR}\\n`), 'the author comes from the setting');
      assert.match(entry, /\n {4}status: open\n/);

      // The saved annotation's thread, with the body as its comment. Saving replaces the new thread
      // with the annotation's own, which starts collapsed.
      await showThreadWith(page, SHOWN_BODY, SHOWN_BODY);

      // Reply.
      await typeInForm(page, thread, REPLY);
      await form.locator('.monaco-button', { hasText: /^Reply$/ }).click();
      await sidecarWhen(sidecar, (text) => /\n {8}body: The customs ledger agrees\.\n/.test(entryOf(text, id)), 'hold the reply');
      await thread.locator('.review-comment', { hasText: REPLY }).waitFor();

      // Resolve, from the thread's title.
      await thread.locator('.head .action-label[aria-label="Resolve"]').click();
      await sidecarWhen(sidecar, (text) => /\n {4}status: resolved\n/.test(entryOf(text, id)), `say annotation ${id} is resolved`);
      // The thread follows the sidecar: Reopen in place of Resolve. VS Code collapses a thread when
      // it becomes resolved (comments.collapseOnResolve): wait for either, then open it again.
      const reopen = thread.locator('.head .action-label[aria-label="Reopen"]');
      await waitFor(async () => (await reopen.isVisible()) || (await thread.count()) === 0, { message: 'the thread should show it is resolved' });
      // No selection over the passage in the screenshot: its highlight shows as it is.
      await goToLine(page, line - 1);
      await showThreadWith(page, SHOWN_BODY, REPLY);
      await reopen.waitFor();
      assert.equal(await thread.locator('.head .action-label[aria-label="Resolve"]').count(), 0, 'a resolved thread offers no Resolve');
      await page.mouse.move(1, 1);
      await screenshot(context, 'annotation-thread');

      // The Annotations view in the Marginalia sidebar: both annotations, ours resolved, with its reply.
      await page.locator('.activitybar .action-item a[aria-label^="Marginalia"]').click();
      const rows = page.locator('.pane-body .monaco-list-row');
      await rows.filter({ hasText: KEPT_QUOTE.slice(0, 20) }).first().waitFor();
      const ours = rows.filter({ hasText: PASSAGE.slice(0, 20) }).first();
      await ours.waitFor();
      assert.match((await ours.getAttribute('aria-label')) ?? '', /resolved.*UI Tester.*source-check.*1 reply/);
      // The mouse off the activity bar (its tooltip) and off the rows, onto the view's empty space.
      const pane = await page.locator('.pane-body', { has: page.locator('.monaco-list-row', { hasText: PASSAGE.slice(0, 20) }) }).boundingBox();
      if (pane) await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height - 10);
      await screenshot(context, 'annotations-view');

      // Delete, from the thread's title; a modal dialog asks first.
      await showThreadWith(page, SHOWN_BODY, REPLY);
      await thread.locator('.head .action-label[aria-label="Delete Annotation"]').click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      assert.match((await dialog.textContent()) ?? '', /Delete this annotation and its replies\?/);
      await dialog.locator('.monaco-button', { hasText: /^Delete$/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      const after = await sidecarWhen(sidecar, (text) => !text.includes(id), `lose annotation ${id}`);
      assert.deepEqual([...after.matchAll(/^ {2}- id: (\S+)$/gm)].map((m) => m[1]), [KEPT_ID], 'exactly the new annotation was removed');
      assert.ok(after.includes(KEPT_QUOTE) && after.includes('Who were the six?'), 'the other annotation is untouched');
      await thread.waitFor({ state: 'hidden' });
      await rows.filter({ hasText: PASSAGE.slice(0, 20) }).waitFor({ state: 'detached' });

      // Leave the workbench as the other tests expect it: the Explorer in the sidebar.
      await page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click();
      await page.mouse.move(1, 1);
    },
  },
];
