/**
 * The benchmarks of Suggest Cast: its speed on the generated book of 5 MB, and its quality on the
 * real manuscript against a cast written by hand (test/fixtures/part-five.cast.yaml), side by side
 * with the baseline the issue names: the compromise NLP library's people(), places() and
 * organizations().
 */
import nlp from 'compromise';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseCast, type CastEntry, type EntityKind } from '../../src/core/cast/cast';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { indexMentions } from '../../src/core/mentions/mentions';
import { suggestCast } from '../../src/core/cast/suggestCast';
import { measure, printTable } from './timing';

const MB = 1024 * 1024;
const SUGGEST_TARGET_MS = 5000;

export const MATCHING_RULE = `Matching is at the name level. Each name is normalized the same way on both sides:
outer punctuation and quotes dropped, ’ read as ', a possessive ('s, or ' after s) dropped, a
leading "the" dropped, leading titles dropped (Comrade, Prince, General, Justice Minister…) when a
name remains, spaces collapsed. The gold names are the names and aliases of the hand-written cast
that occur in the text (as whole words). A system's names are every distinct normalized string it
outputs — for compromise, each match of people(), places() and organizations(); for Suggest Cast,
each candidate's text and every one of its variants. Precision = correct names ÷ names output;
recall = gold names output ÷ gold names; F1 their harmonic mean. "Typed" scores count a name as
correct only with the gold kind (person, place, organization); entity recall counts the gold
entities with at least one of their names output.`;

const TITLE_WORDS = new Set(
  'Comrade Mr Mrs Miss Ms Dr Sir Lord Lady Prince Princess Count Countess Baron Duke General Colonel Captain Admiral Tsar Emperor Empress King Queen President Premier Chairman Minister Deputy Justice Foreign War Narkom Commissar'.split(
    ' ',
  ),
);

/** The normal form both sides are compared in. */
export function normalizeName(raw: string): string {
  let name = raw
    .replace(/\u2019/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.]+$/gu, '')
    .replace(/\.+$/, '')
    .trim();
  name = name.replace(/'s$|(?<=s)'$/, '');
  name = name.replace(/^[Tt]he /, '');
  for (;;) {
    const [first, ...rest] = name.split(' ');
    if (rest.length === 0 || !TITLE_WORDS.has(first)) break;
    name = rest.join(' ');
  }
  return name;
}

