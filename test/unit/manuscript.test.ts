import * as assert from 'node:assert/strict';
import { parseManuscript, splitLines } from '../../src/core/manuscript/parser';
import { DECREE_CHAPTERS, SUMMARY_BOOKS } from '../support/bookTexts';
import { joinLines } from '../support/util';

const codes = (text: string) => parseManuscript(text).problems.map((p) => p.code);

describe('parseManuscript', () => {
  describe('headings', () => {
    it('finds part headings in the accepted forms', () => {
      for (const heading of ['PART ONE', 'PART FIVE', 'PART IV', 'PART 5', 'Part Five', 'PART TWENTY-ONE']) {
        const manuscript = parseManuscript(joinLines(heading, '', 'Some prose.'));
        assert.deepEqual(manuscript.parts.map((p) => p.title), [heading], heading);
      }
    });

    it('does not take a sentence beginning with "Part" for a heading', () => {
      assert.equal(parseManuscript('Part of the crew stayed ashore.').parts.length, 0);
    });

    it('finds chapter headings with number, title and range', () => {
      const manuscript = parseManuscript(
        joinLines('PART ONE', '', '1. 1851 Spring: The Survey', '', 'First.', '', '2. Summer', '', 'Second.', ''),
      );
      assert.deepEqual(
        manuscript.chapters.map((c) => [c.number, c.title, c.line, c.range.end.line]),
        [
          [1, '1851 Spring: The Survey', 2, 4],
          [2, 'Summer', 6, 8],
        ],
      );
      assert.deepEqual(manuscript.parts[0].range.end, { line: 8, character: 7 });
    });

    it('does not take a long paragraph starting with a year for a chapter heading', () => {
      const paragraph = `1851. ${'The survey went on through the spring and into the summer. '.repeat(4)}`;
      assert.equal(parseManuscript(joinLines('', paragraph, '')).chapters.length, 0);
    });

    it('requires a chapter heading to stand alone between blank lines', () => {
      assert.equal(parseManuscript(joinLines('Prose before.', '3. Three', 'Prose after.')).chapters.length, 0);
    });
  });

  describe('epigraph', () => {
    it('finds dedication, verse and attribution after the part heading', () => {
      const manuscript = parseManuscript(
        joinLines('PART ONE', '', 'To the pilots', '', 'Salt on the glass,', '', 'fog on the bar.', '', '—LISE (L. Kroon)', '', '1. Spring', '', 'Prose.'),
      );
      assert.equal(manuscript.epigraphs.length, 1);
      const [epigraph] = manuscript.epigraphs;
      assert.equal(epigraph.dedicationLine, 2);
      assert.deepEqual(epigraph.lines, [4, 6]);
      assert.equal(epigraph.attributionLine, 8);
      assert.deepEqual(manuscript.paragraphs, [12]);
    });

    it('finds the markers and interpolations of an epigraph and of a part’s summary line, but pairs no quotes across verse lines', () => {
      const text = joinLines('BOOK I', '', 'Of The Surveyor’s Youth [And Her Teachers].[1]', '', '1. Spring', '', 'Prose.[2]', '', 'PART TWO', '', '“Salt on the glass,', '', 'fog on the bar.”[3]', '', '—LISE', '', '2. Summer', '', 'Prose.[4]');
      const manuscript = parseManuscript(text);
      assert.equal(manuscript.parts[0].subtitle?.line, 2);
      assert.deepEqual(manuscript.markers.map((m) => [m.number, m.line]), [[1, 2], [2, 6], [3, 12], [4, 18]]);
      assert.deepEqual(manuscript.interpolations.map((i) => [i.text, i.line]), [['And Her Teachers', 2]]);
      assert.deepEqual(manuscript.problems.map((p) => p.code), [], 'no marker gap, no unbalanced quotation in the verse');
    });

    it('takes long prose after a part heading for paragraphs, not an epigraph', () => {
      const prose = 'The harbour froze early that year, and the survey ships stayed at their moorings. '.repeat(4);
      const manuscript = parseManuscript(joinLines('PART ONE', '', prose, '', '1. Spring'));
      assert.equal(manuscript.epigraphs.length, 0);
      assert.deepEqual(manuscript.paragraphs, [2]);
    });
  });

  describe('markers and interpolations', () => {
    it('finds endnote and footnote markers with UTF-16 positions, brackets included in the length', () => {
      const manuscript = parseManuscript('Öland’s light[12] burned.”{228}{229}');
      assert.deepEqual(
        manuscript.markers.map((m) => [m.kind, m.number, m.line, m.character, m.length]),
        [
          ['footnote', 12, 0, 13, 4],
          ['endnote', 228, 0, 26, 5],
          ['endnote', 229, 0, 31, 5],
        ],
      );
    });

    it('counts characters outside the basic plane as two UTF-16 units', () => {
      const [marker] = parseManuscript('A 𝔊 glyph[3].').markers;
      assert.equal(marker.character, 10);
    });

    it('finds interpolations, and a footnote marker inside one', () => {
      const manuscript = parseManuscript('“He [the envoy,[12] it seems] came with [changed to Riga] orders.”');
      assert.deepEqual(
        manuscript.interpolations.map((i) => [i.text, i.character, i.length]),
        [
          ['the envoy,[12] it seems', 4, 25],
          ['changed to Riga', 40, 17],
        ],
      );
      assert.deepEqual(manuscript.markers.map((m) => [m.kind, m.number, m.character]), [['footnote', 12, 15]]);
    });

    it('ignores brackets that never close, and empty ones', () => {
      const manuscript = parseManuscript('A [12 and a [ stray and [] pair {7 too.');
      assert.equal(manuscript.interpolations.length, 0);
      assert.equal(manuscript.markers.length, 0);
    });
  });

  describe('quotations', () => {
    it('finds double quotations with single ones nested, and keeps apostrophes out of them', () => {
      const manuscript = parseManuscript('Kroon’s note: “It’s ‘settled,’ he said.” Then the pilots’ boats left.');
      assert.deepEqual(
        manuscript.quotations.map((q) => [q.kind, q.start, q.end, q.closed]),
        [
          ['single', 20, 30, true],
          ['double', 14, 40, true],
        ],
      );
      assert.deepEqual(codes('Kroon’s note: “It’s ‘settled,’ he said.”'), []);
    });

    it('reports a paragraph that closes a quotation it never opened', () => {
      const manuscript = parseManuscript(joinLines('1. Spring', '', 'Salt was everywhere,” she wrote. “Even in the ink.”'));
      const quotation = manuscript.quotations[0];
      assert.deepEqual([quotation.start, quotation.end, quotation.opened], [0, 21, false]);
      assert.deepEqual(
        manuscript.problems.map((p) => [p.severity, p.code, p.range.start.line, p.range.start.character]),
        [['hint', 'unbalanced-quotes', 2, 20]],
      );
    });

    it('accepts a quotation continued over paragraphs, each opening with “', () => {
      const text = joinLines('“The first paragraph of a letter,', '', '“and its second, which closes it.”');
      assert.deepEqual(codes(text), []);
    });

    it('reports an unclosed quotation that no paragraph continues', () => {
      const manuscript = parseManuscript(joinLines('He said, “we sail at dawn.', '', 'Nobody answered.'));
      assert.deepEqual(manuscript.problems.map((p) => [p.code, p.range.start.character]), [['unbalanced-quotes', 9]]);
      assert.equal(manuscript.quotations[0].end, 26, 'an unclosed quotation ends with its paragraph');
    });
  });

  describe('numbering', () => {
    it('reports gaps, repeats and backward steps on each kind’s own sequence', () => {
      const manuscript = parseManuscript('a{1} b[1] c{2} d[2] e{4} f[2] g{3} h[3]');
      assert.deepEqual(
        manuscript.problems.map((p) => [p.code, p.range.start.character, p.message]),
        [
          ['marker-gap', 21, 'Endnote {4} follows {2}: {3} is missing.'],
          ['marker-repeated', 26, 'Footnote [2] repeats the number of the footnote before it.'],
          ['marker-backwards', 31, 'Endnote {3} goes backwards: it follows {4}.'],
        ],
      );
    });

    it('accepts a first marker of any number, as a later part of a book starts high', () => {
      assert.deepEqual(codes('a{228} b{229} c[157]'), []);
    });

    it('reports chapters out of sequence', () => {
      assert.deepEqual(codes(joinLines('1. One', '', 'a', '', '3. Three', '', 'b')), ['chapter-numbering']);
    });
  });

  describe('conversion debris', () => {
    it('reports a trailing line in another script than the book’s', () => {
      const manuscript = parseManuscript(joinLines('The survey began in spring.', '', 'It ended in autumn.', '', 'Загрузка...'));
      assert.deepEqual(manuscript.problems.map((p) => [p.code, p.range.start.line]), [['debris-foreign-script', 4]]);
      assert.deepEqual(manuscript.paragraphs, [0, 2], 'debris is not a paragraph');
    });

    it('leaves a book written in Cyrillic alone', () => {
      assert.deepEqual(codes(joinLines('Снег падал.', '', 'Загрузка...')), []);
    });
  });

  describe('input forms', () => {
    it('reads CRLF and a BOM as VS Code does', () => {
      const manuscript = parseManuscript('\ufeffPART ONE\r\n\r\n1. Spring\r\n\r\nText[1].\r\n');
      assert.equal(manuscript.parts[0].title, 'PART ONE');
      assert.deepEqual(manuscript.markers.map((m) => [m.line, m.character]), [[4, 4]]);
      assert.equal(manuscript.lineCount, 6);
      assert.deepEqual(splitLines('a\rb\r\nc\n'), ['a', 'b', 'c', '']);
    });

    it('says so when the manuscript is empty', () => {
      assert.deepEqual(codes(''), ['empty-manuscript']);
      assert.deepEqual(codes('\n\n  \n'), ['empty-manuscript']);
    });
  });
});

