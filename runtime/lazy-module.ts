import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * A dependency loaded on first use (through its CommonJS entry): most runs never need it, and every
 * process and worker thread would otherwise pay for loading it at start (openai and sucrase: ~120 ms).
 */
export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
