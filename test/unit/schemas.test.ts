import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import type { Annotation } from '../../src/core/annotations/annotation';
import { addAnnotation, updateAnnotation } from '../../src/core/annotations/annotationEdits';
import { addAlias, addEntity, dismissSuggestion, mergeEntities, renameEntity } from '../../src/core/cast/castEdits';
import { addManuscriptToBook, addWordToBook } from '../../src/core/manuscript/book';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { addPin, describePin } from '../../src/core/mentions/pins';
import { mergeByIds } from '../../src/core/merge/merge';
import { setNoteTexts } from '../../src/core/notes/notesSidecar';
import { annotating } from '../support/annotationFixture';
import { HAND_WRITTEN } from '../support/sidecarSamples';
import { joinLines, repoRoot } from '../support/util';

/**
 * The JSON Schemas the manifest gives VS Code's YAML extension (`yamlValidation`) describe what
 * the writers write: every writer's output validates, and a malformed file does not.
 */

/** A validator of one shipped schema, checking YAML texts; on failure it names the text and ajv's errors. */
function schemaOf(file: string): { valid: (text: string, what: string) => void; invalid: (text: string, what: string) => void } {
  // Union types (a note is a string or a number) are draft-07; ajv's strict mode only asks that they be allowed.
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
  const validate: ValidateFunction = ajv.compile(JSON.parse(readFileSync(path.join(repoRoot, 'schemas', file), 'utf8')) as object);
  return {
    valid: (text, what) => assert.ok(validate(parse(text)), `${what} does not match ${file}: ${ajv.errorsText(validate.errors)}\n${text}`),
    invalid: (text, what) => assert.equal(validate(parse(text)), false, `${what} should not match ${file}:\n${text}`),
  };
}

/** The `yaml` code blocks of the README's section that starts with `heading`. */
function readmeExamples(heading: string): string[] {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf(heading);
  assert.ok(start >= 0, `the README has a section ${heading}`);
  const next = readme.slice(start + heading.length).search(/\n#{2,3} /);
  const section = readme.slice(start, next < 0 ? undefined : start + heading.length + next);
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);
}

const MANUSCRIPT = joinLines(
  'Chapter 1',
  '',
  'It was a grey morning on the quay, and the boats were in. Kroon came down to the harbour at dawn, and Kroon the engraver followed her. The gulls were loud over the water, and the tide was turning fast.',
  '',
  'The harbourmaster, Pieter Lous, had the charts ready{1}.',
);
/** The two mentions of Kroon, a name of two people: where a pin says whose each is. */
const KROON = MANUSCRIPT.split('\n')[2].indexOf('Kroon');
const KROON_AGAIN = MANUSCRIPT.split('\n')[2].lastIndexOf('Kroon');

