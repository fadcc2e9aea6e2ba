import * as vscode from 'vscode';
import { markerRange, passageOf, type CitationIndex } from '../../core/notes/citations';
import { formatMarker } from '../../core/manuscript/parser';
import { escapeMarkdown } from '../../core/markdown/escape';
import { neutralizeMarkdown } from '../../core/markdown/markdown';
import type { Marker, MarkerKind } from '../../core/manuscript/model';
import { SIDECAR_SUFFIX, SidecarNotWritableError, type NoteEntry } from '../../core/sidecar/sidecarFile';
import { fromPosition, MANUSCRIPT_LANGUAGE, manuscriptSelector, toRange } from '../common/convert';
import type { ManuscriptModels } from '../common/manuscriptModels';
import { commandLinks, untrustedMarkdown } from '../common/markdownStrings';
import { Sidecars } from '../common/sidecars';
import { errorMessage } from '../../core/text/errorMessage';

/** What our command links carry: which note of which manuscript. */
export interface NoteReference {
  readonly uri: string;
  readonly kind: MarkerKind;
  readonly number: number;
}

export const EDIT_NOTE_COMMAND = 'marginalia.editNote';
export const GO_TO_NOTE_COMMAND = 'marginalia.goToNote';
/** Only our own commands run from a hover; links from note text never do. */
const TRUSTED_COMMANDS = [EDIT_NOTE_COMMAND, GO_TO_NOTE_COMMAND];

const sidecarSelector: vscode.DocumentSelector = { pattern: `**/*${SIDECAR_SUFFIX}` };

function kindLabel(kind: MarkerKind): string {
  return kind === 'endnote' ? 'Endnote' : 'Footnote';
}

function commandLink(title: string, command: string, reference: NoteReference): string {
  return `[${title}](command:${command}?${encodeURIComponent(JSON.stringify([reference]))})`;
}

/** Hover on `{228}` or `[157]`: the note, its chapter, and the passage it covers. */
export class NoteHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly models: ManuscriptModels,
    private readonly sidecars: Sidecars,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const index = this.models.citations(document);
    const marker = index.markerAt(fromPosition(position));
    if (!marker) return undefined;
    const { sidecar } = await this.sidecars.forManuscript(document.uri);
    const reference: NoteReference = { uri: document.uri.toString(), kind: marker.kind, number: marker.number };
    const chapter = index.chapterOf(marker.line);
    // The note is anyone's text: it goes in a MarkdownString that trusts nothing, and our command
    // links in one of their own, trusted for our commands only.
    const markdown = untrustedMarkdown();
    markdown.appendMarkdown(`**${kindLabel(marker.kind)} ${formatMarker(marker.kind, marker.number)}**`);
    if (chapter) markdown.appendMarkdown(` · ${escapeMarkdown(`${chapter.number}. ${chapter.title}`)}`);
    markdown.appendMarkdown('\n\n');
    const note = sidecar.note(marker.kind, marker.number);
    const hasText = sidecar.parsed && note !== undefined && note.text.trim() !== '';
    if (!sidecar.parsed) {
      markdown.appendMarkdown(`*The notes could not be read: the sidecar has an error (see the Problems panel).*\n\n`);
    } else if (!hasText) {
      markdown.appendMarkdown('*No note yet.*\n\n');
    } else {
      markdown.appendMarkdown(`${neutralizeMarkdown(note.text)}\n\n`);
    }
    const passage = passageOf(index, (line) => document.lineAt(line).text, marker);
    markdown.appendMarkdown('---\n\n');
    markdown.appendMarkdown(`*Covers* “${escapeMarkdown(passage.excerpt)}”`);
    const lines = passage.range.start.line === marker.line ? `line ${marker.line + 1}` : `lines ${passage.range.start.line + 1}–${marker.line + 1}`;
    markdown.appendMarkdown(` (${lines})`);
    const contents = [markdown];
    if (hasText) {
      contents.push(commandLinks(`${commandLink('Edit note', EDIT_NOTE_COMMAND, reference)} · ${commandLink('Go to note', GO_TO_NOTE_COMMAND, reference)}`, TRUSTED_COMMANDS));
    } else if (sidecar.parsed) {
      contents.push(commandLinks(commandLink('Write the note', EDIT_NOTE_COMMAND, reference), TRUSTED_COMMANDS));
    }
    return new vscode.Hover(contents, toRange(markerRange(marker)));
  }
}

