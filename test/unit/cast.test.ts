import * as assert from 'node:assert/strict';
import { entityIdFor, parseCast, remapEntityIds } from '../../src/core/cast/cast';
import { addAlias, addAliases, addEntity, CastNotWritableError, dismissSuggestion, EntityNotFoundError, mergeEntities, removeEntity, renameEntity } from '../../src/core/cast/castEdits';
import { mergeByIds } from '../../src/core/merge/merge';
import { changedLines, joinLines } from '../support/util';

const BOOK = joinLines(
  '# The book',
  'title: Soundings',
  'manuscripts: ["part-*.txt"]',
  '',
  '# Who is who',
  'people:',
  '  # the heroine',
  '  - id: liesbeth-kroon',
  '    name: Liesbeth Kroon',
  '    aliases: [Kroon, Lise, the Pilot] # what the pilots called her',
  '    wikidata: Q1',
  '  - id: matthias-kroon',
  '    name: Matthias Kroon',
  '    aliases:',
  '      - Kroon',
  '      - M. Kroon',
  '    born: "1824"',
  '    shelfmark: B-12 # a field we do not know',
  'places:',
  '  - id: vennholm',
  '    name: Vennholm',
  '',
  '# the end',
  '',
);

describe('parseCast', () => {
  it('reads people, places and organizations with their aliases and details, in file order', () => {
    const cast = parseCast(BOOK);
    assert.ok(cast.parsed);
    assert.deepEqual(cast.problems, []);
    assert.deepEqual(
      cast.entities.map((e) => [e.id, e.kind, e.name, e.aliases]),
      [
        ['liesbeth-kroon', 'person', 'Liesbeth Kroon', ['Kroon', 'Lise', 'the Pilot']],
        ['matthias-kroon', 'person', 'Matthias Kroon', ['Kroon', 'M. Kroon']],
        ['vennholm', 'place', 'Vennholm', []],
      ],
    );
    const matthias = cast.entity('matthias-kroon')!;
    assert.deepEqual(matthias.details, { born: '1824' });
    assert.equal(matthias.fields.shelfmark, 'B-12');
    assert.deepEqual(matthias.idRange.start, { line: 11, character: 8 });
    assert.equal(cast.entity('liesbeth-kroon')!.details.wikidata, 'Q1');
  });

  it('gives no cast for a YAML error, with its place, and marks the file unwritable', () => {
    const cast = parseCast(joinLines('people:', '  - id: a', '    name: [A', 'places: []'));
    assert.equal(cast.parsed, false);
    assert.deepEqual(cast.entities, []);
    assert.equal(cast.problems[0].code, 'cast-yaml');
    assert.equal(cast.problems[0].severity, 'error');
    assert.throws(() => addAlias(joinLines('people:', '  - id: a', '    name: [A'), 'a', 'B'), CastNotWritableError);
  });

  it('reports duplicate ids, missing ids and names, and keeps the rest of the cast working', () => {
    const cast = parseCast(
      joinLines(
        'people:',
        '  - id: stalin',
        '    name: Joseph Stalin',
        '  - id: stalin',
        '    name: Josef Stalin',
        '  - name: Lenin',
        '  - id: nameless',
        '  - just a string',
        'places:',
        '  - id: taurida',
        '    name: Taurida Palace',
      ),
    );
    const codes = cast.problems.map((p) => `${p.range.start.line}:${p.code}`);
    assert.deepEqual(codes, ['1:cast-duplicate-id', '3:cast-duplicate-id', '5:cast-missing-id', '6:cast-missing-name', '7:cast-entity-shape']);
    assert.match(cast.problems[2].message, /id: lenin/);
    assert.deepEqual(cast.entities.map((e) => `${e.id}=${e.name}`), ['stalin=Joseph Stalin', 'taurida=Taurida Palace']);
  });

  it('ignores empty and punctuation-only aliases, and warns that a regex-like alias is literal text', () => {
    const cast = parseCast(
      joinLines('places:', '  - id: st-olafs', '    name: St Olaf’s', '    aliases: ["", "—", "...", St.*, "[Ss]t Olaf", Olaf’s, "(Koba)"]'),
    );
    const codes = cast.problems.map((p) => `${p.range.start.line}:${p.range.start.character}:${p.code}`);
    assert.deepEqual(codes, [
      '3:14:cast-empty-alias',
      '3:18:cast-empty-alias',
      '3:23:cast-empty-alias',
      '3:30:cast-pattern-alias',
      '3:36:cast-pattern-alias',
      '3:36:cast-unmatchable-alias',
      '3:58:cast-unmatchable-alias',
    ]);
    assert.match(cast.problems[3].message, /“St\.\*” .*plain text/);
    // Still aliases, matched literally.
    assert.deepEqual(cast.entity('st-olafs')!.aliases, ['St.*', '[Ss]t Olaf', 'Olaf’s', '(Koba)']);
  });

  it('warns once about an alias shared by many entities; two namesakes are no problem', () => {
    const lines = ['people:'];
    for (let i = 0; i < 50; i++) lines.push(`  - id: alliluyev-${i}`, `    name: Alliluyev ${i}`, '    aliases: [Alliluyev]');
    lines.push('  - id: anna', '    name: Anna Alliluyeva', '    aliases: [Alliluyeva]', '  - id: nadya', '    name: Nadya Alliluyeva', '    aliases: [Alliluyeva]');
    const cast = parseCast(joinLines(...lines));
    assert.deepEqual(cast.problems.map((p) => p.code), ['cast-shared-alias']);
    assert.match(cast.problems[0].message, /“Alliluyev” names 50 entities \(alliluyev-0, alliluyev-1, alliluyev-2, alliluyev-3, and 46 more\)/);
    assert.equal(cast.entities.length, 52);
  });

  it('reads the dismissed suggestions, and ignores sections of the wrong shape', () => {
    const cast = parseCast(joinLines('people: Stalin', 'dismissed: [Bard, Dushenka]'));
    assert.deepEqual(cast.dismissed, ['Bard', 'Dushenka']);
    assert.deepEqual(cast.problems.map((p) => p.code), ['cast-section']);
  });

  it('does not expand YAML aliases (no alias bomb)', () => {
    const cast = parseCast(joinLines('a: &a [x, x, x]', 'people:', '  - *a', '  - id: x', '    name: X', '    aliases: *a'));
    assert.deepEqual(cast.problems.map((p) => p.code), ['cast-yaml-alias', 'cast-field']);
    assert.deepEqual(cast.entities.map((e) => e.id), ['x']);
  });

  it('reads a file without a cast as an empty cast', () => {
    for (const text of ['', 'title: A', '# nothing']) {
      const cast = parseCast(text);
      assert.ok(cast.parsed);
      assert.deepEqual(cast.entities, []);
    }
  });
});

