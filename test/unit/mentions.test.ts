import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CastEntry } from '../../src/core/cast/cast';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { indexMentions, MentionIndex, type MentionIndex as Index } from '../../src/core/mentions/mentions';
import { NameMatcher } from '../../src/core/mentions/nameMatcher';
import { addPin, checkPins, describePin, parsePins, remapPinEntities, removePin, resolvePins } from '../../src/core/mentions/pins';
import { joinLines, repoRoot } from '../support/util';

const person = (id: string, name: string, ...aliases: string[]): CastEntry => ({ id, kind: 'person', name, aliases });
const place = (id: string, name: string, ...aliases: string[]): CastEntry => ({ id, kind: 'place', name, aliases });

const CAST: CastEntry[] = [
  person('stalin', 'Joseph Stalin', 'Stalin', 'Soso', 'Koba', 'Djugashvili-Stalin'),
  person('lenin', 'Vladimir Lenin', 'Lenin', 'Illich', 'Vladimir Illich', 'the Old Man'),
  person('kseshinskaya', 'Mathilde Kseshinskaya', 'Kseshinskaya'),
  place('kseshinskaya-mansion', 'Kseshinskaya Mansion'),
  person('anna', 'Anna Alliluyeva', 'Anna', 'Alliluyeva'),
  person('nadya', 'Nadya Alliluyeva', 'Nadya', 'Alliluyeva'),
  place('st-olafs', 'St Olaf’s'),
  person('orsted', 'Ørsted'),
  person('olund', 'Ölund'),
  person('lenin-initials', 'V. I.'),
];

/** Each mention as `text@line:character=entity`, in the order of the text, ambiguous ones as `text@line:character=?a|b`. */
function found(index: Index): string[] {
  const all: { line: number; character: number; label: string }[] = [];
  for (const [entity, mentions] of index.allMentions()) {
    for (const m of mentions) all.push({ line: m.line, character: m.character, label: `${m.text}@${m.line}:${m.character}=${entity}` });
  }
  for (const m of index.ambiguous()) all.push({ line: m.line, character: m.character, label: `${m.text}@${m.line}:${m.character}=?${m.candidates.join('|')}` });
  return all.sort((a, b) => a.line - b.line || a.character - b.character).map((m) => m.label);
}

const mentionsIn = (...lines: string[]): string[] => found(indexMentions(joinLines(...lines), CAST));