/** Go to Definition / Peek on a marker: the note's entry in the sidecar. */
export class NoteDefinitionProvider implements vscode.DefinitionProvider {
  constructor(
    private readonly models: ManuscriptModels,
    private readonly sidecars: Sidecars,
  ) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location | undefined> {
    const marker = this.models.citations(document).markerAt(fromPosition(position));
    if (!marker) return undefined;
    const { uri, sidecar } = await this.sidecars.forManuscript(document.uri);
    const note = sidecar.note(marker.kind, marker.number);
    return note ? new vscode.Location(uri, toRange(note.keyRange)) : undefined;
  }
}

/** Find All References on a marker: every place the same note is cited. */
export class CitationReferenceProvider implements vscode.ReferenceProvider {
  constructor(private readonly models: ManuscriptModels) {}

  provideReferences(document: vscode.TextDocument, position: vscode.Position): vscode.Location[] | undefined {
    const index = this.models.citations(document);
    const marker = index.markerAt(fromPosition(position));
    return marker ? citationLocations(document.uri, index, marker.kind, marker.number) : undefined;
  }
}

function citationLocations(uri: vscode.Uri, index: CitationIndex, kind: MarkerKind, number: number): vscode.Location[] {
  return index.citations(kind, number).map((marker) => new vscode.Location(uri, toRange(markerRange(marker))));
}

/**
 * In a sidecar, the note under the cursor and its manuscript: hover shows the passage it is attached
 * to, and Find All References lists where it is cited.
 */
export class SidecarNoteProvider implements vscode.HoverProvider, vscode.ReferenceProvider {
  constructor(
    private readonly models: ManuscriptModels,
    private readonly sidecars: Sidecars,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const found = await this.noteAt(document, position);
    if (!found) return undefined;
    const { note, manuscript, index } = found;
    const citations = index.citations(note.kind, note.number);
    const markdown = untrustedMarkdown();
    markdown.appendMarkdown(`**${kindLabel(note.kind)} ${formatMarker(note.kind, note.number)}**\n\n`);
    if (citations.length === 0) {
      markdown.appendMarkdown(`*No marker in ${escapeMarkdown(basename(manuscript.uri))} cites this note.*`);
    }
    for (const marker of citations) {
      const chapter = index.chapterOf(marker.line);
      const passage = passageOf(index, (line) => manuscript.lineAt(line).text, marker);
      markdown.appendMarkdown(
        `${chapter ? `${escapeMarkdown(`${chapter.number}. ${chapter.title}`)}, ` : ''}line ${marker.line + 1}: “${escapeMarkdown(passage.excerpt)}”\n\n`,
      );
    }
    return new vscode.Hover(markdown, toRange(note.keyRange));
  }

  async provideReferences(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[] | undefined> {
    const found = await this.noteAt(document, position);
    return found ? citationLocations(found.manuscript.uri, found.index, found.note.kind, found.note.number) : undefined;
  }

  private async noteAt(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<{ note: NoteEntry; manuscript: vscode.TextDocument; index: CitationIndex } | undefined> {
    const { sidecar } = await this.sidecars.load(document.uri);
    const note = sidecar.notes.find((n) => toRange(n.keyRange).contains(position));
    if (!note) return undefined;
    const manuscript = await manuscriptOfSidecar(document.uri);
    if (!manuscript) return undefined;
    return { note, manuscript, index: this.models.citations(manuscript) };
  }
}

/** The manuscript beside a sidecar: same name, any extension, open in the manuscript language. */
async function manuscriptOfSidecar(sidecar: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const stem = sidecar.path.slice(0, -SIDECAR_SUFFIX.length);
  const open = vscode.workspace.textDocuments.find((d) => d.languageId === MANUSCRIPT_LANGUAGE && Sidecars.uriFor(d.uri).path === sidecar.path);
  if (open) return open;
  const folder = vscode.Uri.joinPath(sidecar, '..');
  const name = stem.slice(stem.lastIndexOf('/') + 1);
  const candidates = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, `${name}.*`), null, 10);
  const manuscript = candidates.find((uri) => !uri.path.endsWith(SIDECAR_SUFFIX) && Sidecars.uriFor(uri).path === sidecar.path);
  return manuscript ? vscode.workspace.openTextDocument(manuscript) : undefined;
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}


