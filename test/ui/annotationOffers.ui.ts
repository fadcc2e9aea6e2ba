/**
 * An annotation whose passage's sentence is still in the manuscript, but not the sentences around it
 * (a copy, or the sentence moved on its own): orphaned, with that place offered and never taken by
 * itself. Seen in the Problems panel and the Annotations view; a click on the row offers the place
 * in a quick pick that previews it, cancelled without a trace; the row's inline "Choose Candidate…"
 * offers it again, and accepting attaches the annotation there: the sidecar on disk is checked.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { parse } from 'yaml';
import { waitFor } from '../integration/util';
import { commentsPanelRow, hidePanel, openFile, runCommand, screenshot, sidecarWhen, sidecarWithOne, targetOf, waitForLanguage, widenSidebar, type SidecarTarget, type UiTest } from './harness';

const MANUSCRIPT = 'part-one.txt';
const SIDECAR = 'part-one.marginalia.yaml';
const ID = 'auiofferedone';
/** What the sidecar holds after it is replaced on disk at the end. */
const REPLACED_ID = 'auireplacedaa';
const REPLACED_QUOTE = 'a body of six merchants and two naval officers';
const REPLACED_BODY = 'After the checkout: who were the six?';
/** The passage: once in part-one.txt, inside one sentence of chapter 1. */
const QUOTE = 'dangerous at sea';
/** The sentence around it, as the manuscript has it. */
const SENTENCE_START = 'Oldenfeld’s soundings were elegant on paper and ';
const SENTENCE_REST = '; two barques had gone aground on shoals his charts placed a cable’s length to the east.';
/** What the sidecar says surrounded the sentence: in no manuscript of the sample. */
const INVENTED_BEFORE = 'Nothing of this was ever written down. ';
const INVENTED_AFTER = ' Nobody came back';
const PLACEHOLDER = 'Its text is here, but not its surroundings: pick it if this is the passage';

/** The sidecar with one annotation: the sentence as it is, its neighbours invented, its position elsewhere. */
function offeredSidecar(): string {
  const target = { quote: QUOTE, prefix: INVENTED_BEFORE + SENTENCE_START, suffix: SENTENCE_REST + INVENTED_AFTER, chapter: 1, line: 0, character: 0 };
  return sidecarWithOne('Written by the UI test: an annotation whose sentence is here without its neighbours.', ID, target, 'Dangerous to whom? #source-check');
}

/** The annotation's target as the sidecar's text has it (undefined if it does not parse or lacks it). */
function targetIn(sidecar: string): SidecarTarget | undefined {
  try {
    const parsed = parse(sidecar) as { annotations?: { id: string; target: SidecarTarget }[] } | null;
    return parsed?.annotations?.find((annotation) => annotation.id === ID)?.target;
  } catch {
    return undefined;
  }
}

/** The row of the Problems panel that includes `text`, the panel opened first. */
async function problemRow(page: Page, text: string): Promise<Locator> {
  const row = page.locator('.part.panel .monaco-list-row', { hasText: text });
  if (!(await row.isVisible())) await runCommand(page, 'Problems: Focus on Problems View');
  return row;
}

/**
 * The Choose Candidate quick pick, once it is open: checks that it offers the one place, on
 * `line` (0-based) at `character`, and previews it in the editor, the quote selected.
 */
async function checkCandidatePick(page: Page, line: number, character: number): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  await input.waitFor({ state: 'visible' });
  assert.ok((await input.getAttribute('placeholder'))?.startsWith(PLACEHOLDER), `the placeholder: ${await input.getAttribute('placeholder')}`);
  const items = widget.locator('.quick-input-list .monaco-list-row');
  await items.first().waitFor();
  assert.equal(await items.count(), 1, 'one place offered');
  // Its aria-label: the label (its icon read as "location"), the chapter, the text around the place.
  const item = (await items.first().getAttribute('aria-label')) ?? '';
  assert.match(item, new RegExp(`^(location\\s+)?Line ${line + 1}, 1\\. 1851 Spring`), `the item names line ${line + 1} of chapter 1: ${item}`);
  assert.ok(item.includes(`«${QUOTE}»`) && item.includes('elegant on paper and'), `the item shows the text around the place: ${item}`);
  // The cursor at the selection's end, where the status bar reports it.
  const previewed = `Ln ${line + 1}, Col ${character + QUOTE.length + 1} (${QUOTE.length} selected)`;
  await statusShows(page, (text) => text.includes(previewed), `preview the place, the quote selected: "${previewed}"`);
}

