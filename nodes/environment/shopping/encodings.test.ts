import { describe, expect, it } from "vitest";
import type { ShoppingObservation } from "../../../protocol/shopping.js";
import { encodingSize } from "../../../runtime/environment.js";
import { cachedCatalogue } from "./catalogue.js";
import { bowSize, fnv1a } from "./encodings.js";
import { searchIndexOf } from "./search-index.js";
import { ShoppingEnvironment } from "./shopping.js";

function shop() {
  const catalogue = cachedCatalogue(0, 2000);
  return ShoppingEnvironment.create({ catalogue, index: searchIndexOf(catalogue), difficulty: "mixed" });
}

const norm = (values: Float32Array) => Math.hypot(...values);

describe("shopping encodings", () => {
  it("hashes words with 32-bit FNV-1a", () => {
    // Reference values of FNV-1a 32 (offset basis 0x811c9dc5, prime 0x01000193).
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
    expect(fnv1a("foobar")).toBe(0xbf9cf968);
  });

  it("encodes an observation as two unit-length bags of words: the instruction's, then the page's", () => {
    const env = shop();
    const observation = env.reset(1) as ShoppingObservation;
    expect(env.encodings).toEqual({ bow: { shape: [2, bowSize], description: expect.stringContaining("FNV-1a") } });
    const encoded = env.encode("bow");
    expect(encoded).toHaveLength(encodingSize(env.encodings["bow"]!));
    expect(norm(encoded.subarray(0, bowSize))).toBeCloseTo(1, 5);
    // The search page's text is "[Search]": one word, one bucket.
    const page = encoded.subarray(bowSize);
    expect(page[fnv1a("search") % bowSize]).toBe(1);
    expect(norm(page)).toBeCloseTo(1, 5);
    // Same words, same numbers: the instruction's row counts each word once per occurrence.
    const words = observation.instruction.toLowerCase().match(/[a-z0-9]+/g)!;
    const counts = new Map<number, number>();
    for (const w of words) counts.set(fnv1a(w) % bowSize, (counts.get(fnv1a(w) % bowSize) ?? 0) + 1);
    const length = Math.hypot(...counts.values());
    for (const [bucket, count] of counts) expect(encoded[bucket]).toBeCloseTo(count / length, 6);
  });

  it("encodes a recorded observation as it encoded the live one", () => {
    const env = shop();
    env.reset(2);
    env.step("search[cotton shirt]");
    const observation = JSON.parse(JSON.stringify(env.observe()));
    const live = env.encode("bow");
    env.reset(3);
    expect(env.encode("bow", observation)).toEqual(live);
    expect(() => env.encode("bow", { agent: [0, 0] })).toThrow(/not a shopping observation/);
    expect(() => env.encode("bow", { instruction: "x", page: { kind: "results" } })).toThrow(/not a shopping observation/);
  });

  it("encodes actions as a bag of their words, a clicked product by its title", () => {
    const env = shop();
    env.reset(2);
    env.step("search[cotton shirt]");
    const page = (env.observe() as ShoppingObservation).page;
    if (page.kind !== "results") throw new Error("not results");
    const first = page.items[0]!;
    const click = env.encodeAction("bow", `click[${first.id}]`);
    expect(click).toHaveLength(bowSize);
    expect(norm(click)).toBeCloseTo(1, 5);
    expect(click).toEqual(env.encodeAction("bow", `click[${first.id}]`, { instruction: "", page: { kind: "results", query: "", page: 1, pages: 1, total: 1, items: [first] } }));
    expect(click[fnv1a("shirt") % bowSize]).toBeGreaterThan(0);
    const back = env.encodeAction("bow", "back");
    expect(back[fnv1a("back") % bowSize]).toBe(1);
    expect(() => env.encodeAction("onehot", "back")).toThrow(/no action encoding "onehot"; its action encodings: bow/);
  });
});
