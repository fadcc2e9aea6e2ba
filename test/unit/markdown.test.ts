import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { escapeMarkdown } from '../../src/core/markdown/escape';
import { MAX_PARSED_LENGTH, neutralizeMarkdown } from '../../src/core/markdown/markdown';
import { parseAnnotations } from '../../src/core/annotations/annotationYaml';
import { parseSidecar } from '../../src/core/notes/notesSidecar';
import { ALLOWED_ELEMENTS, HOSTILE_NOTES, SAFE_TARGET, hostileManuscript, hostileSidecar, inspect, renderLikeHover } from '../support/hostileMarkdown';

/** Two renderers of the neutralised text: VS Code's hovers use `marked`; markdown-it (every rule, HTML on) is the strictest reader of CommonMark. */
const renderers: { name: string; render: (markdown: string) => string }[] = [
  { name: 'marked', render: renderLikeHover },
  { name: 'markdown-it', render: (markdown) => new MarkdownIt({ html: true }).render(markdown) },
];

describe('neutralizeMarkdown on hostile notes', () => {
  it('has a corpus of at least 40 hostile notes, the issue’s two among them', () => {
    assert.ok(HOSTILE_NOTES.length >= 40, `${HOSTILE_NOTES.length} notes`);
    assert.ok(HOSTILE_NOTES.some((note) => note.markdown.startsWith('[x [y]](command:marginalia.editNote?')));
    assert.ok(HOSTILE_NOTES.some((note) => note.markdown === '![i [n]](https://tracker.example/p.png)'));
  });

  for (const note of HOSTILE_NOTES) {
    for (const { name, render } of renderers) {
      it(`${note.name}: rendered by ${name}, no link but http(s)/mailto, no image, no HTML`, () => {
        const neutral = neutralizeMarkdown(note.markdown);
        const html = render(neutral);
        const { elements, targets, text } = inspect(html);
        const context = `\n  note: ${JSON.stringify(note.markdown)}\n  neutralised: ${JSON.stringify(neutral)}\n  html: ${html}`;
        assert.deepEqual(elements.filter((element) => !ALLOWED_ELEMENTS.has(element)), [], `only structure and links${context}`);
        assert.ok(targets.every((target) => SAFE_TARGET.test(target)), `only http(s) and mailto targets${context}`);
        assert.deepEqual(targets.sort(), [...(note.keeps ?? [])].sort(), `exactly the note’s own safe links${context}`);
        for (const shown of note.shows ?? []) assert.ok(text.includes(shown), `shows ${JSON.stringify(shown)}${context}`);
        if (note.markdown.includes('$(')) assert.ok(text.includes('$('), `$( stays literal${context}`);
      });
    }
  }

  it('reads back from the hostile sidecar exactly as written, as notes and as annotation bodies', () => {
    const sidecar = hostileSidecar(hostileManuscript());
    const notes = parseSidecar(sidecar);
    const annotations = parseAnnotations(sidecar);
    HOSTILE_NOTES.forEach((note, index) => {
      assert.equal(notes.note('endnote', index + 1)?.text, note.markdown, note.name);
      assert.equal(annotations.annotations[index]?.annotation.body, note.markdown, note.name);
    });
  });
});

describe('neutralizeMarkdown keeps what a note may say', () => {
  /** Benign notes: the neutralised text renders exactly as the original did. */
  const BENIGN = [
    'Plain text with *emphasis*, _more emphasis_, **strong**, __strong too__ and `code`.',
    'A line\nwith a soft break, and one  \nwith a hard break, and\\\nanother.',
    '- one\n- two\n  - nested\n- three',
    '1. first\n2. second\n\n   a second paragraph\n3. third',
    '3) from three\n4) on',
    '> a quote\n> over two lines\n>\n> > nested',
    '```python\nprint("<b>not html</b>")\n```',
    '    indented code\n    with `ticks`',
    '# A heading\n\nText under it.\n\nSetext\n------',
    'Punctuation: 3.14, a-b, [brackets], (parens), #hash, 1. not a list, * not a bullet, a_b_c, 50% & more!',
    'Code with ``a `tick` inside`` and `` ` `` alone.',
    '[archive](https://archive.example.org/kroon) and <https://example.org/a?b=1&c=2> and [mail](mailto:a@example.org)',
    'Loose list:\n\n- a\n\n- b\n\n***\n\nafter a rule',
    'Entities: &amp; &#169; &lt;b&gt; stay as they read.',
  ];
  for (const markdown of BENIGN) {
    for (const { name, render } of renderers) {
      it(`${JSON.stringify(markdown.slice(0, 40))}… renders the same by ${name}`, () => {
        assert.equal(render(neutralizeMarkdown(markdown)), render(markdown), JSON.stringify(neutralizeMarkdown(markdown)));
      });
    }
  }

  it('writes links, images, HTML and icons back as text or as a link with a web target', () => {
    assert.equal(neutralizeMarkdown('see [x](command:workbench.action.terminal.new)'), 'see x');
    assert.equal(neutralizeMarkdown('[y]( command:evil "title")'), 'y');
    assert.equal(neutralizeMarkdown('[archive](https://example.org/a "t")'), '[archive](<https://example.org/a>)');
    assert.equal(neutralizeMarkdown('![pixel](https://tracker.example/p.png)'), 'pixel');
    assert.equal(neutralizeMarkdown('<img src=x onerror=alert(1)>'), '\\<img src\\=x onerror\\=alert\\(1\\)\\>');
    assert.equal(neutralizeMarkdown('$(zap) icon'), '\\$\\(zap\\) icon');
    assert.equal(neutralizeMarkdown('[ref]: command:evil'), '');
  });
});

