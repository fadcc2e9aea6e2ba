// The esbuild options of the web extension's bundle (the `browser` entry, dist/web/extension.js),
// shared by the build (scripts/build.mjs) and the bench that weighs it (test/bench/webBudget.ts),
// so that the size printed beside the budget is the size shipped.

/** The budget of the minified browser bundle, in KB (issue 13). */
export const WEB_BUNDLE_BUDGET_KB = 400;

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
};
