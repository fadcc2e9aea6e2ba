import { foldName, type CastEntry, type EntityKind } from './cast';
import { parseManuscript } from '../manuscript/parser';
import { isWordCode } from '../mentions/mentions';
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
// Word lists: English grammar and naming conventions, not names.

/** Capitalised function words: never the start of a name. */
const FUNCTION_WORDS = new Set(
  (
    'A An The This That These Those His Her Hers Its Our Their My Your He She It We They I You Me Him Us Them ' +
    'In At On Of To For From By With Without Into Onto Over Under After Before Since Until During Through Across ' +
    'And But Or Nor So Yet If When While Where Whereas Although Though As Because Then There Here Now Once ' +
    'Who Whom Whose What Which Why How All Any Some No Not Every Each Both Either Neither Many Much Most More ' +
    'Such Only Even Just Also Still Already Perhaps Meanwhile However Indeed Besides Instead Later Soon ' +
    'Oh Ah Yes Well Nonetheless Nevertheless Thus Hence Therefore Moreover Furthermore Otherwise Despite ' +
    'Unlike Like Near Beside Against Among Within Around About Above Below Behind Beyond Toward Towards Upon Except ' +
    'Whereupon Whenever Wherever Whatever Whoever Again Always Never Sometimes Often Almost Let Please Do Did Does'
  ).split(' '),
);

/** Titles and honorifics: before a name, a sign of a person; left out of the name. */
const TITLES = new Set(
  (
    'Comrade Comrades Mr Mrs Miss Ms Dr Doctor Professor Sir Dame Lord Lady Madam Madame Monsieur Messieurs Herr Frau ' +
    'Prince Princess Count Countess Baron Baroness Duke Duchess Grand Tsar Tsarina Tsarevich Emperor Empress King Queen ' +
    'General Colonel Major Captain Lieutenant Admiral Marshal Sergeant Commander Commissar Narkom ' +
    'President Premier Chairman Minister Deputy Secretary Justice Foreign War Father Mother Brother Sister Saint ' +
    'Bishop Archbishop Patriarch Metropolitan Rabbi Reverend Uncle Aunt Papa Mama Mum Mom Dad Daddy Granny Grandma Grandpa ' +
    'Ladyship Lordship Majesty Highness Excellency Holiness Eminence'
  ).split(' '),
);

/** A name's last word that makes it a place. */
const PLACE_WORDS = new Set(
  (
    'Palace Station Street Prospect Avenue Road Lane Boulevard Embankment Square Bridge Island Islands Fortress Prison ' +
    'Mansion Theatre Theater Heights Quarter District Base Cathedral Church Chapel Monastery Abbey Harbour Harbor Quay ' +
    'Port River Lake Sea Gulf Bay Strait Mountains Mount Hill Hills Valley Forest Park Field Gate Tower Hall House Light ' +
    'Cape Coast Canal Castle Hotel Restaurant Café Cafe Market Province Region Observatory Lounge Exchange Office Dom ' +
    'Moderne Garden Gardens Museum Library Cemetery Steppe Desert Peninsula Plain Pass Shore Village Town City Way'
  ).split(' '),
);

/** A name's last word that makes it an organization. */
const ORGANIZATION_WORDS = new Set(
  (
    'Committee Party Bureau Buro Council Commission Commissariat Government Assembly Congress Soviet Soviets Duma ' +
    'Organization Organisation Society Company Bank Press Guards Guard Regiment Battalion Brigade Army Navy Fleet ' +
    'Corps Command Ministry Secretariat Presidium Politburo Embassy Union League Federation Association Club ' +
    'University College Academy Institute School Centre Center Service Agency Department Works Factory Trust ' +
    'Directory Cabinet Group Faction Movement Front Brotherhood Order Senate Parliament Tribunal Court Police'
  ).split(' '),
);

/** Single capitalised words that name one body even where the book also writes them in lower case. */
const INSTITUTIONS = new Set('Party Soviet Bureau Buro Congress Committee Council Assembly Duma Parliament Senate Society Admiralty Commission Politburo Presidium'.split(' '));

/** `X of Y` is one name after these (`Field of Mars`, `Congress of Soviets`), and after place and organization words. */
const OF_HEADS = new Set('Field Count Countess Duke Duchess Prince Princess Bay Gulf Cape Isle Lake Mount Sea Battle Treaty Order Republic Kingdom Church'.split(' '));

/** Connecting words inside names: `Ludwig van Beethoven`, `Charles de Gaulle`. */
const PARTICLES = new Set('van von de der den du da di la le del della dos das bin ibn al'.split(' '));

/** Last words of events, not entities. */
const EVENT_WORDS = new Set('Revolution Revolutions War Wars Days Affair Uprising Rising Crisis Treaty Battle Campaign Offensive Coup Putsch Conference Strike Massacre Rebellion Election Elections'.split(' '));
/** Last words of works of art. */
const WORK_WORDS = new Set('Sonata Symphony Concerto Overture Requiem Opera Oratorio Suite Quartet Ballad'.split(' '));

const CALENDAR = new Set(
  'January February March April May June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Spring Summer Autumn Winter Christmas Easter'.split(
    ' ',
  ),
);

