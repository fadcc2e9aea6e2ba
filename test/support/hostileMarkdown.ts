/**
 * Notes written to attack whoever reads them: command links, tracking images, HTML and icons,
 * dressed in every Markdown construct that could carry them past a neutraliser. The unit tests
 * render each one as VS Code would (markdown-it and `marked`); the integration and UI tests put them
 * in a sidecar (as notes and as annotation bodies) and hover them in a real VS Code.
 */
import { marked } from 'marked';
import { stringify } from 'yaml';
import { annotating } from './annotationFixture';

export interface HostileNote {
  /** What the note tries. */
  readonly name: string;
  readonly markdown: string;
  /** Text the reader must still see (a neutralised link's text, an image's alt text, HTML as text). */
  readonly shows?: readonly string[];
  /** The only link targets that may be left, exactly: http(s) and mailto links the note really has. */
  readonly keeps?: readonly string[];
}

/** The only link targets a note may keep, once rendered. */
export const SAFE_TARGET = /^(?:https?|mailto):/i;

/** The elements that neutralised Markdown may render to: structure and links, no images, no HTML of the note's own. */
export const ALLOWED_ELEMENTS = new Set(['p', 'em', 'strong', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'br', 'a']);

/** Markdown as VS Code's hover renders it: with `marked` (GitHub-flavoured, its default). */
export function renderLikeHover(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

function decodeEntities(html: string): string {
  return html.replace(/&(?:#(\d+)|#x([\da-f]+)|(amp|lt|gt|quot|#39));/gi, (_, decimal: string, hex: string, name: string) => {
    if (decimal) return String.fromCodePoint(Number(decimal));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }[name.toLowerCase()] ?? '';
  });
}

