import * as assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../src/cli/args';
import { main } from '../../src/cli/main';

/** Runs the CLI's `main` in this process, collecting what it writes. */
async function run(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { out: (text) => (stdout += text), err: (text) => (stderr += text) });
  return { status, stdout, stderr };
}

describe('the command line', () => {
  it('parses flags, repeated options, positionals and -- with node:util parseArgs', () => {
    const parsed = parseArgs(['a.txt', '--json', '--tag', 'x', '--tag=y', '--', '--not-an-option'], { flags: ['json'], options: ['tag'] });
    assert.deepEqual(parsed.positionals, ['a.txt', '--not-an-option']);
    assert.deepEqual([...parsed.flags], ['json']);
    assert.deepEqual(parsed.options.get('tag'), ['x', 'y']);
  });

  it('refuses what a command does not accept, in our words', () => {
    assert.throws(() => parseArgs(['--jsno'], { flags: ['json'] }), new UsageError('unknown option --jsno'));
    assert.throws(() => parseArgs(['--body'], { options: ['body'] }), new UsageError('--body needs a value'));
    assert.throws(() => parseArgs(['--json=yes'], { flags: ['json'] }), UsageError);
  });

  it('answers -h and --help with its usage and exit 0, for every command the help lists', async () => {
    const help = await run('--help');
    assert.equal(help.status, 0);
    const names = [...new Set([...help.stdout.matchAll(/^ {2}marginalia ([a-z][a-z-]*)/gm)].map((m) => m[1]))];
    assert.ok(names.length >= 10, `commands found in the help: ${names.join(', ')}`);
    for (const name of names) {
      for (const flag of ['-h', '--help']) {
        const result = await run(name, flag);
        assert.equal(result.status, 0, `${name} ${flag}: ${result.stderr}`);
        assert.match(result.stdout, new RegExp(`marginalia ${name}\\b`), `${name} ${flag} prints its usage`);
      }
    }
  });
});
