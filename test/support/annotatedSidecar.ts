/**
 * Sidecars of many annotations of a generated book, as `addAnnotation` writes them: for the
 * editor's opening benchmark (test/bench/editorOpen.ts), the web and interchange benchmarks, and
 * the tests of the fast reader and the edits' fast path against `yaml`.
 */
import type { Annotation } from '../../src/core/annotations/annotation';
import { addAnnotation } from '../../src/core/annotations/annotationEdits';
import { describeTargets } from '../../src/core/anchoring/targets';
import type { Manuscript } from '../../src/core/manuscript/model';
import { planAnnotations } from './anchoringScript';
import { mulberry32, NAMES, WORDS } from './generate';


export interface AnnotatedSidecar {
  readonly text: string;
  /** In file order: by position in the manuscript, as `addAnnotation` keeps them. */
  readonly annotations: readonly Annotation[];
}

export const HEADER = '# Annotations on the generated book, kept by Marginalia.\n';
export const LIST_HEAD = 'annotations:\n';
const TAGS = ['source-check', 'translation', 'style', 'fact-check', 'chronology', 'name-spelling'];
const AUTHORS = ['Ada Byron', 'Jens Holt', 'Zsófia Lévai', 'Marthe Anselm'];
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A sidecar with `count` annotations of varied passages of `text` (names, words, phrases,
 * sentences, quotations, paragraphs: `planAnnotations`, described by `describeTargets`), with
 * bodies of every shape the writer has (plain, quoted, long and multi-paragraph block scalars,
 * Markdown lists), tags, entities, replies. Each item is rendered by `addAnnotation` itself (into
 * an empty sidecar), and the items are put in the order `addAnnotation` keeps (by position, the
 * earlier-added first): the file `count` calls of `addAnnotation` would write, without the
 * quadratic cost of re-reading a growing file each time. `verifyLayout` checks this.
 */
export function annotatedSidecar(text: string, manuscript: Manuscript, count: number, seed: number): AnnotatedSidecar {
  const random = mulberry32(seed);
  const planned = planAnnotations(text, manuscript, count, seed);
  const targets = describeTargets(text, manuscript, planned.map((p) => p.span));
  const made = targets.map((target, index): Annotation => randomAnnotation(random, index, target));
  const order = made.map((_, index) => index);
  const key = (a: Annotation) => a.target.position;
  order.sort((a, b) => key(made[a]).line - key(made[b]).line || key(made[a]).character - key(made[b]).character || a - b);
  const annotations = order.map((index) => made[index]);
  const items = annotations.map((annotation) => addAnnotation(undefined, annotation).slice(LIST_HEAD.length));
  return { text: `${HEADER}${LIST_HEAD}${items.join('')}`, annotations };
}

function randomAnnotation(random: () => number, index: number, target: Annotation['target']): Annotation {
  const int = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const words = (n: number): string => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const sentence = (): string => {
    const s = words(int(4, 14));
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  };
  const bodyShape = random();
  let body: string;
  if (bodyShape < 0.3) body = sentence();
  else if (bodyShape < 0.4) body = `Check: ${sentence()}`;
  else if (bodyShape < 0.6) body = Array.from({ length: int(3, 6) }, sentence).join(' ');
  else if (bodyShape < 0.82) body = Array.from({ length: int(2, 3) }, () => Array.from({ length: int(1, 4) }, sentence).join(' ')).join('\n\n');
  else if (bodyShape < 0.92) body = `${sentence()}\n\n${Array.from({ length: int(2, 4) }, () => `- ${words(int(2, 6))}`).join('\n')}\n`;
  else if (bodyShape < 0.97) body = `*${pick(NAMES)}*, ${words(3)} #${pick(TAGS)}`;
  else body = '';
  const day = (offset: number) => new Date(Date.UTC(2025, 0, 1) + (index * 3_600 + offset) * 1_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const replies = random() < 0.15 ? Array.from({ length: int(1, 3) }, (_, n) => ({ id: randomId(random, 'r'), author: pick(AUTHORS), created: day(86_400 * (n + 1)), body: random() < 0.7 ? sentence() : `${sentence()}\n\n${sentence()}` })) : [];
  return {
    id: randomId(random, 'a'),
    target,
    body,
    tags: random() < 0.6 ? [...new Set(Array.from({ length: int(1, 2) }, () => pick(TAGS)))] : [],
    entities: random() < 0.2 ? [pick(NAMES).toLowerCase()] : [],
    author: pick(AUTHORS),
    created: day(0),
    modified: random() < 0.3 ? day(7_200) : undefined,
    status: random() < 0.25 ? 'resolved' : 'open',
    replies,
  };
}

/** `a` or `r` and 12 base-32 characters, as `newAnnotationId` makes them, but seeded. */
function randomId(random: () => number, prefix: string): string {
  let id = prefix;
  for (let n = 0; n < 12; n++) id += BASE32[Math.floor(random() * 32)];
  return id;
}
