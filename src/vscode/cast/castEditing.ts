import * as vscode from 'vscode';
import { type CastEntity, type EntityKind } from '../../core/cast/cast';
import { addAlias, addEntity, dismissSuggestion, mergeEntities, renameEntity } from '../../core/cast/castEdits';
import { remapEntityLinks } from '../../core/mentions/entityLinks';
import { addPin, describePin } from '../../core/mentions/pins';
import { SIDECAR_SUFFIX, SidecarNotWritableError } from '../../core/sidecar/sidecarFile';
import { suggestCast } from '../../core/cast/suggestCast';
import type { BookCast, Casts } from './casts';
import { KIND_LABELS } from './castNavigation';
import { MANUSCRIPT_LANGUAGE, readTextFile } from '../common/convert';
import { openDocument } from '../common/lockedEdits';
import type { ManuscriptModels } from '../common/manuscriptModels';
import type { Sidecars } from '../common/sidecars';
import { errorMessage } from '../../core/text/errorMessage';

/** Arguments a script or a test can pass instead of answering the quick picks. */
interface EntityArgs {
  /** An entity's id; or, from the tree's context menu, its node's entity. */
  readonly entity?: string | { readonly id: string };
  readonly name?: string;
  readonly kept?: string;
  readonly merged?: string;
}

/**
 * Building the cast from the manuscript: Add Selection as Person / Place / Organization, Add
 * Selection as Alias of…, Rename Entity, Merge Entities, Suggest Cast…, Pin Mention to…. Each
 * writes `marginalia.yaml` (or the sidecar, for a pin) by splicing, never a file that does not parse.
 */
export function registerCastEditing(casts: Casts, models: ManuscriptModels, sidecars: Sidecars): vscode.Disposable {
  const editing = new CastEditing(casts, models, sidecars);
  const kinds: [string, EntityKind][] = [
    ['marginalia.addSelectionAsPerson', 'person'],
    ['marginalia.addSelectionAsPlace', 'place'],
    ['marginalia.addSelectionAsOrganization', 'organization'],
  ];
  // Until the books are read, no file has a cast: a command then would wrongly say so.
  const attempt = (failure: string, action: () => Promise<void>) => attemptAction(failure, () => casts.whenBooksLoaded().then(action));
  return vscode.Disposable.from(
    ...kinds.map(([command, kind]) => vscode.commands.registerCommand(command, () => attempt('The cast was not changed', () => editing.addSelection(kind)))),
    vscode.commands.registerCommand('marginalia.addSelectionAsAlias', (args?: EntityArgs) => attempt('The alias was not added', () => editing.addSelectionAsAlias(args))),
    vscode.commands.registerCommand('marginalia.renameEntity', (args?: EntityArgs) => attempt('The entity was not renamed', () => editing.rename(args))),
    vscode.commands.registerCommand('marginalia.mergeEntities', (args?: EntityArgs) => attempt('The entities were not merged', () => editing.merge(args))),
    vscode.commands.registerCommand('marginalia.suggestCast', () => attempt('Suggest Cast failed', () => editing.suggest())),
    vscode.commands.registerCommand('marginalia.pinMention', (args?: EntityArgs) => attempt('The mention was not pinned', () => editing.pin(args))),
  );
}

function entityId(args: EntityArgs | undefined): string | undefined {
  const entity = args?.entity;
  return typeof entity === 'string' ? entity : entity?.id;
}

/** Runs a user's action, telling them plainly when it could not be done. */
async function attemptAction(failure: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    void vscode.window.showErrorMessage(`${failure}: ${errorMessage(error)}`);
  }
}

class CastEditing {
  constructor(
    private readonly casts: Casts,
    private readonly models: ManuscriptModels,
    private readonly sidecars: Sidecars,
  ) {}

