import { excerpt } from '../annotations/annotationYaml';
import { escapeMarkdown } from '../markdown/escape';
import { type DiffPart } from './wordDiff';
import type { FieldChange, ReviewedEntity, ReviewedNote, ReviewReport } from './reviewModel';

/** The review as Markdown for a pull request comment and the terminal: every text from a sidecar or the book escaped (`untrusted`). */

/** A pull request comment is cut at 65,536 characters: the report stays under this. */
const MAX_MARKDOWN = 60_000;

/**
 * Text from a sidecar or the book, safe in a pull request comment: on one line, shortened, every
 * Markdown character escaped (no link, image, HTML or code can be made of it), and no @mention,
 * issue reference or bare URL for GitHub to link.
 */
export function untrusted(text: string, length = 100): string {
  return inline(excerpt(text, length));
}

/** `untrusted` without shortening or trimming: spaces stay (collapsed to one). */
function inline(text: string): string {
  const flat = text
    .replace(/\s+/g, ' ')
    .replace(/@/g, '@\u2060')
    .replace(/:\/\//g, ':\u2060//')
    .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}\u2060.`)
    .replace(/#(?=\d)/g, '#\u2060');
  return escapeMarkdown(flat);
}

/** A word diff for Markdown: the changes, struck through and bold, with a few words of context. */
function diffMarkdown(parts: readonly DiffPart[], context = 6, budget = 240): string {
  const words = (text: string) => text.match(/\s+|[^\s]+/g) ?? [];
  let out = '';
  let used = 0;
  parts.forEach((part, index) => {
    if (used > budget) return;
    if (part.op === '=') {
      const tokens = words(part.text.replace(/\s+/g, ' '));
      const keep = context * 2;
      let text: string;
      if (index === 0) text = tokens.length > keep ? `…${tokens.slice(-keep).join('')}` : tokens.join('');
      else if (index === parts.length - 1) text = tokens.length > keep ? `${tokens.slice(0, keep).join('')}…` : tokens.join('');
      else text = tokens.length > keep * 2 ? `${tokens.slice(0, keep).join('')}…${tokens.slice(-keep).join('')}` : tokens.join('');
      out += inline(text);
      used += text.length;
      return;
    }
    const trimmed = part.text.replace(/\s+/g, ' ').trim();
    if (trimmed === '') return;
    const shown = trimmed.length > 120 ? `${trimmed.slice(0, 119)}…` : trimmed;
    const mark = part.op === '-' ? '~~' : '**';
    const lead = /^\s/.test(part.text) || (out !== '' && !/\s$/.test(out) && (out.endsWith('~~') || out.endsWith('**'))) ? ' ' : '';
    out += `${lead}${mark}${inline(shown)}${mark}${/\s$/.test(part.text) ? ' ' : ''}`;
    used += shown.length;
  });
  if (used > budget) out += '…';
  return out.replace(/ {2,}/g, ' ').trim();
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function changeMarkdown(change: FieldChange): string {
  switch (change.field) {
    case 'body':
    case 'quote':
      return `${change.field === 'body' ? 'body' : 'passage'}: ${diffMarkdown(change.diff)}`;
    case 'status':
      return `status ${change.before ?? '—'} → ${change.after ?? '—'}`;
    case 'author':
      return `author ${untrusted(change.before ?? '—', 40)} → ${untrusted(change.after ?? '—', 40)}`;
    case 'tags':
    case 'entities':
      return `${change.field} ${[...change.added.map((t) => `+${untrusted(t, 40)}`), ...change.removed.map((t) => `−${untrusted(t, 40)}`)].join(' ')}`;
    case 'target':
      return `anchor updated (line ${change.before.line + 1} → ${change.after.line + 1})`;
    case 'replies': {
      const parts: string[] = [];
      for (const reply of change.added) parts.push(`reply by ${untrusted(reply.author ?? 'someone', 40)}: “${untrusted(reply.body, 80)}”`);
      if (change.removed > 0) parts.push(`${plural(change.removed, 'reply', 'replies')} removed`);
      if (change.changed > 0) parts.push(`${plural(change.changed, 'reply', 'replies')} edited`);
      return parts.join('; ');
    }
  }
}

interface Line {
  readonly file: string;
  readonly chapter: number | undefined;
  readonly chapterTitle: string | undefined;
  /** Within a chapter: broken first, then added, changed, resolved, removed, notes. */
  readonly rank: number;
  readonly line: number;
  readonly text: string;
}

/** `12, 40`: 0-based lines as people count them. */
function linesOf(lines: readonly number[]): string {
  return lines.map((line) => line + 1).join(', ');
}

/**
 * The report as Markdown for a pull request: a summary, then per manuscript and chapter the
 * broken anchors first, the annotations added, changed, resolved and removed, and the notes; then
 * the cast. Every text from a sidecar or the book is escaped (`untrusted`).
 */
export function reviewMarkdown(report: ReviewReport): string {
  const lines: Line[] = [];
  const quote = (text: string) => `“${untrusted(text, 80)}”`;
  const id = (text: string) => untrusted(text, 40);
  for (const b of report.broken) {
    const where = `was at line ${b.line + 1}`;
    const detail =
      b.state === 'orphaned'
        ? `${where}; ${b.candidates ? `its text is at ${b.candidates.length === 1 ? 'line' : 'lines'} ${linesOf(b.candidates)}, but not what surrounded it (a copy, or moved on its own)` : 'the passage is no longer in the text'}`
        : b.state === 'ambiguous'
          ? `${where}; it now fits ${plural(b.candidates?.length ?? 2, 'place')} too alike to choose from (lines ${linesOf(b.candidates ?? [])})`
          : `the passage was edited${b.score !== undefined ? ` (${Math.round(b.score * 100)}% alike)` : ''}; now at line ${(b.now?.line ?? b.line) + 1}`;
    lines.push({ ...b, rank: 0, text: `⚠️ **${b.state}** ${id(b.id)} ${quote(b.quote)} — ${detail}` });
  }
  const body = (text: string) => (text.trim() === '' ? '' : ` — ${untrusted(text, 100)}`);
  const tags = (list: readonly string[]) => (list.length === 0 ? '' : ` (${list.map((t) => `#${untrusted(t, 30)}`).join(' ')})`);
  for (const a of report.added) lines.push({ ...a, rank: 1, text: `➕ **added** ${id(a.id)} ${quote(a.quote)}${body(a.body)}${tags(a.tags)}` });
  for (const c of report.changed) lines.push({ ...c, rank: 2, text: `✏️ **changed** ${id(c.id)} ${quote(c.quote)} — ${c.changes.map(changeMarkdown).join('; ')}` });
  for (const r of report.resolved) {
    const others = r.changes.filter((change) => change.field !== 'status');
    lines.push({ ...r, rank: 3, text: `✅ **resolved** ${id(r.id)} ${quote(r.quote)}${others.length > 0 ? ` — ${others.map(changeMarkdown).join('; ')}` : ''}` });
  }
  for (const a of report.removed) lines.push({ ...a, rank: 4, text: `➖ **removed** ${id(a.id)} ${quote(a.quote)}${body(a.body)}` });
  const noteName = (n: ReviewedNote) => `${n.kind === 'endnote' ? 'Endnote' : 'Footnote'} ${n.number}`;
  for (const n of report.notes.added) lines.push({ ...n, rank: 5, text: `📝 **${noteName(n)} added**${body(n.text)}` });
  for (const n of report.notes.changed) lines.push({ ...n, rank: 5, text: `📝 **${noteName(n)} changed**: ${diffMarkdown(n.diff)}` });
  for (const n of report.notes.removed) lines.push({ ...n, rank: 5, text: `📝 **${noteName(n)} removed**${body(n.text)}` });

  const castCount =
    report.cast.added.length + report.cast.removed.length + report.cast.renamed.length + report.cast.aliasesAdded.length + report.cast.aliasesRemoved.length;
  const out: string[] = ['## Marginalia review', '', summaryLine(report, castCount), ''];
  if (lines.length === 0 && castCount === 0 && report.moved.length === 0) out.push('No changes to annotations, notes or the cast.', '');

  const byFile = new Map<string, Line[]>();
  for (const line of lines) byFile.set(line.file, [...(byFile.get(line.file) ?? []), line]);
  const movedByFile = new Map<string, number>();
  for (const moved of report.moved) movedByFile.set(moved.file, (movedByFile.get(moved.file) ?? 0) + 1);
  const files = [...new Set([...report.files.map((f) => f.file), ...byFile.keys(), ...movedByFile.keys()])].sort();
  let length = out.join('\n').length;
  let left = lines.length;
  for (const file of files) {
    const fileLines = (byFile.get(file) ?? []).sort((a, b) => chapterOrder(a) - chapterOrder(b) || a.rank - b.rank || a.line - b.line);
    const renamed = report.files.find((f) => f.file === file)?.baseFile;
    const moved = movedByFile.get(file) ?? 0;
    if (fileLines.length === 0 && moved === 0 && renamed === undefined) continue;
    const section: string[] = [`### ${untrusted(file, 200)}`];
    if (renamed !== undefined) section.push(`_renamed from ${untrusted(renamed, 200)}_`);
    let chapter: string | undefined;
    for (const line of fileLines) {
      const heading = chapterHeading(line);
      if (heading !== chapter) section.push('', `**${heading}**`, '');
      chapter = heading;
      section.push(`- ${line.text}`);
    }
    if (moved > 0) section.push('', `_${plural(moved, 'annotation')} moved with ${moved === 1 ? 'its' : 'their'} passage._`);
    const text = section.join('\n');
    if (length + text.length > MAX_MARKDOWN) {
      out.push(`_… and ${plural(left, 'more item')}: run \`marginalia review\` for the whole report._`, '');
      return out.join('\n');
    }
    out.push(text, '');
    length += text.length + 2;
    left -= fileLines.length;
  }
  if (castCount > 0) {
    const section: string[] = ['### Cast'];
    const who = (e: ReviewedEntity) => `${e.kind} **${untrusted(e.name, 60)}** (${untrusted(e.id, 40)})`;
    const aliases = (list: readonly string[]) => list.map((alias) => untrusted(alias, 40)).join(', ');
    for (const e of report.cast.added) section.push(`- ➕ ${who(e)} added${e.aliases.length > 0 ? `, aliases: ${aliases(e.aliases)}` : ''}`);
    for (const e of report.cast.removed) section.push(`- ➖ ${who(e)} removed`);
    for (const e of report.cast.renamed) section.push(`- ✏️ ${who(e)} renamed from **${untrusted(e.before, 60)}**`);
    for (const e of report.cast.aliasesAdded) section.push(`- ✏️ ${who(e)}: aliases added: ${aliases(e.aliases)}`);
    for (const e of report.cast.aliasesRemoved) section.push(`- ✏️ ${who(e)}: aliases removed: ${aliases(e.aliases)}`);
    const text = section.join('\n');
    if (length + text.length > MAX_MARKDOWN) out.push('_… and the cast: run `marginalia review` for the whole report._', '');
    else out.push(text, '');
  }
  return out.join('\n');
}

