import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDataset } from "../nodes/dataset/index.js";
import { environmentKind } from "../nodes/environment/index.js";
import { EnvProcess } from "../nodes/environment/external/env-process.js";
import { ExternalEnvironment, processEnvironment } from "../nodes/environment/external/index.js";
import { processSpec } from "../nodes/environment/external/launch.js";
import { builtinNodeKinds } from "../nodes/index.js";
import { RunControl } from "../runtime/engine/control.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { executeRun } from "../runtime/execute-run.js";
import type { Environment } from "../runtime/environment.js";
import type { AnyNodeKind } from "../runtime/node-kind.js";
import { NodeRegistry } from "../runtime/registry.js";
import type { RunOverrides } from "../runtime/run-settings.js";
import { alive, FIXTURES, PLAIN_PYTHON } from "./fixtures/external-env/python.js";
import { example, playOptions, untimed, validated, type PipelineDoc } from "./fixtures/pipelines.js";
import { GYM_PYTHON, gymnasium, needs } from "./fixtures/requirements.js";

/** The built-in kinds, with an environment kind that keeps every environment it makes (to read their round trips); `policyFails` makes the nth policy node's creation throw. */
function recordingRegistry(made: Environment[], policyFails = 0, pids: number[] = []): NodeRegistry {
  let policies = 0;
  const recording: AnyNodeKind = {
    ...environmentKind,
    async create(params, setup) {
      const instance = await environmentKind.create(params as never, setup);
      made.push(instance.environment!);
      if (instance.environment instanceof ExternalEnvironment) pids.push(instance.environment.environmentProcess!.processId!);
      return instance;
    },
  } as AnyNodeKind;
  const failing = (kind: AnyNodeKind): AnyNodeKind => ({
    ...kind,
    create(params, setup) {
      if (++policies === policyFails) throw new Error(`policy ${policies} could not be created`);
      return kind.create(params, setup);
    },
  });
  return new NodeRegistry(builtinNodeKinds.map((kind) => (kind.kind === "environment" ? recording : kind.kind === "policy" ? failing(kind) : kind)));
}

/** The shipped CartPole example (uniform policy, one sample, argmax, the Dataset collector) on the test's Python, edited. */
function cartpole(edit: (doc: PipelineDoc) => void = () => {}): PipelineDoc {
  const doc = example("cartpole-random");
  doc.nodes[0]!.params.python = GYM_PYTHON;
  edit(doc);
  return doc;
}

/** The counter environment in a process that kills itself at its `crashAt`th step (once). */
function crashing(crashAt: number): PipelineDoc {
  const marker = join(mkdtempSync(join(tmpdir(), "foresight-crash-")), "crashed");
  return cartpole((doc) => {
    doc.nodes[0]!.params = { name: "process", command: [PLAIN_PYTHON, join(FIXTURES, "crashing_env.py"), String(crashAt), marker] };
    doc.run.maxSteps = 12;
  });
}

/** A run as `foresight run` makes it: summary, episodes, trace lines, dataset files, and the round trips its environment processes made. */
async function play(doc: PipelineDoc, overrides: RunOverrides, pipelineFile = "cartpole.foresight.json") {
  const made: Environment[] = [];
  const out = mkdtempSync(join(tmpdir(), "foresight-ext-lockstep-"));
  const run = await executeRun({ validated: validated(doc, recordingRegistry(made), dirname(pipelineFile)), pipelineFile, outDir: out, overrides });
  const text = readFileSync(join(run.runDir, "trace.jsonl"), "utf8").replaceAll(run.runDir, "<run folder>");
  const trace = text.trim().split("\n").map((line) => JSON.parse(line) as RunEvent);
  const dataset = join(run.runDir, "dataset");
  const files = Object.fromEntries(readdirSync(dataset).filter((name) => name.endsWith(".jsonl")).map((name) => [name, readFileSync(join(dataset, name), "utf8")]));
  const parquet = await readDataset(join(dataset, "transitions.parquet"));
  // Lanes sharing one process report the same count; lanes with processes of their own add theirs.
  const processes = new Map<unknown, number>();
  for (const env of made) if (env instanceof ExternalEnvironment) processes.set(env.environmentProcess, env.roundTrips);
  const roundTrips = [...processes.values()].reduce((a, b) => a + b, 0);
  const steps = run.result.episodes.reduce((sum, e) => sum + e.envSteps, 0);
  return { run, trace, files, parquet, roundTrips, steps, processes: processes.size };
}

