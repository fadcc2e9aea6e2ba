import * as vscode from 'vscode';
import type { EntityKind } from '../../core/cast/cast';
import type { Casts } from './casts';
import { mentionRange } from './castNavigation';

const SETTING = 'marginalia.cast.underlineMentions';

/** A faint underline under each mention of the cast in visible manuscripts, coloured by kind (a setting, on by default). */
export function registerCastDecorations(casts: Casts): vscode.Disposable {
  const underline = (color: string) =>
    // A bottom border is the underline a theme colour can paint.
    vscode.window.createTextEditorDecorationType({
      borderColor: new vscode.ThemeColor(color),
      borderStyle: 'none none solid none',
      borderWidth: '0 0 1px 0',
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
  const types: Record<EntityKind | 'ambiguous', vscode.TextEditorDecorationType> = {
    person: underline('marginalia.personMention'),
    place: underline('marginalia.placeMention'),
    organization: underline('marginalia.organizationMention'),
    ambiguous: underline('marginalia.ambiguousMention'),
  };
  let timer: ReturnType<typeof setTimeout> | undefined;

  const paint = (editor: vscode.TextEditor) => {
    const enabled = vscode.workspace.getConfiguration().get<boolean>(SETTING, true);
    const index = enabled ? casts.index(editor.document) : undefined;
    const cast = index && casts.castFor(editor.document.uri)?.cast;
    const ranges: Record<EntityKind | 'ambiguous', vscode.Range[]> = { person: [], place: [], organization: [], ambiguous: [] };
    if (index && cast) {
      for (const [id, mentions] of index.allMentions()) {
        const kind = cast.entity(id)?.kind;
        if (kind) for (const mention of mentions) ranges[kind].push(mentionRange(mention));
      }
      for (const mention of index.ambiguous()) ranges.ambiguous.push(mentionRange(mention));
    }
    for (const key of Object.keys(types) as (keyof typeof types)[]) editor.setDecorations(types[key], ranges[key]);
  };
  const paintAll = () => vscode.window.visibleTextEditors.forEach(paint);
  const soon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(paintAll, 150);
  };

  paintAll();
  return vscode.Disposable.from(
    ...Object.values(types),
    casts.onDidChange(soon),
    vscode.window.onDidChangeVisibleTextEditors(paintAll),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTING)) paintAll();
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
}
