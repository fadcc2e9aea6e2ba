import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { annotatedSidecar } from './annotatedSidecar';
import { generateBook, mulberry32 } from './generate';
import { generateSidecar } from './generateSidecar';
import { HAND_WRITTEN, randomSidecar, SIDECAR_CASES } from './sidecarSamples';
import { repoRoot } from './util';

/**
 * Texts for the differential test of `composeYaml` against `yaml`'s own composer
 * (test/unit/composeDifferential.test.ts): the YAML the repository and its test generators hold,
 * texts mutated from them at random (seeded), and a shrinker that makes a failing text small.
 */

export interface NamedText {
  readonly name: string;
  readonly text: string;
}

/** The folders whose YAML files are read whole, relative to the repository. */
const YAML_FOLDERS = ['sample', 'test/fixtures', 'docs/ci'];

/**
 * Every YAML file of the repository's samples, fixtures and CI examples, the sidecars of the test
 * generators (hand-written edge cases, random sidecars, a notes sidecar, an annotated sidecar), the
 * YAML written inline in the unit tests, each also with CRLF line breaks.
 */
export function repositoryYaml(): NamedText[] {
  const texts: NamedText[] = [];
  for (const folder of YAML_FOLDERS) {
    for (const file of readdirSync(path.join(repoRoot, folder)).filter((name) => /\.ya?ml$/.test(name)).sort()) {
      texts.push({ name: `${folder}/${file}`, text: readFileSync(path.join(repoRoot, folder, file), 'utf8') });
    }
  }
  texts.push({ name: 'HAND_WRITTEN sidecar', text: HAND_WRITTEN });
  for (const [name, text] of SIDECAR_CASES) texts.push({ name: `sidecar case: ${name}`, text });
  const random = mulberry32(1313);
  for (let n = 0; n < 20; n++) texts.push({ name: `randomSidecar #${n}`, text: randomSidecar(random) });
  const notes = generateSidecar({ endnotes: 30, footnotes: 10, missingEndnote: 7, viaSetNoteText: { endnotes: 5, footnotes: 3 }, seed: 1313 });
  texts.push({ name: 'generateSidecar', text: notes.text });
  const book = generateBook({ bytes: 64 * 1024, chapters: 3, markers: 40, seed: 1313 }).text;
  texts.push({ name: 'annotatedSidecar', text: annotatedSidecar(book, parseManuscript(book), 100, 1313).text });
  return withCrlf([...texts, ...yamlInUnitTests()]);
}

/** Lines that make a text look like YAML: `- item`, `key: value`, `key:`. */
const YAML_LIKE = /^\s*(- |[^\n]*: |[^\n]*:$)/m;

/**
 * The YAML the unit tests write inline: string literals over lines that look like YAML, and calls
 * of `lines(…)` / `joinLines(…)` whose arguments are all literals, read from the tests' sources.
 */
export function yamlInUnitTests(): NamedText[] {
  const folder = path.join(repoRoot, 'test', 'unit');
  const texts: NamedText[] = [];
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.test.ts')).sort()) {
    const source = ts.createSourceFile(file, readFileSync(path.join(folder, file), 'utf8'), ts.ScriptTarget.ES2022, false);
    const literal = (node: ts.Node): string | undefined => (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined);
    const add = (node: ts.Node, text: string): void => {
      if (YAML_LIKE.test(text)) texts.push({ name: `${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`, text });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && (node.expression.text === 'lines' || node.expression.text === 'joinLines')) {
        const parts = node.arguments.map(literal);
        if (parts.every((part) => part !== undefined)) {
          add(node, `${parts.join('\n')}${node.expression.text === 'lines' ? '\n' : ''}`);
          return;
        }
      }
      const text = literal(node);
      if (text?.includes('\n')) add(node, text);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return texts;
}

/** The texts, then each with CRLF line breaks where it has LF ones. */
export function withCrlf(texts: readonly NamedText[]): NamedText[] {
  const crlf = texts.filter(({ text }) => /(?<!\r)\n/.test(text)).map(({ name, text }) => ({ name: `${name} (CRLF)`, text: text.replace(/\r?\n/g, '\r\n') }));
  return [...texts, ...crlf];
}

/** What a mutation inserts or puts in place of a character: YAML's indicators, white space, letters and digits. */
const ALPHABET = [...':-?[]{},#&*!|>\'"%@`\n\t ', ...'ab019.~'];

/**
 * Windows of at most `maxLines` lines of the texts (a big file whole would make each mutated text
 * slow to compose), as seeds for `mutate`.
 */
export function mutationSeeds(texts: readonly NamedText[], maxLines: number): string[] {
  const seeds: string[] = [];
  for (const { text } of texts) {
    const all = text.split(/(?<=\n)/);
    for (let start = 0; start < all.length; start += maxLines) seeds.push(all.slice(start, start + maxLines).join(''));
  }
  return seeds.filter((seed) => seed.length > 0);
}

