import * as assert from 'node:assert/strict';
import { inspect, isDeepStrictEqual } from 'node:util';
import { parseDocument, type ErrorCode } from 'yaml';
import { composeYaml, type ComposeOptions } from '../../src/core/yaml/compose';
import { isAlias, isMap, isScalar, isSeq, type YamlAlias, type YamlDocument, type YamlNode, type YamlProblem } from '../../src/core/yaml/tree';
import { mulberry32 } from '../support/generate';
import { DEEP_YAML, TRICKY_YAML } from '../support/yamlCases';
import { mutate, mutationSeeds, randomTokens, randomYaml, repositoryYaml, shrink, withCrlf, type NamedText } from '../support/yamlCorpus';
import { composeWithYamlLibrary } from '../support/yamlOracle';

/**
 * Our composer (`composeYaml`) against `yaml`'s own (`composeWithYamlLibrary`), text by text, under
 * both `uniqueKeys` settings. Its errors are what keep a broken sidecar or cast file from being
 * overwritten, so the first property is that it finds errors exactly where `yaml` does; then, on
 * text without errors, that it makes the same tree: every node's kind, place, value, source,
 * anchor, flow style and alias target. The texts: the repository's YAML, hand-written tricky YAML,
 * random YAML, and mutations of all three (seeded: MARGINALIA_FUZZ_SEED and MARGINALIA_FUZZ_COUNT
 * explore further), a failing random text shrunk to the smallest text that still fails.
 *
 * Our composer's deliberate differences (commit 94bfd53), and only they, are taken in: YAML 1.1's
 * tags are left unresolved by the oracle too, and a text yaml reads as YAML 1.1 must be an error of ours.
 */

const OPTIONS: readonly ComposeOptions[] = [{ uniqueKeys: true }, { uniqueKeys: false }];
/** The written texts also as the sidecar's readers compose them, with yaml's wording of errors (which must not change which texts have errors). */
const WITH_PRETTY_ERRORS: readonly ComposeOptions[] = [...OPTIONS, { uniqueKeys: false, prettyErrors: true }];
const FUZZ_SEED = Number(process.env.MARGINALIA_FUZZ_SEED ?? 20261206);
const FUZZ_COUNT = Number(process.env.MARGINALIA_FUZZ_COUNT ?? 5_000);
/** Random YAML texts (`randomYaml`), compared as they are and used as seeds of the mutations. */
const GENERATED_COUNT = Math.round(FUZZ_COUNT / 5);
/** Short random strings of YAML tokens (`randomTokens`). */
const TOKEN_COUNT = FUZZ_COUNT;
/** Lines of a seed for the mutations: large files are cut in windows, each mutated text stays quick to compose. */
const SEED_LINES = 16;
/** How many failures of one kind a test shrinks and prints; the rest are counted. */
const SHOWN = 12;

/**
 * Every problem `yaml` reports, and whether the hand-written cases must make it report it (typed by
 * yaml's own list, so that a code added to yaml is a compile error here until a case shows it).
 */
const PROBLEM_CODES: Record<ErrorCode, true | string> = {
  ALIAS_PROPS: true,
  BAD_ALIAS: true,
  BAD_COLLECTION_TYPE: 'only for the YAML 1.1 tags !!set and !!omap, which are left unresolved (resolveKnownTags: false)',
  BAD_DIRECTIVE: true,
  BAD_DQ_ESCAPE: true,
  BAD_INDENT: true,
  BAD_PROP_ORDER: true,
  BAD_SCALAR_START: true,
  BLOCK_AS_IMPLICIT_KEY: true,
  BLOCK_IN_FLOW: true,
  DUPLICATE_KEY: true,
  IMPOSSIBLE: 'a bug in yaml itself',
  KEY_OVER_1024_CHARS: true,
  MISSING_CHAR: true,
  MULTILINE_IMPLICIT_KEY: true,
  MULTIPLE_ANCHORS: true,
  MULTIPLE_DOCS: true,
  MULTIPLE_TAGS: true,
  NON_STRING_KEY: 'only under the stringKeys option, which we do not set',
  RESOURCE_EXHAUSTION: 'nesting deeper than the call stack allows (about 1,000 levels), at a depth that depends on the stack: yaml and ours differ there',
  TAB_AS_INDENT: true,
  TAG_RESOLVE_FAILED: true,
  UNEXPECTED_TOKEN: true,
};

