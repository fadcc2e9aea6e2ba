import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
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
 * generators (hand-written edge cases, random sidecars, a notes sidecar, an annotated sidecar),
 * each also with CRLF line breaks.
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
  for (let n = 0; n < 40; n++) texts.push({ name: `randomSidecar #${n}`, text: randomSidecar(random) });
  const notes = generateSidecar({ endnotes: 30, footnotes: 10, missingEndnote: 7, viaSetNoteText: { endnotes: 5, footnotes: 3 }, seed: 1313 });
  texts.push({ name: 'generateSidecar', text: notes.text });
  const book = generateBook({ bytes: 24 * 1024, chapters: 2, markers: 20, seed: 1313 }).text;
  texts.push({ name: 'annotatedSidecar', text: annotatedSidecar(book, parseManuscript(book), 25, 1313).text });
  return withCrlf(texts);
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

/**
 * The text with 1 to 4 random edits: a character inserted, deleted or replaced, a line doubled or
 * deleted, a line's indentation changed.
 */
export function mutate(text: string, random: () => number): string {
  const int = (below: number): number => Math.floor(random() * below);
  const character = (): string => ALPHABET[int(ALPHABET.length)];
  let result = text;
  for (let edits = 1 + int(4); edits > 0; edits--) {
    const at = int(result.length + 1);
    const kind = int(6);
    if (kind === 0) result = result.slice(0, at) + character() + result.slice(at);
    else if (kind === 1) result = result.slice(0, at) + result.slice(at + 1);
    else if (kind === 2) result = result.slice(0, at) + character() + result.slice(at + 1);
    else {
      const lines = result.split('\n');
      const line = int(lines.length);
      if (kind === 3) lines.splice(line, 0, lines[line]);
      else if (kind === 4 && lines.length > 1) lines.splice(line, 1);
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