describe('entityIdFor', () => {
  it('makes readable, unique ids from names', () => {
    assert.equal(entityIdFor('Joseph Stalin', []), 'joseph-stalin');
    assert.equal(entityIdFor('Joseph Stalin', ['joseph-stalin', 'joseph-stalin-2']), 'joseph-stalin-3');
    assert.equal(entityIdFor('St Olaf’s', []), 'st-olafs');
    assert.equal(entityIdFor('Ørsted', []), 'orsted');
    assert.equal(entityIdFor('Hans Christian Ølund-Görög', []), 'hans-christian-olund-gorog');
    assert.equal(entityIdFor('Сталин', []), 'сталин');
    assert.equal(entityIdFor('—', []), 'entity');
  });

  it('remaps annotation links after a merge', () => {
    assert.deepEqual(remapEntityIds(['a', 'b', 'c'], new Map([['b', 'a']])), ['a', 'c']);
  });
});

describe('cast edits', () => {
  it('adds an entity at the end of its section, with a readable unique id, keeping comments and order', () => {
    const { text, id } = addEntity(BOOK, 'person', 'Liesbeth Kroon', { aliases: ['Lise'] });
    assert.equal(id, 'liesbeth-kroon-2');
    assert.deepEqual(changedLines(BOOK, text), { removed: [], added: ['  - id: liesbeth-kroon-2', '    name: Liesbeth Kroon', '    aliases: [Lise]'] });
    assert.ok(text.indexOf('liesbeth-kroon-2') < text.indexOf('places:'));
    assert.deepEqual(parseCast(text).entities.map((e) => e.id), ['liesbeth-kroon', 'matthias-kroon', 'liesbeth-kroon-2', 'vennholm']);
  });

  it('adds a section when there is none, and a book file when there is none', () => {
    const { text, id } = addEntity(BOOK, 'organization', 'Royal Hydrographic Society');
    assert.equal(id, 'royal-hydrographic-society');
    assert.ok(text.startsWith(BOOK));
    assert.ok(text.endsWith('organizations:\n  - id: royal-hydrographic-society\n    name: Royal Hydrographic Society\n'));
    const fresh = addEntity(undefined, 'place', 'Ørsted Park: North');
    assert.equal(fresh.text, 'places:\n  - id: orsted-park-north\n    name: "Ørsted Park: North"\n');
    const emptyList = addEntity('title: A\nplaces: [] # none yet\nmanuscripts: []\n', 'place', 'Riga');
    assert.equal(emptyList.text, 'title: A\nplaces:\n  - id: riga\n    name: Riga\nmanuscripts: []\n');
  });

  it('adds an entity after the comments that belong to the last one', () => {
    const text = 'people:\n  - id: a\n    name: A\n    # about A\n# the end\n';
    assert.equal(addEntity(text, 'person', 'B').text, 'people:\n  - id: a\n    name: A\n    # about A\n  - id: b\n    name: B\n# the end\n');
  });

  it('follows the indentation of the section, and CRLF line ends', () => {
    const text = 'people:\r\n- id: a\r\n  name: A\r\n';
    const added = addEntity(text, 'person', 'B').text;
    assert.equal(added, 'people:\r\n- id: a\r\n  name: A\r\n- id: b\r\n  name: B\r\n');
  });

  it('adds aliases to a flow list, a block list, or where there is none', () => {
    const flow = addAlias(BOOK, 'liesbeth-kroon', 'L. Kroon');
    assert.deepEqual(changedLines(BOOK, flow), {
      removed: ['    aliases: [Kroon, Lise, the Pilot] # what the pilots called her'],
      added: ['    aliases: [Kroon, Lise, the Pilot, L. Kroon] # what the pilots called her'],
    });
    const block = addAliases(BOOK, 'matthias-kroon', ['Matthias', 'Kroon', 'Engraver: Kroon']);
    assert.deepEqual(changedLines(BOOK, block), { removed: [], added: ['      - Matthias', '      - "Engraver: Kroon"'] });
    const none = addAlias(BOOK, 'vennholm', 'Vennholm’s harbour');
    assert.deepEqual(changedLines(BOOK, none), { removed: [], added: ['    aliases: [Vennholm’s harbour]'] });
    assert.deepEqual(parseCast(none).entity('vennholm')!.aliases, ['Vennholm’s harbour']);
    assert.equal(addAlias(BOOK, 'liesbeth-kroon', 'Lise'), BOOK, 'an alias it has already');
    assert.equal(addAlias(BOOK, 'liesbeth-kroon', 'Liesbeth Kroon'), BOOK, 'its own name');
    assert.throws(() => addAlias(BOOK, 'nobody', 'X'), EntityNotFoundError);
    assert.throws(() => addAlias(BOOK, 'vennholm', ' — '), /not a name/);
  });

  it('adds an alias where `aliases:` is empty, or a single name', () => {
    assert.equal(addAlias('people:\n  - id: a\n    name: A\n    aliases: # later\n', 'a', 'B'), 'people:\n  - id: a\n    name: A\n    aliases: [B] # later\n');
    assert.equal(addAlias('people:\n  - id: a\n    name: A\n    aliases: []\n', 'a', 'B'), 'people:\n  - id: a\n    name: A\n    aliases: [B]\n');
    assert.equal(addAlias('people:\n  - id: a\n    name: A\n    aliases: C', 'a', 'B'), 'people:\n  - id: a\n    name: A\n    aliases: [C, B]');
  });

  it('renames an entity, keeping its old name as an alias', () => {
    const text = renameEntity(BOOK, 'vennholm', 'Vennholm Harbour');
    assert.deepEqual(changedLines(BOOK, text), { removed: ['    name: Vennholm'], added: ['    name: Vennholm Harbour', '    aliases: [Vennholm]'] });
    const again = renameEntity(BOOK, 'liesbeth-kroon', 'Lise');
    const entity = parseCast(again).entity('liesbeth-kroon')!;
    assert.equal(entity.name, 'Lise');
    assert.deepEqual(entity.aliases, ['Kroon', 'Lise', 'the Pilot', 'Liesbeth Kroon'].filter((a) => a !== 'Lise'));
  });

  it('merges two entities: aliases united, fields moved with their comments, the other removed, ids mapped', () => {
    const { text, ids } = mergeEntities(BOOK, 'liesbeth-kroon', 'matthias-kroon');
    assert.deepEqual([...ids], [['matthias-kroon', 'liesbeth-kroon']]);
    const cast = parseCast(text);
    assert.deepEqual(cast.problems, []);
    const kept = cast.entity('liesbeth-kroon')!;
    assert.deepEqual(kept.aliases, ['Kroon', 'Lise', 'the Pilot', 'Matthias Kroon', 'M. Kroon']);
    assert.deepEqual(kept.details, { wikidata: 'Q1', born: '1824' });
    assert.ok(text.includes('    shelfmark: B-12 # a field we do not know\n'));
    assert.equal(cast.entity('matthias-kroon'), undefined);
    assert.ok(text.includes('  # the heroine\n') && text.includes('# the end'));
    assert.throws(() => mergeEntities(BOOK, 'vennholm', 'vennholm'), /itself/);
  });

  it('removes an entity with the comment lines above it', () => {
    const text = removeEntity(BOOK, 'liesbeth-kroon');
    assert.ok(!text.includes('# the heroine'));
    assert.deepEqual(parseCast(text).entities.map((e) => e.id), ['matthias-kroon', 'vennholm']);
    assert.ok(text.includes('# Who is who\npeople:\n  - id: matthias-kroon'));
  });

  it('remembers dismissed suggestions in the book file', () => {
    const once = dismissSuggestion(BOOK, 'Bard');
    assert.ok(once.endsWith('# the end\ndismissed: [Bard]\n'));
    const twice = dismissSuggestion(once, 'Dushenka');
    assert.deepEqual(parseCast(twice).dismissed, ['Bard', 'Dushenka']);
    assert.equal(dismissSuggestion(twice, 'Bard'), twice);
    assert.equal(dismissSuggestion(undefined, 'Bard'), 'dismissed: [Bard]\n');
  });

  it('never writes a file that does not parse, nor one with conflict markers', () => {
    const conflicted = joinLines('people:', '<<<<<<< HEAD', '  - id: a', '=======', '  - id: b', '>>>>>>> other', '');
    assert.equal(parseCast(conflicted).parsed, false);
    assert.throws(() => addEntity(conflicted, 'person', 'C'), CastNotWritableError);
    assert.throws(() => dismissSuggestion('people: [', 'X'), CastNotWritableError);
    assert.throws(() => addAlias('people:\n  - {id: a, name: A}\n', 'a', 'B'), CastNotWritableError);
  });
});

describe('parseCast after a merge', () => {
  it('reports an entity both branches changed differently, where the merge driver recorded it', () => {
    const base = 'people:\n  - id: kroon\n    name: Liesbeth Kroon\n    aliases: [Kroon]\n';
    const ours = base.replace('aliases: [Kroon]', 'aliases: [Kroon, Lise]\n    description: Cartographer.');
    const theirs = base.replace('aliases: [Kroon]', 'aliases: [Kroon]\n    description: Hydrographer.');
    const merged = mergeByIds(base, ours, theirs);
    assert.ok(merged.ok && merged.conflicts.length > 0, JSON.stringify(merged));
    const cast = parseCast(merged.text);
    const conflict = cast.problems.find((problem) => /both/.test(problem.message));
    assert.ok(conflict, JSON.stringify(cast.problems));
    assert.equal(cast.entity('kroon')?.name, 'Liesbeth Kroon');
  });
});
