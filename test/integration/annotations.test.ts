import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './util';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

/** A file system holding one draft manuscript that refuses every write, as a read-only one does. */
function refusingFileSystem(): { files: Map<string, Uint8Array>; provider: vscode.FileSystemProvider } {
  const files = new Map<string, Uint8Array>([['/draft.manuscript', encoder.encode('PART ONE\n\n1. Spring\n\nThe ice held until April.\n')]]);
  const provider: vscode.FileSystemProvider = {
    onDidChangeFile: new vscode.EventEmitter<vscode.FileChangeEvent[]>().event,
    watch: () => new vscode.Disposable(() => undefined),
    stat: (uri) => {
      if (!files.has(uri.path)) throw vscode.FileSystemError.FileNotFound(uri);
      return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: files.get(uri.path)!.length };
    },
    readDirectory: () => [],
    createDirectory: (uri) => {
      throw vscode.FileSystemError.NoPermissions(uri);
    },
    readFile: (uri) => {
      const content = files.get(uri.path);
      if (!content) throw vscode.FileSystemError.FileNotFound(uri);
      return content;
    },
    writeFile: (uri) => {
      throw vscode.FileSystemError.NoPermissions(uri);
    },
    delete: (uri) => {
      throw vscode.FileSystemError.NoPermissions(uri);
    },
    rename: (uri) => {
      throw vscode.FileSystemError.NoPermissions(uri);
    },
  };
  return { files, provider };
}

/** Annotating passages in the real editor; the sidecar on disk is checked as the source of truth. */
describe('annotations', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const sidecar = () => vscode.Uri.joinPath(folder(), 'part-one.marginalia.yaml');
  const readSidecar = async () => decoder.decode(await vscode.workspace.fs.readFile(sidecar()));
  const passage = 'the port of Vennholm smelled of tar';
  let editor: vscode.TextEditor;
  let id: string;

  const hoverAt = async (offset: number) =>
    hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.document.positionAt(offset)));
  const passageOffset = () => editor.document.getText().indexOf(passage);

  before(async () => {
    await vscode.workspace.getConfiguration('marginalia').update('author', 'Test Author', vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.delete(sidecar()).then(undefined, () => undefined);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'part-one.txt'));
    await vscode.window.showTextDocument(document);
    await waitFor(() => vscode.window.activeTextEditor?.document.languageId === 'manuscript', { message: 'part-one.txt opens as a manuscript' });
    editor = vscode.window.activeTextEditor!;
  });

  after(async () => {
    await vscode.workspace.getConfiguration('marginalia').update('author', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('annotates a selection: the body and its #tags in the sidecar, with the author', async () => {
    const start = passageOffset();
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + passage.length));
    await vscode.commands.executeCommand('marginalia.annotateSelection', { body: 'Check the harbour records. #source-check' });
    const text = await readSidecar();
    id = /^ {2}- id: (a[a-z2-7]{12})$/m.exec(text)![1];
    assert.match(text, new RegExp(`quote: ${passage}\\n`));
    assert.match(text, /body: "Check the harbour records\. #source-check"|body: Check the harbour records\. #source-check/);
    assert.match(text, /tags: \[source-check\]/);
    assert.match(text, /author: Test Author/);
    assert.match(text, /status: open/);
  });

  it('shows the annotation when hovering its passage', async () => {
    const shown = await waitFor(async () => {
      const text = await hoverAt(passageOffset() + 5);
      return text.includes('Check the harbour records') ? text : undefined;
    }, { message: 'the hover shows the annotation' });
    assert.match(shown, /Anchored/);
    assert.match(shown, /Test Author/);
  });

  it('takes replies and resolves, in the sidecar', async () => {
    const uri = editor.document.uri.toString();
    await vscode.commands.executeCommand('marginalia.replyToAnnotation', { uri, id, text: 'The customs ledger agrees.' });
    await vscode.commands.executeCommand('marginalia.resolveAnnotation', { uri, id });
    const text = await readSidecar();
    assert.match(text, /replies:\n\s+- id: r[a-z2-7]{12}\n\s+author: Test Author\n\s+created: .+\n\s+body: The customs ledger agrees\.\n/);
    assert.match(text, /status: resolved/);
    await vscode.commands.executeCommand('marginalia.reopenAnnotation', { uri, id });
    assert.match(await readSidecar(), /status: open/);
  });

  it('links the annotation to people and places of the cast', async () => {
    await vscode.commands.executeCommand('marginalia.linkAnnotationToEntity', { uri: editor.document.uri.toString(), id }, ['vennholm']);
    assert.match(await readSidecar(), /\n {4}entities: \[vennholm\]\n/);
    await vscode.commands.executeCommand('marginalia.linkAnnotationToEntity', { uri: editor.document.uri.toString(), id }, []);
    assert.doesNotMatch(await readSidecar(), /entities:/);
  });

  it('moves the passage with lines inserted above it, without rewriting the sidecar on save', async () => {
    const before = await readSidecar();
    const oldOffset = passageOffset();
    await editor.edit((edit) => edit.insert(new vscode.Position(24, 0), 'A paragraph inserted above.\n\nAnd another one.\n\n'));
    const newOffset = passageOffset();
    assert.ok(newOffset > oldOffset);
    await waitFor(async () => (await hoverAt(newOffset + 3)).includes('Check the harbour records'), {
      message: 'the hover follows the passage to its new place',
    });
    await editor.document.save();
    assert.equal(await readSidecar(), before, 'saving the manuscript does not rewrite the sidecar');
    await vscode.commands.executeCommand('marginalia.updateAnchors');
    const updated = await readSidecar();
    const withoutTarget = (text: string) => text.replace(/\n {4}target:\n(?: {6}.*\n)+/, '\n');
    assert.match(updated, /\n {6}chapter: 1\n {6}line: 28\n {6}character: 22\n/);
    assert.equal(withoutTarget(updated), withoutTarget(before), 'Update Anchors changes only the moved target');
  });

  it('follows the sidecar when it changes on disk, as after a git checkout', async () => {
    const text = await readSidecar();
    await vscode.workspace.fs.writeFile(sidecar(), encoder.encode(text.replace(/body: .*\n/, 'body: Rewritten on another branch.\n')));
    await waitFor(async () => (await hoverAt(passageOffset() + 3)).includes('Rewritten on another branch'), {
      message: 'the hover shows the body from disk',
    });
  });

  it('reports an orphaned annotation in the sidecar, never deleting it', async () => {
    const text = await readSidecar();
    const orphan = text.replace(`quote: ${passage}`, 'quote: a sentence nobody ever wrote in this book');
    await vscode.workspace.fs.writeFile(sidecar(), encoder.encode(orphan));
    const problems = await waitFor(
      () => {
        const found = vscode.languages.getDiagnostics(sidecar()).filter((d) => d.code === 'annotation-orphaned');
        return found.length > 0 ? found : undefined;
      },
      { message: 'the orphaned annotation is reported in the sidecar' },
    );
    assert.equal(problems[0].severity, vscode.DiagnosticSeverity.Error);
    await waitFor(async () => !(await hoverAt(passageOffset() + 3)).includes('Annotation'), { message: 'the orphan has no passage to hover' });
    assert.equal(await readSidecar(), orphan);
  });

  it('keeps the threads as they were while the sidecar is broken, and writes nothing', async () => {
    await vscode.workspace.fs.writeFile(sidecar(), encoder.encode((await readSidecar()).replace('a sentence nobody ever wrote in this book', passage)));
    await waitFor(async () => (await hoverAt(passageOffset() + 3)).includes('Rewritten on another branch'), { message: 'the passage is annotated again' });
    const broken = '<<<<<<< HEAD\nannotations: []\n=======\n>>>>>>> theirs\n';
    await vscode.workspace.fs.writeFile(sidecar(), encoder.encode(broken));
    await waitFor(() => vscode.languages.getDiagnostics(sidecar()).some((d) => d.code === 'sidecar-conflict-markers'), {
      message: 'the conflict markers are reported',
    });
    assert.match(await hoverAt(passageOffset() + 3), /Rewritten on another branch/);
    await vscode.commands.executeCommand('marginalia.resolveAnnotation', { uri: editor.document.uri.toString(), id });
    assert.equal(await readSidecar(), broken);
  });
});