type Kind = 'errors' | 'tree' | 'position';

/** How our composer differs from the oracle on one text: what, and where in the text. */
interface Difference {
  readonly kind: Kind;
  /** What differs, in a word (which field, which way): a shrunk text must keep failing the same way. */
  readonly signature: string;
  readonly what: string;
  readonly at: number;
}

interface Failure {
  readonly name: string;
  readonly text: string;
  readonly options: ComposeOptions;
  readonly difference: Difference;
  readonly ours?: YamlDocument;
  readonly oracle: YamlDocument;
}

/** Whether yaml reads the text as YAML 1.1 (a `%YAML 1.1` directive), which our composer refuses on purpose: its values differ under 1.2. */
const readAsYaml11 = (text: string): boolean => text.includes('%YAML') && parseDocument(text).directives.yaml.version === '1.1';

/**
 * The differences on one text: errors ⇔ errors; then the first error's start, or the trees. A
 * text yaml reads as YAML 1.1 must be an error of ours, whatever yaml finds.
 */
function compare(text: string, options: ComposeOptions): { differences: Difference[]; ours?: YamlDocument; oracle: YamlDocument } {
  const oracle = composeWithYamlLibrary(text, options);
  let ours: YamlDocument;
  try {
    ours = composeYaml(text, options);
  } catch (error) {
    return { differences: [{ kind: 'errors', signature: 'threw', what: `ours threw ${error instanceof Error ? error.stack : String(error)}`, at: 0 }], oracle };
  }
  if (readAsYaml11(text)) {
    const refused = ours.errors.length > 0;
    return { differences: refused ? [] : [{ kind: 'errors', signature: 'yaml 1.1', what: 'yaml reads this as YAML 1.1, which ours must refuse, but ours finds no errors', at: 0 }], ours, oracle };
  }
  const oracleFails = oracle.errors.length > 0;
  if (oracleFails !== ours.errors.length > 0) {
    const at = (oracleFails ? oracle : ours).errors[0].pos[0];
    return { differences: [{ kind: 'errors', signature: oracleFails ? 'missed' : 'extra', what: oracleFails ? 'yaml finds errors, ours finds none' : 'ours finds errors, yaml finds none', at }], ours, oracle };
  }
  if (oracleFails) return { differences: firstErrorDifferences(ours.errors[0], oracle.errors[0]), ours, oracle };
  const tree = treeDifference(ours, oracle);
  return { differences: tree === undefined ? [] : [tree], ours, oracle };
}

/** The message's first line without the `:` before the lines prettyErrors quotes (which are yaml's own layout, not compared). */
const headline = (problem: YamlProblem): string => problem.message.split('\n')[0].replace(/:$/, '');

/** Where the first error starts, its code and its message, against yaml's: what a user is shown. */
function firstErrorDifferences(ours: YamlProblem, yaml: YamlProblem): Difference[] {
  const at = yaml.pos[0];
  if (ours.pos[0] !== at) return [{ kind: 'position', signature: 'start', what: `our first error starts at ${ours.pos[0]}, yaml's at ${at}`, at }];
  if (ours.code !== yaml.code) return [{ kind: 'position', signature: 'code', what: `our first error is ${ours.code}, yaml's ${yaml.code}`, at }];
  if (headline(ours) !== headline(yaml)) return [{ kind: 'position', signature: 'message', what: `our first error says ${JSON.stringify(headline(ours))}, yaml's ${JSON.stringify(headline(yaml))}`, at }];
  return [];
}

const kindOf = (node: YamlNode): string => (isMap(node) ? 'map' : isSeq(node) ? 'seq' : isScalar(node) ? 'scalar' : isAlias(node) ? 'alias' : 'unknown node');