function summaryLine(report: ReviewReport, castCount: number): string {
  const parts: string[] = [];
  if (report.broken.length > 0) parts.push(`**${plural(report.broken.length, 'broken anchor')}**`);
  const counts: [number, string][] = [
    [report.added.length, 'added'],
    [report.changed.length, 'changed'],
    [report.resolved.length, 'resolved'],
    [report.removed.length, 'removed'],
  ];
  const annotations = counts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  if (annotations.length > 0) parts.push(`annotations: ${annotations.join(', ')}`);
  const notes = report.notes.added.length + report.notes.changed.length + report.notes.removed.length;
  if (notes > 0) parts.push(plural(notes, 'note') + ' changed');
  if (report.moved.length > 0) parts.push(`${report.moved.length} moved`);
  if (castCount > 0) parts.push(`cast: ${plural(castCount, 'change')}`);
  return `${untrusted(report.base, 80)} → ${untrusted(report.head, 80)}${parts.length > 0 ? ` · ${parts.join(' · ')}` : ''}`;
}

function chapterOrder(line: Line): number {
  return line.chapter ?? -1;
}

function chapterHeading(line: Line): string {
  if (line.chapter === undefined) return line.line < 0 ? 'Notes' : 'Outside the chapters';
  return line.chapterTitle ? `Chapter ${line.chapter} · ${untrusted(line.chapterTitle, 80)}` : `Chapter ${line.chapter}`;
}
