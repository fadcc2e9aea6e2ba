import { Parser, type CST } from 'yaml';
import { NodeComposer } from './composeNodes';
import { readEnd, readProps, type ProblemPlace, type ReportProblem } from './composeProps';
import { DEFAULT_TAG_HANDLES } from './coreSchema';
import type { YamlDocument, YamlNode, YamlProblem } from './tree';

/**
 * Any YAML text read into our tree (`tree.ts`): `yaml`'s parser reads YAML 1.2 whole into its
 * concrete syntax tree (every scalar style, flow collections, anchors, tags, comments, with their
 * places) and our composer (`composeNodes.ts`) makes our nodes of it, with `yaml`'s checks. `yaml`'s
 * own composer is not used: it brings the rest of the library with it (documents, schemas,
 * stringify: 98 KB of the browser bundle, against 24 KB for the parser). The readers that are
 * faster by hand (the sidecar's) make the same tree themselves.
 */

export interface ComposeOptions {
  /** Whether a key given twice in one map is an error (`marginalia.yaml`) or left to the reader (sidecars). */
  readonly uniqueKeys: boolean;
  /** Messages ending with the error's line and column and the line it is on, for a message shown as it is. */
  readonly prettyErrors?: boolean;
}

export function composeYaml(text: string, options: ComposeOptions): YamlDocument {
  const errors: YamlProblem[] = [];
  const warnings: YamlProblem[] = [];
  // The problems of directives after the first document belong to the document they stand before:
  // held until it comes (then dropped with it: only its presence is an error) or the text ends.
  const held: { errors: YamlProblem[]; warnings: YamlProblem[] } = { errors: [], warnings: [] };
  let first: { readonly contents: YamlNode; readonly aliases: YamlDocument['aliases'] } | undefined;
  let atDirectives = false;
  const report: ReportProblem = (place, code, message, warning) => {
    const into = first && atDirectives ? held : { errors, warnings };
    (warning ? into.warnings : into.errors).push({ code, message, pos: positionOf(place) });
  };
  const releaseHeld = () => {
    errors.push(...held.errors.splice(0));
    warnings.push(...held.warnings.splice(0));
  };
  const tagHandles = new Map(DEFAULT_TAG_HANDLES);

  for (const token of new Parser().parse(text)) {
    if (token.type === 'document') {
      if (first) {
        // Only the first document is read; a second one is an error, placed where it is.
        const second = composeDocument(token, new NodeComposer(() => undefined, options.uniqueKeys, tagHandles), () => undefined);
        errors.push({ code: 'MULTIPLE_DOCS', message: 'Source contains multiple documents; please use YAML.parseAllDocuments()', pos: [token.offset, second.contents.nodeEnd] });
        held.errors.length = 0;
        held.warnings.length = 0;
        break;
      }
      const composer = new NodeComposer(report, options.uniqueKeys, tagHandles);
      const { contents, docStart } = composeDocument(token, composer, report);
      if (atDirectives && !docStart) report(token, 'MISSING_CHAR', 'Missing directives-end/doc-start indicator line');
      first = { contents, aliases: composer.aliases };
      atDirectives = false;
    } else if (token.type === 'directive') {
      atDirectives = true;
      readDirective(token, tagHandles, report);
    } else if (token.type === 'error') {
      report(token, 'UNEXPECTED_TOKEN', token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message);
    } else if (token.type === 'doc-end') {
      if (first) {
        readEnd(token.end, token.offset + token.source.length, true, report);
        releaseHeld();
      } else report(token, 'UNEXPECTED_TOKEN', 'Unexpected doc-end without preceding document');
    } else if (token.type !== 'byte-order-mark' && token.type !== 'space' && token.type !== 'comment' && token.type !== 'newline') {
      report(token, 'UNEXPECTED_TOKEN', `Unsupported token ${token.type}`);
    }
  }
  releaseHeld();
  if (!first && atDirectives) report(text.length, 'MISSING_CHAR', 'Missing directives-end indicator line');

  const place = options.prettyErrors ? placeIn(text) : (problem: YamlProblem) => problem;
  return { contents: first?.contents ?? null, errors: errors.map(place), warnings: warnings.map(place), aliases: first?.aliases ?? [] };
}

