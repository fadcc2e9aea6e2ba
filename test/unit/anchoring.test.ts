import * as assert from 'node:assert/strict';
import { FUZZY_FLOOR, resolveTargets } from '../../src/core/anchoring/anchoring';
import { chapterAtLine, describeTarget, describeTargets } from '../../src/core/anchoring/targets';
import { similarity } from '../../src/core/anchoring/similarity';
import type { AnnotationTarget, Resolution, TextSpan } from '../../src/core/annotations/annotation';
import { parseManuscript, splitLines } from '../../src/core/manuscript/parser';
import { joinLines } from '../support/util';

/** Two chapters of invented prose: a heading, then one paragraph a line, blank lines between. */
const original = joinLines(
  '1. 1848 Spring: The Harbour',
  '',
  'The pilot boat came in at dawn with its flag at half mast, and nobody on the quay would say why.',
  '',
  'Nobody slept well in the weeks that followed. Marta counted the barrels twice before she signed for them, because the clerk from Bremen had cheated her the previous autumn. Her brother laughed at her caution until the salt ran short.',
  '',
  'By noon the wind had turned, and the gulls followed the fishing smacks back towards the breakwater.',
  '',
  '2. 1848 Summer: The Fever Wards',
  '',
  'Doctor Halloran kept a ledger of every patient, their age, their streat and the hour their fever broke.',
  '',
  'Marta brought him clean linen on Tuesdays and carried the soiled sheets away in a handcart.',
  '',
  'The council voted to close the wells on Tanner Street, though the brewers protested for a week and Marta said nothing.',
);

const BREMEN = 'the clerk from Bremen had cheated her';
/** The sentence holding `BREMEN`, with the space after it. */
const MARTAS_SENTENCE = `Marta counted the barrels twice before she signed for them, because ${BREMEN} the previous autumn. `;
/** A paragraph to insert, so that every line below it moves down by two. */
const NEW_PARAGRAPH = 'Ice still lay in the ditches behind the ropewalk when the first ships returned from the north.';

/** The span of the `occurrence`-th (0-based) `quote` in `text`. */
function spanOf(text: string, quote: string, occurrence = 0): TextSpan {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) {
    start = text.indexOf(quote, start + 1);
    assert.ok(start >= 0, `"${quote}" occurs ${occurrence + 1} times`);
  }
  return { start, end: start + quote.length };
}

function targetOf(text: string, quote: string, occurrence = 0): AnnotationTarget {
  return describeTarget(text, parseManuscript(text), spanOf(text, quote, occurrence));
}

function resolveIn(text: string, target: AnnotationTarget): Resolution {
  return resolveTargets(text, parseManuscript(text), [target])[0];
}

