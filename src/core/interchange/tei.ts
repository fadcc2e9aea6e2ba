import type { Annotation, Resolution } from '../annotations/annotation';
import { authorityLinks } from '../cast/authorities';
import type { Cast, CastEntity, EntityKind } from '../cast/cast';
import { lineStartsOf, positionAt } from '../manuscript/book';
import type { Manuscript } from '../manuscript/model';
import { splitLines } from '../manuscript/parser';
import type { MentionIndex } from '../mentions/mentions';
import type { Sidecar } from '../notes/notesSidecar';
import { CodePointOffsets } from './codePoints';
import { xmlAttributes, xmlId, xmlText } from './xml';

export interface TeiManuscript {
  /** Its path relative to the book. */
  readonly name: string;
  readonly text: string;
  readonly manuscript: Manuscript;
  /** Its sidecar's notes, when it has a sidecar. */
  readonly notes: Sidecar | undefined;
  readonly annotations: readonly Annotation[];
  /** Where each annotation's passage is now, in the same order. */
  readonly resolutions: readonly Resolution[];
  /** The cast's mentions in it (pins applied), when the book has a cast. */
  readonly mentions: MentionIndex | undefined;
}

export interface TeiInput {
  readonly title: string;
  readonly cast: Cast | undefined;
  readonly manuscripts: readonly TeiManuscript[];
}

const NAME_ELEMENT: Readonly<Record<EntityKind, string>> = { person: 'persName', place: 'placeName', organization: 'orgName' };
const ENTITY_ELEMENT: Readonly<Record<EntityKind, string>> = { person: 'person', place: 'place', organization: 'org' };

/**
 * The book as one TEI P5 document: the cast in the header (`listPerson` and `listOrg` in
 * `particDesc`, `listPlace` in `settingDesc`); parts and chapters as `div`s with their `head`;
 * paragraphs as `p`; quotations as `quote`; interpolations as `supplied`; each mention as a
 * `persName`/`placeName`/`orgName` pointing at its entity (an ambiguous one as `rs cert="low"`
 * pointing at each candidate); each marker as the `note` it calls, holding the note's text; and
 * the annotations stand-off, in `listAnnotation`, pointing at their passages with `string-range()`
 * (offsets in characters of the line as written). Well-formed by construction: every text and
 * attribute goes through `xmlText`/`xmlAttribute`.
 */
export function exportTei(input: TeiInput): string {
  const entityIds = new Map<string, string>();
  const kinds = new Map<string, EntityKind>();
  const used = new Set<string>();
  for (const entity of input.cast?.entities ?? []) {
    if (entityIds.has(entity.id)) continue;
    entityIds.set(entity.id, uniqueId(xmlId('', entity.id), used));
    kinds.set(entity.id, entity.kind);
  }
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n');
  writeHeader(out, input, entityIds);
  out.push('<text xml:id="text">\n<body>\n');
  const wrap = input.manuscripts.length > 1;
  input.manuscripts.forEach((manuscript, index) => {
    if (wrap) out.push(`<div${xmlAttributes({ type: 'manuscript', n: manuscript.name })}>\n`);
    writeManuscript(out, manuscript, `m${index + 1}`, { ids: entityIds, kinds });
    if (wrap) out.push('</div>\n');
  });
  out.push('</body>\n</text>\n');
  writeAnnotations(out, input.manuscripts, entityIds);
  out.push('</TEI>\n');
  return out.join('');
}

interface EntityIds {
  /** The `xml:id` of each entity of the cast, by its id. */
  readonly ids: ReadonlyMap<string, string>;
  readonly kinds: ReadonlyMap<string, EntityKind>;
}

/** The `xml:id` an entity has, or would have: a link to an entity the cast lacks still points somewhere named. */
function entityRef(entityIds: ReadonlyMap<string, string>, id: string): string {
  return entityIds.get(id) ?? xmlId('e-', id);
}