interface Scores {
  readonly output: number;
  readonly correct: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

function scores(predicted: ReadonlySet<string>, gold: ReadonlySet<string>): Scores {
  const correct = [...predicted].filter((name) => gold.has(name)).length;
  const precision = predicted.size === 0 ? 0 : correct / predicted.size;
  const recall = gold.size === 0 ? 0 : [...gold].filter((name) => predicted.has(name)).length / gold.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { output: predicted.size, correct, precision, recall, f1 };
}

interface Gold {
  readonly names: Set<string>;
  readonly typed: Set<string>;
  readonly entities: readonly { readonly id: string; readonly names: readonly string[] }[];
}

/** The gold cast's names that occur in the text, normalized, with their kinds. */
export function goldNames(text: string, cast: readonly CastEntry[]): Gold {
  const raw = new Map<string, EntityKind[]>();
  for (const entity of cast) for (const name of [entity.name, ...entity.aliases]) raw.set(name, [...(raw.get(name) ?? []), entity.kind]);
  // Each name its own entity, so that none hides another: does it occur as whole words?
  const index = indexMentions(text, [...raw.keys()].map((name) => ({ id: name, kind: 'person' as const, name, aliases: [] })));
  const present = new Set([...index.allMentions().keys()]);
  const names = new Set<string>();
  const typed = new Set<string>();
  for (const [name, kinds] of raw) {
    if (!present.has(name)) continue;
    names.add(normalizeName(name));
    for (const kind of kinds) typed.add(`${kind}:${normalizeName(name)}`);
  }
  const entities = cast
    .map((entity) => ({ id: entity.id, names: [entity.name, ...entity.aliases].filter((name) => present.has(name)).map(normalizeName) }))
    .filter((entity) => entity.names.length > 0);
  return { names, typed, entities };
}

interface SystemOutput {
  readonly names: Set<string>;
  readonly typed: Set<string>;
}

export function compromiseNames(text: string): SystemOutput {
  const doc = nlp(text);
  const names = new Set<string>();
  const typed = new Set<string>();
  const kinds: [EntityKind, string[]][] = [
    ['person', doc.people().out('array') as string[]],
    ['place', doc.places().out('array') as string[]],
    ['organization', doc.organizations().out('array') as string[]],
  ];
  for (const [kind, found] of kinds) {
    for (const raw of found) {
      const name = normalizeName(raw);
      if (name === '') continue;
      names.add(name);
      typed.add(`${kind}:${name}`);
    }
  }
  return { names, typed };
}

export function suggestNames(text: string): SystemOutput {
  const names = new Set<string>();
  const typed = new Set<string>();
  for (const candidate of suggestCast(text)) {
    for (const variant of candidate.variants) {
      const name = normalizeName(variant);
      if (name === '') continue;
      names.add(name);
      typed.add(`${candidate.kind}:${name}`);
    }
  }
  return { names, typed };
}

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Precision, recall and F1 of Suggest Cast and of compromise on the real manuscript. */
export function suggestQuality(manuscriptPath: string, castPath: string, label: string, verbose = false): boolean {
  const text = readFileSync(manuscriptPath, 'utf8');
  const cast = parseCast(readFileSync(castPath, 'utf8'));
  if (!cast.parsed || cast.problems.some((p) => p.severity === 'error')) {
    console.log(`the gold cast ${castPath} has problems: ${cast.problems.map((p) => p.message).join('; ')}`);
    return false;
  }
  const gold = goldNames(text, cast.entities);
  console.log(`${label}: ${text.length.toLocaleString('en')} characters; the gold cast: ${cast.entities.length} entities, ${gold.names.size} distinct names that occur in the text, of ${gold.entities.length} entities\n`);
  console.log(MATCHING_RULE + '\n');

  let compromise: SystemOutput | undefined;
  const compromiseTime = measure('compromise', () => (compromise = compromiseNames(text)), { iterations: 1, warmup: 0 });
  let ours: SystemOutput | undefined;
  const oursTime = measure('Suggest Cast', () => (ours = suggestNames(text)), { iterations: 3, warmup: 1 });
  const rows: string[][] = [['', 'names out', 'correct', 'precision', 'recall', 'F1', 'typed P', 'typed R', 'typed F1', 'entity recall', 'ms']];
  const results = new Map<string, { plain: Scores; typed: Scores }>();
  for (const [name, output, time] of [
    ['compromise people()/places()/organizations()', compromise!, compromiseTime.medianMs],
    ['Suggest Cast', ours!, oursTime.medianMs],
  ] as const) {
    const plain = scores(output.names, gold.names);
    const typed = scores(output.typed, gold.typed);
    const entityRecall = gold.entities.filter((entity) => entity.names.some((n) => output.names.has(n))).length / gold.entities.length;
    results.set(name, { plain, typed });
    rows.push([
      name,
      String(plain.output),
      String(plain.correct),
      percent(plain.precision),
      percent(plain.recall),
      percent(plain.f1),
      percent(typed.precision),
      percent(typed.recall),
      percent(typed.f1),
      percent(entityRecall),
      time.toFixed(0),
    ]);
  }
  printTable(rows);
  const theirs = results.get('compromise people()/places()/organizations()')!.plain;
  const mine = results.get('Suggest Cast')!.plain;
  const beats = mine.precision > theirs.precision && mine.recall > theirs.recall;
  console.log(`\nSuggest Cast beats compromise on both precision and recall: ${beats ? 'YES' : 'NO'}`);
  const wrong = [...ours!.names].filter((name) => !gold.names.has(name)).sort();
  const missed = [...gold.names].filter((name) => !ours!.names.has(name)).sort();
  const show = (list: string[]) => (verbose || list.length <= 60 ? list : [...list.slice(0, 60), `… and ${list.length - 60} more`]).join(', ');
  console.log(`\nSuggest Cast's names not in the gold cast (${wrong.length}): ${show(wrong)}`);
  console.log(`\ngold names Suggest Cast missed (${missed.length}): ${show(missed)}`);
  return true;
}

/** Suggest Cast's time on a large text, with progress reported. */
export function suggestSpeed(text: string): boolean {
  const manuscript = parseManuscript(text);
  let reports = 0;
  let candidates = 0;
  const time = measure(
    'suggestCast',
    () => {
      reports = 0;
      candidates = suggestCast(text, { manuscript, onProgress: () => reports++ }).length;
    },
    { iterations: 3, warmup: 1 },
  );
  const cpu: number[] = [];
  const withParse = measure(
    'suggestCast, parsing included',
    () => {
      const start = process.cpuUsage();
      suggestCast(text);
      const used = process.cpuUsage(start);
      cpu.push((used.user + used.system) / 1000);
    },
    { iterations: 3, warmup: 0 },
  );
  cpu.sort((a, b) => a - b);
  console.log(`the generated book: ${(Buffer.byteLength(text) / MB).toFixed(2)} MB: ${candidates.toLocaleString('en')} candidates, ${reports} progress reports\n`);
  printTable([
    ['', 'median ms', 'min ms', 'CPU ms (median)'],
    [time.name, time.medianMs.toFixed(0), time.minMs.toFixed(0), ''],
    [withParse.name, withParse.medianMs.toFixed(0), withParse.minMs.toFixed(0), cpu[cpu.length >> 1].toFixed(0)],
  ]);
  console.log(`\nload average while measuring: ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
  console.log(`\ntarget: Suggest Cast on ${(Buffer.byteLength(text) / MB).toFixed(0)} MB under ${SUGGEST_TARGET_MS / 1000} s: ${withParse.medianMs < SUGGEST_TARGET_MS ? 'MET' : 'NOT MET'} (median ${withParse.medianMs.toFixed(0)} ms)`);
  return true;
}