/** `text` with `from` (which must occur in it) replaced by `to`, once. */
function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the text holds "${from}"`);
  return text.replace(from, to);
}

/** `text` with `paragraph` inserted as its own paragraph before the line that starts with `before`. */
function insertBefore(text: string, before: string, paragraph: string, newline = '\n'): string {
  return edit(text, `${newline}${before}`, `${newline}${paragraph}${newline}${newline}${before}`);
}

const covered = (text: string, span: TextSpan | undefined) => span && text.slice(span.start, span.end);

describe('anchoring', () => {
  describe('describeTarget', () => {
    it('stores the selected text as the quote, the text right before and after it as context, its chapter and its 0-based position', () => {
      const span = spanOf(original, BREMEN);
      const target = describeTarget(original, parseManuscript(original), span);
      assert.equal(target.quote, BREMEN);
      assert.ok(original.slice(0, span.start).endsWith(target.prefix), 'the prefix ends where the quote starts');
      assert.ok(original.slice(span.end).startsWith(target.suffix), 'the suffix starts where the quote ends');
      assert.ok(target.prefix.length >= 32, `a prefix of ${target.prefix.length} characters`);
      assert.ok(target.suffix.length >= 32, `a suffix of ${target.suffix.length} characters`);
      assert.equal(target.chapter, 1);
      assert.deepEqual(target.position, { line: 4, character: splitLines(original)[4].indexOf(BREMEN) });
    });

    it('gives a passage of the second chapter that chapter, and cuts context at the ends of the text', () => {
      const manuscript = parseManuscript(original);
      const [first, last] = describeTargets(original, manuscript, [spanOf(original, '1. 1848'), spanOf(original, 'Marta said nothing.')]);
      assert.equal(first.prefix, '');
      assert.equal(first.chapter, 1);
      assert.deepEqual(first.position, { line: 0, character: 0 });
      assert.equal(last.suffix, '');
      assert.equal(last.chapter, 2);
      assert.equal(last.position.line, 14);
      assert.equal(chapterAtLine(manuscript, 9), 2);
    });

    it('gives a passage before the first chapter heading no chapter', () => {
      const text = joinLines('A foreword in which the author thanks the harbour archive.', '', original);
      assert.equal(targetOf(text, 'the harbour archive').chapter, undefined);
      assert.equal(targetOf(text, BREMEN).chapter, 1);
    });
  });

  describe('resolveTargets', () => {
    it('anchors a passage at the same span when nothing changed', () => {
      const span = spanOf(original, BREMEN);
      const resolution = resolveIn(original, targetOf(original, BREMEN));
      assert.equal(resolution.state, 'anchored');
      assert.deepEqual(resolution.span, span);
      assert.deepEqual(resolution.candidates, []);
    });

    it('resolves many targets at once, each to its own span', () => {
      const quotes = [BREMEN, 'Doctor Halloran kept a ledger', 'Marta', 'the gulls followed the fishing smacks'];
      const spans = quotes.map((quote) => spanOf(original, quote));
      const targets = describeTargets(original, parseManuscript(original), spans);
      assert.deepEqual(
        resolveTargets(original, parseManuscript(original), targets).map((r) => [r.state, r.span]),
        spans.map((span) => ['anchored', span]),
      );
      const moved = insertBefore(original, 'The pilot boat', NEW_PARAGRAPH);
      assert.deepEqual(
        resolveTargets(moved, parseManuscript(moved), targets).map((r) => [r.state, covered(moved, r.span), r.span]),
        quotes.map((quote) => ['moved', quote, spanOf(moved, quote)]),
      );
    });

    it('follows a passage moved down by a paragraph inserted above it', () => {
      const target = targetOf(original, BREMEN);
      const text = insertBefore(original, 'The pilot boat', NEW_PARAGRAPH);
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'moved');
      assert.equal(covered(text, resolution.span), BREMEN);
      assert.deepEqual(resolution.span, spanOf(text, BREMEN));
    });

    it('follows a paragraph moved into another chapter', () => {
      const paragraph = splitLines(original)[4];
      const target = targetOf(original, BREMEN);
      const text = insertBefore(edit(original, `${paragraph}\n\n`, ''), 'Marta brought him', paragraph);
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'moved');
      assert.deepEqual(resolution.span, spanOf(text, BREMEN));
      assert.equal(covered(text, resolution.span), BREMEN);
      const line = splitLines(text.slice(0, resolution.span!.start)).length - 1;
      assert.equal(chapterAtLine(parseManuscript(text), line), 2);
    });

    it('finds a passage whose one-letter typo was fixed as fuzzy, covering the corrected text', () => {
      const quote = 'their age, their streat and the hour';
      const target = targetOf(original, quote);
      const text = edit(original, 'their streat', 'their street');
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'fuzzy');
      assert.ok(resolution.score !== undefined && resolution.score >= FUZZY_FLOOR && resolution.score < 1, `score ${resolution.score}`);
      assert.equal(covered(text, resolution.span), 'their age, their street and the hour');
    });

    it('takes in a letter added near the end of the quote, as the surroundings show', () => {
      const quote = 'every patient, their age, their streat';
      const target = targetOf(original, quote);
      const text = edit(original, 'their streat', 'their streaat');
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'fuzzy');
      assert.equal(covered(text, resolution.span), 'every patient, their age, their streaat');
    });

    it('orphans a passage rewritten beyond the floor, though its context is intact', () => {
      const target = targetOf(original, BREMEN);
      const text = edit(original, BREMEN, 'a merchant out of Lübeck once shorted them');
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'orphaned');
      assert.equal(resolution.span, undefined);
    });

    it('orphans a passage whose sentence was deleted', () => {
      const target = targetOf(original, BREMEN);
      const resolution = resolveIn(edit(original, MARTAS_SENTENCE, ''), target);
      assert.equal(resolution.state, 'orphaned');
      assert.equal(resolution.span, undefined);
      assert.deepEqual(resolution.candidates, []);
    });

    it('prefers the edited original to an exact lookalike with other surroundings', () => {
      const lookalike = `At the inquest the widow Brandt swore that ${BREMEN} too, and the magistrate fined him a guinea.`;
      const before = insertBefore(original, 'The council voted', lookalike);
      const target = targetOf(before, BREMEN, 0);
      const text = edit(before, 'had cheated her the previous', 'had cheeted her the previous');
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'fuzzy');
      assert.deepEqual(resolution.span, spanOf(text, 'the clerk from Bremen had cheeted her'));
    });

    it('keeps a short quote (a name on many lines) in its intact context when its line moved', () => {
      const name = spanOf(original, 'Marta counted');
      const target = describeTarget(original, parseManuscript(original), { start: name.start, end: name.start + 'Marta'.length });
      assert.equal(target.quote, 'Marta');
      const text = insertBefore(original, 'The pilot boat', NEW_PARAGRAPH);
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'moved');
      assert.equal(resolution.span?.start, spanOf(text, 'Marta counted').start);
      assert.equal(covered(text, resolution.span), 'Marta');
    });

    it('does not attach a short quote to another occurrence of the name once its sentence is deleted', () => {
      const name = spanOf(original, 'Marta counted');
      const target = describeTarget(original, parseManuscript(original), { start: name.start, end: name.start + 'Marta'.length });
      const text = edit(original, MARTAS_SENTENCE, '');
      assert.ok(text.includes('Marta'), 'the name is still in the text');
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'orphaned');
      assert.equal(resolution.span, undefined);
    });

    it('reports a quote in two places with the same context as ambiguous, listing both, best first', () => {
      // The quote's sentence sits between two others of the refrain, so that all of its stored
      // context (which may reach a little past the sentence) is the same at both places.
      const refrain =
        'Salt on the ropes and salt on the nets, salt in the bread we break at night. ' +
        'The tide comes in and the tide goes out, and the harbour keeps its counsel. ' +
        'So it was for our fathers, and for their fathers before them, world without end.';
      const quote = 'The tide comes in and the tide goes out';
      const sung = [refrain, 'The choir fell silent, and then sang it once more.', refrain].reduce(
        (text, paragraph) => insertBefore(text, 'By noon the wind', paragraph),
        original,
      );
      const target = targetOf(sung, quote, 0);
      const text = insertBefore(sung, 'The pilot boat', NEW_PARAGRAPH);
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'ambiguous');
      assert.equal(resolution.span, undefined);
      assert.deepEqual(resolution.candidates, [spanOf(text, quote, 0), spanOf(text, quote, 1)]);
    });

    it('orphans an empty quote', () => {
      const { start } = spanOf(original, BREMEN);
      const target = describeTarget(original, parseManuscript(original), { start, end: start });
      assert.equal(target.quote, '');
      const resolution = resolveIn(original, target);
      assert.equal(resolution.state, 'orphaned');
      assert.equal(resolution.span, undefined);
    });

    it('counts positions and spans in CRLF text as VS Code does, "\\r\\n" ending a line', () => {
      const crlf = original.replace(/\n/g, '\r\n');
      const quote = 'Doctor Halloran kept a ledger';
      const target = targetOf(crlf, quote);
      assert.deepEqual(target.position, { line: 10, character: 0 });
      assert.equal(target.chapter, 2);
      assert.ok(target.prefix.endsWith('\r\n\r\n'));
      const bremen = targetOf(crlf, BREMEN);
      assert.deepEqual(bremen.position, { line: 4, character: splitLines(crlf)[4].indexOf(BREMEN) });

      assert.deepEqual(resolveIn(crlf, target), { state: 'anchored', span: spanOf(crlf, quote), score: undefined, candidates: [] });
      const text = insertBefore(crlf, 'The pilot boat', NEW_PARAGRAPH, '\r\n');
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'moved');
      assert.deepEqual(resolution.span, spanOf(text, quote));
      assert.equal(covered(text, resolution.span), quote);
    });
  });

  describe('the sentence around a passage, and what surrounds it', () => {
    const LATER = 'The salt ran short in March, and nobody blamed the clerk.';

    it('stores context reaching a little past the quote’s sentence on both sides, but only 32 characters for a quote spanning sentences', () => {
      const target = targetOf(original, BREMEN);
      assert.ok(target.prefix.endsWith('Marta counted the barrels twice before she signed for them, because '), target.prefix);
      assert.ok(target.prefix.includes('that followed. '), `past the sentence’s start: ${target.prefix}`);
      assert.ok(target.suffix.startsWith(' the previous autumn. Her brother'), `past the sentence’s end: ${target.suffix}`);
      const spanning = targetOf(original, 'followed. Marta counted');
      assert.equal(spanning.prefix.length, 32);
      assert.equal(spanning.suffix.length, 32);
    });

    it('offers, never takes, a copy of the quote’s sentence far off once the original is deleted', () => {
      const target = targetOf(original, BREMEN);
      const copied = edit(edit(original, MARTAS_SENTENCE, ''), 'Marta said nothing.', `Marta said nothing. ${MARTAS_SENTENCE.trim()}`);
      const resolution = resolveIn(copied, target);
      assert.equal(resolution.state, 'orphaned');
      assert.equal(resolution.span, undefined);
      assert.deepEqual(resolution.candidates, [spanOf(copied, BREMEN)]);
    });

    it('keeps the original when its sentence is also copied elsewhere', () => {
      const target = targetOf(original, BREMEN);
      const copied = edit(original, 'Marta said nothing.', `Marta said nothing. ${MARTAS_SENTENCE.trim()}`);
      const resolution = resolveIn(copied, target);
      assert.equal(resolution.state, 'anchored');
      assert.deepEqual(resolution.span, spanOf(copied, BREMEN, 0));
    });

    it('follows a quote whose sentence lost the neighbour on one side', () => {
      const target = targetOf(original, BREMEN);
      const text = edit(original, 'Her brother laughed at her caution until the salt ran short.', LATER);
      const resolution = resolveIn(insertBefore(text, 'The pilot boat', NEW_PARAGRAPH), target);
      assert.equal(resolution.state, 'moved');
      assert.equal(covered(insertBefore(text, 'The pilot boat', NEW_PARAGRAPH), resolution.span), BREMEN);
    });

    it('follows a quote whose sentence had another put between it and its old neighbour, and lost the other one', () => {
      const target = targetOf(original, BREMEN);
      const text = edit(edit(original, MARTAS_SENTENCE, `The harbour master came by at noon. ${MARTAS_SENTENCE}`), 'Her brother laughed at her caution until the salt ran short.', LATER);
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'moved');
      assert.deepEqual(resolution.span, spanOf(text, BREMEN));
    });

    it('offers the place of a quote whose sentence lost both of its neighbours: it cannot be told from a copy', () => {
      const target = targetOf(original, BREMEN);
      const text = edit(edit(original, 'Nobody slept well in the weeks that followed.', 'The harbour master came by at noon.'), 'Her brother laughed at her caution until the salt ran short.', LATER);
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'orphaned');
      assert.deepEqual(resolution.candidates, [spanOf(text, BREMEN)]);
    });

    it('offers the place of a word in a short sentence that lost both neighbours, though little context is left beside it', () => {
      const text = joinLines('1. 1848 Spring: The Harbour', '', 'The pilot boat came in at dawn. The harbour master did not see it. Nobody on the quay would say why.');
      const target = targetOf(text, 'did');
      const revised = edit(edit(text, 'The pilot boat came in at dawn.', 'Fog lay on the water all morning.'), 'Nobody on the quay would say why.', 'The gulls were quiet.');
      const resolution = resolveIn(revised, target);
      assert.equal(resolution.state, 'orphaned');
      assert.deepEqual(resolution.candidates, [spanOf(revised, 'did')]);
    });

    it('follows a one-sentence paragraph moved between others: its line, whole, is its own evidence', () => {
      const paragraph = 'The pilot boat came in at dawn with its flag at half mast, and nobody on the quay would say why.';
      const quote = 'nobody on the quay';
      const target = targetOf(original, quote);
      const text = insertBefore(edit(original, `${paragraph}\n\n`, ''), 'Marta brought him', paragraph);
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'moved');
      assert.deepEqual(resolution.span, spanOf(text, quote));
    });

    it('does not take another sentence that begins with the same words, once the passage’s paragraph is deleted', () => {
      const text = joinLines(
        '1. 1849 Winter: The Ice',
        '',
        'The harbour froze in January and stayed frozen until the first week of March.',
        '',
        'Marta and Jens were sent to the customs house to ask whether the Bremen ship had been sighted.',
        '',
        'Marta and Jens were sure by then that the ship was lost with all hands.',
      );
      const target = targetOf(text, 'Marta and Jens');
      const revised = edit(text, 'Marta and Jens were sent to the customs house to ask whether the Bremen ship had been sighted.\n\n', '');
      const resolution = resolveIn(revised, target);
      assert.equal(resolution.state, 'orphaned');
      assert.deepEqual(resolution.candidates, [], 'another sentence is not offered as a copy of this one');
    });

    it('does not take a quote spanning two sentences where only the first of them is repeated', () => {
      const repeated = '“We must begin again, from the harbour mouth outward,” she wrote.';
      const text = joinLines(
        '1. 1849 Winter: The Ice',
        '',
        `${repeated} Then she burned the first chart and the letters that came with it.`,
        '',
        'The harbour froze in January and stayed frozen until the first week of March.',
        '',
        `${repeated} The pilots laughed, but they bought the second chart all the same.`,
      );
      const quote = 'she wrote. The';
      const target = targetOf(text, quote);
      const revised = edit(text, `${repeated} Then she burned the first chart and the letters that came with it.\n\n`, '');
      assert.equal(resolveIn(revised, target).state, 'orphaned');
      assert.equal(resolveIn(text, target).state, 'anchored');
    });

    it('follows a word whose sentence was rewritten before it, where the rest of its sentence and the next one still follow it', () => {
      const target = targetOf(original, 'clerk');
      const text = edit(original, 'Marta counted the barrels twice before she signed for them, because the', 'Marta would not sign for anything that winter, for the');
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'moved');
      assert.deepEqual(resolution.span, spanOf(text, 'clerk'));
    });

    it('follows a quote with a typo fixed whose sentence lost its neighbour on one side', () => {
      const quote = 'Her brother laughed';
      const target = targetOf(original, quote);
      const text = edit(edit(original, MARTAS_SENTENCE, 'The harbour master came by at noon. '), quote, 'Her brothr laughed');
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'fuzzy');
      assert.equal(covered(text, resolution.span), 'Her brothr laughed');
    });

    it('follows a quote spanning two sentences whose last sentence was rewritten after it, where the text before it is intact', () => {
      const paragraph = joinLines('1. 1849 Winter: The Ice', '', 'The harbour froze in January. Jens said nothing. Marta counted the barrels twice before she signed.');
      const quote = 'Jens said nothing. Marta';
      const target = targetOf(paragraph, quote);
      const text = edit(paragraph, 'Marta counted the barrels twice before she signed.', 'Marta would sign nothing that winter.');
      const resolution = resolveIn(text, target);
      assert.equal(resolution.state, 'anchored');
      assert.deepEqual(resolution.span, spanOf(text, quote));
    });

    it('does not take a copy of the first of two sentences a long quote spans, with other words after it, once the original is edited away', () => {
      const text = joinLines(
        '1. 1849 Winter: The Ice',
        '',
        'The ice held through March. Jens counted the barrels twice before he signed for them. Ledger pamphlets lay everywhere in the loft.',
        '',
        'The ships came back in April, one by one, and the salt with them. Nobody on the quay would say who had paid for it.',
      );
      const quote = 'Jens counted the barrels twice before he signed for them. Ledger';
      const target = targetOf(text, quote);
      const revised = edit(
        edit(text, 'Jens counted the barrels twice before he signed for them. ', ''),
        'Nobody on the quay',
        'Jens counted the barrels twice before he signed for them. “Garrison men came. Nobody on the quay',
      );
      assert.equal(resolveIn(revised, target).span, undefined);
    });

    it('does not take the first words of the next sentence, moved up into the place of the deleted one, as an edited quote', () => {
      const text = joinLines('1. 1849 Winter: The Ice', '', 'The ice held. Stalin and Sergo were sure he would be taken. Stalin and the others urged him to hide.');
      const target = targetOf(text, 'Stalin and Sergo');
      const revised = edit(text, 'Stalin and Sergo were sure he would be taken. ', '');
      assert.equal(resolveIn(revised, target).span, undefined);
    });

    it('does not take words a rewrite of the sentence left in the quote’s place, though the sentence ends as it did', () => {
      const text = joinLines('1. 1849 Winter: The Ice', '', 'The ice held. Jens feared the ledger and the quarry when bell winter by declared the end of it. The ships stayed in.');
      const target = targetOf(text, 'bell winter by');
      const revised = edit(text, 'Jens feared the ledger and the quarry when bell winter by', 'Anna found the cellar and the mill never bell winter as');
      assert.equal(resolveIn(revised, target).span, undefined);
    });

    describe('the passages annotated around it', () => {
      const paragraph = 'The harbour froze in January and stayed frozen until March. Nobody slept well that winter. Marta counted the barrels twice before she signed for them. Her brother laughed at her caution.';
      const text = joinLines('1. 1849 Winter: The Ice', '', paragraph, '', 'The ships came back in April, one by one, and the salt with them.');
      const quote = 'Marta counted the barrels twice before she signed for them.';
      const targets = [targetOf(text, 'stayed frozen'), targetOf(text, quote)];

      it('takes the offered place of a sentence that lost both neighbours, where a passage annotated before it in its paragraph was found', () => {
        const revised = edit(edit(text, 'Nobody slept well that winter.', 'The pilots stayed ashore.'), 'Her brother laughed at her caution.', 'Fog lay on the water.');
        const [neighbour, moved] = resolveTargets(revised, parseManuscript(revised), targets);
        assert.equal(neighbour.state, 'anchored');
        assert.equal(moved.state, 'moved');
        assert.deepEqual(moved.span, spanOf(revised, quote));
        assert.equal(resolveIn(revised, targets[1]).state, 'orphaned', 'alone, the place is only offered');
      });

      it('still only offers a copy of the sentence in another paragraph once the original is deleted', () => {
        const revised = edit(edit(text, `${quote} `, ''), 'The ships came back in April,', `${quote} The ships came back in April,`);
        const [neighbour, copied] = resolveTargets(revised, parseManuscript(revised), targets);
        assert.equal(neighbour.state, 'anchored');
        assert.equal(copied.state, 'orphaned');
        assert.deepEqual(copied.candidates, [spanOf(revised, quote)]);
      });
    });

    it('still resolves targets stored with 32 characters of context, as earlier versions wrote them', () => {
      const full = targetOf(original, BREMEN);
      const short = { ...full, prefix: full.prefix.slice(-32), suffix: full.suffix.slice(0, 32) };
      const text = insertBefore(original, 'The pilot boat', NEW_PARAGRAPH);
      const resolution = resolveIn(text, short);
      assert.equal(resolution.state, 'moved');
      assert.deepEqual(resolution.span, spanOf(text, BREMEN));
    });
  });

  describe('similarity', () => {
    it('is 1 for identical strings, low for unrelated ones, and 0.9 for one edit in ten characters', () => {
      assert.equal(similarity('harbour', 'harbour'), 1);
      assert.ok(similarity('harbour', 'zyqxwvk') < 0.2);
      assert.equal(similarity('breakwater', 'breakwatar'), 0.9);
      assert.equal(similarity('breakwater', 'breakwate'), 0.9);
    });
  });
});
