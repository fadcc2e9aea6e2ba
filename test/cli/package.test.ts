/**
 * The packages a user installs, made as a release makes them: the extension's `.vsix`
 * (`npm run package`) holds exactly the files the installed extension uses, and the CLI's tarball
 * (`npm pack`) installs globally from a temporary prefix, without the network, and runs.
 * Both builds are production builds; afterwards `npm run build` puts the development build back
 * (source maps, the benchmark) and `dist/marginalia.vsix` stays for the installed-extension test.
 */
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseAnnotations } from '../../src/core/annotations/annotationYaml';
import { addAnnotation } from '../../src/core/annotations/annotationEdits';
import type { ReviewReport } from '../../src/core/review/reviewModel';
import { annotating } from '../support/annotationFixture';
import { commitAll, git, initRepository, type Run } from '../support/gitRepository';
import { writeReviewScenario } from '../support/reviewScenario';
import { joinLines, repoRoot } from '../support/util';
import { zipEntries } from '../support/zip';

/** What the test's own `npm run` put in the environment (npm_config_prefix and the like) would steer the npm it runs. */
const cleanEnvironment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));

function run(command: string, args: readonly string[], options: SpawnSyncOptions = {}): Run {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: cleanEnvironment, ...options });
  if (result.error) throw result.error;
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

