import * as assert from 'node:assert/strict';
import type { CastEntry } from '../../src/core/cast/cast';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { indexMentions, MentionIndex, type MentionIndex as Index } from '../../src/core/mentions/mentions';
import { NameMatcher } from '../../src/core/mentions/nameMatcher';
import { addPin, checkPins, describePin, parsePins, remapPinEntities, removePin, resolvePins } from '../../src/core/mentions/pins';
import { mergeByIds } from '../../src/core/merge/merge';
import { joinLines } from '../support/util';

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

  it('keep context that spans paragraphs on one line, escaped, so that a merge reads them one by one', () => {
    const manuscript = parseManuscript(text);
    const [first, second] = indexMentions(text, CAST).ambiguous();
    const pin = describePin(text, manuscript, first, 'anna');
    assert.match(pin.target.prefix + pin.target.suffix, /\n/, 'the fixture’s context crosses a paragraph');
    const base = addPin(undefined, pin);
    assert.doesNotMatch(base, /: [|>]/, 'no block scalar');
    assert.deepEqual(parsePins(base).pins.map((entry) => entry.pin.target), [pin.target]);
    // One branch pins another mention, the other changes the first pin's entity: both kept, no conflict.
    const ours = addPin(base, describePin(text, manuscript, second, 'nadya'));
    const theirs = addPin(base, { ...pin, entity: 'nadya' });
    const merged = mergeByIds(base, ours, theirs);
    assert.ok(merged.ok);
    assert.deepEqual(merged.conflicts, []);
    assert.deepEqual(parsePins(merged.text).pins.map((entry) => entry.pin.entity).sort(), ['nadya', 'nadya']);
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
