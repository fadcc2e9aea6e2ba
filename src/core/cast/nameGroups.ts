import { APPOSITIONS, CALENDAR, COMMON_NICKNAME_WORDS, EVENT_WORDS, FUNCTION_WORDS, INSTITUTIONS, ORGANIZATION_WORDS, PARTICLES, PATRONYMIC, PERSON_ENDINGS, PLACE_PREPOSITIONS, PLACE_WORDS, ROMAN_NUMERAL, SAYING, TITLES, UPPER, WORK_WORDS } from './nameWords';
import type { Lexicon } from './nameTokens';
import { foldName, type EntityKind } from './cast';
import { isPlaceOrOrganizationWord, type Occurrence } from './nameOccurrences';

/**
 * What Suggest Cast makes of the names found (`suggestCast.ts`): each name's count and cues,
 * whether it is worth suggesting at all, and the names grouped by the entity they likely name,
 * each group with its kind (person, place or organization) weighed from its words and cues.
 */

/** A name to add to the cast, with the other forms of the same entity. */
export interface SuggestedEntity {
  /** The fullest form of the name, as the book writes it (without a possessive). */
  readonly text: string;
  readonly kind: EntityKind;
  /** Occurrences of all its variants. */
  readonly count: number;
  /** Every form found, the text itself first, then by frequency. */
  readonly variants: readonly string[];
  /** Where it first occurs: 0-based line and UTF-16 character. */
  readonly first: { readonly line: number; readonly character: number };
}

/** One name as the book uses it: how often, where first, and its occurrences' cues to each kind, added up. */
export interface NameStats {
  readonly text: string;
  count: number;
  first: { line: number; character: number };
  person: number;
  place: number;
  organization: number;
  /** Occurrences after `the`. */
  withThe: number;
  /** Occurrences that are the whole of a quotation. */
  quoted: number;
}

/** Counts an occurrence of its name and adds up the cues around it. */
export function addOccurrence(names: Map<string, NameStats>, occurrence: Occurrence): void {
  let stats = names.get(occurrence.text);
  if (!stats) {
    stats = { text: occurrence.text, count: 0, first: { line: occurrence.line, character: occurrence.character }, person: 0, place: 0, organization: 0, withThe: 0, quoted: 0 };
    names.set(occurrence.text, stats);
  }
  stats.count++;
  if (occurrence.beforeIsThe) stats.withThe++;
  if (occurrence.quoted) stats.quoted++;
  // Cues of this occurrence.
  if (occurrence.titled) stats.person += 3;
  const before = occurrence.before;
  if (before !== undefined) {
    if (SAYING.has(before)) stats.person += 2;
    if (before === 'with' || before === 'by') stats.person += 0.5;
    const apposition = APPOSITIONS.get(before);
    if (apposition) stats[apposition] += 2;
  }
  // `in Eisenstein’s movie`: the preposition is about the movie.
  if (occurrence.possessive) stats.person += 0.5;
  else if (occurrence.preposition !== undefined) stats.place += PLACE_PREPOSITIONS.get(occurrence.preposition) ?? 0;
  const after = occurrence.after;
  if (after !== undefined) {
    if (SAYING.has(after)) stats.person += 2;
    if (after === 'who' || after === 'whom' || after === 'himself' || after === 'herself') stats.person += 1.5;
    if (after === 'where') stats.place += 1.5;
  }
}

/** Whether a name found is worth suggesting at all. */
export function keep(name: NameStats, lexicon: Lexicon): boolean {
  const text = name.text;
  const words = text.split(/[\s\u00a0]+/);
  const last = words[words.length - 1].split('-').pop()!;
  if (/\p{N}/u.test(text)) return false;
  // Only ever quoted on its own (`“Dushenka,”`, `“The Chameleon”`): a word or a title quoted, unless it has a surname's shape.
  if (name.quoted === name.count && !PERSON_ENDINGS.test(last)) return false;
  // `Council of People’s Commissars`: the head word, before `of`, says what it is.
  const of = words.indexOf('of');
  if (of > 0 && isPlaceOrOrganizationWord(words[of - 1])) return true;
  if (words.length === 1) {
    const word = words[0];
    if (word.length < 2 || ROMAN_NUMERAL.test(word)) return false;
    if (TITLES.has(word)) return name.withThe > 0 && lexicon.isTitleAsName(word);
    if (CALENDAR.has(word) || CALENDAR.has(word.replace(/s$/, '')) || EVENT_WORDS.has(word) || FUNCTION_WORDS.has(word)) return false;
    if (INSTITUTIONS.has(word)) return true;
    if (lexicon.isCommonWord(word)) return false;
    if (!word.includes('-') && lexicon.isGroupWord(word)) return false;
    if (word.includes('-') && word.split('-').every((part) => lexicon.isGroupWord(part) || lexicon.isCommonWord(part))) return false;
    return true;
  }
  if (EVENT_WORDS.has(last) || CALENDAR.has(last) || WORK_WORDS.has(last)) return false;
  if (lexicon.isGroupWord(last) && !ORGANIZATION_WORDS.has(last)) return false;
  // A run of common words: a nickname if the book says it again with `the` (`the Old Man`),
  // else a title of a work (`Ten Days That Shook the World`).
  const content = words.filter((word) => !PARTICLES.has(word) && word !== 'of' && word !== 'the' && word !== 'and');
  const common = content.every((word) => lexicon.isCommonWord(word) || FUNCTION_WORDS.has(word));
  if (common && !isPlaceOrOrganizationWord(last)) return name.count >= 2 && name.withThe * 2 >= name.count;
  return true;
}