describe('parseManuscript on damaged text', () => {
  it('reports a NUL and a replacement character where they are, once a line', () => {
    const manuscript = parseManuscript(joinLines('Clean line.', 'Bin\u0000ary\u0000 data.', 'Caf\ufffd au lait.'));
    assert.deepEqual(
      manuscript.problems.map((p) => [p.severity, p.code, p.range.start.line, p.range.start.character]),
      [
        ['error', 'damaged-text', 1, 3],
        ['error', 'damaged-text', 2, 3],
      ],
    );
  });
});

describe('parseManuscript: chapters decided on the whole book', () => {
  it('keeps the numbered points of a decree inside their chapter', () => {
    const manuscript = parseManuscript(DECREE_CHAPTERS);
    assert.deepEqual(manuscript.chapters.map((c) => [c.number, c.title]), [
      [4, 'The Harbour Ordinance'],
      [5, 'A Winter of Petitions'],
    ]);
    assert.deepEqual(manuscript.paragraphs, [4, 6, 8, 10, 12, 14, 18]);
    assert.equal(manuscript.chapters[0].range.end.line, 14);
    assert.deepEqual(codes(DECREE_CHAPTERS), []);
    assert.deepEqual(manuscript.markers.map((m) => [m.number, m.line]), [[41, 12]]);
  });

  it('takes points for paragraphs whatever their length, and a lone sentence that continues nothing', () => {
    const long = 'No vessel shall anchor within a cable of the new light, nor burn a lamp that a pilot might take for it. '.repeat(5);
    const text = joinLines('1. Spring', '', 'Prose.', '', `1. ${long}`, '', `2. ${long}`, '', 'More prose.', '', '7. The fine was a week’s wages.', '', 'Prose.', '', '2. Summer', '', 'End.');
    const manuscript = parseManuscript(text);
    assert.deepEqual(manuscript.chapters.map((c) => [c.number, c.line]), [[1, 0], [2, 14]]);
    assert.deepEqual(codes(text), []);
  });

  it('finds long title-case headings ending with a period, numbered again in each book, with their markers', () => {
    const manuscript = parseManuscript(SUMMARY_BOOKS);
    assert.deepEqual(manuscript.parts.map((p) => [p.title, p.subtitle?.text]), [
      ['BOOK I', 'Of The Surveyor’s Youth And Her First Voyage'],
      ['BOOK II', 'Of The Chart And Its Enemies'],
    ]);
    assert.deepEqual(manuscript.chapters.map((c) => [c.number, c.line]), [[1, 4], [2, 8], [1, 16]]);
    assert.match(manuscript.chapters[0].title, /Could Be Drawn\.$/, 'the marker is not part of the title');
    assert.deepEqual(manuscript.markers.map((m) => [m.kind, m.number, m.line]), [['footnote', 12, 4], ['footnote', 13, 18]]);
    assert.deepEqual(manuscript.interpolations.map((i) => [i.text, i.line]), [['Lady Of The Isles', 8]]);
    assert.deepEqual(codes(SUMMARY_BOOKS), [], 'no marker gap, no chapter-numbering warning at BOOK II');
  });

  it('finds part headings in the forms books use', () => {
    for (const heading of ['BOOK I', 'BOOK ONE', 'VOLUME II', 'Book Three', 'Volume 2']) {
      assert.deepEqual(parseManuscript(joinLines(heading, '', 'Some prose of the book, long enough to be prose and not a subtitle of the part at all, which it would be if it were followed directly by a chapter heading.')).parts.map((p) => p.title), [heading], heading);
    }
    assert.equal(parseManuscript('Book of hours, bound in calf.').parts.length, 0);
  });

  it('still reports a chapter out of sequence within a book, and one that does not restart at a new book', () => {
    assert.deepEqual(codes(joinLines('BOOK I', '', '1. One', '', 'a', '', '2. Two', '', 'b', '', 'BOOK II', '', '4. Four', '', 'c')), ['chapter-numbering']);
  });
});
