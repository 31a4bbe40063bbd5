import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shippedPythonFolder } from "../nodes/environment/external/index.js";
import { flatSize, flattenInto, parseSpace } from "../nodes/environment/external/spaces.js";
import { createGridWorld } from "../nodes/environment/gridworld/index.js";
import { cachedCatalogue } from "../nodes/environment/shopping/catalogue.js";
import { encodeActionText, encodeObservation } from "../nodes/environment/shopping/encodings.js";
import { searchIndexOf } from "../nodes/environment/shopping/search-index.js";
import { ShoppingEnvironment } from "../nodes/environment/shopping/shopping.js";
import type { JsonValue, Observation } from "../runtime/environment.js";
import { actionVector } from "../runtime/action-box.js";
import { oneHot } from "../runtime/model-io.js";
import { Rng } from "../runtime/rng.js";
import type { ShoppingObservation } from "../protocol/shopping.js";
import { PLAIN_PYTHON } from "./fixtures/external-env/python.js";
import { GYM_PYTHON, gymnasium, needs } from "./fixtures/requirements.js";

// foresight_env's encoders (python/foresight_env/*encodings.py) against the TypeScript ones the models are fed
// by: a researcher training in PyTorch on a dataset must get the numbers a run gives its models, value for value.

/** Runs `calls` ([function, ...arguments] in foresight_env's encoding modules) in one Python process; its answers, in order. */
function python(calls: readonly (readonly [string, ...unknown[]])[], interpreter = PLAIN_PYTHON): unknown[] {
  const driver = [
    "import json, sys",
    "from foresight_env import encodings, gridworld_encodings, shopping_encodings",
    "modules = (encodings, gridworld_encodings, shopping_encodings)",
    "def call(name, *args):",
    "    function = next(getattr(m, name) for m in modules if hasattr(m, name))",
    "    try:",
    "        return function(*args)",
    "    except ValueError as error:",
    "        return {'error': str(error)}",
    // JSON has no infinity: written as JavaScript's String() writes it, as typescriptFlat does.
    "def plain(x):",
    "    if isinstance(x, list):",
    "        return [plain(v) for v in x]",
    "    return x if not isinstance(x, float) or abs(x) < float('inf') else ('Infinity' if x > 0 else '-Infinity')",
    "print(json.dumps([plain(call(*c)) for c in json.load(sys.stdin)]))",
  ].join("\n");
  const result = spawnSync(interpreter, ["-c", driver], { input: JSON.stringify(calls), encoding: "utf8", env: { ...process.env, PYTHONPATH: shippedPythonFolder() } });
  if (result.status !== 0) throw new Error(`${interpreter} failed (exit ${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as unknown[];
}

/** The `flat` encoding as an external environment's `encode` writes it (infinities as text, as `python` answers them). */
function typescriptFlat(spaceJson: unknown, observation: JsonValue): (number | string)[] {
  const space = parseSpace(spaceJson, "observationSpace");
  const out = new Float32Array(flatSize(space));
  flattenInto(space, observation, out, 0);
  return Array.from(out, (x) => (Number.isFinite(x) ? x : String(x)));
}

const box = (shape: number[], dtype = "float32") => {
  const size = shape.reduce((a, b) => a * b, 1);
  return { type: "Box", shape, low: new Array<null>(size).fill(null), high: new Array<null>(size).fill(null), dtype };
};
const discrete = (n: number, start = 0) => ({ type: "Discrete", n, start });
const multiDiscrete = (nvec: number[], start = nvec.map(() => 0)) => ({ type: "MultiDiscrete", shape: [nvec.length], nvec, start });

/** Spaces and observations of them, as the protocol carries them; values that float32 rounds included. */
const flatCases: [string, unknown, JsonValue][] = [
  ["a scalar Box", box([]), 0.1],
  ["a Box vector", box([4]), [0.1, -2.5, 1e-7, 3.4028235e38]],
  ["a 2 × 3 Box", box([2, 3]), [[1, 2, 3], [4.4, 5.5, 6.6]]],
  ["a 2 × 2 × 2 Box", box([2, 2, 2]), [[[1, 2], [3, 4]], [[5, 6], [7, 8.123456789]]]],
  ["an integer Box", box([3], "int64"), [-7, 0, 16777217]],
  ["a Box past float32's range", box([2]), [1e39, 1e-46]],
  ["a Discrete", discrete(5), 3],
  ["a Discrete with a start", discrete(3, -1), -1],
  ["a MultiDiscrete", multiDiscrete([2, 3, 4]), [1, 0, 3]],
  ["a MultiDiscrete with starts", multiDiscrete([3, 2], [-1, 5]), [1, 5]],
  ["a 2 × 2 MultiDiscrete", { type: "MultiDiscrete", shape: [2, 2], nvec: [2, 3, 2, 3], start: [0, 0, 0, 0] }, [[1, 2], [0, 1]]],
  ["a MultiBinary", { type: "MultiBinary", shape: [2, 3] }, [[1, 0, 1], [0, 0, 1]]],
  ["a Dict in its declared order", { type: "Dict", spaces: [["velocity", box([2])], ["mode", discrete(3, 1)], ["dice", multiDiscrete([2, 3])]] }, { mode: 2, velocity: [0.5, -0.25], dice: [1, 2] }],
  ["a Tuple", { type: "Tuple", spaces: [discrete(2), box([1]), { type: "MultiBinary", shape: [3] }] }, [1, [0.7], [0, 1, 1]]],
  [
    "Dicts and Tuples nested",
    {
      type: "Dict",
      spaces: [
        ["arm", { type: "Tuple", spaces: [box([2, 2]), { type: "Dict", spaces: [["grip", discrete(2)], ["joints", multiDiscrete([3, 3])]] }] }],
        ["z", { type: "Tuple", spaces: [{ type: "Tuple", spaces: [discrete(4, 2)] }, box([])] }],
      ],
    },
    { z: [[5], -0.3], arm: [[[0.1, 0.2], [0.3, 0.4]], { joints: [2, 0], grip: 1 }] },
  ],
];

describe("foresight_env.encodings: the flat encoding in Python", () => {
  it("encodes Box, Discrete, MultiDiscrete, MultiBinary, Dict, Tuple and nested spaces as the TypeScript encoder does, value for value", () => {
    const answers = python(flatCases.map(([, space, observation]) => ["encode", space, observation] as const));
    flatCases.forEach(([name, space, observation], i) => expect(answers[i], name).toEqual(typescriptFlat(space, observation)));
  });

  it("reads a dataset's JSON text, spaces written by hand without bounds, and says which part of an observation does not fit", () => {
    const dict = { type: "Dict", spaces: [["a", { type: "Discrete", n: 2 }], ["b", { type: "Box", shape: [2] }]] };
    const [fromText, size, misfit, short] = python([
      ["encode", dict, JSON.stringify({ b: [0.1, 2], a: 1 })],
      ["flat_size", dict],
      ["encode", dict, { a: 2, b: [0, 0] }],
      ["encode", dict, { a: 0, b: [0] }],
    ]);
    expect(fromText).toEqual(typescriptFlat({ type: "Dict", spaces: [["a", discrete(2)], ["b", box([2])]] }, { a: 1, b: [0.1, 2] }));
    expect(size).toBe(4);
    expect(misfit).toEqual({ error: "2 at .a is not an integer in 0..1 (Discrete(2))" });
    expect(short).toEqual({ error: "[0] at .b is not an array of shape [2] (Box)" });
  });

  it("encodes a recorded Discrete action as the one-hot of its index and a Box action as its vector, as models take them", () => {
    const [index, fromText, vector, bare, outside] = python([
      ["encode_action", discrete(4, 1), 2],
      ["encode_action", discrete(4), "3"],
      ["encode_action", box([3]), [0.1, -1, 2.5]],
      ["encode_action", box([1]), 0.3],
      ["encode_action", discrete(4), 4],
    ]);
    expect(index).toEqual(Array.from(oneHot([2], 4).data));
    expect(fromText).toEqual(Array.from(oneHot([3], 4).data));
    expect(vector).toEqual(Array.from(Float32Array.from(actionVector([0.1, -1, 2.5], 3, "test"))));
    expect(bare).toEqual(Array.from(Float32Array.from(actionVector(0.3, 1, "test"))));
    expect(outside).toEqual({ error: "action 4 is not a Discrete(4) action's index 0..3" });
  });
});

describe("foresight_env.encodings on Gymnasium's own spaces", needs(gymnasium()), () => {
  it("gives gymnasium.spaces.flatten's numbers (as float32) and the TypeScript encoder's for sampled observations", () => {
    const script = [
      "import json, numpy as np",
      "from gymnasium import spaces",
      "from foresight_env.encodings import encode",
      "from foresight_env.spaces import describe, to_json",
      "all_spaces = [",
      "    spaces.Box(-1, 1, (), np.float32), spaces.Box(-np.inf, np.inf, (3, 2), np.float64), spaces.Box(0, 255, (2, 2, 3), np.uint8),",
      "    spaces.Discrete(4, start=-2), spaces.MultiDiscrete([[2, 3], [4, 5]]), spaces.MultiDiscrete([3, 2], start=[-1, 4]), spaces.MultiBinary([2, 2]),",
      "    spaces.Dict({'velocity': spaces.Box(-1, 1, (2,)), 'mode': spaces.Discrete(3, start=1), 'pair': spaces.Tuple((spaces.Discrete(2), spaces.MultiBinary(3)))}),",
      "    spaces.Tuple((spaces.Dict({'b': spaces.Discrete(2), 'a': spaces.Box(0, 1, (1,))}), spaces.Tuple((spaces.MultiDiscrete([2, 2]),)))),",
      "]",
      "out = []",
      "for i, space in enumerate(all_spaces):",
      "    space.seed(i)",
      "    for _ in range(4):",
      "        value = space.sample()",
      "        out.append({'space': describe(space), 'value': to_json(space)(value), 'python': encode(space, value),",
      "                    'gymnasium': spaces.flatten(space, value).astype(np.float32).tolist()})",
      "print(json.dumps(out))",
    ].join("\n");
    const result = spawnSync(GYM_PYTHON, ["-c", script], { encoding: "utf8", env: { ...process.env, PYTHONPATH: shippedPythonFolder() } });
    expect(result.status, result.stderr).toBe(0);
    const samples = JSON.parse(result.stdout) as { space: unknown; value: JsonValue; python: number[]; gymnasium: number[] }[];
    expect(samples).toHaveLength(36);
    for (const { space, value, python, gymnasium } of samples) {
      expect(python, JSON.stringify(space)).toEqual(gymnasium);
      expect(python, JSON.stringify(space)).toEqual(typescriptFlat(space, value));
    }
  });
});

describe("foresight_env.gridworld_encodings", () => {
  it("encodes the observations of every built-in map, random and custom maps as GridWorld does, in all four encodings", () => {
    const worlds: { map: string; layout?: string[]; size?: number }[] = [
      { map: "lava-bridge" },
      { map: "cliff" },
      { map: "lava-maze" },
      { map: "random", size: 9 },
      { map: "random", size: 6 },
      { map: "custom", layout: ["S#G", "..L"] },
      { map: "custom", layout: ["S.L.G"] },
    ];
    const cases: { encoding: string; observation: Observation; rows: readonly string[] | null; expected: number[] }[] = [];
    const rng = Rng.fromSeed(7);
    for (const world of worlds) {
      const env = createGridWorld({ map: world.map, layout: world.layout, size: world.size ?? 9, slip: 0.2, gamma: 0.99 });
      for (let seed = 0; seed < 3; seed++) {
        let observation = env.reset(seed);
        // A named map's rows are foresight_env's own; a random or custom one's come from the trace's scene.
        const scene = env.scene() as { rows: string[] };
        const rows = world.map === "random" || world.map === "custom" ? scene.rows : null;
        for (let step = 0; step < 12; step++) {
          for (const encoding of ["position", "coords", "grid", "patch"]) cases.push({ encoding, observation, rows, expected: Array.from(env.encode(encoding, observation)) });
          if (env.done) break;
          observation = env.step(rng.int(4)).observation;
        }
      }
    }
    const answers = python(cases.map(({ encoding, observation, rows }) => ["encode_gridworld", encoding, JSON.stringify(observation), rows] as const));
    cases.forEach(({ encoding, observation, expected }, i) => expect(answers[i], `${encoding} of ${JSON.stringify(observation)}`).toEqual(expected));
    expect(cases.length).toBeGreaterThan(500);
  });

  it("refuses an observation that does not fit its map, and a random map without its rows", () => {
    const [wall, goal, random] = python([
      ["encode_gridworld", "grid", { agent: [0, 6], goal: [4, 8], map: "lava-maze" }, null],
      ["encode_gridworld", "position", { agent: [0, 0], goal: [0, 8], map: "lava-bridge" }, null],
      ["encode_gridworld", "coords", { agent: [0, 0], goal: [3, 8], map: "random-4" }, null],
    ]);
    expect(wall).toEqual({ error: "the observation puts the agent on a wall at [0, 6] of map 'lava-maze'" });
    expect(goal).toEqual({ error: "the observation puts the goal at [0, 8], but map 'lava-bridge' has it at [6, 8]" });
    expect(random).toEqual({ error: "map 'random-4' is not a built-in map (lava-bridge, cliff, lava-maze): pass its rows, e.g. from the trace's episode.start scene" });
  });
});

describe("foresight_env.shopping_encodings", () => {
  it("encodes shopping observations and actions (clicks on listed products read as their titles) as the shopping task does", () => {
    const catalogue = cachedCatalogue(0, 2000);
    const env = ShoppingEnvironment.create({ catalogue, index: searchIndexOf(catalogue), difficulty: "mixed" });
    const observations: ShoppingObservation[] = [];
    const actions: { action: string; observation: ShoppingObservation }[] = [];
    const rng = Rng.fromSeed(3);
    for (let seed = 0; seed < 8; seed++) {
      let observation = env.reset(seed) as ShoppingObservation;
      for (let step = 0; step < 15; step++) {
        observations.push(observation);
        const { actions: proposed } = env.naiveProposals();
        for (const action of proposed as string[]) actions.push({ action, observation });
        if (env.done) break;
        observation = env.step(proposed[rng.int(proposed.length)]!).observation as ShoppingObservation;
      }
    }
    // Prices and rewards on a rounding tie: toFixed rounds them up, Python's format to even.
    const ties: ShoppingObservation[] = [
      { instruction: "a $0.125 hat", page: { kind: "done", id: "B1", title: "Hat", price: 0.125, chosen: { size: "m", color: "red" }, reward: 0.0625 } },
      { instruction: "", page: { kind: "results", query: "zzz", page: 1, pages: 1, total: 0, items: [] } },
    ];
    observations.push(...ties);
    const kinds = new Set(observations.map((o) => o.page.kind));
    expect([...kinds].sort()).toEqual(["done", "item", "results", "search"]);
    expect(actions.some(({ action, observation }) => action.startsWith("click[B") && observation.page.kind === "results")).toBe(true);

    const answers = python([
      ...observations.map((o) => ["encode_shopping", JSON.stringify(o)] as const),
      // As a dataset records an action: its JSON text.
      ...actions.map(({ action, observation }) => ["encode_shopping_action", JSON.stringify(action), observation] as const),
    ]);
    observations.forEach((o, i) => expect(answers[i], JSON.stringify(o)).toEqual(Array.from(encodeObservation(o))));
    actions.forEach(({ action, observation }, i) =>
      expect(answers[observations.length + i], `${action} on ${observation.page.kind}`).toEqual(Array.from(encodeActionText(action, observation))),
    );
  });
});
