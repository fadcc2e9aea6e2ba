import { APPOSITIONS, CALENDAR, COMMON_NICKNAME_WORDS, EVENT_WORDS, FUNCTION_WORDS, INSTITUTIONS, OF_HEADS, ORGANIZATION_WORDS, PARTICLES, PATRONYMIC, PERSON_ENDINGS, PLACE_PREPOSITIONS, PLACE_WORDS, ROMAN_NUMERAL, SAYING, SURNAME_ENDINGS, TITLES, UPPER, WORK_WORDS } from './nameWords';
import { ABBREVIATIONS, Lexicon, type Token, tokenize } from './nameTokens';
import { foldName, type CastEntry, type EntityKind } from './cast';
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

// ---------------------------------------------------------------------------------------------
// Names found

/** One occurrence of a name: its words, and the cues around it. */
interface Occurrence {
  /** The name as written (joining words and hyphens kept), without a possessive. */
  readonly text: string;
  readonly line: number;
  readonly character: number;
  readonly titled: boolean;
  readonly before: string | undefined;
  /** The word before, past an article: `at the Circus` → `at`. */
  readonly preposition: string | undefined;
  readonly beforeIsThe: boolean;
  readonly possessive: boolean;
  readonly after: string | undefined;
  /** The whole of a quotation: `“Dushenka,”`. */
  readonly quoted: boolean;
}

