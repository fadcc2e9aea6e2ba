import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseCast, type CastEntry } from '../../src/core/cast/cast';
import { CastMapModel, PLACE_FIELDS, type CastMapData, type MapSource } from '../../src/core/map/castMap';
import { renderMapCsv } from '../../src/core/map/mapCsv';
import { renderMapSvg } from '../../src/core/map/mapSvg';
import { arrangeRows, cellLabel, sharedChapters, sharedParagraphs } from '../../src/core/map/mapView';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { MentionIndex } from '../../src/core/mentions/mentions';
import { NameMatcher } from '../../src/core/mentions/nameMatcher';
import { mulberry32 } from '../support/generate';
import { joinLines, readRealManuscript, repoRoot } from '../support/util';

const sampleText = readFileSync(path.join(repoRoot, 'sample', 'part-one.txt'), 'utf8');
const sampleCast = parseCast(readFileSync(path.join(repoRoot, 'sample', 'marginalia.yaml'), 'utf8')).entities;

function sourceOf(text: string, cast: readonly CastEntry[], id = 'book.txt'): MapSource {
  return { id, label: id, index: MentionIndex.build(text, new NameMatcher(cast)), chapters: parseManuscript(text).chapters };
}

/** Per entity and chapter number, the counts `MentionIndex.report` makes (its own chapter look-up). */
function reportCounts(source: MapSource): Map<string, Map<number | undefined, number>> {
  const manuscript = { chapters: source.chapters } as Parameters<MentionIndex['report']>[0];
  return new Map(source.index.report(manuscript).map((entry) => [entry.entity.id, new Map(entry.chapters.map((c) => [c.chapter, c.count]))]));
}

/** Per row id and chapter number, the map's non-zero cells. */
function mapCounts(data: CastMapData): Map<string, Map<number | undefined, number>> {
  return new Map(data.rows.map((row) => [row.id, new Map(row.cells.flatMap((count, column) => (count > 0 ? [[data.columns[column].chapter, count] as const] : [])))]));
}

function assertMatchesIndex(source: MapSource): CastMapData {
  const data = CastMapModel.build([source]).data();
  const expected = reportCounts(source);
  const actual = mapCounts(data);
  for (const [id, chapters] of expected) assert.deepEqual(actual.get(id), chapters, id);
  // Ambiguous mentions: in rows of their own, by candidates, and in no entity's row.
  const ambiguous = new Map<string, number>();
  for (const mention of source.index.ambiguous()) ambiguous.set(`?${mention.candidates.join('|')}`, (ambiguous.get(`?${mention.candidates.join('|')}`) ?? 0) + 1);
  assert.deepEqual(new Map(data.rows.filter((row) => row.kind === 'ambiguous').map((row) => [row.id, row.total])), ambiguous);
  const all = [...source.index.allMentions().values()].reduce((sum, list) => sum + list.length, 0) + source.index.ambiguousMentionCount;
  assert.equal(data.rows.reduce((sum, row) => sum + row.total, 0), all, 'every mention counted once');
  for (const row of data.rows) {
    assert.equal(row.cells.reduce((a, b) => a + b, 0), row.total, `${row.id}: the row sums to its total`);
    assert.equal(row.ticks.length, row.total);
  }
  return data;
}

/** Per pair of entity ids (sorted, joined with a space), the paragraphs and chapters that mention both, counted by brute force. */
function bruteForcePairs(data: CastMapData): { paragraphs: Map<string, number>; chapters: Map<string, number> } {
  const entities = data.rows.filter((row) => row.kind !== 'ambiguous');
  const linesOf = entities.map((row) => {
    const lines = new Set<string>();
    for (let k = 0; k < row.places.length; k += PLACE_FIELDS) lines.add(`${row.places[k]}:${row.places[k + 1]}`);
    return lines;
  });
  const paragraphs = new Map<string, number>();
  const chapters = new Map<string, number>();
  for (let a = 0; a < entities.length; a++) {
    for (let b = a + 1; b < entities.length; b++) {
      const key = [entities[a].id, entities[b].id].sort().join(' ');
      const shared = [...linesOf[a]].filter((line) => linesOf[b].has(line)).length;
      if (shared > 0) paragraphs.set(key, shared);
      const both = entities[a].cells.filter((count, column) => count > 0 && entities[b].cells[column] > 0).length;
      if (both > 0) chapters.set(key, both);
    }
  }
  return { paragraphs, chapters };
}

