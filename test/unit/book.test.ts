import * as assert from 'node:assert/strict';
import { addManuscriptToBook, addWordToBook, ManuscriptMatcher, parseBookFile } from '../../src/core/manuscript/book';
import { joinLines } from '../support/util';

describe('manuscript globs (as VS Code reads them)', () => {
  const matches = (glob: string, path: string) => new ManuscriptMatcher([glob]).matches(path);

  it('matches within one folder with * and ?, dot files too', () => {
    assert.ok(matches('part-*.txt', 'part-one.txt'));
    assert.ok(!matches('part-*.txt', 'drafts/part-one.txt'));
    assert.ok(matches('part-?.txt', 'part-5.txt'));
    assert.ok(!matches('part-?.txt', 'part-55.txt'));
    assert.ok(matches('*.txt', '.draft.txt'));
  });

  it('matches across folders with **, including none', () => {
    assert.ok(matches('**/*.txt', 'a.txt'));
    assert.ok(matches('**/*.txt', 'a/b/c.txt'));
    assert.ok(matches('chapters/**', 'chapters/one/two.txt'));
    assert.ok(matches('{a,b}/**/*.txt', 'b/c/d.txt'));
  });

  it('supports alternatives, classes, negated classes and escapes', () => {
    assert.ok(matches('*.{txt,md}', 'a.md'));
    assert.ok(matches('part-[0-9].txt', 'part-3.txt'));
    assert.ok(matches('part-[!0-9].txt', 'part-x.txt'));
    assert.ok(!matches('part-[!0-9].txt', 'part-3.txt'));
    assert.ok(matches('\\*.txt', '*.txt'));
    assert.ok(!matches('\\*.txt', 'a.txt'));
  });

  it('treats other characters literally: dots, parentheses, bars, !, #, +, @', () => {
    assert.ok(!matches('a.txt', 'abtxt'));
    assert.ok(matches('notes (draft).txt', 'notes (draft).txt'));
    assert.ok(!matches('notes (draft).txt', 'notes draft.txt'));
    assert.ok(!matches('a(b|c).txt', 'ab.txt'));
    for (const name of ['!a.txt', '#a.txt', 'a+.txt', 'x@(y).txt']) assert.ok(matches(name, name), name);
    assert.ok(!matches('a+.txt', 'aa.txt'));
  });
});

describe('parseBookFile', () => {
  it('reads the title and manuscript globs', () => {
    const book = parseBookFile(joinLines('# my book', 'title: Soundings', 'manuscripts:', '  - "part-*.txt"', ''));
    assert.equal(book.title, 'Soundings');
    assert.deepEqual(book.manuscripts, ['part-*.txt']);
    assert.deepEqual(book.problems, []);
    assert.ok(book.parsed);
  });

  it('reports a YAML error at its line and column, and marks the file as not parsed', () => {
    const book = parseBookFile(joinLines('title: Soundings', 'manuscripts: [one.txt', 'other: 1'));
    assert.equal(book.parsed, false);
    assert.ok(book.problems.length > 0);
    assert.equal(book.problems[0].severity, 'error');
    assert.ok(book.problems[0].range.start.line >= 1, JSON.stringify(book.problems[0]));
  });

  it('reports duplicate keys', () => {
    const book = parseBookFile(joinLines('title: A', 'title: B'));
    assert.equal(book.parsed, false);
    assert.equal(book.problems[0].range.start.line, 1);
  });

  it('stops an alias bomb instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous}]`);
    }
    const book = parseBookFile(joinLines(...lines));
    assert.equal(book.parsed, false);
    assert.equal(book.problems[0].code, 'yaml-aliases');
  });

  it('warns about manuscripts that are not a list of globs', () => {
    const book = parseBookFile(joinLines('manuscripts: part-one.txt'));
    assert.deepEqual(book.problems.map((p) => [p.code, p.range.start.line]), [['book-bad-manuscripts', 0]]);
    assert.ok(book.parsed);
  });

  it('reads `diagnostics:` switches with the line of each, and warns of an entry that is not true or false', () => {
    const book = parseBookFile(joinLines('diagnostics:', '  run-together-words: false', '  doubled-word: true', '  soft-hyphen: maybe', ''));
    assert.deepEqual(book.diagnostics.map((s) => [s.code, s.on, s.range.start.line]), [['run-together-words', false, 1], ['doubled-word', true, 2]]);
    assert.deepEqual(book.problems.map((p) => [p.code, p.range.start.line]), [['book-bad-diagnostic', 3]]);
    assert.deepEqual(parseBookFile('diagnostics: [doubled-word]\n').problems.map((p) => p.code), ['book-bad-diagnostics']);
  });
});