/** The first place where two documents without errors differ, walking both trees in parallel. */
function treeDifference(ours: YamlDocument, oracle: YamlDocument): Difference | undefined {
  const counterpart = new Map<YamlNode, YamlNode>();
  const pathOf = new Map<YamlNode, string>();
  const aliases: [YamlAlias, YamlAlias][] = [];
  const differ = (signature: string, where: string, at: number, what: string): Difference => ({ kind: 'tree', signature, what: `${where}: ${what}`, at });

  const walk = (mine: YamlNode | null, theirs: YamlNode | null, where: string): Difference | undefined => {
    if (mine === null || theirs === null) return mine === theirs ? undefined : differ('presence', where, (mine ?? theirs)?.start ?? 0, `${mine === null ? 'none' : `a ${kindOf(mine)}`} where yaml has ${theirs === null ? 'none' : `a ${kindOf(theirs)}`}`);
    if (kindOf(mine) !== kindOf(theirs)) return differ('kind', where, theirs.start, `a ${kindOf(mine)} where yaml has a ${kindOf(theirs)}`);
    counterpart.set(mine, theirs);
    pathOf.set(theirs, where);
    const fields: [string, unknown, unknown][] = [
      ['range', mine.range, theirs.range],
      ['anchor', mine.anchor, theirs.anchor],
    ];
    if (isScalar(mine) && isScalar(theirs)) fields.push(['value', mine.value, theirs.value], ['source', mine.source, theirs.source]);
    if (isAlias(mine) && isAlias(theirs)) {
      fields.push(['source', mine.source, theirs.source]);
      aliases.push([mine, theirs]);
    }
    if ((isMap(mine) && isMap(theirs)) || (isSeq(mine) && isSeq(theirs))) fields.push(['flow', mine.flow, theirs.flow], ['item count', mine.items.length, theirs.items.length]);
    // isDeepStrictEqual compares primitives with Object.is (NaN, -0, 1 against '1') and dates, buffers and ranges by content.
    for (const [field, a, b] of fields) if (!isDeepStrictEqual(a, b)) return differ(field, where, theirs.start, `${field} ${inspect(a)} where yaml has ${inspect(b)}`);
    if (isMap(mine) && isMap(theirs)) {
      for (const [index, pair] of mine.items.entries()) {
        const other = theirs.items[index];
        // A pair by its key where the key is a scalar (`$.annotations[0].target.quote`), by its index otherwise.
        const label = isScalar(other.key) ? `.${String(other.key.value).slice(0, 40)}` : `.#${index}`;
        const found = walk(pair.key, other.key, `${where}${label} (its key)`) ?? walk(pair.value, other.value, `${where}${label}`);
        if (found) return found;
      }
    }
    if (isSeq(mine) && isSeq(theirs)) {
      for (const [index, item] of mine.items.entries()) {
        const found = walk(item, theirs.items[index], `${where}[${index}]`);
        if (found) return found;
      }
    }
    return undefined;
  };

  const found = walk(ours.contents, oracle.contents, '$');
  if (found) return found;
  for (const [mine, theirs] of aliases) {
    const target = mine.target === undefined ? undefined : counterpart.get(mine.target);
    if (target === theirs.target) continue;
    const name = (node: YamlNode | undefined): string => (node === undefined ? 'none' : (pathOf.get(node) ?? 'a node outside the tree'));
    return differ('alias target', `alias *${theirs.source} at ${pathOf.get(theirs)}`, theirs.start, `its target is ${mine.target === undefined ? 'none' : target === undefined ? 'a node outside the tree' : name(target)} where yaml's is ${name(theirs.target)}`);
  }
  const listed = ours.aliases.map((alias) => counterpart.get(alias));
  if (!isDeepStrictEqual(listed.map((alias) => alias && pathOf.get(alias)), oracle.aliases.map((alias) => pathOf.get(alias)))) {
    return { kind: 'tree', signature: 'aliases', what: `the document lists ${ours.aliases.length} aliases, yaml ${oracle.aliases.length} (or not the same ones, in the order of the text)`, at: 0 };
  }
  if (ours.warnings.length > 0 !== oracle.warnings.length > 0) {
    return { kind: 'tree', signature: 'warnings', what: `ours has ${ours.warnings.length} warnings, yaml ${oracle.warnings.length}`, at: (oracle.warnings[0] ?? ours.warnings[0]).pos[0] };
  }
  return undefined;
}

