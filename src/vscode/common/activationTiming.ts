/**
 * How long activation takes, in the host's own `performance` timeline (where a profiler shows it):
 * loading the bundle's code, then `activate()` until it resolves — the two parts of VS Code's own
 * figure (Running Extensions), not the host's work between them (it prepares the context).
 * extensionShared.ts imports this module first and both entries import extensionShared first, so
 * that its mark is set before any other module of the bundle runs; each entry's body, which runs
 * after every module it imports, calls `markCodeLoaded()`. The integration tests read the two
 * measures and print them (activation.test.ts): the web budget is 150 ms in the worker.
 */
const CODE_LOADING = 'marginalia/codeLoading';
const CODE_LOADED = 'marginalia/codeLoaded';
const ACTIVATING = 'marginalia/activating';
const MEASURES = { codeLoading: 'marginalia/loadCode', activate: 'marginalia/activate' } as const;

performance.mark(CODE_LOADING);

/** Called by each entry's body, once every module of the bundle has run. */
export function markCodeLoaded(): void {
  performance.mark(CODE_LOADED);
  performance.measure(MEASURES.codeLoading, CODE_LOADING, CODE_LOADED);
}

/** Runs `activation`, the body of `activate()`, and measures it until it resolves. */
export async function measuredActivation(activation: () => void | Promise<void>): Promise<void> {
  performance.mark(ACTIVATING);
  await activation();
  performance.measure(MEASURES.activate, ACTIVATING);
}
