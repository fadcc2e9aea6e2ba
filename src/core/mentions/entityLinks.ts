import { parseAnnotations } from '../annotations/annotationYaml';
import { updateAnnotation } from '../annotations/annotationEdits';
import { remapEntityIds } from '../cast/cast';
import { remapPinEntities } from './pins';
import { SidecarText } from '../sidecar/sidecarText';

/**
 * Returns a sidecar's text with its links to the cast renamed by `ids` (an old id to the new one,
 * as when two entities are merged): the `entities` of annotations and the `entity` of pins. Only
 * the items that link to a renamed id change. Throws `SidecarNotWritableError` for a sidecar that
 * must not be written (it does not parse, or holds conflict markers).
 */
export function remapEntityLinks(text: string, ids: ReadonlyMap<string, string>): string {
  const read = new SidecarText(text);
  let result: string | undefined;
  for (const { annotation } of parseAnnotations(read).annotations) {
    if (annotation.entities.some((id) => ids.has(id))) result = updateAnnotation(result ?? read, { ...annotation, entities: remapEntityIds(annotation.entities, ids) });
  }
  return remapPinEntities(result ?? text, ids);
}
