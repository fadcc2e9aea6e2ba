import * as assert from 'node:assert/strict';
import { checkNotes, CitationIndex, passageOf } from '../../src/core/notes/citations';
import { parseManuscript, splitLines } from '../../src/core/manuscript/parser';
import { parseSidecar } from '../../src/core/notes/notesSidecar';
import { joinLines } from '../support/util';

const text = joinLines(
  '1. Spring',
  '',
  'The survey began in March. The ice held until April.{1} Kroon sailed first.[1]',
  '',
  'Gerlach printed the charts in one long winter of work, night after night, with the presses running hot.{2}{3}',
  '',
  '2. Summer',
  '',
  'A new chapter opens here.{4} And the first endnote is cited again.{1}',
);

describe('CitationIndex', () => {
  const manuscript = parseManuscript(text);
  const index = new CitationIndex(manuscript);
  const lineAt = (line: number) => splitLines(text)[line];

  it('finds the marker under a position, its end excluded, so adjacent markers stay apart', () => {
    const line = 4;
    const first = splitLines(text)[line].indexOf('{2}');
    assert.equal(index.markerAt({ line, character: first })?.number, 2);
    assert.equal(index.markerAt({ line, character: first + 2 })?.number, 2);
    assert.equal(index.markerAt({ line, character: first + 3 })?.number, 3);
    assert.equal(index.markerAt({ line, character: first - 1 }), undefined);
    assert.equal(index.markerAt({ line: 3, character: 0 }), undefined);
  });

  it('lists every citation of a note and finds each marker’s chapter', () => {
    assert.deepEqual(index.citations('endnote', 1).map((m) => m.line), [2, 8]);
    assert.equal(index.chapterOf(8)?.number, 2);
    assert.equal(index.chapterOf(4)?.number, 1);
  });

  it('gives an endnote the passage since the previous endnote, or its chapter’s start', () => {
    const [first, second, third, fourth] = manuscript.markers.filter((m) => m.kind === 'endnote');
    assert.equal(passageOf(index, lineAt, first).excerpt, 'The survey began in March. The ice held until April.');
    assert.deepEqual(passageOf(index, lineAt, second).range.start, { line: 2, character: 55 });
    assert.equal(
      passageOf(index, lineAt, second).excerpt,
      'Kroon sailed first. Gerlach printed the charts in … night after night, with the presses running hot.',
    );
    assert.equal(passageOf(index, lineAt, third).excerpt, '');
    assert.equal(passageOf(index, lineAt, fourth).excerpt, 'A new chapter opens here.');
  });

  it('gives a footnote the sentence it ends', () => {
    const footnote = manuscript.markers.find((m) => m.kind === 'footnote')!;
    assert.equal(passageOf(index, lineAt, footnote).excerpt, 'Kroon sailed first.');
  });

  it('checks notes and markers against each other', () => {
    const sidecar = parseSidecar(joinLines('notes:', '  endnotes:', '    1: a', '    2: b', '    9: nobody cites me', '  footnotes:', '    1: c'));
    const { manuscript: problems, sidecar: sidecarProblems } = checkNotes(index, sidecar);
    assert.deepEqual(problems.map((p) => [p.code, p.message]), [
      ['note-missing', '{3} has no note yet.'],
      ['note-missing', '{4} has no note yet.'],
      ['endnote-cited-again', 'Endnote {1} is cited again here (first on line 3); an endnote is cited once.'],
    ]);
    assert.deepEqual(sidecarProblems.map((p) => [p.code, p.range.start.line]), [['note-uncited', 4]]);
  });
});