const SAYING = new Set(
  (
    'said says say saying wrote writes write recalled recalls remembered remembers asked asks replied replies told tells ' +
    'declared declares exclaimed exclaims explained explains noticed notices observed observes reported reports recounted ' +
    'recounts admitted admits added adds answered answers shouted whispered muttered cried laughed sighed snapped barked ' +
    'thought thinks believed insisted insists warned warns complained confessed mused sneered grumbled retorted yelled ' +
    'boomed roared noted notes claimed claims'
  ).split(' '),
);

/** Before a name, signs of a place. */
const PLACE_PREPOSITIONS = new Map([
  ['in', 2],
  ['at', 1.5],
  ['from', 1],
  ['into', 1.5],
  ['near', 1.5],
  ['towards', 1.5],
  ['toward', 1.5],
  ['outside', 1.5],
  ['inside', 1],
  ['across', 1.5],
  ['through', 1],
  ['around', 0.5],
  ['to', 0.5],
  ['via', 2],
  ['on', 0.5],
  ['beyond', 1.5],
]);

/** A noun just before a name that says what it names: `newspaper Soldat`, `the river Neva`, `his sister Maria`. */
const APPOSITIONS: ReadonlyMap<string, EntityKind> = new Map([
  ...'newspaper newspapers journal magazine paper daily weekly gazette review firm company party publisher bank union agency regiment ministry committee club society'
    .split(' ')
    .map((word) => [word, 'organization'] as const),
  ...'city town village river street island country capital province district port region suburb quarter palace station prison lake mountain county state'
    .split(' ')
    .map((word) => [word, 'place'] as const),
  ...(
    'sister brother wife husband son daughter mother father uncle aunt niece nephew cousin widow friend comrade colleague ' +
    'assistant secretary bodyguard mistress lover poet writer novelist journalist worker leader girl boy man woman dancer ' +
    'ballerina actress actor singer painter composer diarist historian deputy minister admiral general colonel captain ' +
    'patron landlord servant maid doctor priest teacher student engraver printer sailor soldier officer mayor premier'
  )
    .split(' ')
    .map((word) => [word, 'person'] as const),
]);

/** Words of nicknames made of common words: `the Old Man`, `the Pilot`. */
const COMMON_NICKNAME_WORDS = /^(?:Old|Young|Little|Big|Great|Grand|Man|Woman|Lady|Boss|Master|Chief|Pilot|Leader|Father|Mother|Boy|Girl|Kid|Doctor|Professor|Captain)$/;

/** Russian and other surname and patronymic endings: signs of a person. */
const PERSON_ENDINGS = /(?:ovich|evich|ovna|evna|ichna|ov|ova|ev|eva|yev|yeva|in|ina|sky|skaya|ski|ska|vili|dze|enko|yan|ian|ak|uk|chuk|son|sen|escu|ez|ich|itz)$/;
const PATRONYMIC = /(?:ovich|evich|ich|ovna|evna|ichna)$/;
/** The surname endings telling enough to take a word for a name even where only a sentence begins with it. */
const SURNAME_ENDINGS = /\p{L}{2}(?:ov|ova|ev|eva|yev|yeva|sky|skaya|ski|vili|dze|enko|ovich|evich|ovna|evna|yan)$/u;
/** Words for groups of people and ideas: `Marxist`, `Georgian`, `Finnish`, `Stalinism`. */
const GROUP_ENDINGS = /(?:ian|ean|can|ese|ish|ist|ists|ism|ite|ites)$/;
const ROMAN_NUMERAL = /^(?:I{1,3}|IV|V|VI{1,3}|IX|X{1,3}|XI{1,3}|XIV|XV|XVI{1,3}|XIX|XX)$/;
const UPPER = /^\p{Lu}/u;
const LOWER = /^\p{Ll}/u;

// ---------------------------------------------------------------------------------------------
// Tokens

/** A word of a line, with what surrounds it. */
interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** The characters between the previous word (its possessive included) and this one, or the line's start. */
  before: string;
  /** Followed by `’s`, `'s`, or (after an s) a lone apostrophe. */
  possessive: boolean;
  /** The end, possessive included. */
  possessiveEnd: number;
  /** The first word of a sentence (or of a quotation, or after a colon). */
  initial: boolean;
}

const APOSTROPHES = "'\u2019";
const ABBREVIATIONS = new Set('Mr Mrs Ms Dr St Mt Gen Col Capt Lt Prof Rev Fr Sr Jr Co Inc Ltd No vs'.split(' '));

