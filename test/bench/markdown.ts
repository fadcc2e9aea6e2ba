/**
 * Neutralising untrusted Markdown (core/markdown, with `marked`): the hostile notes of the tests, a
 * long note a person could write, and notes crafted to make a parser slow, each beside markdown-it's
 * parse of the same text (the parser the neutraliser used before; its walk over the tokens not counted).
 * The ratio is of the fastest runs, the figure least disturbed by a busy machine.
 */
import MarkdownIt from 'markdown-it';
import { MAX_PARSED_LENGTH, neutralizeMarkdown } from '../../src/core/markdown/markdown';
import { HOSTILE_NOTES } from '../support/hostileMarkdown';
import { measureEach, printTable, ratio, type Measurement } from './timing';

/** The longest note that is parsed rather than shown as plain text. */
const PARSED_LENGTH = MAX_PARSED_LENGTH;

/** `unit` repeated to fill a note of the longest length that is still parsed. */
const filled = (unit: string): string => unit.repeat(Math.floor(PARSED_LENGTH / unit.length));

/** Notes written to make a parser slow, each a unit repeated. */
const CRAFTED: Readonly<Record<string, string>> = {
  '`*_a` (emphasis delimiters that close nothing)': '*_a',
  '`_a`': '_a',
  '`*a_`': '*a_',
  '`~a` (strikethrough delimiters)': '~a',
  '`[a ` (brackets)': '[a ',
  '`<a ` (tags that never close)': '<a ',
  '`> ` (nested quotes)': '> ',
  'lines of 50 nested list markers': `${'- '.repeat(50)}x\n`,
  'a table (rows of `|a|b|`)': '|a|b|\n',
};

function writtenNote(): string {
  const paragraph = 'A letter of *14 March*, kept in the [city archive](https://archive.example.org/kroon), says **nothing** of the `fire`; see also';
  const list = '\n\n- the first account\n- the second, _later_ one\n  > quoted, with a line\n\n';
  return `${paragraph} www.example.org.${list}`.repeat(Math.floor(PARSED_LENGTH / (paragraph.length + list.length + 20)));
}

export function markdownSpeed(): boolean {
  const markdownIt = new MarkdownIt('commonmark', { html: true, linkify: true }).enable(['linkify']);
  const inputs: { name: string; notes: readonly string[] }[] = [
    { name: `the ${HOSTILE_NOTES.length} hostile notes of the tests`, notes: HOSTILE_NOTES.map((note) => note.markdown) },
    { name: `a written note of ${writtenNote().length.toLocaleString('en')} characters`, notes: [writtenNote()] },
    ...Object.entries(CRAFTED).map(([name, unit]) => ({ name: `crafted: ${name}, ${PARSED_LENGTH.toLocaleString('en')} characters`, notes: [filled(unit)] })),
  ];
  const rows = [['note', 'marked (neutralised): median, fastest', 'markdown-it (parse only): median, fastest', '']];
  for (const { name, notes } of inputs) {
    const [subject, baseline] = measureEach(
      [
        { name: 'marked', fn: () => notes.map((note) => neutralizeMarkdown(note)) },
        { name: 'markdown-it', fn: () => notes.map((note) => markdownIt.parse(note, {})) },
      ],
      { iterations: 15, warmup: 5 },
    );
    const figures = ({ medianMs, minMs }: Measurement) => `${medianMs.toFixed(2)} ms, ${minMs.toFixed(2)} ms`;
    rows.push([name, figures(subject), figures(baseline), ratio(baseline.minMs, subject.minMs)]);
  }
  printTable(rows);
  return true;
}
