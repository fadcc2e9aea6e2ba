import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { addAnnotation } from '../../src/core/annotations/annotationEdits';
import { STICKY_COMMENT_MARKER } from '../../src/core/review/githubReview';
import { annotating } from '../support/annotationFixture';
import { githubOutputs, workflowCommands } from '../support/githubCommands';
import { commitAll, git, initRepository } from '../support/gitRepository';
import { joinLines, repoRoot } from '../support/util';

const CLI = path.join(repoRoot, 'dist/cli.js');
const WORKFLOW = path.join(repoRoot, 'docs/ci/marginalia-review.yml');

interface Step {
  readonly name?: string;
  readonly if?: string;
  readonly run?: string;
  readonly permissions?: unknown;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }>;
}

const MANUSCRIPT = joinLines(
  'PART TWO',
  '',
  '4. The Ferry',
  '',
  'The ferry to the islands left at six, loaded with mail sacks, two goats and the schoolmaster.',
  '',
  'On the crossing the fog came down so thick that the pilot steered by the sound of the bell buoy.',
  '',
  'Nobody aboard could remember who had hung the brass bell on the pier, nor why it was never rung.',
  '',
);

/** A body that tries every way out of a workflow command. */
const HOSTILE_BODY = 'Seen.\n::set-output name=token::stolen\n::add-mask::everything\n::stop-commands::pause\n::error file=x,line=1::forged "quoted" \'too\' 100%';

/** A stand-in for the GitHub CLI: `--edit-last` fails until a comment exists, as gh does; every call is logged. */
const FAKE_GH = `#!/usr/bin/env bash
set -euo pipefail
echo "gh $*" >> "$GH_LOG"
edit=0; body=
while [ $# -gt 0 ]; do
  case "$1" in
    --edit-last) edit=1 ;;
    --body-file) body="$2"; shift ;;
  esac
  shift
done
if [ "$edit" = 1 ] && [ ! -f "$GH_COMMENT" ]; then echo "no comments found for current user" >&2; exit 1; fi
cp "$body" "$GH_COMMENT"
`;

