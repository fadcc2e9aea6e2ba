/**
 * The import graph of src/: every file's imports, read from its text (static `import`/`export …
 * from` and `import('…')`), relative ones resolved to the file they name. For the architecture
 * test: which folder may import which, and no cycles.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface SourceFile {
  /** `/`-separated, relative to src/, such as `core/text/decode.ts`. */
  readonly file: string;
  /** Files of src/ it imports (relative to src/), in the order written. */
  readonly imports: readonly string[];
  /** Packages and Node built-ins it imports, as written (`yaml`, `node:fs`, `vscode`). */
  readonly packages: readonly string[];
}

const IMPORT = /(?:^|[;\s])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every .ts file below `srcFolder`, with its imports. */
export function importGraph(srcFolder: string): SourceFile[] {
  const files = readdirSync(srcFolder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
  return files.map((file) => {
    const source = readFileSync(path.join(srcFolder, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
    const imports: string[] = [];
    const packages: string[] = [];
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3];
      if (!specifier.startsWith('.')) {
        packages.push(specifier);
        continue;
      }
      const base = path.posix.join(path.posix.dirname(file), specifier);
      const resolved = [`${base}.ts`, `${base}/index.ts`].find((candidate) => existsSync(path.join(srcFolder, candidate)));
      if (!resolved) throw new Error(`src/${file}: cannot resolve '${specifier}'`);
      imports.push(resolved);
    }
    return { file, imports, packages };
  });
}

/** The import cycles of the graph: each strongly connected component of more than one file, or a file importing itself. */
export function importCycles(graph: readonly SourceFile[]): string[][] {
  const importsOf = new Map(graph.map((f) => [f.file, f.imports]));
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const lowOf = (file: string): number => lowLink.get(file) ?? Number.POSITIVE_INFINITY;
  // Tarjan's algorithm, recursive: the graph has a few hundred files.
  const visit = (file: string): void => {
    index.set(file, next);
    lowLink.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const imported of importsOf.get(file) ?? []) {
      if (!index.has(imported)) {
        visit(imported);
        lowLink.set(file, Math.min(lowOf(file), lowOf(imported)));
      } else if (onStack.has(imported)) {
        lowLink.set(file, Math.min(lowOf(file), index.get(imported) ?? Number.POSITIVE_INFINITY));
      }
    }
    if (lowLink.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || importsOf.get(file)?.includes(file)) cycles.push(component.sort());
  };
  for (const { file } of graph) if (!index.has(file)) visit(file);
  return cycles;
}
