import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { escapeMarkdown } from '../../src/core/markdown/escape';
import { neutralizeMarkdown } from '../../src/core/markdown/markdown';
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

describe('escapeMarkdown', () => {
  it('shows text as itself: no emphasis, links, headings, HTML, entities or autolinks', () => {
    assert.equal(escapeMarkdown('*a* [b](c) # <i>'), '\\*a\\* \\[b\\]\\(c\\) \\# \\<i\\>');
    assert.equal(escapeMarkdown('&amp; https://x.org a@b.org'), '\\&amp; https\\://x\\.org a\\@b\\.org');
  });
});
