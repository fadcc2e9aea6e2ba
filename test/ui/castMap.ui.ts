/** The Cast Map's webview in the real workbench: its cells, its clicks, its themes, its policy, its first paint. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { waitFor } from '../integration/util';
import { runCli } from '../support/cli';
import { NAMES } from '../support/generate';
import { repoRoot } from '../support/util';
import { openFile, pickFirst, runCommand, screenshot, waitForLanguage, type UiContext, type UiTest } from './harness';

const MANUSCRIPT = 'part-one.txt';
const BIG = { entities: 200, chapters: 60 };

function cli(...args: string[]): unknown {
  const result = runCli(repoRoot, args);
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  return JSON.parse(result.stdout);
}

/** Per row id, its counts per chapter column (`—` for the lines outside chapters), from `marginalia mentions` and `outline`. */
function expectedCounts(file: string): Record<string, Record<string, number>> {
  const mentions = cli('mentions', file, '--json') as { entities: { id: string; mentions: { line: number }[] }[]; ambiguous: { line: number; candidates: string[] }[] };
  const outline = cli('outline', file, '--json') as { chapters: { number: number; line: number }[] };
  const chapterOf = (line: number) => String([...outline.chapters].reverse().find((chapter) => chapter.line <= line)?.number ?? '—');
  const counts: Record<string, Record<string, number>> = {};
  const add = (id: string, line: number) => {
    const row = (counts[id] ??= {});
    row[chapterOf(line)] = (row[chapterOf(line)] ?? 0) + 1;
  };
  for (const entity of mentions.entities) for (const mention of entity.mentions) add(entity.id, mention.line);
  for (const mention of mentions.ambiguous) add(`?${mention.candidates.join('|')}`, mention.line);
  return counts;
}

/** The webview's inner frame, where our page is. */
function mapFrame(page: Page): Promise<Frame> {
  return waitFor(
    async () => {
      for (const frame of page.frames()) if ((await frame.locator('#castMap').count().catch(() => 0)) > 0) return frame;
      return undefined;
    },
    { message: 'the Cast Map webview should load', timeout: 20_000 },
  );
}

/** Opens the manuscript and its Cast Map; returns the map's frame. */
async function showCastMap(context: UiContext): Promise<Frame> {
  await openFile(context, MANUSCRIPT);
  await waitForLanguage(context.page, 'Manuscript');
  await runCommand(context.page, 'Marginalia: Show Cast Map');
  return mapFrame(context.page);
}

/** Per row id, its non-zero cells as the webview's DOM shows them: column label → count. */
function domCounts(frame: Frame): Promise<Record<string, Record<string, number>>> {
  return frame.locator('#castMap').evaluate((root) => {
    const labels = [...root.querySelectorAll('thead th.chapter')].map((th) => th.textContent ?? '');
    const rows: Record<string, Record<string, number>> = {};
    for (const tr of root.querySelectorAll('tbody tr')) {
      const cells: Record<string, number> = {};
      tr.querySelectorAll('td.cell').forEach((td: { getAttribute(name: string): string | null }, column: number) => {
        const count = Number(td.getAttribute('data-count'));
        if (count > 0) cells[labels[column]] = count;
      });
      if (Object.keys(cells).length > 0) rows[tr.getAttribute('data-row') ?? ''] = cells;
    }
    return rows;
  });
}

/** The classes of the webview page's body: `vscode-light`, `vscode-dark`, `vscode-high-contrast`… */
function bodyClasses(frame: Frame): Promise<string[]> {
  return frame.locator('#castMap').evaluate((root) => root.ownerDocument.body.className.split(' '));
}

