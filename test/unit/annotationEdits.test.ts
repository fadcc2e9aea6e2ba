import * as assert from 'node:assert/strict';
import type { Annotation, AnnotationTarget } from '../../src/core/annotations/annotation';
import { parseAnnotationsWithYaml } from '../../src/core/annotations/annotationYaml';
import { addAnnotation, annotationEditsWithYaml, removeAnnotation, updateAnnotation, updateTargets } from '../../src/core/annotations/annotationEdits';
import { readAnnotationsFast } from '../../src/core/sidecar/sidecarReader';
import { SidecarText } from '../../src/core/sidecar/sidecarText';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { annotatedSidecar } from '../support/annotatedSidecar';
import { generateBook, mulberry32 } from '../support/generate';
import { lines, randomAnnotation, randomSidecar, SIDECAR_CASES, variants } from '../support/sidecarSamples';

/**
 * The edits (`addAnnotation`, `updateAnnotation`, `removeAnnotation`, `updateTargets`) open a
 * sidecar the fast reader is sure of without parsing it with `yaml`, and read only the items they
 * need. Here they are held to the edits with the whole text parsed by `yaml`
 * (`annotationEditsWithYaml`, the edits as they were before), byte for byte, on hand-written and
 * random sidecars: the same text, or the same error.
 */

type Edits = typeof annotationEditsWithYaml;
type Edit = (edits: Edits) => string;

const fastEdits: Edits = { addAnnotation, updateAnnotation, removeAnnotation, updateTargets };

/** The text an edit gives, or the error it throws: its class and message. */
function outcome(edit: Edit, edits: Edits): { readonly text: string } | { readonly error: string } {
  try {
    return { text: edit(edits) };
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
}

/** Runs every edit on `text` both ways; returns how many the fast reader was sure of the text for. */
function agree(text: string, edits: readonly (readonly [string, Edit])[], label: string): number {
  for (const [name, edit] of edits) {
    assert.deepEqual(outcome(edit, fastEdits), outcome(edit, annotationEditsWithYaml), `${name} on ${label}:\n${text}`);
  }
  return readAnnotationsFast(text) ? 1 : 0;
}

/** The ids written in a text: of annotations usable or not, of replies, and a few more. */
function idsIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\bid: *["']?([^\s"'#]+)/g)].map((match) => match[1]))];
}

/** Edits of every kind on `text`, their arguments drawn once (the same for both ways). */
function editsOf(text: string, random: () => number): [string, Edit][] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  // One text read once for all its edits, both ways, as the editor passes what it has read.
  const source = new SidecarText(text);
  const annotations = parseAnnotationsWithYaml(source).annotations.map((entry) => entry.annotation);
  const edits: [string, Edit][] = [];
  for (const annotation of annotations) {
    const other = randomAnnotation(random, annotation.id);
    const variations: [string, Annotation][] = [
      ['nothing changed', annotation],
      ['a new body', { ...annotation, body: other.body }],
      ['a new target', { ...annotation, target: other.target }],
      ['a new position', { ...annotation, target: { ...annotation.target, position: other.target.position } }],
      ['resolved', { ...annotation, status: annotation.status === 'open' ? 'resolved' : 'open', modified: '2025-06-01T10:00:00Z' }],
      ['a reply more', { ...annotation, replies: [...annotation.replies, ...other.replies, { id: 'rnew', author: 'Jens Holt', created: undefined, body: other.body }] }],
      ['no replies', { ...annotation, replies: [] }],
      ['the first reply edited', { ...annotation, replies: annotation.replies.map((reply, index) => (index === 0 ? { ...reply, body: other.body } : reply)) }],
      ['new tags, no entities', { ...annotation, tags: other.tags, entities: [] }],
      ['fields left out', { ...annotation, author: undefined, created: undefined, modified: undefined, body: '' }],
      ['everything new', other],
    ];
    for (const [name, changed] of variations) edits.push([`updateAnnotation (${name}) of ${annotation.id}`, (e) => e.updateAnnotation(source, changed)]);
    edits.push([`updateTargets of ${annotation.id}`, (e) => e.updateTargets(source, new Map([[annotation.id, other.target]]))]);
  }
  if (annotations.length > 1) {
    const targets = new Map<string, AnnotationTarget>(annotations.filter(() => random() < 0.6).map((a) => [a.id, randomAnnotation(random, a.id).target]));
    targets.set('a-none', randomAnnotation(random, 'a-none').target);
    edits.push(['updateTargets of several', (e) => e.updateTargets(source, targets)]);
  }
  for (const id of [...idsIn(text), 'a-none']) edits.push([`removeAnnotation ${id}`, (e) => e.removeAnnotation(source, id)]);
  for (let n = 0; n < 3; n++) {
    const added = randomAnnotation(random, `anew${n}`);
    const position = n === 0 ? { line: 0, character: 0 } : n === 1 ? { line: 1e6, character: 0 } : pick([...annotations.map((a) => a.target.position), added.target.position]);
    const annotation = { ...added, target: { ...added.target, position } };
    edits.push([`addAnnotation at ${position.line}:${position.character}`, (e) => e.addAnnotation(source, annotation)]);
  }
  if (annotations.length > 0) {
    const twice = { ...randomAnnotation(random, 'x'), id: pick(annotations).id };
    edits.push([`addAnnotation of ${twice.id} again`, (e) => e.addAnnotation(source, twice)]);
    const unwritable = { ...pick(annotations), body: 'edited', target: { ...pick(annotations).target, quote: '' } };
    edits.push(['updateAnnotation without a quote', (e) => e.updateAnnotation(source, unwritable)]);
  }
  return edits;
}

