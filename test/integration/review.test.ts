import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReviewReport } from '../../src/core/review/reviewModel';
import { git } from '../support/gitRepository';
import { REVIEW_MANUSCRIPT, REVIEW_SIDECAR, writeReviewScenario, type ReviewScenario } from '../support/reviewScenario';

/**
 * The Review view and "Set Up Git Integration", in the real editor. The workspace (a copy of
 * sample/) is made a git repository here: a manuscript of its own, annotated and committed on main,
 * then, on a branch, edited in the working tree — an annotation added, one removed, a note edited
 * and a sentence cut so that an annotation is orphaned. A tree view's items cannot be read from
 * another extension: the commands return what they loaded (`marginalia.reviewChanges` the report,
 * `marginalia.describeReview` the tree as data).
 */
describe('review view and git integration', function () {
  this.timeout(60_000);
  const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const manuscriptFile = () => path.join(folder(), REVIEW_MANUSCRIPT);
  const sidecarFile = () => path.join(folder(), REVIEW_SIDECAR);
  const gitOut = (...args: string[]) => git(folder(), args).stdout;

  let scenario: ReviewScenario;
  let hadGit = false;

  before(async function () {
    this.timeout(60_000);
    hadGit = await fs.stat(path.join(folder(), '.git')).then(
      () => true,
      () => false,
    );
    if (hadGit) this.skip();
    scenario = writeReviewScenario(folder(), 'areview');
  });

  after(async () => {
    if (hadGit) return;
    await vscode.commands.executeCommand('marginalia.closeReview');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Leave the workspace as the other suites know it: no repository, no files of ours.
    await fs.rm(path.join(folder(), '.git'), { recursive: true, force: true });
    await fs.rm(path.join(folder(), '.gitattributes'), { force: true });
    await fs.rm(manuscriptFile(), { force: true });
    await fs.rm(sidecarFile(), { force: true });
  });

  it('reviews the working tree against main: the report, the view, the base version', async () => {
    const report = (await vscode.commands.executeCommand<ReviewReport | undefined>('marginalia.reviewChanges', { base: 'main' }))!;
    assert.ok(report, 'a report');
    const ids = (list: readonly { id: string }[]) => list.map((item) => item.id);
    assert.deepEqual(ids(report.added), [scenario.added.id]);
    assert.deepEqual(ids(report.removed), [scenario.removed.id]);
    assert.deepEqual(
      report.broken.map((b) => [b.id, b.state, b.file, b.chapter]),
      [[scenario.orphaned.id, 'orphaned', 'part-review.txt', 1]],
    );
    assert.deepEqual(
      report.notes.changed.map((n) => [n.number, n.before, n.text]),
      [[1, 'Harbour records, box 4.', 'Harbour records, box 5.']],
    );
    assert.match(report.base, /^main \([0-9a-f]{7}\)$/);
    assert.equal(report.head, 'working tree');

    const described = await vscode.commands.executeCommand<{ base: string; tree: { label: string; description?: string; children?: { label: string; children?: { label: string; id?: string; contextValue?: string }[] }[] }[] }>(
      'marginalia.describeReview',
    );
    assert.ok(described, 'the view has a review loaded');
    assert.deepEqual(
      described.tree.map((group) => [group.label, group.description]),
      [
        ['Broken Anchors', '1'],
        ['Added', '1'],
        ['Removed', '1'],
        ['Notes', '1'],
      ],
    );
    const broken = described.tree[0].children![0];
    assert.equal(broken.label, 'Chapter 1 · 1903 Summer: The Soundings');
    assert.deepEqual(
      broken.children!.map((item) => [item.id, item.contextValue]),
      [[scenario.orphaned.id, 'reviewItem.broken.orphaned']],
    );

    // Clicking the broken annotation shows where it was, in the text as it is now; an added one, its passage.
    await vscode.commands.executeCommand('marginalia.openReviewItem', { kind: 'item', key: 'broken', item: { kind: 'broken', annotation: report.broken[0] } });
    let shown = vscode.window.activeTextEditor!;
    assert.deepEqual([path.basename(shown.document.uri.fsPath), shown.selection.active.line], ['part-review.txt', 6]);
    await vscode.commands.executeCommand('marginalia.openReviewItem', { kind: 'item', key: 'added', item: { kind: 'annotation', group: 'added', annotation: report.added[0] } });
    shown = vscode.window.activeTextEditor!;
    assert.match(shown.document.lineAt(shown.selection.active.line).text, /came back from the engraver/);

    // The base version of the sidecar, read-only, as the removed annotation's click shows it.
    const root = vscode.Uri.file(folder());
    const base = await vscode.workspace.openTextDocument(
      vscode.Uri.from({ scheme: 'marginalia-base', path: '/part-review.marginalia.yaml', query: new URLSearchParams({ root: root.fsPath, commit: gitOut('rev-parse', 'main').trim() }).toString() }),
    );
    assert.equal(base.getText(), scenario.baseSidecar);

    // Clicking the removed annotation opens that version at the annotation.
    const removedNode = described.tree[2].children![0].children![0];
    assert.equal(removedNode.id, scenario.removed.id);
    const snapshotItem = { kind: 'item', key: `removed|part-review.txt|${scenario.removed.id}`, item: { kind: 'annotation', group: 'removed', annotation: report.removed[0] } };
    await vscode.commands.executeCommand('marginalia.openReviewItem', snapshotItem);
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.scheme, 'marginalia-base');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, new RegExp(`id: ${scenario.removed.id}`));

    // The sidecar diff opens (base ↔ working file).
    await vscode.commands.executeCommand('marginalia.showReviewSidecarDiff', {
      kind: 'item',
      key: `added|part-review.txt|${scenario.added.id}`,
      item: { kind: 'annotation', group: 'added', annotation: report.added[0] },
    });
    const diffEditor = vscode.window.activeTextEditor!;
    assert.equal(path.basename(diffEditor.document.uri.fsPath), 'part-review.marginalia.yaml');
    assert.match(diffEditor.document.lineAt(diffEditor.selection.active.line).text, new RegExp(`id: ${scenario.added.id}`));

    // The Markdown report.
    const markdown = await vscode.commands.executeCommand<string>('marginalia.copyReviewMarkdown');
    assert.match(markdown, /^## Marginalia review\n/);
    assert.match(markdown, /⚠️ \*\*orphaned\*\*/);
  });

  it('says clearly when the ref is unknown, and keeps the review loaded', async () => {
    const report = await vscode.commands.executeCommand<ReviewReport | undefined>('marginalia.reviewChanges', { base: 'no-such-branch' });
    assert.equal(report, undefined);
    assert.ok(await vscode.commands.executeCommand('marginalia.describeReview'), 'the earlier review stays');
    await vscode.commands.executeCommand('marginalia.closeReview');
    assert.equal(await vscode.commands.executeCommand('marginalia.describeReview'), undefined);
  });

  it('says the review is incomplete when a sidecar does not parse on one side', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const good = await fs.readFile(sidecarFile(), 'utf8');
    try {
      await fs.writeFile(sidecarFile(), `${good}<<<<<<< HEAD\nnotes: [\n=======\n>>>>>>> other\n`);
      const report = await vscode.commands.executeCommand<ReviewReport | undefined>('marginalia.reviewChanges', { base: 'main' });
      assert.ok(report, 'the rest is still reviewed');
      const described = await vscode.commands.executeCommand<{ message?: string }>('marginalia.describeReview');
      assert.match(described.message ?? '', /^Incomplete: a file does not parse on one side \(part-review\.marginalia\.yaml:\d+\)/);
    } finally {
      await fs.writeFile(sidecarFile(), good);
      await vscode.commands.executeCommand('marginalia.closeReview');
    }
  });

  it('sets up git integration: .gitattributes and the merge driver', async () => {
    const integration = await vscode.commands.executeCommand<{ root: string; steps: { what: string; result: string }[] }>('marginalia.setUpGitIntegration');
    assert.ok(integration, 'it ran');
    const attributes = await fs.readFile(path.join(folder(), '.gitattributes'), 'utf8');
    assert.match(attributes, /^\*\.marginalia\.yaml merge=marginalia$/m);
    assert.match(attributes, /^marginalia\.yaml merge=marginalia$/m);
    assert.match(gitOut('config', '--local', 'merge.marginalia.driver'), /merge-driver %O %A %B %P\n$/);
    // Again: nothing to do.
    const again = await vscode.commands.executeCommand<{ steps: { result: string }[] }>('marginalia.setUpGitIntegration');
    assert.ok(again.steps.every((step) => step.result === 'unchanged'));
  });
});
