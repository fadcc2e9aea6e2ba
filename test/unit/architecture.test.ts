import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { repoRoot } from '../support/util';

/** The core runs anywhere (the CLI, the extension, one day vscode.dev): it may not import `vscode` or Node. */
describe('architecture', () => {
  const coreFolder = path.join(repoRoot, 'src/core');
  const coreFiles = readdirSync(coreFolder, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  const forbidden = new Set(['vscode', ...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

  it('has core modules to check', () => {
    assert.ok(coreFiles.length >= 3, coreFiles.join(', '));
  });

  for (const file of coreFiles) {
    it(`src/core/${file} imports neither vscode nor Node built-ins`, () => {
      const source = readFileSync(path.join(coreFolder, file), 'utf8');
      const imports = [...source.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((match) => match[1]);
      const bad = imports.filter((name) => forbidden.has(name) || forbidden.has(name.split('/')[0]));
      assert.deepEqual(bad, []);
      assert.doesNotMatch(source, /\bprocess\.|\bBuffer\b|__dirname/, 'no Node globals in the core');
    });
  }
});
