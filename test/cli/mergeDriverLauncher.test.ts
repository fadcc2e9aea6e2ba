import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseAnnotations } from '../../src/core/annotations/annotationYaml';
import { addAnnotation } from '../../src/core/annotations/annotationEdits';
import { setUpGitIntegration } from '../../src/node/gitIntegration';
import { writeMergeDriverLauncher, type LauncherTarget } from '../../src/node/mergeDriverLauncher';
import { annotating } from '../support/annotationFixture';
import { commitAll, git, initRepository, type Run } from '../support/gitRepository';
import { joinLines, repoRoot } from '../support/util';

const CLI = path.join(repoRoot, 'dist/cli.js');
const VERSION = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version as string;

/** Runs `command` with exactly this PATH (and nothing of ours), as a git GUI with a short PATH would. */
function run(command: string, args: readonly string[], PATH: string, cwd = repoRoot): Run {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { HOME: process.env.HOME, PATH } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const TEXT = joinLines('PART ONE', '', '1. Harbour', '', 'The keeper counted the ships that came in from the north.', '', 'Liesbet walked to the harbour every morning.', '');

describe('the merge driver: its launcher, and what it says when something is missing', function () {
  this.timeout(60_000);
  let scratch: string;
  /** A folder with git and nothing else: a PATH on which there is no node. */
  let gitOnly: string;
  /** The PATH of this process without the folders that hold a `marginalia`. */
  let pathWithoutMarginalia: string;
  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'marginalia-launcher-'));
    gitOnly = path.join(scratch, 'git-only');
    mkdirSync(gitOnly);
    const gitBinary = run('sh', ['-c', 'command -v git'], process.env.PATH ?? '').stdout.trim();
    symlinkSync(gitBinary, path.join(gitOnly, 'git'));
    pathWithoutMarginalia = (process.env.PATH ?? '')
      .split(path.delimiter)
      .filter((folder) => folder !== '' && !existsSync(path.join(folder, 'marginalia')))
      .join(path.delimiter);
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  /**
   * A stand-in for the editor's runtime: it notes how it was run (ELECTRON_RUN_AS_NODE), then runs
   * node by its absolute path, as Electron would run the script as node.
   */
  function fakeEditorRuntime(name: string): { runtime: string; log: string } {
    const runtime = path.join(scratch, name);
    const log = `${runtime}.log`;
    writeFileSync(runtime, `#!/bin/sh\necho "ELECTRON_RUN_AS_NODE=$ELECTRON_RUN_AS_NODE" >> '${log}'\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
    return { runtime, log };
  }

  it('writes the launcher once, executable, and again only when the extension moved', async () => {
    const folder = path.join(scratch, 'storage-once', 'bin');
    const target: LauncherTarget = { cliPath: CLI, runtime: process.execPath, version: VERSION };
    const first = await writeMergeDriverLauncher(folder, target);
    assert.equal(first.written, true);
    assert.equal(first.path, path.join(folder, 'marginalia-merge-driver'));
    assert.equal(statSync(first.path).mode & 0o111, 0o111, 'executable');
    const again = await writeMergeDriverLauncher(folder, target);
    assert.equal(again.written, false, 'the same content is not written again');
    const moved = await writeMergeDriverLauncher(folder, { ...target, cliPath: path.join(scratch, 'marginalia-2.0.0', 'dist', 'cli.js') });
    assert.equal(moved.written, true);
    assert.equal(moved.path, first.path, 'the path stays');
    assert.match(readFileSync(moved.path, 'utf8'), /marginalia-2\.0\.0\/dist\/cli\.js/);
    assert.equal(statSync(moved.path).mode & 0o111, 0o111, 'still executable');
  });

  it('runs the CLI with node from the PATH, else with the editor runtime as node', async () => {
    const { runtime, log } = fakeEditorRuntime('editor-runtime');
    const { path: launcher } = await writeMergeDriverLauncher(path.join(scratch, 'storage-run', 'bin'), { cliPath: CLI, runtime, version: VERSION });
    const withNode = run(launcher, ['--version'], process.env.PATH ?? '');
    assert.equal(withNode.status, 0, withNode.stderr);
    assert.equal(withNode.stdout.trim(), VERSION);
    assert.equal(existsSync(log), false, 'node from the PATH, not the editor runtime');
    const withoutNode = run(launcher, ['--version'], gitOnly);
    assert.equal(withoutNode.status, 0, withoutNode.stderr);
    assert.equal(withoutNode.stdout.trim(), VERSION);
    assert.equal(readFileSync(log, 'utf8'), 'ELECTRON_RUN_AS_NODE=1\n');
  });

  it('says what to do when the extension is gone, or when nothing can run it', async () => {
    const gone = path.join(scratch, 'uninstalled', 'dist', 'cli.js');
    const { path: orphan } = await writeMergeDriverLauncher(path.join(scratch, 'storage-gone', 'bin'), { cliPath: gone, runtime: process.execPath, version: VERSION });
    const noCli = run(orphan, ['merge-driver', 'a', 'b', 'c', 'd'], process.env.PATH ?? '');
    assert.equal(noCli.status, 2);
    assert.match(noCli.stderr, new RegExp(`the Marginalia extension's CLI is not at ${gone.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} .*open VS Code with the Marginalia extension once`));
    const missingRuntime = path.join(scratch, 'old-editor', 'code');
    const { path: stranded } = await writeMergeDriverLauncher(path.join(scratch, 'storage-stranded', 'bin'), { cliPath: CLI, runtime: missingRuntime, version: VERSION });
    const noRuntime = run(stranded, ['--version'], gitOnly);
    assert.equal(noRuntime.status, 2);
    assert.match(noRuntime.stderr, /node is not on the PATH and the editor's runtime .*old-editor\/code is gone: install Node\.js, or open VS Code/);
  });

  it('merges two annotated branches through the launcher that Set Up Git Integration configured, also with no node on the PATH', async () => {
    const folder = initRepository(path.join(scratch, 'merge'));
    const sidecar = path.join(folder, 'harbour.marginalia.yaml');
    writeFileSync(path.join(folder, 'marginalia.yaml'), 'manuscripts:\n  - "*.txt"\n');
    writeFileSync(path.join(folder, 'harbour.txt'), TEXT);
    const annotationOf = annotating('launch');
    writeFileSync(sidecar, addAnnotation(undefined, annotationOf(TEXT, 'keeper')));
    const { runtime, log } = fakeEditorRuntime('merge-runtime');
    const { path: launcher } = await writeMergeDriverLauncher(path.join(scratch, 'storage-merge', 'bin'), { cliPath: CLI, runtime, version: VERSION });
    const savedPath = process.env.PATH;
    process.env.PATH = pathWithoutMarginalia;
    try {
      await setUpGitIntegration({ cwd: folder, launcher });
    } finally {
      process.env.PATH = savedPath;
    }
    assert.equal(git(folder, ['config', 'merge.marginalia.driver']).stdout.trim(), `${launcher} merge-driver %O %A %B %P`);
    commitAll(folder, 'One annotation');

    const branches = (tag: string) => {
      git(folder, ['checkout', '-q', '-b', `ada-${tag}`, 'main']);
      const ada = annotationOf(TEXT, 'ships', { body: `Ada, ${tag}.` });
      writeFileSync(sidecar, addAnnotation(readFileSync(sidecar, 'utf8'), ada));
      commitAll(folder, 'Ada annotates');
      git(folder, ['checkout', '-q', '-b', `jens-${tag}`, 'main']);
      const jens = annotationOf(TEXT, 'harbour every', { body: `Jens, ${tag}.` });
      writeFileSync(sidecar, addAnnotation(readFileSync(sidecar, 'utf8'), jens));
      commitAll(folder, 'Jens annotates');
      return [ada.id, jens.id];
    };
    for (const [tag, PATH] of [
      ['with-node', process.env.PATH ?? ''],
      ['without-node', gitOnly],
    ]) {
      const ids = branches(tag);
      const merge = run('git', ['merge', '--no-edit', `ada-${tag}`], PATH, folder);
      assert.equal(merge.status, 0, `${tag}: ${merge.stdout}${merge.stderr}`);
      assert.equal(git(folder, ['status', '--porcelain']).stdout, '');
      const merged = parseAnnotations(readFileSync(sidecar, 'utf8'));
      assert.deepEqual(merged.problems, []);
      for (const id of ids) assert.ok(merged.annotation(id), `${tag}: ${id} kept`);
    }
    assert.equal(readFileSync(log, 'utf8'), 'ELECTRON_RUN_AS_NODE=1\n', 'the editor runtime ran the driver once: the merge without node');
  });

  it('refuses a merge whose base (%O) is missing: names it, says what to do, writes nothing', () => {
    const folder = initRepository(path.join(scratch, 'missing-base'));
    const sidecar = path.join(folder, 'harbour.marginalia.yaml');
    writeFileSync(path.join(folder, 'harbour.txt'), TEXT);
    const annotationOf = annotating('nobase');
    writeFileSync(sidecar, addAnnotation(undefined, annotationOf(TEXT, 'keeper')));
    writeFileSync(path.join(folder, '.gitattributes'), '*.marginalia.yaml merge=marginalia\n');
    // A driver set up wrongly: what git passes for %O is not a file.
    git(folder, ['config', 'merge.marginalia.driver', `'${process.execPath}' '${CLI}' merge-driver %O.gone %A %B %P`]);
    commitAll(folder, 'One annotation');
    git(folder, ['checkout', '-q', '-b', 'ada']);
    writeFileSync(sidecar, addAnnotation(readFileSync(sidecar, 'utf8'), annotationOf(TEXT, 'ships')));
    commitAll(folder, 'Ada');
    git(folder, ['checkout', '-q', 'main']);
    writeFileSync(sidecar, addAnnotation(readFileSync(sidecar, 'utf8'), annotationOf(TEXT, 'harbour every')));
    const ours = commitAll(folder, 'Jens');
    const merge = git(folder, ['merge', '--no-edit', 'ada'], true);
    assert.equal(merge.status, 1);
    assert.match(
      merge.stderr,
      /marginalia merge-driver: the base version \(%O\) of harbour\.marginalia\.yaml, \S+\.gone: no such file\. .*check it \(git config merge\.marginalia\.driver\), or run marginalia init .*Nothing was written/,
    );
    assert.match(git(folder, ['status', '--porcelain']).stdout, /^UU harbour\.marginalia\.yaml$/m);
    assert.equal(readFileSync(sidecar, 'utf8'), git(folder, ['show', `${ours}:harbour.marginalia.yaml`]).stdout, 'ours, untouched');
    git(folder, ['merge', '--abort']);
  });

  it('refuses a run by hand with a missing file before reading or writing any', () => {
    const ours = path.join(scratch, 'ours.yaml');
    const theirs = path.join(scratch, 'theirs.yaml');
    writeFileSync(ours, 'annotations: []\n');
    writeFileSync(theirs, 'annotations: []\n');
    const missing = run(process.execPath, [CLI, 'merge-driver', '%O', ours, theirs, 'harbour.marginalia.yaml'], process.env.PATH ?? '');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /the base version \(%O\) of harbour\.marginalia\.yaml, %O: no such file/);
    const folderAsTheirs = run(process.execPath, [CLI, 'merge-driver', ours, ours, scratch], process.env.PATH ?? '');
    assert.equal(folderAsTheirs.status, 2);
    assert.match(folderAsTheirs.stderr, /their version \(%B\) of .*ours\.yaml, .*: is not a file/);
    assert.equal(readFileSync(ours, 'utf8'), 'annotations: []\n');
  });
});