/** Waits until the status bar's cursor position satisfies `condition`. */
async function statusShows(page: Page, condition: (text: string) => boolean, what: string): Promise<void> {
  const selection = page.locator('[id="status.editor.selection"]');
  await waitFor(async () => condition((await selection.textContent({ timeout: 1000 })) ?? ''), {
    message: `the editor should ${what} (the status bar)`,
  }).catch(async (error: Error) => {
    throw new Error(`${error.message}; it shows "${await selection.textContent()}"`);
  });
}

export const tests: UiTest[] = [
  {
    name: 'an orphan whose sentence is found without its neighbours offers that place, and Choose Candidate attaches it there; a sidecar replaced on disk shows its own threads',
    async run(context) {
      const { page, workspace } = context;
      const sidecar = path.join(workspace, SIDECAR);
      const manuscript = fs.readFileSync(path.join(workspace, MANUSCRIPT), 'utf8');
      // The fixture stands only if the sentence is there once and what the sidecar invents is not.
      const sentence = SENTENCE_START + QUOTE + SENTENCE_REST;
      assert.equal(manuscript.split(QUOTE).length, 2, `"${QUOTE}" once in ${MANUSCRIPT}`);
      assert.ok(manuscript.includes(sentence), 'the sentence as the sidecar has it');
      assert.ok(!manuscript.includes(INVENTED_BEFORE.trim()) && !manuscript.includes(INVENTED_AFTER.trim()), 'the invented neighbours are not in the text');
      const offset = manuscript.indexOf(QUOTE);
      const before = manuscript.slice(0, offset);
      const line = before.split('\n').length - 1;
      const character = offset - (before.lastIndexOf('\n') + 1);
      const prepared = offeredSidecar();
      fs.writeFileSync(sidecar, prepared);
      const input = page.locator('.quick-input-widget input');
      let narrowSidebar: (() => Promise<void>) | undefined;

      try {
        await openFile(context, MANUSCRIPT);
        await waitForLanguage(page, 'Manuscript');

        // The Problems panel: an error on the sidecar saying where the text is (1-based line).
        const problem = `Annotation ${ID} lost its passage: “${QUOTE}” is at line ${line + 1} of the manuscript, but not what surrounded it`;
        await (await problemRow(page, problem)).waitFor();
        await hidePanel(page);

        // The Annotations view: the row says the annotation is orphaned with a place offered. The
        // click is on the icon's item: the badge (the count needing attention) covers its link.
        await page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="Marginalia"]') }).click();
        const rows = page.locator('.pane-body .monaco-list-row');
        const row = rows.filter({ hasText: QUOTE }).first();
        await row.waitFor();
        await waitFor(async () => (await row.locator('.label-description').textContent())?.startsWith('Orphaned (a place offered)'), {
          message: 'the row should say "Orphaned (a place offered)"',
        });
        assert.match((await row.getAttribute('aria-label')) ?? '', new RegExp(`^Annotation on “${QUOTE}”, Orphaned \\(a place offered\\), open, by Another Reader`));
        // It needs attention: listed in that group, not in a chapter.
        await rows.filter({ hasText: /^\s*Needs Attention\s*1\s*$/ }).waitFor();

        // A click on the row (Reveal Passage) offers the place too; cancelled, nothing is taken.
        await row.click();
        await checkCandidatePick(page, line, character);
        await page.keyboard.press('Escape');
        await input.waitFor({ state: 'hidden' });
        await statusShows(page, (text) => !text.includes('selected'), 'drop the preview when the pick is cancelled');
        assert.equal(fs.readFileSync(sidecar, 'utf8'), prepared, 'the sidecar is untouched when the pick is cancelled');
        assert.match((await row.getAttribute('aria-label')) ?? '', /, Orphaned \(a place offered\), /, 'still orphaned');

        // Room for the row's description beside its inline actions, which show while the mouse is
        // on the row: Choose Candidate… among them. No tooltip of the activity bar over the view.
        narrowSidebar = await widenSidebar(page, 200);
        await page.locator('.workbench-hover', { hasText: 'needs attention' }).waitFor({ state: 'hidden' });
        await row.hover();
        const choose = row.locator('.actions .action-label[aria-label^="Choose Candidate"]');
        await choose.waitFor({ state: 'visible' });
        await screenshot(context, 'annotation-offered');
        await choose.click();

        await checkCandidatePick(page, line, character);
        await page.mouse.move(1, 1);
        await screenshot(context, 'annotation-offered-pick');
        await page.keyboard.press('Enter');
        await input.waitFor({ state: 'hidden' });

        // The sidecar: the target rewritten to the place, with the text really around it.
        const written = await sidecarWhen(sidecar, (text) => targetIn(text)?.line === line, `give annotation ${ID} line ${line}`);
        const target = targetIn(written);
        assert.ok(target);
        assert.equal(target.quote, QUOTE, 'the quote is unchanged');
        assert.equal(target.character, character);
        assert.equal(target.chapter, 1);
        assert.ok(target.prefix.endsWith(SENTENCE_START), `the prefix ends with the sentence's start: ${JSON.stringify(target.prefix)}`);
        assert.ok(target.suffix.startsWith(SENTENCE_REST), `the suffix starts with the sentence's rest: ${JSON.stringify(target.suffix)}`);
        assert.ok(manuscript.includes(target.prefix + QUOTE + target.suffix), 'the context is the manuscript’s own');

        // The view follows: the row is anchored in its chapter, nothing needs attention.
        await rows.filter({ hasText: /^\s*Needs Attention/ }).waitFor({ state: 'detached' });
        await waitFor(async () => /^Annotation on “[^”]*”, Anchored, open\b/.test((await row.getAttribute('aria-label', { timeout: 1000 })) ?? ''), {
          message: 'the row should say the annotation is anchored',
        });
        assert.doesNotMatch((await row.locator('.label-description').textContent()) ?? '', /Orphaned/);
        // And the error is gone from the Problems panel.
        await (await problemRow(page, `Annotation ${ID}`)).waitFor({ state: 'detached' });

        // Now the sidecar is replaced on disk, as by a git checkout, with another annotation: the
        // Comments panel lists its thread, and no longer the one that went. (Told of both at once,
        // VS Code's panel lost the new thread until the old ones were disposed first.)
        const replaced = targetOf(manuscript, REPLACED_QUOTE, 1);
        fs.writeFileSync(sidecar, sidecarWithOne('Replaced by the UI test, as by a git checkout.', REPLACED_ID, replaced, REPLACED_BODY));
        await commentsPanelRow(page, REPLACED_BODY);
        await page.locator('.part.panel .monaco-list-row', { hasText: 'Dangerous to whom?' }).waitFor({ state: 'detached' });
        await hidePanel(page);
      } finally {
        // Leave the workbench as the other tests expect it: no quick pick, the sidebar as wide as it
        // was, the Explorer in it (a click on the Explorer's icon while it shows would hide it).
        if (await input.isVisible()) await page.keyboard.press('Escape');
        await narrowSidebar?.();
        if (!(await page.locator('.explorer-folders-view').isVisible())) await page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click();
        await page.mouse.move(1, 1);
      }
    },
  },
];