describe("lockstep lanes' live environments in one process", () => {
  it("are made in one line at the first reset, not a round trip per lane, and step independently", async () => {
    const params = processEnvironment.params.parse({ name: "process", command: [PLAIN_PYTHON, "counter_env.py"] });
    const process = new EnvProcess(processSpec(params, { pipelineDir: FIXTURES, purpose: "run" }));
    const lane = ExternalEnvironment.lanes([process], "counter", undefined, 2);
    const envs = Array.from({ length: 6 }, (_, k) => lane(k, k % 2));
    try {
      const before = process.roundTrips;
      expect(await Promise.all(envs.map((env, k) => env.resetSoon!(k)))).toEqual([0, 0, 0, 0, 0, 0]);
      // Lane 0 has the process's own environment; the five others' `make`s go in one line, then a line of resets per lane group.
      expect(process.roundTrips - before).toBe(1 + 2);
      // Each lane walks its own counter: one environment shared by two lanes would have counted both.
      const walked = await Promise.all(envs.map((env, k) => env.stepSoon!(k % 2)));
      expect(walked.map((step) => step.observation)).toEqual([0, 1, 0, 1, 0, 1]);
    } finally {
      for (const env of envs) env.close();
    }
    expect(alive(process.processId!)).toBe(false);
  });

  it("keep every environment a line of makes made when one make in it is refused", async () => {
    const params = processEnvironment.params.parse({ name: "process", command: [PLAIN_PYTHON, "refusing_make_env.py"] });
    const process = new EnvProcess(processSpec(params, { pipelineDir: FIXTURES, purpose: "run" }));
    const lane = ExternalEnvironment.lanes([process], "counter", undefined, 1);
    const envs = Array.from({ length: 4 }, (_, k) => lane(k, 0));
    try {
      // Lane 1's reset asks for lanes 2, 3 and 1 in one line: lane 2's make (the factory's first call) is
      // refused, lane 3's and lane 1's made (calls 2 and 3); lane 2 asks again at its own reset (call 4).
      // Each environment starts at its call's number, the process's own (lane 0's) at 0.
      const starts = await Promise.all(envs.map(async (env, k) => env.resetSoon!(k)));
      expect(starts).toEqual([0, 3, 4, 2]);
    } finally {
      for (const env of envs) env.close();
    }
  });
});

