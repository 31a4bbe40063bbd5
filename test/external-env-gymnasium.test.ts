import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gymnasiumEnvironment, processEnvironment } from "../nodes/environment/external/index.js";
import { builtinRegistry } from "../nodes/index.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import type { Environment } from "../runtime/environment.js";
import type { RunEvent } from "../protocol/run-events.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { BIN, tempDir } from "./fixtures/foresight-process.js";
import { alive, FIXTURES } from "./fixtures/external-env/python.js";
import { GYM_PYTHON, gymnasium, needs } from "./fixtures/requirements.js";
import { example, playOptions, uniformPolicyPipeline, type PipelineDoc } from "./fixtures/pipelines.js";

const withGymnasium = needs(gymnasium());

function gym(id: string, extra: Record<string, unknown> = {}): Environment {
  const params = gymnasiumEnvironment.params.parse({ name: "gymnasium", id, python: GYM_PYTHON, ...extra });
  return gymnasiumEnvironment.create(params, { pipelineDir: ".", purpose: "run" });
}

/** The shipped CartPole example with its environment on the test's Python, edited. */
function cartpole(edit: (doc: PipelineDoc) => void = () => {}): PipelineDoc {
  const doc = example("cartpole-random");
  doc.nodes[0]!.params.python = GYM_PYTHON;
  edit(doc);
  return doc;
}

