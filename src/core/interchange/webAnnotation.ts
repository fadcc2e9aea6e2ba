/**
 * The W3C Web Annotation vocabulary as JSON-LD, the shape we write and the shapes we read
 * (ours, Recogito's). Keys the model lacks (an annotation's status, where its passage was found,
 * its chapter, an entity's id in the cast) are kept under our own `marginalia:` prefix.
 */
export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Our prefix for the keys the W3C model lacks. */
export const MARGINALIA_NAMESPACE = 'urn:marginalia:ns:';
/** The `@context` of what we write: the W3C one, and our prefix. */
export const EXPORT_CONTEXT = [ANNOTATION_CONTEXT, { marginalia: MARGINALIA_NAMESPACE }] as const;

/** An annotation's or a reply's IRI: our id, kept whole so that a round trip gives the same ids. */
export function annotationIri(id: string): string {
  return `urn:marginalia:${id}`;
}

/** Our id back from `annotationIri`, when the IRI is one of ours. */
export function ourIdOf(iri: string): string | undefined {
  return /^urn:marginalia:([^:/\s]+)$/.exec(iri)?.[1];
}

/** An entity of the cast with no authority id of its own. */
export function entityIri(id: string): string {
  return `urn:marginalia:entity:${encodeURIComponent(id)}`;
}

export interface TextQuoteSelector {
  readonly type: 'TextQuoteSelector';
  readonly exact: string;
  readonly prefix?: string;
  readonly suffix?: string;
}

/** `start` and `end` in Unicode code points, as the model requires. */
export interface TextPositionSelector {
  readonly type: 'TextPositionSelector';
  readonly start: number;
  readonly end: number;
}

export interface TextualBody {
  readonly type: 'TextualBody';
  readonly value: string;
  readonly format?: string;
  readonly purpose?: string;
}

export interface IdentifyingBody {
  readonly type: 'SpecificResource';
  readonly purpose: 'identifying';
  readonly source: string;
  readonly 'marginalia:entity'?: string;
}

export interface WebAnnotation {
  readonly id: string;
  readonly type: 'Annotation';
  readonly motivation: string;
  readonly created?: string;
  readonly modified?: string;
  readonly creator?: { readonly type: 'Person'; readonly name: string };
  readonly body: readonly (TextualBody | IdentifyingBody)[];
  readonly target: string | { readonly source: string; readonly selector: readonly (TextQuoteSelector | TextPositionSelector)[] };
  readonly 'marginalia:status'?: string;
  readonly 'marginalia:anchor'?: string;
  readonly 'marginalia:chapter'?: number;
}

export interface AnnotationCollection {
  readonly '@context': typeof EXPORT_CONTEXT;
  readonly id: string;
  readonly type: 'AnnotationCollection';
  readonly label: string;
  readonly total: number;
  readonly first: {
    readonly id: string;
    readonly type: 'AnnotationPage';
    readonly startIndex: 0;
    readonly items: readonly WebAnnotation[];
  };
}
