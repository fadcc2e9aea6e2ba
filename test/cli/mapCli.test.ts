import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { addAnnotation } from '../../src/core/annotations/annotationEdits';
import { annotating } from '../support/annotationFixture';
import { runCli, type CliRun } from '../support/cli';
import { joinLines, repoRoot } from '../support/util';

const marginalia = (cwd: string, ...args: string[]): CliRun => runCli(cwd, args);

interface MentionsJson {
  entities: { id: string; count: number; mentions: { line: number; character: number }[] }[];
  ambiguous: { line: number; candidates: string[] }[];
}
interface OutlineJson {
  chapters: { number: number; line: number }[];
}
interface MapJson {
  columns: { chapter: number | null; line: number }[];
  rows: { id: string; kind: string; total: number; cells: number[]; first: { line: number; character: number; chapter: number | null } | null; annotations: number[] }[];
}

describe('marginalia map (CLI)', function () {
  this.timeout(20_000);
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'marginalia-map-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('counts per chapter what marginalia mentions finds, ambiguous mentions apart', () => {
    const mentions = JSON.parse(marginalia(repoRoot, 'mentions', 'sample/part-one.txt', '--json').stdout) as MentionsJson;
    const outline = JSON.parse(marginalia(repoRoot, 'outline', 'sample/part-one.txt', '--json').stdout) as OutlineJson;
    const result = marginalia(repoRoot, 'map', 'sample/part-one.txt', '--json');
    assert.equal(result.status, 0, result.stderr);
    const map = JSON.parse(result.stdout) as MapJson;
    // A mention's chapter: the last heading at or above its line (the sample has no text after a chapter ends).
    const chapterOf = (line: number) => [...outline.chapters].reverse().find((chapter) => chapter.line <= line)?.number ?? null;
    const perChapter = (lines: number[]) => map.columns.map((column) => lines.filter((line) => chapterOf(line) === column.chapter).length);
    for (const entity of mentions.entities) {
      const row = map.rows.find((candidate) => candidate.id === entity.id);
      assert.ok(row, entity.id);
      assert.equal(row.total, entity.count, entity.id);
      assert.deepEqual(row.cells, perChapter(entity.mentions.map((m) => m.line)), entity.id);
      if (entity.count > 0) assert.deepEqual(row.first && [row.first.line, row.first.character], [entity.mentions[0].line, entity.mentions[0].character]);
    }
    const ambiguousRows = map.rows.filter((row) => row.kind === 'ambiguous');
    assert.ok(ambiguousRows.length > 0);
    assert.equal(ambiguousRows.reduce((sum, row) => sum + row.total, 0), mentions.ambiguous.length);
    // Sorted by first appearance.
    const firsts = map.rows.filter((row) => row.first).map((row) => row.first!.line * 1e6 + row.first!.character);
    assert.deepEqual(firsts, [...firsts].sort((a, b) => a - b));
  });

  it('writes CSV and SVG, sorts and filters, and counts linked annotations', () => {
    for (const file of ['part-one.txt', 'marginalia.yaml']) copyFileSync(path.join(repoRoot, 'sample', file), path.join(scratch, file));
    const text = readFileSync(path.join(scratch, 'part-one.txt'), 'utf8');
    const annotate = annotating('map');
    writeFileSync(path.join(scratch, 'part-one.marginalia.yaml'), addAnnotation(undefined, annotate(text, 'Saltgrund Harbour', { entities: ['saltgrund-harbour'] })));
    const json = JSON.parse(marginalia(scratch, 'map', 'part-one.txt', '--json', '--kind', 'place', '--sort', 'count', '--min', '3').stdout) as MapJson;
    assert.ok(json.rows.length > 0 && json.rows.every((row) => row.kind === 'place' && row.total >= 3));
    assert.deepEqual(json.rows.map((row) => row.total), json.rows.map((row) => row.total).sort((a, b) => b - a));
    const harbour = json.rows.find((row) => row.id === 'saltgrund-harbour')!;
    assert.equal(harbour.annotations.reduce((a, b) => a + b, 0), 1);
    assert.equal(harbour.annotations[json.columns.findIndex((column) => column.chapter === 1)], 1);

    const csv = marginalia(scratch, 'map', 'part-one.txt', '--csv');
    assert.equal(csv.status, 0, csv.stderr);
    const lines = csv.stdout.split('\r\n');
    assert.equal(lines[0], 'id,kind,name,total,first chapter,—,1,2,3');
    assert.match(csv.stdout, /\r\nliesbeth-kroon,person,Liesbeth Kroon,\d+,—,/);
    const svg = marginalia(scratch, 'map', 'part-one.txt', '--svg');
    assert.match(svg.stdout, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg.stdout, /<title>Liesbeth Kroon, chapter 1: \d+ mentions<\/title>/);
    assert.match(marginalia(scratch, 'map', 'part-one.txt').stdout, /^Saltgrund Harbour \(saltgrund-harbour\): \d+ mentions in chapters —, 1/);
  });

  it('escapes a hostile cast in SVG and CSV', () => {
    const cast = joinLines('people:', '  - id: eve', "    name: '<script>alert(1)</script> Eve'", '    aliases: [Eve]', '  - id: sum', "    name: '=1+2'", '    aliases: [Sum]', '');
    writeFileSync(path.join(scratch, 'hostile.yaml'), cast);
    writeFileSync(path.join(scratch, 'hostile.txt'), joinLines('1. One', '', 'Eve and Sum.'));
    const svg = marginalia(scratch, 'map', 'hostile.txt', '--cast', 'hostile.yaml', '--svg');
    assert.equal(svg.status, 0, svg.stderr);
    assert.doesNotMatch(svg.stdout, /<script/);
    assert.match(svg.stdout, /&lt;script&gt;alert\(1\)&lt;\/script&gt; Eve/);
    const csv = marginalia(scratch, 'map', 'hostile.txt', '--cast', 'hostile.yaml', '--csv');
    assert.match(csv.stdout, /\r\nsum,person,'=1\+2,1,1,1\r\n/);
  });

  it('answers -h, and refuses bad usage with exit status 2', () => {
    const help = marginalia(repoRoot, 'map', '-h');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /marginalia map <file>/);
    assert.match(marginalia(repoRoot, '--help').stdout, /marginalia map <file>/);
    for (const args of [['--csv', '--svg'], ['--sort', 'size'], ['--kind', 'ship'], ['--min', '-1'], ['--colour']]) {
      const result = marginalia(repoRoot, 'map', 'sample/part-one.txt', ...args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /^marginalia map: /);
    }
    assert.equal(marginalia(repoRoot, 'map').status, 2);
  });
});
