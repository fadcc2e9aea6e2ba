import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { chapterAtLine } from '../../src/core/anchoring/targets';
import { parseCast } from '../../src/core/cast/cast';
import type { CastMapData } from '../../src/core/map/castMap';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { indexMentions } from '../../src/core/mentions/mentions';
import { parsePins, resolvePins } from '../../src/core/mentions/pins';
import { readTextOrUndefined } from './files';
import { waitFor } from './util';

/** The Cast Map of the sample book: the command opens its panel, with the data the mentions give. */
describe('cast map', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  let editor: vscode.TextEditor;

  const showMap = () =>
    waitFor(async () => vscode.commands.executeCommand<CastMapData | undefined>('marginalia.showCastMap'), { message: 'the Cast Map has data (the cast read)' });
  const mapTab = () =>
    vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('marginalia.castMap'));

  before(async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'part-one.txt'));
    editor = await vscode.window.showTextDocument(document);
    await waitFor(() => editor.document.languageId === 'manuscript', { message: 'part-one.txt opens as a manuscript' });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a panel whose data counts, per chapter, the mentions of the book’s cast', async () => {
    await showMap();
    await waitFor(mapTab, { message: 'a Cast Map tab is open' });
    const text = editor.document.getText();
    const read = (name: string) => readTextOrUndefined(vscode.Uri.joinPath(folder(), name));
    const cast = parseCast((await read('marginalia.yaml')) ?? '').entities;
    const manuscript = parseManuscript(text);
    // Counted independently, from the files as they are: the book's cast, and the pins of the sidecar.
    const index = indexMentions(text, cast);
    const pins = parsePins((await read('part-one.marginalia.yaml')) ?? '').pins.map((entry) => entry.pin);
    index.setPins(resolvePins(text, manuscript, pins).placements);
    const chapterColumn = (columns: CastMapData['columns'], line: number) => columns.findIndex((column) => column.chapter === chapterAtLine(manuscript, line));
    const expectedCells = (data: CastMapData, id: string) => {
      const cells = new Array<number>(data.columns.length).fill(0);
      for (const mention of index.mentionsOf(id)) cells[chapterColumn(data.columns, mention.line)]++;
      return cells;
    };
    const matches = (data: CastMapData) => cast.every((entity) => JSON.stringify(data.rows.find((row) => row.id === entity.id)?.cells) === JSON.stringify(expectedCells(data, entity.id)));
    // The suite before this one restores the book's files as it found them: the map may still be catching up.
    const data = await waitFor(async () => {
      const shown = await vscode.commands.executeCommand<CastMapData | undefined>('marginalia.showCastMap');
      return shown && matches(shown) ? shown : undefined;
    }, { message: 'the map counts, per chapter, what the cast and the pins give' }).catch(async (error: Error) => {
      const shown = await vscode.commands.executeCommand<CastMapData | undefined>('marginalia.showCastMap');
      for (const entity of cast) assert.deepEqual(shown?.rows.find((row) => row.id === entity.id)?.cells, shown && expectedCells(shown, entity.id), entity.id);
      throw error;
    });
    const ambiguous = data.rows.filter((row) => row.kind === 'ambiguous').reduce((sum, row) => sum + row.total, 0);
    assert.equal(ambiguous, index.ambiguous().length, 'ambiguous mentions in rows of their own');
    // Find All References agrees on an entity with aliases (its locations in the manuscript).
    const baron = text.indexOf('the Baron');
    const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', editor.document.uri, editor.document.positionAt(baron + 1));
    const inManuscript = references.filter((location) => location.uri.toString() === editor.document.uri.toString());
    assert.equal(data.rows.find((row) => row.id === 'casimir-von-oldenfeld')?.total, inManuscript.length);
  });

  it('follows an edit of one paragraph', async () => {
    const before = await showMap();
    const line = editor.document.getText().split('\n').findIndex((text, k) => k > 45 && text.length > 200);
    const column = before.columns.findIndex((c) => c.chapter === 2);
    const count = before.rows.find((row) => row.id === 'pieter-lous')!.cells[column];
    await editor.edit((edit) => edit.insert(new vscode.Position(line, 0), 'Pieter Lous waved. '));
    const after = await waitFor(
      async () => {
        const data = await vscode.commands.executeCommand<CastMapData | undefined>('marginalia.showCastMap');
        return data?.rows.find((row) => row.id === 'pieter-lous')!.cells[column] === count + 1 ? data : undefined;
      },
      { message: 'the map counts the new mention in chapter 2' },
    );
    assert.equal(after.rows.find((row) => row.id === 'pieter-lous')!.total, before.rows.find((row) => row.id === 'pieter-lous')!.total + 1);
  });

  it('opens from an entity of People & Places, and closes', async () => {
    const data = await vscode.commands.executeCommand<CastMapData | undefined>('marginalia.showCastMap', { kind: 'entity', entity: { id: 'vennholm' } });
    assert.ok(data?.rows.some((row) => row.id === 'vennholm'));
    const tab = await waitFor(mapTab, { message: 'the Cast Map tab' });
    await vscode.window.tabGroups.close(tab);
    await waitFor(() => !mapTab(), { message: 'the Cast Map closed' });
  });
});
