/**
 * A text of our own to trap the textual diagnostics: archaic words, an author's coined compounds
 * (harbourside, chartroom), foreign names and words, Roman numerals, dates, doubles English writes on
 * purpose, scene breaks, verse; and, planted among them, the conversion errors each check must find.
 * Nothing here is copied from a real book.
 */
import { joinLines } from './util';

/** The problems planted in TRAP_TEXT: code and the text the problem's range covers (its line, 0-based). */
export const PLANTED: readonly (readonly [code: string, covered: string, line: number])[] = [
  ['run-together-words', 'ofthe', 4],
  ['run-together-words', 'inthe', 8],
  ['run-together-words', 'tothe', 12],
  ['doubled-word', 'the the', 14],
  ['soft-hyphen', '\u00ad', 16],
  ['split-paragraph', 'd', 18],
  ['stray-page-number', '214', 20],
  ['run-together-words', 'andthe', 26],
  ['doubled-word', 'of of', 30],
  ['running-head', 'SOUNDINGS 37', 36],
  ['running-head', '38 SOUNDINGS', 42],
  ['running-head', 'SOUNDINGS 39', 46],
  ['run-together-words', 'withher', 48],
  ['split-paragraph', 'e', 48],
  ['run-together-words', 'deforce', 52],
];

/** The conversion errors known in sample/part-one.txt (all of its textual problems). */
export const SAMPLE_KNOWN: readonly (readonly [code: string, covered: string, line: number])[] = [
  ['run-together-words', 'ofthe', 24],
  ['run-together-words', 'inher', 71],
];

/** The conversion errors known in ../shared/manuscripts/part-five.txt: those the issue names, all found. */
export const REAL_KNOWN: readonly (readonly [code: string, covered: string, line: number])[] = [
  ['run-together-words', 'ofdark', 99],
  ['run-together-words', 'ofa', 99],
  ['run-together-words', 'deforce', 136],
  ['run-together-words', 'beliefin', 171],
];

export const TRAP_TEXT = joinLines(
  'BOOK III',
  '',
  '1. The Harbourside In Winter',
  '',
  'Whereof the pilots spake little, the chartroom above the harbourside held the rest: a ledger ofthe soundings of MDCCCLI, a theodolite from Hamburg, and a bundle of letters that Señora Ibáñez had sent from Cádiz on 14 March 1852.',
  '',
  'Anon the wind backed into the north, and ere nightfall the fishermen of Skerholm drew their boats up the strand. Methinks, wrote Lise, the sea hath its own almanac, and it is not ours; the quayside was empty by four of the clock.',
  '',
  'The Fräulein von Ahlefeldt, who kept the lighthouse accounts inthe old way, counted in rigsdaler and skilling, and would not hear of the new crowns. Her nephew, a midshipman of the Dannebrog, called her accounts a wunderkammer of error.',
  '',
  'Chapter XIV of the harbour ordinance, as amended in 1849 and again in 1851, laid down that every pilot-boat should carry a lantern, a lead-line of twenty fathoms, and a copy of the tide-tables; Article IV added the chart.',
  '',
  'She had had enough of committees. That that was so, nobody who read her letters could doubt; she wrote tothe Countess twice a week, and in every letter the word “Committee” is underlined, very very heavily, in brown ink.',
  '',
  'The boat went out at dawn past the the breakwater, and the boys rowed while she called the marks: “Five fathoms, sand; four and a half, shell; six, mud and weed.” It was, as the Baron said, a sailmaker’s life and a schoolmaster’s pay.',
  '',
  'Her field books record a sound\u00adings total of nine thousand and forty, each entered in a clear hand that the engravers later praised.',
  '',
  'Gerlach read the proof twice by candlelight and then, without a word, carried it down to the press room where the apprentices were waiting for the plates, and the foreman, who had',
  '',
  '214',
  '',
  'worked for his father, began to ink them before anyone could change his mind. The first pull came off the press at midnight.',
  '',
  '* * *',
  '',
  'In the spring the Society met again andthe Baron read a paper on the Saltgrund bar. Nobody mentioned the chart. Jónsdóttir, the Icelandic member, asked whether the paper’s soundings were his own; he did not answer.',
  '',
  '1851',
  '',
  'The year of the survey began as every year began in Vennholm, with ice in the harbour mouth and the herring boats frozen in. By the end of it the harbour had a chart, and the chart had an enemy. Lise wrote that she was tired of of being thanked in private.',
  '',
  'Down to the breakwater,',
  '',
  'Out to the light,',
  '',
  'SOUNDINGS 37',
  '',
  'Count the fathoms, and come home by night.',
  '',
  'The verse was her niece’s, and it was sung on the quays for a generation. The pilots’ widows knew it by heart.',
  '',
  '38 SOUNDINGS',
  '',
  'Hoc erat in votis, wrote the Baron in the margin of his copy: the chart was what he had wished for, and what he could not forgive. Ad astra per aspera, the Countess replied.',
  '',
  'SOUNDINGS 39',
  '',
  'Kroon went down to the quay withher brother and watched the last boat come in, as she did every evening of that long winter, and in the morning she',
  '',
  'returned to the chartroom and to the ledger. The shipwrights on the slipway, the ropewalk boys, the chandlers and the sailmakers all knew her by sight.',
  '',
  'The reviewers called the chart a tour deforce; the Baron called it the coup de grâce of his atlas, and the Society, esprit de corps forgotten, gave the Countess carte blanche. The Baron, said her lawyer, meant to deforce her of the tower, and the ledger was kept de facto in the tower.',
  '',
);
