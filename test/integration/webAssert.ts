/**
 * The part of `node:assert/strict` the integration tests use, for the browser's web worker, which
 * has no Node built-ins: the web test bundle (scripts/build.mjs) resolves `node:assert/strict` here.
 */

export class AssertionError extends Error {
  override name = 'AssertionError';
}

function fail(message: string | Error | undefined, fallback: string): never {
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? fallback);
}

function show(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v)) ?? String(value));
  } catch (error) {
    return `${String(value)} (${(error as Error).message})`;
  }
}

export function ok(value: unknown, message?: string | Error): asserts value {
  if (!value) fail(message, `expected a truthy value, got ${show(value)}`);
}

export function equal<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!Object.is(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}

export function notEqual(actual: unknown, expected: unknown, message?: string | Error): void {
  if (Object.is(actual, expected)) fail(message, `expected anything but ${show(expected)}`);
}

/** Strict deep equality of what tests compare: primitives, arrays, plain objects, maps and sets. */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Map && b instanceof Map) return a.size === b.size && [...a].every(([key, value]) => b.has(key) && same(value, b.get(key)));
  if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((value) => b.has(value));
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

export function deepEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!same(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}

export function match(text: string, pattern: RegExp, message?: string | Error): void {
  if (!pattern.test(text)) fail(message, `expected ${show(text)} to match ${pattern}`);
}

export function doesNotMatch(text: string, pattern: RegExp, message?: string | Error): void {
  if (pattern.test(text)) fail(message, `expected ${show(text)} not to match ${pattern}`);
}