/** The note a command is about: from its arguments, or the marker under the cursor. */
function resolveReference(models: ManuscriptModels, argument: NoteReference | undefined): NoteReference | undefined {
  if (argument?.uri && argument.kind && Number.isInteger(argument.number)) return argument;
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== MANUSCRIPT_LANGUAGE) return undefined;
  const marker: Marker | undefined = models.citations(editor.document).markerAt(fromPosition(editor.selection.active));
  return marker && { uri: editor.document.uri.toString(), kind: marker.kind, number: marker.number };
}

function registerNoteCommands(models: ManuscriptModels, sidecars: Sidecars): vscode.Disposable {
  const noMarker = () => void vscode.window.showInformationMessage('Put the cursor on a note marker such as {12} or [3] first.');
  const editNote = async (argument?: NoteReference) => {
    const reference = resolveReference(models, argument);
    if (!reference) return noMarker();
    const manuscript = vscode.Uri.parse(reference.uri);
    const { sidecar } = await sidecars.forManuscript(manuscript);
    const label = `${kindLabel(reference.kind)} ${formatMarker(reference.kind, reference.number)}`;
    const current = sidecar.note(reference.kind, reference.number)?.text ?? '';
    const text = await vscode.window.showInputBox({
      title: `Edit ${label}`,
      prompt: 'The note, in Markdown. For a note of several paragraphs, use Go to Note and edit the sidecar.',
      value: current.trimEnd(),
      ignoreFocusOut: true,
    });
    if (text === undefined || text === current.trimEnd()) return;
    await saveNote(sidecars, manuscript, reference, text);
  };
  const goToNote = async (argument?: NoteReference) => {
    const reference = resolveReference(models, argument);
    if (!reference) return noMarker();
    const manuscript = vscode.Uri.parse(reference.uri);
    let loaded = await sidecars.forManuscript(manuscript);
    if (loaded.sidecar.parsed && !loaded.sidecar.note(reference.kind, reference.number)) {
      if (!(await saveNote(sidecars, manuscript, reference, ''))) return;
      loaded = await sidecars.forManuscript(manuscript);
    }
    const note = loaded.sidecar.note(reference.kind, reference.number);
    const editor = await vscode.window.showTextDocument(loaded.uri);
    if (note) {
      const range = toRange(note.keyRange);
      editor.selection = new vscode.Selection(range.end, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(EDIT_NOTE_COMMAND, editNote),
    vscode.commands.registerCommand(GO_TO_NOTE_COMMAND, goToNote),
  );
}

async function saveNote(sidecars: Sidecars, manuscript: vscode.Uri, reference: NoteReference, text: string): Promise<boolean> {
  try {
    await sidecars.setNote(manuscript, reference.kind, reference.number, text);
    return true;
  } catch (error) {
    const reason = error instanceof SidecarNotWritableError ? error.message : `it could not be written (${errorMessage(error)})`;
    void vscode.window.showErrorMessage(`The note was not saved: ${reason}.`);
    return false;
  }
}

/** Quick fix on "no note yet": write it. */
class AddNoteAction implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics
      .filter((diagnostic) => diagnostic.code === 'note-missing')
      .map((diagnostic) => {
        const markerText = document.getText(diagnostic.range);
        const kind: MarkerKind = markerText.startsWith('{') ? 'endnote' : 'footnote';
        const number = Number(markerText.slice(1, -1));
        const action = new vscode.CodeAction(`Add note ${markerText}`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.command = {
          command: EDIT_NOTE_COMMAND,
          title: 'Add note',
          arguments: [{ uri: document.uri.toString(), kind, number } satisfies NoteReference],
        };
        return action;
      });
  }
}

export function registerNotes(models: ManuscriptModels, sidecars: Sidecars): vscode.Disposable {
  const sidecarProvider = new SidecarNoteProvider(models, sidecars);
  return vscode.Disposable.from(
    vscode.languages.registerHoverProvider(manuscriptSelector, new NoteHoverProvider(models, sidecars)),
    vscode.languages.registerDefinitionProvider(manuscriptSelector, new NoteDefinitionProvider(models, sidecars)),
    vscode.languages.registerReferenceProvider(manuscriptSelector, new CitationReferenceProvider(models)),
    vscode.languages.registerHoverProvider(sidecarSelector, sidecarProvider),
    vscode.languages.registerReferenceProvider(sidecarSelector, sidecarProvider),
    vscode.languages.registerCodeActionsProvider(manuscriptSelector, new AddNoteAction(), {
      providedCodeActionKinds: AddNoteAction.kinds,
    }),
    registerNoteCommands(models, sidecars),
  );
}
