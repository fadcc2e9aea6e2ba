import { xmlAttributes, xmlText } from '../interchange/xml';
import type { CastMapData } from './castMap';
import { cellLabel, columnLabel, columnTitle } from './mapView';

/**
 * The cast map as a standalone SVG picture (Export as SVG, `marginalia map --svg`): names, one
 * shaded cell per chapter with its count as a tooltip, the row's total, and its dispersion strip
 * (a tick per mention along the whole book, a dot per linked annotation). Ambiguous rows are
 * hatched. Every name and title comes from the cast or the manuscript, which are not ours: all of
 * it is escaped, and nothing in the picture links anywhere.
 */

const CELL = 14;
const NAME_WIDTH = 220;
const HEADER = 34;
const TOTAL_WIDTH = 48;
const STRIP_WIDTH = 260;
const GAP = 8;
const FONT = 'font-family="system-ui, sans-serif"';

const COLOURS = { ink: '#1f2328', faint: '#d0d7de', cell: '#0969da', ambiguous: '#bf8700', annotation: '#cf222e', shared: '#8250df' };

export interface SvgOptions {
  /** Columns to outline (where selected rows appear together). */
  readonly highlightColumns?: readonly boolean[];
}

/** The map's rows `order` (indexes into `data.rows`) as an SVG document. */
export function renderMapSvg(data: CastMapData, order: readonly number[], options: SvgOptions = {}): string {
  const columns = data.columns;
  const gridLeft = NAME_WIDTH;
  const totalLeft = gridLeft + columns.length * CELL + GAP;
  const stripLeft = totalLeft + TOTAL_WIDTH + GAP;
  const width = stripLeft + STRIP_WIDTH + GAP;
  const height = HEADER + order.length * CELL + GAP;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg"${xmlAttributes({ width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Cast map: who appears where' })}>`,
    '<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      `<rect width="2" height="4" fill="${COLOURS.ambiguous}"/></pattern></defs>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  );
  parts.push(`<text x="4" y="${HEADER - 8}" ${FONT} font-size="11" font-weight="bold" fill="${COLOURS.ink}">Entity</text>`);
  columns.forEach((column, index) => {
    const x = gridLeft + index * CELL + CELL / 2;
    const highlighted = options.highlightColumns?.[index];
    parts.push(
      `<text${xmlAttributes({ x, y: HEADER - 8, 'text-anchor': 'middle', 'font-size': 8, fill: highlighted ? COLOURS.shared : COLOURS.ink })} ${FONT}>` +
        `<title>${xmlText(columnTitle(data, column))}</title>${xmlText(columnLabel(column))}</text>`,
    );
    if (highlighted) {
      parts.push(`<rect${xmlAttributes({ x: x - CELL / 2, y: HEADER - 2, width: CELL, height: order.length * CELL + 2, fill: 'none', stroke: COLOURS.shared, 'stroke-width': 1.5 })}/>`);
    }
  });
  parts.push(`<text x="${totalLeft + TOTAL_WIDTH}" y="${HEADER - 8}" text-anchor="end" ${FONT} font-size="11" font-weight="bold" fill="${COLOURS.ink}">Total</text>`);
  parts.push(`<text x="${stripLeft}" y="${HEADER - 8}" ${FONT} font-size="11" font-weight="bold" fill="${COLOURS.ink}">Along the book</text>`);

  order.forEach((rowIndex, position) => {
    const row = data.rows[rowIndex];
    const y = HEADER + position * CELL;
    const ambiguous = row.kind === 'ambiguous';
    parts.push(`<g${xmlAttributes({ 'data-row': row.id })}>`);
    parts.push(`<text${xmlAttributes({ x: 4, y: y + CELL - 3, 'font-size': 11, fill: ambiguous ? COLOURS.ambiguous : COLOURS.ink, 'font-style': ambiguous ? 'italic' : undefined })} ${FONT}>${xmlText(truncate(row.name, 34))}</text>`);
    row.cells.forEach((count, column) => {
      const x = gridLeft + column * CELL;
      parts.push(`<rect${xmlAttributes({ x: x + 0.5, y: y + 0.5, width: CELL - 1, height: CELL - 1, fill: 'none', stroke: COLOURS.faint, 'stroke-width': 0.5 })}/>`);
      if (count === 0) return;
      parts.push(
        `<rect${xmlAttributes({ x: x + 1, y: y + 1, width: CELL - 2, height: CELL - 2, fill: ambiguous ? 'url(#hatch)' : COLOURS.cell, 'fill-opacity': shade(count, data.maxCell).toFixed(2) })}>` +
          `<title>${xmlText(cellLabel(row, columns[column], count))}</title></rect>`,
      );
      if (row.annotationCells[column] > 0) parts.push(`<circle${xmlAttributes({ cx: x + CELL - 3, cy: y + 3, r: 2, fill: COLOURS.annotation })}/>`);
    });
    parts.push(`<text${xmlAttributes({ x: totalLeft + TOTAL_WIDTH, y: y + CELL - 3, 'text-anchor': 'end', 'font-size': 11, fill: COLOURS.ink })} ${FONT}>${row.total}</text>`);
    parts.push(`<line${xmlAttributes({ x1: stripLeft, y1: y + CELL / 2, x2: stripLeft + STRIP_WIDTH, y2: y + CELL / 2, stroke: COLOURS.faint, 'stroke-width': 0.5 })}/>`);
    if (row.ticks.length > 0) {
      // One path for all the row's ticks: a row of thousands of mentions stays one element.
      const path = row.ticks.map((tick) => `M${(stripLeft + tick * STRIP_WIDTH).toFixed(1)} ${y + 2}v${CELL - 4}`).join('');
      parts.push(`<path${xmlAttributes({ d: path, stroke: ambiguous ? COLOURS.ambiguous : COLOURS.cell, 'stroke-width': 1 })}/>`);
    }
    for (const tick of row.annotationTicks) parts.push(`<circle${xmlAttributes({ cx: (stripLeft + tick * STRIP_WIDTH).toFixed(1), cy: y + CELL / 2, r: 2, fill: COLOURS.annotation })}/>`);
    parts.push('</g>');
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** A cell's opacity: a square root, so that a chapter of 2 mentions is still seen beside one of 200. */
export function shade(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return 0.15 + 0.85 * Math.sqrt(count / max);
}

function truncate(text: string, length: number): string {
  const characters = [...text];
  return characters.length <= length ? text : `${characters.slice(0, length - 1).join('')}…`;
}
