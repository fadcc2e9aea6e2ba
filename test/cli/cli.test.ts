import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { repoRoot } from '../support/util';

/** Runs the built CLI in the repository, as a user would. */
const marginalia = (...args: string[]) => runCli(repoRoot, args);

describe('marginalia CLI', function () {
  this.timeout(10_000);
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'marginalia-cli-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('prints help and its version', () => {
    const help = marginalia('--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /marginalia outline <file>/);
    const version = marginalia('--version');
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
  });

  it('exits 2 on a usage error', () => {
    assert.equal(marginalia('frobnicate').status, 2);
    const unknownFlag = marginalia('outline', 'sample/part-one.txt', '--jsno');
    assert.equal(unknownFlag.status, 2);
    assert.match(unknownFlag.stderr, /unknown option --jsno/);
  });

  it('prints the outline of the sample in the documented JSON shape', () => {
    const result = marginalia('outline', 'sample/part-one.txt', '--json');
    assert.equal(result.status, 0);
    const outline = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(outline), ['file', 'parts', 'chapters', 'markers', 'interpolations', 'diagnostics']);
    assert.equal(outline.file, 'sample/part-one.txt');
    assert.deepEqual(outline.parts, [{ title: 'PART ONE', line: 0 }]);
    assert.deepEqual(outline.chapters.map((c: { number: number }) => c.number), [1, 2, 3]);
    assert.deepEqual(Object.keys(outline.markers[0]), ['kind', 'number', 'line', 'character', 'length']);
    assert.deepEqual(Object.keys(outline.interpolations[0]), ['text', 'line', 'character']);
    assert.deepEqual(Object.keys(outline.diagnostics[0]), ['severity', 'code', 'message', 'line', 'character']);
    const interpolation = outline.interpolations.find((i: { text: string }) => i.text.includes('harbourmaster'));
    const line = readFileSync(path.join(repoRoot, 'sample/part-one.txt'), 'utf8').split('\n')[interpolation.line];
    assert.equal(line.slice(interpolation.character, interpolation.character + interpolation.text.length + 2), `[${interpolation.text}]`);
  });

  it('checks the sample book: its deliberate problems, compiler-style, exit 1', () => {
    const result = marginalia('check', 'sample');
    assert.equal(result.status, 1);
    const lines = result.stdout.trim().split('\n');
    assert.ok(lines.every((line) => /^sample\/part-one\.txt:\d+:\d+: (error|warning|information|hint): .+ \[[a-z-]+\]$/.test(line)), result.stdout);
    const codes = lines.map((line) => /\[([a-z-]+)\]$/.exec(line)?.[1]);
    for (const code of ['marker-gap', 'marker-repeated', 'unbalanced-quotes', 'debris-foreign-script']) {
      assert.ok(codes.includes(code), `${code} in\n${result.stdout}`);
    }
    assert.ok(!result.stdout.includes('notes.txt'), 'notes.txt is not a manuscript of the sample book');
  });

  it('gives check --json as {diagnostics: [...]} with the file of each', () => {
    const result = marginalia('check', 'sample/part-one.txt', '--json');
    const { diagnostics } = JSON.parse(result.stdout);
    assert.ok(diagnostics.length > 0);
    assert.deepEqual(Object.keys(diagnostics[0]), ['file', 'severity', 'code', 'message', 'line', 'character']);
  });

  it('exits 0 on a clean manuscript', () => {
    const file = path.join(scratch, 'clean.manuscript');
    writeFileSync(file, 'PART ONE\n\n1. Spring\n\nThe survey began.{1}\n');
    const result = marginalia('check', file);
    assert.deepEqual([result.status, result.stdout], [0, '']);
  });

  it('checks a 50 MB manuscript', function () {
    // Writing, reading and checking 50 MB: seconds, more on a busy machine.
    this.timeout(60_000);
    const chapter = readFileSync(path.join(repoRoot, 'sample/part-one.txt'), 'utf8').split('\n').slice(22, 41).join('\n');
    const big = path.join(scratch, 'big.manuscript');
    const copies = Math.ceil((50 * 1024 * 1024) / Buffer.byteLength(chapter));
    writeFileSync(big, Array.from({ length: copies }, (_, i) => chapter.replace(/^1\. /, `${i + 1}. `)).join('\n\n'));
    const result = marginalia('check', big, '--json');
    assert.equal(result.status, 1, result.stderr);
    const { diagnostics } = JSON.parse(result.stdout);
    assert.ok(diagnostics.some((d: { code: string }) => d.code === 'marker-backwards'), 'each copy restarts the marker numbers');
  });

  it('names the file, line and column of bad input and exits 2, changing nothing', () => {
    const binary = path.join(scratch, 'binary.txt');
    writeFileSync(binary, Buffer.from([0x41, 0x0a, 0x42, 0x00, 0x43]));
    const result = marginalia('check', binary);
    assert.equal(result.status, 2);
    assert.match(result.stdout, /binary\.txt:2:2: error: This is not a text file/);
    const latin1 = path.join(scratch, 'latin1.txt');
    writeFileSync(latin1, Buffer.from('caf\xe9\n', 'latin1'));
    const outline = marginalia('outline', latin1);
    assert.equal(outline.status, 2);
    assert.match(outline.stderr, /latin1\.txt:1:4: error: This file is not valid UTF-8/);
    assert.deepEqual(readFileSync(latin1), Buffer.from('caf\xe9\n', 'latin1'));
    const missing = marginalia('outline', path.join(scratch, 'missing.txt'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing\.txt:1:1: error: no such file/);
  });
});
