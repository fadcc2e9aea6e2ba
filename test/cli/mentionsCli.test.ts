import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CastEntry } from '../../src/core/cast/cast';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { indexMentions } from '../../src/core/mentions/mentions';
import { addPin, describePin } from '../../src/core/mentions/pins';
import { runCli } from '../support/cli';
import { joinLines, repoRoot } from '../support/util';

/** `marginalia mentions`, `suggest` and `check` on the cast, as a user runs them. */
const marginalia = (cwd: string, ...args: string[]) => runCli(cwd, args);
const person = (id: string, name: string, ...aliases: string[]): CastEntry => ({ id, kind: 'person', name, aliases });

describe('marginalia mentions and suggest (CLI)', function () {
  this.timeout(20_000);
  let book: string;
  const sampleText = readFileSync(path.join(repoRoot, 'sample/part-one.txt'), 'utf8');
  const sampleLines = sampleText.split('\n');
  before(() => {
    // A copy of the sample book, with a cast of our own.
    book = mkdtempSync(path.join(tmpdir(), 'marginalia-cast-'));
    writeFileSync(path.join(book, 'part-one.txt'), sampleText);
    writeFileSync(
      path.join(book, 'marginalia.yaml'),
      joinLines(
        'manuscripts: ["part-*.txt"]',
        'people:',
        '  - id: lise',
        '    name: Liesbeth Kroon',
        '    aliases: [Kroon, Lise]',
        '  - id: matthias',
        '    name: Matthias Kroon',
        '    aliases: [Kroon]',
        'places:',
        '  - id: vennholm',
        '    name: Vennholm',
        '',
      ),
    );
  });
  after(() => rmSync(book, { recursive: true, force: true }));

  it('prints the mentions of the sample book’s cast in the issue’s JSON shape', () => {
    const result = marginalia(repoRoot, 'mentions', 'sample/part-one.txt', '--json');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^\{"file": "sample\/part-one\.txt", "entities": \[\{"id": "liesbeth-kroon", "kind": "person", "name": "Liesbeth Kroon", "count": \d+, "mentions": \[\{"line": /);
    const json = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(json), ['file', 'entities', 'ambiguous']);
    assert.deepEqual(Object.keys(json.entities[0]), ['id', 'kind', 'name', 'count', 'mentions']);
    assert.deepEqual(Object.keys(json.entities[0].mentions[0]), ['line', 'character', 'length', 'text']);
    assert.deepEqual(Object.keys(json.ambiguous[0]), ['line', 'character', 'length', 'text', 'candidates']);
    const byId = new Map<string, { count: number; mentions: { line: number; character: number; length: number; text: string }[] }>(json.entities.map((e: { id: string }) => [e.id, e]));
    assert.equal(byId.get('lindenhof-palace')!.count, 9, 'the Lindenhof, The Lindenhof and the Lindenhof Palace');
    assert.equal(byId.get('gerlach-house')!.count, 4, 'Gerlach House is the place, not Gerlach');
    for (const entity of byId.values()) {
      assert.equal(entity.count, entity.mentions.length);
      for (const m of entity.mentions) assert.equal(sampleLines[m.line].substr(m.character, m.length), m.text);
    }
    assert.ok(json.ambiguous.length >= 10);
    assert.ok(json.ambiguous.every((m: { text: string; candidates: string[] }) => m.text === 'Kroon' && m.candidates.join() === 'liesbeth-kroon,matthias-kroon'));
  });

  it('prints file:line:col: name (id) otherwise, ambiguous mentions with their candidates', () => {
    const result = marginalia(repoRoot, 'mentions', 'sample/part-one.txt');
    assert.equal(result.status, 0);
    const lines = result.stdout.trim().split('\n');
    assert.ok(lines.every((line) => /^sample\/part-one\.txt:\d+:\d+: .+ \((?:[a-z-]+|ambiguous: [a-z-, ]+)\)$/.test(line)), result.stdout);
    assert.ok(lines.includes('sample/part-one.txt:25:35: Vennholm (vennholm)'));
    assert.ok(lines.some((line) => line.endsWith(': Kroon (ambiguous: liesbeth-kroon, matthias-kroon)')));
  });

  it('takes the cast from the nearest book file, or --cast, and reports its problems on stderr', () => {
    const own = marginalia(book, 'mentions', 'part-one.txt', '--json');
    assert.equal(own.status, 0, own.stderr);
    assert.deepEqual(JSON.parse(own.stdout).entities.map((e: { id: string; count: number }) => `${e.id}:${e.count}`), ['lise:12', 'matthias:1', 'vennholm:6']);
    const castFile = path.join(book, 'other.yaml');
    writeFileSync(castFile, joinLines('people:', '  - id: a', '    name: Anselm Gerlach', '    aliases: [Gerlach, "St.*"]', '  - id: a', '    name: Again', ''));
    const other = marginalia(book, 'mentions', 'part-one.txt', '--cast', 'other.yaml', '--json');
    assert.equal(other.status, 1);
    assert.deepEqual(JSON.parse(other.stdout).entities.map((e: { id: string; count: number }) => `${e.id}:${e.count}`), ['a:13'], 'Gerlach House holds Gerlach when no place is named so');
    assert.match(other.stderr, /^other\.yaml:2:9: error: The id a is given to 2 entries/m);
    assert.match(other.stderr, /^other\.yaml:4:24: warning: The alias “St\.\*” of a looks like a pattern/m);
  });

  it('refuses a cast that does not parse, and a manuscript outside any book without --cast', () => {
    const castFile = path.join(book, 'broken.yaml');
    writeFileSync(castFile, 'people:\n  - id: a\n    name: [A\n');
    const broken = marginalia(book, 'mentions', 'part-one.txt', '--cast', 'broken.yaml');
    assert.equal(broken.status, 2);
    assert.equal(broken.stdout, '');
    assert.match(broken.stderr, /^broken\.yaml:\d+:\d+: error: .*\[cast-yaml\]/m);
    const alone = mkdtempSync(path.join(tmpdir(), 'marginalia-alone-'));
    writeFileSync(path.join(alone, 'text.txt'), 'Stalin.\n');
    const outside = marginalia(alone, 'mentions', 'text.txt');
    rmSync(alone, { recursive: true, force: true });
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /--cast FILE/);
  });

  it('follows the pins of the manuscript’s sidecar', () => {
    const text = readFileSync(path.join(book, 'part-one.txt'), 'utf8');
    const cast = [person('lise', 'Liesbeth Kroon', 'Kroon', 'Lise'), person('matthias', 'Matthias Kroon', 'Kroon')];
    const [first] = indexMentions(text, cast).ambiguous();
    const sidecar = path.join(book, 'part-one.marginalia.yaml');
    writeFileSync(sidecar, addPin(undefined, describePin(text, parseManuscript(text), first, 'matthias')));
    try {
      const result = marginalia(book, 'mentions', 'part-one.txt', '--json');
      assert.equal(result.status, 0, result.stderr);
      const json = JSON.parse(result.stdout);
      assert.equal(json.entities[1].count, 2);
      assert.deepEqual(json.entities[1].mentions[0], { line: first.line, character: first.character, length: 5, text: 'Kroon' });
      assert.ok(!json.ambiguous.some((m: { line: number; character: number }) => m.line === first.line && m.character === first.character));
    } finally {
      rmSync(sidecar);
    }
  });

  it('suggests the names the cast lacks, and none it has or dismissed', () => {
    const result = marginalia(book, 'suggest', 'part-one.txt', '--json');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^\{"candidates": \[\{"text": "[^"]+", "kind": "(person|place|organization)", "count": \d+, "variants": \[/);
    const { candidates } = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(candidates[0]), ['text', 'kind', 'count', 'variants']);
    const texts = candidates.map((c: { text: string }) => c.text);
    assert.ok(texts.includes('Casimir von Oldenfeld') && texts.includes('Royal Hydrographic Society'), texts.join(', '));
    assert.ok(!texts.includes('Vennholm') && !texts.includes('Lise'), 'in the cast');
    const counts = candidates.map((c: { count: number }) => c.count);
    assert.deepEqual(counts, [...counts].sort((a: number, b: number) => b - a), 'most frequent first');
    // The sample's own cast leaves little, and its dismissals nothing of what they name.
    const sample = JSON.parse(marginalia(repoRoot, 'suggest', 'sample/part-one.txt', '--json').stdout).candidates;
    assert.ok(sample.length <= 4, JSON.stringify(sample));
    const text = marginalia(repoRoot, 'suggest', 'sample/part-one.txt', '--min', '2');
    assert.equal(text.status, 0);
    assert.equal(marginalia(repoRoot, 'suggest', 'sample/part-one.txt', '--min', '0').status, 2);
  });

  it('has marginalia check report the cast’s problems at their place in marginalia.yaml', () => {
    const file = path.join(book, 'marginalia.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('aliases: [Kroon, Lise]', 'aliases: [Kroon, Lise, "", "Lis[ae]"]'));
    try {
      const result = marginalia(book, 'check', '.', '--json');
      const diagnostics = JSON.parse(result.stdout).diagnostics.filter((d: { file: string }) => d.file === 'marginalia.yaml');
      assert.deepEqual(
        diagnostics.map((d: { code: string; line: number; character: number }) => `${d.code}@${d.line}:${d.character}`),
        ['cast-empty-alias@4:27', 'cast-pattern-alias@4:31'],
      );
      assert.equal(result.status, 1);
    } finally {
      writeFileSync(file, good);
    }
  });
});
