import * as vscode from 'vscode';
import type { CastEntity, EntityKind } from '../../core/cast/cast';
import { authorityLinks } from '../../core/cast/authorities';
import { escapeMarkdown } from '../../core/markdown/escape';
import type { Mention } from '../../core/mentions/mentions';
import { toRange, manuscriptSelector } from '../common/convert';
import { untrustedMarkdown } from '../common/markdownStrings';
import type { Casts } from './casts';

export const KIND_LABELS: Readonly<Record<EntityKind, string>> = { person: 'Person', place: 'Place', organization: 'Organization' };

/**
 * Navigating by character: Next / Previous Mention, Find All References, Go to Definition (the
 * entity's entry in `marginalia.yaml`), highlights of the mentions of the entity under the cursor,
 * and the entity's card on hover.
 */
export function registerCastNavigation(casts: Casts): vscode.Disposable {
  const provider = new CastNavigation(casts);
  return vscode.Disposable.from(
    vscode.languages.registerReferenceProvider(manuscriptSelector, provider),
    vscode.languages.registerDefinitionProvider(manuscriptSelector, provider),
    vscode.languages.registerDocumentHighlightProvider(manuscriptSelector, provider),
    vscode.languages.registerHoverProvider(manuscriptSelector, provider),
    // From the tree's context menu, the entity node comes as the argument.
    vscode.commands.registerCommand('marginalia.nextMention', (node?: { entity?: { id: string } }) => provider.step(1, node?.entity?.id)),
    vscode.commands.registerCommand('marginalia.previousMention', (node?: { entity?: { id: string } }) => provider.step(-1, node?.entity?.id)),
  );
}

export function mentionRange(mention: { line: number; character: number; length: number }): vscode.Range {
  return new vscode.Range(mention.line, mention.character, mention.line, mention.character + mention.length);
}

class CastNavigation implements vscode.ReferenceProvider, vscode.DefinitionProvider, vscode.DocumentHighlightProvider, vscode.HoverProvider {
  constructor(private readonly casts: Casts) {}

  provideReferences(document: vscode.TextDocument, position: vscode.Position): vscode.Location[] | undefined {
    const found = this.casts.at(document, position);
    if (!found?.entity) return undefined;
    const locations: vscode.Location[] = [];
    // This manuscript first, then the book's other open manuscripts.
    const documents = [document, ...vscode.workspace.textDocuments.filter((d) => d !== document && this.casts.castFor(d.uri) === found.bookCast)];
    for (const each of documents) {
      for (const mention of this.casts.index(each)?.mentionsOf(found.entity.id) ?? []) locations.push(new vscode.Location(each.uri, mentionRange(mention)));
    }
    return locations;
  }

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.Location | undefined {
    const found = this.casts.at(document, position);
    if (!found?.entity) return undefined;
    return new vscode.Location(found.bookCast.book.file, toRange(found.entity.idRange));
  }

  provideDocumentHighlights(document: vscode.TextDocument, position: vscode.Position): vscode.DocumentHighlight[] | undefined {
    const found = this.casts.at(document, position);
    if (!found?.entity) return undefined;
    return (this.casts.index(document)?.mentionsOf(found.entity.id) ?? []).map(
      (mention) => new vscode.DocumentHighlight(mentionRange(mention), vscode.DocumentHighlightKind.Text),
    );
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const found = this.casts.at(document, position);
    if (!found) return undefined;
    const range = mentionRange(found.mention);
    if (!found.entity) {
      const names = 'candidates' in found.mention ? found.mention.candidates.map((id) => found.bookCast.cast.entity(id)?.name ?? id) : [];
      const markdown = untrustedMarkdown(`**${escapeMarkdown(found.mention.text)}**: ambiguous between ${names.map(escapeMarkdown).join(', ')}. Pin it with *Marginalia: Pin Mention to…*`);
      return new vscode.Hover(markdown, range);
    }
    const mentions = this.casts.index(document)?.mentionsOf(found.entity.id) ?? [];
    // Nothing from the file is a link we did not build, and no command runs from the card.
    return new vscode.Hover(untrustedMarkdown(entityCard(found.entity, mentions)), range);
  }

  /** Selects the entity's next (1) or previous (-1) mention in the active manuscript, wrapping around. */
  step(direction: 1 | -1, chosen?: string): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const document = editor.document;
    const cursor = editor.selection.start;
    const entity = chosen ?? this.casts.at(document, cursor)?.entity?.id ?? this.casts.focusedEntity;
    if (!entity) {
      void vscode.window.showInformationMessage('Put the cursor on a name of the cast (or select an entity in People & Places) first.');
      return;
    }
    const mentions = this.casts.index(document)?.mentionsOf(entity) ?? [];
    if (mentions.length === 0) {
      void vscode.window.showInformationMessage('This manuscript does not mention it.');
      return;
    }
    const start = (mention: Mention) => new vscode.Position(mention.line, mention.character);
    const next =
      direction === 1
        ? (mentions.find((mention) => start(mention).isAfter(cursor)) ?? mentions[0])
        : ([...mentions].reverse().find((mention) => start(mention).isBefore(cursor)) ?? mentions[mentions.length - 1]);
    const range = mentionRange(next);
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

/** The entity's card as Markdown: every text from the file escaped. */
export function entityCard(entity: CastEntity, mentions: readonly Mention[]): string {
  const lines = [`**${escapeMarkdown(entity.name)}** · ${KIND_LABELS[entity.kind]}`];
  if (entity.aliases.length > 0) lines.push(`Also: ${entity.aliases.map(escapeMarkdown).join(', ')}`);
  const { description, born, died } = entity.details;
  if (born || died) lines.push(`${escapeMarkdown(born ?? '?')} – ${escapeMarkdown(died ?? '?')}`);
  if (description) lines.push(escapeMarkdown(description));
  const links = authorityLinks(entity).map(({ label, id, url }) => (url ? `[${label} ${id}](${url})` : `${label} ${escapeMarkdown(id)}`));
  if (links.length > 0) lines.push(links.join(' · '));
  const first = mentions[0];
  const count = `${mentions.length} mention${mentions.length === 1 ? '' : 's'} in this manuscript`;
  lines.push(first ? `${count}; first on line ${first.line + 1}` : count);
  return lines.join('\n\n');
}
