import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseSidecar } from '../../src/core/notes/notesSidecar';
import { runCli } from '../support/cli';
import { repoRoot } from '../support/util';

/** Runs the built CLI in `cwd`, as a user would. */
const marginalia = (cwd: string, ...args: string[]) => runCli(cwd, args);

describe('marginalia notes import', function () {
  this.timeout(10_000);
  let scratch: string;
  let book: string;
  const sidecarFile = () => path.join(book, 'part-one.marginalia.yaml');

  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'marginalia-notes-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));
  // Each test gets its own copy of the sample: the repo's sample/ is never written.
  beforeEach(function () {
    book = path.join(scratch, this.currentTest!.title.replace(/\W+/g, '-').slice(0, 60));
    cpSync(path.join(repoRoot, 'sample'), book, { recursive: true });
  });

  it('imports the sample notes into a new sidecar, reporting the note no marker cites (exit 1)', () => {
    const result = marginalia(book, 'notes', 'import', 'part-one.txt', 'notes.txt');
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr, '');
    assert.equal(
      result.stdout,
      [
        'notes.txt:21:1: warning: Endnote 7 was imported, but no marker {7} in part-one.txt cites it. [notes-unmatched]',
        'Wrote part-one.marginalia.yaml: added 14, skipped 0, overwritten 0',
        'unmatched endnotes: 7; unmatched footnotes: none; unplaced paragraphs: none',
        'markers with no note yet: {8}',
        '',
      ].join('\n'),
    );
    const text = readFileSync(sidecarFile(), 'utf8');
    assert.ok(text.startsWith('notes:\n  endnotes:\n    1: |-\n      Liesbeth Kroon to Matthias Kroon, 14 April 1851,'), text);
    assert.match(text, /\n    2: \|-\n      Diary of Jens Holt, steward at the Lindenhof/);
    assert.match(text, /\n  footnotes:\n    1: \|-\n      The Royal Hydrographic Society/);
    assert.match(text, /\n    5: Pieter Lous \(1799–1866\), harbourmaster of Vennholm from 1838 to 1862\.\n/);
    const sidecar = parseSidecar(text);
    assert.deepEqual(sidecar.problems, []);
    assert.deepEqual(
      sidecar.notes.map((n) => `${n.kind}${n.number}`),
      [1, 2, 3, 4, 5, 6, 7, 9].map((n) => `endnote${n}`).concat([1, 2, 3, 4, 5, 6].map((n) => `footnote${n}`)),
    );
    assert.equal(sidecar.note('endnote', 6)?.text.startsWith('Matthias Kroon, “Notes on the Engraving'), true);
    assert.deepEqual(readdirSync(book).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left behind');
  });

  it('leaves the sidecar byte for byte when imported again', () => {
    assert.equal(marginalia(book, 'notes', 'import', 'part-one.txt', 'notes.txt').status, 1);
    const first = readFileSync(sidecarFile());
    const again = marginalia(book, 'notes', 'import', 'part-one.txt', 'notes.txt', '--overwrite');
    assert.equal(again.status, 1);
    assert.match(again.stdout, /^part-one\.marginalia\.yaml is up to date, not written: added 0, skipped 14, overwritten 0$/m);
    assert.deepEqual(readFileSync(sidecarFile()), first);
  });

  it('keeps notes already written unless --overwrite, and comments and unknown fields always', () => {
    const mine = '# Checked against the archive.\nnotes:\n  endnotes:\n    3: My own note three.\nreviewed-by: ada\n';
    writeFileSync(sidecarFile(), mine);
    const kept = marginalia(book, 'notes', 'import', 'part-one.txt', 'notes.txt');
    assert.equal(kept.status, 1);
    assert.match(kept.stdout, /added 13, skipped 1, overwritten 0\n/);
    assert.match(kept.stdout, /1 skipped note differs from the sidecar's text and was kept: --overwrite replaces them/);
    let text = readFileSync(sidecarFile(), 'utf8');
    assert.match(text, /^# Checked against the archive\.\nnotes:\n {2}endnotes:\n/);
    assert.match(text, /\n {4}3: My own note three\.\n/);
    assert.match(text, /\nreviewed-by: ada\n$/);

    const replaced = marginalia(book, 'notes', 'import', 'part-one.txt', 'notes.txt', '--overwrite');
    assert.match(replaced.stdout, /added 0, skipped 13, overwritten 1\n/);
    text = readFileSync(sidecarFile(), 'utf8');
    assert.match(text, /\n {4}3: \|-\n {6}Field book no\. 1, 2 June 1851/);
    assert.match(text, /^# Checked against the archive\.\n/);
    assert.match(text, /\nreviewed-by: ada\n$/);
  });

  it('gives --json with the sidecar and each list', () => {
    const result = marginalia(book, 'notes', 'import', 'part-one.txt', 'notes.txt', '--json');
    assert.equal(result.status, 1);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(report), ['sidecar', 'added', 'skipped', 'overwritten', 'unmatched', 'unplaced', 'diagnostics']);
    assert.equal(report.sidecar, 'part-one.marginalia.yaml');
    assert.equal(report.added.length, 14);
    assert.deepEqual(report.added[0], { kind: 'endnote', number: 1, line: 4 });
    assert.deepEqual(report.unmatched, [{ kind: 'endnote', number: 7, line: 20 }]);
    assert.deepEqual(report.unplaced, []);
    assert.deepEqual(Object.keys(report.diagnostics[0]), ['file', 'severity', 'code', 'message', 'line', 'character']);
  });

  it('exits 0 when every note has its marker and all text has its note', () => {
    writeFileSync(path.join(book, 'few.txt'), 'Notes\n\n1 One.\n\n[1] Footnote one.\n');
    writeFileSync(path.join(book, 'short.txt'), 'PART ONE\n\n1. One\n\nA sentence.{1}[1]\n');
    const result = marginalia(book, 'notes', 'import', 'short.txt', 'few.txt');
    assert.equal(result.status, 0, result.stdout);
    assert.equal(result.stdout, 'Wrote short.marginalia.yaml: added 2, skipped 0, overwritten 0\nunmatched endnotes: none; unmatched footnotes: none; unplaced paragraphs: none\n');
    assert.equal(readFileSync(path.join(book, 'short.marginalia.yaml'), 'utf8'), 'notes:\n  endnotes:\n    1: One.\n  footnotes:\n    1: Footnote one.\n');
  });

  it('reports unplaced paragraphs with their line (exit 1)', () => {
    writeFileSync(path.join(book, 'preface.txt'), 'Notes\n\nThe editor compiled these notes.\n\n1 One.\n');
    const result = marginalia(book, 'notes', 'import', 'part-one.txt', 'preface.txt');
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^preface\.txt:3:1: warning: This text belongs to no numbered note and was not imported: “The editor compiled these notes\.” \[notes-unplaced\]$/m);
    assert.match(result.stdout, /unplaced paragraphs: 1 \(line 3\)/);
  });

  it('refuses a Latin-1 notes file with its line and column, exit 2, writing nothing', () => {
    writeFileSync(path.join(book, 'latin1.txt'), Buffer.from('Notes\n\n1 Caf\xe9 de la Paix.\n', 'latin1'));
    const result = marginalia(book, 'notes', 'import', 'part-one.txt', 'latin1.txt');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^latin1\.txt:3:6: error: This file is not valid UTF-8 \(byte 0xe9\)/);
    assert.equal(existsSync(sidecarFile()), false);
  });

  it('leaves a sidecar that does not parse byte for byte, naming its problem, exit 2', () => {
    const broken = Buffer.from('notes:\n  endnotes:\n    1: [unclosed\n');
    writeFileSync(sidecarFile(), broken);
    const result = marginalia(book, 'notes', 'import', 'part-one.txt', 'notes.txt', '--overwrite');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^part-one\.marginalia\.yaml:\d+:\d+: error: .+ \[sidecar-yaml\]$/m);
    assert.match(result.stderr, /not written/);
    assert.equal(result.stdout, '');
    assert.deepEqual(readFileSync(sidecarFile()), broken);
    assert.deepEqual(readdirSync(book).filter((name) => name.endsWith('.tmp')), []);
  });

  it('writes nothing from a text with no numbered notes, exit 2', () => {
    writeFileSync(path.join(book, 'prose.txt'), 'Some prose, and no notes at all.\n');
    const result = marginalia(book, 'notes', 'import', 'part-one.txt', 'prose.txt');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^prose\.txt:1:1: error: No numbered notes found/m);
    assert.equal(existsSync(sidecarFile()), false);
  });

  it('exits 2 on usage errors and missing files', () => {
    assert.equal(marginalia(book, 'notes').status, 2);
    assert.equal(marginalia(book, 'notes', 'export', 'part-one.txt', 'notes.txt').status, 2);
    const one = marginalia(book, 'notes', 'import', 'part-one.txt');
    assert.equal(one.status, 2);
    assert.match(one.stderr, /notes import takes a manuscript and a notes text/);
    assert.match(marginalia(book, 'notes', 'import', 'part-one.txt', 'notes.txt', '--force').stderr, /unknown option --force/);
    const missing = marginalia(book, 'notes', 'import', 'part-one.txt', 'missing.txt');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^missing\.txt:1:1: error: no such file/);
    assert.equal(existsSync(sidecarFile()), false);
    assert.match(marginalia(book, '--help').stdout, /marginalia notes import <manuscript> <notes\.txt> \[--overwrite\] \[--json\]/);
    assert.equal(marginalia(book, 'notes', '--help').status, 0);
  });
});