/** The elements, link targets and visible text of rendered HTML (renderers escape `<` in text, so every `<` starts a tag). */
export function inspect(html: string): { elements: string[]; targets: string[]; text: string } {
  const elements = [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((match) => match[1].toLowerCase());
  const targets = [...html.matchAll(/<a\b[^>]*?\bhref="([^"]*)"/g)].map((match) => decodeEntities(match[1]));
  // Inline elements join their text to what is around them; blocks separate it.
  const text = decodeEntities(html.replace(/<\/?(?:a|em|strong|code)\b[^>]*>/g, '').replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ');
  return { elements, targets, text };
}

const TERMINAL = 'command:workbench.action.terminal.new';
/** What an "Edit note" link of ours carries: a note of a manuscript. */
const EDIT_NOTE = `command:marginalia.editNote?${encodeURIComponent(JSON.stringify([{ uri: 'file:///book/part-one.txt', kind: 'endnote', number: 1 }]))}`;
const PIXEL = 'https://tracker.example/p.png';

export const HOSTILE_NOTES: readonly HostileNote[] = [
  { name: 'the issue’s nested brackets around a command link', markdown: `[x [y]](${EDIT_NOTE})`, shows: ['x [y]'] },
  { name: 'the issue’s image with brackets in its alt text', markdown: `![i [n]](${PIXEL})`, shows: ['i [n]'] },
  { name: 'an inline command link', markdown: `Read [the letter](${TERMINAL}) first.`, shows: ['Read the letter first.'] },
  { name: 'a command link with a title', markdown: `[go](command:marginalia.goToNote "Go to note")`, shows: ['go'] },
  { name: 'an angle-bracket target', markdown: `[open](<${TERMINAL}>)`, shows: ['open'] },
  { name: 'an angle-bracket target with spaces and parentheses', markdown: '[spaced](<command:workbench.action.terminal.new (x) y>)', shows: ['spaced'] },
  { name: 'a full reference link', markdown: `See [the source][src].\n\n[src]: ${TERMINAL}`, shows: ['See the source.'] },
  { name: 'collapsed and shortcut reference links', markdown: `[here][] and [there]\n\n[here]: ${TERMINAL}\n[there]: <command:workbench.action.quit> "Quit"`, shows: ['here and there'] },
  { name: 'a reference definition with an entity in its target', markdown: '[ref]\n\n[ref]: &#x63;ommand:workbench.action.terminal.new', shows: ['ref'] },
  { name: 'an autolink to a command', markdown: `<${TERMINAL}>`, shows: [TERMINAL] },
  { name: 'an autolink to vscode:', markdown: '<vscode://vscode.git/clone?url=https://evil.example/r.git>', shows: ['vscode://vscode.git/clone'] },
  { name: 'a decimal entity in the scheme', markdown: '[dec](&#99;ommand:workbench.action.terminal.new)', shows: ['dec'] },
  { name: 'a hex entity and a named entity in the scheme', markdown: '[hex](&#x63;ommand:x) [named](command&colon;workbench.action.terminal.new)', shows: ['hex named'] },
  { name: 'a backslash escape in the target', markdown: '[esc](command\\:workbench.action.terminal.new)', shows: ['esc'] },
  { name: 'escaped brackets around a command link', markdown: '\\[not a link\\](command:workbench.action.terminal.new) [but](command:x)', shows: ['[not a link](command:workbench.action.terminal.new) but'] },
  { name: 'an uppercase scheme', markdown: '[UP](COMMAND:workbench.action.terminal.new) <COMMAND:workbench.action.quit>', shows: ['UP'] },
  { name: 'javascript:', markdown: '[js](javascript:alert(document.cookie))', shows: ['js'] },
  { name: 'javascript: with mixed case and an entity tab', markdown: '[tab](JaVa&#x09;ScRiPt:alert(1)) <JAVASCRIPT:alert(1)>', shows: ['tab'] },
  { name: 'whitespace and control characters in the scheme', markdown: '[ws](<java script:alert(1)>) [nl](java%0Ascript:alert(1)) [cc](java\u0001script:alert(1))', shows: ['ws'] },
  { name: 'a zero-width space in the scheme', markdown: '[zw](com\u200Bmand:workbench.action.terminal.new)', shows: ['zw'] },
  { name: 'a percent-encoded colon', markdown: '[pct](command%3Aworkbench.action.terminal.new)', shows: ['pct'] },
  { name: 'file:', markdown: '[passwd](file:///etc/passwd)', shows: ['passwd'] },
  { name: 'vscode: and vscode-file:', markdown: '[ext](vscode:extension/evil.ext) [vf](vscode-file://vscode-app/etc/passwd)', shows: ['ext vf'] },
  { name: 'a data: URI link', markdown: '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', shows: ['data'] },
  { name: 'a data: URI image', markdown: '![dot](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==)', shows: ['dot'] },
  { name: 'an image with a title', markdown: `![seen](${PIXEL} "who read this")`, shows: ['seen'] },
  { name: 'a reference image', markdown: `![pixel][p]\n\n[p]: ${PIXEL}`, shows: ['pixel'] },
  { name: 'an image nested in a command link', markdown: `[![badge](https://tracker.example/b.png)](${TERMINAL})`, shows: ['badge'] },
  { name: 'an image nested in an http link', markdown: '[![logo](https://tracker.example/l.png)](https://example.org/ok)', shows: ['logo'], keeps: ['https://example.org/ok'] },
  { name: 'an HTML img', markdown: `<img src="${PIXEL}" onerror="alert(1)">`, shows: ['<img src='] },
  { name: 'an HTML anchor to a command', markdown: `<a href="${TERMINAL}">click</a>`, shows: ['<a href='] },
  { name: 'an HTML script block', markdown: '<script>\nalert(1)\n</script>', shows: ['<script>'] },
  { name: 'an iframe', markdown: '<iframe src="https://evil.example/frame"></iframe>', shows: ['<iframe'] },
  { name: 'inline HTML inside a paragraph', markdown: 'Plain <span onmouseover="alert(1)">text</span> and <b>bold</b>.', shows: ['<span onmouseover='] },
  { name: 'an HTML comment hiding a link', markdown: `<!-- [x](${TERMINAL}) -->\nafter`, shows: ['<!--'] },
  { name: 'theme icons', markdown: '$(alert) Warning $(sync~spin) $(terminal)', shows: ['$(alert) Warning $(sync~spin) $(terminal)'] },
  { name: 'a theme icon as a command link’s text', markdown: '[$(gear)](command:workbench.action.openSettings)', shows: ['$(gear)'] },
  { name: 'a Markdown table of hostile cells', markdown: `| a | b |\n|---|---|\n| [cell](${TERMINAL}) | ![t](https://tracker.example/t.png) |`, shows: ['cell'] },
  { name: 'footnote-like syntax', markdown: `Text[^1] and [^2].\n\n[^2]: ${TERMINAL}\n[^1]: <${TERMINAL}>`, shows: ['Text'] },
  { name: 'a setext heading made of a link', markdown: `[head](${TERMINAL})\n===\nand [under](command:x)\n---`, shows: ['head'] },
  { name: 'a link over two lines', markdown: `[two\nlines](${TERMINAL})`, shows: ['two'] },
  { name: 'parentheses in a command target', markdown: '[paren](command:workbench.action.terminal.new(1)) tail', shows: ['paren tail'] },
  { name: 'deeply nested brackets', markdown: `[a [b [c [d]]]](${TERMINAL})`, shows: ['a [b [c [d]]]'] },
  { name: 'links inside emphasis', markdown: `*[em](${TERMINAL})* **[strong](command:x)** ***[both](command:y)***`, shows: ['em'] },
  { name: 'an http link with a hostile title', markdown: '[archive](https://archive.example.org/a?b=1&c=2 "<img src=x onerror=alert(1)>")', shows: ['archive'], keeps: ['https://archive.example.org/a?b=1&c=2'] },
  { name: 'mailto links and an e-mail autolink', markdown: '[write](mailto:editor@example.org) or <reader@example.org>', shows: ['write'], keeps: ['mailto:editor@example.org', 'mailto:reader@example.org'] },
  { name: 'bare URLs', markdown: 'See https://example.org/x and www.example.org, not ftp://files.example.org/y.', shows: ['ftp://files.example.org/y'], keeps: ['https://example.org/x', 'http://www.example.org'] },
  { name: 'a protocol-relative target', markdown: '[rel](//tracker.example/p.png) ![rel](//tracker.example/q.png)', shows: ['rel'] },
  { name: 'a code span holding a link', markdown: `Type \`[x](${TERMINAL})\` to try.`, shows: [`[x](${TERMINAL})`] },
  { name: 'a fenced code block of HTML', markdown: '```html\n<img src="https://tracker.example/f.png">\n```', shows: ['<img src="https://tracker.example/f.png">'] },
  { name: 'lists and quotes of hostile items', markdown: `- [one](${TERMINAL})\n- ![two](https://tracker.example/2.png)\n  > <img src=x> [three](command:z)\n1. <a href="command:y">four</a>`, shows: ['one'] },
  { name: 'entities that spell HTML', markdown: '&lt;img src="https://tracker.example/e.png"&gt; &#60;script&#62;', shows: ['<img src="https://tracker.example/e.png"> <script>'], keeps: ['https://tracker.example/e.png'] },
  { name: 'a link reference definition in a list item', markdown: `- [item]\n\n  [item]: ${TERMINAL}`, shows: ['item'] },
  { name: 'an image inside a link’s text inside an image', markdown: `![outer [![inner](${PIXEL})](${TERMINAL})](${PIXEL})`, shows: ['outer'] },
];

/** A manuscript whose line n cites endnote {n} (note n + 1 of the corpus), and one passage that every hostile annotation is about. */
export const HOSTILE_PASSAGE = 'the passage every hostile annotation is about';

export function hostileManuscript(): string {
  const lines = ['1. Hostile notes', '', `This is ${HOSTILE_PASSAGE}, in a chapter of its own.`, ''];
  HOSTILE_NOTES.forEach((_, index) => lines.push(`Sentence ${index + 1} cites its note here.{${index + 1}}`));
  return `${lines.join('\n')}\n`;
}

/** The sidecar of `hostileManuscript()`: each hostile note as endnote n + 1 and as the body of an annotation of the passage. */
export function hostileSidecar(manuscript: string): string {
  const annotate = annotating('hostile');
  const endnotes = Object.fromEntries(HOSTILE_NOTES.map((note, index) => [index + 1, note.markdown]));
  const annotations = HOSTILE_NOTES.map((note) => annotate(manuscript, HOSTILE_PASSAGE, { body: note.markdown, author: 'A Stranger' }));
  return `# Hostile notes, written by the tests.\n${stringify({ notes: { endnotes }, annotations })}`;
}
