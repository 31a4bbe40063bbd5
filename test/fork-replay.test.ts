import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createGridWorld } from "../nodes/environment/gridworld/index.js";
import { builtinRegistry } from "../nodes/index.js";
import { replaySteps, type ForkReplay, type RecordedStep } from "../runtime/engine/replay.js";
import { executeRun } from "../runtime/execute-run.js";
import { runFile } from "../runtime/run-folder.js";
import { forkReplayFrom } from "../runtime/trace/fork-replay.js";
import { TraceIndex } from "../runtime/trace/trace-index.js";
import { example, validated } from "./fixtures/pipelines.js";

const origin = { runDir: "runs/original", episode: 2, step: 3 };

/** Three steps played on a real GridWorld, recorded as a trace would have them. */
function recorded(): RecordedStep[] {
  const env = createGridWorld({ map: "lava-bridge", size: 9, slip: 0.3, gamma: 0.99 });
  env.reset(42);
  return [1, 1, 2].map((action, step) => {
    const observation = env.observe();
    const result = env.step(action);
    return { step, action, reward: result.reward, done: result.terminated, envSteps: 1, observation };
  });
}

const fresh = () => {
  const env = createGridWorld({ map: "lava-bridge", size: 9, slip: 0.3, gamma: 0.99 });
  env.reset(42);
  return env;
};

describe("replaying a fork's recorded steps", () => {
  it("reproduces the recorded observations, rewards and ends on a freshly reset environment", () => {
    const steps = recorded();
    const replay: ForkReplay = { origin, seed: 1, steps };
    expect([...replaySteps(fresh(), replay)].map((r) => [r.observation, r.reward, r.done])).toEqual(steps.map((s) => [s.observation, s.reward, s.done]));
  });

  it("names run, episode and step when an observation differs (another seed, so another state)", () => {
    const env = createGridWorld({ map: "lava-bridge", size: 9, slip: 0.3, gamma: 0.99 });
    env.reset(7);
    const steps = recorded();
    steps[1]!.observation = { agent: [5, 5], goal: [6, 8], map: "lava-bridge" };
    expect(() => [...replaySteps(env, { origin, seed: 1, steps })]).toThrow(
      /^run runs\/original, episode 2, step 1: replaying the recorded actions diverged: the environment observes .* the trace has \{"agent":\[5,5\]/,
    );
  });

  it("refuses to fork from a state the environment cannot snapshot", () => {
    const env = fresh();
    env.snapshot = () => {
      throw new Error("state lives on a remote server");
    };
    expect(() => [...replaySteps(env, { origin, seed: 1, steps: recorded() })]).toThrow(
      'run runs/original, episode 2, step 3 cannot be restored: the environment "gridworld" cannot snapshot and restore its state (state lives on a remote server)',
    );
  });
});

describe("forking a hand-edited trace", () => {
  let lines: string[];
  beforeAll(async () => {
    const doc = example("gridworld-vgps");
    doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
    doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
    Object.assign(doc.run, { episodes: 1, maxSteps: 6 });
    const run = await executeRun({ validated: validated(doc, builtinRegistry()), pipelineFile: "examples/gridworld-vgps.foresight.json", outDir: mkdtempSync(join(tmpdir(), "foresight-fork-edit-")) });
    lines = readFileSync(runFile(run.runDir, "trace"), "utf8").trim().split("\n");
  });

  /** The trace with `edit` applied to its events, written to a fresh run folder and read as a fork would. */
  function forkEdited(edit: (event: Record<string, unknown>) => void, step = 3) {
    const dir = mkdtempSync(join(tmpdir(), "foresight-fork-edited-"));
    writeFileSync(join(dir, "trace.jsonl"), lines.map((line) => {
      const event = JSON.parse(line) as Record<string, unknown>;
      edit(event);
      return JSON.stringify(event);
    }).join("\n") + "\n");
    return () => forkReplayFrom(new TraceIndex(runFile(dir, "trace"), "edited"), { runDir: "edited", episode: 0, step }, 100);
  }

  it("reads the unedited trace (the control for the cases below)", () => {
    const replay = forkEdited(() => {})();
    expect(replay.seed).toBe(1);
    expect(replay.steps.map((s) => s.step)).toEqual([0, 1, 2]);
  });

  it.each([["abc"], [-5.5], [2 ** 32], [null]])("refuses a run seed of %j, which a run could not have", (seed) => {
    const fork = forkEdited((event) => {
      if (event["type"] === "run.start") event["seed"] = seed;
    });
    expect(fork).toThrow(`run edited: trace.jsonl's run.start has seed ${JSON.stringify(seed)}, not a run seed (an integer from 0 to 4294967295)`);
  });

  it('refuses a step numbered "__proto__" clearly (it said "recorded.slice is not a function")', () => {
    const fork = forkEdited((event) => {
      if (event["type"] === "step.end" && event["step"] === 1) event["step"] = "__proto__";
    });
    expect(fork).toThrow(/^run edited, episode 0: trace\.jsonl has a step\.end for step "__proto__" that a fork cannot replay \(step: /);
  });

  it("refuses a step whose action or reward is not one", () => {
    const action = forkEdited((event) => {
      if (event["type"] === "step.end" && event["step"] === 0) event["action"] = true;
    });
    expect(action).toThrow(/step\.end for step 0 that a fork cannot replay \(action: /);
    const reward = forkEdited((event) => {
      if (event["type"] === "step.end" && event["step"] === 2) event["reward"] = "much";
    });
    expect(reward).toThrow(/step\.end for step 2 that a fork cannot replay \(reward: /);
  });
});
