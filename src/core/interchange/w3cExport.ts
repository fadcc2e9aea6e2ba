import type { Annotation, Resolution, TextSpan } from '../annotations/annotation';
import { describeTargets } from '../anchoring/targets';
import { authorityLinks } from '../cast/authorities';
import type { Cast } from '../cast/cast';
import { lineStartsOf } from '../manuscript/book';
import type { Manuscript } from '../manuscript/model';
import { CodePointOffsets } from './codePoints';
import {
  annotationIri,
  entityIri,
  EXPORT_CONTEXT,
  type AnnotationCollection,
  type IdentifyingBody,
  type TextualBody,
  type WebAnnotation,
} from './webAnnotation';

export interface W3cExportInput {
  /** The manuscript as the targets name it: its path relative to the book. */
  readonly source: string;
  readonly text: string;
  readonly manuscript: Manuscript;
  readonly annotations: readonly Annotation[];
  /** Where each annotation's passage is now, in the same order (`resolveTargets`). */
  readonly resolutions: readonly Resolution[];
  /** The book's cast, for the authority IRIs of linked entities. */
  readonly cast: Cast | undefined;
}

/**
 * The annotations of a manuscript as a W3C `AnnotationCollection` (JSON-LD), one page holding
 * them all: each annotation with its Markdown body, a `tagging` body per tag, an `identifying`
 * body per linked entity, and a target with both a `TextQuoteSelector` and a
 * `TextPositionSelector` (Recogito needs both) in code points; each reply an annotation of its
 * own, `replying` to it. A passage found in the text is described as it is now; one that is not
 * keeps the quote, context and position it was stored with.
 */
export function exportW3c(input: W3cExportInput): AnnotationCollection {
  const { text, manuscript, annotations, resolutions } = input;
  const offsets = new CodePointOffsets(text);
  const lineStarts = lineStartsOf(text);
  const found: { index: number; span: TextSpan }[] = [];
  resolutions.forEach((resolution, index) => {
    if (resolution.span) found.push({ index, span: resolution.span });
  });
  const described = describeTargets(text, manuscript, found.map(({ span }) => span));
  const current = new Map(found.map(({ index, span }, i) => [index, { span, target: described[i] }]));

  const items: WebAnnotation[] = [];
  annotations.forEach((annotation, index) => {
    const now = current.get(index);
    const stored = annotation.target;
    const target = now?.target ?? stored;
    const start = now ? now.span.start : offsetOf(lineStarts, text.length, stored.position);
    const end = now ? now.span.end : Math.min(text.length, start + stored.quote.length);
    items.push({
      id: annotationIri(annotation.id),
      type: 'Annotation',
      motivation: motivationOf(annotation),
      ...(annotation.created ? { created: annotation.created } : {}),
      ...(annotation.modified ? { modified: annotation.modified } : {}),
      ...(annotation.author ? { creator: { type: 'Person' as const, name: annotation.author } } : {}),
      body: bodiesOf(annotation, input.cast),
      target: {
        source: input.source,
        selector: [
          { type: 'TextQuoteSelector', exact: target.quote, prefix: target.prefix, suffix: target.suffix },
          { type: 'TextPositionSelector', start: offsets.toCodePoint(start), end: offsets.toCodePoint(end) },
        ],
      },
      'marginalia:status': annotation.status,
      'marginalia:anchor': resolutions[index]?.state ?? 'orphaned',
      ...(target.chapter !== undefined ? { 'marginalia:chapter': target.chapter } : {}),
    });
    for (const reply of annotation.replies) {
      items.push({
        id: annotationIri(reply.id),
        type: 'Annotation',
        motivation: 'replying',
        ...(reply.created ? { created: reply.created } : {}),
        ...(reply.author ? { creator: { type: 'Person' as const, name: reply.author } } : {}),
        body: [{ type: 'TextualBody', value: reply.body, format: 'text/markdown', purpose: 'replying' }],
        target: annotationIri(annotation.id),
      });
    }
  });
  const id = `urn:marginalia:annotations:${encodeURIComponent(input.source)}`;
  return {
    '@context': EXPORT_CONTEXT,
    id,
    type: 'AnnotationCollection',
    label: `Annotations of ${input.source}`,
    total: items.length,
    first: { id: `${id}:page1`, type: 'AnnotationPage', startIndex: 0, items },
  };
}

/** `commenting` when there is something to read; else what the annotation does: identify or tag. */
function motivationOf(annotation: Annotation): string {
  if (annotation.body.trim() !== '') return 'commenting';
  if (annotation.entities.length > 0) return 'identifying';
  if (annotation.tags.length > 0) return 'tagging';
  return 'commenting';
}

function bodiesOf(annotation: Annotation, cast: Cast | undefined): (TextualBody | IdentifyingBody)[] {
  const bodies: (TextualBody | IdentifyingBody)[] = [];
  if (annotation.body !== '') bodies.push({ type: 'TextualBody', value: annotation.body, format: 'text/markdown', purpose: 'commenting' });
  for (const tag of annotation.tags) bodies.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });
  for (const id of annotation.entities) {
    const entity = cast?.entity(id);
    const authority = entity ? authorityLinks(entity).find((link) => link.iri !== undefined) : undefined;
    bodies.push({ type: 'SpecificResource', purpose: 'identifying', source: authority?.iri ?? entityIri(id), 'marginalia:entity': id });
  }
  return bodies;
}

function offsetOf(lineStarts: readonly number[], length: number, position: { line: number; character: number }): number {
  const lineStart = lineStarts[Math.min(Math.max(position.line, 0), lineStarts.length - 1)];
  return Math.min(length, lineStart + Math.max(position.character, 0));
}
