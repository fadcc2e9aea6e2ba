import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Annotation } from '../../src/core/annotations/annotation';
import { parseAnnotations } from '../../src/core/annotations/annotationYaml';
import { addAnnotation, removeAnnotation, updateAnnotation } from '../../src/core/annotations/annotationEdits';
import { mergeByIds } from '../../src/core/merge/merge';
import { GitError, readFilesAt } from '../../src/node/git';
import type { ReviewReport } from '../../src/core/review/reviewModel';
import { annotating } from '../support/annotationFixture';
import { commitAll, git, initRepository, type Run } from '../support/gitRepository';
import { CLI, runCli } from '../support/cli';
import { joinLines } from '../support/util';


/** The PATH without any other `marginalia` on it: `marginalia init` then sets up this very CLI as the driver. */
const PATH = (process.env.PATH ?? '')
  .split(path.delimiter)
  .filter((folder) => folder !== '' && !existsSync(path.join(folder, 'marginalia')))
  .join(path.delimiter);

/** Runs the built CLI in a folder, as a user would, with no other `marginalia` on the PATH. */
const marginalia = (cwd: string, ...args: string[]): Run => runCli(cwd, args, { ...process.env, PATH });

const BOOK = joinLines('title: The Lighthouse Survey', 'manuscripts:', '  - "chapters/*.txt"', '');

const MANUSCRIPT = joinLines(
  'PART ONE',
  '',
  '1. Spring',
  '',
  'In the spring of 1851 the port of Vennholm smelled of tar, herring and wet rope, and Liesbet walked to the harbour every morning.',
  '',
  'The lighthouse keeper counted the ships that came in from the north and wrote their names in a ledger bound in green cloth.',
  '',
  '2. Summer',
  '',
  "By June the survey had reached the dunes beyond the town, where the wind moved the sand a hand's breadth every night.",
  '',
  'Nobody in the survey party could say who had first drawn the line of the old dike across the marsh, nor when.',
  '',
  '3. Autumn',
  '',
  'The instruments were packed in straw and sent south on the last boat before the ice. Only the keeper stayed behind.',
  '',
);

const annotationOf = annotating('agit');