  async addSelection(kind: EntityKind): Promise<void> {
    const { bookCast, name } = this.selection();
    let id = '';
    await this.casts.edit(bookCast.book, (text) => {
      const added = addEntity(text, kind, name);
      id = added.id;
      return added.text;
    });
    void vscode.window.showInformationMessage(`Added ${name} to the cast as a ${KIND_LABELS[kind].toLowerCase()} (${id}).`);
  }

  async addSelectionAsAlias(args: EntityArgs | undefined): Promise<void> {
    const { bookCast, name } = this.selection();
    const id = entityId(args);
    const entity = id ? bookCast.cast.entity(id) : await pickEntity(bookCast, `Add “${name}” as an alias of…`);
    if (!entity) return;
    await this.casts.edit(bookCast.book, (text) => addAlias(text, entity.id, name));
  }

  async rename(args: EntityArgs | undefined): Promise<void> {
    const bookCast = this.bookCast();
    const entity = this.chosen(bookCast, entityId(args) ?? this.casts.focusedEntity) ?? (await pickEntity(bookCast, 'Rename which entity?'));
    if (!entity) return;
    const name = args?.name ?? (await vscode.window.showInputBox({ prompt: `New name of ${entity.name} (the old one becomes an alias)`, value: entity.name }));
    if (!name || name === entity.name) return;
    await this.casts.edit(bookCast.book, (text) => renameEntity(text, entity.id, name));
  }

