/**
 * The extension as a user has it: the .vsix installed into code-server (no extensionDevelopmentPath),
 * driven by scripts/run-installed.mjs in two workbenches — one trusted, one in Restricted Mode
 * (Workspace Trust on, "No, I don't trust the authors"). The merge driver is checked with git
 * itself, exactly as the installed extension configured it, with node on the PATH and without.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAnnotations } from '../../../src/core/annotations/annotationYaml';
import { waitFor } from '../../integration/util';
import { commitAll, git } from '../../support/gitRepository';
import { annotateThroughThread, goToLine, hoverText, openFile, runCommand, screenshot, sidecarWhen, waitForLanguage, type UiContext, type UiTest } from '../harness';

export interface InstalledContext extends UiContext {
  /** code-server's profile: where the extension keeps its global storage (the launcher). */
  userDataDir: string;
  /** Where code-server installed the .vsix. */
  extensionsDir: string;
  /** The PATH code-server and git run with: no `marginalia` on it. */
  pathWithNode: string;
  /** A PATH with git and no node: a git GUI's or a CI image's. */
  pathWithoutNode: string;
  /** Keys bound (in the profile's keybindings.json) to commands the palette hides in Restricted Mode. */
  keys: { setUpGitIntegration: string; reviewChanges: string };
}

const MANUSCRIPT = 'part-one.txt';
const SIDECAR = 'part-one.marginalia.yaml';
const NOTE = 'Kroon to Matthias, April 1851: **Kroon papers**, box 4.';
const PASSAGE = 'the port of Vennholm smelled of tar';
const DRIVER_ARGUMENTS = 'merge-driver %O %A %B %P';

function lineOf(workspace: string, text: string): number {
  const lines = fs.readFileSync(path.join(workspace, MANUSCRIPT), 'utf8').split('\n');
  const at = lines.findIndex((line) => line.includes(text));
  assert.ok(at >= 0, `“${text}” in ${MANUSCRIPT}`);
  return at + 1;
}

/** Writes the endnote {1} into the sidecar, opens the manuscript and hovers its marker. */
async function hoverShowsNote(context: InstalledContext, shot: string): Promise<void> {
  const { page, workspace } = context;
  fs.writeFileSync(path.join(workspace, SIDECAR), `notes:\n  endnotes:\n    1: ${JSON.stringify(NOTE)}\n`);
  await openFile(context, MANUSCRIPT);
  // The first file of this workbench: the installed extension activates meanwhile.
  await waitForLanguage(page, 'Manuscript', { timeout: 60_000 });
  await goToLine(page, lineOf(workspace, '{1}'));
  const hover = await hoverText(page, '{1}', 'Kroon papers');
  assert.match((await hover.textContent()) ?? '', /Endnote \{1\}/);
  assert.equal(await hover.locator('strong', { hasText: 'Kroon papers' }).count(), 1, 'the note is rendered');
  await screenshot(context, shot);
  await page.keyboard.press('Escape');
  await page.mouse.move(1, 1);
}

/** Annotates PASSAGE through the editor's comment thread; resolves once the sidecar on disk has it. */
async function annotateInEditor(context: InstalledContext, body: string, shot: string): Promise<void> {
  const { page, workspace } = context;
  await openFile(context, MANUSCRIPT);
  await goToLine(page, lineOf(workspace, PASSAGE));
  await annotateThroughThread(page, PASSAGE, body);
  const saved = await sidecarWhen(path.join(workspace, SIDECAR), (text) => text.includes(body), 'hold the annotation made in the editor');
  const annotation = parseAnnotations(saved).annotations.find((entry) => entry.annotation.body === body)?.annotation;
  assert.equal(annotation?.target.quote, PASSAGE);
  assert.ok(saved.includes(NOTE), 'the note is still there');
  await page.mouse.move(1, 1);
  await screenshot(context, shot);
}

/** The installed extension's own CLI, by its path in the extensions folder. */
function installedCli(context: InstalledContext): string {
  const folders = fs.readdirSync(context.extensionsDir).filter((name) => name.startsWith('marginalia.marginalia-'));
  assert.equal(folders.length, 1, `one installed Marginalia in ${context.extensionsDir}: ${folders.join(', ')}`);
  return path.join(context.extensionsDir, folders[0], 'dist', 'cli.js');
}

/** `git merge` with exactly this PATH, as a terminal, a git GUI or CI runs it. */
function mergeWith(workspace: string, branch: string, PATH: string): { status: number | null; output: string } {
  const merge = spawnSync('git', ['merge', '--no-edit', branch], { cwd: workspace, encoding: 'utf8', env: { HOME: process.env.HOME, PATH } });
  return { status: merge.status, output: `${merge.stdout}${merge.stderr}${merge.error ? String(merge.error) : ''}` };
}

/** What works in a trusted and a restricted workbench alike: a note's hover, annotating. */
function readingAndAnnotating(label: string, body: string): UiTest<InstalledContext>[] {
  return [
    { name: `${label}: a marker’s hover shows its note`, run: (context) => hoverShowsNote(context, `${label}-hover`) },
    { name: `${label}: an annotation made in the editor lands in the sidecar`, run: (context) => annotateInEditor(context, body, `${label}-annotation`) },
  ];
}

