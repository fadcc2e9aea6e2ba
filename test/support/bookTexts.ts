/**
 * Texts of our own shaped like the books that broke the one-line-at-a-time parser: decrees quoted with
 * numbered points inside chapters, long summary headings with markers, chapters numbered again in each
 * book. Written for the tests; nothing here is copied from a real book.
 */
import { joinLines } from './util';

/** Chapter 1 quotes a decree of four numbered points between prose paragraphs; chapter 2 follows. */
export const DECREE_CHAPTERS = joinLines(
  'PART TWO',
  '',
  '4. The Harbour Ordinance',
  '',
  'In the first week of March the Committee met in the long room above the customs house and, after a morning of argument, agreed upon an ordinance that it had the town crier read at every quay.',
  '',
  '1. Every harbour master shall report the arrival of foreign vessels within the day.',
  '',
  '2. No pilot shall leave his station without the Committee’s leave.',
  '',
  '3. Soundings taken in the fairway belong to the town and shall be lodged with the clerk.',
  '',
  '4. Whoever hides a wreck from the harbour master shall pay ten thalers for each day of silence.{41}',
  '',
  'The pilots read the third point as an insult, and said so in the taverns along the mole.',
  '',
  '5. A Winter of Petitions',
  '',
  'By December the clerk had received thirty-one petitions, most of them in the same hand.',
  '',
);

/** Long title-case summaries ending with a period, a marker and an interpolation in them, numbered again in each book. */
export const SUMMARY_BOOKS = joinLines(
  'BOOK I',
  '',
  'Of The Surveyor’s Youth And Her First Voyage',
  '',
  '1. How The Surveyor Came To The Northern Isles, And What Befell Her There Among The Fishermen, Who Had Never Seen A Chart Of Their Own Waters And Would Not Believe That One Could Be Drawn.[12]',
  '',
  'She landed at the end of a wet summer with two chests of instruments and a letter nobody could read.',
  '',
  '2. Of The Quarrel With [Lady Of The Isles] Concerning The Boat.',
  '',
  'The boat was old, and the lady who owned it older still.',
  '',
  'BOOK II',
  '',
  'Of The Chart And Its Enemies',
  '',
  '1. How The Chart Was Engraved In Secret, By Night, In The Back Room Of A Printer Who Feared For His Contract.',
  '',
  'The copper came from a roofer in the lower town.[13]',
  '',
);
