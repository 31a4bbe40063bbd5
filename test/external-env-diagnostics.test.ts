import { spawn, spawnSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gymnasiumEnvironment, processEnvironment } from "../nodes/environment/external/index.js";
import type { Environment } from "../runtime/environment.js";
import { FIXTURES } from "./fixtures/external-env/python.js";
import { BIN, tempDir } from "./fixtures/foresight-process.js";
import { uniformPolicyPipeline } from "./fixtures/pipelines.js";
import { GYM_PYTHON, gymnasium, needs } from "./fixtures/requirements.js";

// What foresight_env tells about a user's own Gymnasium environment that fails (test/fixtures/external-env/diagnosed_envs.py).

function served(target: string, args: string[] = [], extra: Record<string, unknown> = {}): Environment {
  const params = processEnvironment.params.parse({ name: "process", command: [GYM_PYTHON, "-m", "foresight_env", target, ...args], ...extra });
  return processEnvironment.create(params, { pipelineDir: FIXTURES, purpose: "run" });
}

function registered(id: string, extra: Record<string, unknown> = {}): Environment {
  const params = gymnasiumEnvironment.params.parse({ name: "gymnasium", id, python: GYM_PYTHON, ...extra });
  return gymnasiumEnvironment.create(params, { pipelineDir: FIXTURES, purpose: "run" });
}

/** `foresight run` of a uniform policy on `target`: its exit status, stderr and run folder. */
function cli(name: string, target: string, run: Record<string, unknown>, args: string[] = []) {
  const out = tempDir(`diagnosed-${name}`);
  const file = join(out, `${name}.foresight.json`);
  const env = { name: "process", command: [GYM_PYTHON, "-m", "foresight_env", target], cwd: FIXTURES };
  writeFileSync(file, JSON.stringify(uniformPolicyPipeline(name, env, run, 1)));
  const result = spawnSync(process.execPath, [BIN, "run", file, "--out", out, "--quiet", ...args], { encoding: "utf8" });
  return { ...result, runDir: join(out, readdirSync(out).find((entry) => entry.startsWith(`${name}-`))!) };
}

