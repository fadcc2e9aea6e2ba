import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SaxesParser } from 'saxes';
import type { Annotation } from '../../src/core/annotations/annotation';
import { resolveTargets } from '../../src/core/anchoring/anchoring';
import { describeTarget } from '../../src/core/anchoring/targets';
import { parseCast } from '../../src/core/cast/cast';
import { CodePointOffsets } from '../../src/core/interchange/codePoints';
import { planImport, type ImportInput } from '../../src/core/interchange/planImport';
import { readAnnotationsFile } from '../../src/core/interchange/readForeign';
import { parseJsonText } from '../../src/core/interchange/importReport';
import { exportTei } from '../../src/core/interchange/tei';
import { exportW3c } from '../../src/core/interchange/w3cExport';
import type { WebAnnotation } from '../../src/core/interchange/webAnnotation';
import { xmlAttribute, xmlText } from '../../src/core/interchange/xml';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { MentionIndex } from '../../src/core/mentions/mentions';
import { NameMatcher } from '../../src/core/mentions/nameMatcher';
import { parseSidecar } from '../../src/core/notes/notesSidecar';
import { mulberry32 } from '../support/generate';
import { joinLines, readRealManuscript, repoRoot } from '../support/util';

const sampleText = readFileSync(path.join(repoRoot, 'sample/part-one.txt'), 'utf8');
const sampleCast = parseCast(readFileSync(path.join(repoRoot, 'sample/marginalia.yaml'), 'utf8'));

/** An annotation of `[start, end)` of `text`, with everything the model holds filled in. */
function annotationAt(text: string, start: number, end: number, n: number, fields: Partial<Annotation> = {}): Annotation {
  return {
    id: `a${String(n).padStart(12, '0')}`,
    target: describeTarget(text, parseManuscript(text), { start, end }),
    body: `Note ${n} on *this* passage.`,
    tags: n % 3 === 0 ? ['source-check', 'translation'] : [],
    entities: [],
    author: n % 2 === 0 ? 'Ada Byron' : 'Bo Lindqvist',
    created: '2026-01-02T03:04:05Z',
    modified: n % 4 === 0 ? '2026-02-03T04:05:06Z' : undefined,
    status: n % 5 === 0 ? 'resolved' : 'open',
    replies: n % 2 === 0 ? [{ id: `r${String(n).padStart(12, '0')}`, body: `Reply to ${n}.`, author: 'Cy', created: '2026-01-03T00:00:00Z' }] : [],
    ...fields,
  };
}

/** Passages of whole words drawn at random from the text's paragraphs. */
function randomAnnotations(text: string, count: number, seed: number): Annotation[] {
  const random = mulberry32(seed);
  const annotations: Annotation[] = [];
  const words = [...text.matchAll(/[\p{L}’]+(?: [\p{L}’]+){2,6}/gu)];
  for (let n = 1; annotations.length < count; n++) {
    const match = words[Math.floor(random() * words.length)];
    const start = match.index;
    annotations.push(annotationAt(text, start, start + match[0].length, n));
  }
  return annotations;
}

function importInto(text: string, json: unknown, fields: Partial<ImportInput> = {}) {
  return planImport({ text, manuscript: parseManuscript(text), documentName: 'part-one.txt', existing: [], cast: sampleCast, file: readAnnotationsFile(json), ...fields });
}

function roundTrip(text: string, annotations: readonly Annotation[], documentName: string): void {
  const manuscript = parseManuscript(text);
  const resolutions = resolveTargets(text, manuscript, annotations.map((annotation) => annotation.target));
  const exported = JSON.parse(JSON.stringify(exportW3c({ source: documentName, text, manuscript, annotations, resolutions, cast: sampleCast })));
  const plan = planImport({ text, manuscript, documentName, existing: [], cast: sampleCast, file: readAnnotationsFile(exported) });
  const byId = new Map(plan.added.map((annotation) => [annotation.id, annotation]));
  assert.equal(plan.added.length, annotations.length);
  for (const original of annotations) {
    const back = byId.get(original.id);
    assert.ok(back, `annotation ${original.id} came back`);
    assert.deepEqual(back, original, `annotation ${original.id} is the same after the round trip`);
  }
  const again = resolveTargets(text, manuscript, plan.added.map((annotation) => annotation.target));
  assert.deepEqual(
    again.map((resolution) => resolution.span),
    plan.added.map((annotation) => resolutions[annotations.findIndex((original) => original.id === annotation.id)].span),
    'every passage is where it was',
  );
}