describe('annotation edits: the fast path against yaml, byte for byte', () => {
  it('on hand-written sidecars, with every line break and end', function () {
    this.timeout(120_000);
    const random = mulberry32(1852);
    let sure = 0;
    let texts = 0;
    for (const [name, text] of SIDECAR_CASES) {
      for (const variant of variants(text)) {
        sure += agree(variant, editsOf(variant, random), `${name} (${JSON.stringify(variant.slice(-4))})`);
        texts++;
      }
    }
    assert.ok(sure > texts / 2, `the fast path taken for only ${sure} of ${texts} texts`);
  });

  it('on the store test’s kinds of sidecar: comments, unknown fields, notes, blank lines, anchors, a final line without a break', function () {
    // Every sidecar edited both ways: seconds on a loaded machine.
    this.timeout(60_000);
    const random = mulberry32(1853);
    const item = (id: string, ...extra: string[]) => [`  - id: ${id}`, '    target:', `      quote: passage ${id}`, `      line: ${id.length}`, '      character: 4', ...extra];
    const texts = [
      lines('annotations:', ...item('a1'), '', ...item('a2'), '', ...item('a3')),
      lines('# head', 'annotations:', '  # about a1', ...item('a1', '    body: Smith & Sons, *emphasis*'), '      # deeper, trailing', ...item('a2'), 'footer: x'),
      lines('annotations:', ...item('a1', '    replies:', '      # the thread', '      - id: r1', '        body: |', '          Agreed.', '', '      - id: r2', '        body: b'), ...item('a2')),
      lines('notes:', '  endnotes:', '    1: a', 'annotations:', ...item('a1', '    body: |+', '      kept', '', '')),
      `annotations:\n${item('a1').join('\n')}\n${item('a2').join('\n')}`,
      lines('annotations:', ...item('a1', '    author: &me Ada'), ...item('a2', '    author: *me')),
      lines('annotations: []', 'notes:', '  endnotes:', '    1: a'),
      lines('annotations:', '  # none yet', 'version: 1'),
      lines('notes:', '  endnotes:', '    1: a'),
      '',
    ];
    for (const [index, text] of texts.entries()) {
      for (const variant of variants(text)) agree(variant, editsOf(variant, random), `text #${index}`);
    }
    const first = randomAnnotation(random, 'a1');
    agree('', [['addAnnotation to no file', (e) => e.addAnnotation(undefined, first)]], 'no file');
  });

  it('refuses the same sidecars with the same errors: YAML errors, conflict markers, an alias bomb', function () {
    // Every sidecar edited both ways: seconds on a loaded machine.
    this.timeout(60_000);
    const random = mulberry32(1854);
    const bomb = lines('a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((name, index) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[index]}`).join(', ')}]`), 'annotations:', '  - id: a1', '    target:', '      quote: x');
    const texts = [
      lines('annotations:', '  - id: a1', '    target:', '      quote: "x', 'notes: [a'),
      lines('annotations:', '<<<<<<< HEAD', '  - id: a1', '    target:', '      quote: x', '=======', '  - id: a2', '    target:', '      quote: y', '>>>>>>> theirs'),
      lines('annotations:', '  - id: a1', '    target:', '      quote: x', '    body: |', '      text', '=======', '      more', 'notes:', '  endnotes:', '<<<<<<< HEAD', '    1: a', '>>>>>>> theirs'),
      lines('annotations:', '  - id: a1', '    target:', '      quote: x', 'notes:', '  endnotes: [a', '    1: b'),
      bomb,
      lines('annotations: none'),
      lines('annotations: [a]'),
    ];
    for (const [index, text] of texts.entries()) {
      const [added, updated] = [randomAnnotation(random, 'anew'), randomAnnotation(random, 'a1')];
      const edits: [string, Edit][] = [
        ['addAnnotation', (e) => e.addAnnotation(text, added)],
        ['updateAnnotation', (e) => e.updateAnnotation(text, updated)],
        ['removeAnnotation', (e) => e.removeAnnotation(text, 'a1')],
        ['updateTargets', (e) => e.updateTargets(text, new Map([['a1', updated.target]]))],
      ];
      agree(text, edits, `bad text #${index}`);
      for (const [name, edit] of edits) assert.ok('error' in outcome(edit, fastEdits), `${name} wrote bad text #${index}`);
    }
  });

  it('on random sidecars, the fast path taken for most', function () {
    this.timeout(120_000);
    const random = mulberry32(20_250_601);
    const RUNS = 200;
    let sure = 0;
    for (let run = 0; run < RUNS; run++) {
      const text = randomSidecar(random);
      sure += agree(text, editsOf(text, random), `random sidecar #${run}`);
    }
    assert.ok(sure > RUNS / 2, `the fast path taken for only ${sure} of ${RUNS}`);
  });

  it('on sidecars Marginalia writes, edit after edit', function () {
    this.timeout(120_000);
    const random = mulberry32(1855);
    for (let run = 0; run < 8; run++) {
      let text: string | undefined = run % 2 === 0 ? undefined : lines('# kept', 'notes:', '  endnotes:', '    1: a');
      for (let n = 0; n < 6; n++) {
        const annotation = randomAnnotation(random, `a${run}x${n}`);
        const before = text;
        agree(text ?? '', [['addAnnotation', (e) => e.addAnnotation(before, annotation)]], `run ${run}, addition ${n}`);
        text = addAnnotation(text, annotation);
      }
      agree(text!, editsOf(text!, random), `run ${run}`);
      agree(text!.replace(/\n/g, '\r\n'), editsOf(text!.replace(/\n/g, '\r\n'), random), `run ${run}, CRLF`);
    }
  });

  it('on a generated sidecar of 300 annotations', function () {
    this.timeout(120_000);
    const book = generateBook({ bytes: 256 * 1024, chapters: 6, markers: 1_000, seed: 1919 }).text;
    const generated = annotatedSidecar(book, parseManuscript(book), 300, 6).text;
    // A context running over a paragraph break is written over lines, which the fast reader leaves to yaml: such items are left out.
    const [head, ...items] = generated.split(/(?=^ {2}- id: )/m);
    const text = head + items.filter((item) => readAnnotationsFast(`annotations:\n${item}`)).join('');
    assert.ok(readAnnotationsFast(text), 'the fast reader is not sure of the generated sidecar');
    const random = mulberry32(1856);
    const annotations = parseAnnotationsWithYaml(text).annotations.map((entry) => entry.annotation);
    const some = new Set(annotations.filter(() => random() < 0.05).map((a) => a.id));
    const edits = editsOf(text, random).filter(([name]) => !name.startsWith('update') || name.includes('several') || some.has(name.split(' ').pop()!));
    agree(text, edits, 'the generated sidecar');
  });
});
