import * as assert from 'node:assert/strict';
import { escapeData, escapeProperty, githubAnnotations, githubComment, githubOutputEntry, STICKY_COMMENT_MARKER } from '../../src/core/review/githubReview';
import type { BrokenAnnotation, BrokenState, ReviewReport } from '../../src/core/review/reviewModel';
import { githubOutputs, workflowCommands } from '../support/githubCommands';

function broken(id: string, state: BrokenState, fields: Partial<BrokenAnnotation> = {}): BrokenAnnotation {
  return { id, state, file: 'book/part-one.txt', chapter: 1, chapterTitle: 'Spring', line: 10, quote: 'walked to the harbour', body: 'On her walk.', tags: [], author: 'Ada Byron', status: 'open', ...fields };
}

function reportOf(list: BrokenAnnotation[]): ReviewReport {
  return {
    base: 'main (1a2b3c4)',
    head: 'working tree',
    files: [{ file: 'book/part-one.txt' }],
    added: [],
    changed: [],
    resolved: [],
    removed: [],
    broken: list,
    moved: [],
    notes: { added: [], changed: [], removed: [] },
    cast: { added: [], removed: [], renamed: [], aliasesAdded: [], aliasesRemoved: [] },
  };
}

/** Bodies, quotes, authors and paths that try to end the command and start one of their own. */
const HOSTILE = [
  'fine\n::set-output name=token::stolen',
  'fine\r\n::add-mask::everything',
  'x\n::stop-commands::pause\n::error::forged',
  '100% sure %0A::warning::not escaped twice',
  'a, b: c=d,title=forged',
  '"quoted" \'and\' `ticked`\u0085::notice::next',
  'bell\u0007 and escape \u001b[31mred',
];

describe('review --format github (pure)', () => {
  it('escapes data and properties by GitHub’s rules', () => {
    assert.equal(escapeData('50% a\r\nb: c, d'), '50%25 a%0D%0Ab: c, d');
    assert.equal(escapeProperty('50% a\r\nb: c, d'), '50%25 a%0D%0Ab%3A c%2C d');
  });

  it('puts each broken annotation on its line in the head, most serious first', () => {
    const report = reportOf([
      broken('fuzzy1', 'fuzzy', { line: 3, now: { line: 4, chapter: 1 }, score: 0.83 }),
      broken('ambig1', 'ambiguous', { line: 20, candidates: [21, 40], quote: 'two\nlines' }),
      broken('orphan1', 'orphaned', { line: 30 }),
      broken('orphan2', 'orphaned', { line: 12, candidates: [50] }),
    ]);
    const commands = workflowCommands(githubAnnotations(report).join('\n'));
    assert.deepEqual(
      commands.map((c) => [c.name, c.properties.title, c.properties.file, c.properties.line, c.properties.endLine]),
      [
        ['error', 'Annotation orphan1 orphaned', 'book/part-one.txt', '31', '31'],
        ['error', 'Annotation orphan2 orphaned', 'book/part-one.txt', '51', '51'],
        ['error', 'Annotation ambig1 ambiguous', 'book/part-one.txt', '22', '23'],
        ['warning', 'Annotation fuzzy1 fuzzy', 'book/part-one.txt', '5', '5'],
      ],
    );
    assert.match(commands[0].message, /^Its passage “walked to the harbour” \(line 31 before this change\) is no longer in the text\./);
    assert.match(commands[0].message, /\n\nAda Byron: On her walk\.$/);
    assert.match(commands[1].message, /the same words are at line 51/);
    assert.match(commands[2].message, /lines 22, 41/);
    assert.match(commands[3].message, /was edited \(83% alike\)/);
    assert.deepEqual(githubAnnotations(reportOf([])), []);
  });

  it('shows 10 errors and 10 warnings, and counts the rest in one notice', () => {
    const list = [
      ...Array.from({ length: 13 }, (_, i) => broken(`orphan${i}`, 'orphaned', { line: i })),
      ...Array.from({ length: 12 }, (_, i) => broken(`fuzzy${i}`, 'fuzzy', { line: i, now: { line: i, chapter: 1 } })),
    ];
    const commands = workflowCommands(githubAnnotations(reportOf(list)).join('\n'));
    assert.deepEqual(
      commands.map((c) => c.name).reduce<Record<string, number>>((counts, name) => ({ ...counts, [name]: (counts[name] ?? 0) + 1 }), {}),
      { error: 10, warning: 10, notice: 1 },
    );
    assert.match(commands[20].message, /^5 more broken annotations are not shown here/);
  });

  it('lets no text from a sidecar or the manuscript start a command of its own', () => {
    const list = HOSTILE.map((text, i) =>
      broken(`h${i},title=x:y`, i % 2 === 0 ? 'orphaned' : 'fuzzy', { body: text, quote: text, author: text, file: `book/${text.replace(/\n/g, ' ')}.txt` }),
    );
    const log = githubAnnotations(reportOf(list)).join('\n');
    const commands = workflowCommands(log);
    // One command a broken annotation, none other: nothing was split off into a line of its own.
    assert.equal(log.split('\n').length, HOSTILE.length);
    assert.deepEqual(commands.map((c) => c.name).sort(), [...Array(4).fill('error'), ...Array(3).fill('warning')]);
    for (const command of commands) {
      assert.deepEqual(Object.keys(command.properties), ['file', 'line', 'endLine', 'title']);
      assert.match(command.properties.title, /^Annotation h\d,title=x:y (orphaned|fuzzy)$/);
    }
    // The text is all there, as text, control characters shown as �.
    const fourth = commands.find((c) => c.properties.title.startsWith('Annotation h3,'))!;
    assert.ok(fourth.message.includes('100% sure %0A::warning::not escaped twice'), fourth.message);
    assert.ok(commands.some((c) => c.message.includes('bell\ufffd and escape \ufffd[31mred')));
    assert.ok(commands.some((c) => c.message.includes('fine ::set-output name=token::stolen')));
  });

  it('writes the sticky comment and a multi-line output the runner reads back whole', () => {
    const report = reportOf([broken('orphan1', 'orphaned', { body: 'x\nmarginalia_end\ny' })]);
    const comment = githubComment(report);
    assert.ok(comment.startsWith(`${STICKY_COMMENT_MARKER}\n## Marginalia review\n`));
    const entry = `broken=1\n${githubOutputEntry('comment', comment, 'marginalia_0f3c')}`;
    assert.deepEqual([...githubOutputs(entry)], [['broken', '1'], ['comment', comment]]);
    assert.throws(() => githubOutputEntry('comment', 'a\nEOF\nb', 'EOF'), /holds its delimiter EOF/);
  });
});
