/**
 * The UI tests: Playwright drives the VS Code workbench (code-server in Debian's Chromium) that
 * scripts/run-ui.mjs starts once for all of them. Each test is a named async function; a file
 * `test/ui/<topic>.ui.ts` exports `tests: UiTest[]`, and `index.ts` runs every such file in order.
 * Tests share one workbench, so each one opens what it needs instead of relying on the one before;
 * `index.ts` brings it back to where every test starts (`resetWorkbench`) before each one.
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
  /** Where screenshots go: test-results/ in the repo (test-results/web/ for a --web run). */
  resultsDir: string;
  /** The extension runs in the browser's web worker (`run-ui.mjs --web`), not in Node. */
  web: boolean;
}

export interface UiTest<Context extends UiContext = UiContext> {
  name: string;
  /** Why the test cannot run with the extension in the browser's web worker: it is skipped there. */
  nodeOnly?: string;
  /** Only with the extension in the web worker. */
  webOnly?: boolean;
  run(context: Context): Promise<void>;
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
 * Runs a command from the Command Palette (F1) by its label as the palette shows it, such as
 * "Comments: Focus on Comments View".
 */
export async function runCommand(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  await pickFirst(page, `>${label}`, label);
}

/**
 * Types `text` into Quick Open and accepts the first result once it is `expected` (its label, before
 * any ", description"). Pressing Enter
 * sooner picks whatever the list held a moment before (seen: the previously opened file).
 */
async function quickOpen(page: Page, text: string, expected: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await pickFirst(page, text, expected);
}

/** Types `text` into the open quick input and accepts its first item once it is `expected`. */
export async function pickFirst(page: Page, text: string, expected: string): Promise<void> {
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

/**
 * The language the status bar shows for the active editor ("Manuscript", "Plain Text", …). The
 * first file of a fresh workbench may wait for the extension to activate: give it a longer `timeout`.
 */
export async function waitForLanguage(page: Page, label: string, { timeout = 15_000 } = {}): Promise<void> {
  const mode = page.locator('[id="status.editor.mode"]');
  await waitFor(async () => (await mode.textContent({ timeout: 1000 }))?.trim() === label, {
    timeout,
    message: `the status bar should show the language "${label}"`,
  }).catch(async (error: Error) => {
    throw new Error(`${error.message}; it shows "${(await mode.textContent({ timeout: 1000 }).catch(() => null))?.trim()}"`);
  });
}

/**
 * The Monaco editor of the active editor group (we use one group): the group's own, not an editor
 * nested in it such as a comment thread's reply box. With `file` (a name, as its tab shows it),
 * only while that file is the one it shows (Monaco puts the model's URI in `data-uri`): a test that
 * means the manuscript then never reads another editor's rows.
 */
export function activeEditor(page: Page, file?: string): Locator {
  const showing = file === undefined ? '' : `[data-uri$="/${encodeURIComponent(file)}"]`;
  return page.locator(`.editor-group-container.active .editor-instance .monaco-editor:not(.monaco-editor .monaco-editor)${showing}`);
}

/**
 * Saves a screenshot of the whole workbench as `<resultsDir>/<name>.png`; returns its path.
 * Animations are taken at their end: a hover caught while it fades in looks half transparent.
 */
export async function screenshot(context: UiContext, name: string): Promise<string> {
  fs.mkdirSync(context.resultsDir, { recursive: true });
  const file = path.join(context.resultsDir, `${name}.png`);
  await context.page.screenshot({ path: file, animations: 'disabled' });
  return file;
}

/** Where a piece of text is on the screen, in page pixels. */
export interface TextBox {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The middle of the box: where to point the mouse. */
  centre: { x: number; y: number };
}

/**
 * The on-screen box of the `occurrence`-th (0-based) `text` in the text under `root`, searched in
 * each element that matches `block` (default: `root` itself) separately, so that a match never
 * joins the ends of two unrelated elements. Found with a DOM Range over the text nodes: Monaco
 * splits and merges its token spans unpredictably, so the text may cross several of them. Spaces
 * rendered as no-break spaces match ordinary ones. Undefined when the text is not rendered (not
 * scrolled into view, or wrapped across two rows).
 */
export async function textBox(root: Locator, text: string, { block, occurrence = 0 }: { block?: string; occurrence?: number } = {}): Promise<TextBox | undefined> {
  const found = await root.evaluate(
    (element, { text, block, occurrence }) => {
      const doc = element.ownerDocument;
      const blocks = block ? [...element.querySelectorAll(block)] : [element];
      let seen = 0;
      for (const container of blocks) {
        // SHOW_TEXT = 4 (the DOM's NodeFilter is not in this project's type libraries).
        const walker = doc.createTreeWalker(container, 4);
        const nodes: { node: unknown; start: number }[] = [];
        let joined = '';
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          nodes.push({ node, start: joined.length });
          joined += String(node.nodeValue).replace(/\u00a0/g, ' ');
        }
        for (let at = joined.indexOf(text); at >= 0; at = joined.indexOf(text, at + 1)) {
          if (seen++ < occurrence) continue;
          const locate = (offset: number, isEnd: boolean) => {
            // The last node that starts at or before the offset (before it, for an end).
            let i = 0;
            while (i + 1 < nodes.length && (isEnd ? nodes[i + 1].start < offset : nodes[i + 1].start <= offset)) i++;
            return { node: nodes[i].node, offset: offset - nodes[i].start };
          };
          const start = locate(at, false);
          const end = locate(at + text.length, true);
          const range = doc.createRange();
          range.setStart(start.node, start.offset);
          range.setEnd(end.node, end.offset);
          // One rectangle per span the text crosses; all on one row unless the text wraps.
          const rects: { left: number; right: number; top: number; bottom: number }[] = [...range.getClientRects()].filter((r) => r.width > 0);
          if (rects.length === 0) return undefined;
          const top = Math.min(...rects.map((r) => r.top));
          const bottom = Math.max(...rects.map((r) => r.bottom));
          if (rects.some((r) => r.top >= rects[0].bottom || r.bottom <= rects[0].top)) return undefined;
          const left = Math.min(...rects.map((r) => r.left));
          return { x: left, y: top, width: Math.max(...rects.map((r) => r.right)) - left, height: bottom - top };
        }
      }
      return undefined;
    },
    { text, block, occurrence },
  );
  return found && { ...found, centre: { x: found.x + found.width / 2, y: found.y + found.height / 2 } };
}

/**
 * The active editor's own scrolled content (of `file`, see `activeEditor`): its rows of text
 * (`.view-lines`) and the layers drawn under them (`.view-overlays`: current line, decorations with
 * a class such as the ambiguous-unicode boxes). Not those of the editors nested in it, such as a
 * comment thread's reply box, which Monaco puts among the editor's overlay widgets.
 */
export function editorContent(page: Page, file?: string): Locator {
  return activeEditor(page, file).locator(':scope > .overflow-guard > .monaco-scrollable-element > .lines-content');
}

/** The rendered rows of the active editor's own text (of `file`): see `editorContent`. */
export function editorLines(page: Page, file?: string): Locator {
  return editorContent(page, file).locator(':scope > .view-lines');
}

/** The box of `text` among the rendered rows of the active editor (see `textBox`). */
export function editorTextBox(page: Page, text: string, occurrence = 0): Promise<TextBox | undefined> {
  return textBox(editorLines(page), text, { block: '.view-line', occurrence });
}

/**
 * The active editor's hover widget while it shows (Monaco keeps hidden ones in the page; the
 * workbench's own tooltips, such as the activity bar's, are .monaco-hover too, outside the editor).
 */
export function visibleHover(page: Page): Locator {
  return activeEditor(page).locator('.monaco-hover:visible');
}

/**
 * Points the mouse at `text` in the active editor (which must show it) and waits until the hover
 * widget shows something that includes `expected`; returns the widget. Until then it moves the
 * mouse away and back: the first hover after a file opens can come up empty, before the
 * extension has registered its providers (see the notes), and a hover may show what a file said
 * before a test rewrote it.
 */
export async function hoverText(page: Page, text: string, expected: string | RegExp, { timeout = 15_000 } = {}): Promise<Locator> {
  const hover = visibleHover(page);
  const shows = async () => {
    const content = (await hover.textContent({ timeout: 200 }).catch(() => null)) ?? '';
    return typeof expected === 'string' ? content.includes(expected) : expected.test(content);
  };
  await waitFor(
    async () => {
      const box = await editorTextBox(page, text);
      if (!box) return false;
      // Away to the left margin (no hover there), then onto the text.
      const margin = await activeEditor(page).locator(':scope > .overflow-guard > .margin > .margin-view-overlays').boundingBox();
      if (margin) await page.mouse.move(margin.x + 2, box.centre.y);
      await hover.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
      await page.mouse.move(box.centre.x, box.centre.y);
      return waitFor(shows, { timeout: 2000, message: 'the hover shows' }).catch(() => false);
    },
    { timeout, interval: 100, message: `hovering "${text}" should show a hover with ${expected}` },
  ).catch(async (error: Error) => {
    const content = await hover.textContent({ timeout: 500 }).catch(() => null);
    throw new Error(`${error.message}; the hover shows ${content === null ? 'nothing' : JSON.stringify(content)}`);
  });
  return hover;
}

/** Selects `text` in the active editor (which must show it) with the mouse: a click before its first letter, a shift+click after its last. */
export async function selectText(page: Page, text: string): Promise<void> {
  const box = await waitFor(() => editorTextBox(page, text), { message: `"${text}" should be on screen` });
  await page.mouse.click(box.x + 1, box.centre.y);
  await page.keyboard.down('Shift');
  await page.mouse.click(box.x + box.width - 1, box.centre.y);
  await page.keyboard.up('Shift');
  await waitFor(async () => (await page.locator('[id="status.editor.selection"]').textContent())?.includes(`(${text.length} selected)`), {
    message: `the status bar should say ${text.length} characters are selected`,
  });
}

/** The comment thread widget (open) in the active editor whose title quotes `passage`. */
export function commentThread(page: Page, passage: string): Locator {
  return activeEditor(page).locator('.review-widget', { has: page.locator('.head', { hasText: passage }) }).filter({ visible: true });
}

/**
 * Types into a comment thread's form. Until it has the focus, the form is a button with the
 * controller's prompt ("Annotate this passage…"), which opens the editor when clicked.
 */
export async function typeInForm(page: Page, thread: Locator, text: string): Promise<void> {
  const form = thread.locator('.comment-form');
  const button = form.locator('.review-thread-reply-button');
  const editor = form.locator('.monaco-editor');
  await waitFor(async () => (await button.isVisible()) || (await editor.isVisible()), { message: 'the thread should show its form' });
  if (await button.isVisible()) await button.click();
  await editor.click();
  await page.keyboard.type(text);
  // Monaco renders spaces as no-break spaces.
  await waitFor(async () => (await editor.locator('.view-lines').textContent())?.replace(/\u00a0/g, ' ').includes(text), {
    message: `the form should hold "${text}"`,
  });
}

/**
 * Annotates `passage` of the active editor as a user does: selects it with the mouse, presses
 * Ctrl+Alt+M, types `body` into the new thread and clicks Save Annotation.
 */
export async function annotateThroughThread(page: Page, passage: string, body: string): Promise<void> {
  await selectText(page, passage);
  await page.keyboard.press('Control+Alt+M');
  const thread = commentThread(page, passage);
  await typeInForm(page, thread, body);
  // The form's buttons are below its editor, not inside .comment-form.
  await thread.locator('.comment-form-container .monaco-button', { hasText: 'Save Annotation' }).click();
}

/** Polls the sidecar on disk until `condition` holds for its text; returns that text. */
export function sidecarWhen(file: string, condition: (text: string) => boolean, message: string): Promise<string> {
  return waitFor(
    () => {
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      return condition(text) ? text : undefined;
    },
    { message: `the sidecar should ${message}` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n--- the sidecar:\n${fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(none)'}`);
  });
}

/** Hides the panel, to leave the editor its room. */
export async function hidePanel(page: Page): Promise<void> {
  const panel = page.locator('.part.panel');
  await panel.locator('.action-label[aria-label^="Hide Panel"]').click();
  await panel.waitFor({ state: 'hidden' });
}

/**
 * Widens the sidebar by dragging its right edge `by` pixels; returns what narrows it back. For
 * screenshots in which a view's rows are not cut short.
 */
export async function widenSidebar(page: Page, by: number): Promise<() => Promise<void>> {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (!sidebar) return async () => undefined;
  const edge = sidebar.x + sidebar.width;
  const y = sidebar.y + sidebar.height / 2;
  const drag = async (from: number, to: number) => {
    await page.mouse.move(from, y);
    await page.mouse.down();
    await page.mouse.move(to, y, { steps: 5 });
    await page.mouse.up();
  };
  await drag(edge, edge + by);
  return () => drag(edge + by, edge);
}

/**
 * The row of VS Code's Comments panel that shows `text`, the panel opened first. (VS Code also
 * opens it by itself the first time a file has comment threads, comments.openView; not counted on.)
 */
export async function commentsPanelRow(page: Page, text: string): Promise<Locator> {
  const row = page.locator('.part.panel .monaco-list-row', { hasText: text });
  if (!(await row.isVisible())) await runCommand(page, 'Comments: Focus on Comments View');
  await row.waitFor();
  return row;
}

/** The target of `quote` (its first occurrence) in `manuscript`, with 32 characters of context, as a test writes it by hand. */
export function targetOf(manuscript: string, quote: string, chapter: number): SidecarTarget {
  const offset = manuscript.indexOf(quote);
  const before = manuscript.slice(0, offset);
  return {
    quote,
    prefix: manuscript.slice(Math.max(0, offset - 32), offset),
    suffix: manuscript.slice(offset + quote.length, offset + quote.length + 32),
    chapter,
    line: before.split('\n').length - 1,
    character: offset - (before.lastIndexOf('\n') + 1),
  };
}

/** Where an annotation's passage is, as a sidecar stores it. */
export interface SidecarTarget {
  quote: string;
  prefix: string;
  suffix: string;
  chapter?: number;
  line: number;
  character: number;
}

/**
 * A sidecar with one open annotation by "Another Reader", written by hand as a test prepares it:
 * `comment` on its first line, the body's #tags as `tags`.
 */
export function sidecarWithOne(comment: string, id: string, target: SidecarTarget, body: string): string {
  const tags = [...body.matchAll(/#([\w-]+)/g)].map((match) => match[1]);
  return [
    `# ${comment}`,
    'annotations:',
    `  - id: ${id}`,
    '    target:',
    ...Object.entries(target).map(([key, value]) => `      ${key}: ${JSON.stringify(value)}`),
    `    body: ${JSON.stringify(body)}`,
    `    tags: [${tags.join(', ')}]`,
    '    author: Another Reader',
    '    created: 2024-05-01T10:00:00.000Z',
    '    status: open',
    '',
  ].join('\n');
}

/**
 * Brings the workbench back to where every test starts, whatever the test before left (a failed
 * one stops anywhere): no dialog or quick input, no comment thread open (a thread's unsubmitted
 * text discarded), no editor open (unsaved changes dropped), no panel, no secondary side bar, no
 * notification, the Explorer in the side bar, the mouse in the corner. Only through what a user
 * has (Escape, the Command Palette, dialogs' buttons), each step taken only when needed and
 * followed by a wait for its outcome.
 *
 * Threads are closed before editors: a thread closed with its editor comes back, open and with its
 * text, when the file is opened again (VS Code keeps an empty new thread and the text typed into it).
 */
export async function resetWorkbench(page: Page): Promise<void> {
  await page.mouse.move(1, 1);
  const dialog = page.locator('.monaco-dialog-box');
  const quickInput = page.locator('.quick-input-widget');
  // A dialog or a quick input holds the keyboard; Escape cancels either.
  for (const holder of [dialog, quickInput]) {
    if (await holder.isVisible()) {
      await page.keyboard.press('Escape');
      await holder.waitFor({ state: 'hidden' });
    }
  }
  /** Runs `command` (a palette label) when `needed`, then waits until `done`, answering `button` on any dialog it raises. */
  const step = async (needed: () => Promise<boolean>, command: string, done: () => Promise<boolean>, button?: RegExp) => {
    if (!(await needed())) return;
    await runCommand(page, command);
    const answer = button && dialog.locator('.monaco-button', { hasText: button });
    await waitFor(
      async () => {
        if (answer && (await answer.isVisible())) await answer.click({ timeout: 1000 });
        return (await done()) && !(await dialog.isVisible());
      },
      { message: `the workbench should be reset by "${command}"` },
    );
  };
  const threads = page.locator('.editor-group-container .review-widget').filter({ visible: true });
  await step(async () => (await threads.count()) > 0, 'Comments: Collapse All Comments', async () => (await threads.count()) === 0, /^Discard$/);
  const tabs = page.locator('.editor-group-container .tab');
  await step(async () => (await tabs.count()) > 0, 'View: Close All Editors', async () => (await tabs.count()) === 0, /^Don't Save$/);
  for (const [part, command] of [
    ['.part.panel', 'View: Hide Panel'],
    ['.part.auxiliarybar', 'View: Hide Secondary Side Bar'],
  ] as const) {
    const shown = page.locator(part);
    await step(() => shown.isVisible(), command, async () => !(await shown.isVisible()));
  }
  const toasts = page.locator('.notification-toast').filter({ visible: true });
  await step(async () => (await toasts.count()) > 0, 'Notifications: Clear All Notifications', async () => (await toasts.count()) === 0);
  const explorer = page.locator('.explorer-folders-view');
  await step(async () => !(await explorer.isVisible()), 'View: Show Explorer', () => explorer.isVisible());
  await page.mouse.move(1, 1);
}