describe('marginalia review, merge-driver and init, in real git repositories', function () {
  this.timeout(60_000);
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'marginalia-git-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  describe('review', () => {
    let repository: string;
    const manuscriptFile = () => path.join(repository, 'book/chapters/part-one.txt');
    const sidecarFile = () => path.join(repository, 'book/chapters/part-one.marginalia.yaml');
    const annotations: Record<string, Annotation> = {};

    before(() => {
      repository = initRepository(path.join(scratch, 'review'));
      mkdirSync(path.join(repository, 'book/chapters'), { recursive: true });
      writeFileSync(path.join(repository, 'book/marginalia.yaml'), BOOK);
      writeFileSync(manuscriptFile(), MANUSCRIPT);
      const quotes = {
        kept: 'smelled of tar',
        edited: 'walked to the harbour',
        resolved: 'wrote their names',
        deleted: 'bound in green cloth',
        stays: 'counted the ships',
        fuzzy: "the wind moved the sand a hand's breadth every night",
        orphaned: 'who had first drawn the line of the old dike',
        moved: 'packed in straw',
      };
      let sidecar: string | undefined;
      for (const [name, quote] of Object.entries(quotes)) {
        annotations[name] = annotationOf(MANUSCRIPT, quote);
        sidecar = addAnnotation(sidecar, annotations[name]);
      }
      writeFileSync(sidecarFile(), sidecar!);
      commitAll(repository, 'The survey, annotated');

      git(repository, ['checkout', '-q', '-b', 'revision']);
      // A sentence before the passage's (it moves; the sentence after it is as it was), a phrase reworded (fuzzy), a
      // paragraph rewritten (orphaned).
      const revised = MANUSCRIPT.replace('The instruments were', 'A cold wind came. The instruments were')
        .replace('the wind moved the sand', 'the wind shifted the sand')
        .replace('Nobody in the survey party could say who had first drawn the line of the old dike across the marsh, nor when.', 'The marsh was quiet.');
      writeFileSync(manuscriptFile(), revised);
      annotations.added = annotationOf(revised, 'A cold wind came');
      let next = addAnnotation(readFileSync(sidecarFile(), 'utf8'), annotations.added);
      next = updateAnnotation(next, { ...annotations.edited, body: 'On her walk: every morning, even in the gales.', tags: ['people'] });
      next = updateAnnotation(next, { ...annotations.resolved, status: 'resolved' });
      next = removeAnnotation(next, annotations.deleted.id);
      writeFileSync(sidecarFile(), next);
      commitAll(repository, 'Revision of chapters 1 and 2');
    });

    it('lists exactly what the branch did, with the chapters, and exits 1 for the broken anchors', () => {
      const run = marginalia(repository, 'review', '--base', 'main', '--json');
      assert.equal(run.status, 1, run.stderr);
      const report = JSON.parse(run.stdout) as ReviewReport;
      const ids = (list: readonly { id: string }[]) => list.map((item) => item.id);
      assert.deepEqual(ids(report.added), [annotations.added.id]);
      assert.deepEqual(ids(report.changed), [annotations.edited.id]);
      assert.deepEqual(ids(report.resolved), [annotations.resolved.id]);
      assert.deepEqual(ids(report.removed), [annotations.deleted.id]);
      assert.deepEqual(
        report.broken.map((b) => [b.id, b.state, b.file, b.chapter, b.chapterTitle]),
        [
          [annotations.fuzzy.id, 'fuzzy', 'book/chapters/part-one.txt', 2, 'Summer'],
          [annotations.orphaned.id, 'orphaned', 'book/chapters/part-one.txt', 2, 'Summer'],
        ],
      );
      assert.deepEqual(report.moved.map((m) => [m.id, m.to.chapter]), [[annotations.moved.id, 3]]);
      assert.deepEqual(report.added.map((a) => [a.chapter, a.chapterTitle]), [[3, 'Autumn']]);
      assert.deepEqual(report.changed.map((a) => [a.chapter, a.chapterTitle]), [[1, 'Spring']]);
      assert.deepEqual(report.removed.map((a) => [a.chapter, a.quote]), [[1, 'bound in green cloth']]);
      assert.match(report.base, /^main \([0-9a-f]{7}\)$/);
      assert.equal(report.head, 'working tree');
      // Between two commits, the same.
      const committed = JSON.parse(marginalia(repository, 'review', '--base', 'main', '--head', 'revision', '--json').stdout) as ReviewReport;
      assert.deepEqual([ids(committed.broken), committed.head.startsWith('revision (')], [ids(report.broken), true]);
    });

    it('prints the report as Markdown for the pull request, per manuscript and chapter', () => {
      const run = marginalia(path.join(repository, 'book'), 'review', '--base', 'main');
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /^## Marginalia review\n/);
      assert.match(run.stdout, /### book\/chapters\/part\\-one\\\.txt/);
      assert.match(run.stdout, /\*\*Chapter 2 · Summer\*\*\n\n- ⚠️ \*\*fuzzy\*\*.*\n- ⚠️ \*\*orphaned\*\*/);
      // Only a path without broken anchors: exit 0.
      writeFileSync(path.join(repository, 'book/chapters/other.txt'), 'PART TWO\n\n4. Winter\n\nSnow.\n');
      const other = marginalia(repository, 'review', '--base', 'main', 'book/chapters/other.txt', '--json');
      assert.equal(other.status, 0, other.stderr);
      assert.deepEqual((JSON.parse(other.stdout) as ReviewReport).broken, []);
      rmSync(path.join(repository, 'book/chapters/other.txt'));
    });

    it('follows a manuscript renamed between base and head', () => {
      git(repository, ['checkout', '-q', '-b', 'renamed', 'main']);
      git(repository, ['mv', 'book/chapters/part-one.txt', 'book/chapters/part-1.txt']);
      git(repository, ['mv', 'book/chapters/part-one.marginalia.yaml', 'book/chapters/part-1.marginalia.yaml']);
      const sidecar = path.join(repository, 'book/chapters/part-1.marginalia.yaml');
      writeFileSync(sidecar, updateAnnotation(readFileSync(sidecar, 'utf8'), { ...annotations.kept, status: 'resolved' }));
      commitAll(repository, 'Part one is part 1');
      const run = marginalia(repository, 'review', '--base', 'main', '--json');
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as ReviewReport;
      assert.deepEqual(report.files, [{ file: 'book/chapters/part-1.txt', baseFile: 'book/chapters/part-one.txt' }]);
      assert.deepEqual([report.added, report.removed, report.broken], [[], [], []]);
      assert.deepEqual(report.resolved.map((r) => [r.id, r.file]), [[annotations.kept.id, 'book/chapters/part-1.txt']]);
      assert.match(marginalia(repository, 'review', '--base', 'main').stdout, /_renamed from book\/chapters\/part\\-one\\\.txt_/);
      git(repository, ['checkout', '-q', 'revision']);
    });

    it('says so for an unknown ref, and for a sidecar that does not parse on one side', () => {
      const unknown = marginalia(repository, 'review', '--base', 'no-such-branch');
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /unknown ref no-such-branch/);
      const usage = marginalia(repository, 'review');
      assert.equal(usage.status, 2);
      assert.match(usage.stderr, /review needs --base <ref>/);

      const original = readFileSync(sidecarFile(), 'utf8');
      const lines = original.split('\n');
      const bodyLine = lines.findIndex((line) => line.includes('On her walk'));
      lines[bodyLine] = lines[bodyLine].replace('body: ', 'body: "unclosed ');
      writeFileSync(sidecarFile(), lines.join('\n'));
      try {
        const run = marginalia(repository, 'review', '--base', 'main');
        assert.equal(run.status, 2);
        assert.match(run.stderr, /^book\/chapters\/part-one\.marginalia\.yaml:\d+:\d+: error: .+ \(at working tree\) \[sidecar-yaml\]$/m);
        const [, line] = /marginalia\.yaml:(\d+):/.exec(run.stderr)!;
        assert.ok(Math.abs(Number(line) - 1 - bodyLine) <= 1, `${line} near ${bodyLine + 1}`);
      } finally {
        writeFileSync(sidecarFile(), original);
      }
    });

    it('tells a shallow clone lacking the base to fetch more history', () => {
      const clone = path.join(scratch, 'shallow');
      git(scratch, ['clone', '-q', '--depth', '1', '--branch', 'revision', `file://${repository}`, clone]);
      const first = git(repository, ['rev-parse', 'main']).stdout.trim();
      for (const base of ['HEAD~1', first]) {
        const run = marginalia(clone, 'review', '--base', base);
        assert.equal(run.status, 2, run.stdout);
        assert.match(run.stderr, /shallow/);
        assert.match(run.stderr, /git fetch --unshallow/);
        assert.match(run.stderr, /fetch-depth: 0/);
      }
    });
  });

  describe('merging sidecars', () => {
    const paragraphs = Array.from({ length: 12 }, (_, p) =>
      Array.from({ length: 14 }, (_, w) => `word${p}x${w}`).join(' ') + '.',
    );
    const text = joinLines('PART ONE', '', '1. Harbour', '', ...paragraphs.flatMap((paragraph) => [paragraph, '']), '2. Dunes', '', 'Sand.', '');

    /** 50 passages of chapter 1 at seeded random places, many of them next to each other. */
    function fifty(seed: number): Annotation[] {
      let state = seed;
      const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
      const found: Annotation[] = [];
      let previous = '';
      for (let i = 0; i < 50; i++) {
        const paragraph = Math.floor(next() * paragraphs.length);
        // Every other one right after the one before, in the same paragraph when it can.
        const [p, w] = i % 2 === 1 && previous ? previous.split('x').map(Number) : [paragraph, Math.floor(next() * 12)];
        const word = Math.min(w + 1, 13);
        previous = `${p}x${word}`;
        found.push(annotationOf(text, `word${p}x${word}`, { body: `Seed ${seed}, number ${i}.` }));
      }
      return found;
    }

    function repositoryWithSidecar(name: string): { folder: string; sidecar: string } {
      const folder = initRepository(path.join(scratch, name));
      writeFileSync(path.join(folder, 'marginalia.yaml'), 'manuscripts:\n  - "*.txt"\n');
      writeFileSync(path.join(folder, 'harbour.txt'), text);
      const sidecar = path.join(folder, 'harbour.marginalia.yaml');
      writeFileSync(sidecar, addAnnotation(undefined, annotationOf(text, 'word0x0')));
      return { folder, sidecar };
    }

    it('sets up the driver with marginalia init, idempotently, and says what it did', () => {
      const folder = initRepository(path.join(scratch, 'init'));
      writeFileSync(path.join(folder, '.gitattributes'), '*.png binary\n');
      const first = marginalia(folder, 'init');
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /\.gitattributes: added “\*\.marginalia\.yaml merge=marginalia”/);
      assert.match(first.stdout, /git config merge\.marginalia\.driver: set to “.+ merge-driver %O %A %B %P”/);
      assert.equal(readFileSync(path.join(folder, '.gitattributes'), 'utf8'), '*.png binary\n\n# Marginalia: merge sidecars and the book file by id (marginalia init)\n*.marginalia.yaml merge=marginalia\nmarginalia.yaml merge=marginalia\n');
      assert.match(git(folder, ['config', 'merge.marginalia.driver']).stdout, new RegExp(`${CLI.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}'? merge-driver %O %A %B %P`));
      assert.equal(git(folder, ['check-attr', 'merge', 'a/b.marginalia.yaml']).stdout.trim(), 'a/b.marginalia.yaml: merge: marginalia');
      const again = marginalia(folder, 'init');
      assert.equal(again.status, 0);
      assert.match(again.stdout, /Nothing to do/);
      assert.equal(readFileSync(path.join(folder, '.gitattributes'), 'utf8').match(/merge=marginalia/g)?.length, 2);
      const outside = marginalia(scratch, 'init');
      assert.equal(outside.status, 2);
      assert.match(outside.stderr, /not in a git repository/);
    });

    it('merges two branches that each added 50 annotations to one chapter: no conflict, all 100 there', () => {
      const { folder, sidecar } = repositoryWithSidecar('merge');
      assert.equal(marginalia(folder, 'init').status, 0);
      commitAll(folder, 'A chapter, annotated once');
      git(folder, ['checkout', '-q', '-b', 'ada']);
      const ours = fifty(7);
      writeFileSync(sidecar, ours.reduce((t, a) => addAnnotation(t, a), readFileSync(sidecar, 'utf8')));
      commitAll(folder, 'Ada annotates');
      git(folder, ['checkout', '-q', '-b', 'jens', 'main']);
      const theirs = fifty(11);
      writeFileSync(sidecar, theirs.reduce((t, a) => addAnnotation(t, a), readFileSync(sidecar, 'utf8')));
      commitAll(folder, 'Jens annotates');
      const merge = git(folder, ['merge', '--no-edit', 'ada'], true);
      assert.equal(merge.status, 0, merge.stdout + merge.stderr);
      assert.equal(git(folder, ['status', '--porcelain']).stdout, '');
      const merged = readFileSync(sidecar, 'utf8');
      assert.doesNotMatch(merged, /^(<<<<<<<|=======|>>>>>>>)/m);
      const parsed = parseAnnotations(merged);
      assert.deepEqual(parsed.problems, []);
      const ids = new Set(parsed.annotations.map((entry) => entry.annotation.id));
      for (const annotation of [...ours, ...theirs]) assert.ok(ids.has(annotation.id), annotation.id);
      assert.equal(ids.size, 101);
      assert.equal(marginalia(folder, 'check', 'harbour.txt').stdout.includes('error'), false);
      // Merged by the driver, not line by line: exactly the merge by id of the three versions.
      const version = (ref: string) => git(folder, ['show', `${ref}:harbour.marginalia.yaml`]).stdout;
      const byIds = mergeByIds(version('main'), version('jens'), version('ada'));
      assert.ok(byIds.ok);
      assert.equal(merged, byIds.text);
    });

    it('reports both sides editing one annotation: exit 1 from the driver, a conflict for git, a file that still parses', () => {
      const { folder, sidecar } = repositoryWithSidecar('conflict');
      assert.equal(marginalia(folder, 'init').status, 0);
      commitAll(folder, 'One annotation');
      const [only] = parseAnnotations(readFileSync(sidecar, 'utf8')).annotations.map((entry) => entry.annotation);
      git(folder, ['checkout', '-q', '-b', 'ada']);
      writeFileSync(sidecar, updateAnnotation(readFileSync(sidecar, 'utf8'), { ...only, body: 'Ada: the ledger says 1851.' }));
      commitAll(folder, 'Ada');
      git(folder, ['checkout', '-q', 'main']);
      writeFileSync(sidecar, updateAnnotation(readFileSync(sidecar, 'utf8'), { ...only, body: 'Jens: the ledger says 1852.' }));
      commitAll(folder, 'Jens');
      const merge = git(folder, ['merge', '--no-edit', 'ada'], true);
      assert.equal(merge.status, 1);
      assert.match(merge.stdout + merge.stderr, /CONFLICT \(content\): Merge conflict in harbour\.marginalia\.yaml/);
      assert.match(merge.stderr, new RegExp(`harbour\\.marginalia\\.yaml:\\d+:1: error: annotation ${only.id} was changed on both branches`));
      assert.match(git(folder, ['status', '--porcelain']).stdout, /^UU harbour\.marginalia\.yaml$/m);
      const merged = readFileSync(sidecar, 'utf8');
      const parsed = parseAnnotations(merged);
      assert.equal(parsed.parsed, true);
      assert.equal(parsed.annotation(only.id)?.annotation.body, 'Jens: the ledger says 1852.');
      assert.match(merged, /other:\n(?: {8}.*\n)*? {8}body: "?Ada: the ledger says 1851\./);
      const check = marginalia(folder, 'check', 'harbour.txt');
      assert.equal(check.status, 1);
      assert.match(check.stdout, new RegExp(`harbour\\.marginalia\\.yaml:\\d+:\\d+: error: Annotation ${only.id} was changed on both branches: choose one .* \\[merge-conflict\\]`));
      git(folder, ['merge', '--abort']);

      // The driver by hand, as git runs it.
      const files = ['base', 'ours', 'theirs'].map((name) => path.join(folder, `${name}.yaml`));
      writeFileSync(files[0], git(folder, ['show', 'main~1:harbour.marginalia.yaml']).stdout);
      writeFileSync(files[1], git(folder, ['show', 'main:harbour.marginalia.yaml']).stdout);
      writeFileSync(files[2], git(folder, ['show', 'ada:harbour.marginalia.yaml']).stdout);
      const driver = marginalia(folder, 'merge-driver', ...files, 'harbour.marginalia.yaml');
      assert.equal(driver.status, 1);
      assert.equal(readFileSync(files[1], 'utf8'), merged);
    });

    it('points a sidecar with raw conflict markers (no driver) at marginalia init', () => {
      const { folder, sidecar } = repositoryWithSidecar('markers');
      commitAll(folder, 'One annotation');
      const [only] = parseAnnotations(readFileSync(sidecar, 'utf8')).annotations.map((entry) => entry.annotation);
      git(folder, ['checkout', '-q', '-b', 'ada']);
      writeFileSync(sidecar, updateAnnotation(readFileSync(sidecar, 'utf8'), { ...only, body: 'Ada.' }));
      commitAll(folder, 'Ada');
      git(folder, ['checkout', '-q', 'main']);
      writeFileSync(sidecar, updateAnnotation(readFileSync(sidecar, 'utf8'), { ...only, body: 'Jens.' }));
      commitAll(folder, 'Jens');
      assert.equal(git(folder, ['merge', '--no-edit', 'ada'], true).status, 1);
      assert.match(readFileSync(sidecar, 'utf8'), /^<<<<<<< /m);
      const check = marginalia(folder, 'check', 'harbour.txt');
      assert.equal(check.status, 1);
      assert.match(check.stdout, /harbour\.marginalia\.yaml:\d+:1: error: .*conflict markers.*run `marginalia init`.* \[sidecar-conflict-markers\]/);
      const review = marginalia(folder, 'review', '--base', 'ada');
      assert.equal(review.status, 2);
      assert.match(review.stderr, /harbour\.marginalia\.yaml:\d+:1: error: .*marginalia init.*\(at working tree\)/);
    });
  });

  it('reads files at a commit through git cat-file, and says why when git ends before reading its input', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'marginalia-no-repository-'));
    try {
      // More paths than a pipe holds: git, not in a repository, exits first, and the rest of the
      // write fails with EPIPE, which was thrown uncaught instead of git's own message.
      const files = Array.from({ length: 20_000 }, (_, i) => `chapters/part-${i}.marginalia.yaml`);
      await assert.rejects(readFilesAt(folder, 'HEAD', files), (error: Error) => error instanceof GitError && /not a git repository/.test(error.message));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
