import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readTextOrUndefined } from './files';
import { waitFor } from './util';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** People and places of the sample book: navigating by character and building the cast, in the real editor. */
describe('cast', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const bookFile = () => vscode.Uri.joinPath(folder(), 'marginalia.yaml');
  const sidecar = () => vscode.Uri.joinPath(folder(), 'part-one.marginalia.yaml');
  const read = async (uri: vscode.Uri) => decoder.decode(await vscode.workspace.fs.readFile(uri));
  /** A manuscript of the book that no test opens, and its sidecar. */
  const closedManuscript = () => vscode.Uri.joinPath(folder(), 'part-nine.txt');
  const closedSidecar = () => vscode.Uri.joinPath(folder(), 'part-nine.marginalia.yaml');
  let editor: vscode.TextEditor;
  let originalBook: string;
  let originalSidecar: string | undefined;

  /** The position of the `nth` occurrence of `text` in the manuscript, `into` characters in. */
  const at = (text: string, nth = 0, into = 1) => {
    const all = editor.document.getText();
    let offset = -1;
    for (let k = 0; k <= nth; k++) offset = all.indexOf(text, offset + 1);
    assert.ok(offset >= 0, `${text} is in the manuscript`);
    return editor.document.positionAt(offset + into);
  };
  const references = (position: vscode.Position) =>
    vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', editor.document.uri, position);
  const quoted = (locations: readonly vscode.Location[]) => locations.map((location) => editor.document.getText(location.range));

  before(async () => {
    originalBook = await read(bookFile());
    originalSidecar = await readTextOrUndefined(sidecar());
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'part-one.txt'));
    editor = await vscode.window.showTextDocument(document);
    await waitFor(() => editor.document.languageId === 'manuscript', { message: 'part-one.txt opens as a manuscript' });
  });

  after(async () => {
    for (const file of [closedManuscript(), closedSidecar()]) await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    await vscode.workspace.fs.writeFile(bookFile(), encoder.encode(originalBook));
    if (originalSidecar === undefined) await vscode.workspace.fs.delete(sidecar()).then(undefined, () => undefined);
    else await vscode.workspace.fs.writeFile(sidecar(), encoder.encode(originalSidecar));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Find All References on a name lists every mention of its entity, aliases included', async () => {
    const found = await waitFor(async () => {
      const locations = await references(at('the Baron'));
      return locations && locations.length > 0 ? locations : undefined;
    }, { message: 'references of the Baron' });
    const texts = quoted(found);
    assert.ok(texts.includes('the Baron'), texts.join(', '));
    assert.ok(texts.includes('Oldenfeld'), texts.join(', '));
    assert.ok(texts.includes('Casimir von Oldenfeld'), texts.join(', '));
    assert.ok(texts.every((text) => /^(Casimir von Oldenfeld|Oldenfeld|the Baron|The Baron)$/.test(text)), texts.join(', '));
  });

  it('Go to Definition on a name lands on its entry in marginalia.yaml', async () => {
    const definitions = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', editor.document.uri, at('Pieter Lous'));
    const cast = definitions.find((definition) => ('uri' in definition ? definition.uri : definition.targetUri).path.endsWith('/marginalia.yaml'));
    assert.ok(cast, 'a definition in marginalia.yaml');
    const range = 'range' in cast ? cast.range : cast.targetRange;
    const lines = originalBook.split('\n');
    assert.equal(lines[range.start.line].slice(range.start.character, range.end.character), 'pieter-lous');
  });

  it('Next Mention moves the cursor to the next mention of the entity under it, and Previous back', async () => {
    const first = at('Oldenfeld', 0, 2);
    editor.selection = new vscode.Selection(first, first);
    await vscode.commands.executeCommand('marginalia.nextMention');
    const next = editor.selection;
    assert.ok(next.start.isAfter(first), 'the cursor moved forward');
    assert.match(editor.document.getText(next), /^(Oldenfeld|the Baron|The Baron|Casimir von Oldenfeld)$/);
    await vscode.commands.executeCommand('marginalia.nextMention');
    assert.ok(editor.selection.start.isAfter(next.start));
    await vscode.commands.executeCommand('marginalia.previousMention');
    assert.ok(editor.selection.start.isEqual(next.start));
  });

  it('a mention in People & Places, clicked, is revealed and selected', async () => {
    const position = at('Hamburg', 0, 0);
    await vscode.commands.executeCommand('marginalia.revealMention', { uri: editor.document.uri.toString(), line: position.line, character: position.character, length: 'Hamburg'.length });
    const active = await waitFor(() => vscode.window.activeTextEditor, { message: 'an editor is active' });
    assert.equal(active.document.uri.toString(), editor.document.uri.toString());
    assert.equal(active.document.getText(active.selection), 'Hamburg');
  });

  it('switches People & Places to the whole book and back', async () => {
    // Another manuscript of the book, never opened: only the whole book's view counts its mention.
    const other = vscode.Uri.joinPath(folder(), 'part-eight.txt');
    await vscode.workspace.fs.writeFile(other, encoder.encode('PART EIGHT\n\n1. 1860: The Return\n\nPieter Lous came back to the harbour in the autumn.\n'));
    type Described = { scope: string; tree: { label: string; description: string | undefined; children?: Described['tree'] }[] };
    const describe = () => vscode.commands.executeCommand<Described>('marginalia.describeCast');
    /** The mentions the view counts for an entity (its node is under its group). */
    const mentionsOf = (described: Described, name: string) => Number(described.tree.flatMap((group) => group.children ?? []).find((node) => node.label === name)?.description ?? 0);
    try {
      await vscode.window.showTextDocument(editor.document);
      const active = await waitFor(async () => {
        const described = await describe();
        return described.scope === 'active' && mentionsOf(described, 'Pieter Lous') > 0 ? described : undefined;
      }, { message: 'the view shows the active manuscript’s mentions' });
      const inThisManuscript = mentionsOf(active, 'Pieter Lous');

      await vscode.commands.executeCommand('marginalia.showCastOfWholeBook');
      const book = await waitFor(async () => {
        const described = await describe();
        return described.scope === 'book' && mentionsOf(described, 'Pieter Lous') > inThisManuscript ? described : undefined;
      }, { message: 'the whole book’s view counts part-eight.txt’s mention too' });
      assert.equal(mentionsOf(book, 'Pieter Lous'), inThisManuscript + 1);

      await vscode.commands.executeCommand('marginalia.showCastOfActiveManuscript');
      await vscode.window.showTextDocument(editor.document);
      const back = await describe();
      assert.equal(back.scope, 'active');
      assert.equal(mentionsOf(back, 'Pieter Lous'), inThisManuscript);
    } finally {
      await vscode.workspace.fs.delete(other);
    }
  });

  it('highlights every mention of the entity under the cursor', async () => {
    const highlights = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', editor.document.uri, at('Pieter Lous'));
    const texts = highlights.map((highlight) => editor.document.getText(highlight.range));
    assert.ok(texts.includes('Pieter Lous') && texts.includes('Lous'), texts.join(', '));
  });

  it('shows the entity’s card on hover, without trusting the file', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at('Matthias'));
    const card = hovers.flatMap((hover) => hover.contents).find((content) => typeof content !== 'string' && content.value.includes('Matthias Kroon')) as vscode.MarkdownString | undefined;
    assert.ok(card, 'a card for Matthias Kroon');
    assert.match(card.value, /Person/);
    assert.match(card.value, /Engraver at Gerlach House/);
    assert.match(card.value, /M\\?\. Kroon/);
    assert.match(card.value, /mentions? in this manuscript/);
    assert.ok(!card.isTrusted, 'no command from the file can run');
  });

  it('adds a selection as an alias: marginalia.yaml keeps its comments, and the alias is found', async () => {
    const start = at('Survey', 0, 0);
    editor.selection = new vscode.Selection(start, start.translate(0, 'Survey'.length));
    await vscode.commands.executeCommand('marginalia.addSelectionAsAlias', { entity: 'royal-hydrographic-society' });
    const text = await read(bookFile());
    assert.match(text, /# The cast: every name and alias is found as whole words/);
    assert.match(text, /id: royal-hydrographic-society\n {4}name: Royal Hydrographic Society\n {4}aliases: \[RHS, the Society, Survey\]/);
    await waitFor(async () => {
      const texts = quoted(await references(start.translate(0, 2)));
      return texts.includes('Survey') && texts.includes('Royal Hydrographic Society');
    }, { message: 'the new alias is a mention of the Royal Hydrographic Society' });
  });

  it('renames an entity: the old name becomes an alias, and its mentions are still found', async () => {
    await vscode.commands.executeCommand('marginalia.renameEntity', { entity: { id: 'hamburg' }, name: 'Free City of Hamburg' });
    assert.match(await read(bookFile()), /id: hamburg\n {4}name: Free City of Hamburg\n {4}aliases: \[Hamburg\]/);
    await waitFor(async () => quoted(await references(at('Hamburg'))).includes('Hamburg'), { message: 'Hamburg is still a mention of hamburg' });
  });

  it('pins an ambiguous mention (Kroon) to an entity: a pin in the sidecar', async () => {
    // Earlier suites leave part-one's sidecar as they please (conflict markers, even): start without one.
    await vscode.workspace.fs.writeFile(sidecar(), encoder.encode(''));
    await waitFor(() => !vscode.workspace.textDocuments.some((d) => d.uri.toString() === sidecar().toString() && d.getText() !== ''), {
      message: 'an open sidecar follows the file',
    });
    const kroon = at('that Kroon', 0, 6);
    editor.selection = new vscode.Selection(kroon, kroon);
    await vscode.commands.executeCommand('marginalia.pinMention', { entity: 'liesbeth-kroon' });
    const text = await read(sidecar());
    assert.match(text, /pins:\n {2}- entity: liesbeth-kroon\n {4}target:\n {6}quote: Kroon\n/);
    // The pinned mention is now Liesbeth's: Find All References from it lists her name.
    await waitFor(async () => quoted(await references(kroon)).includes('Liesbeth Kroon'), { message: 'the pinned Kroon is a mention of Liesbeth Kroon' });
  });
  it('merges two entities: the cast keeps one, and links to the other follow in every sidecar of the book, its manuscript open or not', async () => {
    const text = '1. Winter\n\nThe lamp on Skerholm Light was lit at dusk, and the light on Skerholm answered it.\n';
    const quote = 'The lamp on Skerholm Light was lit at dusk';
    const sidecarText = [
      'annotations:',
      '  - id: amergedlinks0',
      '    target:',
      `      quote: "${quote}"`,
      '      prefix: "1. Winter\\n\\n"',
      '      suffix: ", and the light on Skerholm answ"',
      '      line: 2',
      '      character: 0',
      '    body: Which light?',
      '    entities: [skerholm-light, vennholm]',
      '    status: open',
      'pins:',
      '  - entity: skerholm-light',
      '    target:',
      '      quote: Skerholm',
      '      line: 2',
      '      character: 66',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(closedManuscript(), encoder.encode(text));
    await vscode.workspace.fs.writeFile(closedSidecar(), encoder.encode(sidecarText));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === closedManuscript().toString()), 'part-nine.txt is not open');
    await vscode.commands.executeCommand('marginalia.mergeEntities', { merged: 'skerholm-light', kept: 'skerholm' });
    const book = await read(bookFile());
    assert.doesNotMatch(book, /id: skerholm-light/);
    assert.match(book, /id: skerholm\n {4}name: Skerholm\n {4}aliases: \[[^\]]*Skerholm Light/);
    const sidecarAfter = await read(closedSidecar());
    assert.equal(sidecarAfter, sidecarText.replace('entities: [skerholm-light, vennholm]', 'entities: [skerholm, vennholm]').replace('- entity: skerholm-light', '- entity: skerholm'));
  });
});
