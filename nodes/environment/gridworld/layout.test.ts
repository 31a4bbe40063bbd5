import { describe, expect, it } from "vitest";
import { createGridWorld } from "./create.js";
import { parseLayout } from "./layout.js";

describe("map parsing", () => {
  it("finds start and goal and keeps the rows", () => {
    const layout = parseLayout("tiny", ["S.#", "L.G"]);
    expect(layout).toMatchObject({ name: "tiny", height: 2, width: 3, start: 0, goal: 5, rows: ["S.#", "L.G"] });
  });

  it.each([
    [[], /at least one non-empty row/],
    [["S.", "..G"], /row 1 has 3 cells/],
    [["S.X", "..G"], /unknown tile "X" at row 0, column 2/],
    [["...", "..G"], /exactly one S, found 0/],
    [["SG", "GS"], /exactly one S, found 2/],
    [["S.", ".."], /exactly one G, found 0/],
  ])("refuses %j", (rows, reason) => {
    expect(() => parseLayout("bad", rows)).toThrow(reason);
  });
});

describe("createGridWorld", () => {
  const base = { size: 9, slip: 0, gamma: 0.99 };

  it("builds named maps, random maps and custom layouts", () => {
    expect(createGridWorld({ ...base, map: "lava-maze" }).observe()).toMatchObject({ map: "lava-maze" });
    expect(createGridWorld({ ...base, map: "random" }).reset(5)).toMatchObject({ map: "random-5" });
    expect(createGridWorld({ ...base, map: "cliff", layout: ["SG"] }).observe()).toEqual({ agent: [0, 0], goal: [0, 1], map: "custom" });
  });

  it("names the choices when the map is unknown", () => {
    expect(() => createGridWorld({ ...base, map: "volcano" })).toThrow(/unknown map "volcano".*lava-bridge, cliff, lava-maze, random/);
  });

  it("refuses a slip that is not a probability and a gamma outside (0, 1]", () => {
    expect(() => createGridWorld({ ...base, map: "cliff", slip: 1.5 })).toThrow(/slip/);
    expect(() => createGridWorld({ ...base, map: "cliff", gamma: 0 })).toThrow(/gamma/);
  });
});