describe('annotations without a book, or without a writable disk', () => {
  it('annotates a manuscript that belongs to no book, creating its sidecar', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const story = vscode.Uri.joinPath(folder, 'loose', 'story.txt');
    await vscode.workspace.fs.writeFile(story, encoder.encode('A loose story about the harbour pilots.\n'));
    const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(story), 'manuscript');
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 24, 0, 38);
    await vscode.commands.executeCommand('marginalia.annotateSelection', { body: 'Which pilots?' });
    const sidecar = decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'loose', 'story.marginalia.yaml')));
    assert.match(sidecar, /quote: harbour pilots\n/);
    assert.match(sidecar, /body: Which pilots\?\n/);
  });

  const unwritable = [
    { scheme: 'marginalia-readonly-test', isReadonly: false, where: 'when the sidecar cannot be written' },
    { scheme: 'marginalia-readonly-fs', isReadonly: true, where: 'on a read-only file system (github.dev before a branch is chosen)' },
  ];
  for (const { scheme, isReadonly, where } of unwritable) {
    it(`keeps an annotation in memory, marked unsaved, ${where}`, async () => {
      const { files, provider } = refusingFileSystem();
      const registration = vscode.workspace.registerFileSystemProvider(scheme, provider, { isCaseSensitive: true, isReadonly });
      try {
        // The workbench learns of a provider, and tells the extension host, a moment after it is registered.
        if (isReadonly) await waitFor(() => vscode.workspace.fs.isWritableFileSystem(scheme) === false, { message: 'the file system is known as read-only' });
        const uri = vscode.Uri.from({ scheme, path: '/draft.manuscript' });
        const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
        await waitFor(() => vscode.window.activeTextEditor?.document.languageId === 'manuscript', { message: 'the draft opens as a manuscript' });
        editor.selection = new vscode.Selection(4, 4, 4, 12);
        await vscode.commands.executeCommand('marginalia.annotateSelection', { body: 'Which April?' });
        const hover = await waitFor(async () => {
          const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(4, 6)));
          return text.includes('Which April?') ? text : undefined;
        }, { message: 'the unsaved annotation is shown' });
        assert.match(hover, /Not saved/);
        assert.equal(files.has('/draft.marginalia.yaml'), false);
      } finally {
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        registration.dispose();
      }
    });
  }
});
