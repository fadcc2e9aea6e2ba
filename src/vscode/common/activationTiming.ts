/**
 * How long activation takes, in the host's own `performance` timeline (where a profiler shows it):
 * loading the bundle's code, then `activate()` until it resolves. extensionShared.ts imports this
 * module first and both entries import extensionShared first, so that its mark is set before any
 * other module of the bundle runs. The integration tests read the two measures and print them
 * (activation.test.ts): the web budget is 150 ms in the worker.
 */
const CODE_LOADING = 'marginalia/codeLoading';
const ACTIVATING = 'marginalia/activating';
const MEASURES = { codeLoading: 'marginalia/loadCode', activate: 'marginalia/activate' } as const;

performance.mark(CODE_LOADING);

/** Runs `activation`, the body of `activate()`, and measures the code's loading (until now) and the activation. */
export async function measuredActivation(activation: () => void | Promise<void>): Promise<void> {
  performance.mark(ACTIVATING);
  performance.measure(MEASURES.codeLoading, CODE_LOADING, ACTIVATING);
  await activation();
  performance.measure(MEASURES.activate, ACTIVATING);
}
