import * as assert from 'node:assert/strict';
import { parse, Scalar, stringify, YAMLSeq } from 'yaml';
import { indented } from '../../src/core/yaml/splice';
import { flowItem, flowList, inlineScalar, keyedScalar, listItem, type PlainMap, type ScalarStyle } from '../../src/core/yaml/write';
import { mulberry32 } from '../support/generate';

/**
 * src/core/yaml/write.ts writes scalars with quoting code of its own, so that the browser bundle
 * need not carry `yaml`'s stringify layer (issue 13). Its output must stay byte for byte what
 * `yaml`'s `stringify` gave (the oracle below is write.ts as it was), and every output must read back
 * as the value written.
 */
const oracle = {
  inlineScalar: (value: string) => stringify(oneLine(value), { lineWidth: 0, doubleQuotedMinMultiLineLength: Infinity }).replace(/\n$/, ''),
  flowList(values: readonly string[]): string {
    const seq = new YAMLSeq();
    seq.flow = true;
    seq.items = values.map(oneLine);
    return stringify(seq, { lineWidth: 0, flowCollectionPadding: false, doubleQuotedMinMultiLineLength: Infinity }).replace(/\n$/, '');
  },
  keyedScalar(key: string | number, value: string, style: ScalarStyle): string {
    const scalar = new Scalar(value);
    if (style === 'block' && value !== '' && (value.includes('\n') || value.length > 72)) scalar.type = Scalar.BLOCK_LITERAL;
    else if (style === 'quoted' && /[\n\r]/.test(value)) scalar.type = Scalar.QUOTE_DOUBLE;
    return stringify(new Map([[key, scalar]]), { lineWidth: 0, doubleQuotedMinMultiLineLength: Infinity });
  },
  listItem: (value: PlainMap) =>
    stringify([value], { lineWidth: 0, blockQuote: false, doubleQuotedMinMultiLineLength: Infinity, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' }),
  /** How `stringify` quotes a one-line text that needs quotes: as it quotes a top-level key. */
  quoted: (value: string) => stringify(new Map([[value, 0]])).slice(0, -': 0\n'.length),
};

function oneLine(value: string): Scalar {
  const scalar = new Scalar(value);
  if (/[\r\n]/.test(value)) scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

/** Texts that each exercise one of YAML's rules for plain and quoted scalars. */
const HOSTILE = [
  ' \n', '  \n\n', '\n \t\n', `${' '.repeat(80)}`, '\t \n',
  '', ' ', '  ', '\t', 'plain', 'two words', 'Émile Zola', '日本語', '😀 emoji',
  'true', 'True', 'TRUE', 'false', 'yes', 'no', 'on', 'off', 'null', 'Null', 'NULL', '~', 'y', 'n',
  '0', '-0', '+1', '007', '1_000', '1e3', '1E3', '-1.5e-3', '.5', '5.', '0x1F', '0X1F', '0o17', '0b101', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '1:30', '2026-12-06',
  '- a', '-a', '-', '--', '---', '--- a', '---a', '...', '... a', '....', '?', '? a', '?a', ':', ':a', ': a', 'a:', 'a: b', 'a:b', 'a :b',
  'a #b', 'a#b', '#a', ' a', 'a ', ' a ', 'a\t', '\ta', '[', ']', '[a]', '{', '}', '{a: b}', 'a, b', ',a', 'a,',
  '&a', '*a', '!a', '!!str', '|', '|-', '>', '>-', '%YAML', '%', 'a%', '@a', '`a`', "'", "'a'", "a'b", '"', '"a"', 'a"b', `a"b'c`, "it's \"so\"",
  'a\nb', 'a\n', '\na', '\n', '\n\n', 'a\n\n', 'a\n\nb', 'a \nb', 'a\n b', 'a\n\tb', 'a\t\nb', 'a\n ', 'a\n\t', ' \n', '\n \n', 'a\n\n\n', '\n\na',
  ' a\nb', '  a\nb', '\n a', ' \na', 'a\n---\nb', 'a\n...', 'a\n%b', '---\na', 'a\r', 'a\r\nb', '\r', 'a\\b', 'a\\nb', '\\', '\\"', 'C:\\path\\to',
  '\u0000', 'a\u0001b', '\u0007', '\b', '\u000b', '\f', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f', '\u00a0', 'a\u2028b', '\u2029', '\ufeff', '\ufeffa', 'a\ufeff',
  '\ud800', 'a\udc00b', '\ud83d\ude00', 'a\u2028---', 'a\n\u2028',
  'a'.repeat(71), 'a'.repeat(72), 'a'.repeat(73), `${'word '.repeat(30)}end`, `${' word'.repeat(30)}`, `${'x'.repeat(80)}\n`, `${'x'.repeat(80)} `,
];

/** Pieces the generator strings together: every character class the rules above look at. */
const PIECES = [
  'a', 'b', 'z', 'Q', '0', '1', '9', '.', 'e', 'E', 'x', 'o', '+', '-', '_', ' ', '  ', ' ', '\t', '\n', '\n', '\n\n', '\r', '\r\n',
  ':', '#', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '%', '@', '`', "'", '"', '?', '~', '\\', '/', '=',
  '---', '...', 'true', 'null', 'NULL', '0x1F', '1e3', '.inf', '0o7', 'é', '日本', '😀', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', '\ud800', '\udfff', '\u007f', '\u009f',
  ...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)),
];

function generated(count: number, seed: number): string[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  return Array.from({ length: count }, () => {
    // Mostly short texts, some long enough to be block scalars.
    const length = random() < 0.15 ? 20 + Math.floor(random() * 40) : 1 + Math.floor(random() * 8);
    return Array.from({ length }, () => pick(PIECES)).join('');
  });
}

const CORPUS = [...HOSTILE, ...generated(4000, 20_261_206)];
const label = (value: unknown) => JSON.stringify(value);

/**
 * Where write.ts departs from `stringify`, on purpose: a one-line text with a line starting `---` or
 * `...` (after U+2028 too, a line break to JavaScript), which `stringify` writes at the top level as a
 * block scalar over two lines (`|-` then the text). `inlineScalar` must stay on one line (its callers
 * put it after `key: ` at any depth, where a block scalar indented two spaces would not read back),
 * so it quotes the text, as `stringify` quotes it as a key.
 */
function startsBlockAtTopLevel(value: string): boolean {
  return oracle.inlineScalar(value).startsWith('|');
}

/**
 * The other departure: a text of blanks and line breaks alone whose first blank is a space, which
 * `stringify` writes as a literal block that reads back without those spaces (they are taken for
 * the block's indentation; `stringify` means to quote texts of whitespace, its test misses these).
 * write.ts quotes them as the `quoted` style does.
 */
function blankBlockReadsWrong(value: string, written: string): boolean {
  const wrong = parse(`outer:\n${indented(written, '  ', '\n')}`).outer.text !== value;
  if (wrong) assert.match(value, /^\n* [ \t\n]*$/, `stringify's block for ${label(value)} reads back wrong, and it is not the case named`);
  return wrong;
}

/** A BOM at the very start of a stream is not content (YAML 1.2, 5.2), so a text starting with one reads back without it there; write.ts never writes a scalar at the start of a file. */
const startsWithBom = (value: string) => value.startsWith('\ufeff');

describe('yaml/write: our own quoting, as yaml stringify quotes', () => {
  it('inlineScalar writes what stringify writes, on one line, and it reads back', function () {
    this.timeout(60_000);
    let departures = 0;
    for (const value of CORPUS) {
      const written = inlineScalar(value);
      if (startsBlockAtTopLevel(value)) {
        departures++;
        assert.equal(written, oracle.quoted(value), `inlineScalar(${label(value)}): quoted as a key`);
      } else assert.equal(written, oracle.inlineScalar(value), `inlineScalar(${label(value)})`);
      assert.ok(!written.includes('\n'), `inlineScalar(${label(value)}) is one line: ${written}`);
      assert.deepEqual(parse(`key: ${written}\n`), { key: value }, `key: ${written}`);
      assert.deepEqual(parse(`outer:\n  - ${written}\n`), { outer: [value] }, `- ${written}`);
      if (!startsWithBom(value)) assert.equal(parse(written), value, `${written} alone`);
    }
    assert.ok(departures >= 5, `the departure is exercised (${departures} texts)`);
  });

  it('flowList and flowItem write what stringify writes, and they read back', function () {
    this.timeout(60_000);
    const random = mulberry32(7);
    for (let start = 0; start < CORPUS.length; start += 1 + Math.floor(random() * 4)) {
      const values = CORPUS.slice(start, start + Math.floor(random() * 4));
      const written = flowList(values);
      assert.equal(written, oracle.flowList(values), `flowList(${label(values)})`);
      assert.deepEqual(parse(`key: ${written}\n`), { key: values }, `key: ${written}`);
    }
    for (const value of CORPUS) {
      assert.equal(flowItem(value), oracle.flowList([value]).slice(1, -1), `flowItem(${label(value)})`);
      assert.deepEqual(parse(`[a, ${flowItem(value)}]`), ['a', value], `flowItem(${label(value)})`);
    }
  });

  it('keyedScalar writes what stringify writes in every style, at any indent, and it reads back', function () {
    this.timeout(60_000);
    const styles: ScalarStyle[] = ['block', 'quoted', 'plain'];
    let departures = 0;
    for (const value of CORPUS) {
      for (const style of styles) {
        let expected = oracle.keyedScalar('text', value, style);
        if (blankBlockReadsWrong(value, expected)) {
          departures++;
          expected = oracle.keyedScalar('text', value, 'quoted');
        }
        assert.equal(keyedScalar('text', value, '', '\n', style), expected, `keyedScalar(text, ${label(value)}, ${style})`);
        const nested = keyedScalar('text', value, '    ', '\r\n', style);
        assert.equal(nested, indented(expected, '    ', '\r\n'), `indented, CRLF: ${label(value)}, ${style}`);
        assert.deepEqual(parse(`outer:\n  inner:\n${keyedScalar('text', value, '    ', '\n', style)}`), { outer: { inner: { text: value } } }, `${style}: ${label(value)}`);
      }
    }
    assert.ok(departures >= 3, `the departure is exercised (${departures} texts)`);
  });

  it('keyedScalar writes keys as stringify does: numbers plain, texts quoted when they must be', () => {
    for (const key of [228, 0, ...HOSTILE.filter((text) => !/[\n\r]/.test(text))]) {
      const written = keyedScalar(key, 'v', '', '\n', 'plain');
      assert.equal(written, oracle.keyedScalar(key, 'v', 'plain'), `key ${label(key)}`);
      assert.deepEqual(parse(`first: 0\n${written}`, { mapAsMap: true }), new Map<unknown, unknown>([['first', 0], [key, 'v']]), `key ${label(key)}`);
    }
  });

  it('listItem writes nested maps, lists, numbers and booleans as stringify does, and they read back', function () {
    this.timeout(60_000);
    const random = mulberry32(11);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const numbers = [0, 7, 228, -3, 1.5, -0, 1e21, Number.MAX_SAFE_INTEGER];
    const items: PlainMap[] = [
      { entity: 'ada', target: { quote: 'a\nb', line: 3, character: 0 } },
      { a: [], b: {}, c: [1, true, false, 'x', [], {}, ['y', ['z']], { d: 'e', f: [{ g: 'h' }] }], nested: { deeper: { deepest: 'say "hi"\n\nbye' } } },
      { special: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] },
    ];
    for (const value of CORPUS) {
      items.push({ entity: value, target: { quote: pick(CORPUS), prefix: pick(CORPUS), line: pick(numbers), character: pick(numbers) } });
      items.push({ [pick(HOSTILE.filter((text) => text.length < 20))]: [value, { [value]: value }] });
    }
    for (const item of items) {
      assert.equal(listItem(item, '\n'), oracle.listItem(item), `listItem(${label(item)})`);
      assert.equal(listItem(item, '\r\n'), oracle.listItem(item).replace(/\n/g, '\r\n'), `listItem(${label(item)}), CRLF`);
      assert.deepEqual(parse(`list:\n${indented(listItem(item, '\n'), '  ', '\n')}`), { list: [item] }, `listItem(${label(item)}) reads back`);
    }
  });
});
