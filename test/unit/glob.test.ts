import * as assert from 'node:assert/strict';
import { braceExpand, Minimatch, type MinimatchOptions } from 'minimatch';
import { compileGlob } from '../../src/core/manuscript/glob';
import { mulberry32 } from '../support/generate';

/** What `ManuscriptMatcher` passed to minimatch before it had a matcher of its own: minimatch is the oracle. */
const GLOB_OPTIONS: MinimatchOptions = { dot: true, noext: true, nonegate: true, nocomment: true, platform: 'linux' };

const ours = (glob: string, path: string) => compileGlob(glob).matches(path);
const minimatchs = (glob: string, path: string) => new Minimatch(glob, GLOB_OPTIONS).match(path);

/** Each case: a glob, a path, and whether the one matches the other. */
function assertCases(cases: readonly (readonly [string, string, boolean])[]): void {
  for (const [glob, path, expected] of cases) assert.equal(ours(glob, path), expected, `${glob} against ${path}`);
}

describe('globs', () => {
  it('reads the README’s and the book schema’s globs', () => {
    assert.ok(ours('part-*.txt', 'part-one.txt'));
    assert.ok(!ours('part-*.txt', 'drafts/part-one.txt'));
    assert.ok(ours('chapters/*.txt', 'chapters/one.txt'));
  });

  it('reads wildcards within a segment, dot files too, and ** across segments', () => {
    assertCases([
      ['*', '.draft', true],
      ['*', '', false],
      ['*', 'a/b', false],
      ['?', 'é', true],
      ['a?c', 'a/c', false],
      ['**', 'a/.b/c', true],
      ['**/*.txt', 'a.txt', true],
      ['**/*.txt', '.a/.b/c.txt', true],
      ['a/**', 'a', false],
      ['a/**', 'a/b/c', true],
      ['a/**/b', 'a/b', true],
      ['a**b', 'a/b', false],
      ['a**b', 'axb', true],
      ['a//b', 'a/b/', true],
      ['a//b/', 'a/b', false],
      ['a/*', 'a/b/', true],
      ['a/b/../c', 'a/c', true],
    ]);
  });

  it('matches a segment . or .. only with a glob segment that spells it out', () => {
    for (const glob of ['*', '?', '.*', '**/x', '[.]*', '*.*']) {
      assert.ok(!ours(glob, '..') && !ours(glob, '.') && !ours(glob, '../x'), glob);
    }
    assert.ok(ours('..', '..') && ours('./*', './a') && ours('[.]', '.') && ours('\\.\\.', '..'));
  });

  it('reads classes: ranges, ! and ^, ] first, - last, escapes; unclosed is plain', () => {
    assertCases([
      ['[a-c]', 'b', true],
      ['[a-c]', 'd', false],
      ['[!a-c]', 'd', true],
      ['[^a-c]', 'b', false],
      ['[]a]', ']', true],
      ['[!]]', 'a', true],
      ['[a-]', '-', true],
      ['[\\]]', ']', true],
      ['[c-a]', 'b', false],
      ['[c-a]x', '[c-a]x', false],
      ['[ab', '[ab', true],
      ['[ab', 'a', false],
      ['[*', '[x', true],
      ['[', '[', true],
    ]);
  });

  it('expands braces: alternatives, nested, sequences; unclosed is plain', () => {
    assertCases([
      ['*.{txt,md}', 'a.md', true],
      ['{a,b/**}/x', 'b/c/d/x', true],
      ['{a,{b,c}d}', 'cd', true],
      ['{{a,b}}', '{b}', true],
      ['part-{1..3}.txt', 'part-2.txt', true],
      ['part-{1..3}.txt', 'part-4.txt', false],
      ['chapter-{01..12}.txt', 'chapter-07.txt', true],
      ['{1..9..2}', '4', false],
      ['{5..1}', '3', true],
      ['{-2..2}', '-1', true],
      ['{a..c}', 'b', true],
      ['{a,b', '{a,b', true],
      ['{a,b', 'a', false],
      ['{a}', '{a}', true],
      ['{a},b}', 'a}', true],
      ['{,a}', '', false],
      ['x{,a}', 'x', true],
      ['\\{a,b}', '{a,b}', true],
      ['{a\\,b}', '{a,b}', true],
    ]);
  });

  it('reads escapes and takes !, #, parentheses and the rest as plain characters', () => {
    assertCases([
      ['\\*.txt', '*.txt', true],
      ['\\*.txt', 'a.txt', false],
      ['a\\', 'a\\', true],
      ['!a', '!a', true],
      ['!a', 'b', false],
      ['#a', '#a', true],
      ['a(b|c)', 'ab', false],
      ['+(a)', '+(a)', true],
      ['a b', 'a b', true],
    ]);
  });

  it('matches hostile globs against long paths promptly, and right', () => {
    const longPath = 'aaaa/'.repeat(1_000) + 'a'.repeat(5_000);
    const hostile = '**/' + 'a*/**/'.repeat(20) + '*a*a*a*a*a*a*b';
    assert.equal(longPath.length, 10_000);
    assert.ok(!ours(hostile, longPath));
    assert.ok(ours(hostile, longPath + 'b'));
    assert.ok(!ours('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(10_000)));
    assert.ok(ours('{a,b}'.repeat(40), 'a'.repeat(40)));
    assert.ok(ours('{'.repeat(5_000) + 'a' + '}'.repeat(5_000), '{'.repeat(5_000) + 'a' + '}'.repeat(5_000)));
    assert.ok(ours('{a,'.repeat(3_000) + '}'.repeat(3_000), 'a'));
  });

  /** Where minimatch 10 does something we do not copy: each case says what and why. */
  const deliberateDifferences: { glob: string; path: string; ours: boolean; why: string }[] = [
    {
      glob: '**/b/x/**/c/**/t',
      path: 'b/x/c/t',
      ours: true,
      why: 'minimatch bounds where each part between two ** may start with the lengths of the parts in the wrong order, so it misses matches when they differ in length',
    },
    {
      glob: 'x/**/b/**/.',
      path: 'x/b/c/.',
      ours: true,
      why: 'with two ** or more, minimatch’s check that no ** crosses . or .. runs on over the segments after the last **, which the glob spells out',
    },
    { glob: '*\\.md', path: 'a.md', ours: true, why: 'minimatch’s shortcut for *.ext compares the text after the star as written, escapes and all' },
    { glob: '*.', path: '..', ours: false, why: 'the same shortcut lets *. match the segments . and .., which no other wildcard matches' },
    { glob: '\\\\{a,b}', path: 'a', ours: false, why: 'brace expansion turns an escaped backslash into a backslash that then escapes the next character; we keep it a plain backslash' },
    { glob: '\\\\{a,b}', path: '\\a', ours: true, why: 'the same: \\\\ is a plain backslash' },
    { glob: '{a,b}/\\.\\./c', path: 'c', ours: false, why: 'brace expansion drops the backslash of \\., so that a/\\.\\. becomes a/.. and names nothing; we keep \\.\\. a plain name' },
    { glob: '${a,b}', path: '$a', ours: true, why: 'brace expansion leaves ${…} alone as shell variable syntax; a manuscript glob has no variables' },
    { glob: '[[:digit:]]', path: '5', ours: false, why: 'POSIX classes are not read, as VS Code does not read them: this is the class [[:digt] then ]' },
    { glob: '[[:digit:]]', path: '[]', ours: true, why: 'the same' },
    { glob: 'x{1..20000}', path: 'x15000', ours: false, why: 'we expand braces to at most 10,000 alternatives (minimatch to 100,000), so that a hostile glob costs little' },
  ];

  for (const difference of deliberateDifferences) {
    it(`differs from minimatch on purpose: ${difference.glob} against ${difference.path}`, () => {
      assert.equal(ours(difference.glob, difference.path), difference.ours, difference.why);
      assert.equal(minimatchs(difference.glob, difference.path), !difference.ours, `minimatch changed: ${difference.why}`);
    });
  }

  it('agrees with minimatch on thousands of random globs and paths', () => {
    const random = mulberry32(13);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const globPieces = ['*', '**', '?', '[', ']', '!', '^', '-', '{', '}', ',', '\\', '/', '.', 'a', 'b', 'c', '(', ')', '#', ' ', 'é', 'ж', '中', '1', '3', '..', '**/', '/**/', '{a,b}', '[a-c]', '[!a]', '{1..3}', ',b}'];
    const pathPieces = ['a', 'b', 'c', 'ab', '.', '..', '/', '//', '.a', 'é', 'ж', '中', '1', '2', '*', '[', ']', '{', '}', ',', '\\', '(', ')', '#', ' ', '-', '!', '^'];
    const letters = ['a', 'b', 'c', '1', '.', 'é'];
    /** A path near the glob: its wildcards and some of its punctuation replaced by letters, or dropped. */
    const pathNear = (glob: string) => [...glob].map((c) => ('*?[]{},\\!^-'.includes(c) && random() < 0.6 ? (random() < 0.3 ? '' : pick(letters)) : c)).join('');

    const skipped = new Map<string, number>();
    let compared = 0;
    let matched = 0;
    for (let round = 0; round < 1_500; round++) {
      const glob = Array.from({ length: 1 + Math.floor(random() * 10) }, () => pick(globPieces)).join('');
      const oracle = new Minimatch(glob, GLOB_OPTIONS);
      const matcher = compileGlob(glob);
      const paths = [pathNear(glob), pathNear(glob), pathNear(glob), ...Array.from({ length: 2 }, () => Array.from({ length: Math.floor(random() * 8) }, () => pick(pathPieces)).join(''))];
      for (const path of paths) {
        const reason = knownDifference(glob, oracle, path);
        if (reason) {
          skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
          continue;
        }
        const expected = oracle.match(path);
        assert.equal(matcher.matches(path), expected, `glob ${JSON.stringify(glob)}, path ${JSON.stringify(path)}: minimatch says ${expected}`);
        compared++;
        if (expected) matched++;
      }
    }
    const total = compared + [...skipped.values()].reduce((a, b) => a + b, 0);
    assert.ok(compared > 0.9 * total, `only ${compared} of ${total} compared: ${JSON.stringify([...skipped])}`);
    assert.ok(matched > 0.1 * compared, `only ${matched} of ${compared} matched: the generator makes too few matching paths`);
  });
});

/** Which of the deliberate differences above a random (glob, path) may run into, if any. */
function knownDifference(glob: string, oracle: Minimatch, path: string): string | undefined {
  const segments = path.split(/\/+/);
  const shortcut = /^\*+[^+@!?*[(]*$|^\?+[^+@!?*[(]*$/;
  const expanded = /\{(?:(?!\{).)*\}/.test(glob);
  for (const parts of oracle.globParts) {
    const globstars = parts.flatMap((part, index) => (part === '**' ? [index] : []));
    const sections = globstars.slice(1).map((at, i) => at - globstars[i] - 1);
    if (sections.length >= 2 && new Set(sections).size > 1) return 'sections between ** of different lengths';
    if (globstars.length >= 2 && parts.slice(globstars[globstars.length - 1]).some((part) => part === '.' || part === '..')) return '. or .. after the last of several **';
    if (parts.some((part) => shortcut.test(part) && part.includes('\\'))) return 'an escape after *';
    if (parts.some((part) => /^\*+\.\.?$/.test(part)) && segments.some((name) => name === '.' || name === '..')) return '*. against . or ..';
  }
  if (expanded && glob.includes('\\\\')) return 'an escaped backslash in a glob with braces';
  if (expanded && glob.includes('\\.')) return 'an escaped dot in a glob with braces';
  return braceExpand(glob).length > 10_000 ? 'more than 10,000 alternatives' : undefined;
}
