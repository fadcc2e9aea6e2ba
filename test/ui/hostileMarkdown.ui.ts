/**
 * Hostile notes (test/support/hostileMarkdown.ts) as a reader sees them: the hovers of a manuscript
 * whose sidecar is full of them, read from the widget VS Code renders, and a click on a neutralised
 * command link.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { HOSTILE_NOTES, HOSTILE_PASSAGE, SAFE_TARGET, hostileManuscript, hostileSidecar } from '../support/hostileMarkdown';
import { goToLine, hoverText, openFile, screenshot, textBox, waitForLanguage, type UiContext, type UiTest } from './harness';

const MANUSCRIPT = 'part-hostile.txt';
const SIDECAR = 'part-hostile.marginalia.yaml';
/** Our own links in a note's hover: the only command links a hover may hold. */
const OUR_LINK = /^command:marginalia\.(?:editNote|goToNote)\?/;

interface Rendered {
  links: { text: string; targets: string[] }[];
  images: string[];
  text: string;
}

/** What the hover widget holds: each anchor with every attribute a click could follow, every image, the text. */
function rendered(hover: Locator): Promise<Rendered> {
  return hover.evaluate((element) => ({
    links: [...element.querySelectorAll('a')].map((a) => ({
      text: String(a.textContent),
      targets: ['href', 'data-href'].map((name) => a.getAttribute(name) ?? '').filter((value) => value !== ''),
    })),
    images: [...element.querySelectorAll('img, image, iframe, object, embed, video, audio')].map((node) => node.outerHTML),
    text: String(element.textContent),
  }));
}

/** Writes the hostile manuscript and its sidecar into the workspace and opens the manuscript. */
async function openHostile(context: UiContext): Promise<void> {
  const manuscript = hostileManuscript();
  fs.writeFileSync(path.join(context.workspace, SIDECAR), hostileSidecar(manuscript));
  fs.writeFileSync(path.join(context.workspace, MANUSCRIPT), manuscript);
  await openFile(context, MANUSCRIPT);
  await waitForLanguage(context.page, 'Manuscript');
}

/** Line (1-based) and text of the marker of hostile note `index`. */
function markerOf(index: number): { line: number; marker: string } {
  const marker = `{${index + 1}}`;
  const line = hostileManuscript().split('\n').findIndex((text) => text.endsWith(marker));
  return { line: line + 1, marker };
}

async function closeHover(context: UiContext): Promise<void> {
  await context.page.keyboard.press('Escape');
  await context.page.mouse.move(1, 1);
}

export const tests: UiTest[] = [
  {
    name: 'every hostile annotation, hovered on its passage, renders with no link but http(s)/mailto and no image',
    async run(context) {
      // The passage is on line 3, in view as the file opens.
      await openHostile(context);
      const last = HOSTILE_NOTES[HOSTILE_NOTES.length - 1];
      // Fifty-four annotations on one passage: a heavy hover to draw, and a slow one on a loaded machine.
      const hover = await hoverText(context.page, HOSTILE_PASSAGE, last.shows?.[0] ?? 'Annotation', { timeout: 45_000 });
      const { links, images, text } = await rendered(hover);
      assert.deepEqual(images, [], 'no image, frame or media element in the hover');
      const targets = links.flatMap((link) => link.targets);
      assert.deepEqual(targets.filter((target) => !SAFE_TARGET.test(target)), [], `only http(s) and mailto targets; the links are ${JSON.stringify(links)}`);
      const kept = new Set(HOSTILE_NOTES.flatMap((note) => note.keeps ?? []));
      assert.deepEqual(targets.filter((target) => !kept.has(target)), [], 'every target is one a note really has');
      assert.equal((text.match(/Annotation · /g) ?? []).length, HOSTILE_NOTES.length, 'every annotation is shown');
      for (const note of HOSTILE_NOTES) {
        for (const shown of note.shows ?? []) assert.ok(text.replace(/\s+/g, ' ').includes(shown), `${note.name}: the hover shows ${JSON.stringify(shown)}`);
      }
      await screenshot(context, 'hover-hostile-annotations');
      await closeHover(context);
    },
  },

  {
    name: 'hostile notes hovered on their markers: our links are the only command links, the note’s are text',
    async run(context) {
      await openHostile(context);
      const chosen = ['the issue’s nested brackets around a command link', 'the issue’s image with brackets in its alt text', 'an HTML anchor to a command', 'an autolink to a command', 'theme icons', 'an http link with a hostile title'];
      for (const name of chosen) {
        const index = HOSTILE_NOTES.findIndex((note) => note.name === name);
        const note = HOSTILE_NOTES[index];
        const { line, marker } = markerOf(index);
        await goToLine(context.page, line);
        const hover = await hoverText(context.page, marker, note.shows?.[0] ?? marker);
        const { links, images } = await rendered(hover);
        assert.deepEqual(images, [], `${name}: no image in the hover`);
        const targets = links.flatMap((link) => link.targets);
        const foreign = targets.filter((target) => !OUR_LINK.test(target) && !(note.keeps ?? []).includes(target));
        assert.deepEqual(foreign, [], `${name}: no target but ours and the note's http(s)/mailto; the links are ${JSON.stringify(links)}`);
        assert.deepEqual(
          links.filter((link) => link.targets.some((target) => OUR_LINK.test(target))).map((link) => link.text),
          ['Edit note', 'Go to note'],
          `${name}: our two links, and no command link of the note's`,
        );
        await closeHover(context);
      }
    },
  },

  {
    name: 'clicking a hostile note’s neutralised command link (the issue’s) runs nothing: no input box, the sidecar unchanged',
    async run(context) {
      const { page } = context;
      await openHostile(context);
      const sidecar = path.join(context.workspace, SIDECAR);
      const before = fs.readFileSync(sidecar, 'utf8');
      const { line, marker } = markerOf(0);
      await goToLine(page, line);
      const hover = await hoverText(page, marker, 'x [y]');
      const box = await textBox(hover, 'x [y]');
      assert.ok(box, 'the hover shows the link’s text "x [y]"');
      await page.mouse.click(box.centre.x, box.centre.y);
      // Then a link of ours, whose effect is seen: commands run in the order of the clicks, so once the
      // sidecar opens, an Edit Note run by the first click would have shown its input box.
      const goToNote = hover.locator('a', { hasText: 'Go to note' });
      await goToNote.click();
      await page.locator('.editor-group-container.active .tab.active', { hasText: SIDECAR }).waitFor();
      assert.equal(await page.locator('.quick-input-widget').isVisible(), false, 'no input box is open (Edit Note did not run)');
      assert.equal(fs.readFileSync(sidecar, 'utf8'), before, 'the sidecar is unchanged');
      // The book is the sample's again for the tests after these.
      await page.keyboard.press('Escape');
      for (const name of [MANUSCRIPT, SIDECAR]) fs.rmSync(path.join(context.workspace, name));
    },
  },
];