/** Pieces of YAML syntax a mutation inserts whole. */
const SNIPPETS = [': ', '- ', '? ', '&a ', '*a', '!!str ', '!t ', '|-', '>+', '|2', ' #', '"', "'", '[', ']', '{', '}', ', ', '---', '...', '%YAML 1.2\n', '\t', '\r', '\\', '\\x4', '\ufeff', '\u0000'];

/**
 * The text with 1 to 4 random edits: a character inserted, deleted or replaced, a piece of YAML
 * syntax inserted, a line doubled, deleted or moved, a line's indentation changed.
 */
export function mutate(text: string, random: () => number): string {
  const int = (below: number): number => Math.floor(random() * below);
  const character = (): string => ALPHABET[int(ALPHABET.length)];
  let result = text;
  for (let edits = 1 + int(4); edits > 0; edits--) {
    const at = int(result.length + 1);
    const kind = int(8);
    if (kind === 0) result = result.slice(0, at) + character() + result.slice(at);
    else if (kind === 1) result = result.slice(0, at) + result.slice(at + 1);
    else if (kind === 2) result = result.slice(0, at) + character() + result.slice(at + 1);
    else if (kind === 3) result = result.slice(0, at) + SNIPPETS[int(SNIPPETS.length)] + result.slice(at);
    else {
      const lines = result.split('\n');
      const line = int(lines.length);
      if (kind === 4) lines.splice(line, 0, lines[line]);
      else if (kind === 5 && lines.length > 1) lines.splice(line, 1);
      else if (kind === 6) lines.splice(int(lines.length), 0, ...lines.splice(line, 1));
      else lines[line] = ' '.repeat(int(6)) + lines[line].replace(/^ */, '');
      result = lines.join('\n');
    }
  }
  return result;
}

/**
 * The smallest text found from `text` that still `fails`: whole lines deleted first, then single
 * characters, until no deletion keeps it failing (or the budget of tries runs out).
 */
export function shrink(text: string, fails: (text: string) => boolean, tries = 2_000): string {
  let smallest = text;
  let left = tries;
  const attempt = (candidate: string): boolean => {
    left--;
    if (!fails(candidate)) return false;
    smallest = candidate;
    return true;
  };
  for (let progress = true; progress && left > 0; ) {
    progress = false;
    const lines = smallest.split(/(?<=\n)/);
    for (let line = lines.length - 1; line >= 0 && left > 0; line--) {
      if (attempt([...lines.slice(0, line), ...lines.slice(line + 1)].join(''))) {
        lines.splice(line, 1);
        progress = true;
      }
    }
    for (let at = smallest.length - 1; at >= 0 && left > 0; at--) {
      if (at < smallest.length && attempt(smallest.slice(0, at) + smallest.slice(at + 1))) progress = true;
    }
  }
  return smallest;
}

const PLAIN = ['a', 'two words', 'k', 'é', '😀', 'a:b', 'a#b', '-a', 'a-b', '0o17', '0x1F', '+1', '-.inf', '.NaN', '1e3', '1_000', '007', '-0', '1.5', '12:30', 'Null', 'TRUE', 'yes', '~', 'true', 'null', '2001-12-14'];
const KEYS = ['a', 'b', 'id', 'key with spaces', '1', '01', 'true', 'null', '"a"', "'b'", '"k: v"', '"" ', '~'];
const ESCAPES = ['a', ' ', '\\n', '\\t', '\\"', '\\\\', '\\/', '\\u00e9', '\\x41', '\\U0001F600', '#', ': ', "'", '\\ '];
const TAGS = ['!!str', '!!int', '!!float', '!!bool', '!!null', '!!map', '!!seq', '!t', '!', '!<tag:yaml.org,2002:str>', '!!binary'];
const ANCHORS = ['a', 'b', 'x1'];

/**
 * A random YAML text, mostly well formed: block maps and sequences (compact, nested, at the same
 * indentation as their key), flow collections, every scalar style with the core schema's edge
 * values, block scalars with every header, anchors and aliases, tags, comments, document markers;
 * some with CRLF line breaks.
 */
