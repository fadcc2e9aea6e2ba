import * as vscode from 'vscode';
import type { AnnotationStore } from './annotationStore';
import { report, type AnnotationRef } from './annotationThreads';
import type { Casts } from '../cast/casts';

/**
 * "Link Annotation to Person, Place or Organization…": an annotation's `entities` name who and what
 * it is about, and the People & Places view lists it under each of them. A script may pass the ids.
 */
export function registerAnnotationLinks(store: AnnotationStore, casts: Casts): vscode.Disposable {
  return vscode.commands.registerCommand('marginalia.linkAnnotationToEntity', (ref: AnnotationRef, ids?: readonly string[]) =>
    report('The annotation was not linked', async () => {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri));
      const bookCast = casts.castFor(document.uri);
      if (!bookCast || bookCast.cast.entities.length === 0) {
        void vscode.window.showInformationMessage('This manuscript’s book has no cast yet: add people and places to marginalia.yaml first.');
        return;
      }
      const linked = new Set((await store.forDocument(document))?.entries.find((e) => e.annotation.id === ref.id)?.annotation.entities ?? []);
      const chosen =
        ids ??
        (
          await vscode.window.showQuickPick(
            bookCast.cast.entities.map((entity) => ({ label: entity.name, description: entity.id, picked: linked.has(entity.id), id: entity.id })),
            { title: 'Link the annotation to…', canPickMany: true, matchOnDescription: true },
          )
        )?.map((item) => item.id);
      if (chosen) await store.setEntities(document, ref.id, chosen);
    }),
  );
}
