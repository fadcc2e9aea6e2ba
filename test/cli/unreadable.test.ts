import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { repoRoot } from '../support/util';

/**
 * A file that is there but cannot be read is reported, naming it, with exit status 2: never taken
 * for "no such file" (a book without its cast, a manuscript without its sidecar). A folder where
 * the file should be stands for every such failure: the tests run as root, whom permissions stop not.
 */
describe('files that cannot be read (CLI)', function () {
  this.timeout(20_000);
  let book: string;
  const manuscript = () => path.join(book, 'part-one.txt');
  beforeEach(() => {
    book = mkdtempSync(path.join(tmpdir(), 'marginalia-unreadable-'));
    copyFileSync(path.join(repoRoot, 'sample/part-one.txt'), manuscript());
    copyFileSync(path.join(repoRoot, 'sample/marginalia.yaml'), path.join(book, 'marginalia.yaml'));
  });
  afterEach(() => rmSync(book, { recursive: true, force: true }));

  /** The book file replaced by a folder of its name. */
  const unreadableBookFile = () => {
    rmSync(path.join(book, 'marginalia.yaml'));
    mkdirSync(path.join(book, 'marginalia.yaml'));
  };

  it('check reports a marginalia.yaml it cannot read, once, instead of checking the book without its cast', () => {
    unreadableBookFile();
    const result = runCli(book, ['check', 'part-one.txt']);
    assert.equal(result.status, 2, result.stderr);
    const said = result.stdout.split('\n').filter((line) => line.includes('[unreadable]'));
    assert.equal(said.length, 1, result.stdout);
    assert.ok(said[0].endsWith(`${path.sep}marginalia.yaml:1:1: error: is a folder, not a file [unreadable]`), said[0]);
  });

  it('check of a folder reports its unreadable marginalia.yaml rather than "no marginalia.yaml"', () => {
    unreadableBookFile();
    const result = runCli(book, ['check', '.']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /marginalia\.yaml:1:1: error: is a folder, not a file \[unreadable\]/);
    assert.doesNotMatch(result.stderr, /no marginalia\.yaml/);
  });

  it('mentions reports an unreadable marginalia.yaml rather than a manuscript outside any book', () => {
    unreadableBookFile();
    const result = runCli(book, ['mentions', 'part-one.txt']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /marginalia\.yaml:1:1: error: is a folder, not a file \[unreadable\]/);
    assert.doesNotMatch(result.stderr, /outside any book|--cast/);
  });

  it('check reports a sidecar it cannot read once, at the sidecar, and still checks the rest', () => {
    mkdirSync(path.join(book, 'part-one.marginalia.yaml'));
    writeFileSync(path.join(book, 'marginalia.yaml'), 'manuscripts: ["part-*.txt"]\npeople:\n  - id: x\n    name: X\n    aliases: [""]\n');
    const result = runCli(book, ['check', 'part-one.txt']);
    assert.equal(result.status, 2, result.stderr);
    const lines = result.stdout.split('\n');
    assert.deepEqual(
      lines.filter((line) => line.includes('[unreadable]')),
      ['part-one.marginalia.yaml:1:1: error: is a folder, not a sidecar: move the folder away (or rename it), then try again; nothing was written [unreadable]'],
    );
    assert.ok(lines.some((line) => line.startsWith('marginalia.yaml:') && line.endsWith('[cast-empty-alias]')), result.stdout);
  });
});
