import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { foresight, tempDir } from "./fixtures/foresight-process.js";

const FILE = "examples/gridworld-vgps.foresight.json";

// --seed and --episodes win over --set run.seed / run.episodes: a sweep over them ran one seed under several labels.
describe("--set run.seed / run.episodes beside --seed / --episodes", () => {
  it("sweep refuses them before running anything, naming both (exit 2)", () => {
    const out = tempDir("sweep-conflict");
    const seeds = foresight("sweep", FILE, "--set", "run.seed=1,2", "--seed", "7", "--episodes", "2", "--out", out);
    expect(seeds.code).toBe(2);
    expect(seeds.stderr).toBe("foresight: --set run.seed=1,2 and --seed 7 both set run.seed: give one of them\n");
    const episodes = foresight("sweep", FILE, "--episodes", "10", "--set", "run.episodes=5,20", "--out", out);
    expect(episodes.code).toBe(2);
    expect(episodes.stderr).toBe("foresight: --set run.episodes=5,20 and --episodes 10 both set run.episodes: give one of them\n");
    expect(readdirSync(out)).toEqual([]);
  });

  it("run and compare refuse them too (compare naming --set-a)", () => {
    const out = tempDir("run-conflict");
    const run = foresight("run", FILE, "--seed", "7", "--set", "run.seed=1", "--episodes", "2", "--out", out);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("foresight: --set run.seed=1 and --seed 7 both set run.seed: give one of them\n");
    const compare = foresight("compare", FILE, FILE, "--seed", "7", "--set-a", "run.seed=1", "--episodes", "2", "--out", out);
    expect(compare.code).toBe(2);
    expect(compare.stderr).toBe("foresight: --set-a run.seed=1 and --seed 7 both set run.seed: give one of them\n");
    expect(readdirSync(out)).toEqual([]);
  });

  it("a sweep over run.seed alone runs each seed", () => {
    const out = tempDir("sweep-seeds");
    const sweep = foresight("sweep", FILE, "--set", "run.seed=1,2", "--episodes", "2", "--out", out, "--json");
    expect(sweep.code, sweep.stderr).toBe(0);
  });
});
