import * as assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { importCycles, importGraph, type SourceFile } from '../support/importGraph';
import { repoRoot } from '../support/util';

/**
 * The core's folders, low to high: a folder imports only folders of a lower rank (and itself).
 * `markdown` stands apart: it imports nothing of ours, and any folder may import it.
 */
const CORE_RANKS: Readonly<Record<string, number>> = {
  text: 0,
  yaml: 1,
  manuscript: 2,
  sidecar: 3,
  textual: 3,
  notes: 4,
  annotations: 5,
  anchoring: 6,
  cast: 7,
  mentions: 8,
  review: 9,
  merge: 9,
  interchange: 9,
  map: 10,
};
const STANDALONE = 'markdown';

/** Packages the core may use: pure ones, that run in a browser too. */
const CORE_PACKAGES = new Set(['yaml', 'approx-string-match', 'diff', 'marked']);

/** `core/<folder>/…` → folder; anything else → its top folder (`node`, `cli`, `vscode`) or the file (`extension.ts`). */
function layerOf(file: string): string {
  const parts = file.split('/');
  return parts[0] === 'core' ? `core/${parts[1]}` : parts.length > 1 ? parts[0] : file;
}

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
const isNodeBuiltin = (specifier: string) => NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0]);

/** Why `file` may not import `imported` (both relative to src/), or undefined when it may. */
function ruleBroken(file: string, imported: string): string | undefined {
  const from = layerOf(file);
  const to = layerOf(imported);
  if (from === to) return undefined;
  if (from.startsWith('core/')) {
    if (!to.startsWith('core/')) return 'the core imports only the core';
    const fromFolder = from.slice('core/'.length);
    const toFolder = to.slice('core/'.length);
    if (fromFolder === STANDALONE) return `core/${STANDALONE} imports nothing of ours`;
    if (toFolder === STANDALONE) return undefined;
    const fromRank = CORE_RANKS[fromFolder];
    const toRank = CORE_RANKS[toFolder];
    if (fromRank === undefined || toRank === undefined) return `core/${fromRank === undefined ? fromFolder : toFolder} has no rank in the architecture test`;
    return toRank < fromRank ? undefined : `core/${fromFolder} (rank ${fromRank}) may import only lower folders, not core/${toFolder} (rank ${toRank})`;
  }
  if (from === 'webview') return to.startsWith('core/') ? undefined : 'the webview imports only core/: it runs in a page, not in the extension host';
  if (from === 'node') return to.startsWith('core/') ? undefined : 'node/ imports only core/';
  if (from === 'cli') return to === 'vscode' ? 'cli/ never imports vscode/' : undefined;
  if (from === 'vscode') return to === 'cli' ? 'vscode/ never imports cli/' : undefined;
  return to === 'cli' ? 'the extension never imports cli/' : undefined;
}

describe('architecture', () => {
  const graph: SourceFile[] = importGraph(path.join(repoRoot, 'src'));

  it('reads the import graph of src/', () => {
    assert.ok(graph.length > 50, `${graph.length} files`);
    assert.ok(graph.some((f) => f.imports.length > 5));
  });

  it('has every core folder ranked', () => {
    const folders = new Set(graph.filter((f) => f.file.startsWith('core/')).map((f) => f.file.split('/')[1]));
    assert.deepEqual([...folders].filter((folder) => folder !== STANDALONE && CORE_RANKS[folder] === undefined), []);
  });

  it('keeps every import in its direction: core low to high, node/ under cli/ and vscode/, cli/ and vscode/ apart', () => {
    const broken: string[] = [];
    for (const { file, imports } of graph) {
      for (const imported of imports) {
        const rule = ruleBroken(file, imported);
        if (rule) broken.push(`src/${file} -> ${imported}: ${rule}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('keeps the core pure: no vscode, no Node built-ins, only pure packages', () => {
    const bad = graph
      .filter((f) => f.file.startsWith('core/'))
      .flatMap((f) => f.packages.filter((name) => name === 'vscode' || isNodeBuiltin(name) || !CORE_PACKAGES.has(name)).map((name) => `src/${f.file}: ${name}`));
    assert.deepEqual(bad, []);
  });

  it("reads YAML through core/yaml alone: the yaml package in the composer only (its parser's tree); writing is ours (core/yaml/quoting.ts)", () => {
    const importers = graph.filter((f) => f.packages.includes('yaml')).map((f) => f.file);
    assert.deepEqual(importers.sort(), ['core/yaml/compose.ts', 'core/yaml/composeNodes.ts', 'core/yaml/composeProps.ts']);
  });

  it('keeps node/ out of vscode: it is what the CLI and the desktop share', () => {
    assert.deepEqual(
      graph.filter((f) => f.file.startsWith('node/') && f.packages.includes('vscode')).map((f) => f.file),
      [],
    );
  });

  it('has no import cycles', () => {
    assert.deepEqual(importCycles(graph), []);
  });
});