export function randomYaml(random: () => number): string {
  const int = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number): boolean => random() < p;
  const spaces = (n: number): string => ' '.repeat(n);
  const anchored: string[] = [];
  const props = (): string => {
    let result = chance(0.08) ? `${pick(TAGS)} ` : '';
    if (chance(0.1)) {
      const name = pick(ANCHORS);
      anchored.push(name);
      result = chance(0.5) ? `&${name} ${result}` : `${result}&${name} `;
    }
    return result;
  };
  const comment = (): string => (chance(0.1) ? ` # ${pick(PLAIN)}` : '');
  /** A scalar on one line, inside a flow collection or not. */
  const inline = (inFlow: boolean): string => {
    const form = random();
    if (anchored.length > 0 && form < 0.08) return `*${pick(anchored)}`;
    if (form < 0.55) return inFlow ? pick(PLAIN).replace(/[#:]/g, '') || 'x' : pick(PLAIN);
    if (form < 0.75) return `"${Array.from({ length: int(0, 4) }, () => pick(ESCAPES)).join('')}"`;
    return `'${Array.from({ length: int(0, 3) }, () => pick(["''", ...PLAIN, ' ', '#', ': '])).join('')}'`;
  };
  const flow = (depth: number): string => {
    const form = random();
    if (depth > 2 || form < 0.5) return `${props()}${inline(true)}`;
    const separator = pick([', ', ',', ' , ', ',\n  ']);
    if (form < 0.75) return `${props()}[${Array.from({ length: int(0, 3) }, () => (chance(0.1) ? `${inline(true)}: ${flow(depth + 1)}` : flow(depth + 1))).join(separator)}${chance(0.1) ? ',' : ''}]`;
    return `${props()}{${Array.from({ length: int(0, 3) }, () => (chance(0.15) ? inline(true) : `${inline(true)}: ${flow(depth + 1)}`)).join(separator)}}`;
  };
  /** What follows `key:` or `-` at `indent`, through its last line break. */
  const value = (indent: number, depth: number, underKey: boolean): string => {
    const form = random();
    if (depth >= 4 || form < 0.4) return ` ${props()}${inline(false)}${comment()}\n`;
    if (form < 0.5) return ` ${flow(depth)}${comment()}\n`;
    if (form < 0.58) return ` ${pick(PLAIN)}\n${spaces(indent + int(1, 3))}${pick(PLAIN)}\n${chance(0.3) ? `\n${spaces(indent + 2)}${pick(PLAIN)}\n` : ''}`;
    if (form < 0.7) {
      const step = chance(0.2) ? int(1, 3) : 0;
      const header = `${pick(['|', '>'])}${pick(['', '-', '+'])}${step || ''}`;
      const at = indent + (step || int(1, 3));
      const lines = Array.from({ length: int(1, 4) }, () => pick([`${spaces(at)}${pick(PLAIN)}`, `${spaces(at + 2)}${pick(PLAIN)}`, '', spaces(at), `${spaces(at)}# ${pick(PLAIN)}`]));
      if (lines.every((line) => line.trim() === '')) lines.push(`${spaces(at)}x`);
      return ` ${props()}${header}${comment()}\n${lines.join('\n')}\n${chance(0.2) ? '\n' : ''}`;
    }
    if (form < 0.73) return `${comment()}\n`;
    const head = chance(0.15) ? ` ${props().trimEnd()}` : '';
    if (form < 0.87) return `${head}${comment()}\n${map(indent + pick([1, 2, 2, 4]), depth + 1)}`;
    return `${head}${comment()}\n${sequence(indent + (underKey ? pick([0, 2, 2]) : pick([1, 2])), depth + 1)}`;
  };
  const trivia = (indent: number): string => (chance(0.06) ? `${spaces(int(0, indent + 2))}# ${pick(PLAIN)}\n` : chance(0.04) ? '\n' : '');
  const map = (indent: number, depth: number, first = spaces(indent)): string => {
    let out = '';
    for (let n = int(1, 4); n > 0; n--) {
      const lead = out === '' ? first : `${trivia(indent)}${spaces(indent)}`;
      if (chance(0.05)) out += `${lead}? ${pick(KEYS)}\n${spaces(indent)}:${value(indent, depth, true)}`;
      else out += `${lead}${chance(0.05) ? props() : ''}${pick(KEYS)}:${value(indent, depth, true)}`;
    }
    return out;
  };
  const sequence = (indent: number, depth: number): string => {
    let out = '';
    for (let n = int(1, 4); n > 0; n--) {
      out += `${out === '' ? '' : trivia(indent)}${spaces(indent)}-`;
      const form = random();
      if (depth < 4 && form < 0.2) out += map(indent + 2, depth + 1, ' ');
      else if (depth < 4 && form < 0.25) out += ` ${sequence(indent + 2, depth + 1).trimStart()}`;
      else out += value(indent, depth, false);
    }
    return out;
  };
  const form = random();
  const body = form < 0.55 ? map(0, 0) : form < 0.85 ? sequence(0, 0) : `${flow(0)}\n`;
  const start = pick(['', '', '', '---\n', '--- # doc\n', '%YAML 1.2\n---\n']);
  const end = pick(['', '', '', '...\n', '# end\n']);
  const text = `${start}${body}${end}`;
  return chance(0.15) ? text.replace(/\n/g, '\r\n') : text;
}

/** The tokens `randomTokens` strings together: YAML's indicators, scalars of each style, props, line breaks, markers. */
const TOKENS = ['- ', '-', '? ', '?', ': ', ':', '[', ']', '{', '}', ',', 'a', 'b', '1', '"a"', "'a'", '"', "'", '&a ', '*a', '!t ', '!!str ', '|', '>', '|-', '\n', '\n', '\n', '  ', ' ', '#c', ' #c', '---', '...', '%YAML 1.2\n', '\t', '~', 'null', '\r\n', '"\\x"', '\\'];

/** A short random string of YAML tokens (1 to 12): every odd neighbourhood of indicators, in a few characters. */
export function randomTokens(random: () => number): string {
  let text = '';
  for (let n = 1 + Math.floor(random() * 12); n > 0; n--) text += TOKENS[Math.floor(random() * TOKENS.length)];
  return text;
}
