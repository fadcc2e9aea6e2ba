import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './util';

const sidecarText = [
  '# Notes of the sample, written by the integration test.',
  'notes:',
  '  endnotes:',
  '    1: "**Kroon papers**, box 4: letter of 3 May 1851."',
  '    3: Harbour Lights Committee minutes.',
  '    42: A note that no marker cites.',
  '  footnotes:',
  '    1: "Untrusted: [x](command:workbench.action.terminal.new) and ![p](https://tracker.example/p.png)"',
  '',
].join('\n');

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

/** Citation notes through the real providers: hover, definition, references, commands, diagnostics. */
describe('citation notes', () => {
  let document: vscode.TextDocument;
  let sidecar: vscode.Uri;

  const markerPosition = (marker: string, occurrence = 0): vscode.Position => {
    const text = document.getText();
    let offset = -1;
    for (let i = 0; i <= occurrence; i++) offset = text.indexOf(marker, offset + 1);
    assert.ok(offset >= 0, `${marker} is in the sample`);
    return document.positionAt(offset + 1);
  };
  const hoverAt = async (position: vscode.Position) =>
    (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? [];

  before(async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    sidecar = vscode.Uri.joinPath(folder, 'part-one.marginalia.yaml');
    await vscode.workspace.fs.writeFile(sidecar, new TextEncoder().encode(sidecarText));
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'part-one.txt'));
    document = await waitFor(
      () => vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/part-one.txt') && d.languageId === 'manuscript'),
      { message: 'part-one.txt opens as a manuscript' },
    );
  });

  it('shows the note, its chapter and the passage it covers when hovering a marker', async () => {
    const text = await waitFor(
      async () => {
        const shown = hoverText(await hoverAt(markerPosition('{1}')));
        return shown.includes('Kroon papers') ? shown : undefined;
      },
      { message: 'the hover of {1} shows its note' },
    );
    assert.match(text, /\*\*Endnote \{1\}\*\*/);
    assert.match(text, /1\\\. 1851 Spring\\: The Lighthouse Survey/);
    assert.match(text, /\*Covers\* “/);
  });

  it('gives each of two adjacent markers its own hover', async () => {
    const pair = document.getText().indexOf('{5}[4]');
    const endnote = hoverText(await hoverAt(document.positionAt(pair + 1)));
    const footnote = hoverText(await hoverAt(document.positionAt(pair + 4)));
    assert.match(endnote, /Endnote \{5\}/);
    assert.match(footnote, /Footnote \[4\]/);
    assert.deepEqual(await hoverAt(document.positionAt(pair - 1)), [], 'no hover beside the markers');
  });

  it('says when there is no note yet, with a link to write it', async () => {
    const text = hoverText(await hoverAt(markerPosition('{2}')));
    assert.match(text, /No note yet/);
    assert.match(text, /\(command:marginalia\.editNote\?/);
  });

  it('renders a note’s own command links and images as plain text', async () => {
    const hovers = await hoverAt(markerPosition('[1]'));
    const text = hoverText(hovers);
    assert.match(text, /Untrusted\\: x and p/);
    assert.doesNotMatch(text, /command:workbench/);
    assert.doesNotMatch(text, /tracker\.example/);
    const [note, links] = hovers[0].contents as vscode.MarkdownString[];
    assert.ok(!note.isTrusted, 'the note is in a MarkdownString that trusts nothing');
    assert.deepEqual(links.isTrusted, { enabledCommands: ['marginalia.editNote', 'marginalia.goToNote'] }, 'our links trust our commands only');
  });

  it('goes to the note’s entry in the sidecar', async () => {
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      document.uri,
      markerPosition('{3}'),
    );
    assert.equal(locations.length, 1);
    const location = locations[0] as vscode.Location;
    assert.equal(location.uri.toString(), sidecar.toString());
    assert.equal(location.range.start.line, sidecarText.split('\n').findIndex((line) => line.startsWith('    3:')));
  });

  it('finds every citation of a note, from a marker and from the sidecar', async () => {
    const fromMarker = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', document.uri, markerPosition('[2]'));
    assert.equal(fromMarker.length, 2, 'the sample cites footnote [2] twice');
    const sidecarDocument = await vscode.workspace.openTextDocument(sidecar);
    const keyLine = sidecarText.split('\n').findIndex((line) => line.startsWith('    1: "**Kroon'));
    const fromSidecar = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider',
      sidecarDocument.uri,
      new vscode.Position(keyLine, 4),
    );
    assert.deepEqual(fromSidecar.map((l) => [l.uri.path.replace(/.*\//, ''), document.getText(l.range)]), [['part-one.txt', '{1}']]);
  });

  it('shows the cited passage when hovering a note’s number in the sidecar', async () => {
    const keyLine = sidecarText.split('\n').findIndex((line) => line.startsWith('    3:'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', sidecar, new vscode.Position(keyLine, 4));
    assert.match(hoverText(hovers), /Endnote \{3\}[\s\S]*line \d+: “/);
  });

  it('reports markers without notes and notes without markers', async () => {
    const manuscriptDiagnostics = await waitFor(
      () => {
        const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.code === 'note-missing');
        return found.length > 0 ? found : undefined;
      },
      { message: 'note-missing diagnostics' },
    );
    assert.ok(manuscriptDiagnostics.some((d) => document.getText(d.range) === '{2}'));
    assert.ok(!manuscriptDiagnostics.some((d) => document.getText(d.range) === '{1}'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      manuscriptDiagnostics.find((d) => document.getText(d.range) === '{2}')!.range,
    );
    assert.ok(actions.some((action) => action.title === 'Add note {2}'));
    const uncited = await waitFor(
      () => {
        const found = vscode.languages.getDiagnostics(sidecar).filter((d) => d.code === 'note-uncited');
        return found.length > 0 ? found : undefined;
      },
      { message: 'note-uncited diagnostic in the sidecar' },
    );
    assert.deepEqual(uncited.map((d) => d.range.start.line), [5]);
  });

  it('Go to Note on a note not yet written adds its entry and opens the sidecar there', async () => {
    await vscode.commands.executeCommand('marginalia.goToNote', { uri: document.uri.toString(), kind: 'endnote', number: 2 });
    const editor = await waitFor(
      () => (vscode.window.activeTextEditor?.document.uri.path === sidecar.path ? vscode.window.activeTextEditor : undefined),
      { message: 'the sidecar is the active editor' },
    );
    assert.equal(editor.document.lineAt(editor.selection.active.line).text, '    2: ""');
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(sidecar));
    assert.equal(onDisk, sidecarText.replace('    3: Harbour', '    2: ""\n    3: Harbour'));
  });

  it('never writes a sidecar that does not parse, and says so in the hover', async () => {
    const broken = 'notes:\n  endnotes:\n    1: [unclosed\n';
    await vscode.workspace.fs.writeFile(sidecar, new TextEncoder().encode(broken));
    await waitFor(async () => /could not be read/.test(hoverText(await hoverAt(markerPosition('{1}')))), {
      message: 'the hover says the notes could not be read',
    });
    await vscode.commands.executeCommand('marginalia.goToNote', { uri: document.uri.toString(), kind: 'endnote', number: 4 });
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(sidecar)), broken);
    const problems = await waitFor(
      () => {
        const found = vscode.languages.getDiagnostics(sidecar).filter((d) => d.code === 'sidecar-yaml');
        return found.length > 0 ? found : undefined;
      },
      { message: 'the YAML error is shown in the sidecar' },
    );
    assert.equal(problems[0].severity, vscode.DiagnosticSeverity.Error);
  });
});