/** Picks a colour theme through Preferences: Color Theme (the palette ranks "Browse Color Themes in Marketplace" above it). */
async function chooseTheme(context: UiContext, theme: string, bodyClass: string, frame: Frame): Promise<void> {
  const { page } = context;
  await page.locator('.editor-group-container .tab', { hasText: MANUSCRIPT }).first().click();
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill('>Preferences: Color Theme');
  await page.locator('.quick-input-list .monaco-list-row[aria-label^="Preferences: Color Theme,"]').click();
  await pickFirst(page, theme, theme);
  await waitFor(async () => (await bodyClasses(frame)).includes(bodyClass), { message: `the webview should take the ${theme} theme` });
}

/** A book of `BIG.chapters` chapters and `BIG.entities` people, each chapter naming many of them. */
function writeBigBook(folder: string): string {
  fs.mkdirSync(folder, { recursive: true });
  const names = Array.from({ length: BIG.entities }, (_, i) => `${NAMES[i % NAMES.length]} ${NAMES[Math.floor(i / NAMES.length)]}`);
  const cast = ['manuscripts: ["*.txt"]', 'people:', ...names.flatMap((name, i) => [`  - id: person-${i}`, `    name: "${name}"`])];
  fs.writeFileSync(path.join(folder, 'marginalia.yaml'), `${cast.join('\n')}\n`);
  const lines: string[] = [];
  for (let chapter = 1; chapter <= BIG.chapters; chapter++) {
    lines.push(`${chapter}. The chapter numbered ${chapter}`, '');
    // Every entity in every chapter, some more often: 12,000 cells, none empty.
    for (let paragraph = 0; paragraph < 10; paragraph++) {
      const named = names.filter((_, i) => (i + paragraph + chapter) % 10 === 0 || (paragraph === 0 && i % 10 !== (chapter % 10)));
      lines.push(`In that year ${named.join(' wrote to ')} and nobody else.`, '');
    }
  }
  const file = path.join(folder, 'part-big.txt');
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

export const tests: UiTest[] = [
  {
    name: 'the Cast Map shows the mentions per chapter, its cells open the text, under a strict policy',
    async run(context) {
      const { page, workspace } = context;
      // The big book of the last test, written now: the workbench has found its marginalia.yaml by then.
      writeBigBook(path.join(workspace, 'big'));
      const requested: string[] = [];
      const onRequest = (request: { url(): string }) => requested.push(request.url());
      page.on('request', onRequest);
      const frame = await showCastMap(context);
      await frame.locator('td.cell').first().waitFor();
      page.off('request', onRequest);

      const expected = expectedCounts(path.join(workspace, MANUSCRIPT));
      assert.deepEqual(await domCounts(frame), expected, 'the cells hold what marginalia mentions counts per chapter');

      // The policy: no inline script, style or handler, nothing remote.
      const webviewPage = await frame.locator('#castMap').evaluate((root) => {
        const doc = root.ownerDocument;
        return {
          policy: doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
          handlers: [...doc.querySelectorAll('*')].flatMap((element) => element.getAttributeNames().filter((name: string) => name.startsWith('on'))),
          // VS Code sets the theme's variables on <html> itself; nothing of ours has a style attribute.
          styled: doc.querySelectorAll('body [style], body[style]').length,
          // The one inline script is VS Code's own bridge (acquireVsCodeApi), which it puts in every webview.
          inlineScripts: [...doc.querySelectorAll('script')]
            .filter((script) => !script.getAttribute('src'))
            .map((script) => ({ vscode: (script.textContent ?? '').includes('acquireVsCodeApi') })),
          scripts: [...doc.querySelectorAll('script[src]')].map((script) => script.getAttribute('src') ?? ''),
          sources: [...doc.querySelectorAll('[src], link[href]')].map((element) => element.getAttribute('src') ?? element.getAttribute('href') ?? ''),
        };
      });
      assert.match(webviewPage.policy, /default-src 'none'/);
      assert.match(webviewPage.policy, /script-src 'nonce-[0-9a-f]{32}'/);
      assert.doesNotMatch(webviewPage.policy, /unsafe-inline|unsafe-eval/);
      // The only host allowed is VS Code's own for webview resources (cspSource), served from the extension's folder.
      assert.deepEqual(webviewPage.policy.match(/https?:\/\/[^\s;]+/g) ?? [], ['https://*.vscode-cdn.net', 'https://*.vscode-cdn.net', 'https://*.vscode-cdn.net']);
      assert.deepEqual(webviewPage.handlers, [], 'no inline event handlers');
      assert.equal(webviewPage.styled, 0, 'no inline styles');
      assert.ok(webviewPage.inlineScripts.every((script) => script.vscode), `no inline script of ours: ${JSON.stringify(webviewPage.inlineScripts)}`);
      assert.equal(webviewPage.scripts.length, 1);
      assert.match(webviewPage.scripts[0], /\/dist\/webview\/castMap\.js$/);
      const origin = new URL(page.url()).origin;
      const remote = requested.filter((url) => !url.startsWith(origin) && !/^(data|blob):/.test(url) && !/^https:\/\/[^/]*\.vscode-cdn\.net\//.test(url));
      assert.deepEqual(remote, [], 'no request leaves the machine');
      console.log(`    the webview's sources: ${[...new Set(webviewPage.sources.map((source) => new URL(source).host))].join(', ')}`);

      // A cell opens the chapter at the entity's first mention there, selected.
      const mentions = cli('mentions', path.join(workspace, MANUSCRIPT), '--json') as { entities: { id: string; mentions: { line: number; character: number; length: number }[] }[] };
      const outline = cli('outline', path.join(workspace, MANUSCRIPT), '--json') as { chapters: { number: number; line: number }[] };
      const chapterTwo = outline.chapters.find((chapter) => chapter.number === 2)!;
      const chapterThree = outline.chapters.find((chapter) => chapter.number === 3)!;
      const first = mentions.entities.find((entity) => entity.id === 'casimir-von-oldenfeld')!.mentions.find((m) => m.line > chapterTwo.line && m.line < chapterThree.line)!;
      const cell = frame.locator('tr[data-row="casimir-von-oldenfeld"] td.cell[aria-label^="Casimir von Oldenfeld, chapter 2:"]');
      assert.match((await cell.getAttribute('aria-label')) ?? '', /^Casimir von Oldenfeld, chapter 2: \d+ mentions?$/);
      const status = page.locator('[id="status.editor.selection"]');
      // The status bar shows the selection's active end: after the name.
      const selected = (mention: { line: number; character: number; length: number }) =>
        `Ln ${mention.line + 1}, Col ${mention.character + mention.length + 1} (${mention.length} selected)`;

      // The keyboard first (the map focused by a click on its status line, which opens nothing): arrows
      // across cells, Enter opens Casimir von Oldenfeld's first mention in chapter 3.
      await frame.locator('#status').click();
      await cell.focus();
      await page.keyboard.press('ArrowRight');
      const focused = () => frame.locator('#castMap').evaluate((root) => root.ownerDocument.activeElement?.getAttribute('aria-label') ?? '');
      await waitFor(async () => (await focused()).startsWith('Casimir von Oldenfeld, chapter 3:'), { message: 'ArrowRight should move to chapter 3' });
      await page.keyboard.press('ArrowDown');
      assert.doesNotMatch(await focused(), /^Casimir von Oldenfeld/);
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Enter');
      const third = mentions.entities.find((entity) => entity.id === 'casimir-von-oldenfeld')!.mentions.find((m) => m.line > chapterThree.line)!;
      await waitFor(async () => (await status.textContent())?.includes(selected(third)), { message: `Enter should select the first mention in chapter 3 (${selected(third)})` });

      // A click on a cell opens the chapter at the entity's first mention there, selected.
      await cell.click();
      await waitFor(async () => (await status.textContent())?.includes(selected(first)), { message: `the editor should select the first mention in chapter 2 (${selected(first)})` });
      await screenshot(context, 'ui-cast-map');
    },
  },

  {
    name: 'the Cast Map takes the dark, high-contrast and light themes',
    async run(context) {
      const frame = await showCastMap(context);
      // Two rows selected: the chapters they share are outlined.
      for (const id of ['liesbeth-kroon', 'casimir-von-oldenfeld']) await frame.locator(`tr[data-row="${id}"] input[type="checkbox"]`).click();
      await waitFor(async () => (await frame.locator('thead th.shared').count()) > 0, { message: 'shared chapters should be marked' });
      // The workbench starts in Light Modern (headless Chromium prefers a light scheme); the tests after this one expect it back.
      try {
        await chooseTheme(context, 'Dark Modern', 'vscode-dark', frame);
        await screenshot(context, 'ui-cast-map-dark');
        await chooseTheme(context, 'Dark High Contrast', 'vscode-high-contrast', frame);
        await screenshot(context, 'ui-cast-map-high-contrast');
      } finally {
        await chooseTheme(context, 'Light Modern', 'vscode-light', frame);
      }
      await screenshot(context, 'ui-cast-map-light');
    },
  },

  {
    name: 'the Cast Map paints 200 entities × 60 chapters',
    async run(context) {
      const { page, workspace } = context;
      // Written by the first test, long enough before for the workbench to know its book; or now, when run alone.
      if (!fs.existsSync(path.join(workspace, 'big', 'part-big.txt'))) writeBigBook(path.join(workspace, 'big'));
      await runCommand(page, 'View: Close All Editors');
      // Quick Open lists a file written during the run under its folder: picked by its row.
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').fill(path.join(workspace, 'big', 'part-big.txt'));
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'part-big.txt' }).first().click();
      await waitForLanguage(page, 'Manuscript', { timeout: 30_000 });
      const started = Date.now();
      await runCommand(page, 'Marginalia: Show Cast Map');
      const frame = await mapFrame(page);
      const cells = BIG.entities * BIG.chapters;
      await waitFor(async () => (await frame.locator('td.cell').count()) === cells, { message: `${cells} cells should be drawn`, timeout: 30_000 });
      const wallMs = Date.now() - started;
      const timing = await waitFor(
        () =>
          frame.locator('#castMap').evaluate((root) => {
            const body = root.ownerDocument.body;
            const names = ['data-markup-ms', 'data-first-paint-ms', 'data-all-rows-ms'];
            return body.hasAttribute('data-all-rows-ms') ? names.map((name) => body.getAttribute(name)) : undefined;
          }),
        { message: 'the webview should time its first paint' },
      );
      const [markupMs, paintMs, allMs] = timing;
      console.log(
        `    ${BIG.entities} entities × ${BIG.chapters} chapters: first screen painted ${paintMs} ms after the data came (budget 500 ms; markup and parse ${markupMs} ms), ` +
          `every row ${allMs} ms; ${wallMs} ms from the command to the ${cells} cells in the DOM (webview created, book indexed, data posted); load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
      );
      // Sticky: the header stays at the top and the names at the left when the grid scrolls.
      const stays = await frame.locator('#castMap').evaluate((root) => {
        const doc = root.ownerDocument;
        const scroller = doc.getElementById('scroller')!;
        const header = doc.querySelector('thead th.chapter')!;
        const name = doc.querySelector('tbody th.name')!;
        const before = { header: header.getBoundingClientRect().top, name: name.getBoundingClientRect().left };
        scroller.scrollTop = 2000;
        scroller.scrollLeft = 600;
        return Math.abs(header.getBoundingClientRect().top - before.header) < 1 && Math.abs(name.getBoundingClientRect().left - before.name) < 1;
      });
      assert.ok(stays, 'the header row and the names column stay in view');
      await screenshot(context, 'ui-cast-map-big');
      await runCommand(page, 'View: Close All Editors');
    },
  },
];