describe('interchange', () => {
  describe('code points', () => {
    it('counts a character beyond the BMP as one code point and back', () => {
      const text = 'a𝔄b😀c';
      const offsets = new CodePointOffsets(text);
      assert.equal(offsets.length, 5);
      assert.deepEqual([0, 1, 3, 4, 6, 7].map((utf16) => offsets.toCodePoint(utf16)), [0, 1, 2, 3, 4, 5]);
      assert.deepEqual([0, 1, 2, 3, 4, 5].map((codePoint) => offsets.toUtf16(codePoint)), [0, 1, 3, 4, 6, 7]);
      assert.equal(offsets.toUtf16(6), undefined);
    });
  });

  describe('W3C export', () => {
    it('writes an AnnotationCollection with both selectors in code points, tags, replies, status and entity links', () => {
      const text = joinLines('PART ONE', '', '1. 1851 Spring: Survey', '', 'The 𝔄 survey of Vennholm began in the spring, when Liesbeth Kroon rowed out alone.');
      const start = text.indexOf('Vennholm');
      const annotation = annotationAt(text, start, start + 'Vennholm'.length, 3, { entities: ['vennholm', 'liesbeth-kroon'] });
      const manuscript = parseManuscript(text);
      const cast = parseCast(joinLines('people:', '  - id: liesbeth-kroon', '    name: Liesbeth Kroon', '    wikidata: Q42', 'places:', '  - id: vennholm', '    name: Vennholm'));
      const collection = exportW3c({ source: 'part-one.txt', text, manuscript, annotations: [annotation], resolutions: resolveTargets(text, manuscript, [annotation.target]), cast });
      assert.equal(collection['@context'][0], 'http://www.w3.org/ns/anno.jsonld');
      assert.equal(collection.type, 'AnnotationCollection');
      const [item, reply] = collection.first.items as WebAnnotation[];
      assert.equal(item.id, `urn:marginalia:${annotation.id}`);
      assert.equal(item.motivation, 'commenting');
      assert.deepEqual(item.creator, { type: 'Person', name: 'Bo Lindqvist' });
      const target = item.target as Exclude<WebAnnotation['target'], string>;
      const position = target.selector.find((selector) => selector.type === 'TextPositionSelector');
      // The astral 𝔄 before the passage is one code point, two UTF-16 units.
      assert.deepEqual(position, { type: 'TextPositionSelector', start: start - 1, end: start - 1 + 8 });
      assert.equal([...text].slice(start - 1, start - 1 + 8).join(''), 'Vennholm');
      const quote = target.selector.find((selector) => selector.type === 'TextQuoteSelector');
      assert.equal(quote?.type === 'TextQuoteSelector' && quote.exact, 'Vennholm');
      assert.deepEqual(
        item.body.map((body) => ('purpose' in body ? `${body.purpose}:${'value' in body ? body.value : body.source}` : '')),
        ['commenting:Note 3 on *this* passage.', 'tagging:source-check', 'tagging:translation', 'identifying:urn:marginalia:entity:vennholm', 'identifying:http://www.wikidata.org/entity/Q42'],
      );
      assert.equal(item['marginalia:status'], 'open');
      assert.equal(item['marginalia:chapter'], 1);
      assert.equal(reply, undefined, 'an odd annotation has no reply');
    });
  });

  describe('round trip', () => {
    it('gives the same annotations on the sample: ids, bodies, tags, replies, status, passages', () => {
      roundTrip(sampleText, randomAnnotations(sampleText, 60, 7), 'part-one.txt');
    });

    it('gives the same annotations on the real manuscript', function () {
      this.timeout(30_000);
      const text = readRealManuscript(this);
      roundTrip(text, randomAnnotations(text, 200, 11), 'part-five.txt');
    });
  });

  describe('import', () => {
    const hypothesisExport = (rows: unknown[]) => ({ export_date: '2026-11-01T00:00:00Z', export_userid: 'acct:ada@hypothes.is', client_version: '1.1', annotations: rows });
    const quoteOf = (exact: string) => {
      const start = sampleText.indexOf(exact);
      return { exact, prefix: sampleText.slice(Math.max(0, start - 32), start), suffix: sampleText.slice(start + exact.length, start + exact.length + 32), start };
    };

    it('reads a Hypothesis export: anchors each with our engine, keeps tags, user, dates, and hangs replies off the thread root', () => {
      const passage = quoteOf('the slow silting of Saltgrund Harbour');
      const rows = [
        {
          id: 'h1',
          created: '2025-03-01T10:00:00.000000+00:00',
          updated: '2025-03-02T10:00:00.000000+00:00',
          user: 'acct:ada@hypothes.is',
          uri: 'https://example.org/soundings/part-one.html',
          text: 'Silting: check the harbour board minutes.',
          tags: ['source-check'],
          target: [{ source: 'https://example.org/soundings/part-one.html', selector: [{ type: 'TextPositionSelector', start: 99999, end: 100020 }, { type: 'TextQuoteSelector', exact: passage.exact, prefix: passage.prefix, suffix: passage.suffix }] }],
        },
        { id: 'h2', user: 'acct:bo@hypothes.is', uri: 'https://example.org/soundings/part-one.html', text: 'Agreed.', references: ['h1'], created: '2025-03-03T00:00:00Z' },
        { id: 'h3', user: 'acct:bo@hypothes.is', uri: 'https://example.org/soundings/part-one.html', text: 'A page note.', target: [{ source: 'https://example.org/soundings/part-one.html' }] },
        { id: 'h4', user: 'acct:bo@hypothes.is', uri: 'https://example.org/soundings/part-one.html', text: 'Only a position', target: [{ source: 'https://example.org/soundings/part-one.html', selector: [{ type: 'TextPositionSelector', start: 10, end: 20 }] }] },
        { id: 'h5', user: 'acct:bo@hypothes.is', uri: 'https://example.org/soundings/part-one.html', text: 'Gone', target: [{ selector: [{ type: 'TextQuoteSelector', exact: 'a sentence that this book never held at all', prefix: 'nothing ', suffix: ' here' }] }] },
      ];
      const plan = importInto(sampleText, hypothesisExport(rows));
      assert.equal(plan.added.length, 2);
      const first = plan.added.find((annotation) => annotation.id !== plan.items.find((item) => item.item === 'hypothesis:h5')?.id);
      const gone = plan.added.find((annotation) => annotation !== first);
      assert.ok(first && gone);
      assert.equal(first.target.quote, passage.exact);
      assert.equal(sampleText.indexOf(first.target.quote), passage.start);
      assert.equal(first.body, 'Silting: check the harbour board minutes.');
      assert.deepEqual(first.tags, ['source-check']);
      assert.equal(first.author, 'ada');
      assert.equal(first.modified, '2025-03-02T10:00:00.000000+00:00');
      assert.deepEqual(first.replies.map((reply) => [reply.body, reply.author]), [['Agreed.', 'bo']]);
      assert.equal(gone.target.quote, 'a sentence that this book never held at all', 'an orphan keeps its quote');
      const outcomes = Object.fromEntries(plan.items.map((item) => [item.item, item.outcome]));
      assert.deepEqual(outcomes, { h3: 'skipped', 'hypothesis:h4': 'skipped', 'hypothesis:h1': 'anchored', 'hypothesis:h5': 'orphaned' });
      assert.match(plan.items.find((item) => item.item === 'hypothesis:h1')?.note ?? '', /past the end/);
      assert.equal(plan.counts.replies, 1);
    });

    it('adds nothing twice: a second import of the same file finds every id already there', () => {
      const passage = quoteOf('Gerlach House');
      const json = [{ '@context': 'http://www.w3.org/ns/anno.jsonld', id: 'https://recogito.example/annotation/77', type: 'Annotation', body: [{ type: 'TextualBody', value: 'A place', purpose: 'commenting' }], target: { source: 'part-one.txt', selector: [{ type: 'TextQuoteSelector', exact: passage.exact, prefix: passage.prefix, suffix: passage.suffix }, { type: 'TextPositionSelector', start: passage.start, end: passage.start + 13 }] } }];
      const first = importInto(sampleText, json);
      assert.equal(first.added.length, 1);
      const second = importInto(sampleText, json, { existing: first.added });
      assert.equal(second.added.length, 0);
      assert.deepEqual(second.items.map((item) => item.outcome), ['already-imported']);
    });

    it("reads Recogito's identifying bodies as links to the cast by their authority IRI, and keeps unknown ones in the body", () => {
      const passage = quoteOf('Vennholm');
      const cast = parseCast(joinLines('places:', '  - id: vennholm', '    name: Vennholm', '    geonames: "2643743"'));
      const json = {
        type: 'AnnotationPage',
        items: [
          {
            id: 'https://recogito.example/a/1',
            type: 'Annotation',
            body: [
              { type: 'SpecificResource', purpose: 'identifying', source: 'http://sws.geonames.org/2643743' },
              { type: 'SpecificResource', purpose: 'identifying', source: 'https://pleiades.stoa.org/places/1' },
              { type: 'TextualBody', purpose: 'tagging', value: 'port' },
            ],
            target: { source: 'part-one.txt', selector: [{ type: 'TextQuoteSelector', exact: passage.exact, prefix: passage.prefix, suffix: passage.suffix }, { type: 'TextPositionSelector', start: passage.start, end: passage.start + 8 }] },
          },
        ],
      };
      const [annotation] = importInto(sampleText, json, { cast }).added;
      assert.deepEqual(annotation.entities, ['vennholm']);
      assert.deepEqual(annotation.tags, ['port']);
      assert.equal(annotation.body, 'Identifies: <https://pleiades.stoa.org/places/1>');
    });

    it('skips and reports targets on another document', () => {
      const passage = quoteOf('Vennholm');
      const json = [{ id: 'x', type: 'Annotation', body: 'https://example.org/a', target: { source: 'chapters/part-two.txt', selector: { type: 'TextQuoteSelector', exact: passage.exact } } }];
      const plan = importInto(sampleText, json);
      assert.equal(plan.added.length, 0);
      assert.match(plan.items[0].note ?? '', /another document: chapters\/part-two\.txt/);
    });

    it('says where a file is not JSON, and what shape it expected of JSON of another shape', () => {
      const broken = parseJsonText('{\n  "annotations": [\n    {"id": 1,,}\n  ]\n}');
      assert.equal(broken.ok, false);
      assert.equal(!broken.ok && broken.position.line, 2);
      assert.throws(() => readAnnotationsFile({ hello: 'world' }), /expected W3C Web Annotations .* Hypothesis export/);
      assert.throws(() => readAnnotationsFile(42), /expected W3C Web Annotations/);
    });
  });

  describe('TEI export', () => {
    /** The elements of an XML text, counted by a real XML parser (which throws on anything not well-formed). */
    function parseXml(xml: string): { counts: Map<string, number>; refs: Map<string, number>; notes: string[] } {
      const parser = new SaxesParser({ xmlns: true });
      const counts = new Map<string, number>();
      const refs = new Map<string, number>();
      const notes: string[] = [];
      parser.on('error', (error) => {
        throw error;
      });
      parser.on('opentag', (tag) => {
        const type = tag.attributes.type;
        const name = `${tag.local}${tag.local === 'div' && type && typeof type !== 'string' ? `:${type.value}` : ''}`;
        counts.set(name, (counts.get(name) ?? 0) + 1);
        const ref = tag.attributes.ref;
        if (ref && typeof ref !== 'string' && ['persName', 'placeName', 'orgName'].includes(tag.local)) refs.set(ref.value.slice(1), (refs.get(ref.value.slice(1)) ?? 0) + 1);
        const n = tag.attributes.n;
        const place = tag.attributes.place;
        if (tag.local === 'note' && place && typeof place !== 'string' && n && typeof n !== 'string') notes.push(`${place.value}${n.value}`);
      });
      parser.write(xml).close();
      return { counts, refs, notes };
    }

    function teiOf(text: string, notesYaml: string | undefined) {
      const manuscript = parseManuscript(text);
      const mentions = MentionIndex.build(text, new NameMatcher(sampleCast.entities));
      const annotations = randomAnnotations(text, 20, 3);
      const xml = exportTei({
        title: 'A <Book> & “Its” Notes',
        cast: sampleCast,
        manuscripts: [{ name: 'part-one.txt', text, manuscript, notes: notesYaml === undefined ? undefined : parseSidecar(notesYaml), annotations, resolutions: resolveTargets(text, manuscript, annotations.map((a) => a.target)), mentions }],
      });
      return { xml, manuscript, mentions, parsed: parseXml(xml) };
    }

    for (const [name, load] of [
      ['the sample', (_: Mocha.Context) => sampleText],
      ['the real manuscript', (test: Mocha.Context) => readRealManuscript(test)],
    ] as const) {
      it(`of ${name} parses back with as many chapters, paragraphs, notes and mentions (by entity) as the outline and the mentions report`, function () {
        this.timeout(30_000);
        const text = load(this);
        const { manuscript, mentions, parsed } = teiOf(text, 'notes:\n  endnotes:\n    1: "A note with <markup> & {braces}"\n');
        assert.equal(parsed.counts.get('div:chapter'), manuscript.chapters.length);
        assert.equal(parsed.counts.get('div:part') ?? 0, manuscript.parts.length);
        const epigraphParagraphs = manuscript.epigraphs.reduce((sum, epigraph) => sum + epigraph.lines.length + (epigraph.dedicationLine === undefined ? 0 : 1), 0);
        assert.equal(parsed.counts.get('p'), manuscript.paragraphs.length + epigraphParagraphs + 2, 'paragraphs, epigraph lines, and the header’s two');
        assert.equal(parsed.notes.length, manuscript.markers.length);
        assert.deepEqual(parsed.notes, manuscript.markers.map((marker) => `${marker.kind === 'endnote' ? 'end' : 'foot'}${marker.number}`));
        const expected = new Map([...mentions.allMentions()].map(([entity, list]) => [entity, list.length]));
        assert.deepEqual(new Map([...parsed.refs].sort()), new Map([...expected].filter(([, count]) => count > 0).sort()));
        assert.equal(parsed.counts.get('rs') ?? 0, mentions.ambiguous().length);
        assert.equal(parsed.counts.get('annotation'), 20 + 10, 'twenty annotations and ten replies');
      });
    }

    it('escapes what XML cannot hold as it is: markup, ampersands, quotes, control characters, lone surrogates', () => {
      const hostile = 'a < b & c > d "e" \u0001 \ud800 ]]> \ufffe';
      assert.equal(xmlText(hostile), 'a &lt; b &amp; c &gt; d "e" \ufffd \ufffd ]]&gt; \ufffd');
      assert.equal(xmlAttribute('x"\n\t<'), 'x&quot;&#10;&#9;&lt;');
      const text = joinLines('PART ONE', '', '1. A <Heading> & “More”', '', `Liesbeth Kroon wrote ${hostile} and [the <Countess>] left.{1}`);
      const { parsed } = teiOf(text, `notes:\n  endnotes:\n    1: "${'</note><evil/>'}"\n`);
      assert.equal(parsed.counts.get('evil'), undefined);
      assert.equal(parsed.counts.get('supplied'), 1);
    });
  });
});
