import * as path from 'node:path';
import { resolveTargets } from '../../core/anchoring/anchoring';
import { parseAnnotations } from '../../core/annotations/annotationYaml';
import { lineStartsOf, positionAt } from '../../core/manuscript/book';
import { CastMapModel, type CastMapData, type MapLink, type MapRowKind } from '../../core/map/castMap';
import { renderMapCsv } from '../../core/map/mapCsv';
import { renderMapSvg } from '../../core/map/mapSvg';
import { arrangeRows, columnLabel, MAP_SORTS, type MapSort } from '../../core/map/mapView';
import type { Manuscript } from '../../core/manuscript/model';
import { parseArgs, UsageError } from '../args';
import type { Output } from '../output';
import { compactJson, indexManuscript } from './mentions';

export const MAP_HELP = `Usage:
  marginalia map <file> [--cast FILE] [--csv | --svg | --json] [--sort first|count|name]
                 [--kind person|place|organization|ambiguous]... [--min N]
      The cast map of a manuscript: who appears where. One row per entity of the book's cast
      (marginalia.yaml above <file>, or FILE), one column per chapter, the mentions counted as
      marginalia mentions finds them; ambiguous mentions (a name of several entities, not pinned)
      in rows of their own, counted for none of their candidates.
      Prints one line per entity (name, total, chapters), or:
        --csv   a table: id, kind, name, total, first chapter, and a count per chapter
        --svg   the picture: shaded cells, totals, and a tick per mention along the book
        --json  {"file", "columns": [{"chapter", "title", "line"}], "rows": [{"id", "kind", "name",
                "total", "first": {"line", "character", "chapter"}, "cells", "annotations",
                "companions": [{"id", "paragraphs"}]}]} (0-based lines and UTF-16 characters)
      Rows are sorted by first appearance (default), by count or by name; --kind (repeatable)
      and --min N (at least N mentions) leave the others out. Annotations of the sidecar linked
      to an entity are counted per chapter. Exit status: 0 clean, 1 the cast or the pins have
      problems, 2 usage or I/O error, or a cast that does not parse.
`;

const KINDS: readonly MapRowKind[] = ['person', 'place', 'organization', 'ambiguous'];

/** `marginalia map …`. Resolves to the exit status. */
export async function mapCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseArgs(args, { flags: ['csv', 'svg', 'json'], options: ['cast', 'sort', 'kind', 'min'] });
  if (parsed.flags.has('help')) {
    output.out(MAP_HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) throw new UsageError('map takes one manuscript file');
  const formats = ['csv', 'svg', 'json'].filter((format) => parsed.flags.has(format));
  if (formats.length > 1) throw new UsageError(`give one of --csv, --svg and --json, not ${formats.map((f) => `--${f}`).join(' and ')}`);
  const once = (name: string): string | undefined => {
    const values = parsed.options.get(name);
    if (values && values.length > 1) throw new UsageError(`--${name} is given once`);
    return values?.[0];
  };
  const sort = once('sort') ?? 'first';
  if (!MAP_SORTS.includes(sort as MapSort)) throw new UsageError(`--sort is one of ${MAP_SORTS.join(', ')}, not ${sort}`);
  const kinds = parsed.options.get('kind');
  const unknownKind = kinds?.find((kind) => !KINDS.includes(kind as MapRowKind));
  if (unknownKind !== undefined) throw new UsageError(`--kind is one of ${KINDS.join(', ')}, not ${unknownKind}`);
  const minText = once('min');
  const minCount = minText === undefined ? 0 : Number(minText);
  if (!Number.isInteger(minCount) || minCount < 0) throw new UsageError(`--min takes a whole number, not ${minText}`);

  const file = parsed.positionals[0];
  const indexed = await indexManuscript(file, once('cast'), output);
  if (typeof indexed === 'number') return indexed;
  const { text, manuscript, index, problems, sidecarText } = indexed;
  const model = CastMapModel.build([{ id: file, label: path.basename(file), index, chapters: manuscript.chapters }]);
  const data = model.data(linkedAnnotations(text, manuscript, sidecarText));
  const order = arrangeRows(data, sort as MapSort, { kinds: kinds as MapRowKind[] | undefined, minCount });

  if (formats[0] === 'csv') output.out(renderMapCsv(data, order));
  else if (formats[0] === 'svg') output.out(renderMapSvg(data, order));
  else if (formats[0] === 'json') output.out(`${compactJson(mapJson(file, data, order))}\n`);
  else for (const line of describeRows(data, order)) output.out(`${line}\n`);
  return problems.some((p) => p.severity === 'error' || p.severity === 'warning') ? 1 : 0;
}

/** The annotations of the sidecar linked to entities, where their passages are now. */
function linkedAnnotations(text: string, manuscript: Manuscript, sidecarText: string | undefined): MapLink[] {
  if (sidecarText === undefined) return [];
  // A sidecar whose annotations do not parse links nothing; `marginalia check` words its problems.
  const entries = parseAnnotations(sidecarText).annotations.filter((entry) => entry.annotation.entities.length > 0);
  const resolutions = resolveTargets(text, manuscript, entries.map((entry) => entry.annotation.target));
  const lineStarts = lineStartsOf(text);
  const links: MapLink[] = [];
  entries.forEach((entry, k) => {
    const span = resolutions[k].span;
    if (!span || resolutions[k].state === 'orphaned' || resolutions[k].state === 'ambiguous') return;
    const start = positionAt(lineStarts, span.start);
    links.push({ id: entry.annotation.id, source: 0, line: start.line, character: start.character, entities: entry.annotation.entities });
  });
  return links;
}

function mapJson(file: string, data: CastMapData, order: readonly number[]): unknown {
  return {
    file,
    columns: data.columns.map((column) => ({ chapter: column.chapter ?? null, title: column.title, line: column.line })),
    rows: order.map((index) => {
      const row = data.rows[index];
      const first = row.places.length > 0 ? { line: row.places[1], character: row.places[2], chapter: data.columns[row.places[4]].chapter ?? null } : null;
      return {
        id: row.id,
        kind: row.kind,
        name: row.name,
        ...(row.kind === 'ambiguous' ? { candidates: row.candidates } : {}),
        total: row.total,
        first,
        cells: row.cells,
        annotations: row.annotationCells,
        companions: row.companions,
      };
    }),
  };
}

/** `Liesbeth Kroon (liesbeth-kroon): 42 mentions in chapters 1, 2, 3; first in chapter 1, line 23`. */
function describeRows(data: CastMapData, order: readonly number[]): string[] {
  return order.map((index) => {
    const row = data.rows[index];
    if (row.total === 0) return `${row.name} (${row.id}): not mentioned`;
    const chapters = row.cells.flatMap((count, column) => (count > 0 ? [columnLabel(data.columns[column])] : []));
    const first = data.columns[row.places[4]];
    const where = first.chapter === undefined ? 'outside the chapters' : `in chapter ${first.chapter}`;
    const plural = row.total === 1 ? '' : 's';
    return `${row.name} (${row.id}): ${row.total} mention${plural} in chapters ${chapters.join(', ')}; first ${where}, line ${row.places[1] + 1}`;
  });
}
