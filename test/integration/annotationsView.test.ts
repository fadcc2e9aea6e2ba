import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseAnnotations } from '../../src/core/annotations/annotationYaml';
import { waitFor } from './util';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * The Annotations view's commands, in the real editor. A tree view's items cannot be read from
 * another extension, so the tests go through the commands its items run (with `{uri, id}`, as the
 * view passes them) and check their effects: the editor's selection, and the sidecar on disk.
 */
describe('annotations view', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const manuscript = () => vscode.Uri.joinPath(folder(), 'part-view.txt');
  const sidecar = () => vscode.Uri.joinPath(folder(), 'part-view.marginalia.yaml');
  const readSidecar = async () => decoder.decode(await vscode.workspace.fs.readFile(sidecar()));
  const targetOf = async (id: string) => parseAnnotations(await readSidecar()).annotation(id)?.annotation.target;
  const sidecarProblems = (code: string) => vscode.languages.getDiagnostics(sidecar()).filter((d) => d.code === code);

  // The refrain is written twice, in the same chapter, with more than 32 characters around the
  // quote the same both times: an anchor with that context fits both places equally well.
  const refrain = 'Refrain of the pilots, sung at every launch: lead down and count the fathoms slow, for the bell rang twice over the water, and the tide will tell you what it knows.';
  const text = [
    'PART NINE',
    '',
    '1. 1901 Winter: The Ledger',
    '',
    'The harbourmaster kept two ledgers, one for the Crown and one for himself, and neither agreed with the tide tables.',
    '',
    refrain,
    '',
    'She wrote the depths in pencil, then in ink, and last of all in copper for the printer.',
    '',
    refrain,
    '',
    '2. 1902 Spring: The Chart',
    '',
    'The new chart went to the printer in April, with the shoals where she had found them.',
    '',
  ].join('\n');
  const anchoredQuote = 'kept two ledgers';
  const ambiguousQuote = 'the bell rang twice over the water';
  const ids = { anchored: 'aviewanchored', orphaned: 'avieworphaned', ambiguous: 'aviewambiguou', ambiguous2: 'aviewambigtwo', offered: 'aviewoffered0' };
  // Its sentence is in the text, but neither of the sentences stored around it: a copy, or the
  // sentence moved on its own. Orphaned, with that place offered.
  const offeredQuote = 'went to the printer in April';
  const offeredTarget = {
    quote: offeredQuote,
    prefix: 'Before the spring thaw came. The new chart ',
    suffix: ', with the shoals where she had found them. Then the rain began',
    chapter: 2,
    line: 0,
    character: 0,
  };

  const item = (id: string, target: { quote: string; prefix: string; suffix: string; chapter: number; line: number; character: number }) =>
    [
      `  - id: ${id}`,
      '    target:',
      ...Object.entries(target).map(([key, value]) => `      ${key}: ${JSON.stringify(value)}`),
      `    body: ${JSON.stringify(`Annotation ${id}.`)}`,
      '    author: Test Author',
      '    status: open',
    ].join('\n');
  const around = (quote: string, offset = text.indexOf(quote)) => ({
    quote,
    prefix: text.slice(Math.max(0, offset - 32), offset),
    suffix: text.slice(offset + quote.length, offset + quote.length + 32),
  });
  const sidecarText = [
    'annotations:',
    item(ids.anchored, { ...around(anchoredQuote), chapter: 1, line: 4, character: text.split('\n')[4].indexOf(anchoredQuote) }),
    item(ids.orphaned, { quote: 'a sentence this book never had', prefix: 'Nothing like it, ', suffix: ', anywhere at all.', chapter: 1, line: 8, character: 0 }),
    // The position hint points at neither place, so that neither wins by being where it was.
    item(ids.ambiguous, { ...around(ambiguousQuote), chapter: 1, line: 0, character: 0 }),
    item(ids.ambiguous2, { ...around(ambiguousQuote), chapter: 1, line: 0, character: 0 }),
    item(ids.offered, offeredTarget),
    '',
  ].join('\n');

  let editor: vscode.TextEditor;
  const uri = () => editor.document.uri.toString();
  const offsetOf = (quote: string, from = 0) => editor.document.getText().indexOf(quote, from);
  const select = (start: number, end: number) => {
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
  };

  before(async function () {
    // Run alone (--grep), these tests may be the first: the workbench and the extension are still starting.
    this.timeout(40_000);
    await vscode.extensions.getExtension('marginalia.marginalia')!.activate();
    await vscode.workspace.fs.writeFile(manuscript(), encoder.encode(text));
    await vscode.workspace.fs.writeFile(sidecar(), encoder.encode(sidecarText));
    await vscode.window.showTextDocument(manuscript());
    await waitFor(() => vscode.window.activeTextEditor?.document.languageId === 'manuscript', {
      timeout: 15_000,
      message: 'part-view.txt opens as a manuscript',
    });
    editor = vscode.window.activeTextEditor!;
    await waitFor(() => sidecarProblems('annotation-orphaned').length === 2 && sidecarProblems('annotation-ambiguous').length === 2, {
      timeout: 15_000,
      message: 'the orphaned and the ambiguous annotations are found',
    });
  });

  after(async () => {
    // Saved before it is deleted: a dirty document of a deleted file is one the workbench may try to save.
    if (editor.document.isDirty) await editor.document.save();
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(sidecar());
    await vscode.workspace.fs.delete(manuscript());
  });

  it('has its view and its title commands', async () => {
    const manifest = vscode.extensions.getExtension('marginalia.marginalia')!.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
    const onTitle = manifest.contributes.menus['view/title'].filter((entry) => entry.when?.includes('view == marginalia.annotations')).map((entry) => entry.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of ['marginalia.filterAnnotations', 'marginalia.showAnnotationsOfActiveManuscript', 'marginalia.showAnnotationsOfAllManuscripts', 'marginalia.clearAnnotationFilters']) {
      assert.ok(onTitle.includes(command), `${command} is on the view's title bar`);
      assert.ok(registered.has(command), `${command} is registered`);
    }
    // Focusing a view that is not there fails.
    await vscode.commands.executeCommand('marginalia.annotations.focus');

    // A second manuscript, annotated and open: the view shows both, or the active one alone.
    const other = vscode.Uri.joinPath(folder(), 'part-view-two.txt');
    const otherSidecar = vscode.Uri.joinPath(folder(), 'part-view-two.marginalia.yaml');
    const otherText = 'PART TEN\n\n1. 1903 Autumn: The Gauge\n\nThe keeper rowed out at dawn to read the gauge by the breakwater.\n';
    const quote = 'rowed out at dawn';
    const at = otherText.indexOf(quote);
    const target = { quote, prefix: otherText.slice(at - 11, at), suffix: otherText.slice(at + quote.length, at + quote.length + 32), chapter: 1, line: 4, character: 11 };
    await vscode.workspace.fs.writeFile(otherSidecar, encoder.encode(['annotations:', item('aviewothertwo', target), ''].join('\n')));
    await vscode.workspace.fs.writeFile(other, encoder.encode(otherText));
    type Described = { scope: string; description: string | undefined; message: string | undefined; tree: { label: string; children?: Described['tree'] }[] };
    const describe = () => vscode.commands.executeCommand<Described>('marginalia.describeAnnotations');
    const labels = (tree: Described['tree']): string[] => tree.flatMap((node) => [node.label, ...labels(node.children ?? [])]);
    try {
      await vscode.workspace.openTextDocument(other);
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('marginalia.showAnnotationsOfAllManuscripts');
      const all = await waitFor(async () => {
        const described = await describe();
        return labels(described.tree).includes('part-view-two.txt') ? described : undefined;
      }, { message: 'the other manuscript is in the view' });
      assert.equal(all.scope, 'all');
      assert.ok(labels(all.tree).includes('part-view.txt'), labels(all.tree).join(', '));
      assert.equal(all.description, undefined);

      await vscode.commands.executeCommand('marginalia.showAnnotationsOfActiveManuscript');
      const active = await describe();
      assert.equal(active.scope, 'active');
      assert.equal(active.description, 'part-view.txt');
      assert.ok(!labels(active.tree).includes('part-view-two.txt'), labels(active.tree).join(', '));

      await vscode.commands.executeCommand('marginalia.clearAnnotationFilters');
      const cleared = await describe();
      assert.equal(cleared.scope, 'active', 'clearing the filters keeps the scope');
      assert.equal(cleared.message, undefined);
    } finally {
      await vscode.commands.executeCommand('marginalia.showAnnotationsOfAllManuscripts');
      await vscode.workspace.fs.delete(otherSidecar);
      await vscode.workspace.fs.delete(other);
      await vscode.window.showTextDocument(editor.document);
    }
  });

  it('reveals an annotation: its passage selected in the manuscript', async () => {
    select(0, 0);
    await vscode.commands.executeCommand('marginalia.revealAnnotation', { uri: uri(), id: ids.anchored });
    const active = vscode.window.activeTextEditor!;
    assert.equal(active.document.uri.toString(), uri());
    assert.equal(active.document.getText(active.selection), anchoredQuote);
  });

  it('reveals an orphaned annotation where it was, selecting nothing', async () => {
    select(0, 0);
    await vscode.commands.executeCommand('marginalia.revealAnnotation', { uri: uri(), id: ids.orphaned });
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri());
    assert.ok(vscode.window.activeTextEditor!.selection.isEmpty);
  });

  it('does not re-attach without a selection', async () => {
    const before = await readSidecar();
    select(0, 0);
    await vscode.commands.executeCommand('marginalia.reattachAnnotation', { uri: uri(), id: ids.orphaned });
    assert.equal(await readSidecar(), before);
  });

  it('re-attaches an orphaned annotation to the selection', async () => {
    const passage = 'She wrote the depths in pencil';
    const start = offsetOf(passage);
    select(start, start + passage.length);
    await vscode.commands.executeCommand('marginalia.reattachAnnotation', { uri: uri(), id: ids.orphaned });
    const target = await targetOf(ids.orphaned);
    assert.equal(target?.quote, passage);
    assert.deepEqual(target?.position, { line: 8, character: 0 });
    assert.equal(target?.chapter, 1);
    assert.equal(target?.prefix, text.slice(start - 32, start));
    await waitFor(() => sidecarProblems('annotation-orphaned').length === 1, { message: 'the annotation is no longer orphaned' });
    assert.match(await readSidecar(), /body: "Annotation avieworphaned\."/, 'the rest of the annotation is kept');
  });

  it('does not choose a candidate that does not exist', async () => {
    const before = await readSidecar();
    await vscode.commands.executeCommand('marginalia.chooseAnnotationCandidate', { uri: uri(), id: ids.ambiguous }, 2);
    await vscode.commands.executeCommand('marginalia.chooseAnnotationCandidate', { uri: uri(), id: ids.ambiguous }, -1);
    assert.equal(await readSidecar(), before);
  });

  it('attaches an ambiguous annotation to the candidate chosen (best first: the second is the later refrain)', async () => {
    const first = offsetOf(refrain);
    const second = offsetOf(refrain, first + 1);
    const secondLine = editor.document.positionAt(second).line;
    await vscode.commands.executeCommand('marginalia.chooseAnnotationCandidate', { uri: uri(), id: ids.ambiguous }, 1);
    const target = await targetOf(ids.ambiguous);
    assert.equal(target?.quote, ambiguousQuote);
    assert.deepEqual(target?.position, { line: secondLine, character: refrain.indexOf(ambiguousQuote) });
    await waitFor(() => sidecarProblems('annotation-ambiguous').length === 1, { message: 'one annotation is no longer ambiguous' });
    assert.deepEqual((await targetOf(ids.ambiguous2))?.position, { line: 0, character: 0 }, 'the other ambiguous annotation is left alone');
  });

  it('attaches an orphan to the place offered, where its text is without what surrounded it', async () => {
    const [problem] = sidecarProblems('annotation-orphaned');
    const line = editor.document.positionAt(offsetOf(offeredQuote)).line + 1;
    assert.match(problem.message, new RegExp(`is at line ${line} of the manuscript, but not what surrounded it`), 'the problem says where the text is');
    await vscode.commands.executeCommand('marginalia.chooseAnnotationCandidate', { uri: uri(), id: ids.offered }, 0);
    const target = await targetOf(ids.offered);
    assert.equal(target?.quote, offeredQuote);
    const position = editor.document.positionAt(offsetOf(offeredQuote));
    assert.deepEqual(target?.position, { line: position.line, character: position.character });
    assert.ok(target!.prefix.endsWith('The Chart\n\nThe new chart '), target!.prefix);
    await waitFor(() => sidecarProblems('annotation-orphaned').length === 0, { message: 'the annotation is no longer orphaned' });
  });

  it('says there is nothing to choose for an annotation that is not ambiguous', async () => {
    const before = await readSidecar();
    await vscode.commands.executeCommand('marginalia.chooseAnnotationCandidate', { uri: uri(), id: ids.anchored }, 0);
    assert.equal(await readSidecar(), before);
  });

  it('follows the text typed before re-attaching: the selection is taken from the editor as it is', async () => {
    await editor.edit((edit) => edit.insert(new vscode.Position(4, 0), 'An inserted sentence. '));
    const start = offsetOf('An inserted sentence.');
    select(start, start + 'An inserted sentence.'.length);
    await vscode.commands.executeCommand('marginalia.reattachAnnotation', { uri: uri(), id: ids.anchored });
    const target = await targetOf(ids.anchored);
    assert.equal(target?.quote, 'An inserted sentence.');
    assert.deepEqual(target?.position, { line: 4, character: 0 });
  });
});
