import { describe, expect, it } from "vitest";
import { episodeChunks } from "./episode-chunks.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("episodeChunks", () => {
  it("cuts the episodes into contiguous chunks that hold each one once, in order", () => {
    for (const [episodes, threads] of [[10_000, 2], [2_000, 4], [24, 3], [5, 2], [1, 8]] as const) {
      const chunks = episodeChunks(range(episodes), threads);
      expect(chunks.flat(), `${episodes} episodes on ${threads} threads`).toEqual(range(episodes));
    }
  });

  it("starts with large chunks and shrinks them towards the end, so threads that claim them finish together", () => {
    const sizes = episodeChunks(range(10_000), 2).map((chunk) => chunk.length);
    expect(sizes[0]).toBe(500);
    for (let k = 1; k < sizes.length; k++) expect(sizes[k]).toBeLessThanOrEqual(sizes[k - 1]!);
    // None below the floor but the last (what was left).
    expect(sizes.slice(0, -1).every((size) => size >= 8)).toBe(true);
    expect(sizes.at(-1)).toBeLessThanOrEqual(8);
  });

  it("keeps a fork's or a batch's own episode indices", () => {
    expect(episodeChunks([40, 41, 42, 43, 44, 45, 46, 47, 48, 49], 2)).toEqual([[40, 41, 42, 43, 44, 45, 46, 47], [48, 49]]);
    expect(episodeChunks([], 2)).toEqual([]);
  });
});