describe('mentions', () => {
  it('finds names and aliases as whole words, case-sensitive', () => {
    assert.deepEqual(mentionsIn('Stalin, a Stalinist, met Koba at Kobalt; stalin and KOBA are not names.'), ['Stalin@0:0=stalin', 'Koba@0:25=stalin']);
    assert.deepEqual(mentionsIn('(Soso) “Lenin” [Illich]—Stalin…'), ['Soso@0:1=stalin', 'Lenin@0:8=lenin', 'Illich@0:16=lenin', 'Stalin@0:24=stalin']);
  });

  it('finds possessives, with a typographic or a straight apostrophe, leaving the ’s out', () => {
    assert.deepEqual(mentionsIn('Stalin’s pipe and Stalin\'s desk; Lenin’ and Soso’ll.'), [
      'Stalin@0:0=stalin',
      'Stalin@0:18=stalin',
      'Lenin@0:33=lenin',
      'Soso@0:44=stalin',
    ]);
    const index = indexMentions('Stalin’s pipe', CAST);
    assert.equal(index.mentionsOf('stalin')[0].length, 6);
  });

  it('matches apostrophes inside names either way', () => {
    assert.deepEqual(mentionsIn('the spire of St Olaf\'s and of St Olaf’s; St Olaf is not it'), ['St Olaf\'s@0:13=st-olafs', 'St Olaf’s@0:30=st-olafs']);
  });

  it('takes hyphenated names whole, and finds a name inside a hyphenated word otherwise', () => {
    assert.deepEqual(mentionsIn('J. V. Djugashvili-Stalin, and Anglo-Stalin'), ['Djugashvili-Stalin@0:6=stalin', 'Stalin@0:36=stalin']);
    const index = indexMentions('Antonov-Ovseenko and Ovseenko', [person('ao', 'Antonov-Ovseenko'), person('o', 'Ovseenko')]);
    assert.deepEqual(found(index), ['Antonov-Ovseenko@0:0=ao', 'Ovseenko@0:21=o']);
  });

  it('lets the longest name win where names overlap', () => {
    assert.deepEqual(mentionsIn('At the Kseshinskaya Mansion, Kseshinskaya danced.'), ['Kseshinskaya Mansion@0:7=kseshinskaya-mansion', 'Kseshinskaya@0:29=kseshinskaya']);
    assert.deepEqual(mentionsIn('“Vladimir Illich,” said Vladimir.'), ['Vladimir Illich@0:1=lenin']);
    // Overlapping from different starts: `the Saltgrund` and `Saltgrund Harbour`.
    const harbour = indexMentions('past the Saltgrund Harbour and the Saltgrund bar', [place('harbour', 'Saltgrund Harbour', 'the Saltgrund')]);
    assert.deepEqual(found(harbour), ['Saltgrund Harbour@0:9=harbour', 'the Saltgrund@0:31=harbour']);
  });

  it('matches a lowercase alias capitalised at the start of a sentence', () => {
    assert.deepEqual(mentionsIn('The Old Man spoke; the Old Man listened; THE OLD MAN did not.'), ['The Old Man@0:0=lenin', 'the Old Man@0:19=lenin']);
  });

  it('matches names ending in punctuation', () => {
    assert.deepEqual(mentionsIn('a note from V. I. [Lenin], not V. Ivanov'), ['V. I.@0:12=lenin-initials', 'Lenin@0:19=lenin']);
  });

  it('reports a name of several entities as ambiguous, counted for none', () => {
    const index = indexMentions('Anna Alliluyeva met Alliluyeva; Nadya too.', CAST);
    assert.deepEqual(found(index), ['Anna Alliluyeva@0:0=anna', 'Alliluyeva@0:20=?anna|nadya', 'Nadya@0:32=nadya']);
    assert.equal(index.count('anna'), 1);
    assert.equal(index.count('nadya'), 1);
    assert.equal(index.ambiguousMentionCount, 1);
  });

  it('handles Unicode names as whole words', () => {
    assert.deepEqual(mentionsIn('Ørsted, Ørstedt, Ölund’s, Ölundé, and Ørsted.'), ['Ørsted@0:0=orsted', 'Ölund@0:17=olund', 'Ørsted@0:38=orsted']);
    const cyrillic = indexMentions('Сталин и Сталина', [person('s', 'Сталин')]);
    assert.deepEqual(found(cyrillic), ['Сталин@0:0=s']);
  });

  it('counts lines as VS Code does, with CRLF, CR and a BOM, and never matches across lines', () => {
    const index = indexMentions('\ufeffStalin\r\nLenin\rthe Old\nMan Soso', CAST);
    assert.deepEqual(found(index), ['Stalin@0:0=stalin', 'Lenin@1:0=lenin', 'Soso@3:4=stalin']);
    assert.equal(index.lineCount, 4);
  });

  it('tells the mention under the cursor', () => {
    const index = indexMentions('Then Stalin and Alliluyeva.', CAST);
    assert.equal(index.at(0, 7)?.text, 'Stalin');
    assert.equal(index.at(0, 11)?.text, 'Stalin', 'just after it');
    assert.deepEqual(index.at(0, 20), { line: 0, character: 16, length: 10, text: 'Alliluyeva', candidates: ['anna', 'nadya'] });
    assert.equal(index.at(0, 13), undefined);
  });

  it('reports mentions per entity with their chapters, and counts per chapter', () => {
    const text = joinLines('PART ONE', '', '1. First', '', 'Stalin met Lenin.', '', '2. Second', '', 'Stalin and Soso.', '');
    const index = indexMentions(text, CAST);
    const report = index.report(parseManuscript(text));
    const stalin = report.find((entry) => entry.entity.id === 'stalin')!;
    assert.equal(stalin.count, 3);
    assert.deepEqual(stalin.chapters, [{ chapter: 1, count: 1 }, { chapter: 2, count: 2 }]);
    assert.deepEqual(stalin.mentions.map((m) => [m.line, m.chapter]), [[4, 1], [8, 2], [8, 2]]);
    assert.equal(report.find((entry) => entry.entity.id === 'orsted')!.count, 0);
    assert.deepEqual(report.map((entry) => entry.entity.id), CAST.map((entity) => entity.id));
  });

  it('updates after an edit by re-reading the lines edited, as a rebuild would', () => {
    const lines = ['Stalin and Lenin.', 'Anna and Alliluyeva.', 'Nothing here.', 'Koba.'];
    const matcher = new NameMatcher(CAST);
    const index = MentionIndex.build(joinLines(...lines), matcher);
    index.replaceLines(1, 1, ['Nadya, Soso and the Old Man.', 'A new paragraph on Illich.']);
    lines.splice(1, 1, 'Nadya, Soso and the Old Man.', 'A new paragraph on Illich.');
    assert.deepEqual(found(index), found(MentionIndex.build(joinLines(...lines), matcher)));
    index.replaceLines(3, 2, []);
    lines.splice(3, 2);
    assert.deepEqual(found(index), found(MentionIndex.build(joinLines(...lines), matcher)));
    assert.equal(index.count('stalin'), 2);
    assert.equal(index.count('lenin'), 3);
    assert.equal(index.ambiguousMentionCount, 0);
    assert.throws(() => index.replaceLines(0, 1, ['a\nb']), RangeError);
  });
});

