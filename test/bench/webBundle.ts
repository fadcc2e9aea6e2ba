/**
 * The web budget's size: the browser bundle built minified with the build's own options
 * (scripts/webBundle.mjs), against its budget, with what weighs most in it.
 */
import { build, type BuildOptions, type Metafile } from 'esbuild';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** What scripts/webBundle.mjs exports. */
interface WebBundleModule {
  readonly webBundleOptions: BuildOptions;
  readonly WEB_BUNDLE_BUDGET_KB: number;
}

const KB = 1024;
const HEAVIEST_SHOWN = 8;

/** Builds the bundle in memory; prints its size beside the budget and its heaviest parts; false when over. */
export async function webBundleSize(repo: string): Promise<boolean> {
  const shared = (await import(pathToFileURL(path.join(repo, 'scripts', 'webBundle.mjs')).href)) as WebBundleModule;
  const result = await build({
    ...shared.webBundleOptions,
    entryPoints: [path.join(repo, 'src', 'extensionWeb.ts')],
    absWorkingDir: repo,
    minify: true,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const kb = result.outputFiles[0].contents.length / KB;
  const budget = shared.WEB_BUNDLE_BUDGET_KB;
  console.log(`the browser bundle, minified: ${kb.toFixed(0)} KB (budget ${budget} KB)${kb > budget ? ': OVER BUDGET' : ''}`);
  const parts = heaviestParts(result.metafile);
  console.log(`its heaviest parts: ${parts.map(([part, bytes]) => `${part} ${(bytes / KB).toFixed(0)} KB`).join(', ')}`);
  return kb <= budget;
}

/** The bundle's bytes by package (node_modules) or by folder of our own sources, heaviest first. */
function heaviestParts(metafile: Metafile): [string, number][] {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const part = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? path.dirname(input);
      bytes.set(part, (bytes.get(part) ?? 0) + bytesInOutput);
    }
  }
  return [...bytes].sort((a, b) => b[1] - a[1]).slice(0, HEAVIEST_SHOWN);
}
