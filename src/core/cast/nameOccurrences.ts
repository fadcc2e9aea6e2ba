import { CALENDAR, FUNCTION_WORDS, OF_HEADS, ORGANIZATION_WORDS, PARTICLES, PLACE_WORDS, SURNAME_ENDINGS, TITLES, UPPER } from './nameWords';
import { ABBREVIATIONS, type Lexicon, type Token } from './nameTokens';

/**
 * The names of a line, as Suggest Cast finds them (`suggestCast.ts`): runs of capitalised words
 * joined by spaces, hyphens, initials and a few joining words, trimmed of what is not part of a
 * name (sentence-initial words, titles, calendar and group words), each with the cues around it.
 */

/** One occurrence of a name: its words, and the cues around it. */
export interface Occurrence {
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

/** Whether a token can be part of a name. */
function nameLike(token: Token): boolean {
  return UPPER.test(token.text) && !/^\p{N}/u.test(token.text);
}

/** A word that heads a place's or an organization's name (`Palace`, `Committee`). */
export const isPlaceOrOrganizationWord = (word: string): boolean => PLACE_WORDS.has(word) || ORGANIZATION_WORDS.has(word);

/** A run of capitalised words, and how it was joined. */
interface Run {
  readonly tokens: Token[];
  /** Joined across a possessive (`Women’s Shock Battalion`): an institution's name, whole. */
  institution: boolean;
}

/** The names of a line: runs of capitalised words, trimmed of what is not part of a name. */
export function findNames(tokens: readonly Token[], line: string, lineNumber: number, lexicon: Lexicon): Occurrence[] {
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