/** The words of a line, possessives folded into the word before them. */
function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let previousEnd = 0;
  while (i < line.length) {
    if (!isWordCode(line.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < line.length && isWordCode(line.charCodeAt(i))) i++;
    const text = line.slice(start, i);
    const last = tokens[tokens.length - 1];
    // `’s` after a word: the possessive of that word, not a word of its own.
    if (last && (text === 's' || text === 'S') && start - last.end === 1 && APOSTROPHES.includes(line[last.end]) && !isWordCode(line.charCodeAt(i) || 0x20)) {
      last.possessive = true;
      last.possessiveEnd = i;
      previousEnd = i;
      continue;
    }
    tokens.push({ text, start, end: i, before: line.slice(previousEnd, start), possessive: false, possessiveEnd: i, initial: false });
    previousEnd = i;
  }
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    // `Workers’ Way`: an s-word followed by a lone apostrophe is possessive too.
    if (!token.possessive && /s$/.test(token.text) && APOSTROPHES.includes(line[token.end] ?? '') && !isWordCode(line.charCodeAt(token.end + 1) || 0x20)) {
      token.possessive = true;
      token.possessiveEnd = token.end + 1;
      if (k + 1 < tokens.length) tokens[k + 1].before = line.slice(token.possessiveEnd, tokens[k + 1].start);
    }
    token.initial = k === 0 ? true : startsSentence(token.before, tokens[k - 1]);
  }
  return tokens;
}

/** Whether what stands between the previous word and this one ends a sentence (or opens a quotation). */
function startsSentence(before: string, previous: Token): boolean {
  if (before === ' ') return false;
  const trimmed = before.replace(/[\s\u00a0]+$/, '');
  if (/[\u201c\u2018"([]$/.test(trimmed)) return true;
  const bare = trimmed.replace(/[\u201d\u2019"')\]]+$/, '');
  if (/[!?\u2026:]$/.test(bare)) return true;
  if (!/\.$/.test(bare)) return false;
  // `V. I. Lenin`, `St. Olaf`: an initial or an abbreviation, not the end of a sentence.
  if (bare === '.' && (/^\p{Lu}$/u.test(previous.text) || ABBREVIATIONS.has(previous.text))) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// What the book says about its words

interface WordStats {
  /** Capitalised, not at the start of a sentence. */
  capitalised: number;
  /** Capitalised at the start of a sentence. */
  initial: number;
  /** In lower case. */
  lower: number;
  /** After `a`/`an`. */
  afterArticle: number;
  /** Directly before a lower-case word, not at the start of a sentence. */
  beforeLower: number;
  /** As a title before a name (`General Kornilov`). */
  asTitle: number;
}

class Lexicon {
  private readonly stats = new Map<string, WordStats>();

  of(word: string): WordStats {
    let stats = this.stats.get(word);
    if (!stats) this.stats.set(word, (stats = { capitalised: 0, initial: 0, lower: 0, afterArticle: 0, beforeLower: 0, asTitle: 0 }));
    return stats;
  }

  get(word: string): WordStats | undefined {
    return this.stats.get(word);
  }

  add(tokens: readonly Token[]): void {
    for (let k = 0; k < tokens.length; k++) {
      const token = tokens[k];
      const text = token.text;
      if (LOWER.test(text)) {
        this.of(text).lower++;
        continue;
      }
      if (!UPPER.test(text)) continue;
      const stats = this.of(text);
      if (token.initial) stats.initial++;
      else stats.capitalised++;
      const previous = tokens[k - 1];
      if (previous && /^(?:a|an|A|An)$/.test(previous.text) && /^\s+$/.test(token.before)) stats.afterArticle++;
      const next = tokens[k + 1];
      if (!token.initial && !token.possessive && next && LOWER.test(next.text) && /^ $/.test(next.before)) stats.beforeLower++;
    }
  }

  /** A lower-case word the book uses too (`revolution` for `Revolution`). */
  isCommonWord(word: string): boolean {
    const lower = word.toLowerCase();
    return lower !== word && (this.stats.get(lower)?.lower ?? 0) > 0;
  }

  /** Capitalised only ever at the start of sentences. */
  onlyInitial(word: string): boolean {
    return (this.stats.get(word)?.capitalised ?? 0) === 0;
  }

  /** A word for a group of people or an idea: `Bolshevik` (there are `Bolsheviks`), `a Georgian`, `Marxist fanaticism`. */
  isGroupWord(word: string): boolean {
    const stats = this.stats.get(word);
    if (!stats) return false;
    if (/s$/.test(word) && !/(?:ss|us|is)$/.test(word)) {
      // A plural whose singular the book also capitalises: `Bolsheviks`, the `Alliluyevs`.
      const singular = this.stats.get(word.slice(0, -1)) ?? (/es$/.test(word) ? this.stats.get(word.slice(0, -2)) : undefined);
      if (singular && singular.capitalised + singular.initial > 0) return true;
    }
    // `a Bolshevik`, and there are `Bolsheviks`: one of a group (a `Soviet` is not one of the `Soviets`).
    const plural = this.stats.get(`${word}s`);
    if (plural && plural.capitalised + plural.initial > 0 && stats.afterArticle > 0) return true;
    return GROUP_ENDINGS.test(word) && (/ism$/.test(word) || stats.beforeLower > 0 || stats.afterArticle > 0);
  }

  /** A title the book uses alone, after `the`, never before a name nor after `a`: `the Tsar`, `the Empress`. */
  isTitleAsName(word: string): boolean {
    const stats = this.stats.get(word);
    return stats !== undefined && stats.asTitle === 0 && stats.afterArticle === 0;
  }

  countTitle(word: string): void {
    this.of(word).asTitle++;
  }
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
