import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { foresightAsync, tempDir, writeExampleVariant } from "./fixtures/foresight-process.js";
import { GYM_PYTHON, gymnasium, needs } from "./fixtures/requirements.js";

const dir = tempDir("cartpole");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Doc = { nodes: { id: string; params: Record<string, unknown> }[] };

/** A CartPole template with its model paths made absolute, so it runs from the temporary folder. */
function variant(example: string, name: string, edit: (doc: Doc) => void = () => {}): string {
  return writeExampleVariant(example, dir, name, (doc: Doc) => {
    const node = (id: string) => doc.nodes.find((n) => n.id === id);
    node("policy")!.params["model"] = resolve("assets/models/cartpole-policy.onnx");
    const q = node("q");
    if (q) q.params["model"] = resolve("assets/models/cartpole-q.onnx");
    edit(doc);
  });
}

interface Summary {
  episodes: number;
  meanReturn: { value: number; low: number; high: number };
}

async function meanReturn(file: string, episodes: number, out: string): Promise<Summary> {
  const run = await foresightAsync("run", file, "--episodes", String(episodes), "--seed", "2", "--trace", "off", "--quiet", "--json", "--out", join(dir, out));
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Summary;
}

const gymnasiumCartPole = (doc: Doc) => {
  doc.nodes[0]!.params = { name: "gymnasium", id: "CartPole-v1", python: GYM_PYTHON };
};

describe("the CartPole V-GPS template", () => {
  it("lifts the weak policy's mean return with the learned Q, on the built-in CartPole", { timeout: 120_000 }, async () => {
    const baseline = await meanReturn(variant("cartpole-policy-only", "policy-only"), 30, "policy-only");
    const method = await meanReturn(variant("cartpole-vgps", "vgps"), 30, "vgps");
    expect(baseline.episodes).toBe(30);
    // The weak policy drops the pole after ~45 steps; re-ranked by Q it holds it more than twice as long.
    expect(method.meanReturn.low).toBeGreaterThan(baseline.meanReturn.high);
  });

  it("runs the same models on Gymnasium's CartPole-v1 through the external environment", { ...needs(gymnasium()), timeout: 120_000 }, async () => {
    const baseline = await meanReturn(variant("cartpole-policy-only", "gym-policy-only", gymnasiumCartPole), 30, "gym-policy-only");
    const method = await meanReturn(variant("cartpole-vgps", "gym-vgps", gymnasiumCartPole), 30, "gym-vgps");
    expect(method.meanReturn.low).toBeGreaterThan(baseline.meanReturn.high);
  });
});
