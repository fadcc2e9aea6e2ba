// Builds the dictionary the textual diagnostics ship with, into dist/dictionary/:
// - words.txt: every word form of the SCOWL Hunspell dictionaries en-US and en-GB (the npm packages
//   dictionary-en and dictionary-en-gb), their affix rules applied here once, so that the extension
//   and the CLI only read a list of words (fast to load, no Hunspell engine at run time); only the
//   lower-case forms without an apostrophe, the only ones the checks look up;
// - frequency.txt: the 50,000 most frequent English words, most frequent first (from the list the npm
//   package wordsninja ships);
// - LICENSE.txt: the licences of both.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Ranks beyond this are rare words: a split into one of them is not proposed. */
const FREQUENT_WORDS = 50_000;
const modules = new URL('../node_modules/', import.meta.url);
const read = (file) => readFileSync(new URL(file, modules), 'utf8');

/** The prefix and suffix rules of a Hunspell .aff file with one-character flags. */
function parseAffixes(aff) {
  const rules = new Map();
  for (const line of aff.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if ((fields[0] !== 'PFX' && fields[0] !== 'SFX') || fields.length < 4) continue;
    const [kind, flag, third, fourth, fifth] = fields;
    if (!rules.has(flag)) {
      // The header line: kind, flag, cross product (Y/N), count.
      rules.set(flag, { prefix: kind === 'PFX', cross: third === 'Y', entries: [] });
      continue;
    }
    const strip = third === '0' ? '' : third;
    const add = fourth === '0' ? '' : fourth.split('/')[0];
    const condition = fifth === undefined || fifth === '.' ? null : new RegExp(kind === 'PFX' ? `^${fifth}` : `${fifth}$`);
    rules.get(flag).entries.push({ strip, add, condition });
  }
  return rules;
}

function applyRule(rule, word) {
  const forms = [];
  for (const { strip, add, condition } of rule.entries) {
    if (condition && !condition.test(word)) continue;
    if (rule.prefix) {
      if (!word.startsWith(strip)) continue;
      forms.push(add + word.slice(strip.length));
    } else {
      if (!word.endsWith(strip)) continue;
      forms.push(word.slice(0, word.length - strip.length) + add);
    }
  }
  return forms;
}

/** Every form of every word of a .dic file, prefixes and suffixes combined where the rules allow. */
function expand(rules, dic, into) {
  for (const line of dic.split('\n').slice(1)) {
    const [word, flags = ''] = line.trim().split('/');
    // Digits are the ordinals' compound rules (1st, 22nd): not words the checks look at.
    if (!word || /\d/.test(word)) continue;
    into.add(word);
    const suffixed = [];
    const applicable = [...flags].map((flag) => rules.get(flag)).filter(Boolean);
    for (const rule of applicable.filter((r) => !r.prefix)) {
      for (const form of applyRule(rule, word)) {
        into.add(form);
        if (rule.cross) suffixed.push(form);
      }
    }
    for (const rule of applicable.filter((r) => r.prefix)) {
      for (const form of applyRule(rule, word)) into.add(form);
      if (!rule.cross) continue;
      for (const form of suffixed) for (const both of applyRule(rule, form)) into.add(both);
    }
  }
}

/**
 * The dictionary's files as texts, made from the npm packages: what `buildDictionary` writes, and
 * what test/unit/textualChecks.test.ts checks against without a build.
 * @returns {{ words: string, frequency: string, license: string, counts: { words: number, frequency: number } }}
 */
export function dictionaryTexts() {
  const rules = parseAffixes(read('dictionary-en/index.aff'));
  const words = new Set();
  expand(rules, read('dictionary-en/index.dic'), words);
  expand(rules, read('dictionary-en-gb/index.dic'), words);
  const frequency = JSON.parse(read('wordsninja/words-en.json')).slice(0, FREQUENT_WORDS);
  const lowerCase = [...words].filter((word) => !/[\p{Lu}'’]/u.test(word));
  return {
    words: `${lowerCase.sort().join('\n')}\n`,
    frequency: `${frequency.join('\n')}\n`,
    license: [
      'words.txt: the word forms of the SCOWL Hunspell dictionaries en-US and en-GB, from the npm packages dictionary-en and dictionary-en-gb; licence (MIT AND BSD):',
      read('dictionary-en/license'),
      'frequency.txt: the head of the English word list of the npm package wordsninja, most frequent first; licence MIT:',
      read('wordsninja/LICENSE'),
    ].join('\n\n'),
    counts: { words: lowerCase.length, frequency: frequency.length },
  };
}

/** Writes the dictionary's files into `outDir` (a URL of a folder); returns how many words each holds. */
export function buildDictionary(outDir) {
  const { words, frequency, license, counts } = dictionaryTexts();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(new URL('words.txt', outDir), words);
  writeFileSync(new URL('frequency.txt', outDir), frequency);
  writeFileSync(new URL('LICENSE.txt', outDir), license);
  return counts;
}
