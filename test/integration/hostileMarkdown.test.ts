import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HOSTILE_NOTES, HOSTILE_PASSAGE, SAFE_TARGET, hostileManuscript, hostileSidecar, inspect, renderLikeHover } from '../support/hostileMarkdown';
import { waitFor } from './util';

/** A manuscript of the book (its name matches the sample's `part-*.txt`), removed after these tests. */
const MANUSCRIPT = 'part-hostile.txt';
const SIDECAR = 'part-hostile.marginalia.yaml';
const OUR_COMMANDS = ['marginalia.editNote', 'marginalia.goToNote'];

const markdownOf = (hovers: vscode.Hover[]): vscode.MarkdownString[] =>
  hovers.flatMap((hover) => hover.contents).map((content) => (content instanceof vscode.MarkdownString ? content : new vscode.MarkdownString(String(content))));

/** What a MarkdownString that shows a file's text must be: trusting nothing, rendering to no link but the note's http(s)/mailto ones and no image. */
function assertUntrusted(markdown: vscode.MarkdownString, keeps: readonly string[], what: string): void {
  assert.ok(!markdown.isTrusted, `${what}: trusts no command`);
  assert.ok(!markdown.supportHtml, `${what}: renders no HTML`);
  assert.ok(!markdown.supportThemeIcons, `${what}: renders no $(icon)`);
  const { elements, targets } = inspect(renderLikeHover(markdown.value));
  assert.ok(!elements.includes('img'), `${what}: no image in ${markdown.value}`);
  assert.deepEqual(targets.filter((target) => !SAFE_TARGET.test(target)), [], `${what}: no command or other link in ${markdown.value}`);
  assert.deepEqual(targets.sort(), [...keeps].sort(), `${what}: only the note's own web links in ${markdown.value}`);
}

/** Hostile notes and annotation bodies (test/support/hostileMarkdown.ts) hovered in the real extension host. */
describe('hostile Markdown in hovers', function () {
  // A hover waits behind the extension host's other work (54 annotations on one passage being drawn); on a loaded machine, that takes seconds.
  this.timeout(60_000);
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  let document: vscode.TextDocument;

  const hoversAt = async (offset: number) =>
    (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset))) ?? [];

  before(async function () {
    // The first hover waits for the extension to read the new files; on a loaded machine, that is slow.
    this.timeout(90_000);
    const manuscript = hostileManuscript();
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), SIDECAR), new TextEncoder().encode(hostileSidecar(manuscript)));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), MANUSCRIPT), new TextEncoder().encode(manuscript));
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder(), MANUSCRIPT));
    document = await waitFor(
      () => vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith(`/${MANUSCRIPT}`) && d.languageId === 'manuscript'),
      { message: `${MANUSCRIPT} opens as a manuscript` },
    );
    const firstMarker = document.getText().indexOf('{1}') + 1;
    await waitFor(async () => markdownOf(await hoversAt(firstMarker)).some((markdown) => markdown.value.includes('[Edit note]')), {
      timeout: 80_000,
      message: 'the hover of {1} shows the note, once the sidecar is read',
    });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const name of [MANUSCRIPT, SIDECAR]) await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), name));
  });

  HOSTILE_NOTES.forEach((note, index) => {
    it(`note ${index + 1}, ${note.name}: shown untrusted, with our commands apart`, async () => {
      const marker = `{${index + 1}}`;
      const offset = document.getText().indexOf(marker) + 1;
      const contents = markdownOf(await hoversAt(offset));
      const ours = contents.filter((markdown) => markdown.isTrusted);
      assert.equal(ours.length, 1, 'one MarkdownString holds our command links');
      assert.deepEqual(ours[0].isTrusted, { enabledCommands: OUR_COMMANDS }, 'it trusts our two commands, not every command');
      const { targets, text } = inspect(renderLikeHover(ours[0].value));
      assert.equal(text.trim(), 'Edit note · Go to note', 'it holds our links and nothing of the note');
      assert.deepEqual(targets.map((target) => target.replace(/\?.*/, '')), OUR_COMMANDS.map((command) => `command:${command}`));
      const theirs = contents.filter((markdown) => !markdown.isTrusted);
      assert.ok(theirs.length >= 1, 'the note is in a MarkdownString of its own');
      theirs.forEach((markdown) => assertUntrusted(markdown, note.keeps ?? [], 'the note'));
    });
  });

  it('shows every hostile annotation body on its passage untrusted, one MarkdownString each', async () => {
    const offset = document.getText().indexOf(HOSTILE_PASSAGE) + 5;
    const contents = await waitFor(
      async () => {
        const shown = markdownOf(await hoversAt(offset)).filter((markdown) => markdown.value.startsWith('**Annotation**'));
        return shown.length === HOSTILE_NOTES.length ? shown : undefined;
      },
      { message: `the hover of the passage shows its ${HOSTILE_NOTES.length} annotations` },
    );
    contents.forEach((markdown, index) => assertUntrusted(markdown, HOSTILE_NOTES[index].keeps ?? [], `annotation ${index + 1}, ${HOSTILE_NOTES[index].name}`));
  });
});