describe('pins', () => {
  const text = joinLines(
    'PART ONE',
    '',
    '1. Sisters',
    '',
    'When Anna came home to the flat that evening, Alliluyeva laughed at the hat-stand and the coat.',
    '',
    'Nadya was at her music lesson, and Alliluyeva sang in the kitchen until the samovar boiled.',
    '',
  );

  it('resolve an ambiguous mention, written in the sidecar and read back', () => {
    const manuscript = parseManuscript(text);
    const index = indexMentions(text, CAST);
    const [first, second] = index.ambiguous();
    const sidecar = addPin(addPin('notes:\n  endnotes:\n    1: A note.\n', describePin(text, manuscript, first, 'anna')), describePin(text, manuscript, second, 'nadya'));
    assert.ok(sidecar.startsWith('notes:\n  endnotes:\n    1: A note.\npins:\n  - entity: anna\n    target:\n      quote: Alliluyeva\n'));
    const pins = parsePins(sidecar);
    assert.deepEqual(pins.problems, []);
    assert.deepEqual(pins.pins.map((entry) => entry.pin.entity), ['anna', 'nadya']);
    index.setPins(resolvePins(text, manuscript, pins.pins.map((entry) => entry.pin)).placements);
    assert.deepEqual(index.ambiguous(), []);
    assert.equal(index.count('anna'), 2);
    assert.equal(index.count('nadya'), 2);
    assert.deepEqual(index.mentionsOf('anna').map((m) => [m.text, m.pinned]), [['Anna', false], ['Alliluyeva', true]]);
  });

  it('survive edits: the pinned mention is found again where it moved', () => {
    const manuscript = parseManuscript(text);
    const ambiguous = indexMentions(text, CAST).ambiguous();
    const pins = [describePin(text, manuscript, ambiguous[0], 'anna'), describePin(text, manuscript, ambiguous[1], 'nadya')];
    // A paragraph added above, words typed at the start of the second paragraph, a word changed near the first mention.
    const edited = joinLines(
      'PART ONE',
      '',
      'A new opening paragraph about Alliluyeva.',
      '',
      '1. Sisters',
      '',
      'When Anna came home to the flat that night, Alliluyeva laughed at the hat-stand and the coat.',
      '',
      'That June, Nadya was at her music lesson, and Alliluyeva sang in the kitchen until the samovar boiled.',
      '',
    );
    const { placements, lost } = resolvePins(edited, parseManuscript(edited), pins);
    assert.deepEqual(lost, []);
    assert.deepEqual(placements, [
      { entity: 'anna', line: 6, character: 44 },
      { entity: 'nadya', line: 8, character: 46 },
    ]);
    const index = indexMentions(edited, CAST);
    index.setPins(placements);
    assert.deepEqual(index.ambiguous().map((m) => `${m.line}:${m.character}`), ['2:30'], 'only the new mention is ambiguous');
    // The pins follow an incremental update too, once placed again.
    index.replaceLines(8, 1, ['That June, Nadya was at her music lesson, and Alliluyeva sang in the kitchen until the samovar boiled over.']);
    assert.equal(index.ambiguous().length, 2);
    index.setPins(resolvePins(edited, parseManuscript(edited), pins).placements);
    assert.equal(index.ambiguous().length, 1);
  });

  it('are reported when lost or naming an entity the cast does not hold, and can be removed', () => {
    const manuscript = parseManuscript(text);
    const [first] = indexMentions(text, CAST).ambiguous();
    const pin = describePin(text, manuscript, first, 'anna-k');
    const sidecar = addPin(undefined, pin);
    const gone = text.replace(/^When Anna came home.*$/m, 'Nobody came.');
    const problems = checkPins(sidecar, gone, parseManuscript(gone), CAST);
    assert.deepEqual(problems.map((p) => p.code), ['pin-unknown-entity', 'pin-orphaned']);
    assert.equal(problems[0].range.start.line, 1);
    assert.equal(removePin(sidecar, pin.target), 'pins:\n');
    assert.deepEqual(parsePins(removePin(sidecar, pin.target)).pins, []);
    // Pinning the same mention again replaces the pin.
    const again = addPin(sidecar, { ...pin, entity: 'anna' });
    assert.deepEqual(parsePins(again).pins.map((entry) => entry.pin.entity), ['anna']);
  });

  it('follow a merge of entities: each pin of the merged one names the kept one, and no other byte changes', () => {
    const manuscript = parseManuscript(text);
    const [first, second] = indexMentions(text, CAST).ambiguous();
    const sidecar = addPin(addPin('# kept\nnotes:\n  endnotes:\n    1: A note.\n', describePin(text, manuscript, first, 'anna')), describePin(text, manuscript, second, 'nadya'));
    const merged = remapPinEntities(sidecar, new Map([['anna', 'nadya']]));
    assert.equal(merged, sidecar.replace('  - entity: anna\n', '  - entity: nadya\n'));
    assert.deepEqual(parsePins(merged).pins.map((entry) => entry.pin.entity), ['nadya', 'nadya']);
    assert.equal(remapPinEntities(sidecar, new Map([['nobody', 'anna']])), sidecar, 'nothing to rename, nothing changed');
    assert.equal(remapPinEntities('', new Map([['anna', 'nadya']])), '');
  });

  it('are never written into a sidecar that does not parse', () => {
    const [first] = indexMentions(text, CAST).ambiguous();
    const pin = describePin(text, parseManuscript(text), first, 'anna');
    assert.throws(() => addPin('notes: [', pin), /does not parse/);
    assert.throws(() => addPin('<<<<<<< HEAD\nnotes: {}\n=======\n>>>>>>> b\n', pin), /conflict/);
    assert.throws(() => remapPinEntities('pins:\n<<<<<<< HEAD\n=======\n>>>>>>> b\n', new Map([['anna', 'nadya']])), /conflict/);
    assert.equal(parsePins('pins: 3').problems[0].code, 'pin-shape');
  });
});

/** Runs the built CLI (`npm run build` makes dist/cli.js) as a user would. */
function marginalia(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist/cli.js'), ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

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