describe('Import Notes', () => {
  it('merges the sample’s back matter into the sidecar, keeping what is there', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const manuscript = vscode.Uri.joinPath(folder, 'part-one.txt');
    const sidecar = vscode.Uri.joinPath(folder, 'part-one.marginalia.yaml');
    const mine = '# kept as written\nnotes:\n  endnotes:\n    3: My own note on the third.\n';
    await vscode.workspace.fs.writeFile(sidecar, new TextEncoder().encode(mine));
    // An editor still open on the sidecar (from the tests above) reloads it from disk by itself.
    await waitFor(
      () => {
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === sidecar.toString());
        return !open || open.getText() === mine;
      },
      { message: 'an open sidecar editor shows the file as written' },
    );
    await vscode.commands.executeCommand('marginalia.importNotes', manuscript, vscode.Uri.joinPath(folder, 'notes.txt'), { overwrite: false });
    const written = new TextDecoder().decode(await vscode.workspace.fs.readFile(sidecar));
    assert.ok(written.startsWith('# kept as written\nnotes:\n  endnotes:\n'), written.slice(0, 80));
    assert.match(written, /\n    3: My own note on the third\.\n/);
    assert.match(written, /\n    1: \|-\n      Liesbeth Kroon to Matthias Kroon/);
    assert.match(written, /\n  footnotes:\n    1: /);
  });
});