function modelPairs(model: CastMapModel, data: CastMapData): { paragraphs: Map<string, number>; chapters: Map<string, number> } {
  const entities = data.rows.filter((row) => row.kind !== 'ambiguous');
  const paragraphs = new Map<string, number>();
  const chapters = new Map<string, number>();
  for (let a = 0; a < entities.length; a++) {
    for (let b = a + 1; b < entities.length; b++) {
      const key = [entities[a].id, entities[b].id].sort().join(' ');
      const both = model.cooccurrence(entities[a].id, entities[b].id);
      if (both.paragraphs > 0) paragraphs.set(key, both.paragraphs);
      if (both.chapters > 0) chapters.set(key, both.chapters);
    }
  }
  return { paragraphs, chapters };
}

describe('cast map', () => {
  it('counts each entity per chapter as the mention index reports it, on the sample book', () => {
    const data = assertMatchesIndex(sourceOf(sampleText, sampleCast));
    const kroon = data.rows.find((row) => row.id === 'liesbeth-kroon')!;
    assert.ok(kroon.total > 10);
    // The epigraph's “LISE” is outside the chapters: a column of its own, shown because it is mentioned.
    assert.equal(data.columns[0].chapter, undefined);
    assert.ok(kroon.cells[0] >= 1);
    assert.deepEqual(data.columns.slice(1).map((column) => column.chapter), [1, 2, 3]);
    assert.ok(data.rows.some((row) => row.kind === 'ambiguous' && row.candidates.includes('liesbeth-kroon')), 'Kroon alone is ambiguous');
  });

  it('counts each entity per chapter as the mention index reports it, on ../shared/manuscripts/part-five.txt', function () {
    const text = readRealManuscript(this);
    const cast = parseCast(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'part-five.cast.yaml'), 'utf8')).entities;
    const data = assertMatchesIndex(sourceOf(text, cast));
    assert.ok(data.columns.length > 5);
  });

  it('leaves out the column outside chapters when nothing there is mentioned', () => {
    const text = joinLines('PART ONE', '', '1. First', '', 'Liesbeth Kroon sailed.', '', '2. Second', '', 'Matthias stayed.');
    const data = CastMapModel.build([sourceOf(text, sampleCast)]).data();
    assert.deepEqual(data.columns.map((column) => column.chapter), [1, 2]);
  });

  it('places each mention along the whole book, from 0 to 1, and its first appearance first', () => {
    const text = joinLines('1. One', '', 'Lise rowed to Vennholm.', '', '2. Two', '', 'At Vennholm, Lise again.');
    const source = sourceOf(text, sampleCast);
    const data = CastMapModel.build([source]).data();
    const lise = data.rows.find((row) => row.id === 'liesbeth-kroon')!;
    assert.deepEqual(lise.ticks, [text.indexOf('Lise') / text.length, text.lastIndexOf('Lise') / text.length]);
    assert.deepEqual(lise.places.slice(0, PLACE_FIELDS), [0, 2, 0, 4, 0]);
    const [first] = arrangeRows(data);
    assert.equal(data.rows[first].id, 'liesbeth-kroon');
    // Two manuscripts: the second's ticks come after the first's.
    const two = CastMapModel.build([source, sourceOf(text, sampleCast, 'b.txt')]).data();
    const ticks = two.rows.find((row) => row.id === 'vennholm')!.ticks;
    assert.equal(ticks.length, 4);
    assert.ok(ticks[1] < 0.5 && ticks[2] > 0.5, ticks.join());
    assert.deepEqual(two.columns.map((column) => `${column.source}:${column.chapter}`), ['0:1', '0:2', '1:1', '1:2']);
  });

  it('sorts by first appearance, count or name, and filters by kind, name and minimum count', () => {
    const text = joinLines('1. One', '', 'Vennholm, Vennholm, Vennholm. Then Matthias, then Lise.', '', '2. Two', '', 'Gerlach.');
    const data = CastMapModel.build([sourceOf(text, sampleCast)]).data();
    const ids = (order: number[]) => order.map((index) => data.rows[index].id);
    assert.deepEqual(ids(arrangeRows(data, 'first', { minCount: 1 })), ['vennholm', 'matthias-kroon', 'liesbeth-kroon', 'anselm-gerlach']);
    assert.deepEqual(ids(arrangeRows(data, 'count', { minCount: 1 })).slice(0, 1), ['vennholm']);
    assert.deepEqual(ids(arrangeRows(data, 'name', { minCount: 1 })), ['anselm-gerlach', 'liesbeth-kroon', 'matthias-kroon', 'vennholm']);
    assert.deepEqual(ids(arrangeRows(data, 'first', { kinds: ['place'], minCount: 1 })), ['vennholm']);
    assert.deepEqual(ids(arrangeRows(data, 'first', { name: 'LISE' })), ['liesbeth-kroon'], 'an alias matches, whatever the case');
    assert.deepEqual(ids(arrangeRows(data, 'first', { minCount: 2 })), ['vennholm']);
    // Never mentioned: last, in cast order.
    const all = ids(arrangeRows(data));
    assert.equal(all.length, data.rows.length);
    assert.equal(all[4], sampleCast.find((entity) => !['vennholm', 'matthias-kroon', 'liesbeth-kroon', 'anselm-gerlach'].includes(entity.id))!.id);
  });

  it('counts co-occurrences by paragraph and by chapter as a brute-force count does', () => {
    const model = CastMapModel.build([sourceOf(sampleText, sampleCast)]);
    const data = model.data();
    const expected = bruteForcePairs(data);
    assert.ok(expected.paragraphs.size > 5);
    assert.deepEqual(modelPairs(model, data), expected);
    // Companions: the largest paragraph counts, most first.
    const kroon = data.rows.find((row) => row.id === 'liesbeth-kroon')!;
    const mine = [...expected.paragraphs].filter(([key]) => key.split(' ').includes('liesbeth-kroon')).map(([, n]) => n).sort((a, b) => b - a);
    assert.deepEqual(kroon.companions.map((companion) => companion.paragraphs), mine.slice(0, 5));
  });

  it('finds the chapters and the paragraphs that selected rows share', () => {
    const text = joinLines('1. One', '', 'Lise and Matthias at Vennholm.', '', 'Lise alone.', '', '2. Two', '', 'Lise; Matthias.', '', 'Matthias and Lise.', '', '3. Three', '', 'Matthias.');
    const data = CastMapModel.build([sourceOf(text, sampleCast)]).data();
    const row = (id: string) => data.rows.findIndex((r) => r.id === id);
    assert.deepEqual(sharedChapters(data, [row('liesbeth-kroon'), row('matthias-kroon')]), [true, true, false]);
    assert.deepEqual(sharedChapters(data, [row('liesbeth-kroon')]), [false, false, false], 'one row shares nothing');
    const shared = sharedParagraphs(data, [row('liesbeth-kroon'), row('matthias-kroon')]);
    assert.deepEqual(shared.perColumn, [1, 2, 0]);
    assert.deepEqual(shared.paragraphs.map((p) => p.line), [2, 8, 10]);
    assert.deepEqual(sharedParagraphs(data, [row('liesbeth-kroon'), row('matthias-kroon'), row('vennholm')]).perColumn, [1, 0, 0]);
  });

  it('counts annotations linked to an entity per chapter', () => {
    const text = joinLines('1. One', '', 'Lise rowed.', '', '2. Two', '', 'Lise again.');
    const data = CastMapModel.build([sourceOf(text, sampleCast)]).data([
      { id: 'a1', source: 0, line: 6, character: 0, entities: ['liesbeth-kroon', 'liesbeth-kroon', 'vennholm'] },
      { id: 'a2', source: 0, line: 6, character: 5, entities: ['unknown'] },
    ]);
    const lise = data.rows.find((row) => row.id === 'liesbeth-kroon')!;
    assert.deepEqual(lise.annotationCells, [0, 1]);
    assert.equal(lise.annotationTicks.length, 1);
    assert.deepEqual(data.rows.find((row) => row.id === 'vennholm')!.annotationCells, [0, 1]);
  });

  it('after one-paragraph edits, updates to what a new build finds, without reading the rest', () => {
    const random = mulberry32(15);
    const source = sourceOf(sampleText, sampleCast);
    const model = CastMapModel.build([source]);
    const lines = sampleText.split('\n');
    const names = ['Lise', 'Kroon', 'Vennholm', 'the Baron', 'Gerlach House', 'Matthias', 'the Society'];
    const paragraphs = lines.map((line, index) => (line.length > 100 ? index : -1)).filter((index) => index >= 0);
    for (let edit = 0; edit < 40; edit++) {
      const line = paragraphs[Math.floor(random() * paragraphs.length)];
      const words = lines[line].split(' ');
      const at = Math.floor(random() * words.length);
      if (random() < 0.5) words.splice(at, 0, names[Math.floor(random() * names.length)]);
      else words.splice(at, 1);
      lines[line] = words.join(' ');
      source.index.replaceLines(line, 1, [lines[line]]);
      model.updateLine(0, line);
    }
    const rebuilt = CastMapModel.build([sourceOf(lines.join('\n'), sampleCast)]);
    const strip = (data: CastMapData) => ({ ...data, sources: [], rows: data.rows.map((row) => ({ ...row, order: 0 })) });
    const sortRows = (data: CastMapData) => ({ ...data, rows: [...data.rows].sort((a, b) => a.id.localeCompare(b.id)) });
    assert.deepEqual(sortRows(strip(model.data())), sortRows(strip(rebuilt.data())));
    const pairs = (of: CastMapModel, by: 'paragraphs' | 'chapters') => of.pairs(by).map(({ a, b, count }) => `${a} ${b} ${count}`).sort();
    assert.deepEqual(pairs(model, 'paragraphs'), pairs(rebuilt, 'paragraphs'));
    assert.deepEqual(pairs(model, 'chapters'), pairs(rebuilt, 'chapters'));
    assert.ok(pairs(model, 'paragraphs').length > 5);
    source.index.replaceLines(3, 1, ['a', 'b']);
    assert.throws(() => model.updateLine(0, 3), /build the map again/);
  });

  describe('exports, with names from an untrusted cast', () => {
    const hostile: CastEntry[] = [
      { id: 'evil', kind: 'person', name: '</text><script>alert(1)</script><a href="javascript:x">Eve</a>', aliases: ['Eve'] },
      { id: 'formula', kind: 'person', name: '=HYPERLINK("http://x.test","click"), "quoted"\nnext', aliases: ['Hyp'] },
      { id: 'control', kind: 'place', name: 'Bell\u0007 & <Co> ]]>', aliases: ['Bell'] },
    ];
    const text = joinLines('1. <One> & "Two"', '', 'Eve met Hyp at Bell.');
    const data = CastMapModel.build([sourceOf(text, hostile)]).data();
    const order = arrangeRows(data);

    it('escapes every name and title in the SVG, which holds no script, handler or link', () => {
      const svg = renderMapSvg(data, order);
      assert.doesNotMatch(svg, /\u0007/);
      // No attribute is a handler or a link, whatever the names held.
      const attributes = [...svg.matchAll(/<[a-zA-Z]+([^>]*)>/g)].flatMap((tag) => [...tag[1].matchAll(/\s([\w:-]+)="/g)].map((attribute) => attribute[1]));
      assert.deepEqual(attributes.filter((name) => /^on|href$/i.test(name)), []);
      assert.match(svg, /&lt;\/text&gt;&lt;script&gt;/);
      assert.match(svg, /Chapter 1: &lt;One&gt; &amp; "Two"/);
      // Every `<` opens one of the elements we write.
      const tags = new Set([...svg.matchAll(/<\/?([a-zA-Z]+)/g)].map((match) => match[1]));
      const ours = ['circle', 'defs', 'g', 'line', 'path', 'pattern', 'rect', 'svg', 'text', 'title'];
      assert.deepEqual([...tags].filter((tag) => !ours.includes(tag)), []);
      assert.ok(svg.includes(cellLabel(data.rows[0], data.columns[0], 1).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')));
    });

    it('quotes and defuses every field of the CSV', () => {
      const csv = renderMapCsv(data, order);
      const rows = parseCsv(csv);
      assert.deepEqual(rows[0], ['id', 'kind', 'name', 'total', 'first chapter', '1']);
      const formula = rows.find((row) => row[0] === 'formula')!;
      assert.equal(formula[2], `'${hostile[1].name}`);
      assert.deepEqual(formula.slice(3), ['1', '1', '1']);
      assert.equal(rows.find((row) => row[0] === 'evil')![2], hostile[0].name);
      assert.equal(rows.length, 4);
    });
  });
});

/** RFC 4180, read back: quoted fields, doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += char;
  }
  return rows;
}