function composeDocument(token: CST.Document, composer: NodeComposer, report: ReportProblem): { readonly contents: YamlNode; readonly docStart: boolean } {
  const { value } = token;
  const props = readProps(token.start, { indicator: 'doc-start', next: value ?? token.end?.[0], offset: token.offset, parentIndent: 0, startOnNewline: true }, report);
  if (props.found && (value?.type === 'block-map' || value?.type === 'block-seq') && !props.hasNewline) {
    report(props.end, 'MISSING_CHAR', 'Block collection cannot start on same line with directives-end marker');
  }
  const contents = value ? composer.node(value, props) : composer.emptyNode(props.end, token.start, props);
  readEnd(token.end, contents.nodeEnd, false, report);
  return { contents, docStart: props.found !== null };
}

/**
 * A `%YAML` or `%TAG` directive. YAML 1.1 is refused rather than read by 1.2's rules, under which
 * some of its values mean something else (`yes`, `0777`): nothing we write asks for it.
 */
function readDirective(token: CST.Directive, tagHandles: Map<string, string>, report: ReportProblem): void {
  const problem = (offset: number, message: string, warning = false) => report([token.offset + offset, token.offset + token.source.length], 'BAD_DIRECTIVE', message, warning);
  const [name, ...parts] = token.source.trim().split(/[ \t]+/);
  if (name === '%TAG') {
    if (parts.length !== 2) problem(0, '%TAG directive should contain exactly two parts');
    if (parts.length >= 2) tagHandles.set(parts[0], parts[1]);
  } else if (name === '%YAML') {
    const [version] = parts;
    if (parts.length !== 1) problem(0, '%YAML directive should contain exactly one part');
    else if (version === '1.1') problem(6, 'YAML 1.1 is not read here: this file is read as YAML 1.2, whose values differ (remove the %YAML 1.1 line)');
    else if (version !== '1.2') problem(6, `Unsupported YAML version ${version}`, /^\d+\.\d+$/.test(version));
  } else {
    problem(0, `Unknown directive ${name}`, true);
  }
}

function positionOf(place: ProblemPlace): readonly [number, number] {
  if (typeof place === 'number') return [place, place + 1];
  if ('offset' in place) return [place.offset, place.offset + (typeof place.source === 'string' ? place.source.length : 1)];
  return [place[0], place[1]];
}

/**
 * Problems whose message ends with where they are — ` at line 3, column 5:` — and the line itself
 * with a caret under the place, as `yaml`'s `prettyErrors` writes them.
 */
function placeIn(text: string): (problem: YamlProblem) => YamlProblem {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let low = 0;
    let high = lineStarts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (lineStarts[middle] <= offset) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return (problem) => {
    const [from, to] = problem.pos;
    const line = lineOf(from);
    const column = from - lineStarts[line - 1] + 1;
    let message = `${problem.message} at line ${line}, column ${column}`;
    const lineText = text.substring(lineStarts[line - 1], lineStarts[line] ?? text.length).replace(/[\n\r]+$/, '');
    const frame = codeFrame(lineText, column - 1, lineOf(to) === line ? to - from : 1);
    if (frame) message += `:\n\n${frame}\n`;
    return { ...problem, message };
  };
}

/** The line, at most 80 characters around the place, and carets under the place. */
function codeFrame(line: string, index: number, length: number): string | undefined {
  if (!/[^ ]/.test(line)) return undefined;
  let shown = line;
  let at = index;
  if (at >= 60 && shown.length > 80) {
    const cut = Math.min(at - 39, shown.length - 79);
    shown = '…' + shown.substring(cut);
    at -= cut - 1;
  }
  if (shown.length > 80) shown = shown.substring(0, 79) + '…';
  return `${shown}\n${' '.repeat(at)}${'^'.repeat(Math.max(1, Math.min(length, 80 - at)))}`;
}