describe('neutralizeMarkdown reads a note as marked does', () => {
  /** What a reader sees of `markdown` in a hover: the elements, link targets and text `marked` renders. */
  const shown = (markdown: string) => inspect(renderLikeHover(markdown));

  it('resolves references to printable ASCII and escapes them, and leaves any other for the renderer', () => {
    // No `$(icon)`, `<` or `*` reaches a renderer by any spelling, even one that finds icons after resolving references.
    assert.equal(neutralizeMarkdown('&#36;(zap) &#x24;&#40;zap) &dollar;&lpar;zap&rpar;'), '\\$\\(zap\\) \\$\\(zap\\) \\$\\(zap\\)');
    assert.equal(neutralizeMarkdown('&lt;b&gt; &#42;a&#42; &amp;amp; \\&amp;'), '\\<b\\> \\*a\\* \\&amp; \\&amp;');
    // Any other reference can only give a character: the renderer resolves it as it would have in the note.
    assert.equal(neutralizeMarkdown('&hellip; &#169; &nbsp; &#10; &foo;'), '&hellip; &#169; &nbsp; &#10; &foo;');
    for (const markdown of ['&hellip; &#169; &nbsp; &foo; &notit;', '&#36;(zap) &lt;b&gt; &#42;a&#42; &amp;amp; \\&amp;']) {
      assert.equal(renderLikeHover(neutralizeMarkdown(markdown)).replace(/&dollar;|&lpar;|&rpar;/g, ''), renderLikeHover(markdown).replace(/&dollar;|&lpar;|&rpar;/g, ''));
    }
  });

  it('shows GitHub tables, strikethrough and task boxes as the text they are, their cells’ links neutralised', () => {
    const table = '| a | *b* |\n|---|---|\n| [c](command:x) | ~~d~~ |';
    assert.equal(neutralizeMarkdown(table), '\\| a \\| *b* \\|\\\n\\| c \\| \\~\\~d\\~\\~ \\|');
    assert.deepEqual(shown(neutralizeMarkdown(table)).elements, ['p', 'em', 'em', 'br', 'p']);
    assert.equal(neutralizeMarkdown('- [ ] to do\n- [x] done'), '- \\[ \\] to do\n- \\[x\\] done');
    assert.equal(neutralizeMarkdown('a list:\n\n- [ ] to do\n\n- [X] done'), 'a list\\:\n\n- \\[ \\] to do\n\n- \\[X\\] done');
    assert.equal(neutralizeMarkdown('~~gone~~ and ~one~'), '\\~\\~gone\\~\\~ and \\~one\\~');
  });

  it('keeps web links, bare or not, with the target the renderer would have used, percent-encoded as it would', () => {
    const links = [
      'see https://e.org/?a=1&amp;b and www.example.org/_a_ and <https://y.org/&amp;> and reader@example.org',
      '[spaced](<https://a.example/b c\\d>) [entity](https://x.example/&amp;y) [escaped](https://x.example/\\_z)',
    ];
    for (const markdown of links) assert.deepEqual(shown(neutralizeMarkdown(markdown)).targets, shown(markdown).targets, markdown);
    assert.equal(neutralizeMarkdown('[spaced](<https://a.example/b c>)'), '[spaced](<https://a.example/b%20c>)');
    // A scheme is read as written: spelled with a reference, it is no web address (the link loses its target).
    assert.equal(neutralizeMarkdown('[x](&#104;ttps://example.org)'), 'x');
  });

  it('reads deep nesting and runs of delimiters within bounds, every word kept', () => {
    for (const markdown of ['> '.repeat(3000) + 'x', '- '.repeat(3000) + 'x', `${'*'.repeat(4000)}x${'*'.repeat(4000)}`, '*_a'.repeat(3000), '~a'.repeat(4000)]) {
      const { elements, text } = shown(neutralizeMarkdown(markdown));
      assert.deepEqual(elements.filter((element) => !ALLOWED_ELEMENTS.has(element)), [], markdown.slice(0, 20));
      assert.ok(elements.filter((element) => element === 'blockquote' || element === 'ul').length <= 2 * 20, `nesting bounded: ${markdown.slice(0, 20)}`);
      assert.equal(text.replace(/[^ax]/g, ''), markdown.replace(/[^ax]/g, ''), `every word shown: ${markdown.slice(0, 20)}`);
    }
  });

  it('keeps the Markdown of a long note a person could write (50,000 characters, in paragraphs)', () => {
    const long = `${'A *word* and [a link](https://example.org). '.repeat(10)}\n\n`.repeat(115);
    assert.ok(long.length > 50_000 && long.length < MAX_PARSED_LENGTH);
    const shown = neutralizeMarkdown(long);
    const sentence = 'A *word* and [a link](<https://example.org>)\\.';
    assert.ok(shown.startsWith(sentence) && shown.trimEnd().endsWith(sentence), `emphasis and links kept to the end: ${shown.slice(-80)}`);
  });

  it('shows a note longer than 100,000 characters as plain text, line for line', () => {
    const long = `${'A *word* and [a link](https://example.org). '.repeat(2300)}\n\nA second paragraph.`;
    assert.ok(long.length > MAX_PARSED_LENGTH);
    assert.equal(neutralizeMarkdown(long), `${escapeMarkdown(long.split('\n')[0].trim())}\n\n${escapeMarkdown('A second paragraph.')}`);
  });
});

describe('escapeMarkdown', () => {
  it('shows text as itself: no emphasis, links, headings, HTML, entities or autolinks', () => {
    assert.equal(escapeMarkdown('*a* [b](c) # <i>'), '\\*a\\* \\[b\\]\\(c\\) \\# \\<i\\>');
    assert.equal(escapeMarkdown('&amp; https://x.org a@b.org'), '\\&amp; https\\://x\\.org a\\@b\\.org');
  });
});
