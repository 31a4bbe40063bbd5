import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { foresightAsync, tempDir, writeExampleVariant } from "./fixtures/foresight-process.js";
import { GYM_PYTHON, gymnasium, needs } from "./fixtures/requirements.js";

const dir = tempDir("pointmass");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The RaWMPC template with its model paths made absolute, on the built-in point mass or its Gymnasium copy. */
function rawmpcVariant(name: string, env?: Record<string, unknown>): string {
  return writeExampleVariant("pointmass-rawmpc", dir, name, (doc) => {
    const node = (id: string) => doc.nodes.find((n: { id: string }) => n.id === id);
    node("policy").params.model = resolve("assets/models/pointmass-policy.onnx");
    node("rollout").params.model.path = resolve("assets/models/pointmass-dynamics.onnx");
    if (env) node("env").params = env;
  });
}

/** The episodes' ends, and the scenes their starts carried (the environment's layout). */
interface Traced {
  episodes: TracedEpisode[];
  scenes: unknown[];
}

interface TracedEpisode {
  type: string;
  episode: number;
  return: number;
  success: boolean;
  terminated: boolean;
  envSteps: number;
}

async function episodesOf(file: string, out: string): Promise<Traced> {
  const run = await foresightAsync("run", file, "--episodes", "8", "--seed", "3", "--trace", "off", "--quiet", "--json", "--out", out);
  expect(run.code, run.stderr).toBe(0);
  const { runDir } = JSON.parse(run.stdout) as { runDir: string };
  const events = readFileSync(join(runDir, "trace.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as TracedEpisode & { scene?: unknown });
  return {
    episodes: events
      .filter((event) => event.type === "episode.end")
      .map(({ episode, return: total, success, terminated, envSteps }) => ({ type: "episode.end", episode, return: total, success, terminated, envSteps })),
    scenes: events.filter((event) => event.type === "episode.start").map((event) => event.scene),
  };
}

describe("the point-mass RaWMPC template", () => {
  it("plays the same episodes, to the last bit of every return, on its Gymnasium copy as on the built-in world", { ...needs(gymnasium()), timeout: 120_000 }, async () => {
    const builtIn = await episodesOf(rawmpcVariant("built-in"), join(dir, "built-in"));
    const gym = await episodesOf(rawmpcVariant("gymnasium", { name: "gymnasium", id: "foresight_env.point_mass:PointMass-v0", python: GYM_PYTHON }), join(dir, "gymnasium"));
    expect(builtIn.episodes).toHaveLength(8);
    // Seed 3's first eight episodes end in all three ways, so the check covers the goal, a collision and the time limit.
    expect(new Set(builtIn.episodes.map((e) => (e.success ? "goal" : e.terminated ? "collision" : "time limit")))).toEqual(new Set(["goal", "collision", "time limit"]));
    expect(gym.episodes).toEqual(builtIn.episodes);
    // The same arenas too: the Gymnasium copy sends its scene with each reset (PointMassEnv.foresight_scene), so the editor draws both alike.
    expect(builtIn.scenes).toHaveLength(8);
    expect(new Set(builtIn.scenes.map((scene) => JSON.stringify(scene))).size).toBe(8);
    expect(gym.scenes).toEqual(builtIn.scenes);
  });
});
