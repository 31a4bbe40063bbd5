import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foresight, foresightAsync, tempDir, writeExampleVariant, type Finished } from "./fixtures/foresight-process.js";

// Close the loop: the weak policy records its own play, `foresight train` learns from it, and
// the learned models run in pipelines. One recorded run is shared by every test here.
const dir = tempDir("onnx-train");
let runDir: string;
let trainedQ: Finished;
let trainedPolicy: Finished;

const qFlags = ["--iterations", "12", "--epochs", "8"];

beforeAll(async () => {
  const recorded = foresight(
    "run", "examples/gridworld-policy-only.foresight.json", "--episodes", "300", "--seed", "11",
    "--out", join(dir, "runs"), "--json", "--quiet", "--trace", "off", "--workers", "1",
  );
  expect(recorded.code, recorded.stderr).toBe(0);
  runDir = JSON.parse(recorded.stdout).runDir;
  [trainedQ, trainedPolicy] = await Promise.all([
    foresightAsync("train", "q", "--data", runDir, "--out", join(dir, "q.onnx"), ...qFlags, "--seed", "2"),
    foresightAsync("train", "policy", "--data", runDir, "--out", join(dir, "policy.onnx"), "--seed", "2"),
  ]);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The losses `foresight train` prints last; fails the test when the line is missing. */
function finalLosses(stdout: string): { train: number; validation: number } {
  const match = /^final loss: train (\S+), validation (\S+)$/m.exec(stdout);
  expect(match, stdout).not.toBeNull();
  return { train: Number(match![1]), validation: Number(match![2]) };
}

describe("foresight train q, on the weak policy's own recorded play", () => {
  it("exits 0, writes the model and prints the final training and validation loss", () => {
    expect(trainedQ.code, trainedQ.stderr).toBe(0);
    expect(trainedQ.stderr).toMatch(/^q: [\d,]+ transitions of 300 episodes, 63 features \("position"\), 4 actions$/m);
    expect(trainedQ.stdout).toContain(`wrote ${join(dir, "q.onnx")}`);
    expect(trainedQ.stdout).toContain('input "observation" [batch, 63] → "q_values"');
    const losses = finalLosses(trainedQ.stdout);
    expect(Number.isFinite(losses.train) && losses.train >= 0).toBe(true);
    expect(Number.isFinite(losses.validation) && losses.validation >= 0).toBe(true);
  });

  it("guides the weak policy's samples: +20 points or more over the policy alone, intervals apart (200 episodes, seed 3)", () => {
    const learned = writeExampleVariant("gridworld-vgps-onnx", dir, "learned-q", (doc) => (doc.nodes[3].params.model = "q.onnx"));
    const result = foresight(
      "compare", "examples/gridworld-policy-only.foresight.json", learned,
      "--episodes", "200", "--seed", "3", "--out", join(dir, "compare-q"), "--json", "--trace", "off",
    );
    expect(result.code, result.stderr).toBe(0);
    const comparison = JSON.parse(result.stdout);
    expect(comparison.b).toMatchObject({ status: "completed", episodes: 200, episodesFailed: 0 });
    expect(comparison.b.models).toEqual([expect.objectContaining({ node: "q", path: "q.onnx" })]);
    expect(comparison.difference.successRate.value).toBeGreaterThanOrEqual(0.2);
    expect(comparison.successIntervalsOverlap).toBe(false);
    expect(comparison.b.successRate.low).toBeGreaterThan(comparison.a.successRate.high);
  });

  it("writes byte-identical files for the same seed (the run folder named after the task, as --data) and different ones for another seed", async () => {
    const [again, otherSeed] = await Promise.all([
      foresightAsync("train", "q", runDir, "--out", join(dir, "q-again.onnx"), ...qFlags, "--seed", "2", "--quiet"),
      foresightAsync("train", "q", "--data", runDir, "--out", join(dir, "q-seed3.onnx"), ...qFlags, "--seed", "3", "--quiet"),
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(otherSeed.code, otherSeed.stderr).toBe(0);
    const first = readFileSync(join(dir, "q.onnx"));
    expect(readFileSync(join(dir, "q-again.onnx")).equals(first)).toBe(true);
    expect(readFileSync(join(dir, "q-seed3.onnx")).equals(first)).toBe(false);
  });

  it("records how it was trained in the file, which foresight model shows, and says when it replaced a file", async () => {
    const model = foresight("model", join(dir, "q.onnx"), "--json");
    expect(model.code, model.stderr).toBe(0);
    const { metadata } = JSON.parse(model.stdout) as { metadata: Record<string, string> };
    expect(metadata).toMatchObject({
      trained_by: "foresight train q", encoding: "position", target: "sarsa", gamma: "0.99", iterations: "12", epochs: "8", seed: "2", validation: "0.1", hidden: "64,64",
    });
    expect(Number(metadata["validation_loss"])).toBe(finalLosses(trainedQ.stdout).validation);
    expect(metadata).toMatchObject({ environment: "gridworld", episodes: "300" });
    const shown = foresight("model", join(dir, "q.onnx"));
    expect(shown.stdout).toMatch(/^trained_by +foresight train q$/m);
    const out = join(dir, "q-replaced.onnx");
    copyFileSync(join(dir, "policy.onnx"), out);
    const again = await foresightAsync("train", "q", runDir, "--out", out, ...qFlags, "--seed", "2", "--quiet");
    expect(again.stdout).toContain(`replaced ${out}`);
    expect(readFileSync(out).equals(readFileSync(join(dir, "q.onnx")))).toBe(true);
  });
});

describe("foresight train policy (behaviour cloning) and the ONNX policy", () => {
  it("imitates the heuristic it learned from: success within 15 points of it (200 episodes, seed 3)", () => {
    expect(trainedPolicy.code, trainedPolicy.stderr).toBe(0);
    expect(trainedPolicy.stdout).toContain('input "observation" [batch, 63] → "logits"');
    finalLosses(trainedPolicy.stdout);
    const cloned = writeExampleVariant("gridworld-policy-only", dir, "cloned-policy", (doc) => {
      doc.name = "cloned-policy";
      doc.nodes[1].params = { variant: "onnx", model: "policy.onnx", encoding: "position", input: "observation", head: "categorical", logits: "logits" };
    });
    const result = foresight(
      "compare", "examples/gridworld-policy-only.foresight.json", cloned,
      "--episodes", "200", "--seed", "3", "--out", join(dir, "compare-policy"), "--json", "--trace", "off",
    );
    expect(result.code, result.stderr).toBe(0);
    const comparison = JSON.parse(result.stdout);
    expect(comparison.b).toMatchObject({ pipeline: "cloned-policy", status: "completed", episodes: 200, episodesFailed: 0 });
    expect(comparison.b.models).toEqual([expect.objectContaining({ node: "policy", path: "policy.onnx", provider: "cpu" })]);
    expect(Math.abs(comparison.difference.successRate.value)).toBeLessThanOrEqual(0.15);
  });
});

describe("foresight train refuses what it cannot train on (exit 2, one-line reason)", () => {
  it("names a data path that does not exist as it was given, with --data or after the task", () => {
    const missing = join(dir, "no-such-run");
    const result = foresight("train", "q", "--data", missing, "--out", join(dir, "never.onnx"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--data ${missing}: no such file or folder`);
    expect(existsSync(join(dir, "never.onnx"))).toBe(false);
    // Named after the task, it is named as typed: no --data the user did not write.
    expect(foresight("train", "q", missing, "--out", join(dir, "never.onnx")).stderr).toBe(`foresight: ${missing}: no such file or folder\n`);
  });

  it("asks for --pipeline when a transitions file sits outside any run folder, and trains once given one", () => {
    const alone = join(dir, "alone");
    mkdirSync(alone);
    copyFileSync(join(runDir, "dataset/transitions.jsonl"), join(alone, "transitions.jsonl"));
    const result = foresight("train", "policy", "--data", join(alone, "transitions.jsonl"), "--out", join(alone, "p.onnx"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("pass --pipeline <file>");
    expect(existsSync(join(alone, "p.onnx"))).toBe(false);

    const given = foresight(
      "train", "policy", "--data", join(alone, "transitions.jsonl"), "--pipeline", "examples/gridworld-policy-only.foresight.json",
      "--out", join(alone, "p.onnx"), "--epochs", "1",
    );
    expect(given.code, given.stderr).toBe(0);
    expect(existsSync(join(alone, "p.onnx"))).toBe(true);
  });

  it("trains on a run of a pipeline with ONNX nodes: the run folder's copy finds its models", () => {
    const out = tempDir("onnx-run");
    expect(foresight("run", "examples/gridworld-vgps-onnx.foresight.json", "--episodes", "10", "--out", out, "--quiet").code).toBe(0);
    const onnxRun = join(out, readdirSync(out)[0]!);
    const result = foresight("train", "q", "--data", onnxRun, "--out", join(dir, "from-onnx-run.onnx"), "--iterations", "1", "--epochs", "1", "--quiet");
    expect(result.code, result.stderr).toBe(0);
  });

  it("finds the transitions where the run's Dataset collector wrote them (its own folder), from the run folder or that folder", () => {
    const out = tempDir("own-folder");
    expect(foresight("run", "examples/gridworld-vgps.foresight.json", "--episodes", "5", "--set", "dataset.folder=offline/gw", "--out", out, "--quiet").code).toBe(0);
    const run = join(out, readdirSync(out)[0]!);
    for (const data of [run, join(run, "offline/gw")]) {
      const result = foresight("train", "q", data, "--out", join(out, "q.onnx"), "--iterations", "1", "--epochs", "1", "--quiet");
      expect(result.code, result.stderr).toBe(0);
    }
    // A run that recorded no transitions is said to be one.
    const none = tempDir("no-transitions");
    expect(foresight("run", "examples/gridworld-vgps.foresight.json", "--episodes", "2", "--set", "dataset.transitions=false", "--out", none, "--quiet").code).toBe(0);
    const noneRun = join(none, readdirSync(none)[0]!);
    expect(foresight("train", "q", noneRun, "--out", join(none, "q.onnx"))).toMatchObject({ code: 2, stderr: `foresight: ${noneRun}: the run recorded no transitions (none in dataset/: had its Dataset collector "transitions" off?)\n` });
    // One whose every episode failed is said to be that, with the first error, not taken for a collector left off.
    const failed = tempDir("all-failed");
    const closedServer = ["--set", "policy.baseUrl=http://127.0.0.1:9/v1", "--set", "policy.maxRetries=0", "--set", "policy.cache=off"];
    expect(foresight("run", "examples/gridworld-llm.foresight.json", "--episodes", "2", ...closedServer, "--out", failed, "--quiet").code).toBe(1);
    const failedRun = join(failed, readdirSync(failed)[0]!);
    const refused = foresight("train", "q", failedRun, "--out", join(failed, "q.onnx"));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/: the run recorded no transitions: every episode failed \(2 of 2; the first: node "policy" \(policy\) at episode 0, step 0: request to http:\/\/127\.0\.0\.1:9\/v1\/chat\/completions .*\), and a failed episode's records are not written\n$/);
  });

  it("refuses a flag the task does not use, rather than ignore it", () => {
    const policy = foresight("train", "policy", runDir, "--out", join(dir, "never.onnx"), "--gamma", "0.5", "--target", "max");
    expect(policy).toMatchObject({ code: 2, stderr: 'foresight: task "policy" does not use --target, --gamma (--target: q; --gamma: q, value)\n' });
    const discrete = foresight("train", "q", runDir, "--out", join(dir, "never.onnx"), "--action-encoding", "bow");
    expect(discrete).toMatchObject({ code: 2, stderr: 'foresight: --action-encoding encodes text actions; "gridworld" has discrete ones\n' });
    expect(existsSync(join(dir, "never.onnx"))).toBe(false);
  });

  it("refuses a task named like a built-in property of objects", () => {
    expect(foresight("train", "toString", "--data", runDir, "--out", join(dir, "never.onnx")).code).toBe(2);
  });

  it("names the tasks there are for an unknown one", () => {
    const result = foresight("train", "reward", "--data", runDir, "--out", join(dir, "never.onnx"));
    expect(result.code).toBe(2);
    const reason = /^foresight: unknown task "reward"; tasks: (.*)$/m.exec(result.stderr);
    expect(reason, result.stderr).not.toBeNull();
    expect(reason![1]!.split(", ")).toEqual(expect.arrayContaining(["q", "policy", "dynamics"]));
    expect(existsSync(join(dir, "never.onnx"))).toBe(false);
  });
});