function failure(act: () => unknown): string {
  try {
    act();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("it did not fail");
}

describe("NaN and infinity from an environment", needs(gymnasium()), () => {
  it("in its info become null: the step goes on, in a step reply and in a lockstep column", () => {
    const env = served("diagnosed_envs:NanDiagnostics");
    try {
      env.reset(1);
      expect(env.step(1).info).toEqual({ ratio: null, peak: null, forces: [1, null], t: 1 });
    } finally {
      env.close!();
    }
    const lockstep = cli("naninfo", "diagnosed_envs:NanDiagnostics", { episodes: 2, maxSteps: 3, trace: "full" }, ["--lockstep", "2"]);
    expect(lockstep.status, lockstep.stderr).toBe(0);
    const steps = readFileSync(join(lockstep.runDir, "trace.jsonl"), "utf8").split("\n").filter((line) => line.includes('"step.end"'));
    expect(steps.length).toBe(6);
  });

  it("in its observation fail the step, naming where: the key path into the observation", () => {
    const env = served("diagnosed_envs:NanPosition");
    try {
      env.reset(1);
      env.step(1);
      expect(failure(() => env.step(1))).toMatch(/step 1 of the episode reset with seed 1: step was refused \(bad-reply\): the observation holds NaN or Infinity at observation\["pos"\]\[2\] \(nan\), which the protocol cannot carry$/);
    } finally {
      env.close!();
    }
    // A Dict's observations travel in a lockstep column as a list: only that step fails.
    const lockstep = cli("nanobs", "diagnosed_envs:NanPosition", { episodes: 2, maxSteps: 3, onNodeError: "endEpisode" }, ["--lockstep", "2"]);
    expect(lockstep.stderr).toMatch(/step 1 of the episode reset with seed \d+: step was refused \(bad-reply\): the observation holds NaN or Infinity at observation\["pos"\]\[2\] \(nan\)/);
  });
});

describe("an exception raised in library code the environment called", needs(gymnasium()), () => {
  it("is placed at the user's own innermost line, the library's line beside it, and its traceback is printed once", () => {
    const env = served("diagnosed_envs:BadConfigInStep");
    try {
      env.reset(1);
      env.step(1);
      expect(failure(() => env.step(1))).toMatch(/step was refused \(env-error\): JSONDecodeError: Expecting property name .* \(at diagnosed_envs\.py:\d+ \(raised in decoder\.py:\d+\)\)$/);
    } finally {
      env.close!();
    }
    const run = cli("libraise", "diagnosed_envs:BadConfigInStep", { episodes: 3, maxSteps: 4, onNodeError: "endEpisode" });
    expect(run.stderr.match(/\(environment pid \d+\) Traceback \(most recent call last\):/g)).toHaveLength(1);
    expect(run.stderr).toMatch(/\(environment pid \d+\) {3}File ".*diagnosed_envs\.py", line \d+, in parse_config\n/);
    expect(run.stderr).toMatch(/\(environment pid \d+\) json\.decoder\.JSONDecodeError: Expecting property name/);
  });

  it("building the environment, is placed the same way, foresight_env's line first and the traceback after it", () => {
    const message = failure(() => served("diagnosed_envs:BadBoxInInit", ["--kwargs", '{"size": 2}']).close!());
    expect(message).toMatch(/its stderr ends:\nforesight_env: cannot build diagnosed_envs:BadBoxInInit: ValueError: .* \(at diagnosed_envs\.py:\d+ \(raised in box\.py:\d+\)\)\nTraceback \(most recent call last\):.*File ".*diagnosed_envs\.py", line \d+, in __init__/s);
  });
});

describe("an environment module that prints at import and in its constructor", needs(gymnasium()), () => {
  it("starts and steps: foresight_env claims stdout before importing it, as a class or a registered id", () => {
    for (const env of [served("noisy_env:Noisy"), registered("noisy_env:Noisy-v0")]) {
      try {
        env.reset(1);
        expect(env.step(1).reward).toBe(1);
      } finally {
        env.close!();
      }
    }
  });
});

describe("an environment whose space the protocol cannot carry", needs(gymnasium()), () => {
  it("is refused in foresight_env's one line naming the space, not with its own traceback", () => {
    expect(failure(() => served("diagnosed_envs:TextObservation").close!())).toMatch(
      /the process exited before answering \(exit code 2\); its stderr ends:\nforesight_env: cannot build diagnosed_envs:TextObservation: UnsupportedSpace: the observation space Text\(.*\) is not supported: the protocol carries Discrete, Box, MultiDiscrete, MultiBinary, and Dict\/Tuple of those$/,
    );
  });
});

describe("an environment that hangs in its step", needs(gymnasium()), () => {
  it("is asked for its Python stacks before it is killed: the error says where it was, through stdout or the reply pipe", () => {
    // Snapshots off: foresight_env's start-up check of copies would step into the hang.
    const hung = /step 1 of the episode reset with seed 1: the process did not answer within 1000 ms, stuck at diagnosed_envs\.py:\d+ in step; the process was killed; its stderr ends:\n.*Current thread 0x[0-9a-f]+ \(most recent call first\):\n {2}File ".*diagnosed_envs\.py", line \d+ in step\n/s;
    for (const env of [served("diagnosed_envs:HangsInStep", ["--snapshot", "off"], { timeoutMs: 1000 }), registered("diagnosed_envs:HangsInStep-v0", { timeoutMs: 1000, snapshot: "off" })]) {
      try {
        env.reset(1);
        env.step(1);
        const start = performance.now();
        expect(failure(() => env.step(1))).toMatch(hung);
        expect(performance.now() - start).toBeLessThan(2000);
      } finally {
        env.close!();
      }
    }
  });

  it("crashes in native code: the error says where Python was, from the stack faulthandler printed", () => {
    const env = served("diagnosed_envs:CrashesInStep", ["--snapshot", "off"]);
    try {
      env.reset(1);
      env.step(1);
      expect(failure(() => env.step(1))).toMatch(/the process exited before answering \(killed by SIGSEGV\) at diagnosed_envs\.py:\d+ in step; its stderr ends:\n.*Fatal Python error: Segmentation fault/s);
    } finally {
      env.close!();
    }
  });
});

describe("a run stopped with Ctrl+C while the environment hangs in its step", needs(gymnasium()), () => {
  it("stops at once, not after timeoutMs: the episode it was stepping is the stopped one, and the run folder says stopped", async () => {
    const out = tempDir("diagnosed-stop");
    const file = join(out, "stop.foresight.json");
    const env = { name: "process", command: [GYM_PYTHON, "-m", "foresight_env", "diagnosed_envs:HangsInStep", "--snapshot", "off"], cwd: FIXTURES, timeoutMs: 60_000 };
    // onNodeError endRun: an episode that failed instead would end the run as failed.
    writeFileSync(file, JSON.stringify(uniformPolicyPipeline("stop", env, { episodes: 3, maxSteps: 5, onNodeError: "endRun" }, 1)));
    // Its own process group, as a terminal's foreground job: Ctrl+C signals the whole group.
    const cli = spawn(process.execPath, [BIN, "run", file, "--out", out, "--quiet"], { stdio: ["ignore", "ignore", "pipe"], detached: true });
    let stderr = "";
    const hanging = new Promise<void>((resolve) => cli.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()).includes(") hanging") && resolve()));
    const exited = new Promise<number | null>((resolve) => cli.once("exit", resolve));
    await hanging;
    const start = performance.now();
    process.kill(-cli.pid!, "SIGINT");
    expect(await exited).toBe(1);
    expect(performance.now() - start).toBeLessThan(5000);
    const runDir = join(out, readdirSync(out).find((entry) => entry.startsWith("stop-"))!);
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    expect(summary.status, stderr).toBe("stopped");
  });
});

describe("a run on two threads stopped with Ctrl+C while both environments hang", () => {
  it("ends the environment processes quietly and starts none after the stop", async () => {
    const out = tempDir("ctrl-c-workers");
    const file = join(out, "stop.foresight.json");
    const env = { name: "process", command: ["python3", "-m", "foresight_env", "faulty_envs:HangsAtStep3", "--snapshot", "off"], cwd: FIXTURES, timeoutMs: 60_000 };
    writeFileSync(file, JSON.stringify(uniformPolicyPipeline("stop", env, { episodes: 8, maxSteps: 10, onNodeError: "endEpisode" }, 1)));
    // Its own process group, as a terminal's foreground job: Ctrl+C signals the whole group.
    const cli = spawn(process.execPath, [BIN, "run", file, "--out", out, "--quiet", "--workers", "2"], { stdio: ["ignore", "ignore", "pipe"], detached: true });
    let stderr = "";
    const hanging = new Promise<void>((resolve) => cli.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()).includes("hangs_at_step3: hanging") && resolve()));
    const started = () => stderr.split("hangs_at_step3: started").length - 1;
    const exited = new Promise<number | null>((resolve) => cli.once("exit", resolve));
    await hanging;
    const startedBeforeStop = started();
    process.kill(-cli.pid!, "SIGINT");
    await exited;
    expect(stderr).not.toMatch(/Traceback|KeyboardInterrupt/);
    expect(started(), stderr).toBe(startedBeforeStop);
    expect(stderr).toMatch(/foresight: run stopped/);
  });
});
