import { parseManuscript } from '../../core/manuscript/parser';
import { suggestCast } from '../../core/cast/suggestCast';
import { parseArgs, UsageError } from '../args';
import { formatDiagnostic, readText } from '../../node/files';
import type { Output } from '../output';
import { castDiagnostics, castFor, compactJson } from './mentions';

export const SUGGEST_HELP = `Usage:
  marginalia suggest <file> [--json] [--cast FILE] [--min N]
      Suggest Cast: the proper names of the manuscript that the cast (of the marginalia.yaml nearest
      above <file>, or FILE) does not list yet, and that were not dismissed (its dismissed: list),
      most frequent first, grouped by the entity they likely name (Vladimir Illich with Illich),
      each with a guess of person, place or organization. --min N leaves out names found fewer
      than N times. Prints count, kind, name and its other forms per line, or with --json:
      {"candidates": [{"text", "kind", "count", "variants": […]}]}.
      Exit status: 0 done, 2 usage or I/O error, or a cast that does not parse.
`;

/** `marginalia suggest …`. Resolves to the exit status. */
export async function suggestCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, { flags: ['json'], options: ['cast', 'min'] });
  if (parsed.flags.has('help')) {
    output.out(SUGGEST_HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) throw new UsageError('suggest takes one manuscript file');
  const castOption = parsed.options.get('cast');
  if (castOption && castOption.length > 1) throw new UsageError('--cast is given once');
  const minText = parsed.options.get('min')?.[0];
  const minCount = minText === undefined ? 1 : Number(minText);
  if (!Number.isInteger(minCount) || minCount < 1) throw new UsageError('--min is a whole number from 1');
  const file = parsed.positionals[0];
  const text = await readText(file);
  const source = await castFor(file, castOption?.[0]);
  if (source && !source.cast.parsed) {
    for (const problem of castDiagnostics(source)) output.err(`${formatDiagnostic(problem)}\n`);
    output.err(`${source.file}: the cast cannot be read until this is fixed.\n`);
    return 2;
  }
  const candidates = suggestCast(text, {
    manuscript: parseManuscript(text),
    cast: source?.cast.entities ?? [],
    dismissed: source?.cast.dismissed ?? [],
    minCount,
  });
  if (parsed.flags.has('json')) {
    output.out(`${compactJson({ candidates: candidates.map(({ text: name, kind, count, variants }) => ({ text: name, kind, count, variants })) })}\n`);
  } else {
    for (const candidate of candidates) {
      const others = candidate.variants.slice(1);
      output.out(`${String(candidate.count).padStart(5)}  ${candidate.kind.padEnd(12)}  ${candidate.text}${others.length > 0 ? ` (also ${others.join(', ')})` : ''}\n`);
    }
  }
  return 0;
}
