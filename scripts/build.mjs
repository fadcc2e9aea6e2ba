// Bundles the extension and the CLI (and the benchmark) with esbuild. Type checking is `npm run typecheck`.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { buildDictionary } from './dictionary.mjs';
import { webBundleOptions } from './webBundle.mjs';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

// The web extension (vscode.dev, github.dev): see webBundle.mjs.
const browser = { ...common, ...webBundleOptions };

const builds = [
  // Minified in every build: the web worker's tests and figures (activation, opening) are the shipped code's.
  { ...browser, minify: true, entryPoints: ['src/extensionWeb.ts'], outfile: 'dist/web/extension.js' },
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The Cast Map's webview script: a page's script, loaded by its nonce (no module loader there).
  { ...browser, format: 'iife', entryPoints: ['src/webview/castMap/main.ts'], outfile: 'dist/webview/castMap.js' },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { MARGINALIA_VERSION: JSON.stringify(packageJson.version) },
  },
];
if (production) {
  // What a development build left (source maps, the benchmark, the web tests) must not sit beside what is shipped.
  const leftovers = existsSync('dist') ? readdirSync('dist', { recursive: true, encoding: 'utf8' }) : [];
  for (const file of leftovers.filter((name) => name.endsWith('.map') || name.startsWith('bench.') || name === 'web/test')) {
    rmSync(`dist/${file}`, { recursive: true, force: true });
  }
} else {
  // esbuild itself stays a package: the bench builds the browser bundle to weigh it.
  builds.push({ ...common, entryPoints: ['test/bench/main.ts'], outfile: 'dist/bench.js', external: ['esbuild'] });
  // The integration tests for the web worker: one bundle, with mocha's browser build and an assert of our own.
  builds.push({
    ...browser,
    entryPoints: ['test/integration/webIndex.ts'],
    outfile: 'dist/web/test/index.js',
    alias: { ...browser.alias, 'node:assert/strict': './test/integration/webAssert.ts' },
  });
}

// The textual diagnostics' dictionary: data the extension and the CLI read at run time, made once.
const dictionaryDir = new URL('../dist/dictionary/', import.meta.url);
if (!existsSync(new URL('words.txt', dictionaryDir))) buildDictionary(dictionaryDir);

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