function succeeded(what: string, result: Run): Run {
  assert.equal(result.status, 0, `${what} failed:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** Files the installed extension opens although no manifest field names them. */
const RUNTIME_FILES = ['dist/cli.js'];
/** The folders the CLI reads beside itself (src/node/dictionary.ts). */
const CLI_RUNTIME_FOLDERS = ['dist/dictionary'];
/** What vsce adds to every package, and what the Marketplace shows from it. */
const PACKAGE_METADATA = ['[Content_Types].xml', 'extension.vsixmanifest', 'extension/package.json', 'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt'];

const BOOK = joinLines('manuscripts:', '  - "*.txt"', '');

type IconPath = string | { light?: string; dark?: string } | undefined;
interface Manifest {
  main?: string;
  browser?: string;
  icon?: string;
  dependencies?: Record<string, string>;
  contributes?: {
    languages?: { configuration?: string; icon?: IconPath }[];
    grammars?: { path: string }[];
    snippets?: { path: string }[];
    jsonValidation?: { url: string }[];
    yamlValidation?: { url: string }[];
    themes?: { path: string }[];
    iconThemes?: { path: string }[];
    productIconThemes?: { path: string }[];
    viewsContainers?: Record<string, { icon?: IconPath }[]>;
    views?: Record<string, { icon?: IconPath }[]>;
    commands?: { icon?: IconPath }[];
  };
}

function iconFiles(icon: IconPath): (string | undefined)[] {
  if (typeof icon === 'string') return icon.startsWith('$(') ? [] : [icon];
  return icon ? [icon.light, icon.dark] : [];
}

/** The files of the extension that its manifest names, relative to the extension's folder. */
function manifestReferences(manifest: Manifest): string[] {
  const c = manifest.contributes ?? {};
  const entryPoint = (file: string | undefined) => (file && !file.endsWith('.js') ? `${file}.js` : file);
  const paths = [
    entryPoint(manifest.main),
    entryPoint(manifest.browser),
    manifest.icon,
    ...(c.languages ?? []).flatMap((language) => [language.configuration, ...iconFiles(language.icon)]),
    ...[...(c.grammars ?? []), ...(c.snippets ?? []), ...(c.themes ?? []), ...(c.iconThemes ?? []), ...(c.productIconThemes ?? [])].map((entry) => entry.path),
    ...[...(c.jsonValidation ?? []), ...(c.yamlValidation ?? [])].map((entry) => entry.url).filter((url) => !/^[a-z]+:/i.test(url)),
    ...Object.values(c.viewsContainers ?? {}).flat().flatMap((container) => iconFiles(container.icon)),
    ...Object.values(c.views ?? {}).flat().flatMap((view) => iconFiles(view.icon)),
    ...(c.commands ?? []).flatMap((command) => iconFiles(command.icon)),
  ];
  return paths.filter((file): file is string => file !== undefined).map((file) => path.posix.normalize(file));
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(folder, file));
}

/**
 * A file (or folder) the extension's code opens in its own folder: the folder it is in, and its path as
 * a pattern (a `${…}` stands for any name) that also covers what a folder holds.
 */
interface CodeReference {
  readonly folder: string;
  readonly pattern: RegExp;
}

/** Where the code calls `vscode.Uri.joinPath(…extensionUri, 'media', \`gutter-${look}.svg\`)` and the like. */
function codeReferences(): CodeReference[] {
  const references: CodeReference[] = [];
  for (const file of sourceFiles(path.join(repoRoot, 'src'))) {
    for (const call of readFileSync(file, 'utf8').matchAll(/joinPath\(\s*[\w.]*extensionUri\s*,([^)]*)\)/g)) {
      const segments = [...call[1].matchAll(/'([^']*)'|`([^`]*)`/g)].map((literal) => literal[1] ?? literal[2]);
      const folder = segments.slice(0, -1).join('/');
      assert.doesNotMatch(folder, /\$\{/, `${file}: the folder of a file the extension opens is written out, for this test to check it`);
      const escaped = segments.join('/').split(/\$\{[^}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      references.push({ folder, pattern: new RegExp(`^${escaped.join('[^/]*')}(?:/.+)?$`) });
    }
  }
  return references;
}

/** The manifest as packaged: the one VS Code reads. */
function packagedManifest(vsix: Map<string, () => Buffer>): Manifest {
  const read = vsix.get('extension/package.json');
  assert.ok(read, 'the .vsix holds extension/package.json');
  return JSON.parse(read().toString('utf8')) as Manifest;
}

describe('the packages a user installs', function () {
  this.timeout(240_000);
  let scratch: string;
  let tarball: { filename: string; files: { path: string }[] };
  let vsix: Map<string, () => Buffer>;

  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'marginalia-package-'));
    const packed = succeeded('npm pack', run('npm', ['pack', '--json', '--pack-destination', scratch]));
    [tarball] = JSON.parse(packed.stdout) as (typeof tarball)[];
    succeeded('npm run package', run('npm', ['run', 'package']));
    vsix = zipEntries(readFileSync(path.join(repoRoot, 'dist/marginalia.vsix')));
  });

  after(() => {
    rmSync(scratch, { recursive: true, force: true });
    succeeded('npm run build', run('npm', ['run', 'build']));
  });

  describe('the extension (dist/marginalia.vsix)', () => {
    it('holds every file the extension refers to at run time', () => {
      const missing = [...manifestReferences(packagedManifest(vsix)), ...RUNTIME_FILES].filter((file) => !vsix.has(`extension/${file}`));
      assert.deepEqual(missing, [], 'referred to by package.json or the code, but not packaged: allow them in .vscodeignore');
      for (const { folder, pattern } of codeReferences()) {
        const inRepository = readdirSync(path.join(repoRoot, folder), { recursive: true, encoding: 'utf8' })
          .map((name) => path.posix.join(folder, name.split(path.sep).join('/')))
          .filter((file) => pattern.test(file) && statSync(path.join(repoRoot, file)).isFile());
        assert.notDeepEqual(inRepository, [], `the code opens ${pattern} in the extension's folder, and no file matches it`);
        assert.deepEqual(inRepository.filter((file) => !vsix.has(`extension/${file}`)), [], `opened by the code (${pattern}) but not packaged`);
      }
    });

    it('holds nothing else: no sources, tests, source maps or benchmark', () => {
      const patterns = codeReferences().map((reference) => reference.pattern);
      const used = new Set([...manifestReferences(packagedManifest(vsix)), ...RUNTIME_FILES].map((file) => `extension/${file}`));
      const packaged = [...vsix.keys()];
      const forbidden = packaged.filter((file) => /^extension\/(src|test|out|node_modules)\/|\.map$|\.ts$|^extension\/dist\/bench\.js$/.test(file));
      assert.deepEqual(forbidden, [], 'sources, tests, maps or the benchmark in the .vsix: .vscodeignore must leave them out');
      const unused = packaged.filter(
        (file) => !used.has(file) && !PACKAGE_METADATA.includes(file) && !patterns.some((pattern) => pattern.test(file.replace(/^extension\//, ''))),
      );
      assert.deepEqual(unused, [], 'packaged but used by nothing: leave it out in .vscodeignore, or, if the code opens it, add it to RUNTIME_FILES');
      for (const file of ['extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt']) assert.ok(vsix.has(file), file);
    });

    it('is a production build: its bundles point to no source map', () => {
      for (const bundle of ['extension/dist/extension.js', 'extension/dist/cli.js']) {
        assert.doesNotMatch(vsix.get(bundle)?.().toString('utf8') ?? '', /sourceMappingURL/, `${bundle} points to a source map: npm run package must build for production`);
      }
    });
  });

  describe('the command line (npm pack, npm install -g)', () => {
    let prefix: string;
    let environment: NodeJS.ProcessEnv;
    const marginalia = (cwd: string, ...args: string[]): Run => run(path.join(prefix, 'bin', 'marginalia'), args, { cwd, env: environment });

    before(() => {
      prefix = path.join(scratch, 'prefix');
      // An empty cache and --offline: an install that needed anything besides the tarball fails.
      const install = ['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, '--cache', path.join(scratch, 'npm-cache'), path.join(scratch, tarball.filename)];
      succeeded('npm install -g', run('npm', install, { cwd: scratch }));
      // The installed command, node and the system's folders (git): nothing of this repository.
      environment = { ...cleanEnvironment, PATH: [path.join(prefix, 'bin'), path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter) };
    });

    it('packs the bundled CLI and nothing to fetch', () => {
      const runtimeFiles = CLI_RUNTIME_FOLDERS.flatMap((folder) => readdirSync(path.join(repoRoot, folder)).map((name) => `${folder}/${name}`));
      assert.ok(runtimeFiles.length > 0, `${CLI_RUNTIME_FOLDERS.join(', ')} built`);
      assert.deepEqual(tarball.files.map((file) => file.path).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', ...runtimeFiles, 'package.json'].sort());
      const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
      assert.deepEqual(manifest.dependencies ?? {}, {}, 'esbuild bundles every library into dist/cli.js: list them under devDependencies, so that installing the CLI fetches nothing');
    });

    it('runs marginalia --version and check from the global install', () => {
      const version = marginalia(scratch, '--version');
      assert.equal(version.status, 0, version.stderr);
      assert.equal(version.stdout.trim(), JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
      cpSync(path.join(repoRoot, 'sample'), path.join(scratch, 'sample'), { recursive: true });
      const check = marginalia(scratch, 'check', 'sample');
      assert.equal(check.status, 1, check.stderr);
      assert.match(check.stdout, /^sample\/part-one\.txt:\d+:\d+: warning: .+ \[marker-gap\]$/m);
    });

    it('runs marginalia review in a repository', () => {
      const folder = path.join(scratch, 'review');
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'marginalia.yaml'), BOOK);
      const scenario = writeReviewScenario(folder, 'apkg');
      const review = marginalia(folder, 'review', '--base', 'main', '--json');
      assert.equal(review.status, 1, review.stderr);
      const report = JSON.parse(review.stdout) as ReviewReport;
      assert.deepEqual([report.broken.map((b) => b.id), report.added.map((a) => a.id), report.removed.map((r) => r.id)], [[scenario.orphaned.id], [scenario.added.id], [scenario.removed.id]]);
    });

    it('runs as git’s merge driver: two branches that each added an annotation merge with both', () => {
      const folder = initRepository(path.join(scratch, 'merge'));
      const text = joinLines('PART ONE', '', '1. Harbour', '', 'The survey boat left at dawn and came back with the soundings of the outer bar.', '');
      const annotate = annotating('apkm');
      const sidecar = path.join(folder, 'harbour.marginalia.yaml');
      writeFileSync(path.join(folder, 'marginalia.yaml'), BOOK);
      writeFileSync(path.join(folder, 'harbour.txt'), text);
      writeFileSync(sidecar, addAnnotation(undefined, annotate(text, 'The survey boat')));
      succeeded('marginalia init', marginalia(folder, 'init', '--driver', path.join(prefix, 'bin', 'marginalia')));
      commitAll(folder, 'A chapter, annotated once');
      git(folder, ['checkout', '-q', '-b', 'ada']);
      const ours = annotate(text, 'left at dawn');
      writeFileSync(sidecar, addAnnotation(readFileSync(sidecar, 'utf8'), ours));
      commitAll(folder, 'Ada annotates');
      git(folder, ['checkout', '-q', 'main']);
      const theirs = annotate(text, 'the outer bar');
      writeFileSync(sidecar, addAnnotation(readFileSync(sidecar, 'utf8'), theirs));
      commitAll(folder, 'Jens annotates');
      const merge = spawnSync('git', ['merge', '--no-edit', 'ada'], { cwd: folder, encoding: 'utf8', env: environment });
      assert.equal(merge.status, 0, merge.stdout + merge.stderr);
      const ids = parseAnnotations(readFileSync(sidecar, 'utf8')).annotations.map((entry) => entry.annotation.id);
      assert.deepEqual(ids.sort(), ['apkm000000001', ours.id, theirs.id].sort());
    });
  });
});
