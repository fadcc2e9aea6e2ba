import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseAnnotations } from '../../src/core/annotations/annotationYaml';
import { runCli, type CliRun } from '../support/cli';
import { changedLines, firstChangedLine, repoRoot } from '../support/util';

describe('marginalia annotate and resolve', function () {
  this.timeout(20_000);
  let scratch: string;
  let book: string;
  /** No git user.name to be found, so that the author is predictable. */
  let environment: NodeJS.ProcessEnv;
  const manuscriptFile = () => path.join(book, 'part-one.txt');
  const sidecarFile = () => path.join(book, 'part-one.marginalia.yaml');
  const manuscript = () => readFileSync(manuscriptFile(), 'utf8');
  const sidecar = () => readFileSync(sidecarFile(), 'utf8');

  /** Runs the built CLI in the book's folder, as a user would. */
  const marginalia = (...args: string[]): CliRun => runCli(book, args, environment);

  function annotate(...args: string[]): string {
    const result = marginalia('annotate', 'part-one.txt', ...args);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^a[a-z2-7]{12}\n$/, 'the new id, on one line');
    return result.stdout.trim();
  }

  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'marginalia-annotate-'));
    writeFileSync(path.join(scratch, 'gitconfig'), '');
    environment = { ...process.env, GIT_CONFIG_GLOBAL: path.join(scratch, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1', HOME: scratch, USER: 'ada' };
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));
  // Each test gets its own copy of the sample: the repo's sample/ is never written.
  beforeEach(function () {
    book = path.join(scratch, this.currentTest!.title.replace(/\W+/g, '-').slice(0, 60));
    cpSync(path.join(repoRoot, 'sample'), book, { recursive: true });
  });

  it('annotates a range: the quote with its context, chapter and position, tags, author and time', () => {
    const id = annotate('--range', '24:22-24:57', '--body', 'Check the harbour records.', '--tag', 'source-check', '--tag', 'translation', '--author', 'Ada Byron');
    const text = sidecar();
    assert.match(
      text,
      new RegExp(
        [
          '^annotations:',
          `  - id: ${id}`,
          '    target:',
          '      quote: the port of Vennholm smelled of tar',
          // At least 32 characters of context on each side, reaching 20 past the quote's sentence,
          // across lines if need be, escaped on one line.
          '      prefix: " Lighthouse Survey\\\\n\\\\nIn the spring of 1851 "',
          '      suffix: ", herring and wet rope, and Liesbeth Kroon was thirty-one years old and still without a commission\\. She had drawn her f"',
          '      chapter: 1',
          '      line: 24',
          '      character: 22',
          '    body: Check the harbour records\\.',
          '    tags: \\[source-check, translation\\]',
          '    author: Ada Byron',
          '    created: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ',
          '    status: open',
          '$',
        ].join('\n'),
      ),
    );
    assert.deepEqual(parseAnnotations(text).problems, []);
    assert.deepEqual(readdirSync(book).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left behind');
  });

  it('annotates the n-th occurrence of a quote, in document order among the others, with $USER for author', () => {
    const later = annotate('--quote', 'Matthias', '--body', 'Her brother.');
    const second = annotate('--quote', 'Liesbeth Kroon', '--occurrence', '2', '--body', 'Two\nlines');
    const text = manuscript();
    const first = text.indexOf('Liesbeth Kroon');
    const at = text.indexOf('Liesbeth Kroon', first + 1);
    const line = text.slice(0, at).split('\n').length - 1;
    const annotations = parseAnnotations(sidecar()).annotations.map((entry) => entry.annotation);
    assert.deepEqual(
      annotations.map((a) => a.id),
      [second, later],
      'the earlier passage first',
    );
    assert.deepEqual(annotations[0].target.position, { line, character: at - text.lastIndexOf('\n', at) - 1 });
    assert.equal(annotations[0].body, 'Two\nlines');
    assert.match(sidecar(), /\n {4}body: \|-\n {6}Two\n {6}lines\n/);
    assert.equal(annotations[0].author, 'ada');
  });

  it('takes the author from git when it has one', () => {
    writeFileSync(path.join(scratch, 'gitconfig'), '[user]\n\tname = Jens Holt\n');
    try {
      annotate('--quote', 'Matthias', '--body', 'x');
    } finally {
      writeFileSync(path.join(scratch, 'gitconfig'), '');
    }
    assert.equal(parseAnnotations(sidecar()).annotations[0].annotation.author, 'Jens Holt');
  });

  it('refuses a range outside the file or a quote not in it (exit 2), writing nothing', () => {
    const outside = marginalia('annotate', 'part-one.txt', '--range', '24:10-200:0', '--body', 'x');
    assert.equal(outside.status, 2);
    assert.equal(outside.stdout, '');
    assert.match(outside.stderr, /^part-one\.txt:201:1: error: line 200 \(0-based\) is past the end of the file, which has 80 lines \(0 to 79\) \[annotate-range\]\n/);
    const pastLine = marginalia('annotate', 'part-one.txt', '--range', '23:0-23:1', '--body', 'x');
    assert.equal(pastLine.status, 2);
    assert.match(pastLine.stderr, /^part-one\.txt:24:2: error: character 1 \(0-based\) is past the end of line 23, which has 0 characters \[annotate-range\]/);
    const empty = marginalia('annotate', 'part-one.txt', '--range', '24:10-24:10', '--body', 'x');
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /the range 24:10-24:10 is empty/);
    const absent = marginalia('annotate', 'part-one.txt', '--quote', 'Liesbeth Kroon', '--occurrence', '999', '--body', 'x');
    assert.equal(absent.status, 2);
    assert.match(absent.stderr, /^part-one\.txt:1:1: error: “Liesbeth Kroon” occurs \d+ times in the file, so there is no occurrence 999 \[annotate-quote\]/);
    assert.equal(existsSync(sidecarFile()), false);
    // With a sidecar already there, it stays byte for byte.
    annotate('--quote', 'Matthias', '--body', 'x');
    const before = readFileSync(sidecarFile());
    assert.equal(marginalia('annotate', 'part-one.txt', '--range', '999:0-999:1', '--body', 'x').status, 2);
    assert.deepEqual(readFileSync(sidecarFile()), before);
  });

  it('reports usage errors (exit 2)', () => {
    for (const args of [[], ['--body', 'x'], ['--range', '1:0-1:2'], ['--range', '1:0-1:2', '--quote', 'x', '--body', 'x'], ['--range', 'ten', '--body', 'x'], ['--quote', 'x', '--occurrence', '0', '--body', 'x']]) {
      const result = marginalia('annotate', 'part-one.txt', ...args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /^marginalia annotate: /);
    }
    assert.equal(existsSync(sidecarFile()), false);
  });

  it('leaves a sidecar that does not parse untouched (exit 2), naming its problem', () => {
    const broken = 'notes:\n  endnotes:\n    1: [unclosed\nannotations:\n';
    writeFileSync(sidecarFile(), broken);
    const result = marginalia('annotate', 'part-one.txt', '--quote', 'Matthias', '--body', 'x');
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^part-one\.marginalia\.yaml:\d+:\d+: error: .+ \[sidecar-yaml\]\n/);
    assert.match(result.stderr, /part-one\.marginalia\.yaml: not written: fix the sidecar first/);
    assert.equal(sidecar(), broken);
    const resolve = marginalia('resolve', 'part-one.txt', '--json', '--write');
    assert.equal(resolve.status, 2);
    assert.equal(sidecar(), broken);

    const conflicted = `annotations:\n<<<<<<< HEAD\n  - id: a1\n=======\n  - id: a2\n>>>>>>> theirs\n`;
    writeFileSync(sidecarFile(), conflicted);
    const again = marginalia('annotate', 'part-one.txt', '--quote', 'Matthias', '--body', 'x');
    assert.equal(again.status, 2);
    assert.match(again.stderr, /^part-one\.marginalia\.yaml:2:1: error: .*git conflict markers.* \[sidecar-conflict-markers\]/);
    assert.equal(sidecar(), conflicted);
  });

  it('resolves a passage moved by a paragraph inserted above it: moved, at its new line (exit 0)', () => {
    const id = annotate('--range', '24:22-24:57', '--body', 'x');
    assert.equal(marginalia('resolve', 'part-one.txt', '--json').stdout.includes('"status": "anchored"'), true);
    const lines = manuscript().split('\n');
    lines.splice(24, 0, 'A paragraph written since, above the passage.', '');
    writeFileSync(manuscriptFile(), lines.join('\n'));
    const result = marginalia('resolve', 'part-one.txt', '--json');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      `{"file": "part-one.txt", "annotations": [{"id": "${id}", "status": "moved", "start": {"line": 26, "character": 22}, "end": {"line": 26, "character": 57}, "quote": "the port of Vennholm smelled of tar", "text": "the port of Vennholm smelled of tar"}]}\n`,
    );
    const plain = marginalia('resolve', 'part-one.txt');
    assert.equal(plain.stdout, `part-one.txt:27:23: moved: the port of Vennholm smelled of tar (${id})\n`);
  });

  it('writes only the moved annotation’s target lines with --write, then finds it anchored', () => {
    const above = annotate('--quote', 'Vennholm smelled of tar', '--body', 'above the insertion');
    const below = annotate('--quote', 'Kroon did not hide her opinion of him.', '--body', 'below it');
    const before = sidecar();
    const lines = manuscript().split('\n');
    // Two paragraphs below the passage above, and not next to the one below: only positions change.
    lines.splice(25, 0, 'A paragraph written since, between the two.', '');
    writeFileSync(manuscriptFile(), lines.join('\n'));
    const result = marginalia('resolve', 'part-one.txt', '--json', '--write');
    assert.equal(result.status, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.deepEqual(
      json.annotations.map((a: { id: string; status: string }) => [a.id, a.status]),
      [
        [above, 'anchored'],
        [below, 'moved'],
      ],
    );
    assert.deepEqual(json.updated, [below]);
    const after = sidecar();
    const { removed, added } = changedLines(before, after);
    assert.deepEqual({ removed, added }, { removed: ['      line: 28'], added: ['      line: 30'] });
    const again = marginalia('resolve', 'part-one.txt', '--json', '--write');
    assert.equal(again.status, 0);
    assert.deepEqual(
      JSON.parse(again.stdout).annotations.map((a: { status: string }) => a.status),
      ['anchored', 'anchored'],
    );
    assert.equal(sidecar(), after, 'nothing to update: not written');
  });

  it('reports fuzzy and orphaned passages (exit 1), in resolve and in check; --write accepts only the fuzzy one', () => {
    const edited = annotate('--quote', 'Matthias Kroon was four years younger than his sister and, by temperament, her opposite', '--body', 'x');
    const deleted = annotate('--quote', 'The commission came, in the end, from an unlikely quarter.', '--body', 'y');
    const kept = annotate('--quote', 'Not everyone on the waterfront was so indifferent.', '--body', 'z');
    writeFileSync(
      manuscriptFile(),
      manuscript()
        .replace('four years younger than his sister', 'four years younger than his elder sister')
        .replace('The commission came, in the end, from an unlikely quarter. ', ''),
    );
    const result = marginalia('resolve', 'part-one.txt', '--json');
    assert.equal(result.status, 1, result.stderr);
    const json = JSON.parse(result.stdout);
    const byId = new Map(json.annotations.map((a: { id: string }) => [a.id, a]));
    const fuzzy = byId.get(edited) as Record<string, unknown>;
    assert.equal(fuzzy.status, 'fuzzy');
    assert.equal(fuzzy.text, 'Matthias Kroon was four years younger than his elder sister and, by temperament, her opposite');
    assert.deepEqual(Object.keys(fuzzy).slice(0, 6), ['id', 'status', 'start', 'end', 'quote', 'text']);
    const orphan = byId.get(deleted) as Record<string, unknown>;
    assert.deepEqual(orphan, { id: deleted, status: 'orphaned', quote: 'The commission came, in the end, from an unlikely quarter.' });
    assert.equal((byId.get(kept) as { status: string }).status, 'anchored');

    const check = marginalia('check', 'part-one.txt');
    const items = parseAnnotations(sidecar()).annotations;
    const lineOf = (id: string) => items.find((entry) => entry.annotation.id === id)!.range.start.line + 1;
    assert.match(check.stdout, new RegExp(`^part-one\\.marginalia\\.yaml:${lineOf(edited)}:3: warning: Annotation ${edited}: the passage .* was edited; .* \\[annotation-fuzzy\\]$`, 'm'));
    assert.match(check.stdout, new RegExp(`^part-one\\.marginalia\\.yaml:${lineOf(deleted)}:3: error: Annotation ${deleted} lost its passage: .* \\[annotation-orphaned\\]$`, 'm'));
    assert.doesNotMatch(check.stdout, new RegExp(kept));
    assert.equal(check.status, 1);

    const before = sidecar();
    const write = marginalia('resolve', 'part-one.txt', '--write');
    assert.equal(write.status, 1);
    assert.match(write.stdout, /part-one\.marginalia\.yaml: updated the anchors of 1 annotation\n$/);
    const after = parseAnnotations(sidecar()).annotations.map((entry) => entry.annotation);
    assert.equal(after.find((a) => a.id === edited)!.target.quote, 'Matthias Kroon was four years younger than his elder sister and, by temperament, her opposite');
    // Only lines of the fuzzy annotation's target changed.
    const change = { ...changedLines(before, sidecar()), at: firstChangedLine(before, sidecar()) };
    const item = parseAnnotations(before).annotation(edited)!;
    const targetLines = before.split('\n').slice(item.range.start.line + 2, item.range.end.line);
    assert.ok(change.at >= item.range.start.line + 2 && change.removed.every((line) => targetLines.includes(line)), change.removed.join('\n'));
    assert.ok(change.removed.some((line) => line.includes('his sister')) && change.added.some((line) => line.includes('his elder sister')));
    assert.deepEqual(
      JSON.parse(marginalia('resolve', 'part-one.txt', '--json').stdout).annotations.map((a: { status: string }) => a.status),
      ['anchored', 'orphaned', 'anchored'],
    );
  });

  it('offers, never takes, the place of a sentence moved far off on its own (exit 1): orphaned, with its candidates', () => {
    const sentence = 'Not everyone on the waterfront was so indifferent.';
    const quote = 'on the waterfront';
    const id = annotate('--quote', quote, '--body', 'Which waterfront?');
    writeFileSync(manuscriptFile(), manuscript().replace(`${sentence} `, '').replace('The Baron did not acknowledge it. ', `The Baron did not acknowledge it. ${sentence} `));
    const text = manuscript();
    const lines = text.slice(0, text.indexOf(quote)).split('\n');
    const start = { line: lines.length - 1, character: lines[lines.length - 1].length };
    const result = marginalia('resolve', 'part-one.txt', '--json');
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout).annotations, [
      { id, status: 'orphaned', quote, candidates: [{ start, end: { line: start.line, character: start.character + quote.length } }] },
    ]);
    const plain = marginalia('resolve', 'part-one.txt');
    assert.match(plain.stdout, new RegExp(`^part-one\\.txt:38:\\d+: orphaned: .*${quote}.* \\(${id}\\); its text, without what surrounded it, at ${start.line + 1}:${start.character + 1}\n$`));
  });

  it('lists no annotations for a manuscript without a sidecar (exit 0)', () => {
    const result = marginalia('resolve', 'part-one.txt', '--json');
    assert.equal(result.status, 0);
    assert.equal(result.stdout, '{"file": "part-one.txt", "annotations": []}\n');
    assert.equal(existsSync(sidecarFile()), false);
  });
});
