import * as path from 'node:path';
import { resolveTargets } from '../../core/anchoring/anchoring';
import { parseAnnotations } from '../../core/annotations/annotationYaml';
import type { Cast } from '../../core/cast/cast';
import { exportTei, type TeiManuscript } from '../../core/interchange/tei';
import { exportW3c } from '../../core/interchange/w3cExport';
import { parseManuscript } from '../../core/manuscript/parser';
import { MentionIndex } from '../../core/mentions/mentions';
import { NameMatcher } from '../../core/mentions/nameMatcher';
import { parsePins, resolvePins } from '../../core/mentions/pins';
import { parseSidecar } from '../../core/notes/notesSidecar';
import { sidecarPathFor } from '../../core/sidecar/sidecarFile';
import { findBook, FileProblem, formatDiagnostic, manuscriptFilesOf, readSidecar, readText, writeAtomically } from '../../node/files';
import { parseArgs, UsageError } from '../args';
import type { Output } from '../output';
import { castFor, castDiagnostics } from './mentions';
import { SidecarText } from '../../core/sidecar/sidecarText';
import { errorMessage } from '../../core/text/errorMessage';

export const EXPORT_HELP = `Usage:
  marginalia export <file|folder>... --format w3c|tei [--out FILE] [--cast FILE]
      Writes the annotations, or the whole book, in a format other tools read:
      w3c  W3C Web Annotations (JSON-LD, an AnnotationCollection), as Hypothesis and Recogito
           exchange them: per annotation its Markdown body, a tagging body per tag, an identifying
           body per linked entity (its Wikidata, VIAF or GeoNames IRI when the cast has one), and a
           target with a TextQuoteSelector and a TextPositionSelector in Unicode code points;
           replies as annotations replying to it; status and chapter as marginalia: keys.
      tei  One TEI P5 document: the cast in the header (listPerson, listPlace, listOrg), parts and
           chapters as divs, paragraphs, quotations, interpolations (supplied), every mention
           (persName, placeName, orgName; ambiguous ones as rs cert="low"), the notes where their
           markers stand, and the annotations stand-off (listAnnotation).
      A folder stands for its book's manuscripts in it. --out writes the file (atomically) instead
      of printing it. Exit status: 0 written, 2 usage or I/O error, or a sidecar or cast that does
      not parse.
`;

/** `marginalia export …`. Resolves to the exit status. */
export async function exportCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, { options: ['format', 'out', 'cast'] });
  if (parsed.flags.has('help')) {
    output.out(EXPORT_HELP);
    return 0;
  }
  const single = (name: string) => {
    const values = parsed.options.get(name);
    if (values && values.length > 1) throw new UsageError(`--${name} is given ${values.length} times`);
    return values?.[0];
  };
  const format = single('format');
  if (format !== 'w3c' && format !== 'tei') throw new UsageError('export needs --format w3c or --format tei');
  if (parsed.positionals.length === 0) throw new UsageError('export takes at least one manuscript file or book folder');
  const files: string[] = [];
  for (const target of parsed.positionals) files.push(...(await manuscriptFilesOf(target)));
  if (files.length === 0) throw new UsageError(`no manuscripts in ${parsed.positionals.join(', ')}`);

  const castSource = await castFor(files[0], single('cast'));
  if (castSource) {
    const problems = castDiagnostics(castSource);
    for (const problem of problems) output.err(`${formatDiagnostic(problem)}\n`);
    if (!castSource.cast.parsed) {
      output.err(`${castSource.file}: the cast cannot be read until this is fixed: nothing exported.\n`);
      return 2;
    }
  }
  const cast = castSource?.cast;
  const book = await findBook(path.dirname(path.resolve(files[0])));
  const manuscripts: TeiManuscript[] = [];
  for (const file of files) {
    const loaded = await loadManuscript(file, book?.folder, cast, output);
    if (!loaded) return 2;
    manuscripts.push(loaded);
  }

  let result: string;
  if (format === 'w3c') {
    const collections = manuscripts.map((manuscript) => exportW3c({ source: manuscript.name, ...manuscript, cast }));
    const [first] = collections;
    // Several manuscripts: one collection, each target naming its own manuscript.
    const items = collections.flatMap((collection) => collection.first.items);
    const merged = collections.length === 1 ? first : { ...first, label: `Annotations of ${book?.book.title ?? 'the book'}`, total: items.length, first: { ...first.first, items } };
    result = `${JSON.stringify(merged, null, 2)}\n`;
  } else {
    result = exportTei({ title: book?.book.title ?? path.basename(files[0]), cast, manuscripts });
  }
  const out = single('out');
  if (out === undefined) {
    output.out(result);
    return 0;
  }
  try {
    await writeAtomically(out, result);
  } catch (error) {
    throw new FileProblem(out, `cannot be written: ${errorMessage(error)}`);
  }
  output.err(`${out}: ${format === 'w3c' ? 'W3C Web Annotations' : 'TEI'} of ${files.length} manuscript${files.length === 1 ? '' : 's'}\n`);
  return 0;
}

/** A manuscript with what an export needs of it; undefined (its problems printed) when its sidecar does not parse. */
async function loadManuscript(file: string, bookFolder: string | undefined, cast: Cast | undefined, output: Output): Promise<TeiManuscript | undefined> {
  const text = await readText(file);
  const manuscript = parseManuscript(text);
  const sidecarFile = sidecarPathFor(file);
  const sidecarText = await readSidecar(sidecarFile);
  const read = new SidecarText(sidecarText ?? '');
  const notes = sidecarText === undefined ? undefined : parseSidecar(read);
  const annotations = parseAnnotations(read);
  if (!annotations.parsed || (notes && !notes.parsed)) {
    for (const problem of [...annotations.problems, ...(notes?.problems ?? [])].filter((p) => p.severity === 'error')) {
      output.err(`${formatDiagnostic({ file: sidecarFile, severity: 'error', code: problem.code, message: problem.message, ...problem.range.start })}\n`);
    }
    output.err(`${sidecarFile}: fix the sidecar first: nothing exported.\n`);
    return undefined;
  }
  const list = annotations.annotations.map((entry) => entry.annotation);
  let mentions: MentionIndex | undefined;
  if (cast) {
    mentions = MentionIndex.build(text, new NameMatcher(cast.entities));
    if (sidecarText !== undefined) mentions.setPins(resolvePins(text, manuscript, parsePins(sidecarText).pins.map((entry) => entry.pin)).placements);
  }
  const name = bookFolder ? path.relative(bookFolder, path.resolve(file)).split(path.sep).join('/') : path.basename(file);
  return {
    name,
    text,
    manuscript,
    notes,
    annotations: list,
    resolutions: resolveTargets(text, manuscript, list.map((annotation) => annotation.target)),
    mentions,
  };
}