export const trustedTests: UiTest<InstalledContext>[] = [
  ...readingAndAnnotating('installed', 'Made in the installed extension.'),
  {
    name: 'installed: Set Up Git Integration points git at the launcher, which runs the installed CLI',
    async run(context) {
      const { page, workspace } = context;
      await runCommand(page, 'Marginalia: Set Up Git Integration');
      const driver = await waitFor(() => git(workspace, ['config', '--local', 'merge.marginalia.driver'], true).stdout.trim() || undefined, {
        message: 'git config should name the merge driver',
        interval: 200,
      });
      const launcher = driver.slice(0, -DRIVER_ARGUMENTS.length - 1);
      assert.equal(driver, `${launcher} ${DRIVER_ARGUMENTS}`);
      assert.match(launcher, /\/marginalia\.marginalia\/bin\/marginalia-merge-driver$/, 'the launcher in the global storage, not the versioned extension folder');
      assert.ok(launcher.startsWith(`${context.userDataDir}/`), `the launcher ${launcher} is in the profile ${context.userDataDir}`);
      const script = fs.readFileSync(launcher, 'utf8');
      assert.ok(script.includes(`cli=${installedCli(context)}\n`), `the launcher runs the installed CLI:\n${script}`);
      assert.match(fs.readFileSync(path.join(workspace, '.gitattributes'), 'utf8'), /^\*\.marginalia\.yaml merge=marginalia$/m);
      await page.locator('.notifications-toasts .notification-toast', { hasText: 'git config merge.marginalia.driver: set to' }).waitFor();
      await screenshot(context, 'installed-git-integration');
    },
  },
  {
    name: 'installed: git merges two annotated branches with that driver, with node on the PATH and without',
    async run(context) {
      const { workspace } = context;
      const sidecar = path.join(workspace, SIDECAR);
      const cli = installedCli(context);
      commitAll(workspace, 'Annotated in the editor; git integration set up');
      const annotate = (quote: string, body: string, author: string) => {
        const run = spawnSync(process.execPath, [cli, 'annotate', MANUSCRIPT, '--quote', quote, '--body', body, '--author', author], { cwd: workspace, encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        return run.stdout.trim();
      };
      for (const [round, PATH] of [
        ['with node', context.pathWithNode],
        ['without node', context.pathWithoutNode],
      ]) {
        const tag = round.replace(' ', '-');
        git(workspace, ['checkout', '-q', '-b', `ada-${tag}`, 'main']);
        const ada = annotate('herring and wet rope', `Ada, ${round}.`, 'Ada');
        commitAll(workspace, `Ada annotates, ${round}`);
        git(workspace, ['checkout', '-q', 'main']);
        const jens = annotate('still without a commission', `Jens, ${round}.`, 'Jens');
        commitAll(workspace, `Jens annotates, ${round}`);
        // Both added an annotation at the end of the same list: line by line, that is a conflict.
        const merge = mergeWith(workspace, `ada-${tag}`, PATH);
        assert.equal(merge.status, 0, `${round}: ${merge.output}`);
        assert.equal(git(workspace, ['status', '--porcelain']).stdout, '', round);
        const merged = parseAnnotations(fs.readFileSync(sidecar, 'utf8'));
        assert.deepEqual(merged.problems, [], round);
        for (const id of [ada, jens]) assert.ok(merged.annotation(id), `${round}: annotation ${id} kept`);
        assert.ok(merged.annotations.some((entry) => entry.annotation.body === 'Made in the installed extension.'), `${round}: the editor's annotation kept`);
      }
    },
  },
];

export const restrictedTests: UiTest<InstalledContext>[] = [
  ...readingAndAnnotating('restricted', 'Made in Restricted Mode.'),
  {
    name: 'restricted: the git commands are not in the palette, and refuse when run anyway',
    async run(context) {
      const { page, workspace } = context;
      const palette = page.locator('.quick-input-widget');
      const rows = palette.locator('.quick-input-list .monaco-list-row');
      // Annotate Selection, the palette's control, is offered where a manuscript is the active editor.
      await openFile(context, MANUSCRIPT);
      await waitForLanguage(page, 'Manuscript');
      await page.keyboard.press('F1');
      await palette.locator('input').fill('>Marginalia: ');
      await rows.filter({ hasText: 'Marginalia: Annotate Selection' }).first().waitFor();
      for (const hidden of ['Set Up Git Integration', 'Review Changes Against Branch']) {
        await palette.locator('input').fill(`>Marginalia: ${hidden}`);
        // The list is filtered once it offers only "similar commands", or none.
        const filtered = async () => /similar commands|No matching commands/.test((await palette.textContent()) ?? '');
        await waitFor(async () => (await filtered()) && (await rows.filter({ hasText: hidden }).count()) === 0, {
          message: `the palette should offer no “${hidden}” in Restricted Mode`,
        });
      }
      await page.keyboard.press('Escape');

      for (const [key, action] of [
        [context.keys.setUpGitIntegration, 'Set Up Git Integration'],
        [context.keys.reviewChanges, 'Review Changes Against Branch'],
      ]) {
        await openFile(context, MANUSCRIPT);
        await page.keyboard.press(key);
        const refusal = page.locator('.notifications-toasts .notification-toast', { hasText: `${action} is disabled in Restricted Mode` });
        await refusal.waitFor();
        assert.match((await refusal.textContent()) ?? '', /it runs git.*trust it/);
        assert.equal(await refusal.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).count(), 1);
        if (action === 'Set Up Git Integration') await screenshot(context, 'restricted-refusal');
        await refusal.locator('.codicon-notifications-clear').click();
        await refusal.waitFor({ state: 'hidden' });
      }
      assert.equal(fs.existsSync(path.join(workspace, '.gitattributes')), false, 'no .gitattributes written');
      assert.equal(git(workspace, ['config', '--local', '--get', 'merge.marginalia.driver'], true).stdout, '', 'no driver configured');
    },
  },
];