describe("lockstep lanes stepping one environment process in batches", needs(gymnasium()), () => {
  it("give a serial run's summary, episodes, trace and dataset on CartPole-v1, in about one round trip per K steps", async () => {
    const overrides = { episodes: 24, seed: 3, trace: "full" } as const;
    const serial = await play(cartpole(), overrides);
    expect(serial.run.summary.status).toBe("completed");
    expect(serial.parquet.length).toBe(serial.steps);
    // One line per step and per reset, and the spaces.
    expect(serial.roundTrips).toBe(serial.steps + 24 + 1);
    for (const lockstep of [1, 8, 16]) {
      const lanes = await play(cartpole(), { ...overrides, lockstep });
      expect(untimed(lanes.run.summary), `K = ${lockstep}`).toEqual(untimed(serial.run.summary));
      expect(untimed(lanes.run.result.episodes)).toEqual(untimed(serial.run.result.episodes));
      expect(lanes.trace.map(untimed)).toEqual(serial.trace.map(untimed));
      expect(lanes.files).toEqual(serial.files);
      expect(lanes.parquet).toEqual(serial.parquet);
      expect(lanes.processes).toBe(1);
      if (lockstep === 1) {
        expect(lanes.roundTrips).toBe(serial.roundTrips);
        continue;
      }
      // One line per turn and lane group (two, out of phase) for its lanes' steps and the resets of its lanes that begin an episode (the tail, where fewer lanes play, costs more), and one of `make`s for the extra lanes.
      const lines = lanes.roundTrips - 1 - 1;
      expect(lines, `K = ${lockstep}: ${lanes.roundTrips} round trips for ${lanes.steps} steps`).toBeLessThan((lanes.steps / (lockstep / 2)) * 2);
      expect(lines).toBeGreaterThanOrEqual(Math.ceil(lanes.steps / (lockstep / 2)));
    }
  });

  it("with an ONNX policy in every lane (its calls batched), give the serial run's episodes and still step in about one line per turn", async () => {
    const doc = example("cartpole-policy-only");
    doc.nodes[0]!.params = { name: "gymnasium", id: "CartPole-v1", python: GYM_PYTHON };
    const overrides = { episodes: 16, seed: 6, trace: "steps" } as const;
    const file = "examples/cartpole-policy-only.foresight.json";
    const serial = await play(doc, overrides, file);
    const lanes = await play(doc, { ...overrides, lockstep: 16 }, file);
    expect(serial.run.summary.status).toBe("completed");
    expect(untimed(lanes.run.result.episodes)).toEqual(untimed(serial.run.result.episodes));
    expect(lanes.trace.map(untimed)).toEqual(serial.trace.map(untimed));
    // 16 episodes at once: a line per turn and lane group for the steps, the resets in the first ones, a line of 15 makes and the spaces.
    expect(lanes.roundTrips - 1 - 1).toBeLessThan((lanes.steps / 8) * 2);
    expect(serial.roundTrips).toBe(serial.steps + 16 + 1);
  });

  it("in two lane groups out of phase (the default) or in one (laneGroups 1), give the serial run's results; two groups send a line per group", async () => {
    const overrides = { episodes: 20, seed: 9, trace: "steps" } as const;
    const serial = await play(cartpole(), overrides);
    const two = await play(cartpole(), { ...overrides, lockstep: 8 });
    const one = await play(
      cartpole((doc) => (doc.nodes[0]!.params.laneGroups = 1)),
      { ...overrides, lockstep: 8 },
    );
    for (const lanes of [two, one]) {
      expect(untimed(lanes.run.result.episodes)).toEqual(untimed(serial.run.result.episodes));
      expect(lanes.trace.map(untimed)).toEqual(serial.trace.map(untimed));
      expect(lanes.files).toEqual(serial.files);
    }
    // A lane beginning an episode sends its reset with its group's next steps: a line per turn and group (lanes left alone at the end take more turns).
    const lines = (run: typeof one) => run.roundTrips - 1 - 1;
    expect(lines(one)).toBeLessThan((one.steps / 8) * 2);
    expect(lines(two)).toBeGreaterThan(lines(one) * 1.5);
  });

  it("pause, single-step and stop every lane group together", async () => {
    const pipeline = validated(cartpole(), recordingRegistry([]), ".");
    const control = new RunControl();
    let onPause: () => void = () => {};
    const unsubscribe = control.onPaused(() => onPause());
    const nextPause = () => new Promise<void>((resolve) => (onPause = resolve));
    const firstPause = nextPause();
    let released = 0;
    const run = runPipeline(pipeline, {
      ...playOptions(pipeline, { episodes: 400, seed: 2, trace: "steps" }),
      settings: { ...pipeline.pipeline.run, episodes: 400, seed: 2, trace: "steps", lockstep: 6 },
      control,
      onEvent: (event) => {
        if (event.type === "episode.end" && released++ === 0) control.pause();
      },
    });
    await firstPause;
    const releasedWhenPaused = released;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(released).toBe(releasedWhenPaused);
    const stepped = nextPause();
    control.step();
    await stepped;
    control.stop();
    const result = await run;
    unsubscribe();
    expect(result.status).toBe("stopped");
    const episodes = result.episodes.map((e) => e.episode);
    expect(episodes).toEqual(episodes.map((_, i) => i));
    expect(episodes.length).toBeLessThan(400);
  });

  it("spread over two processes (lane k in process k mod 2), still give the serial run's episodes, trace and dataset", async () => {
    const overrides = { episodes: 12, seed: 8, trace: "steps" } as const;
    const serial = await play(cartpole(), overrides);
    const spread = await play(
      cartpole((doc) => (doc.nodes[0]!.params.processes = 2)),
      { ...overrides, lockstep: 6 },
    );
    expect(spread.processes).toBe(2);
    expect(untimed(spread.run.result.episodes)).toEqual(untimed(serial.run.result.episodes));
    expect(spread.trace.map(untimed)).toEqual(serial.trace.map(untimed));
    expect(spread.files).toEqual(serial.files);
    expect(spread.parquet).toEqual(serial.parquet);
  });

  it("start a process per lane when the process cannot batch (no `batch` capability), with the serial run's results", async () => {
    const unbatched = cartpole((doc) => (doc.nodes[0]!.params = { name: "process", command: [GYM_PYTHON, "-m", "foresight_env", "gymnasium:CartPole-v1", "--batch", "off"] }));
    const overrides = { episodes: 8, seed: 5, trace: "steps" } as const;
    const serial = await play(unbatched, overrides);
    const lanes = await play(unbatched, { ...overrides, lockstep: 4 });
    expect(lanes.processes).toBe(4);
    expect(untimed(lanes.run.result.episodes)).toEqual(untimed(serial.run.result.episodes));
    expect(lanes.trace.map(untimed)).toEqual(serial.trace.map(untimed));
    // One line per step and reset in every lane's own process, and each process's spaces.
    expect(lanes.roundTrips).toBe(lanes.steps + 8 + 4);
  });

  it("looks ahead through each lane's own simulation copies: a rollout on CartPole gives the serial run's episodes", async () => {
    const lookahead = cartpole((doc) => {
      doc.run.maxSteps = 40;
      doc.nodes.find((n) => n.id === "sampler")!.params = { n: 2, temperature: 1, topK: null, topP: null, includeGreedy: false, dedupe: true };
      doc.nodes.push({ id: "rollout", kind: "rollout", params: { model: { kind: "simulator" }, horizon: 6, samples: 2, continuation: "policy", discount: 1 } });
      doc.edges = doc.edges.filter((e) => e.to !== "executor.candidates");
      doc.edges.push({ from: "sampler.candidates", to: "rollout.candidates" }, { from: "env.environment", to: "rollout.environment" }, { from: "policy.policy", to: "rollout.policy" }, { from: "rollout.candidates", to: "executor.candidates" });
      doc.nodes.find((n) => n.id === "executor")!.params.score = "return";
    });
    const overrides = { episodes: 6, seed: 4, trace: "steps" } as const;
    const serial = await play(lookahead, overrides);
    const lanes = await play(lookahead, { ...overrides, lockstep: 4 });
    expect(serial.run.summary.status).toBe("completed");
    expect(untimed(lanes.run.result.episodes)).toEqual(untimed(serial.run.result.episodes));
    expect(lanes.trace.map(untimed)).toEqual(serial.trace.map(untimed));
    expect(lanes.processes).toBe(1);
  });
});