/** `candidate`, or with a number after it when another entity's id became the same `xml:id`. */
function uniqueId(candidate: string, used: Set<string>): string {
  const base = /^[A-Za-z_]/.test(candidate) ? candidate : `e-${candidate}`;
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

function writeHeader(out: string[], input: TeiInput, entityIds: ReadonlyMap<string, string>): void {
  const files = input.manuscripts.map((manuscript) => manuscript.name).join(', ');
  out.push('<teiHeader>\n<fileDesc>\n');
  out.push(`<titleStmt><title>${xmlText(input.title)}</title></titleStmt>\n`);
  out.push('<publicationStmt><p>Exported by Marginalia.</p></publicationStmt>\n');
  out.push(`<sourceDesc><p>${xmlText(`The manuscript${input.manuscripts.length === 1 ? '' : 's'} ${files}, with the notes, annotations and cast.`)}</p></sourceDesc>\n`);
  out.push('</fileDesc>\n');
  const entities = input.cast?.entities ?? [];
  if (entities.length > 0) {
    const list = (kind: EntityKind, element: string) => {
      const ofKind = entities.filter((entity) => entity.kind === kind);
      if (ofKind.length === 0) return '';
      return `<${element}>\n${ofKind.map((entity) => entityElement(entity, entityIds)).join('')}</${element}>\n`;
    };
    const participants = list('person', 'listPerson') + list('organization', 'listOrg');
    const setting = list('place', 'listPlace');
    out.push('<profileDesc>\n');
    if (participants) out.push(`<particDesc>\n${participants}</particDesc>\n`);
    if (setting) out.push(`<settingDesc>\n${setting}</settingDesc>\n`);
    out.push('</profileDesc>\n');
  }
  out.push('</teiHeader>\n');
}

function entityElement(entity: CastEntity, entityIds: ReadonlyMap<string, string>): string {
  const name = NAME_ELEMENT[entity.kind];
  const element = ENTITY_ELEMENT[entity.kind];
  let result = `<${element}${xmlAttributes({ 'xml:id': entityIds.get(entity.id) })}>`;
  result += `<${name} type="main">${xmlText(entity.name)}</${name}>`;
  for (const alias of entity.aliases) result += `<${name} type="alias">${xmlText(alias)}</${name}>`;
  for (const link of authorityLinks(entity)) result += `<idno${xmlAttributes({ type: link.label, ...(link.iri ? { source: link.iri } : {}) })}>${xmlText(link.id)}</idno>`;
  const { born, died, description, notes } = entity.details;
  if (entity.kind === 'person') {
    if (born) result += `<birth>${xmlText(born)}</birth>`;
    if (died) result += `<death>${xmlText(died)}</death>`;
  }
  if (description) result += `<note type="description">${xmlText(description)}</note>`;
  if (notes) result += `<note>${xmlText(notes)}</note>`;
  return `${result}</${element}>\n`;
}

/** A piece of a line marked up: the stack walk in `inline` needs them properly nested. */
interface InlineSpan {
  readonly start: number;
  readonly end: number;
  /** Quotations and interpolations give way (are left out) where they would cross another span. */
  readonly yields: boolean;
  readonly open: string;
  readonly close: string;
  /** Characters at each end that the element stands for (an interpolation's brackets). */
  readonly trim: number;
  /** A marker: replaced whole by its note. */
  readonly replacement?: string;
}

function writeManuscript(out: string[], source: TeiManuscript, prefix: string, entities: EntityIds): void {
  const { manuscript, text } = source;
  const lines = splitLines(text);
  const spans = inlineSpans(source, entities.ids, entities.kinds, lines.length);
  const partLines = new Map(manuscript.parts.map((part) => [part.line, part]));
  const chapterLines = new Map(manuscript.chapters.map((chapter) => [chapter.line, chapter]));
  const epigraphOf = new Map<number, { first: number; last: number; attribution: boolean }>();
  for (const epigraph of manuscript.epigraphs) {
    const epigraphLines = [epigraph.dedicationLine, ...epigraph.lines, epigraph.attributionLine].filter((line): line is number => line !== undefined);
    const first = Math.min(...epigraphLines);
    const last = Math.max(...epigraphLines);
    for (const line of epigraphLines) epigraphOf.set(line, { first, last, attribution: line === epigraph.attributionLine });
  }
  const paragraphs = new Set(manuscript.paragraphs);
  let inPart = false;
  let inChapter = false;
  lines.forEach((line, index) => {
    const id = `${prefix}.l${index}`;
    const content = () => inline(line, spans[index]);
    const part = partLines.get(index);
    const chapter = chapterLines.get(index);
    const epigraph = epigraphOf.get(index);
    if (part) {
      if (inChapter) out.push('</div>\n');
      if (inPart) out.push('</div>\n');
      inChapter = false;
      inPart = true;
      out.push(`<div${xmlAttributes({ type: 'part', n: part.title.replace(/^(PART|BOOK|VOLUME)\s+/i, '') })}>\n<head${xmlAttributes({ 'xml:id': id })}>${content()}</head>\n`);
    } else if (chapter) {
      if (inChapter) out.push('</div>\n');
      inChapter = true;
      out.push(`<div${xmlAttributes({ type: 'chapter', n: chapter.number })}>\n<head${xmlAttributes({ 'xml:id': id })}>${content()}</head>\n`);
    } else if (epigraph) {
      if (index === epigraph.first) out.push('<epigraph>\n');
      out.push(epigraph.attribution ? `<bibl${xmlAttributes({ 'xml:id': id })}>${content()}</bibl>\n` : `<p${xmlAttributes({ 'xml:id': id })}>${content()}</p>\n`);
      if (index === epigraph.last) out.push('</epigraph>\n');
    } else if (paragraphs.has(index)) {
      out.push(`<p${xmlAttributes({ 'xml:id': id })}>${content()}</p>\n`);
    }
  });
  if (inChapter) out.push('</div>\n');
  if (inPart) out.push('</div>\n');
}

/** Per line, its marked-up spans, sorted for the stack walk, crossing ones left out. */
function inlineSpans(source: TeiManuscript, entityIds: ReadonlyMap<string, string>, kinds: ReadonlyMap<string, EntityKind>, lineCount: number): InlineSpan[][] {
  const { manuscript, notes, mentions } = source;
  const perLine: InlineSpan[][] = Array.from({ length: lineCount }, () => []);
  const add = (line: number, span: InlineSpan) => perLine[line]?.push(span);
  for (const quotation of manuscript.quotations) {
    add(quotation.line, { start: quotation.start, end: quotation.end, yields: true, open: '<quote>', close: '</quote>', trim: 0 });
  }
  for (const interpolation of manuscript.interpolations) {
    add(interpolation.line, { start: interpolation.character, end: interpolation.character + interpolation.length, yields: true, open: '<supplied>', close: '</supplied>', trim: 1 });
  }
  for (const marker of manuscript.markers) {
    const note = notes?.note(marker.kind, marker.number);
    const attributes = xmlAttributes({ place: marker.kind === 'endnote' ? 'end' : 'foot', n: marker.number });
    add(marker.line, {
      start: marker.character,
      end: marker.character + marker.length,
      yields: false,
      open: '',
      close: '',
      trim: 0,
      replacement: note ? `<note${attributes}>${xmlText(note.text)}</note>` : `<note${attributes}/>`,
    });
  }
  if (mentions) {
    for (const [entity, list] of mentions.allMentions()) {
      const kind = kinds.get(entity);
      const element = kind ? NAME_ELEMENT[kind] : 'rs';
      const ref = `#${entityRef(entityIds, entity)}`;
      for (const mention of list) {
        add(mention.line, { start: mention.character, end: mention.character + mention.length, yields: false, open: `<${element}${xmlAttributes({ ref })}>`, close: `</${element}>`, trim: 0 });
      }
    }
    for (const mention of mentions.ambiguous()) {
      const ref = mention.candidates.map((id) => `#${entityRef(entityIds, id)}`).join(' ');
      add(mention.line, { start: mention.character, end: mention.character + mention.length, yields: false, open: `<rs${xmlAttributes({ cert: 'low', ref })}>`, close: '</rs>', trim: 0 });
    }
  }
  return perLine.map((spans) => {
    const kept = spans.filter((span) => !span.yields || !spans.some((other) => other !== span && crosses(span, other)));
    // Outer before inner: by start, then the longer first, then a yielding container before a leaf.
    return kept.sort((a, b) => a.start - b.start || b.end - a.end || Number(b.yields) - Number(a.yields));
  });
}

function crosses(a: InlineSpan, b: InlineSpan): boolean {
  return (a.start < b.start && b.start < a.end && a.end < b.end) || (b.start < a.start && a.start < b.end && b.end < a.end);
}

/** A line's text with its spans as elements; the spans are properly nested. */
function inline(line: string, spans: readonly InlineSpan[]): string {
  let result = '';
  let position = 0;
  const open: InlineSpan[] = [];
  const closeUpTo = (limit: number) => {
    while (open.length > 0 && open[open.length - 1].end <= limit) {
      const span = open.pop() as InlineSpan;
      const end = span.end - span.trim;
      if (end > position) result += xmlText(line.slice(position, end));
      position = span.end;
      result += span.close;
    }
  };
  for (const span of spans) {
    if (span.start < position) continue;
    closeUpTo(span.start);
    result += xmlText(line.slice(position, span.start));
    if (span.replacement !== undefined) {
      result += span.replacement;
      position = span.end;
      continue;
    }
    result += span.open;
    position = span.start + span.trim;
    open.push(span);
  }
  closeUpTo(Infinity);
  return result + xmlText(line.slice(position));
}

function writeAnnotations(out: string[], manuscripts: readonly TeiManuscript[], entityIds: ReadonlyMap<string, string>): void {
  const withAnnotations = manuscripts.filter((manuscript) => manuscript.annotations.length > 0);
  if (withAnnotations.length === 0) return;
  out.push('<standOff>\n<listAnnotation>\n');
  manuscripts.forEach((source, index) => {
    if (source.annotations.length === 0) return;
    const prefix = `m${index + 1}`;
    const lineStarts = lineStartsOf(source.text);
    const offsets = new CodePointOffsets(source.text);
    const characterOf = (offset: number) => {
      const position = positionAt(lineStarts, offset);
      return { line: position.line, character: offsets.toCodePoint(offset) - offsets.toCodePoint(lineStarts[position.line]) };
    };
    source.annotations.forEach((annotation, i) => {
      const span = source.resolutions[i]?.span;
      let target = '#text';
      if (span) {
        const start = characterOf(span.start);
        const end = characterOf(span.end);
        target =
          start.line === end.line
            ? `#string-range(${prefix}.l${start.line},${start.character},${end.character - start.character})`
            : `#range(string-range(${prefix}.l${start.line},${start.character},0),string-range(${prefix}.l${end.line},${end.character},0))`;
      }
      out.push(`<annotation${xmlAttributes({ 'xml:id': xmlId('', annotation.id), target, motivation: annotation.body.trim() !== '' ? 'commenting' : annotation.entities.length > 0 ? 'identifying' : 'tagging' })}>\n`);
      if (annotation.author) out.push(`<respStmt><resp>annotated</resp><name>${xmlText(annotation.author)}</name></respStmt>\n`);
      if (annotation.body !== '') out.push(`<note type="body">${xmlText(annotation.body)}</note>\n`);
      if (!span) out.push(`<note type="quote">${xmlText(annotation.target.quote)}</note>\n`);
      for (const tag of annotation.tags) out.push(`<note type="tag">${xmlText(tag)}</note>\n`);
      if (annotation.status === 'resolved') out.push('<note type="status">resolved</note>\n');
      for (const entity of annotation.entities) out.push(`<ptr${xmlAttributes({ type: 'entity', target: `#${entityRef(entityIds, entity)}` })}/>\n`);
      out.push('</annotation>\n');
      for (const reply of annotation.replies) {
        out.push(`<annotation${xmlAttributes({ 'xml:id': xmlId('', reply.id), target: `#${xmlId('', annotation.id)}`, motivation: 'replying' })}>\n`);
        if (reply.author) out.push(`<respStmt><resp>replied</resp><name>${xmlText(reply.author)}</name></respStmt>\n`);
        out.push(`<note type="body">${xmlText(reply.body)}</note>\n</annotation>\n`);
      }
    });
  });
  out.push('</listAnnotation>\n</standOff>\n');
}