interface NameStats {
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

/** Whether a token can be part of a name. */
function nameLike(token: Token): boolean {
  return UPPER.test(token.text) && !/^\p{N}/u.test(token.text);
}

const isPlaceOrOrganizationWord = (word: string): boolean => PLACE_WORDS.has(word) || ORGANIZATION_WORDS.has(word);

/** A run of capitalised words, and how it was joined. */
interface Run {
  readonly tokens: Token[];
  /** Joined across a possessive (`Women’s Shock Battalion`): an institution's name, whole. */
  institution: boolean;
}

/** The names of a line: runs of capitalised words, trimmed of what is not part of a name. */
function findNames(tokens: readonly Token[], line: string, lineNumber: number, lexicon: Lexicon): Occurrence[] {
  const found: Occurrence[] = [];
  let k = 0;
  while (k < tokens.length) {
    if (!nameLike(tokens[k])) {
      k++;
      continue;
    }
    // The run: capitalised words joined by a space, a hyphen, an initial's period, or a joining word.
    const runStart = k;
    const run: Run = { tokens: [tokens[k]], institution: false };
    let j = k + 1;
    while (j < tokens.length) {
      const words = run.tokens;
      const last = words[words.length - 1];
      const token = tokens[j];
      const joint = token.before;
      if (last.possessive) {
        // `Women’s Shock Battalion`, `Council of People’s Commissars`: a common word's possessive inside a name.
        const inside = isPlaceOrOrganizationWord(words[0].text) || endsAsInstitution(tokens, j);
        if (nameLike(token) && joint === ' ' && lexicon.isCommonWord(last.text) && inside) {
          words.push(token);
          run.institution = true;
          j++;
          continue;
        }
        break;
      }
      const initial = /^\p{Lu}$/u.test(last.text) && joint === '. ';
      if (nameLike(token) && (joint === ' ' || joint === '-' || joint === '\u00a0' || initial || (joint === '. ' && ABBREVIATIONS.has(last.text)))) {
        if (token.initial && joint !== '-' && !initial) break;
        words.push(token);
        j++;
        continue;
      }
      // Joining words: `Field of Mars`, `Congress of the Soviets`, `Catherine the Great`, `Peter and Paul Fortress`, `Ludwig van Beethoven`.
      if (joint === ' ' && j + 1 < tokens.length && !last.possessive) {
        const word = token.text;
        const next = tokens[j + 1];
        const afterThe = word === 'of' && next.text === 'the' && j + 2 < tokens.length ? tokens[j + 2] : undefined;
        const following = afterThe ?? next;
        const joins =
          nameLike(following) &&
          following.before === ' ' &&
          ((word === 'of' && (OF_HEADS.has(last.text) || isPlaceOrOrganizationWord(last.text))) ||
            (word === 'the' && words.length === 1 && !FUNCTION_WORDS.has(last.text) && !TITLES.has(last.text) && !following.possessive && isEpithet(tokens, j + 1)) ||
            (word === 'and' && words.length === 1 && endsAsPlace(tokens, j + 1)) ||
            PARTICLES.has(word));
        if (joins) {
          words.push(token);
          if (afterThe) words.push(next);
          words.push(following);
          j += afterThe ? 3 : 2;
          continue;
        }
      }
      break;
    }
    k = j;
    // The run is tokens [runStart, j): what is around it is at runStart - 1 and j.
    const occurrence = trim(run, tokens, runStart, j, line, lineNumber, lexicon);
    if (occurrence) found.push(occurrence);
  }
  return found;
}

/** `“The Chameleon”`, `‘You Have Fallen Victims.’`: the whole of a quotation is a title or a word quoted, not a name. */
function quotedAlone(run: readonly Token[], next: Token | undefined, line: string): boolean {
  const first = run[0];
  const last = run[run.length - 1];
  const opening = /[\u201c\u2018"]\s*(?:(?:The|A|An|You|I)\s+)?$/.test(line.slice(Math.max(0, first.start - 8), first.start));
  if (!opening) return false;
  const after = line.slice(last.possessiveEnd, next ? next.start : line.length);
  return /^[,.;:!?\u2026]*[\u201d\u2019"]/.test(after);
}

/** Whether the capitalised words from `at` on end with a place or organization word. */
function endsAsInstitution(tokens: readonly Token[], at: number): boolean {
  let k = at;
  while (k + 1 < tokens.length && nameLike(tokens[k + 1]) && tokens[k + 1].before === ' ' && !tokens[k].possessive) k++;
  return isPlaceOrOrganizationWord(tokens[k].text);
}

function endsAsPlace(tokens: readonly Token[], at: number): boolean {
  let k = at;
  while (k + 1 < tokens.length && nameLike(tokens[k + 1]) && tokens[k + 1].before === ' ') k++;
  return k > at && PLACE_WORDS.has(tokens[k].text);
}

/** `Catherine the Great`: one capitalised word after `the`, then no more capitals. */
function isEpithet(tokens: readonly Token[], at: number): boolean {
  const next = tokens[at + 1];
  return !(next && nameLike(next) && next.before === ' ') && !isPlaceOrOrganizationWord(tokens[at].text);
}

/**
 * A run of capitalised words made a name: joining words, sentence-initial words, titles, calendar
 * words and group words taken off its start, when what remains is a name.
 */
function trim(run: Run, tokens: readonly Token[], runStart: number, runEnd: number, line: string, lineNumber: number, lexicon: Lexicon): Occurrence | undefined {
  const words = run.tokens;
  const lastWord = words[words.length - 1].text;
  const institution = run.institution || isPlaceOrOrganizationWord(lastWord) || /^\p{Lu}{2,}$/u.test(lastWord);
  const runInitial = words[0].initial;
  let start = 0;
  let titled = false;
  while (start < words.length) {
    const token = words[start];
    const word = token.text;
    const rest = words.length - start - 1;
    const joint = rest > 0 ? words[start + 1].before : undefined;
    if (PARTICLES.has(word) || word === 'of' || word === 'the' || word === 'and') {
      start++;
      continue;
    }
    // An initial (`V. N. Polovtiev`), an acronym (`SOSELO`), a compound (`All-Russian`): part of the name.
    if ((/^\p{Lu}$/u.test(word) && joint === '. ') || /^\p{Lu}{2,}$/u.test(word) || joint === '-') break;
    if (rest > 0 && (FUNCTION_WORDS.has(word) || (CALENDAR.has(word) && !institution) || (token.initial && /ly$/.test(word)))) {
      start++;
      continue;
    }
    if (rest > 0 && TITLES.has(word) && !token.possessive && !institution) {
      titled = true;
      lexicon.countTitle(word);
      start++;
      continue;
    }
    const nextIsName = rest > 0 && !lexicon.isCommonWord(words[start + 1].text) && !isPlaceOrOrganizationWord(words[start + 1].text);
    // `Menshevik Skobelev`, `American Louise Bryant` (but `Russian Empire`, `Russian Bureau`).
    if (rest > 0 && joint === ' ' && !institution && nextIsName && lexicon.isGroupWord(word)) {
      start++;
      continue;
    }
    if (token.initial || (runInitial && start > 0)) {
      if (rest === 0) {
        // A lone word at the start of a sentence: a name only if the book capitalises it elsewhere,
        // or it has a surname's shape and the book never writes it in lower case.
        const named = !lexicon.onlyInitial(word) || (SURNAME_ENDINGS.test(word) && !lexicon.isCommonWord(word));
        if (!named) return undefined;
        break;
      }
      // `Gradually Lenin`, `Narkom Nationalities Stalin`: a common word before a name.
      if (FUNCTION_WORDS.has(word) || (lexicon.isCommonWord(word) && !institution && !lexicon.isCommonWord(lastWord))) {
        start++;
        continue;
      }
    }
    break;
  }
  if (start >= words.length) return undefined;
  const first = words[start];
  const last = words[words.length - 1];
  const index = runStart;
  const before = index > 0 ? tokens[index - 1] : undefined;
  const afterToken = tokens[runEnd];
  return {
    text: line.slice(first.start, last.end),
    line: lineNumber,
    character: first.start,
    titled: titled || (before !== undefined && TITLES.has(before.text)),
    before: start > 0 ? words[start - 1].text : before?.text,
    preposition: (start > 0 ? words[start - 1].text : before && /^(?:the|a|an)$/.test(before.text) ? tokens[index - 2]?.text : before?.text)?.toLowerCase(),
    beforeIsThe: /^(?:the|The)$/.test((start > 0 ? words[start - 1].text : before?.text) ?? ''),
    possessive: last.possessive,
    after: afterToken && /^[\s,]+$/.test(afterToken.before) ? afterToken.text : undefined,
    quoted: quotedAlone(words, afterToken, line),
  };
}

function addOccurrence(names: Map<string, NameStats>, occurrence: Occurrence): void {
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
function keep(name: NameStats, lexicon: Lexicon): boolean {
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

// ---------------------------------------------------------------------------------------------
// Grouping and kinds

/**
 * Names grouped by the entity they likely name: a lone word goes with the one longer name that ends
 * with it (`Illich` → `Vladimir Illich`) or, failing that, begins with it (`Anna` → `Anna Alliluyeva`;
 * `Smolny` → `Smolny Institute` when the book says `the Smolny`). Names in the cast or dismissed are
 * left out, and so are their groups' variants.
 */
function group(names: NameStats[], known: ReadonlySet<string>): SuggestedEntity[] {
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
