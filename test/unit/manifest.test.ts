import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/util';

/** The manifest is documentation: namespaced commands with categories, files it names present, engines right. */
describe('package.json', () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const contributes = manifest.contributes;

  it('accepts VS Code 1.100 (the code-server we test with), with @types/vscode no newer', () => {
    assert.match(manifest.engines.vscode, /^\^1\.100\.\d+$/);
    assert.match(manifest.devDependencies['@types/vscode'], /^~?1\.100\./);
  });

  it('gives every command a marginalia. id, a title and a category', () => {
    for (const command of contributes.commands) {
      assert.match(command.command, /^marginalia\.[a-zA-Z]+$/);
      assert.ok(command.title, command.command);
      assert.equal(command.category, 'Marginalia', command.command);
    }
  });

  it('names menu commands that exist', () => {
    const ids = new Set(contributes.commands.map((c: { command: string }) => c.command));
    for (const [menu, items] of Object.entries(contributes.menus ?? {})) {
      for (const item of items as { command: string }[]) assert.ok(ids.has(item.command), `${menu}: ${item.command}`);
    }
  });

  it('points at files that exist', () => {
    const files = [
      manifest.main.replace(/^\.\//, '').replace('dist/extension.js', 'src/extension.ts'),
      ...contributes.languages.map((l: { configuration: string }) => l.configuration),
      ...contributes.grammars.map((g: { path: string }) => g.path),
      ...contributes.yamlValidation.map((v: { url: string }) => v.url),
    ];
    for (const file of files) assert.ok(existsSync(path.join(repoRoot, file)), file);
  });

  it('sets prose-friendly defaults for manuscripts', () => {
    const defaults = contributes.configurationDefaults['[manuscript]'];
    assert.equal(defaults['editor.wordWrap'], 'on');
    assert.equal(defaults['editor.unicodeHighlight.ambiguousCharacters'], false);
    assert.equal(defaults['editor.wordBasedSuggestions'], 'off');
  });
});
