import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { joinLines, repoRoot } from '../support/util';

interface CheckRun {
  readonly status: number | null;
  readonly stderr: string;
  /** Each diagnostic as `code@file-name:line` (0-based line). */
  readonly found: string[];
}

/** Runs the built CLI's `check --json` on `folder` with `extra` arguments. */
function check(folder: string, ...extra: string[]): CheckRun {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist/cli.js'), 'check', folder, '--json', ...extra], { cwd: repoRoot, encoding: 'utf8' });
  const diagnostics: { file: string; code: string; line: number }[] = result.stdout ? JSON.parse(result.stdout).diagnostics : [];
  return { status: result.status, stderr: result.stderr, found: diagnostics.map((d) => `${d.code}@${path.basename(d.file)}:${d.line}`).sort() };
}

const MANUSCRIPT = joinLines('1. The Harbour', '', 'The boat went out past the the breakwater with a ledger ofthe soundings.', '');

describe('marginalia check: the textual codes switched by the book and on the command line', function () {
  this.timeout(20_000);
  let book: string;
  const writeBook = (...lines: string[]) => writeFileSync(path.join(book, 'marginalia.yaml'), joinLines('manuscripts:', '  - "*.txt"', ...lines, ''));

  beforeEach(() => {
    book = mkdtempSync(path.join(tmpdir(), 'marginalia-switches-'));
    writeFileSync(path.join(book, 'harbour.txt'), MANUSCRIPT);
  });
  afterEach(() => rmSync(book, { recursive: true, force: true }));

  it('reports every textual code by default', () => {
    writeBook();
    const run = check(book);
    assert.deepEqual(run.found, ['doubled-word@harbour.txt:2', 'run-together-words@harbour.txt:2']);
    assert.equal(run.status, 1, 'a doubled word is a warning');
  });

  it('leaves out a code the book switches off under `diagnostics:`, as the extension’s settings do', () => {
    writeBook('diagnostics:', '  doubled-word: false');
    const run = check(book);
    assert.deepEqual(run.found, ['run-together-words@harbour.txt:2']);
    assert.equal(run.status, 0, 'a hint alone is not a problem for the exit status');
  });

  it('lets --enable and --disable win over the book, one code or a comma-separated list', () => {
    writeBook('diagnostics:', '  doubled-word: false');
    assert.deepEqual(check(book, '--enable', 'doubled-word').found, ['doubled-word@harbour.txt:2', 'run-together-words@harbour.txt:2']);
    assert.deepEqual(check(book, '--disable', 'run-together-words').found, []);
    assert.deepEqual(check(book, '--enable', 'doubled-word', '--disable', 'run-together-words,soft-hyphen').found, ['doubled-word@harbour.txt:2']);
  });

  it('refuses a code it cannot switch on the command line (exit 2, naming the codes)', () => {
    writeBook();
    const run = check(book, '--disable', 'doubled-words');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--disable doubled-words: not a code check can switch \(run-together-words, split-paragraph, doubled-word/);
  });

  it('warns of a switch in marginalia.yaml it cannot read, naming its line, and keeps the rest', () => {
    writeBook('diagnostics:', '  chapter-numbering: false', '  doubled-word: maybe', '  run-together-words: false');
    const run = check(book);
    assert.deepEqual(run.found, ['book-bad-diagnostic@marginalia.yaml:4', 'book-unknown-diagnostic@marginalia.yaml:3', 'doubled-word@harbour.txt:2']);
  });
});