/** The text, JSON-quoted, or the part of it around `at` when it is long. */
function excerpt(text: string, at: number): string {
  if (text.length <= 400) return JSON.stringify(text);
  const from = Math.max(0, at - 150);
  return `${from > 0 ? '…' : ''}${JSON.stringify(text.slice(from, at + 150))}… (offset ${at} of ${text.length} characters; the excerpt starts at ${from})`;
}

const problems = (list: readonly YamlProblem[]): string => (list.length === 0 ? 'none' : list.map((p) => `${p.code} [${p.pos.join(', ')}] ${p.message.split('\n')[0].slice(0, 100)}`).join('; '));

const optionsOf = (options: ComposeOptions): string => `uniqueKeys: ${options.uniqueKeys}${options.prettyErrors ? ', prettyErrors' : ''}`;

function report(failure: Failure): string {
  const { name, text, options, difference, ours, oracle } = failure;
  return [
    `${name} (${optionsOf(options)}): ${difference.what}`,
    `  text: ${excerpt(text, difference.at)}`,
    `  yaml's errors: ${problems(oracle.errors)}`,
    `  our errors:    ${ours ? problems(ours.errors) : 'none: it threw'}`,
  ].join('\n');
}

/** Each text under each option, its differences sorted by kind. */
function run(texts: readonly NamedText[], optionSets = OPTIONS): Record<Kind, Failure[]> {
  const failures: Record<Kind, Failure[]> = { errors: [], tree: [], position: [] };
  for (const { name, text } of texts) {
    for (const options of optionSets) {
      const { differences, ours, oracle } = compare(text, options);
      for (const difference of differences) failures[difference.kind].push({ name, text, options, difference, ours, oracle });
    }
  }
  return failures;
}

/**
 * Characters all the shrinking of one run may compose: a broken composer fails thousands of texts,
 * and one shrink composes up to a thousand candidates (some 10 s in all on this machine, at the worst).
 */
const SHRINK_BUDGET = 2_000_000;

/**
 * The failures, the first of them each shrunk to the smallest text that fails the same way (repeats
 * left out) while `budget` lasts, the rest as they are.
 */
function shrunk(failures: readonly Failure[], budget: { left: number }): Failure[] {
  const seen = new Set<string>();
  const result: Failure[] = [];
  let next = 0;
  for (; next < failures.length && result.length < SHOWN && budget.left > 0; next++) {
    const failure = failures[next];
    const { kind, signature } = failure.difference;
    const same = (d: Difference): boolean => d.kind === kind && d.signature === signature;
    const text = shrink(failure.text, (candidate) => {
      budget.left -= candidate.length;
      return budget.left > 0 && compare(candidate, failure.options).differences.some(same);
    });
    if (seen.has(text)) continue;
    seen.add(text);
    const again = compare(text, failure.options);
    const difference = again.differences.find(same) ?? failure.difference;
    result.push({ ...failure, name: `${failure.name}, shrunk from ${failure.text.length} characters`, text, difference, ours: again.ours, oracle: again.oracle });
  }
  return [...result, ...failures.slice(next).map((failure) => ({ ...failure, name: `${failure.name}, not shrunk` }))];
}

/** Errors first: they matter most, and get the budget first. */
const shrinkAll = (failures: Record<Kind, Failure[]>, budget: { left: number }): Record<Kind, Failure[]> => {
  const errors = shrunk(failures.errors, budget);
  const tree = shrunk(failures.tree, budget);
  return { errors, tree, position: shrunk(failures.position, budget) };
};

/** Fails listing the failures: the first in full, the rest a line each. */
function assertNone(failures: readonly Failure[], what: string): void {
  if (failures.length === 0) return;
  const shown = failures.slice(0, SHOWN).map(report);
  const rest = failures.slice(SHOWN).map(({ name, text, options, difference }) => `${name} (${optionsOf(options)}): ${difference.what}: ${excerpt(text, difference.at).slice(0, 120)}`);
  assert.fail(`${failures.length} ${what}:\n\n${shown.join('\n\n')}${rest.length > 0 ? `\n\n${rest.join('\n')}` : ''}`);
}

