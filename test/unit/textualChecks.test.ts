import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { addWordToBook, parseBookFile } from '../../src/core/manuscript/book';
import { parseManuscript, splitLines } from '../../src/core/manuscript/parser';
import { Lexicon } from '../../src/core/textual/lexicon';
import { defaultTextualCodes, enabledTextualCodes, TextualChecker, type TextFix, type TextualOptions } from '../../src/core/textual/textualChecks';
import { PLANTED, REAL_KNOWN, SAMPLE_KNOWN, TRAP_TEXT } from '../support/textualTraps';
import { joinLines, readRealManuscript, repoRoot } from '../support/util';

/** What scripts/dictionary.mjs exports to the test: the texts the build writes into dist/dictionary/. */
interface DictionaryScript {
  dictionaryTexts(): { words: string; frequency: string };
}

let lexicon: Lexicon | undefined;
function theLexicon(): Lexicon {
  if (!lexicon) throw new Error('the lexicon is made in the suite’s before hook');
  return lexicon;
}

const defaults: TextualOptions = { enabled: defaultTextualCodes(), bookWords: [], castNames: [] };

/** Each problem as its code, the text its range covers and its line. */
function found(text: string, options: TextualOptions = defaults): [string, string, number][] {
  const lines = splitLines(text);
  return new TextualChecker(theLexicon()).check(lines, parseManuscript(text), options).map((problem) => {
    const { start, end } = problem.range;
    return [problem.code, lines[start.line].slice(start.character, end.character), start.line];
  });
}

function applyFix(text: string, fix: TextFix): string {
  const lines = splitLines(text);
  const offset = (position: { line: number; character: number }) =>
    lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
  return text.slice(0, offset(fix.range.start)) + fix.newText + text.slice(offset(fix.range.end));
}

function firstFix(text: string, code: string): string {
  const problem = new TextualChecker(theLexicon()).check(splitLines(text), parseManuscript(text), defaults).find((p) => p.code === code);
  assert.ok(problem, `a ${code} problem`);
  return applyFix(text, problem.fixes[0]);
}

describe('textual diagnostics', function () {
  // The dictionary the build ships, made here by the build's own function from the same npm
  // packages: the checks run on real data without a build (about a second, more under load).
  before(async function () {
    this.timeout(30_000);
    const script = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'dictionary.mjs')).href)) as DictionaryScript;
    const { words, frequency } = script.dictionaryTexts();
    lexicon = new Lexicon({ words, frequency });
  });

  it('finds every error planted in the trap text, and nothing among its archaisms, compounds, foreign words, numerals and dates', () => {
    assert.deepEqual(found(TRAP_TEXT), PLANTED);
  });

  it('finds the words run together in the sample, and nothing else', () => {
    assert.deepEqual(found(readFileSync(`${repoRoot}/sample/part-one.txt`, 'utf8')), SAMPLE_KNOWN);
  });

  it('finds the words run together in the real manuscript, and nothing else', function () {
    assert.deepEqual(found(readRealManuscript(this)), REAL_KNOWN);
  });

  it('never flags a name of the cast, a word of the book’s list, or a word the book uses three times', () => {
    const text = joinLines('The ofland brought word from the north.', '', 'Ofthe rest we know nothing; tothe end she kept the ledger.');
    assert.deepEqual(found(text).map(([, word]) => word), ['ofland', 'tothe']);
    assert.deepEqual(found(text, { ...defaults, castNames: ['Brother Ofland', 'the Ofland'], bookWords: ['tothe'] }), []);
    const often = joinLines('The ofhand pilot.', '', 'An ofhand reply.', '', 'Quite ofhand.');
    assert.deepEqual(found(often), []);
  });

  it('switches each code off on its own', () => {
    const text = joinLines('She saw the the light ofthe tower.');
    assert.deepEqual(found(text, { ...defaults, enabled: new Set(['doubled-word']) }).map(([code]) => code), ['doubled-word']);
    assert.deepEqual(found(text, { ...defaults, enabled: new Set() }), []);
  });

  it('switches codes as the book says, then as the user says, leaving codes that are not textual alone', () => {
    const all = [...defaultTextualCodes()];
    const book = [{ code: 'doubled-word', on: false }, { code: 'soft-hyphen', on: false }, { code: 'chapter-numbering', on: false }];
    assert.deepEqual([...enabledTextualCodes([], new Map())], all);
    assert.deepEqual([...enabledTextualCodes(book, new Map())].sort(), all.filter((c) => c !== 'doubled-word' && c !== 'soft-hyphen').sort());
    const user = new Map([['doubled-word', true], ['running-head', false], ['made-up', true]]);
    assert.deepEqual([...enabledTextualCodes(book, user)].sort(), all.filter((c) => c !== 'soft-hyphen' && c !== 'running-head').sort());
  });

  it('fixes: a space inserted, a doubled word deleted, a soft hyphen removed, paragraphs joined, a page number deleted', () => {
    assert.equal(firstFix('A plan ofthe flats.', 'run-together-words'), 'A plan of the flats.');
    assert.equal(firstFix('Past the the breakwater.', 'doubled-word'), 'Past the breakwater.');
    assert.equal(firstFix('sound\u00adings', 'soft-hyphen'), 'soundings');
    const split = joinLines('The foreman, who had', '', '12', '', 'worked for his father, began.', '');
    assert.equal(firstFix(split, 'split-paragraph'), joinLines('The foreman, who had worked for his father, began.', ''));
    assert.equal(firstFix(split, 'stray-page-number'), joinLines('The foreman, who had', '', 'worked for his father, began.', ''));
  });
});

describe('the book’s words (marginalia.yaml `words:`)', () => {
  it('reads them, and adds one keeping comments, creating the list when there is none', () => {
    const text = joinLines('# The book.', 'manuscripts: ["part-*.txt"]', '');
    const added = addWordToBook(text, 'harbourside');
    assert.match(added, /^# The book\./);
    assert.deepEqual(parseBookFile(added).words, ['harbourside']);
    assert.deepEqual(parseBookFile(addWordToBook(added, 'chartroom')).words, ['harbourside', 'chartroom']);
    assert.equal(addWordToBook(added, 'harbourside'), added, 'a word already listed is not added twice');
    assert.deepEqual(parseBookFile('words: oops').problems.map((p) => p.code), ['book-bad-words']);
    assert.throws(() => addWordToBook('words: oops', 'x'), /not a list/);
  });
});
