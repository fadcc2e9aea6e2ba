import * as assert from 'node:assert/strict';
import { parseSidecar, setNoteText } from '../../src/core/notes/notesSidecar';
import { sidecarPathFor } from '../../src/core/sidecar/sidecarFile';
import { joinLines } from '../support/util';

const handWritten = joinLines(
  '# Notes for part one, checked against the archive in May.',
  'notes:',
  '  endnotes:',
  '    1: Kroon papers, box 4.',
  '    3: |',
  '      A longer note',
  '      over two lines.',
  '    # 4 is still to be found',
  '    5: "Quoted: text"',
  '  footnotes:',
  '    2: Short.',
  'reviewer: someone # a field we do not know',
  '',
);

describe('sidecar', () => {
  it('is named after its manuscript, beside it', () => {
    assert.equal(sidecarPathFor('/book/part-five.txt'), '/book/part-five.marginalia.yaml');
    assert.equal(sidecarPathFor('/book.d/draft'), '/book.d/draft.marginalia.yaml');
    assert.equal(sidecarPathFor('/book/.hidden'), '/book/.hidden.marginalia.yaml');
  });

  it('reads notes by kind and number, with the range of each key', () => {
    const sidecar = parseSidecar(handWritten);
    assert.ok(sidecar.parsed);
    assert.deepEqual(
      sidecar.notes.map((n) => [n.kind, n.number, n.text]),
      [
        ['endnote', 1, 'Kroon papers, box 4.'],
        ['endnote', 3, 'A longer note\nover two lines.\n'],
        ['endnote', 5, 'Quoted: text'],
        ['footnote', 2, 'Short.'],
      ],
    );
    assert.deepEqual(sidecar.note('endnote', 3)?.keyRange, { start: { line: 4, character: 4 }, end: { line: 4, character: 5 } });
    assert.equal(sidecar.note('footnote', 1), undefined);
  });

  it('reports a YAML error at its line and column and refuses to be written', () => {
    const broken = joinLines('notes:', '  endnotes:', '    1: [unclosed', '    2: fine');
    const sidecar = parseSidecar(broken);
    assert.equal(sidecar.parsed, false);
    assert.equal(sidecar.problems[0].severity, 'error');
    assert.ok(sidecar.problems[0].range.start.line >= 2);
    assert.throws(() => setNoteText(broken, 'endnote', 3, 'x'), /does not parse/);
  });

  it('reports git conflict markers with a pointer to the fix', () => {
    const sidecar = parseSidecar(joinLines('notes:', '<<<<<<< HEAD', '  endnotes: {}', '=======', '>>>>>>> theirs'));
    assert.equal(sidecar.parsed, false);
    assert.deepEqual([sidecar.problems[0].code, sidecar.problems[0].range.start.line], ['sidecar-conflict-markers', 1]);
    assert.match(sidecar.problems[0].message, /marginalia init/);
  });

  it('reports each duplicate note number, keeping the first', () => {
    const sidecar = parseSidecar(joinLines('notes:', '  endnotes:', '    7: first', '    7: second'));
    assert.deepEqual(sidecar.problems.map((p) => [p.code, p.range.start.line]), [
      ['sidecar-duplicate-note', 2],
      ['sidecar-duplicate-note', 3],
    ]);
    assert.equal(sidecar.note('endnote', 7)?.text, 'first');
  });

  it('warns about entries of the wrong shape and keeps the rest usable', () => {
    const sidecar = parseSidecar(joinLines('notes:', '  endnotes:', '    one: text', '    2: [a, b]', '    3: fine'));
    assert.deepEqual(sidecar.problems.map((p) => p.code), ['sidecar-note-number', 'sidecar-note-text']);
    assert.equal(sidecar.note('endnote', 3)?.text, 'fine');
  });

  describe('setNoteText', () => {
    it('adds a note in number order, changing no other byte', () => {
      const updated = setNoteText(handWritten, 'endnote', 4, 'Found: Riga archive.');
      assert.equal(updated, handWritten.replace('    5: "Quoted', '    4: "Found: Riga archive."\n    5: "Quoted'));
    });

    it('replaces a note’s lines only', () => {
      const updated = setNoteText(handWritten, 'endnote', 3, 'Now short.');
      assert.equal(updated, handWritten.replace('    3: |\n      A longer note\n      over two lines.\n', '    3: Now short.\n'));
    });

    it('writes long and multi-line notes as literal block scalars that read back the same', () => {
      const long = `${'A long note about the survey of the harbour. '.repeat(3).trim()}\n\nWith a second paragraph.`;
      const updated = setNoteText(handWritten, 'footnote', 9, long);
      assert.match(updated, /\n    9: \|-\n      A long note/);
      assert.equal(parseSidecar(updated).note('footnote', 9)?.text, long);
    });

    it('creates the sections it needs', () => {
      assert.equal(setNoteText(undefined, 'endnote', 2, 'x'), 'notes:\n  endnotes:\n    2: x\n');
      const withFootnotes = setNoteText('notes:\n  footnotes:\n    1: a', 'endnote', 7, 'b');
      assert.deepEqual(parseSidecar(withFootnotes).notes.map((n) => [n.kind, n.number]), [
        ['endnote', 7],
        ['footnote', 1],
      ]);
    });

    it('keeps CRLF line endings', () => {
      const crlf = 'notes:\r\n  endnotes:\r\n    1: a\r\n';
      assert.equal(setNoteText(crlf, 'endnote', 2, 'b'), 'notes:\r\n  endnotes:\r\n    1: a\r\n    2: b\r\n');
    });

    it('returns the same text when the note is unchanged', () => {
      assert.equal(setNoteText(handWritten, 'footnote', 2, 'Short.'), handWritten);
    });
  });
});
