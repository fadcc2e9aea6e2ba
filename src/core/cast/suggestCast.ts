import { TITLES } from './nameWords';
import { Lexicon, tokenize } from './nameTokens';
import { foldName, type CastEntry } from './cast';
import { findNames } from './nameOccurrences';
import { addOccurrence, group, keep, type NameStats, type SuggestedEntity } from './nameGroups';
import { parseManuscript } from '../manuscript/parser';
import type { Manuscript } from '../manuscript/model';

/**
 * Suggest Cast: the proper names of a book that its cast does not list yet, ranked by how often
 * they occur, grouped by the entity they likely name (`Vladimir Illich` with `Illich`, `Stalin’s`
 * with `Stalin`), each with a guess of person, place or organization.
 *
 * No dictionary of names: a book's own text says which of its capitalised words are names.
 * - A capital at the start of a sentence says nothing (`Then`, `Gradually`): a word counts as a
 *   name only where it is capitalised inside a sentence, and a sentence's first word is kept
 *   only when the book capitalises it elsewhere too.
 * - A word the book also writes in lower case is a common noun capitalised for emphasis or as a
 *   title (`the Revolution`, `History`), unless it names an institution (`the Party`, `the Soviet`).
 * - Words for groups of people (`Bolshevik`, `Georgian`) are recognised by their plurals
 *   (`Bolsheviks`), by the article before them (`a Georgian`), or by their endings used before a
 *   noun (`Marxist fanaticism`), and are not names.
 * - Headings (part and chapter titles, all-capital lines) and the verse of epigraphs are skipped.
 * - Names run over several capitalised words, initials (`V. N. Polovtiev`), hyphens
 *   (`Antonov-Ovseenko`) and a few joining words (`Field of Mars`, `Catherine the Great`,
 *   `Peter and Paul Fortress`); titles before a name (`Comrade`, `Prince`, `General`) are left out
 *   but count as a sign of a person.
 *
 * The kind is weighed from cues: a last word such as Palace, Station or Street (a place), Committee,
 * Party or Bureau (an organization), an acronym (an organization), the prepositions before a name
 * (`in`, `at`, `from`: a place), titles and verbs of saying around it (a person), and the shape of
 * Russian patronymics and surnames (-ovich, -ovna, -ov, -sky…: a person).
 */

export interface SuggestOptions {
  /** Names already in the cast (names and aliases) are not suggested. */
  readonly cast?: readonly CastEntry[];
  /** Names dismissed before (`dismissed:` of marginalia.yaml). */
  readonly dismissed?: readonly string[];
  /** The text parsed already, to save parsing it again. */
  readonly manuscript?: Manuscript;
  /** Called as the work goes on, with the fraction done (0–1), for a progress bar. */
  readonly onProgress?: (fraction: number) => void;
  /** Names found fewer times than this are left out (1: all). */
  readonly minCount?: number;
}

/** Suggests the cast of a book from its text: see the module's comment. */
export function suggestCast(text: string, options: SuggestOptions = {}): SuggestedEntity[] {
  const progress = options.onProgress ?? (() => undefined);
  const manuscript = options.manuscript ?? parseManuscript(text);
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  const skipped = skippedLines(manuscript, lines);
  progress(0.05);

  // Pass 1: what the book does with each word. (The words are read again in pass 2 rather than
  // kept: a book's worth of tokens kept alive costs more in garbage collection than reading twice.)
  const lexicon = new Lexicon();
  const step = Math.max(1, Math.floor(lines.length / 20));
  for (let line = 0; line < lines.length; line++) {
    if (skipped.has(line)) continue;
    lexicon.add(tokenize(lines[line]));
    if (line % step === 0) progress(0.05 + (0.4 * line) / lines.length);
  }
  progress(0.45);

  // Pass 2: the names, their counts and cues.
  const names = new Map<string, NameStats>();
  for (let line = 0; line < lines.length; line++) {
    if (skipped.has(line) || !/\p{Lu}/u.test(lines[line])) continue;
    for (const occurrence of findNames(tokenize(lines[line]), lines[line], line, lexicon)) addOccurrence(names, occurrence);
    if (line % step === 0) progress(0.45 + (0.4 * line) / lines.length);
  }
  progress(0.85);

  const known = new Set<string>();
  for (const entity of options.cast ?? []) for (const name of [entity.name, ...entity.aliases]) for (const form of namedForms(name)) known.add(form);
  for (const name of options.dismissed ?? []) for (const form of namedForms(name)) known.add(form);
  const suggestions = group([...names.values()].filter((name) => keep(name, lexicon)), known);
  progress(1);
  const minCount = options.minCount ?? 1;
  return suggestions.filter((suggestion) => suggestion.count >= minCount);
}

/**
 * The forms a name of the cast may be found in here: as written, without a leading `the`, a
 * possessive or titles (`the Baron` → `Baron`, `St Olaf’s` → `St Olaf`, `Countess Sofie Ravnholt`
 * → `Sofie Ravnholt`). Folded as `foldName` does.
 */
function namedForms(name: string): string[] {
  const forms = new Set<string>();
  let form = foldName(name.trim());
  forms.add(form);
  form = form.replace(/^(?:the|The) /, '');
  forms.add(form);
  form = form.replace(/'s$|(?<=s)'$/, '');
  forms.add(form);
  forms.add(form.replace(/\.$/, ''));
  for (let words = form.split(' '); words.length > 1 && TITLES.has(words[0]); words = words.slice(1)) forms.add(words.slice(1).join(' '));
  return [...forms];
}

/** Headings, all-capital lines and epigraph verse: their capitals are typography, not names. */
function skippedLines(manuscript: Manuscript, lines: readonly string[]): Set<number> {
  const skipped = new Set<number>();
  for (const part of manuscript.parts) skipped.add(part.line);
  for (const chapter of manuscript.chapters) skipped.add(chapter.line);
  for (const epigraph of manuscript.epigraphs) for (const line of epigraph.lines) skipped.add(line);
  lines.forEach((line, index) => {
    if (/\p{Lu}/u.test(line) && !/\p{Ll}/u.test(line)) skipped.add(index);
  });
  return skipped;
}


/** The id prefix of `unlistedEntries`. */
export const UNLISTED_ID_PREFIX = 'unlisted:';

/**
 * Suggestions as cast entries (ids `unlisted:` and the name), so that the mention index finds them
 * too: the views' "Unlisted" group, with the same matching as the cast's names. Index them with the
 * cast (`new NameMatcher([...cast, ...unlistedEntries(suggestions)])`): names of both stay ambiguous.
 */
export function unlistedEntries(suggestions: readonly SuggestedEntity[]): CastEntry[] {
  return suggestions.map((suggestion) => ({
    id: `${UNLISTED_ID_PREFIX}${suggestion.text}`,
    kind: suggestion.kind,
    name: suggestion.text,
    aliases: suggestion.variants.filter((variant) => variant !== suggestion.text),
  }));
}
