import type { ShoppingObservation } from "../../../protocol/shopping.js";
import type { EncodingSpec } from "../../../runtime/environment.js";
import { readAction } from "./actions.js";
import { pageText } from "./pages.js";
import { words } from "./search-index.js";

/** Buckets of each hashed bag of words. */
export const bowSize = 256;

/** The shopping task's observation encodings (docs/encodings.md). */
export const shoppingEncodings: Readonly<Record<string, EncodingSpec>> = Object.freeze({
  bow: Object.freeze({
    shape: Object.freeze([2, bowSize]),
    description: `Hashed bag of words, 2 rows of ${bowSize}: the instruction's words, then the page text's; each word adds 1 at FNV-1a(word) mod ${bowSize}, each row scaled to unit length.`,
  }),
});

/** The shopping task's action encodings, for Q(s, a) models over text actions (docs/encodings.md). */
export const shoppingActionEncodings: Readonly<Record<string, EncodingSpec>> = Object.freeze({
  bow: Object.freeze({
    shape: Object.freeze([bowSize]),
    description: `Hashed bag of words of the action text (a clicked product's id is replaced by its title when the page lists it), ${bowSize} buckets, unit length.`,
  }),
});

/** FNV-1a, 32 bits, over the word's UTF-16 code units (words are ASCII letters and digits, so its bytes). */
export function fnv1a(word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    hash ^= word.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Adds the words' counts to `out[offset .. offset + bowSize)` and scales that row to unit length. */
function addBag(text: string, out: Float32Array, offset: number): void {
  const counts = new Float64Array(bowSize);
  for (const word of words(text)) {
    const bucket = fnv1a(word) % bowSize;
    counts[bucket] = counts[bucket]! + 1;
  }
  let norm = 0;
  for (const c of counts) norm += c * c;
  if (norm === 0) return;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < bowSize; i++) out[offset + i] = counts[i]! * scale;
}

/** The `bow` encoding of an observation. */
export function encodeObservation(observation: ShoppingObservation): Float32Array {
  const out = new Float32Array(2 * bowSize);
  addBag(observation.instruction, out, 0);
  addBag(pageText(observation.page), out, bowSize);
  return out;
}

/** The `bow` encoding of an action taken on the page of `observation`. */
export function encodeActionText(action: string, observation: ShoppingObservation): Float32Array {
  const out = new Float32Array(bowSize);
  const read = readAction(action);
  let text = action;
  if (!("error" in read) && read.verb === "click" && observation.page.kind === "results") {
    const item = observation.page.items.find((i) => i.id === read.target);
    if (item) text = `click ${item.title}`;
  }
  addBag(text, out, 0);
  return out;
}
