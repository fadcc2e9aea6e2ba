/** What only the screen shows about the manuscript language mode on the sample book's part-one.txt. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { waitFor } from '../integration/util';
import type { Page } from 'playwright-core';
import { DECREE_CHAPTERS, SUMMARY_BOOKS } from '../support/bookTexts';
import { activeEditor, editorContent, editorLines, goToLine, openFile, screenshot, waitForLanguage, type UiTest } from './harness';

const MANUSCRIPT = 'part-one.txt';
/** Typographic characters that VS Code's default settings box as "ambiguous" in ordinary files. */
const TYPOGRAPHIC = /[’“”—]/;

export const tests: UiTest[] = [
  {
    name: 'part-one.txt opens in Manuscript mode, coloured by its grammar',
    async run(context) {
      await openFile(context, MANUSCRIPT);
      await waitForLanguage(context.page, 'Manuscript');
      // Monaco renders uncoloured text as .mtk1 spans; any other .mtkN is a colour from the grammar.
      const coloured = editorLines(context.page, MANUSCRIPT).locator('span[class^="mtk"]:not(.mtk1)');
      await waitFor(async () => (await coloured.count()) > 0, { message: 'the manuscript grammar should colour the text' });
      await screenshot(context, 'ui-manuscript');
    },
  },

  {
    name: 'long paragraphs wrap, and no line runs past the editor',
    async run(context) {
      const { page, workspace } = context;
      const lines = fs.readFileSync(path.join(workspace, MANUSCRIPT), 'utf8').split(/\r?\n/);
      const longest = lines.reduce((best, line, i) => (line.length > lines[best].length ? i : best), 0);
      assert.ok(lines[longest].length > 300, `the sample should have a long paragraph (longest: ${lines[longest].length} characters)`);

      await openFile(context, MANUSCRIPT);
      await waitForLanguage(page, 'Manuscript');
      await goToLine(page, longest + 1);
      const editor = activeEditor(page, MANUSCRIPT);
      // Rows of the paragraph = view lines from its line number down to the next line number in the
      // margin: the editor's own (:scope > .overflow-guard), not those of an editor nested in it.
      const layout = await waitFor(
        () =>
          editor.evaluate((root, lineNumber) => {
            const numberTop = (n: number) =>
              [...root.querySelectorAll(':scope > .overflow-guard > .margin .line-numbers')]
                .find((e) => e.textContent.trim() === String(n))
                ?.getBoundingClientRect().top as number | undefined;
            const top = numberTop(lineNumber);
            if (top === undefined) return undefined;
            const next = numberTop(lineNumber + 1) ?? Infinity;
            const rows = ':scope > .overflow-guard > .editor-scrollable > .lines-content > .view-lines > .view-line';
            const rowTops = [...root.querySelectorAll(rows)].map((e) => e.getBoundingClientRect().top as number);
            const textRight = Math.max(...[...root.querySelectorAll(`${rows} > span`)].map((e) => e.getBoundingClientRect().right as number));
            return {
              rows: rowTops.filter((t) => t >= top - 1 && t < next - 1).length,
              textRight,
              visibleRight: root.querySelector(':scope > .overflow-guard > .editor-scrollable').getBoundingClientRect().right as number,
            };
          }, longest + 1),
        { message: `line ${longest + 1} should be rendered` },
      );
      assert.ok(layout.rows > 1, `line ${longest + 1} (${lines[longest].length} characters) should wrap onto several rows, takes ${layout.rows}`);
      assert.ok(
        layout.textRight <= layout.visibleRight + 1,
        `the text should end inside the editor (right edge ${layout.textRight} px, visible area ends at ${layout.visibleRight} px)`,
      );
    },
  },

  {
    name: 'no ambiguous-unicode boxes around ’ “ ” —',
    async run(context) {
      const { page, workspace } = context;
      // The boxes under each file's own rows: not in a comment editor a thread may hold open.
      const highlights = (file: string) => editorContent(page, file).locator(':scope > .view-overlays .unicode-highlight');

      // Control: the same characters in an .ini file (VS Code's defaults) do get boxes, and this is
      // how long that takes; so the selector is right and the wait below is long enough.
      const control = 'unicode-control.ini';
      fs.writeFileSync(path.join(workspace, control), '[chart]\ntitle = The sea’s “chart” — one\n');
      await openFile(context, control);
      const opened = Date.now();
      await waitFor(async () => (await highlights(control).count()) > 0, { message: 'the control file should show unicode highlight boxes' });
      const controlMs = Date.now() - opened;

      await openFile(context, MANUSCRIPT);
      await waitForLanguage(page, 'Manuscript');
      await goToLine(page, 1);
      const text = (await editorLines(page, MANUSCRIPT).textContent()) ?? '';
      assert.match(text, TYPOGRAPHIC, 'the visible part of the manuscript should contain ’ “ ” or —');
      // A negative: watch for a while, several times what the control needed to show its boxes.
      const watchUntil = Date.now() + Math.max(1000, 3 * controlMs);
      while (Date.now() < watchUntil) {
        assert.equal(await highlights(MANUSCRIPT).count(), 0, 'a manuscript should show no ambiguous-unicode boxes');
        await page.waitForTimeout(100);
      }
    },
  },
];

/** The colour Monaco paints the first token span holding `text` with, in the active editor, showing `file`. */
function colourOf(page: Page, file: string, text: string): Promise<string | undefined> {
  return editorLines(page, file).evaluate((lines, wanted) => {
    const span = [...lines.querySelectorAll('.view-line span > span')].find((s) => String(s.textContent).replace(/\u00a0/g, ' ').includes(wanted));
    return span ? String(lines.ownerDocument.defaultView?.getComputedStyle(span).color) : undefined;
  }, text);
}

tests.push({
  name: 'a chapter heading the parser found is coloured as a heading, a numbered point of a decree and a line of a table of contents as prose',
  async run(context) {
    const { page, workspace } = context;
    const file = 'decrees.manuscript';
    const contents = 'Contents\n\n1. The Soundings Of The Outer Bar\n2. The Chart And Its Enemies Abroad\n\n';
    fs.writeFileSync(path.join(workspace, file), `${contents}${DECREE_CHAPTERS}\n${SUMMARY_BOOKS}`);
    try {
      await openFile(context, file);
      await waitForLanguage(page, 'Manuscript');
      // "The Harbour Ordinance" is a heading to the grammar too; the long summary heading ends with a
      // period, so only the parser's semantic tokens colour it, a moment after the file opens.
      const colours = await waitFor(
        async () => {
          const found = {
            heading: await colourOf(page, file, 'Harbour Ordinance'),
            summary: await colourOf(page, file, 'Surveyor Came'),
            point: await colourOf(page, file, 'Every harbour master'),
            contentsLine: await colourOf(page, file, 'Chart And Its Enemies Abroad'),
            prose: await colourOf(page, file, 'pilots read the third'),
          };
          return found.heading && found.summary === found.heading ? found : undefined;
        },
        { timeout: 20_000, message: 'the long summary heading should take the colour of a chapter heading' },
      );
      await screenshot(context, 'ui-decree-points');
      assert.equal(colours.point, colours.prose, 'a numbered point should be coloured as prose');
      assert.notEqual(colours.point, colours.heading, 'a numbered point should not look like a heading');
      assert.equal(colours.contentsLine, colours.prose, 'a line of a table of contents should be coloured as prose');
    } finally {
      fs.rmSync(path.join(workspace, file));
    }
  },
});
