import type { Manuscript } from '../../core/manuscript/model';
import { parseManuscript } from '../../core/manuscript/parser';
import { readText, type Diagnostic } from '../../node/files';
import { parseArgs, UsageError } from '../args';
import type { Output } from '../output';
import { diagnose } from './check';

export const OUTLINE_HELP = `Usage:
  marginalia outline <file> [--json]
      Lists the parts and chapters of a manuscript with their lines, and counts its markers,
      interpolations and problems; --json prints them all (0-based positions).
      Exit status: 0 done, 2 usage or I/O error.
`;

/** `marginalia outline …`. Resolves to the exit status. */
export async function outlineCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, { flags: ['json'] });
  if (parsed.flags.has('help')) {
    output.out(OUTLINE_HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) throw new UsageError('outline takes one manuscript file');
  const file = parsed.positionals[0];
  const text = await readText(file);
  const manuscript = parseManuscript(text);
  const diagnostics = (await diagnose(file, manuscript, text)).filter((d) => d.file === file);
  if (parsed.flags.has('json')) {
    output.out(`${JSON.stringify(outlineJson(file, manuscript, diagnostics), null, 2)}\n`);
  } else {
    for (const part of manuscript.parts) output.out(`${part.line + 1}: ${part.title}\n`);
    for (const chapter of manuscript.chapters) output.out(`${chapter.line + 1}:   ${chapter.number}. ${chapter.title}\n`);
    const endnotes = manuscript.markers.filter((m) => m.kind === 'endnote').length;
    output.out(`${manuscript.chapters.length} chapters, ${endnotes} endnote and ${manuscript.markers.length - endnotes} footnote markers, ${manuscript.interpolations.length} interpolations, ${diagnostics.length} problems\n`);
  }
  return 0;
}

function outlineJson(file: string, manuscript: Manuscript, diagnostics: readonly Diagnostic[]) {
  return {
    file,
    parts: manuscript.parts.map(({ title, line }) => ({ title, line })),
    chapters: manuscript.chapters.map(({ number, title, line }) => ({ number, title, line })),
    markers: manuscript.markers.map(({ kind, number, line, character, length }) => ({ kind, number, line, character, length })),
    interpolations: manuscript.interpolations.map(({ text, line, character }) => ({ text, line, character })),
    diagnostics: diagnostics.map(({ severity, code, message, line, character }) => ({ severity, code, message, line, character })),
  };
}