async function run(doc: PipelineDoc, episodes: number, seed = 1) {
  const result = validatePipeline(doc, builtinRegistry(), { pipelineDir: "." });
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.pointer}: ${p.message}`).join("\n"));
  return runPipeline(result.value, playOptions(result.value, { episodes, seed }));
}

function problems(doc: PipelineDoc): string[] {
  const result = validatePipeline(doc, builtinRegistry(), { pipelineDir: "." });
  return result.ok ? [] : result.problems.map((p) => `${p.pointer}: ${p.message}`);
}

function childPids(pid: number): number[] {
  const out = spawnSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" }).stdout;
  return out.split("\n").map((line) => Number(line.trim())).filter((n) => n > 0);
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return condition();
}

describe("Gymnasium environments through the protocol", withGymnasium, () => {
  it("runs CartPole-v1 reproducibly, its scene with each reset: the same seed gives the same episode, snapshots and copies included", () => {
    const a = gym("CartPole-v1");
    const b = gym("CartPole-v1");
    try {
      // Named as the built-in CartPole names its pushes (foresight_env's scenes.py): the step view and report show "1 (push right)".
      expect(a.actionSpace).toEqual({ kind: "discrete", n: 2, labels: ["push left", "push right"] });
      expect(a.encodings).toEqual({ flat: expect.objectContaining({ shape: [4] }) });
      expect(a.canSnapshot).toBe(true);
      expect(a.reset(42)).toEqual(b.reset(42));
      // Its scene comes with the reset (foresight_env's scenes.py): the editor draws it as the built-in CartPole.
      expect(a.scene?.()).toEqual({ kind: "cartpole", xThreshold: 2.4, thetaThreshold: expect.closeTo((12 * 2 * Math.PI) / 360, 12), poleLength: 1 });
      const snapshot = a.snapshot();
      const path = [0, 1, 1, 0, 1].map((action) => a.step(action));
      expect([0, 1, 1, 0, 1].map((action) => b.step(action))).toEqual(path);
      const copy = a.clone();
      copy.restore(snapshot);
      expect([0, 1, 1, 0, 1].map((action) => copy.step(action))).toEqual(path);
      expect(Array.from(a.encode("flat"))).toEqual((a.observe() as number[]).map((x) => Math.fround(x)));
      expect(a.reset(43)).not.toEqual(b.reset(42));
    } finally {
      a.close!();
      b.close!();
    }
  });

  it("takes Pendulum-v1's box actions with per-dimension bounds, clipping what lies outside them", () => {
    const env = gym("Pendulum-v1");
    try {
      expect(env.actionSpace).toEqual({ kind: "box", shape: [1], low: [-2], high: [2] });
      env.reset(3);
      const snapshot = env.snapshot();
      const far = env.clone();
      far.restore(snapshot);
      const edge = env.clone();
      edge.restore(snapshot);
      expect(far.step([7.5])).toEqual(edge.step([2]));
      expect(() => env.step([1, 2])).toThrow(/action \[1,2\] is outside the action space Box\(shape \[1\]\): it takes 1 finite numbers/);
    } finally {
      env.close!();
    }
  });

  it("flattens Dict, Tuple, Discrete (with start), MultiDiscrete and Box observations exactly as gymnasium.spaces.flatten", () => {
    const params = processEnvironment.params.parse({ name: "process", command: [GYM_PYTHON, "structured_env.py"] });
    const env = processEnvironment.create(params, { pipelineDir: FIXTURES, purpose: "run" });
    try {
      expect(env.encodings.flat!.shape).toEqual([4 + 3 + 5 + 3]);
      // Its spaces sample from a random stream the class shares: deep copies are not independent.
      expect(env.canSnapshot).toBe(false);
      env.reset(1);
      for (let i = 0; i < 5; i++) {
        const { info } = env.step([0.5, -3]);
        expect(info.action).toEqual([0.5, -1]);
        expect(Array.from(env.encode("flat"))).toEqual((info.flat as number[]).map((x) => Math.fround(x)));
      }
    } finally {
      env.close!();
    }
  });

  it("runs the shipped cartpole-random example with a uniform policy", async () => {
    const result = await run(cartpole(), 3);
    expect(result.status).toBe("completed");
    expect(result.episodes).toHaveLength(3);
    for (const episode of result.episodes) {
      expect(episode.status).toBe("completed");
      expect(episode.terminated || episode.truncated).toBe(true);
      expect(episode.return).toBe(episode.steps);
    }
    const again = await run(cartpole(), 3);
    expect(again.episodes.map((e) => e.return)).toEqual(result.episodes.map((e) => e.return));
  });

  it("runs Pendulum-v1 (box actions) with a uniform policy, truncated at maxSteps", async () => {
    const result = await run(
      cartpole((doc) => {
        doc.nodes[0]!.params.id = "Pendulum-v1";
        doc.run.maxSteps = 15;
      }),
      2,
    );
    expect(result.status).toBe("completed");
    expect(result.episodes.map((e) => e.steps)).toEqual([15, 15]);
    expect(result.episodes.every((e) => e.return! < 0)).toBe(true);
  });

  it("looks ahead through the environment's snapshots: a rollout on CartPole outlives the random policy", async () => {
    const lookahead = cartpole((doc) => {
      doc.run.maxSteps = 60;
      doc.nodes.find((n) => n.id === "sampler")!.params = { n: 2, temperature: 1, topK: null, topP: null, includeGreedy: false, dedupe: true };
      doc.nodes.push({ id: "rollout", kind: "rollout", params: { model: { kind: "simulator" }, horizon: 8, samples: 2, continuation: "policy", discount: 1 } });
      doc.edges = doc.edges.filter((e) => e.to !== "executor.candidates");
      doc.edges.push({ from: "sampler.candidates", to: "rollout.candidates" }, { from: "env.environment", to: "rollout.environment" }, { from: "policy.policy", to: "rollout.policy" }, { from: "rollout.candidates", to: "executor.candidates" });
      doc.nodes.find((n) => n.id === "executor")!.params.score = "return";
    });
    const planned = await run(lookahead, 2);
    expect(planned.status).toBe("completed");
    const random = await run(cartpole((doc) => (doc.run.maxSteps = 60)), 2);
    const mean = (r: typeof random) => r.episodes.reduce((a, e) => a + e.steps, 0) / r.episodes.length;
    expect(mean(planned)).toBeGreaterThan(mean(random));
  });

  it("traces a rendered frame of the state each step decided on at trace level full, and none at steps", async () => {
    // Gymnasium's own CartPole needs pygame to render; this fixture draws its frames with numpy.
    const rendered = (trace: "full" | "steps") =>
      cartpole((doc) => {
        doc.nodes[0]!.params = { name: "process", command: [GYM_PYTHON, "rendering_env.py"] };
        doc.run.trace = trace;
        doc.run.maxSteps = 4;
      });
    const frames = async (doc: PipelineDoc) => {
      const result = validatePipeline(doc, builtinRegistry(), { pipelineDir: FIXTURES });
      if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
      const ends: RunEvent[] = [];
      const run = await runPipeline(result.value, { ...playOptions(result.value, { episodes: 1, seed: 1, pipelineDir: FIXTURES }), onEvent: (event) => void ends.push(event) });
      expect(run.status).toBe("completed");
      return ends.flatMap((e) => (e.type === "step.end" ? [e.frame] : []));
    };
    const full = await frames(rendered("full"));
    expect(full).toHaveLength(4);
    for (const frame of full) {
      const png = Buffer.from((frame as { png: string }).png, "base64");
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      // IHDR: width, then height.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([64, 48]);
    }
    // The marker moves: the frames differ.
    expect(new Set(full.map((f) => (f as { png: string }).png)).size).toBeGreaterThan(1);
    expect(await frames(rendered("steps"))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("validation refuses a rollout through an environment that declares no snapshots, and models that do not fit its encoding", () => {
    const doc = cartpole((d) => {
      d.nodes[0]!.params.snapshot = "off";
      d.nodes.push({ id: "rollout", kind: "rollout", params: { model: { kind: "simulator" }, continuation: "repeat" } });
      d.nodes.push({ id: "q", kind: "q-scorer", params: { variant: "onnx", model: join(process.cwd(), "assets/models/gridworld-q.onnx"), encoding: "flat" } });
      d.edges.push({ from: "sampler.candidates", to: "rollout.candidates" }, { from: "env.environment", to: "rollout.environment" });
      d.edges.push({ from: "sampler.candidates", to: "q.candidates" }, { from: "env.environment", to: "q.environment" });
    });
    const found = problems(doc);
    // The node's own param is named as the cause, not the process it told to turn them off.
    expect(found).toContainEqual(
      `/nodes/5/params/model/kind: the simulator needs copies of the environment, and "CartPole-v1" cannot snapshot, restore or clone itself (the Environment node's "snapshot" param is "off", not "auto"); use a learned dynamics model ("kind": "onnx") or an environment that can`,
    );
    expect(found).toContainEqual(expect.stringMatching(/^\/nodes\/6\/params\/.*"flat" encoding gives 4/));
  });

  it("validation gives the process's reason an environment cannot be copied, or says its command turned copies off", () => {
    const lookingAhead = (command: string[]) =>
      cartpole((d) => {
        d.nodes[0]!.params = { name: "process", command: [GYM_PYTHON, ...command], cwd: FIXTURES };
        d.nodes.push({ id: "rollout", kind: "rollout", params: { model: { kind: "simulator" }, continuation: "repeat" } });
        d.edges.push({ from: "sampler.candidates", to: "rollout.candidates" }, { from: "env.environment", to: "rollout.environment" });
      });
    expect(problems(lookingAhead(["-m", "foresight_env", "faulty_envs:HoldsGenerator"]))).toEqual([
      `/nodes/5/params/model/kind: the simulator needs copies of the environment, and "faulty_envs:HoldsGenerator" cannot snapshot, restore or clone itself (deep-copying the environment failed: TypeError: cannot pickle 'generator' object); use a learned dynamics model ("kind": "onnx") or an environment that can`,
    ]);
    expect(problems(lookingAhead(["counter_env.py", "off"]))).toEqual([
      expect.stringContaining(`"counter" cannot snapshot, restore or clone itself (declared off by the environment's server: --snapshot off, or serve(env, snapshot="off")); use`),
    ]);
  });

  it("validation names a Gymnasium id that does not exist at the id param, with Gymnasium's own reason", () => {
    const found = problems(cartpole((doc) => (doc.nodes[0]!.params.id = "NoSuchEnv-v9")));
    expect(found).toEqual([expect.stringMatching(/^\/nodes\/0\/params\/id: gymnasium environment "NoSuchEnv-v9" .*the process ended \(exit code 2\) without declaring its spaces; its stderr ends:\n.*NoSuchEnv/s)]);
    // The id as the param holds it, not after the "gymnasium:" the command adds.
    expect(found[0]).toContain("foresight_env: cannot build NoSuchEnv-v9 (gymnasium.make): NameNotFound");
    // A version it lacks too; a Python that cannot be run stays a problem of the params as a whole.
    expect(problems(cartpole((doc) => (doc.nodes[0]!.params.id = "CartPole-v9")))).toEqual([expect.stringMatching(/^\/nodes\/0\/params\/id: .*VersionNotFound/s)]);
    expect(problems(cartpole((doc) => (doc.nodes[0]!.params.python = "/no/such/python")))).toEqual([expect.stringMatching(/^\/nodes\/0\/params: .*no such program/)]);
  });

  it("validation says first that the id's module imports a package not installed, with the line and the fix, then the traceback", () => {
    const result = validatePipeline(cartpole((doc) => (doc.nodes[0]!.params.id = "missing_dependency_gym:NeedsSimulator-v0")), builtinRegistry(), { pipelineDir: FIXTURES });
    const found = result.ok ? [] : result.problems.map((p) => `${p.pointer}: ${p.message}`);
    expect(found).toEqual([
      expect.stringMatching(
        /^\/nodes\/0\/params: .*without declaring its spaces; its stderr ends:\nforesight_env: cannot build missing_dependency_gym:NeedsSimulator-v0 \(gymnasium\.make\): ModuleNotFoundError: No module named 'foresight_no_such_simulator' \(at missing_dependency_gym\.py:4\); install it into \S+ \(pip install foresight_no_such_simulator\) or run an interpreter that has it\nTraceback \(most recent call last\):\n/s,
      ),
    ]);
  });

  it("validation says a class that is not registered runs as the process environment, and how", () => {
    const inFixtures = (id: string) => {
      const result = validatePipeline(cartpole((doc) => (doc.nodes[0]!.params.id = id)), builtinRegistry(), { pipelineDir: FIXTURES });
      return result.ok ? [] : result.problems.map((p) => `${p.pointer}: ${p.message}`);
    };
    const command = JSON.stringify([GYM_PYTHON, "-m", "foresight_env", "faulty_envs:HoldsGenerator"]).replaceAll(",", ", ");
    expect(inFixtures("faulty_envs:HoldsGenerator")).toEqual([
      expect.stringContaining(
        `NameNotFound: Environment \`HoldsGenerator\` doesn't exist.; faulty_envs.HoldsGenerator is a class or factory, not a registered Gymnasium id: run it as the process environment, {"name": "process", "command": ${command}}, or register it in faulty_envs (gymnasium.register("HoldsGenerator-v0", entry_point=HoldsGenerator))`,
      ),
    ]);
    // An id that names nothing at all gets the general form.
    expect(problems(cartpole((doc) => (doc.nodes[0]!.params.id = "NoSuchEnv-v9")))).toEqual([
      expect.stringContaining(`; an environment class that is not registered with Gymnasium runs as the process environment: {"name": "process", "command": [`),
    ]);
  });

  it("validation points a module:Id whose module cannot be found at the id param, and suggests no pip install for it", () => {
    const found = problems(cartpole((doc) => (doc.nodes[0]!.params.id = "no_such_env_module:Corridor-v0")));
    expect(found).toEqual([expect.stringMatching(/^\/nodes\/0\/params\/id: gymnasium environment "no_such_env_module:Corridor-v0" .*ModuleNotFoundError: No module named 'no_such_env_module'/s)]);
    expect(found[0]).toContain(`; Python found no module no_such_env_module in ${process.cwd()} (the folder the process runs in) or on PYTHONPATH: check the name, and that the module lies in that folder (or its folder is on PYTHONPATH)`);
    expect(found[0]).not.toContain("pip install");
  });
});