describe('ManuscriptMatcher', () => {
  it('matches the book’s globs, and .manuscript files always', () => {
    const matcher = new ManuscriptMatcher(['part-*.txt']);
    assert.ok(matcher.matches('part-one.txt'));
    assert.ok(!matcher.matches('notes.txt'));
    assert.ok(matcher.matches('drafts/epilogue.manuscript'));
  });
});

describe('addManuscriptToBook', () => {
  it('appends to the list, keeping every other byte', () => {
    const before = joinLines('# The book', 'title: Soundings  # working title', 'manuscripts:', '  - part-one.txt', 'extra: kept', '');
    const after = addManuscriptToBook(before, 'part-two.txt');
    assert.equal(
      after,
      joinLines('# The book', 'title: Soundings  # working title', 'manuscripts:', '  - part-one.txt', '  - part-two.txt', 'extra: kept', ''),
    );
  });

  it('keeps a flow list flow, and fills an empty `manuscripts:`', () => {
    assert.equal(addManuscriptToBook('manuscripts: [a.txt]  # two parts\n', 'b.txt'), 'manuscripts: [a.txt, b.txt]  # two parts\n');
    assert.equal(addManuscriptToBook('title: T\nmanuscripts:\n', 'b.txt'), 'title: T\nmanuscripts: [b.txt]\n');
    assert.equal(addManuscriptToBook('title: T\r\n', 'b.txt'), 'title: T\r\nmanuscripts:\r\n  - b.txt\r\n');
    assert.throws(() => addManuscriptToBook('manuscripts: a.txt\n', 'b.txt'), /not a list/);
  });

  it('creates a book file when there is none', () => {
    const created = addManuscriptToBook(undefined, 'draft.txt');
    assert.deepEqual(parseBookFile(created).manuscripts, ['draft.txt']);
    assert.match(created, /^# /);
  });

  it('refuses to rewrite a book file that does not parse', () => {
    assert.throws(() => addManuscriptToBook('manuscripts: [a', 'b.txt'), /does not parse/);
  });
});

describe('addWordToBook', () => {
  it('adds a word to the list in its style, once, every other byte kept', () => {
    const before = joinLines('title: Soundings  # working title', 'words: [harbourside]', '');
    const after = addWordToBook(before, 'chartroom');
    assert.equal(after, joinLines('title: Soundings  # working title', 'words: [harbourside, chartroom]', ''));
    assert.equal(addWordToBook(after, 'chartroom'), after, 'a word the list holds is not added again');
    assert.equal(addWordToBook('words:\n  - a\n', 'b'), 'words:\n  - a\n  - b\n');
  });

  it('starts a list, with a comment saying what it is for', () => {
    const created = addWordToBook('title: T\n', 'harbourside');
    assert.match(created, /^title: T\n# .*\nwords:\n {2}- harbourside\n$/);
    assert.deepEqual(parseBookFile(created).words, ['harbourside']);
    assert.deepEqual(parseBookFile(addWordToBook(undefined, 'x')).words, ['x']);
  });

  it('refuses a book file that is not a map, or whose words are not a list', () => {
    assert.throws(() => addWordToBook('- a\n', 'b'), /not a map/);
    assert.throws(() => addWordToBook('words: {a: 1}\n', 'b'), /not a list/);
  });
});
