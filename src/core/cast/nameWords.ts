/** The word lists and patterns Suggest Cast weighs names with: English grammar and naming conventions, not names (data tables). */
import type { EntityKind } from './cast';
// ---------------------------------------------------------------------------------------------
// Word lists: English grammar and naming conventions, not names.

/** Capitalised function words: never the start of a name. */
export const FUNCTION_WORDS = new Set(
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
export const TITLES = new Set(
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
export const PLACE_WORDS = new Set(
  (
    'Palace Station Street Prospect Avenue Road Lane Boulevard Embankment Square Bridge Island Islands Fortress Prison ' +
    'Mansion Theatre Theater Heights Quarter District Base Cathedral Church Chapel Monastery Abbey Harbour Harbor Quay ' +
    'Port River Lake Sea Gulf Bay Strait Mountains Mount Hill Hills Valley Forest Park Field Gate Tower Hall House Light ' +
    'Cape Coast Canal Castle Hotel Restaurant Café Cafe Market Province Region Observatory Lounge Exchange Office Dom ' +
    'Moderne Garden Gardens Museum Library Cemetery Steppe Desert Peninsula Plain Pass Shore Village Town City Way'
  ).split(' '),
);

/** A name's last word that makes it an organization. */
export const ORGANIZATION_WORDS = new Set(
  (
    'Committee Party Bureau Buro Council Commission Commissariat Government Assembly Congress Soviet Soviets Duma ' +
    'Organization Organisation Society Company Bank Press Guards Guard Regiment Battalion Brigade Army Navy Fleet ' +
    'Corps Command Ministry Secretariat Presidium Politburo Embassy Union League Federation Association Club ' +
    'University College Academy Institute School Centre Center Service Agency Department Works Factory Trust ' +
    'Directory Cabinet Group Faction Movement Front Brotherhood Order Senate Parliament Tribunal Court Police'
  ).split(' '),
);

/** Single capitalised words that name one body even where the book also writes them in lower case. */
export const INSTITUTIONS = new Set('Party Soviet Bureau Buro Congress Committee Council Assembly Duma Parliament Senate Society Admiralty Commission Politburo Presidium'.split(' '));

/** `X of Y` is one name after these (`Field of Mars`, `Congress of Soviets`), and after place and organization words. */
export const OF_HEADS = new Set('Field Count Countess Duke Duchess Prince Princess Bay Gulf Cape Isle Lake Mount Sea Battle Treaty Order Republic Kingdom Church'.split(' '));

/** Connecting words inside names: `Ludwig van Beethoven`, `Charles de Gaulle`. */
export const PARTICLES = new Set('van von de der den du da di la le del della dos das bin ibn al'.split(' '));

/** Last words of events, not entities. */
export const EVENT_WORDS = new Set('Revolution Revolutions War Wars Days Affair Uprising Rising Crisis Treaty Battle Campaign Offensive Coup Putsch Conference Strike Massacre Rebellion Election Elections'.split(' '));
/** Last words of works of art. */
export const WORK_WORDS = new Set('Sonata Symphony Concerto Overture Requiem Opera Oratorio Suite Quartet Ballad'.split(' '));

export const CALENDAR = new Set(
  'January February March April May June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Spring Summer Autumn Winter Christmas Easter'.split(
    ' ',
  ),
);

export const SAYING = new Set(
  (
    'said says say saying wrote writes write recalled recalls remembered remembers asked asks replied replies told tells ' +
    'declared declares exclaimed exclaims explained explains noticed notices observed observes reported reports recounted ' +
    'recounts admitted admits added adds answered answers shouted whispered muttered cried laughed sighed snapped barked ' +
    'thought thinks believed insisted insists warned warns complained confessed mused sneered grumbled retorted yelled ' +
    'boomed roared noted notes claimed claims'
  ).split(' '),
);

/** Before a name, signs of a place. */
export const PLACE_PREPOSITIONS = new Map([
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
export const APPOSITIONS: ReadonlyMap<string, EntityKind> = new Map([
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
export const COMMON_NICKNAME_WORDS = /^(?:Old|Young|Little|Big|Great|Grand|Man|Woman|Lady|Boss|Master|Chief|Pilot|Leader|Father|Mother|Boy|Girl|Kid|Doctor|Professor|Captain)$/;

/** Russian and other surname and patronymic endings: signs of a person. */
export const PERSON_ENDINGS = /(?:ovich|evich|ovna|evna|ichna|ov|ova|ev|eva|yev|yeva|in|ina|sky|skaya|ski|ska|vili|dze|enko|yan|ian|ak|uk|chuk|son|sen|escu|ez|ich|itz)$/;
export const PATRONYMIC = /(?:ovich|evich|ich|ovna|evna|ichna)$/;
/** The surname endings telling enough to take a word for a name even where only a sentence begins with it. */
export const SURNAME_ENDINGS = /\p{L}{2}(?:ov|ova|ev|eva|yev|yeva|sky|skaya|ski|vili|dze|enko|ovich|evich|ovna|evna|yan)$/u;
/** Words for groups of people and ideas: `Marxist`, `Georgian`, `Finnish`, `Stalinism`. */
export const GROUP_ENDINGS = /(?:ian|ean|can|ese|ish|ist|ists|ism|ite|ites)$/;
export const ROMAN_NUMERAL = /^(?:I{1,3}|IV|V|VI{1,3}|IX|X{1,3}|XI{1,3}|XIV|XV|XVI{1,3}|XIX|XX)$/;
export const UPPER = /^\p{Lu}/u;
export const LOWER = /^\p{Ll}/u;