describe("a module:Id written with the module's file name or path", withGymnasium, () => {
  const inFixtures = (id: string) => {
    const result = validatePipeline(cartpole((doc) => (doc.nodes[0]!.params.id = id)), builtinRegistry(), { pipelineDir: FIXTURES });
    return result.ok ? [] : result.problems.map((p) => `${p.pointer}: ${p.message}`);
  };

  it("points at the id param and says to drop the .py", () => {
    expect(inFixtures("diagnosed_envs.py:HangsInStep-v0")).toEqual([expect.stringMatching(/^\/nodes\/0\/params\/id: .*; diagnosed_envs\.py is the file, not the module's name: drop the \.py: diagnosed_envs:HangsInStep-v0$/s)]);
  });

  it("points at the id param and says a path is not a module name, giving the module's", () => {
    for (const id of ["./diagnosed_envs:HangsInStep-v0", "./diagnosed_envs.py:HangsInStep-v0"]) {
      expect(inFixtures(id)).toEqual([
        expect.stringMatching(
          /^\/nodes\/0\/params\/id: .*cannot build \S+ \(gymnasium\.make\): ValueError: '\.\/diagnosed_envs(\.py)?' is a path, not a module name: name the module as Python imports it, from the folder the process runs in or PYTHONPATH: diagnosed_envs:HangsInStep-v0$/s,
        ),
      ]);
    }
  });
});

describe("foresight run with a Gymnasium environment", withGymnasium, () => {
  it("writes the trace and the dataset", () => {
    const out = tempDir("gym-cli");
    const result = spawnSync(process.execPath, [BIN, "run", "examples/cartpole-random.foresight.json", "--episodes", "3", "--out", out, "--json", "--workers", "1"], {
      encoding: "utf8",
      env: { ...process.env, FORESIGHT_PYTHON: GYM_PYTHON },
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const runDir = join(out, readdirSync(out)[0]!);
    const trace = readFileSync(join(runDir, "trace.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(trace.filter((e) => e.type === "episode.end")).toHaveLength(3);
    expect(trace.find((e) => e.type === "step.end").observation).toHaveLength(4);
    const transitions = readFileSync(join(runDir, "dataset/transitions.jsonl"), "utf8").trim().split("\n");
    expect(transitions.length).toBe(trace.filter((e) => e.type === "step.end").length);
    expect(existsSync(join(runDir, "dataset/transitions.parquet"))).toBe(true);
  });

  it("shows what the environment prints on stderr, a line at a time with its process id", () => {
    const out = tempDir("gym-prints");
    const file = join(out, "prints.foresight.json");
    // The counter prints "stepping <action>" each step, as a user debugging their environment would.
    const env = { name: "process", command: [GYM_PYTHON, "-m", "foresight_env", "counter_env:CounterEnv"], cwd: FIXTURES };
    writeFileSync(file, JSON.stringify(uniformPolicyPipeline("prints", env, { maxSteps: 3 }, 2)));
    const result = spawnSync(process.execPath, [BIN, "run", file, "--out", out, "--quiet", "--trace", "off"], { encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    const steps = JSON.parse(readFileSync(join(out, readdirSync(out).find((name) => name.startsWith("prints-"))!, "summary.json"), "utf8")).steps;
    const lines = result.stderr.trimEnd().split("\n");
    // One line a step of the run, and one more for each step foresight_env's start-up check of copies takes.
    expect(lines.length).toBeGreaterThanOrEqual(steps);
    for (const line of lines) expect(line).toMatch(/^\(environment pid \d+\) stepping [01]$/);
  });

  it("leaves no Python process behind when the run is killed or stopped", async () => {
    for (const signal of ["SIGKILL", "SIGINT"] as const) {
      const out = tempDir("gym-kill");
      const file = join(out, "long.foresight.json");
      writeFileSync(file, JSON.stringify(cartpole((doc) => (doc.run.episodes = 100_000))));
      const cli = spawn(process.execPath, [BIN, "run", file, "--out", out, "--trace", "steps", "--quiet"], { stdio: "ignore" });
      // Once steps are traced, the CLI's only child is the run's environment process.
      // (The run folder exists a moment before its trace does.)
      const traced = (folder: string) => existsSync(join(out, folder, "trace.jsonl")) && readFileSync(join(out, folder, "trace.jsonl"), "utf8").includes('"step.end"');
      const stepping = () => readdirSync(out).some((f) => f.startsWith("cartpole") && traced(f));
      expect(await until(stepping, 30_000)).toBe(true);
      const python = childPids(cli.pid!);
      expect(python).toHaveLength(1);
      const exited = new Promise<number | null>((r) => cli.once("exit", (code) => r(code)));
      cli.kill(signal);
      const code = await exited;
      if (signal === "SIGINT") expect(code).toBe(1);
      expect(await until(() => python.every((pid) => !alive(pid)), 5000)).toBe(true);
    }
  });
});
