import { excerpt } from '../annotations/annotationYaml';
import type { BrokenAnnotation, BrokenState, ReviewReport } from './reviewModel';
import { reviewMarkdown } from './reviewMarkdown';

/**
 * The review for GitHub Actions (`marginalia review --format github`): workflow commands that put
 * each annotation the change broke on the manuscript line where its passage is (or was), and the
 * body of the one pull-request comment the workflow keeps up to date.
 *
 * Everything from a sidecar or the manuscript goes through `escapeData`/`escapeProperty`, GitHub's
 * own escaping (the `@actions/core` rules): no newline survives, so no text can start a line of
 * its own and be read by the runner as a command (`::add-mask::`, `::stop-commands::`, …).
 */

/** GitHub shows at most this many annotations of each level per step; the rest are counted in one line. */
export const GITHUB_ANNOTATIONS_PER_LEVEL = 10;

/** The first line of the pull-request comment: how the workflow finds its own comment again. */
export const STICKY_COMMENT_MARKER = '<!-- marginalia-review -->';

/** A workflow command's message: `%`, CR and LF escaped. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as `escapeData`, and `:` and `,` too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

type Level = 'error' | 'warning';

/** Orphaned and ambiguous annotations are detached until someone re-attaches them; a fuzzy one is only to check. */
const LEVEL: Record<BrokenState, Level> = { orphaned: 'error', ambiguous: 'error', fuzzy: 'warning' };
const SERIOUSNESS: Record<BrokenState, number> = { orphaned: 0, ambiguous: 1, fuzzy: 2 };

/** The head's line (0-based) where the annotation's passage is, or the first place its text fits, or where it was. */
function lineOf(broken: BrokenAnnotation): number {
  if (broken.state === 'fuzzy') return broken.now?.line ?? broken.line;
  return broken.candidates?.[0] ?? broken.line;
}

/** Text from a sidecar or the manuscript on one line, control characters (escape sequences and the like) shown as �. */
function shown(text: string, length: number): string {
  return excerpt(text, length).replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
}

function describe(broken: BrokenAnnotation): { title: string; message: string } {
  const quote = `“${shown(broken.quote, 80)}”`;
  const lines = (list: readonly number[]) => list.map((line) => line + 1).join(', ');
  let what: string;
  switch (broken.state) {
    case 'orphaned':
      what = broken.candidates
        ? `Its passage ${quote} (line ${broken.line + 1} before this change) is gone from where it was; the same words are at line ${lines(broken.candidates)}, but not what surrounded them. Re-attach it to the right passage (Marginalia: Re-attach to Selection) or delete it.`
        : `Its passage ${quote} (line ${broken.line + 1} before this change) is no longer in the text. Re-attach it to a passage (Marginalia: Re-attach to Selection) or delete it.`;
      break;
    case 'ambiguous':
      what = `Its passage ${quote} (line ${broken.line + 1} before this change) now fits several places too alike to choose from (lines ${lines(broken.candidates ?? [])}). Choose one (Marginalia: Choose Candidate…).`;
      break;
    case 'fuzzy':
      what = `Its passage ${quote} was edited${broken.score !== undefined ? ` (${Math.round(broken.score * 100)}% alike)` : ''}: check that the annotation still fits, then run Marginalia: Update Anchors.`;
      break;
  }
  const body = broken.body.trim() === '' ? '' : `\n\n${broken.author ? `${shown(broken.author, 40)}: ` : ''}${shown(broken.body, 300)}`;
  return { title: `Annotation ${shown(broken.id, 40)} ${broken.state}`, message: `${what}${body}` };
}

/**
 * The workflow commands for the broken annotations, one a line, most serious first (orphaned,
 * ambiguous, fuzzy; then by file and line); beyond GitHub's limit per level, one notice counts
 * the rest. Empty when nothing broke.
 */
export function githubAnnotations(report: ReviewReport, perLevel = GITHUB_ANNOTATIONS_PER_LEVEL): string[] {
  const sorted = [...report.broken].sort(
    (a, b) => SERIOUSNESS[a.state] - SERIOUSNESS[b.state] || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || lineOf(a) - lineOf(b),
  );
  const shown: Record<Level, number> = { error: 0, warning: 0 };
  const commands: string[] = [];
  let hidden = 0;
  for (const broken of sorted) {
    const level = LEVEL[broken.state];
    if (shown[level] >= perLevel) {
      hidden++;
      continue;
    }
    shown[level]++;
    const line = lineOf(broken) + 1;
    const endLine = line + (broken.quote.match(/\n/g)?.length ?? 0);
    const { title, message } = describe(broken);
    const properties = [`file=${escapeProperty(broken.file)}`, `line=${line}`, `endLine=${endLine}`, `title=${escapeProperty(title)}`];
    commands.push(`::${level} ${properties.join(',')}::${escapeData(message)}`);
  }
  if (hidden > 0) {
    commands.push(
      `::notice title=Marginalia review::${hidden} more broken ${hidden === 1 ? 'annotation is' : 'annotations are'} not shown here (GitHub shows ${perLevel} errors and ${perLevel} warnings per step): see the job summary or the pull request comment.`,
    );
  }
  return commands;
}

/** The pull-request comment: the marker the workflow finds it by, then the Markdown report. */
export function githubComment(report: ReviewReport): string {
  return `${STICKY_COMMENT_MARKER}\n${reviewMarkdown(report)}`;
}

/**
 * An entry of `$GITHUB_OUTPUT` (or `$GITHUB_ENV`) that may span lines: `name<<delimiter`, the
 * value, the delimiter. Throws when the value holds the delimiter as a line, which would end it
 * early and let the rest be read as more outputs: pick a random delimiter.
 */
export function githubOutputEntry(name: string, value: string, delimiter: string): string {
  if (value.split(/\r?\n/).includes(delimiter)) throw new Error(`the value of ${name} holds its delimiter ${delimiter}`);
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}
