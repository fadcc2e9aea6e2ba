/**
 * The only globals src/core may use beyond ES2022: those every runtime it runs in has (Node 20,
 * browsers, web workers), declared as narrowly as the core uses them. Read by tsconfig.core.json
 * alone, which has no Node or DOM types, so that any other Node or DOM name is a compile error.
 */
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };

declare class TextDecoder {
  constructor(label?: 'utf-8', options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