  async merge(args: EntityArgs | undefined): Promise<void> {
    const bookCast = this.bookCast();
    const merged = this.chosen(bookCast, args?.merged ?? entityId(args)) ?? (await pickEntity(bookCast, 'Merge which entity (it goes away)…'));
    if (!merged) return;
    const kept = this.chosen(bookCast, args?.kept) ?? (await pickEntity(bookCast, `…into which entity (it keeps ${merged.name}'s names)?`, merged.id));
    if (!kept || kept.id === merged.id) return;
    let ids: ReadonlyMap<string, string> = new Map();
    await this.casts.edit(bookCast.book, (text) => {
      const result = mergeEntities(text, kept.id, merged.id);
      ids = result.ids;
      return result.text;
    });
    // Links to the merged entity (annotations, pins) now name the kept one, in every sidecar of
    // the book, its manuscript open or not. One that cannot be written is said, the others done.
    const book = bookCast.book.file.toString();
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(bookCast.book.folder, `**/*${SIDECAR_SUFFIX}`), '**/{node_modules,.git}/**');
    const refused: string[] = [];
    for (const sidecar of found.filter((uri) => this.casts.castFor(uri)?.book.file.toString() === book)) {
      // Read now, not from the sidecars' cache: a file written a moment ago (a checkout, another
      // program) may not have reached the cache through the file watcher yet.
      const current = openDocument(sidecar)?.getText() ?? (await readTextFile(sidecar));
      if (current === undefined || !current.includes(merged.id)) continue;
      try {
        await this.sidecars.editFile(sidecar, (current) => remapEntityLinks(current ?? '', ids));
      } catch (error) {
        if (!(error instanceof SidecarNotWritableError)) throw error;
        refused.push(`${vscode.workspace.asRelativePath(sidecar, false)} (${error.message})`);
      }
    }
    if (refused.length > 0) {
      void vscode.window.showWarningMessage(`${merged.name} was merged into ${kept.name}, but links to ${merged.id} are left in ${refused.join('; ')}: change them by hand.`);
    }
  }

  async suggest(): Promise<void> {
    const editor = this.manuscriptEditor();
    const bookCast = this.bookCast();
    const document = editor.document;
    const candidates = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Suggesting the cast', cancellable: false },
      async (progress) => {
        let reported = 0;
        return suggestCast(document.getText(), {
          cast: bookCast.cast.entities,
          dismissed: bookCast.cast.dismissed,
          manuscript: this.models.get(document),
          onProgress: (fraction) => {
            progress.report({ increment: (fraction - reported) * 100 });
            reported = fraction;
          },
        });
      },
    );
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage('Every name in this manuscript is in the cast or dismissed.');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      candidates.map((candidate) => ({
        label: candidate.text,
        description: `${candidate.count}× · ${KIND_LABELS[candidate.kind]}?`,
        detail: candidate.variants.length > 1 ? `Also written: ${candidate.variants.slice(1).join(', ')}` : undefined,
        candidate,
      })),
      { title: 'Suggest Cast', placeHolder: 'Pick a name to add to the cast or dismiss', matchOnDetail: true },
    );
    if (!picked) return;
    const { candidate } = picked;
    type Choice = vscode.QuickPickItem & { entityKind?: EntityKind };
    const choices: Choice[] = [
      ...(['person', 'place', 'organization'] as EntityKind[]).map((kind) => ({ label: `Add as ${KIND_LABELS[kind]}`, description: kind === candidate.kind ? 'suggested' : undefined, entityKind: kind })),
      { label: 'Dismiss', description: 'not suggested again (remembered in marginalia.yaml)' },
    ];
    const choice = await vscode.window.showQuickPick(choices, { title: candidate.text });
    if (!choice) return;
    const kind = choice.entityKind;
    await this.casts.edit(bookCast.book, (text) =>
      kind ? addEntity(text, kind, candidate.text, { aliases: candidate.variants.filter((variant) => variant !== candidate.text) }).text : dismissSuggestion(text, candidate.text),
    );
  }

  async pin(args: EntityArgs | undefined): Promise<void> {
    const editor = this.manuscriptEditor();
    const document = editor.document;
    const found = this.casts.at(document, editor.selection.active);
    if (!found || !('candidates' in found.mention)) {
      void vscode.window.showInformationMessage('Put the cursor on an ambiguous name (one listed for several entities) first.');
      return;
    }
    const { mention, bookCast } = found;
    const entity = entityId(args) ?? (await pickEntity(bookCast, `Whose is this “${mention.text}”?`, undefined, mention.candidates))?.id;
    if (!entity) return;
    const pin = describePin(document.getText(), this.models.get(document), mention, entity);
    await this.sidecars.edit(document.uri, (current) => addPin(current, pin));
  }

  private chosen(bookCast: BookCast, id: string | undefined): CastEntity | undefined {
    return id ? bookCast.cast.entity(id) : undefined;
  }

  private manuscriptEditor(): vscode.TextEditor {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId !== MANUSCRIPT_LANGUAGE) throw new Error('open a manuscript first');
    return editor;
  }

  private bookCast(): BookCast {
    const editor = vscode.window.activeTextEditor;
    const bookCast = editor ? this.casts.castFor(editor.document.uri) : this.casts.all()[0];
    const found = bookCast ?? this.casts.all()[0];
    if (!found) throw new Error('no book with a marginalia.yaml is open');
    return found;
  }

  private selection(): { bookCast: BookCast; name: string } {
    const editor = this.manuscriptEditor();
    const name = editor.document.getText(editor.selection).trim();
    if (!name || /[\r\n]/.test(name)) throw new Error('select a name (on one line) in the manuscript first');
    const bookCast = this.casts.castFor(editor.document.uri);
    if (!bookCast) throw new Error('this manuscript belongs to no book (there is no marginalia.yaml above it)');
    return { bookCast, name };
  }
}

/** A quick pick of the cast's entities (or of `only`), `excluded` left out. */
async function pickEntity(bookCast: BookCast, title: string, excluded?: string, only?: readonly string[]): Promise<CastEntity | undefined> {
  const entities = bookCast.cast.entities.filter((entity) => entity.id !== excluded && (!only || only.includes(entity.id)));
  const picked = await vscode.window.showQuickPick(
    entities.map((entity) => ({ label: entity.name, description: `${KIND_LABELS[entity.kind]} · ${entity.id}`, detail: entity.aliases.join(', ') || undefined, entity })),
    { title, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.entity;
}
