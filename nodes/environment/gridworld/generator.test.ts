import { describe, expect, it } from "vitest";
import { distancesFrom, unreachable } from "./distance.js";
import { cachedGeneratedLayout, generateLayout, seedOfGeneratedName } from "./generator.js";
import { positionOf, tiles } from "./layout.js";

describe("random map generator", () => {
  it("draws the same map from the same size and seed", () => {
    expect(generateLayout(11, 42).rows).toEqual(generateLayout(11, 42).rows);
    const distinct = new Set(Array.from({ length: 20 }, (_, seed) => generateLayout(11, seed).rows.join("\n")));
    expect(distinct.size).toBeGreaterThan(15);
  });

  it("always leaves a lava-free path from S to G, with lava in the way of the straight one", () => {
    for (const size of [5, 6, 9, 14, 25]) {
      for (let seed = 0; seed < 300; seed++) {
        const layout = generateLayout(size, seed);
        expect(layout.rows).toHaveLength(size);
        expect(layout.rows.every((row) => row.length === size)).toBe(true);
        const safe = distancesFrom(layout, layout.start, (tile) => tile !== tiles.wall && tile !== tiles.lava);
        expect(safe[layout.goal], `size ${size}, seed ${seed}\n${layout.rows.join("\n")}`).not.toBe(unreachable);
        // S and G sit on opposite edges; the band between them holds lava in every row but its gap.
        expect(positionOf(layout, layout.start)[1]).toBe(0);
        expect(positionOf(layout, layout.goal)[1]).toBe(size - 1);
        expect(layout.rows.filter((row) => row.includes(tiles.lava)).length).toBeGreaterThanOrEqual(size - 2);
      }
    }
  });

  it("names the map after its seed", () => {
    expect(generateLayout(9, 17).name).toBe("random-17");
  });

  it("reads the seed back from a generated map's name, and nothing from other names", () => {
    expect(seedOfGeneratedName(generateLayout(9, 17).name)).toBe(17);
    expect(seedOfGeneratedName("random-4294967295")).toBe(4294967295);
    for (const name of ["lava-bridge", "custom", "random-", "random-07", "random-1e3", "random-x"]) {
      expect(seedOfGeneratedName(name), name).toBeUndefined();
    }
  });

  it("shares one layout object per recent (size, seed), equal to a fresh draw", () => {
    const layout = cachedGeneratedLayout(9, 123);
    expect(cachedGeneratedLayout(9, 123)).toBe(layout);
    expect(layout.rows).toEqual(generateLayout(9, 123).rows);
    expect(cachedGeneratedLayout(11, 123).rows).toHaveLength(11);
  });

  it("refuses sizes too small for a band with a gap", () => {
    expect(() => generateLayout(4, 1)).toThrow(/at least 5/);
  });
});
