import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Annotation } from '../../src/core/annotation';
import { describeTarget } from '../../src/core/anchoring';
import { addAnnotation, removeAnnotation } from '../../src/core/annotationStore';
import { parseManuscript } from '../../src/core/manuscript';
import type { ReviewReport } from '../../src/core/review';
import { setNoteText } from '../../src/core/sidecar';
import { commitAll, git, initRepository } from '../gitRepository';

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
  const manuscriptFile = () => path.join(folder(), 'part-review.txt');
  const sidecarFile = () => path.join(folder(), 'part-review.marginalia.yaml');
  const gitOut = (...args: string[]) => git(folder(), args).stdout;

  const text = [
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
  let counter = 0;
  const annotate = (on: string, quote: string): Annotation => {
    const start = on.indexOf(quote);
    assert.ok(start >= 0, quote);
    return {
      id: `areview${String(++counter).padStart(6, '0')}`,
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
  };
  const kept = annotate(text, 'taken at slack water');
  const orphaned = annotate(text, 'who had first charted the wreck');
  const removed = annotate(text, 'in the wrong units');
  const baseSidecar = [kept, orphaned, removed].reduce<string>((sidecar, a) => addAnnotation(sidecar, a), setNoteText(undefined, 'endnote', 1, 'Harbour records, box 4.'));
  const edited = text.replace('Nobody on the boat could say who had first charted the wreck below the northern buoy, nor when.', 'The wreck was charted.');
  const added = annotate(edited, 'came back from the engraver');
  let hadGit = false;

  before(async function () {
    this.timeout(60_000);
    hadGit = await fs.stat(path.join(folder(), '.git')).then(
      () => true,
      () => false,
    );
    if (hadGit) this.skip();
    await fs.writeFile(manuscriptFile(), text);
    await fs.writeFile(sidecarFile(), baseSidecar);
    initRepository(folder());
    commitAll(folder(), 'The sample, annotated');
    gitOut('checkout', '-q', '-b', 'revision');
    await fs.writeFile(manuscriptFile(), edited);
    let sidecar = addAnnotation(baseSidecar, added);
    sidecar = removeAnnotation(sidecar, removed.id);
    sidecar = setNoteText(sidecar, 'endnote', 1, 'Harbour records, box 5.');
    await fs.writeFile(sidecarFile(), sidecar);
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
    assert.deepEqual(ids(report.added), [added.id]);
    assert.deepEqual(ids(report.removed), [removed.id]);
    assert.deepEqual(
      report.broken.map((b) => [b.id, b.state, b.file, b.chapter]),
      [[orphaned.id, 'orphaned', 'part-review.txt', 1]],
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
      [[orphaned.id, 'reviewItem.broken.orphaned']],
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
    assert.equal(base.getText(), baseSidecar);

    // Clicking the removed annotation opens that version at the annotation.
    const removedNode = described.tree[2].children![0].children![0];
    assert.equal(removedNode.id, removed.id);
    const snapshotItem = { kind: 'item', key: `removed|part-review.txt|${removed.id}`, item: { kind: 'annotation', group: 'removed', annotation: report.removed[0] } };
    await vscode.commands.executeCommand('marginalia.openReviewItem', snapshotItem);
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.scheme, 'marginalia-base');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, new RegExp(`id: ${removed.id}`));

    // The sidecar diff opens (base ↔ working file).
    await vscode.commands.executeCommand('marginalia.showReviewSidecarDiff', {
      kind: 'item',
      key: `added|part-review.txt|${added.id}`,
      item: { kind: 'annotation', group: 'added', annotation: report.added[0] },
    });
    const diffEditor = vscode.window.activeTextEditor!;
    assert.equal(path.basename(diffEditor.document.uri.fsPath), 'part-review.marginalia.yaml');
    assert.match(diffEditor.document.lineAt(diffEditor.selection.active.line).text, new RegExp(`id: ${added.id}`));

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