describe('composeYaml against yaml’s own composer (the oracle)', function () {
  this.timeout(120_000);
  const groups = ['the repository’s YAML', 'hand-written tricky YAML', 'generated YAML', 'token strings', 'mutated texts'] as const;
  const found = new Map<(typeof groups)[number], Record<Kind, Failure[]>>();
  let mutatedCount = 0;

  before(() => {
    const repositoryTexts = repositoryYaml();
    const tricky = withCrlf(TRICKY_YAML.map(([name, text]) => ({ name, text })));
    found.set('the repository’s YAML', run(repositoryTexts, WITH_PRETTY_ERRORS));
    found.set('hand-written tricky YAML', run([...tricky, ...DEEP_YAML.map(([name, text]) => ({ name, text }))], WITH_PRETTY_ERRORS));
    const random = mulberry32(FUZZ_SEED);
    const generated = Array.from({ length: GENERATED_COUNT }, (_, n) => ({ name: `randomYaml #${n} (seed ${FUZZ_SEED})`, text: randomYaml(random) }));
    const budget = { left: SHRINK_BUDGET };
    found.set('generated YAML', shrinkAll(run(generated), budget));
    found.set('token strings', shrinkAll(run(Array.from({ length: TOKEN_COUNT }, (_, n) => ({ name: `randomTokens #${n} (seed ${FUZZ_SEED})`, text: randomTokens(random) }))), budget));
    const seeds = mutationSeeds([...repositoryTexts, ...tricky, ...generated], SEED_LINES);
    const mutated: NamedText[] = [];
    for (let n = 0; n < FUZZ_COUNT; n++) {
      const seed = seeds[Math.floor(random() * seeds.length)];
      mutated.push({ name: `mutation #${n} (seed ${FUZZ_SEED})`, text: mutate(seed, random) });
    }
    mutatedCount = mutated.length;
    found.set('mutated texts', shrinkAll(run(mutated), budget));
  });

  const failuresOf = (group: (typeof groups)[number], kind: Kind): Failure[] => found.get(group)?.[kind] ?? assert.fail(`${group} were not composed`);

  it('has a corpus of 150 hand-written cases and 5,000 mutated texts', () => {
    assert.ok(TRICKY_YAML.length >= 150, `${TRICKY_YAML.length} hand-written cases`);
    assert.ok(mutatedCount >= 5_000 || process.env.MARGINALIA_FUZZ_COUNT !== undefined, `${mutatedCount} mutated texts`);
  });

  it('shrinks a failing text by lines, then characters, to the smallest that still fails', () => {
    assert.equal(shrink('a: 1\nb: [x, y\nc: 3\n', (text) => text.includes('[') && text.includes('y')), '[y');
  });

  it('has hand-written cases that make yaml report each of its problems', () => {
    const reported = new Set<string>();
    for (const [, text] of TRICKY_YAML) {
      for (const options of OPTIONS) {
        const document = composeWithYamlLibrary(text, options);
        for (const problem of [...document.errors, ...document.warnings]) reported.add(problem.code);
      }
    }
    const missing = Object.entries(PROBLEM_CODES).filter(([code, expected]) => expected === true && !reported.has(code));
    assert.deepEqual(missing.map(([code]) => code), [], 'codes no hand-written case makes yaml report');
  });

  for (const group of groups) {
    it(`finds errors in exactly the texts where yaml does: ${group}`, () => {
      assertNone(failuresOf(group, 'errors'), 'texts where ours and yaml disagree on whether there are errors');
    });

    it(`makes the same tree as yaml where there are no errors: ${group}`, () => {
      assertNone(failuresOf(group, 'tree'), 'trees that differ');
    });
  }

  it('puts the first error where yaml does, with yaml’s code and message', () => {
    assertNone(
      groups.flatMap((group) => failuresOf(group, 'position')),
      'first errors placed or worded otherwise than yaml’s',
    );
  });
});
