// The esbuild options of the web extension's bundle (the `browser` entry, dist/web/extension.js),
// shared by the build (scripts/build.mjs) and the bench that weighs it (test/bench/webBudget.ts),
// so that the size printed beside the budget is the size shipped.

/** The budget of the minified browser bundle, in KB (issue 13). */
export const WEB_BUNDLE_BUDGET_KB = 400;

/**
 * `yaml`'s modules only define classes, functions and constants when loaded, but its package.json
 * does not say so (no `"sideEffects": false`), so esbuild keeps every module reached from its
 * index. Said here, esbuild keeps only what our code uses — the parser and the scalar readers,
 * 43 KB, rather than 68 KB (the whole library is 98 KB).
 */
const yamlHasNoSideEffects = {
  name: 'yaml-has-no-side-effects',
  setup(build) {
    build.onResolve({ filter: /^(yaml|\.{1,2}\/.*)$/ }, async (args) => {
      if (args.pluginData === yamlHasNoSideEffects || (args.path !== 'yaml' && !/[\\/]node_modules[\\/]yaml[\\/]/.test(args.importer))) return undefined;
      const { resolveDir, kind, importer } = args;
      const resolved = await build.resolve(args.path, { resolveDir, kind, importer, pluginData: yamlHasNoSideEffects });
      return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path, sideEffects: false };
    });
  },
};

/**
 * A web worker, so no Node built-ins (esbuild fails on any import of one) and CommonJS, as VS Code's
 * web extension host loads it: one file, evaluated with a `require` that knows only `vscode`
 * (that host loads no ES modules and no second file, so nothing can be split off and loaded later).
 */
export const webBundleOptions = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'cjs',
  mainFields: ['browser', 'module', 'main'],
  external: ['vscode'],
  // Text as UTF-8 rather than \u escapes: the worker fetches the file as UTF-8 text, and text
  // outside ASCII (in our messages, in the packages' tables) is smaller so.
  charset: 'utf8',
  plugins: [yamlHasNoSideEffects],
};