describe('the GitHub workflow of docs/ci, its steps run here', function () {
  this.timeout(60_000);
  let scratch: string;
  let workflow: Workflow;
  let bin: string;
  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'marginalia-workflow-'));
    workflow = parse(readFileSync(WORKFLOW, 'utf8')) as Workflow;
    bin = path.join(scratch, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'gh'), FAKE_GH);
    chmodSync(path.join(bin, 'gh'), 0o755);
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  /** The `run:` of a step, by job and name. */
  const step = (job: string, name: string): Step => {
    const found = workflow.jobs[job].steps.find((s) => s.name === name);
    assert.ok(found?.run, `step “${name}” of job ${job}`);
    return found;
  };

  /** Runs a step's script as the runner does (bash -eo pipefail), in `cwd`, with the workflow's variables given. */
  const runStep = (cwd: string, script: string, env: Record<string, string>) => {
    const file = path.join(scratch, `step-${Math.random().toString(36).slice(2)}.sh`);
    writeFileSync(file, script);
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, npm_config_yes: 'false', ...env },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  /** A book repository with marginalia installed, as actions/checkout leaves a pull request's branch (`depth` 0: whole history). */
  const checkout = (origin: string, branch: string, name: string, depth = 0): string => {
    const folder = path.join(scratch, name);
    git(scratch, ['clone', '-q', ...(depth > 0 ? ['--depth', String(depth)] : []), '--branch', branch, `file://${origin}`, folder]);
    mkdirSync(path.join(folder, 'node_modules/.bin'), { recursive: true });
    // What npm ci makes of marginalia's "bin": an executable that runs the CLI.
    const bin = path.join(folder, 'node_modules/.bin/marginalia');
    writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(bin, 0o755);
    return folder;
  };

  let origin: string;
  before(() => {
    origin = initRepository(path.join(scratch, 'origin'));
    const annotate = annotating('agh');
    mkdirSync(path.join(origin, 'book/chapters'), { recursive: true });
    writeFileSync(path.join(origin, '.gitignore'), 'node_modules/\n');
    writeFileSync(path.join(origin, 'package.json'), '{ "name": "the-crossing", "private": true }\n');
    writeFileSync(path.join(origin, 'book/marginalia.yaml'), joinLines('title: The Crossing', 'manuscripts:', '  - "chapters/*.txt"', ''));
    writeFileSync(path.join(origin, 'book/chapters/part-one.txt'), MANUSCRIPT);
    let sidecar = addAnnotation(undefined, annotate(MANUSCRIPT, 'the fog came down so thick that the pilot steered by the sound of the bell buoy'));
    sidecar = addAnnotation(sidecar, annotate(MANUSCRIPT, 'who had hung the brass bell on the pier', { body: HOSTILE_BODY, author: 'Mallory, "the" reviewer: x' }));
    writeFileSync(path.join(origin, 'book/chapters/part-one.marginalia.yaml'), sidecar);
    commitAll(origin, 'The crossing, annotated');
    git(origin, ['checkout', '-q', '-b', 'revision']);
    const revised = MANUSCRIPT.replace('steered by the sound', 'steered by the sounds').replace(
      'Nobody aboard could remember who had hung the brass bell on the pier, nor why it was never rung.',
      'The pier was empty.',
    );
    writeFileSync(path.join(origin, 'book/chapters/part-one.txt'), revised);
    commitAll(origin, 'Revision');
    git(origin, ['checkout', '-q', 'main']);
  });

  it('runs on pull_request with the least permissions and the whole history', () => {
    assert.deepEqual(Object.keys(workflow.on), ['pull_request']);
    assert.doesNotMatch(readFileSync(WORKFLOW, 'utf8'), /^\s*pull_request_target:/m);
    assert.deepEqual(workflow.permissions, {});
    assert.deepEqual(workflow.jobs.review.permissions, { contents: 'read' });
    assert.deepEqual(workflow.jobs.comment.permissions, { 'pull-requests': 'write' });
    assert.match(readFileSync(WORKFLOW, 'utf8'), /fetch-depth: 0/);
  });

  it('annotates the broken lines, fills the summary and the outputs, and keeps one comment', () => {
    const folder = checkout(origin, 'revision', 'pull');
    const summary = path.join(scratch, 'summary.md');
    const outputs = path.join(scratch, 'outputs');
    const ghLog = path.join(scratch, 'gh.log');
    const comment = path.join(scratch, 'comment.md');
    const env = { GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: outputs, BASE_REF: 'main', BOOK: 'book', PR: '7', GH_LOG: ghLog, GH_COMMENT: comment };

    const review = runStep(folder, step('review', 'Review annotations, notes and cast').run!, env);
    assert.equal(review.status, 0, review.stderr);
    const commands = workflowCommands(review.stdout);
    assert.deepEqual(
      commands.map((c) => [c.name, c.properties.file, c.properties.line, c.properties.title.replace(/agh\d+/, 'ID')]),
      [
        ['error', 'book/chapters/part-one.txt', '9', 'Annotation ID orphaned'],
        ['warning', 'book/chapters/part-one.txt', '7', 'Annotation ID fuzzy'],
      ],
    );
    // The hostile body is in the error's message, whole, and started no command of its own.
    assert.ok(commands[0].message.includes('Mallory, "the" reviewer: x: Seen. ::set-output name=token::stolen ::add-mask::everything'), commands[0].message);
    assert.deepEqual(review.stdout.split('\n').filter((line) => line.startsWith('::')).length, 2);
    assert.match(readFileSync(summary, 'utf8'), /^## Marginalia review\n/);
    const written = githubOutputs(readFileSync(outputs, 'utf8'));
    assert.equal(written.get('broken'), '2');
    assert.equal(written.get('status'), '1');
    assert.ok(written.get('comment')!.startsWith(`${STICKY_COMMENT_MARKER}\n## Marginalia review`));

    const check = runStep(folder, step('review', 'Check the book').run!, env);
    assert.equal(check.status, 1, `${check.stdout}${check.stderr}`);
    assert.equal(step('review', 'Fail when annotations broke').if, "steps.review.outputs.status == '1'");
    const fail = runStep(folder, step('review', 'Fail when annotations broke').run!, env);
    assert.equal(fail.status, 1);
    assert.equal(workflowCommands(fail.stdout)[0].name, 'error');

    // The comment job, twice (two pushes): created once, then edited.
    const post = step('comment', 'Post or update the review comment').run!;
    for (let push = 0; push < 2; push++) assert.equal(runStep(scratch, post, { ...env, COMMENT: written.get('comment')! }).status, 0);
    assert.deepEqual(readFileSync(ghLog, 'utf8').trim().split('\n'), [
      'gh pr comment 7 --edit-last --body-file marginalia-review.md',
      'gh pr comment 7 --body-file marginalia-review.md',
      'gh pr comment 7 --edit-last --body-file marginalia-review.md',
    ]);
    assert.equal(readFileSync(comment, 'utf8'), `${written.get('comment')}\n`);
  });

  it('stops a shallow checkout with an error that names fetch-depth: 0', () => {
    const folder = checkout(origin, 'revision', 'shallow', 1);
    git(folder, ['fetch', '-q', '--depth', '1', 'origin', 'main:refs/remotes/origin/main']);
    const outputs = path.join(scratch, 'shallow-outputs');
    const review = runStep(folder, step('review', 'Review annotations, notes and cast').run!, { GITHUB_STEP_SUMMARY: path.join(scratch, 'shallow-summary.md'), GITHUB_OUTPUT: outputs, BASE_REF: 'main', BOOK: 'book' });
    assert.equal(review.status, 2);
    assert.match(review.stderr, /shallow.*fetch-depth: 0/);
    const [error] = workflowCommands(review.stdout);
    assert.equal(error.name, 'error');
    assert.match(error.message, /fetch-depth: 0/);
    assert.equal(githubOutputs(readFileSync(outputs, 'utf8')).get('comment'), undefined);
  });
});
