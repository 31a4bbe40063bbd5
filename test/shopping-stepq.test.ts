import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foresightAsync, tempDir, writeExampleVariant } from "./fixtures/foresight-process.js";

// The step-level Q loop on the shop through the compiled CLI (`npm run build` first): collect with
// Monte-Carlo labels, train, redeploy, compare — as tools/make-shopping-q.sh does at full size.

describe("the step-level Q loop on the shopping task", () => {
  it("collects Monte-Carlo-labelled candidates, trains Q(s, a) over the bow encodings and runs the shopper with it", async () => {
    const dir = tempDir("stepq-loop");
    const collect = await foresightAsync("run", "tools/shopping-stepq-collect.foresight.json", "--episodes", "30", "--seed", "4", "--out", dir, "--json", "--quiet");
    expect(collect.code, collect.stderr).toBe(0);
    const { runDir } = JSON.parse(collect.stdout);
    const candidates = readFileSync(join(runDir, "dataset/candidates.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(candidates[0]).toMatchObject({ mc_q: expect.any(Number), mc_risk: expect.any(Number) });
    const pairs = readFileSync(join(runDir, "dataset/preferences.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
    for (const pair of pairs) expect(pair.chosen_score).toBeGreaterThanOrEqual(pair.rejected_score);

    const model = join(dir, "q.onnx");
    const train = await foresightAsync("train", "q", "--target", "mc", "--data", runDir, "--out", model, "--encoding", "bow", "--hidden", "8", "--epochs", "2", "--quiet");
    expect(train.code, train.stderr).toBe(0);
    expect(train.stderr).toMatch(/q \(mc\): [\d,]+ candidates labelled mc_q, 512 state features \("bow"\), 256 action features \("bow" of "shopping"\), 2 row products/);
    expect(train.stdout).toContain(`wrote ${model}`);

    const pipeline = writeExampleVariant("shopping-stepq", dir, "stepq", (doc) => {
      doc.nodes.find((n: { id: string }) => n.id === "q").params.model = model;
    });
    const deployed = await foresightAsync("run", pipeline, "--episodes", "3", "--seed", "2", "--out", dir, "--json", "--quiet", "--trace", "off");
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(JSON.parse(deployed.stdout)).toMatchObject({ status: "completed", episodes: 3, episodesFailed: 0 });
  }, 60_000);

  it("refuses what a text action space cannot train: --target max, behaviour cloning, --target mc without labels", async () => {
    const dir = tempDir("stepq-refuse");
    const run = await foresightAsync("run", "examples/shopping-scripted.foresight.json", "--episodes", "3", "--seed", "2", "--out", dir, "--json", "--quiet", "--trace", "off");
    const { runDir } = JSON.parse(run.stdout);
    const max = await foresightAsync("train", "q", "--target", "max", "--data", runDir, "--out", join(dir, "q.onnx"), "--encoding", "bow", "--quiet");
    expect(max.code).toBe(2);
    expect(max.stderr).toContain('"shopping" has text ones: use --target sarsa, or mc with Monte-Carlo labels');
    const policy = await foresightAsync("train", "policy", "--data", runDir, "--out", join(dir, "p.onnx"), "--encoding", "bow", "--quiet");
    expect(policy.code).toBe(2);
    expect(policy.stderr).toContain('task "policy" needs discrete or box actions; "shopping" has text actions');
    const unlabelled = await foresightAsync("train", "q", "--target", "mc", "--data", runDir, "--out", join(dir, "q.onnx"), "--encoding", "bow", "--quiet");
    expect(unlabelled.code).toBe(2);
    expect(unlabelled.stderr).toContain("no candidates file in ");
    expect(unlabelled.stderr).toContain("(looked for candidates.jsonl, candidates.parquet, candidates.parquet.parts, beside transitions.");
    const sarsa = await foresightAsync("train", "q", "--data", runDir, "--out", join(dir, "q.onnx"), "--encoding", "bow", "--hidden", "4", "--epochs", "1", "--iterations", "2", "--quiet");
    expect(sarsa.code, sarsa.stderr).toBe(0);
    expect(existsSync(join(dir, "q.onnx"))).toBe(true);
  }, 60_000);

  it("compares the scripted shopper with the learned step-level Q: the Q-guided one succeeds more often, intervals apart", async () => {
    const result = await foresightAsync(
      "compare", "examples/shopping-scripted.foresight.json", "examples/shopping-stepq.foresight.json",
      "--episodes", "200", "--seed", "1", "--out", tempDir("stepq-compare"), "--json", "--trace", "off",
    );
    expect(result.code, result.stderr).toBe(0);
    const comparison = JSON.parse(result.stdout);
    // docs/shopping.md: 33.5 % → 64.5 % (+31 points) with assets/models/shopping-q.onnx.
    expect(comparison.difference.successRate.value).toBeGreaterThanOrEqual(0.2);
    expect(comparison.difference.meanReturn.value).toBeGreaterThan(0.1);
    expect(comparison.successIntervalsOverlap).toBe(false);
  }, 60_000);
});
