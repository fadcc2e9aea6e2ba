import * as path from 'node:path';
import { parseAnnotations } from '../../core/annotations/annotationYaml';
import { applyImport } from '../../core/interchange/applyImport';
import { ImportFormatError } from '../../core/interchange/foreign';
import { describeImport, parseJsonText } from '../../core/interchange/importReport';
import { planImport, type ImportPlan } from '../../core/interchange/planImport';
import { readAnnotationsFile } from '../../core/interchange/readForeign';
import { parseManuscript } from '../../core/manuscript/parser';
import { sidecarPathFor } from '../../core/sidecar/sidecarFile';
import { formatDiagnostic, readText } from '../../node/files';
import { parseArgs, UsageError } from '../args';
import type { Output } from '../output';
import { editSidecar } from './annotate';
import { castFor } from './mentions';

export const IMPORT_HELP = `Usage:
  marginalia import <manuscript> <annotations.json> [--source URI] [--dry-run] [--json]
      Brings annotations made elsewhere into the manuscript's sidecar: W3C Web Annotations
      (JSON-LD, ours or Recogito's) or a Hypothesis export ({"export_date", "annotations": [...]}).
      Each is found in the text by its quote and context with Marginalia's anchoring (a position in
      the file is only a hint): anchored, moved, fuzzy, ambiguous or orphaned — ambiguous and
      orphaned ones are kept with their quote, to re-attach. Tags, replies, authors, dates, status
      and links to the cast (by Wikidata, VIAF or GeoNames IRI) come along. Importing the same
      file again adds nothing twice. Items without a quote, or whose target is another document,
      are skipped and reported; --source URI picks one document from a file that holds several.
      Prints a line per item and a summary (--json: {"file", "sidecar", "counts", "items"}).
      --dry-run writes nothing. Exit status: 0 every item found where it was, 1 some fuzzy,
      ambiguous, orphaned or skipped, 2 usage or I/O error, a file that is not annotations, or a
      sidecar that does not parse (nothing written).
`;

/** `marginalia import …`. Resolves to the exit status. */
export async function importCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, { flags: ['dry-run', 'json'], options: ['source'] });
  if (parsed.flags.has('help')) {
    output.out(IMPORT_HELP);
    return 0;
  }
  if (parsed.positionals.length !== 2) throw new UsageError('import takes a manuscript file and an annotations file');
  const sourceOption = parsed.options.get('source');
  if (sourceOption && sourceOption.length > 1) throw new UsageError('--source is given once');
  const [file, annotationsFile] = parsed.positionals;
  const text = await readText(file);
  const json = parseJsonText(await readText(annotationsFile));
  if (!json.ok) {
    output.err(`${formatDiagnostic({ file: annotationsFile, severity: 'error', code: 'import-not-json', message: json.message, ...json.position })}\n${annotationsFile}: nothing imported.\n`);
    return 2;
  }
  let foreign;
  try {
    foreign = readAnnotationsFile(json.value);
  } catch (error) {
    if (!(error instanceof ImportFormatError)) throw error;
    output.err(`${formatDiagnostic({ file: annotationsFile, severity: 'error', code: 'import-format', message: error.message, line: 0, character: 0 })}\n${annotationsFile}: nothing imported.\n`);
    return 2;
  }
  const castSource = await castFor(file, undefined);
  const manuscript = parseManuscript(text);
  const sidecarFile = sidecarPathFor(file);
  let plan: ImportPlan | undefined;
  const written = await editSidecar(
    sidecarFile,
    (current) => {
      plan = planImport({
        text,
        manuscript,
        documentName: path.basename(file),
        ...(sourceOption ? { source: sourceOption[0] } : {}),
        existing: parseAnnotations(current ?? '').annotations.map((entry) => entry.annotation),
        cast: castSource?.cast.parsed ? castSource.cast : undefined,
        file: foreign,
      });
      const changes = plan.added.length > 0 || plan.repliesToExisting.size > 0;
      return changes && !parsed.flags.has('dry-run') ? applyImport(current, plan) : current;
    },
    output,
  );
  if (written === 'refused' || !plan) return 2;
  const report = describeImport(plan, foreign.format);
  if (parsed.flags.has('json')) {
    output.out(`${JSON.stringify({ file, sidecar: sidecarFile, format: foreign.format, written: written === 'written', counts: plan.counts, items: plan.items }, null, 2)}\n`);
  } else {
    for (const item of plan.items) {
      const where = item.line !== undefined ? `${file}:${item.line + 1}:1` : annotationsFile;
      output.out(`${where}: ${item.outcome}: ${item.item}${item.id ? ` → ${item.id}` : ''}${item.note ? ` (${item.note})` : ''}\n`);
    }
    output.out(`${sidecarFile}: ${parsed.flags.has('dry-run') ? 'would import' : 'imported'} ${report}\n`);
  }
  const clean = plan.items.every((item) => item.outcome === 'anchored' || item.outcome === 'moved' || item.outcome === 'already-imported');
  return clean ? 0 : 1;
}
