import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readDataset } from "../nodes/dataset/index.js";
import { foresightAsync, tempDir, writeExampleVariant } from "./fixtures/foresight-process.js";
import { GYM_PYTHON, gymnasium, needs } from "./fixtures/requirements.js";

const dir = tempDir("pendulum");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The world-model template with its model paths made absolute, so it runs from the temporary folder. */
function worldModelVariant(name: string, edit: (doc: { nodes: { id: string; params: Record<string, unknown> }[] }) => void = () => {}): string {
  return writeExampleVariant("pendulum-worldmodel", dir, name, (doc) => {
    const node = (id: string) => doc.nodes.find((n: { id: string }) => n.id === id);
    node("policy").params.model = resolve("assets/models/pendulum-policy.onnx");
    node("rollout").params.model.path = resolve("assets/models/pendulum-dynamics.onnx");
    edit(doc);
  });
}

describe("the Pendulum world-model template", () => {
  it("records torques as lists in JSONL and Parquet, and foresight train q fits Q(s, a) on them", { timeout: 120_000 }, async () => {
    const file = worldModelVariant("built-in");
    const out = join(dir, "runs");
    const run = await foresightAsync("run", file, "--episodes", "2", "--seed", "3", "--trace", "off", "--quiet", "--out", out);
    expect(run.code, run.stderr).toBe(0);
    const runDir = join(out, readdirSync(out)[0]!);
    for (const format of ["jsonl", "parquet"]) {
      const records = await readDataset(join(runDir, "dataset", `transitions.${format}`));
      expect(records).toHaveLength(400);
      for (const record of records) {
        const action = JSON.parse(String(record["action"])) as unknown;
        expect(Array.isArray(action) && action.length === 1 && Math.abs(action[0] as number) <= 2, `${format}: ${String(record["action"])}`).toBe(true);
      }
    }
    // No --encoding: Pendulum's first (and only) one, "flat".
    const trained = await foresightAsync("train", "q", "--data", runDir, "--out", join(dir, "q.onnx"), "--iterations", "2", "--epochs", "2", "--quiet");
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stderr).toContain('q: 400 transitions of 2 episodes, 3 features ("flat"), actions of 1 number\n');
    // The model's two inputs, as `foresight model` lists them.
    expect(trained.stdout).toContain('inputs "observation" [batch, 3], "action" [batch, 1] → "q"\n');
    const refused = await foresightAsync("train", "q", "--data", runDir, "--out", join(dir, "q-max.onnx"), "--encoding", "flat", "--target", "max", "--quiet");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--target max needs discrete actions.*use --target sarsa/);
  });

  it("runs the same models on Gymnasium's Pendulum-v1 through the external environment, switched to by --set", { ...needs(gymnasium()), timeout: 120_000 }, async () => {
    const file = worldModelVariant("gymnasium");
    const gym = ["--set", "env.name=gymnasium", "--set", "env.id=Pendulum-v1", "--set", `env.python=${GYM_PYTHON}`];
    const run = await foresightAsync("run", file, ...gym, "--episodes", "1", "--seed", "1", "--trace", "off", "--quiet", "--json", "--out", join(dir, "gym-runs"));
    expect(run.code, run.stderr).toBe(0);
    // The built-in Pendulum's own params are not the Gymnasium variant's: dropped, and said so.
    expect(run.stderr).toContain("foresight: --set switched a variant: dropped env.g, env.maxEpisodeSteps (not params of the new one)\n");
    const summary = JSON.parse(run.stdout) as { runDir: string; episodes: number; meanReturn: { value: number }; meanLength: { value: number } };
    expect(summary.episodes).toBe(1);
    // foresight_env sends Pendulum-v1's scene with the reset: the editor draws it as the built-in Pendulum.
    const start = readFileSync(join(summary.runDir, "trace.jsonl"), "utf8").split("\n").find((line) => line.includes('"type":"episode.start"'));
    expect(JSON.parse(start!).scene).toEqual({ kind: "pendulum", maxTorque: 2 });
    expect(summary.meanLength.value).toBe(200);
    // A swing-up and hold returns a few hundred at worst; hanging still is about −1,200 or worse.
    expect(summary.meanReturn.value).toBeGreaterThan(-800);
  });
});