describe("a lockstep run that fails while its lanes are created", needs(gymnasium()), () => {
  it("closes the shared process its created lanes hold, though the later lanes never came", async () => {
    const made: Environment[] = [];
    const pids: number[] = [];
    const pipeline = validated(cartpole(), recordingRegistry(made, 2, pids), ".");
    const run = await executeRun({ validated: pipeline, pipelineFile: "cartpole.foresight.json", outDir: mkdtempSync(join(tmpdir(), "foresight-ext-lockstep-")), overrides: { episodes: 8, lockstep: 4 } });
    expect(run.summary.status).toBe("failed");
    expect(run.result.failure?.message).toBe("policy 2 could not be created");
    // Lanes 0 and 1 had their environments when lane 1's policy failed.
    expect(made).toHaveLength(2);
    // Both in one process, which is gone.
    expect(new Set(pids).size).toBe(1);
    expect(pids[0]).toBeGreaterThan(0);
    expect(alive(pids[0]!)).toBe(false);
  });
});

describe("a lockstep run whose shared environment process is killed mid-run", () => {
  it("fails every lane's step in that batch naming the environment and the step, follows onNodeError, restarts the process and finishes", async () => {
    const lanes = await play(crashing(20), { episodes: 10, seed: 2, trace: "steps", lockstep: 4 });
    const { run, trace } = lanes;
    expect(run.summary.status).toBe("completed");
    const failed = run.result.episodes.filter((e) => e.status === "error");
    // The four lanes' environments lived in the process when it died: all four episodes end, the others play on in a new process.
    expect(failed).toHaveLength(4);
    expect(run.result.episodes.filter((e) => e.status === "completed")).toHaveLength(6);
    const errors = trace.filter((e): e is Extract<RunEvent, { type: "node.error" }> => e.type === "node.error");
    expect(errors).toHaveLength(4);
    // Two lane groups, out of phase: the line in flight when the process died held one group's steps; the other group's,
    // sent next, found it gone, or (when a lane's next request came after a failed lane's episode restarted the process)
    // learns of it from the restart. Each names the environment, the step and why.
    const shared = String.raw`\(sent in one line with 1 other lanes' requests — step \d+ of the episode reset with seed \d+ —, which failed with it: the failure is the line's, not necessarily this request's\)`;
    const inLine = String.raw`${shared}: the process (exited before answering \(killed by SIGKILL\)|is gone: it failed an earlier request \(exited before answering \(killed by SIGKILL\)\))`;
    const afterRestart = String.raw`the process was restarted since this episode began \(after another lockstep lane's episode failed in it\): this episode's environment is gone`;
    const reason = new RegExp(String.raw`^environment process \[.*crashing_env\.py.*\]: step \d+ of the episode reset with seed \d+( ${inLine}|: ${afterRestart})`);
    for (const error of errors) {
      expect(error.ends).toBe("episode");
      expect(error.node).toBe("executor");
      expect(error.message).toMatch(reason);
      // The lane's step as the engine counts it (from 0), not a second number for the same step.
      expect(error.message).toContain(`: step ${error.step} of the episode reset with seed`);
    }
    // The group in flight when it died: both its lanes say so, each naming the other's step, neither blamed for the line.
    const inFlight = errors.filter((e) => /not necessarily this request's\): the process exited before answering \(killed by SIGKILL\)/.test(e.message));
    expect(inFlight).toHaveLength(2);
    const stepOf = (message: string) => /: (step \d+ of the episode reset with seed \d+) \(sent/.exec(message)![1]!;
    expect(inFlight[0]!.message).toContain(`— ${stepOf(inFlight[1]!.message)} —`);
    expect(inFlight[1]!.message).toContain(`— ${stepOf(inFlight[0]!.message)} —`);
    expect(new Set(errors.map((e) => e.episode)).size).toBe(4);
    expect(lanes.processes).toBe(1);
  });
});

describe("a lockstep run whose gymnasium process (replies through the reply pipe, lines pipelined) is killed mid-run", needs(gymnasium()), () => {
  it("fails the episodes whose environments it held, naming the environment, restarts the process and finishes", async () => {
    const marker = join(mkdtempSync(join(tmpdir(), "foresight-crash-")), "crashed");
    const doc = cartpole((d) => {
      d.nodes[0]!.params = { name: "gymnasium", id: "crashing_gym:CrashingCartPole-v0", python: GYM_PYTHON, makeArgs: { crash_at: 60, marker } };
    });
    const { run, trace } = await play(doc, { episodes: 10, seed: 2, trace: "steps", lockstep: 4 }, join(FIXTURES, "crash.foresight.json"));
    expect(run.summary.status).toBe("completed");
    expect(run.result.episodes).toHaveLength(10);
    const failed = run.result.episodes.filter((e) => e.status === "error");
    // Every lane's environment lived in the process: the episode each lane was playing (or beginning) ends.
    expect(failed).toHaveLength(4);
    const errors = trace.filter((e): e is Extract<RunEvent, { type: "node.error" }> => e.type === "node.error");
    expect(errors).toHaveLength(4);
    // A lane learns of the crash in the line the process died in, in the next line, or (when its next request comes after
    // another lane's failure restarted the process) from the restart: each names the environment, the episode and why.
    const during = String.raw`(step \d+ of the episode reset with seed \d+|reset with seed \d+)`;
    const inLine = String.raw`\(sent in one line with \d+ other lanes' requests — .* —, which failed with it: the failure is the line's, not necessarily this request's\): the process (exited before answering \(killed by SIGKILL\)|is gone: it failed an earlier request \(exited before answering \(killed by SIGKILL\)\))`;
    const afterRestart = String.raw`the process was restarted since this episode began \(after another lockstep lane's episode failed in it\): this episode's environment is gone`;
    const reason = new RegExp(String.raw`^gymnasium environment "crashing_gym:CrashingCartPole-v0" \(.*\): ${during}( ${inLine}|: ${afterRestart})`);
    for (const error of errors) expect(error.message).toMatch(reason);
    expect(errors.some((e) => / the process exited before answering/.test(e.message))).toBe(true);
  });
});
