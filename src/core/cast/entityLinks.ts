import { parseAnnotations, updateAnnotation } from '../annotations/annotationYaml';
import { remapEntityIds } from './cast';
import { remapPinEntities } from '../mentions/pins';

/**
 * Returns a sidecar's text with its links to the cast renamed by `ids` (an old id to the new one,
 * as when two entities are merged): the `entities` of annotations and the `entity` of pins. Only
 * the items that link to a renamed id change. Throws `SidecarNotWritableError` for a sidecar that
 * must not be written (it does not parse, or holds conflict markers).
 */
export function remapEntityLinks(text: string, ids: ReadonlyMap<string, string>): string {
  let result = text;
  for (const { annotation } of parseAnnotations(text).annotations) {
    if (annotation.entities.some((id) => ids.has(id))) result = updateAnnotation(result, { ...annotation, entities: remapEntityIds(annotation.entities, ids) });
  }
  return remapPinEntities(result, ids);
}