/**
 * Names grouped by the entity they likely name: a lone word goes with the one longer name that ends
 * with it (`Illich` → `Vladimir Illich`) or, failing that, begins with it (`Anna` → `Anna Alliluyeva`;
 * `Smolny` → `Smolny Institute` when the book says `the Smolny`). Names in the cast or dismissed are
 * left out, and so are their groups' variants.
 */
export function group(names: NameStats[], known: ReadonlySet<string>): SuggestedEntity[] {
  const isKnown = (text: string) => known.has(foldName(text));
  const multi = names.filter((name) => /[\s\u00a0]/.test(name.text));
  const single = names.filter((name) => !/[\s\u00a0]/.test(name.text));
  const endingWith = new Map<string, NameStats[]>();
  const startingWith = new Map<string, NameStats[]>();
  for (const name of multi) {
    const words = name.text.split(/[\s\u00a0]+/);
    const last = words[words.length - 1];
    const institution = PLACE_WORDS.has(last) || ORGANIZATION_WORDS.has(last);
    if (!institution) endingWith.set(last, [...(endingWith.get(last) ?? []), name]);
    startingWith.set(words[0], [...(startingWith.get(words[0]) ?? []), name]);
  }
  const groups = new Map<NameStats, NameStats[]>(multi.map((name) => [name, [name]]));
  const alone: NameStats[] = [];
  for (const name of single) {
    const ending = endingWith.get(name.text) ?? [];
    const starting = startingWith.get(name.text) ?? [];
    let home: NameStats | undefined;
    if (ending.length === 1) home = ending[0];
    else if (ending.length === 0 && starting.length === 1) {
      const candidate = starting[0];
      const words = candidate.text.split(/[\s\u00a0]+/);
      const last = words[words.length - 1];
      const institution = PLACE_WORDS.has(last) || ORGANIZATION_WORDS.has(last);
      // `the Smolny` is the Smolny Institute; `Finland` is not the Finland Station.
      if (!institution || name.withThe * 2 > name.count) home = candidate;
    }
    if (home) groups.get(home)!.push(name);
    else alone.push(name);
  }
  for (const name of alone) groups.set(name, [name]);

  const suggestions: SuggestedEntity[] = [];
  for (const [longest, grouped] of groups) {
    const fresh = grouped.filter((member) => !isKnown(member.text));
    if (isKnown(longest.text) || fresh.length === 0) continue;
    // The fullest name leads, unless a shorter one is far more usual (`Russia` before `Soviet Russia`).
    const frequent = fresh.reduce((a, b) => (b.count > a.count ? b : a));
    const main = frequent.count >= 5 * longest.count ? frequent : longest;
    const members = [main, ...grouped.filter((member) => member !== main)];
    const count = fresh.reduce((sum, member) => sum + member.count, 0);
    const variants = [main, ...fresh.filter((member) => member !== main).sort((a, b) => b.count - a.count)].map((member) => member.text);
    const first = fresh.reduce((a, b) => (a.first.line < b.first.line || (a.first.line === b.first.line && a.first.character <= b.first.character) ? a : b)).first;
    suggestions.push({ text: main.text, kind: kindOf(members), count, variants, first });
  }
  return suggestions.sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
}

/** The kind, weighed from the group's words and the cues of its occurrences. */
function kindOf(members: readonly NameStats[]): EntityKind {
  let person = 0;
  let place = 0;
  let organization = 0;
  let count = 0;
  let withThe = 0;
  for (const member of members) {
    person += member.person;
    place += member.place;
    organization += member.organization;
    count += member.count;
    withThe += member.withThe;
  }
  // Cues are averaged over occurrences; the name's own words, the same at every one, weigh most.
  const perOccurrence = Math.max(1, count);
  person /= perOccurrence;
  place /= perOccurrence;
  organization /= perOccurrence;
  const main = members[0];
  const words = main.text.split(/[\s\u00a0]+/);
  // `Field of Mars`, `Council of People’s Commissars`: the word before `of` is the head.
  const of = words.indexOf('of');
  const head = (of > 0 ? words[of - 1] : words[words.length - 1]).split('-').pop()!;
  if (PLACE_WORDS.has(head)) place += 4;
  if (ORGANIZATION_WORDS.has(head) || INSTITUTIONS.has(main.text)) organization += 4;
  // An acronym (`NKVD`, `MRC`), not a word in capitals (`SOSELO`).
  if (/^\p{Lu}{2,6}$/u.test(main.text) && (main.text.length <= 4 || (main.text.match(/[AEIOUY]/g) ?? []).length / main.text.length < 0.34)) organization += 2.5;
  if (words.length >= 2 && words.some((word, index) => index > 0 && PATRONYMIC.test(word))) person += 2;
  const shaped = members.some((member) => member.text.split(/[\s\u00a0-]+/).some((word) => PERSON_ENDINGS.test(word) && !isPlaceOrOrganizationWord(word)));
  if (shaped) person += 0.6;
  if (words.length >= 2 && words.every((word) => UPPER.test(word)) && !isPlaceOrOrganizationWord(head)) person += 0.5;
  // People are rarely `the Neva`, `the Cheka`, `the Caucasus` — but for a title or a nickname (`the Tsar`, `the Old Man`).
  const epithet = TITLES.has(head) || words.every((word) => /^\p{Lu}\p{Ll}+$/u.test(word) && COMMON_NICKNAME_WORDS.test(word));
  if (epithet && withThe * 2 > count) person += 1;
  else if (withThe * 2 > count && !isPlaceOrOrganizationWord(head)) place += 1;
  const frequent = members.reduce((a, b) => (b.count > a.count ? b : a));
  if (!/[\s\u00a0]/.test(frequent.text) && /(?:burg|grad|sk|land|stan|ville|polis|ia)$/.test(frequent.text)) place += 0.4;
  if (organization > person && organization >= place) return 'organization';
  if (place > person) return 'place';
  return 'person';
}
