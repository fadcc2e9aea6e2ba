import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { repoRoot } from '../support/util';

/** `marginalia export` and `marginalia import`, run as a user runs them, on a copy of the sample book. */
describe('marginalia export and import', function () {
  this.timeout(60_000);
  let book: string;

  beforeEach(() => {
    book = mkdtempSync(path.join(os.tmpdir(), 'marginalia-interchange-'));
    cpSync(path.join(repoRoot, 'sample'), book, { recursive: true });
  });
  afterEach(() => rmSync(book, { recursive: true, force: true }));

  const marginalia = (...args: string[]) => runCli(book, args, { ...process.env, MARGINALIA_AUTHOR: 'Ada Byron' });
  const sidecar = () => path.join(book, 'part-one.marginalia.yaml');

  function annotate(quote: string, body: string, ...more: string[]): string {
    const result = marginalia('annotate', 'part-one.txt', '--quote', quote, '--body', body, '--author', 'Ada Byron', ...more);
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.trim();
  }

  it('exports W3C Web Annotations and imports them into an empty sidecar: the same annotations, and again adds nothing', () => {
    const first = annotate('Gerlach House', 'The *printing house*. [x](command:marginalia.editNote) <img src=x>', '--tag', 'source-check');
    const second = annotate('Saltgrund Harbour', 'Silted by 1851?');
    const exported = marginalia('export', 'part-one.txt', '--format', 'w3c', '--out', 'annotations.json');
    assert.equal(exported.status, 0, exported.stderr);
    const before = readFileSync(sidecar(), 'utf8');
    const collection = JSON.parse(readFileSync(path.join(book, 'annotations.json'), 'utf8'));
    assert.deepEqual(collection.first.items.map((item: { id: string }) => item.id).sort(), [`urn:marginalia:${first}`, `urn:marginalia:${second}`].sort());

    rmSync(sidecar());
    const imported = marginalia('import', 'part-one.txt', 'annotations.json');
    assert.equal(imported.status, 0, imported.stderr + imported.stdout);
    assert.match(imported.stdout, /imported 2 annotations from W3C Web Annotations \(2 anchored, 0 fuzzy, 0 ambiguous, 0 orphaned\)/);
    const after = readFileSync(sidecar(), 'utf8');
    const resolveBefore = JSON.parse(spawnResolve(before));
    const resolveAfter = JSON.parse(marginalia('resolve', 'part-one.txt', '--json').stdout);
    assert.deepEqual(resolveAfter, resolveBefore, 'the same ids, quotes and passages');
    assert.match(after, /\[x\]\(command:marginalia\.editNote\) <img src=x>/, 'hostile Markdown is stored as text, as it was');

    const again = marginalia('import', 'part-one.txt', 'annotations.json');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /2 already imported/);
    assert.equal(readFileSync(sidecar(), 'utf8'), after, 'a second import writes nothing');
  });

  /** `resolve --json` of the book with `text` as its sidecar, the sidecar put back afterwards. */
  function spawnResolve(text: string): string {
    const current = existsSync(sidecar()) ? readFileSync(sidecar(), 'utf8') : undefined;
    writeFileSync(sidecar(), text);
    const result = marginalia('resolve', 'part-one.txt', '--json');
    if (current === undefined) rmSync(sidecar());
    else writeFileSync(sidecar(), current);
    return result.stdout;
  }

  it('exports the book as TEI', () => {
    annotate('Gerlach House', 'A place & a <house>.');
    const result = marginalia('export', '.', '--format', 'tei');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<TEI xmlns="http:\/\/www.tei-c.org\/ns\/1.0">/);
    assert.match(result.stdout, /<note type="body">A place &amp; a &lt;house&gt;\.<\/note>/);
    assert.match(result.stdout, /<placeName ref="#gerlach-house">Gerlach House<\/placeName>/);
  });

  it('writes TEI valid against tei_all.rng, when MARGINALIA_TEI_RNG names one (the TEI Consortium publishes it; it is not shipped here)', async function () {
    const schemaFile = process.env.MARGINALIA_TEI_RNG;
    if (!schemaFile) {
      this.skip();
      return;
    }
    this.timeout(300_000);
    annotate('Gerlach House', 'A place.');
    const result = marginalia('export', '.', '--format', 'tei');
    assert.equal(result.status, 0, result.stderr);
    const { validateXML } = await import('xmllint-wasm');
    const validation = await validateXML({ xml: { fileName: 'book.tei.xml', contents: result.stdout }, schema: { fileName: 'tei_all.rng', contents: readFileSync(schemaFile, 'utf8') }, extension: 'relaxng', maxMemoryPages: 65536 });
    assert.deepEqual(validation.errors.map((error) => error.message), []);
    assert.equal(validation.valid, true);
  });

  it('refuses a file that is not JSON, naming its line and column, and JSON of another shape; writes nothing', () => {
    writeFileSync(path.join(book, 'broken.json'), '{\n  "annotations": [\n    {"id": 1,,}\n  ]\n}\n');
    const broken = marginalia('import', 'part-one.txt', 'broken.json');
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /^broken\.json:3:14: error: not JSON: .* \[import-not-json\]/m);
    writeFileSync(path.join(book, 'other.json'), '{"name": "not annotations"}');
    const other = marginalia('import', 'part-one.txt', 'other.json');
    assert.equal(other.status, 2);
    assert.match(other.stderr, /other\.json:1:1: error: expected W3C Web Annotations or a Hypothesis export/);
    assert.equal(existsSync(sidecar()), false, 'no sidecar was written');
  });

  it('never writes over a sidecar that does not parse', () => {
    writeFileSync(sidecar(), 'annotations:\n  - id: [unclosed\n');
    writeFileSync(path.join(book, 'one.json'), JSON.stringify([{ id: 'x1', type: 'Annotation', body: { type: 'TextualBody', value: 'hi' }, target: { selector: { type: 'TextQuoteSelector', exact: 'Gerlach House' } } }]));
    const result = marginalia('import', 'part-one.txt', 'one.json');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /part-one\.marginalia\.yaml:\d+:\d+: error: .*\n.*not written/);
    assert.equal(readFileSync(sidecar(), 'utf8'), 'annotations:\n  - id: [unclosed\n');
  });

  it('imports 50,000 annotations of a Hypothesis export in one write, each anchored', function () {
    this.timeout(300_000);
    const text = readFileSync(path.join(book, 'part-one.txt'), 'utf8');
    const words = [...text.matchAll(/[A-Z][a-z]+ [a-z]+ [a-z]+/g)];
    const rows = Array.from({ length: 50_000 }, (_, n) => {
      const match = words[n % words.length];
      return { id: `h${n}`, user: 'acct:ada@hypothes.is', uri: 'https://example.org/p1', text: `Note ${n}`, tags: [], target: [{ source: 'https://example.org/p1', selector: [{ type: 'TextQuoteSelector', exact: match[0], prefix: text.slice(Math.max(0, match.index - 32), match.index), suffix: text.slice(match.index + match[0].length, match.index + match[0].length + 32) }] }] };
    });
    writeFileSync(path.join(book, 'many.json'), JSON.stringify({ export_date: '2026-11-01', export_userid: 'acct:ada@hypothes.is', client_version: '1', annotations: rows }));
    const result = marginalia('import', 'part-one.txt', 'many.json', '--json');
    assert.equal(result.status, 0, result.stderr);
    const { counts } = JSON.parse(result.stdout);
    assert.equal(counts.anchored, 50_000, 'each found by its quote and context (the export gave no positions)');
    const resolved = JSON.parse(marginalia('resolve', 'part-one.txt', '--json').stdout);
    assert.equal(resolved.annotations.length, 50_000, 'every one is in the sidecar');
  });
});
