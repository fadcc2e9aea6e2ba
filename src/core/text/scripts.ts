/** The writing systems told apart, each with a pattern that finds its letters. */
const SCRIPTS: readonly [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/gu],
  ['Cyrillic', /\p{Script=Cyrillic}/gu],
  ['Greek', /\p{Script=Greek}/gu],
  ['Han', /\p{Script=Han}/gu],
  ['Arabic', /\p{Script=Arabic}/gu],
  ['Hebrew', /\p{Script=Hebrew}/gu],
];

/** The writing system (`Latin`, `Cyrillic`…) most of the lines' first 4,000 characters are in; undefined when none has a letter. */
export function dominantScript(lines: readonly string[]): string | undefined {
  const sample = lines.join(' ').slice(0, 4_000);
  let best: string | undefined;
  let bestCount = 0;
  for (const [name, pattern] of SCRIPTS) {
    const count = sample.match(pattern)?.length ?? 0;
    if (count > bestCount) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}
