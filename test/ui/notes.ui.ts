/**
 * Citation notes as the reader sees them: the hover on `{1}` and `[1]` in the sample's part-one.txt,
 * read from the rendered widget, with notes from a sidecar the test writes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { waitFor } from '../integration/util';
import { goToLine, hoverText, openFile, screenshot, textBox, waitForLanguage, type UiContext, type UiTest } from './harness';

const MANUSCRIPT = 'part-one.txt';
const SIDECAR = 'part-one.marginalia.yaml';
const ARCHIVE_LINK = 'https://archive.example.org/kroon/1851-05-03';

const sidecarText = [
  '# Notes of the sample, written by the UI test.',
  'notes:',
  '  endnotes:',
  `    1: "**Kroon papers**, box 4: [letter to Matthias](${ARCHIVE_LINK}) of 3 May 1851."`,
  '  footnotes:',
  '    1: "Untrusted: [x](command:workbench.action.terminal.new)"',
  '',
].join('\n');

/** Every link target of the hover: what a click could run (href, data-href) or show (title). */
function linksOf(hover: Locator): Promise<{ text: string; href: string | null; dataHref: string | null; title: string | null }[]> {
  return hover.locator('a').evaluateAll((anchors) =>
    anchors.map((a) => ({
      text: String(a.textContent),
      href: a.getAttribute('href') as string | null,
      dataHref: a.getAttribute('data-href') as string | null,
      title: a.getAttribute('title') as string | null,
    })),
  );
}

/** Writes the notes, opens the manuscript and scrolls to the 1-based line of `marker`. */
async function showMarker(context: UiContext, marker: string): Promise<void> {
  fs.writeFileSync(path.join(context.workspace, SIDECAR), sidecarText);
  await openFile(context, MANUSCRIPT);
  await waitForLanguage(context.page, 'Manuscript');
  const lines = fs.readFileSync(path.join(context.workspace, MANUSCRIPT), 'utf8').split(/\r?\n/);
  const line = lines.findIndex((text) => text.includes(marker));
  assert.ok(line >= 0, `${marker} should be in ${MANUSCRIPT}`);
  await goToLine(context.page, line + 1);
}

/** Closes the hover, so that the next test starts without one. */
async function closeHover(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.mouse.move(1, 1);
}

export const tests: UiTest[] = [
  {
    name: 'hovering {1} shows the endnote, rendered as Markdown, with its chapter and passage',
    async run(context) {
      const { page } = context;
      await showMarker(context, '{1}');
      const hover = await hoverText(page, '{1}', 'Kroon papers');
      const text = (await hover.textContent()) ?? '';
      assert.match(text, /Endnote \{1\}/);
      assert.match(text, /1\. 1851 Spring: The Lighthouse Survey/, 'the hover names the chapter');
      assert.match(text, /Covers “/, 'the hover shows the passage the note covers');
      assert.equal(await hover.locator('strong', { hasText: 'Kroon papers' }).count(), 1, '**Kroon papers** is rendered bold');
      const links = await linksOf(hover);
      assert.ok(
        links.some((link) => link.text === 'letter to Matthias' && [link.href, link.dataHref].includes(ARCHIVE_LINK)),
        `the note's http link is a working link; the links are ${JSON.stringify(links)}`,
      );
      await screenshot(context, 'hover-note');
      await closeHover(page);
    },
  },

  {
    name: 'hovering {2}, which has no note, says so and links to Edit Note',
    async run(context) {
      const { page } = context;
      await showMarker(context, '{2}');
      const hover = await hoverText(page, '{2}', 'No note yet');
      assert.match((await hover.textContent()) ?? '', /Endnote \{2\}/);
      const links = await linksOf(hover);
      const write = links.find((link) => link.text === 'Write the note');
      assert.ok(write, `the hover has a "Write the note" link; its links are ${JSON.stringify(links)}`);
      assert.match(write.dataHref ?? '', /^command:marginalia\.editNote\?/, 'the link runs Marginalia: Edit Note');
      await closeHover(page);
    },
  },

  {
    name: 'a note’s command link renders as plain text, and clicking it opens no terminal',
    async run(context) {
      const { page } = context;
      await showMarker(context, '[1]');
      const terminals = page.locator('.integrated-terminal, .xterm');
      assert.equal(await terminals.count(), 0, 'no terminal is open before the click');
      const panel = page.locator('.part.panel');
      const panelWasVisible = await panel.isVisible();

      const hover = await hoverText(page, '[1]', 'Untrusted: x');
      const links = await linksOf(hover);
      // Our own links are anchors in the same widget: the check below looks where links are.
      assert.ok(
        links.some((link) => link.dataHref?.startsWith('command:marginalia.editNote')),
        `the hover has our Edit note link; its links are ${JSON.stringify(links)}`,
      );
      const unsafe = links.filter((link) => [link.href, link.dataHref, link.title].some((value) => value?.includes('command:workbench')));
      assert.deepEqual(unsafe, [], 'no anchor in the hover targets command:workbench');
      assert.equal((await hover.innerHTML()).includes('command:workbench'), false, 'command:workbench appears nowhere in the hover');

      // Click on the "x" that was the link's text.
      const whole = await textBox(hover, 'Untrusted: x');
      const before = await textBox(hover, 'Untrusted: ');
      assert.ok(whole && before, 'the hover shows "Untrusted: x" on one row');
      await page.mouse.click((before.x + before.width + whole.x + whole.width) / 2, whole.centre.y);
      // A negative: watch for a while; opening a terminal takes well under this here.
      const watchUntil = Date.now() + 2000;
      while (Date.now() < watchUntil) {
        assert.equal(await terminals.count(), 0, 'clicking the note’s "x" opens no terminal');
        await page.waitForTimeout(100);
      }
      assert.equal(await panel.isVisible(), panelWasVisible, 'the panel (where a terminal would open) stays as it was');
      await waitFor(async () => !(await page.locator('.monaco-dialog-box').isVisible()), { message: 'no dialog opened either' });
      await closeHover(page);
    },
  },
];