describe('the shipped JSON Schemas', () => {
  const annotate = annotating('aschema');

  describe('sidecar.schema.json', () => {
    const schema = schemaOf('sidecar.schema.json');

    it('matches a sidecar with notes, annotations with replies, and pins, as the writers write it', () => {
      let text = setNoteTexts(undefined, [
        { kind: 'endnote', number: 1, text: 'Kroon papers, box 4.' },
        { kind: 'endnote', number: 2, text: 'A longer note,\n\nover two paragraphs: with a colon.' },
        { kind: 'footnote', number: 1, text: 'A footnote.' },
      ]);
      schema.valid(text, 'notes');
      const annotation = annotate(MANUSCRIPT, 'came down to the harbour', { tags: ['source-check'], entities: ['liesbeth-kroon'] });
      text = addAnnotation(text, annotation);
      text = addAnnotation(text, annotate(MANUSCRIPT, 'had the charts ready', { body: '' }));
      const replied: Annotation = {
        ...annotation,
        status: 'resolved',
        modified: '2025-05-02T11:00:00Z',
        replies: [
          { id: 'r3m9x2kq7wa4d', author: 'Jens Holt', created: '2025-05-03T08:00:00Z', body: 'Checked: the ledger agrees.' },
          { id: 'r3m9x2kq7wa4e', author: undefined, created: '2025-05-03T09:00:00Z', body: 'Two paragraphs,\n\nthe second.' },
          { id: 'r3m9x2kq7wa4f', author: 'Ada Byron', created: '2025-05-03T10:00:00Z', body: '' },
        ],
      };
      text = updateAnnotation(text, replied);
      schema.valid(text, 'notes and annotations with replies');
      const manuscript = parseManuscript(MANUSCRIPT);
      text = addPin(text, describePin(MANUSCRIPT, manuscript, { line: 2, character: KROON, length: 5 }, 'liesbeth-kroon'));
      text = addPin(text, describePin(MANUSCRIPT, manuscript, { line: 2, character: KROON_AGAIN, length: 5 }, 'matthias-kroon'));
      assert.match(text, /\npins:\n {2}- entity: liesbeth-kroon\n/);
      schema.valid(text, 'notes, annotations and pins');
    });

    it('matches what a merge records: an annotation and a pin changed on both branches, a note under conflicts:', () => {
      const manuscript = parseManuscript(MANUSCRIPT);
      const annotation = annotate(MANUSCRIPT, 'the engraver followed her');
      const pin = describePin(MANUSCRIPT, manuscript, { line: 2, character: KROON_AGAIN, length: 5 }, 'liesbeth-kroon');
      const base = addPin(addAnnotation(setNoteTexts(undefined, [{ kind: 'endnote', number: 1, text: 'Base.' }]), annotation), pin);
      const side = (body: string, note: string, entity: string) =>
        addPin(addAnnotation(setNoteTexts(undefined, [{ kind: 'endnote', number: 1, text: note }]), { ...annotation, body }), { ...pin, entity });
      const result = mergeByIds(base, side('Ours.', 'Ours.', 'matthias-kroon'), side('Theirs.', 'Theirs.', 'sofie-ravnholt'));
      assert.ok(result.ok, result.ok ? '' : result.reason);
      const what = result.conflicts.map((conflict) => conflict.what);
      assert.equal(what.length, 3, what.join(', '));
      assert.ok(what.includes(`annotation ${annotation.id}`) && what.includes('notes.endnotes.1') && what.some((w) => w.startsWith('pin ')), what.join(', '));
      assert.equal(result.text.match(/\n {4}conflict:\n {6}reason: changed on both branches\n {6}other:\n/g)?.length, 2, result.text);
      assert.match(result.text, /\nconflicts:\n {2}- path: notes\.endnotes\.1\n/);
      schema.valid(result.text, 'a merge with conflicts');
    });

    it('matches the sidecars of the README and the tests’ hand-written one', () => {
      const examples = readmeExamples('### `<manuscript>.marginalia.yaml`');
      assert.ok(examples.length > 0, 'the README shows a sidecar');
      examples.forEach((example, index) => schema.valid(example, `the README's sidecar ${index + 1}`));
      schema.valid(HAND_WRITTEN, 'the hand-written sidecar of the tests');
    });

    it('rejects malformed sidecars', () => {
      const annotation = addAnnotation(undefined, annotate(MANUSCRIPT, 'Pieter Lous'));
      schema.valid(annotation, 'an annotation');
      schema.invalid(annotation.replace(/status: open/, 'status: done'), 'an unknown status');
      schema.invalid(`${annotation}    conflict:\n      other: {}\n`, 'a conflict of an annotation without its reason');
      schema.invalid(annotation.replace(/\n {2}- id: .*\n {4}target:/, '\n  - target:'), 'an annotation without an id');
      schema.invalid(joinLines('pins:', '  - entity: liesbeth-kroon', '    target:', '      prefix: no quote', ''), 'a pin without a quote');
      schema.invalid(joinLines('pins:', '  - target:', '      quote: Kroon', ''), 'a pin without an entity');
      schema.invalid(joinLines('notes:', '  endnotes:', '    first: not a number', ''), 'a note numbered by a word');
      schema.invalid(joinLines('conflicts:', '  - reason: changed on both branches', ''), 'a conflict without a path');
      schema.invalid(joinLines('conflicts:', '  - path: title', '    reason: nobody knows', ''), 'a conflict with an unknown reason');
      schema.invalid(joinLines('annotations: {}', ''), 'annotations that are not a list');
    });
  });

  describe('book.schema.json (marginalia.yaml)', () => {
    const schema = schemaOf('book.schema.json');

    it('matches a book file as the writers write it: manuscripts, words, the cast, dismissals', () => {
      let text = addManuscriptToBook(undefined, 'part-*.txt');
      text = addWordToBook(text, 'harbourside');
      const kroon = addEntity(text, 'person', 'Liesbeth Kroon', { aliases: ['Kroon', 'Lise'], description: 'Hydrographer.' });
      const lise = addEntity(kroon.text, 'person', 'Lise Kroon');
      text = addEntity(lise.text, 'place', 'Vennholm').text;
      text = addEntity(text, 'organization', 'Gerlach House').text;
      text = addAlias(text, kroon.id, 'the Pilot');
      text = renameEntity(text, kroon.id, 'Liesbeth M. Kroon');
      text = mergeEntities(text, kroon.id, lise.id).text;
      text = dismissSuggestion(text, 'Tuesday');
      schema.valid(text, 'a written book file');
    });

    it('matches what a merge records: an entity and the title changed on both branches', () => {
      const base = addEntity('title: Soundings\n', 'person', 'Pieter Lous').text;
      const side = (title: string, name: string) => renameEntity(base.replace('Soundings', title), 'pieter-lous', name);
      const result = mergeByIds(base, side('Ours', 'Piet Lous'), side('Theirs', 'Pieter Loos'));
      assert.ok(result.ok, result.ok ? '' : result.reason);
      assert.deepEqual(result.conflicts.map((conflict) => conflict.what).sort(), ['person pieter-lous', 'title'], result.text);
      assert.match(result.text, /\n {4}conflict:\n {6}reason: changed on both branches\n/);
      assert.match(result.text, /\nconflicts:\n {2}- path: title\n/);
      schema.valid(result.text, 'a merged book file with conflicts');
    });

    it('matches the sample book, the test fixture’s cast and the README’s example', () => {
      schema.valid(readFileSync(path.join(repoRoot, 'sample/marginalia.yaml'), 'utf8'), 'sample/marginalia.yaml');
      schema.valid(readFileSync(path.join(repoRoot, 'test/fixtures/part-five.cast.yaml'), 'utf8'), 'test/fixtures/part-five.cast.yaml');
      const examples = readmeExamples('### `marginalia.yaml`');
      assert.ok(examples.length > 0, 'the README shows a book file');
      examples.forEach((example, index) => schema.valid(example, `the README's book file ${index + 1}`));
    });

    it('rejects malformed book files', () => {
      schema.invalid(joinLines('people:', '  - name: Liesbeth Kroon', ''), 'an entity without an id');
      schema.invalid(joinLines('people:', '  - id: two words', '    name: Liesbeth Kroon', ''), 'an id with a space');
      schema.invalid(joinLines('places:', '  - id: vennholm', '    name: Vennholm', '    wikidata: 855', ''), 'a Wikidata id without its Q');
      schema.invalid(joinLines('manuscripts: part-*.txt', ''), 'manuscripts that are not a list');
      schema.invalid(joinLines('people:', '  - id: x', '    name: X', '    conflict:', '      other: {}', ''), 'a conflict without its reason');
    });
  });
});
