import * as assert from 'node:assert/strict';
import type { Annotation } from '../../src/core/annotations/annotation';
import { parseAnnotations, parseAnnotationsWithYaml, type AnnotationSidecar } from '../../src/core/annotations/annotationYaml';
import { addAnnotation, updateAnnotation } from '../../src/core/annotations/annotationEdits';
import { readAnnotationsFast } from '../../src/core/sidecar/sidecarReader';
import { parseManuscript } from '../../src/core/manuscript/parser';
import { parseSidecar, parseSidecarWithYaml, type Sidecar } from '../../src/core/notes/notesSidecar';
import { annotatedSidecar } from '../support/annotatedSidecar';
import { generateBook, mulberry32 } from '../support/generate';
import { lines, randomAnnotation, randomSidecar, SIDECAR_CASES, variants, withField, withTarget } from '../support/sidecarSamples';

/**
 * The fast annotations reader against the `yaml` path, on many texts: `parseAnnotations` (and
 * `parseSidecar`, for the notes beside them) must give exactly what they give through `yaml`
 * alone, or the fast reader must be unsure. Returns whether it was sure.
 */
function agrees(text: string, label = JSON.stringify(text)): boolean {
  const yamlRead = parseAnnotationsWithYaml(text);
  const yamlNotes = parseSidecarWithYaml(text);
  if (readAnnotationsFast(text) === undefined) return false;
  const fastRead = parseAnnotations(text);
  assert.deepEqual(shape(fastRead), shape(yamlRead), `the fast reader disagrees with yaml on ${label}`);
  for (const id of [...yamlRead.annotations.map((entry) => entry.annotation.id), 'a-none']) {
    assert.deepEqual(fastRead.annotation(id), yamlRead.annotation(id), `annotation() disagrees on ${label}`);
  }
  assert.deepEqual(notesShape(parseSidecar(text)), notesShape(yamlNotes), `the notes disagree with yaml's on ${label}`);
  return true;
}

const shape = (sidecar: AnnotationSidecar) => ({ parsed: sidecar.parsed, annotations: sidecar.annotations, problems: sidecar.problems });
const notesShape = (sidecar: Sidecar) => ({ parsed: sidecar.parsed, notes: sidecar.notes, problems: sidecar.problems });

describe('readAnnotationsFast (the fast annotations reader, against yaml)', () => {
  for (const [name, text, sure] of SIDECAR_CASES) {
    it(`${sure ? 'reads' : 'is not sure of'} ${name}${sure ? ' as yaml does' : ''}`, () => {
      // Sure of the text as written (LF, as here): its other line breaks and ends must agree too, if read.
      assert.equal(agrees(text), sure, sure ? 'the fast reader should be sure of it' : 'the fast reader should not be sure of it');
      for (const variant of variants(text)) agrees(variant);
    });
  }

  it('agrees with yaml on random sidecars, and is sure of most of them', function () {
    this.timeout(120_000);
    const random = mulberry32(20_250_501);
    let sure = 0;
    const RUNS = 500;
    for (let run = 0; run < RUNS; run++) {
      const text = randomSidecar(random);
      if (agrees(text, `random sidecar #${run}:\n${text}`)) sure++;
    }
    assert.ok(sure > RUNS / 2, `sure of only ${sure} of ${RUNS}`);
    assert.ok(sure < RUNS, 'never unsure: the generator makes no hard cases');
  });

  it('agrees with yaml on single random values inside an annotation', function () {
    this.timeout(120_000);
    const random = mulberry32(501);
    const alphabet = ['a', 'b', '1', '0', ' ', ' ', ' ', ':', '#', '"', "'", '\\', '|', '-', '+', '>', '[', ']', '{', '}', ',', '&', '*', '!', '?', '%', '@', '`', '~', '.', 'e', 'n', 'x', '\t', 'é'];
    for (let run = 0; run < 1_500; run++) {
      const length = 1 + Math.floor(random() * 12);
      const value = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      agrees(withTarget(`quote: ${value}`, 'line: 2'));
      agrees(withField(`tags: ${value}`));
      agrees(withField(`body: |`, `  ${value}`, `author: x`));
      agrees(withField(`${value}: x`));
    }
  });

  describe('is sure of what Marginalia writes', () => {
    it('annotations added and updated one by one (addAnnotation, updateAnnotation), with every kind of text', function () {
      this.timeout(120_000);
      const random = mulberry32(1851);
      for (let run = 0; run < 40; run++) {
        let text: string | undefined = run % 3 === 0 ? lines('# kept', 'notes:', '  endnotes:', '    1: a') : run % 3 === 1 ? undefined : 'version: 1\n';
        const written: Annotation[] = [];
        for (let n = 0; n < 6; n++) {
          const annotation = randomAnnotation(random, `a${run}x${n}`);
          text = addAnnotation(text, annotation);
          written.push(annotation);
          assert.ok(agrees(text), `not sure of addAnnotation's output:\n${text}`);
        }
        for (let n = 0; n < 4; n++) {
          const index = Math.floor(random() * written.length);
          const changed = { ...randomAnnotation(random, written[index].id), target: random() < 0.5 ? written[index].target : randomAnnotation(random, 'x').target };
          text = updateAnnotation(text!, changed);
          written[index] = changed;
          assert.ok(agrees(text), `not sure of updateAnnotation's output:\n${text}`);
        }
        const read = parseAnnotations(text!).annotations.map((entry) => entry.annotation.id);
        assert.deepEqual([...read].sort(), written.map((a) => a.id).sort());
        assert.ok(agrees(text!.replace(/\n/g, '\r\n')), 'not sure of it with CRLF');
      }
    });

    it('the benchmark’s sidecar of 5,000 annotations', function () {
      this.timeout(180_000);
      const book = generateBook({ bytes: 1024 * 1024, chapters: 12, markers: 4_000, seed: 1918 }).text;
      const { text, annotations } = annotatedSidecar(book, parseManuscript(book), 5_000, 5);
      assert.ok(readAnnotationsFast(text), 'the fast reader is not sure of the benchmark sidecar');
      const read = parseAnnotations(text);
      assert.deepEqual(read.problems, []);
      assert.deepEqual(
        read.annotations.map((entry) => entry.annotation),
        annotations.map((a) => ({ ...a, target: { ...a.target, position: { ...a.target.position } } })),
      );
      assert.ok(agrees(text, 'the benchmark sidecar'));
    });
  });
});
