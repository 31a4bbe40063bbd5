import { describe, expect, it } from "vitest";
import { encodingSize } from "../../../runtime/environment.js";
import { createGridWorld } from "./create.js";
import { generateLayout } from "./generator.js";

const right = 1;
const down = 2;

// 3 × 4; after two moves right the agent stands at [0, 2], beside a wall, with lava and the goal below.
const tiny = ["S..#", ".L.G", "#..."];

function tinyWorld() {
  const env = createGridWorld({ map: "custom", layout: tiny, size: 9, slip: 0, gamma: 0.99 });
  env.step(right);
  env.step(right);
  return env;
}

/** The encoding as plain numbers, next to expected values rounded to float32 as the array stores them. */
function encoded(values: Float32Array): number[] {
  return Array.from(values);
}
function float32(values: readonly number[]): number[] {
  return values.map(Math.fround);
}

describe("gridworld encodings on a tiny map", () => {
  it("offers position, coords, grid and patch with shapes from the map's size", () => {
    const env = tinyWorld();
    expect(Object.fromEntries(Object.entries(env.encodings).map(([name, spec]) => [name, spec.shape]))).toEqual({
      position: [12],
      coords: [4],
      grid: [4, 3, 4],
      patch: [3, 5, 5],
    });
    for (const [name, spec] of Object.entries(env.encodings)) {
      expect(env.encode(name)).toHaveLength(encodingSize(spec));
      expect(spec.description.length).toBeGreaterThan(10);
    }
  });

  it("encodes position as the one-hot of row·W + col", () => {
    expect(encoded(tinyWorld().encode("position"))).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("encodes coords as agent and goal rows and columns over H−1 and W−1", () => {
    // Agent [0, 2], then [1, 2]; goal [1, 3]; on a 3 × 4 map.
    const env = tinyWorld();
    expect(encoded(env.encode("coords"))).toEqual(float32([0, 2 / 3, 1 / 2, 1]));
    env.step(down);
    expect(encoded(env.encode("coords"))).toEqual(float32([1 / 2, 2 / 3, 1 / 2, 1]));
  });

  it("encodes grid as wall, lava, goal and agent planes, channel-major", () => {
    expect(encoded(tinyWorld().encode("grid"))).toEqual([
      // wall
      0, 0, 0, 1,
      0, 0, 0, 0,
      1, 0, 0, 0,
      // lava
      0, 0, 0, 0,
      0, 1, 0, 0,
      0, 0, 0, 0,
      // goal
      0, 0, 0, 0,
      0, 0, 0, 1,
      0, 0, 0, 0,
      // agent
      0, 0, 1, 0,
      0, 0, 0, 0,
      0, 0, 0, 0,
    ]);
  });

  it("encodes patch as the 5 × 5 window around the agent, outside the map counting as wall", () => {
    // Window rows are map rows −2..2, columns 0..4 (column 4 is past the edge).
    expect(encoded(tinyWorld().encode("patch"))).toEqual([
      // wall or outside
      1, 1, 1, 1, 1,
      1, 1, 1, 1, 1,
      0, 0, 0, 1, 1,
      0, 0, 0, 0, 1,
      1, 0, 0, 0, 1,
      // lava
      0, 0, 0, 0, 0,
      0, 0, 0, 0, 0,
      0, 0, 0, 0, 0,
      0, 1, 0, 0, 0,
      0, 0, 0, 0, 0,
      // goal
      0, 0, 0, 0, 0,
      0, 0, 0, 0, 0,
      0, 0, 0, 0, 0,
      0, 0, 0, 1, 0,
      0, 0, 0, 0, 0,
    ]);
  });

  it("keeps coords finite on a one-row map", () => {
    const env = createGridWorld({ map: "custom", layout: ["S.G"], size: 9, slip: 0, gamma: 0.99 });
    expect(encoded(env.encode("coords"))).toEqual([0, 0, 0, 1]);
  });

  it("encodes the agent where the episode ended, on lava or the goal", () => {
    const env = createGridWorld({ map: "custom", layout: tiny, size: 9, slip: 0, gamma: 0.99 });
    env.step(down);
    env.step(right);
    expect(env.done).toBe(true);
    const grid = env.encode("grid");
    expect(grid[12 + 5]).toBe(1); // lava plane at [1, 1]
    expect(grid[36 + 5]).toBe(1); // agent plane at [1, 1]
  });

  it("returns a fresh array each call, so callers may keep or change it", () => {
    const env = tinyWorld();
    const first = env.encode("grid");
    first.fill(7);
    expect(encoded(env.encode("grid"))).not.toContain(7);
  });
});

describe("encoding a given observation", () => {
  it("gives the same as encoding the current observation", () => {
    const env = createGridWorld({ map: "random", size: 9, slip: 0.2, gamma: 0.99 });
    env.reset(5);
    env.step(right);
    env.step(down);
    for (const name of Object.keys(env.encodings)) expect(env.encode(name, env.observe())).toEqual(env.encode(name));
  });

  it("encodes an earlier observation at its own agent position, not the current one", () => {
    const env = tinyWorld();
    const before = env.observe();
    env.step(down);
    expect(encoded(env.encode("position", before))).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(encoded(env.encode("position"))).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
  });

  it("regenerates the layout of a random-<seed> observation while the environment is on another map", () => {
    const config = { map: "random", size: 9, slip: 0, gamma: 0.99 };
    const env = createGridWorld(config);
    const observed = env.reset(8);
    env.reset(9);
    expect(env.observe()).toMatchObject({ map: "random-9" });

    const grid = env.encode("grid", observed);
    const rows = generateLayout(9, 8).rows;
    const planeOf = (tile: string) => rows.flatMap((row) => [...row].map((t) => (t === tile ? 1 : 0)));
    expect(encoded(grid.subarray(0, 81))).toEqual(planeOf("#"));
    expect(encoded(grid.subarray(81, 162))).toEqual(planeOf("L"));
    expect(encoded(grid.subarray(162, 243))).toEqual(planeOf("G"));
    expect(encoded(grid.subarray(243))).toEqual(planeOf("S"));
    expect(grid).not.toEqual(env.encode("grid"));

    const fresh = createGridWorld(config);
    fresh.reset(8);
    for (const name of Object.keys(env.encodings)) expect(env.encode(name, observed)).toEqual(fresh.encode(name));
  });

  it("keeps shapes fixed across episodes of random maps", () => {
    const env = createGridWorld({ map: "random", size: 7, slip: 0, gamma: 0.99 });
    const shapes = JSON.stringify(env.encodings);
    for (const seed of [1, 2, 3]) {
      env.reset(seed);
      expect(JSON.stringify(env.encodings)).toBe(shapes);
      expect(env.encode("grid")).toHaveLength(4 * 7 * 7);
    }
  });

  it("refuses an observation of another named map, naming both", () => {
    const env = createGridWorld({ map: "lava-bridge", size: 9, slip: 0, gamma: 0.99 });
    const cliff = createGridWorld({ map: "cliff", size: 9, slip: 0, gamma: 0.99 }).observe();
    expect(() => env.encode("position", cliff)).toThrow(/map "cliff" on an environment of map "lava-bridge"/);
    expect(() => tinyWorld().encode("position", cliff)).toThrow(/map "cliff" on an environment of map "custom"/);
  });

  it("refuses a named map's observation on random maps", () => {
    const env = createGridWorld({ map: "random", size: 9, slip: 0, gamma: 0.99 });
    const bridge = createGridWorld({ map: "lava-bridge", size: 9, slip: 0, gamma: 0.99 }).observe();
    expect(() => env.encode("grid", bridge)).toThrow(/map "lava-bridge" on an environment of random maps/);
  });

  it("refuses an unknown encoding, listing the ones there are", () => {
    expect(() => tinyWorld().encode("pixels")).toThrow('no encoding "pixels"; its encodings: position, coords, grid, patch');
  });

  it("refuses observations that are not of this map's cells", () => {
    const env = tinyWorld();
    expect(() => env.encode("grid", null)).toThrow(/not a gridworld observation/);
    expect(() => env.encode("grid", { agent: [3, 0], goal: [1, 3], map: "custom" })).toThrow(/agent is \[3,0\].*3 × 4/);
    expect(() => env.encode("grid", { agent: [0, 3], goal: [1, 3], map: "custom" })).toThrow(/agent on a wall/);
    expect(() => env.encode("grid", { agent: [0, 0], goal: [2, 3], map: "custom" })).toThrow(/goal at \[2,3\].*has it at \[1,3\]/);
  });
});

describe("lava-bridge encodings", () => {
  it("have the shapes docs/encodings.md gives", () => {
    const env = createGridWorld({ map: "lava-bridge", size: 9, slip: 0, gamma: 0.99 });
    expect(Object.fromEntries(Object.entries(env.encodings).map(([name, spec]) => [name, spec.shape]))).toEqual({
      position: [63],
      coords: [4],
      grid: [4, 7, 9],
      patch: [3, 5, 5],
    });
  });

  it("match the worked example: start, then one step down", () => {
    const env = createGridWorld({ map: "lava-bridge", size: 9, slip: 0, gamma: 0.99 });
    expect(env.encode("position").indexOf(1)).toBe(0);
    expect(encoded(env.encode("coords"))).toEqual([0, 0, 1, 1]);
    env.step(down);
    expect(env.encode("position").indexOf(1)).toBe(9);
    expect(encoded(env.encode("coords"))).toEqual(float32([1 / 6, 0, 1, 1]));
  });
});
