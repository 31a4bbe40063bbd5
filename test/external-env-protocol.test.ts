import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { chmodSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Environment, JsonValue } from "../runtime/environment.js";
import { stepReplies } from "../nodes/environment/external/columns.js";
import { describeProcess } from "../nodes/environment/external/describe.js";
import { gymnasiumEnvironment, processEnvironment, shippedPythonFolder } from "../nodes/environment/external/index.js";
import { gymnasiumSpec, processSpec } from "../nodes/environment/external/launch.js";
import { parseDeclaration } from "../nodes/environment/external/wire.js";
import { alive, FIXTURES, PLAIN_PYTHON } from "./fixtures/external-env/python.js";
import { tempDir } from "./fixtures/foresight-process.js";
import { GYM_PYTHON, gymnasium, needs } from "./fixtures/requirements.js";

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A process environment running one of the fixture scripts with the Python on PATH (no Gymnasium needed). */
function processEnv(script: string, args: string[] = [], extra: Record<string, unknown> = {}): Environment {
  const params = processEnvironment.params.parse({ name: "process", command: [PLAIN_PYTHON, script, ...args], ...extra });
  return processEnvironment.create(params, { pipelineDir: FIXTURES, purpose: "run" });
}

describe("an environment served by foresight_env.serve (standard library only)", () => {
  it("resets, steps, snapshots and clones, and keeps the environment's prints out of the protocol", () => {
    const env = processEnv("counter_env.py", [], { resetOptions: { start: 1 } });
    try {
      expect(env.actionSpace).toEqual({ kind: "discrete", n: 2, labels: ["0", "1"] });
      expect(env.encodings.flat!.shape).toEqual([6]);
      expect(env.canSnapshot).toBe(true);
      expect(env.reset(7)).toBe(1);
      expect(Array.from(env.encode("flat"))).toEqual([0, 1, 0, 0, 0, 0]);
      expect(env.step(1)).toMatchObject({ observation: 2, reward: 0, terminated: false });
      const snapshot = env.snapshot();
      const copy = env.clone();
      expect(copy.step(1).observation).toBe(3);
      expect(env.observe()).toBe(2);
      copy.restore(snapshot);
      expect(copy.observe()).toBe(2);
      expect(copy.step(0).observation).toBe(1);
      env.step(1);
      env.step(1);
      const last = env.step(1);
      expect(last).toMatchObject({ observation: 5, reward: 1, terminated: true, info: { success: true } });
      expect(env.done).toBe(true);
      expect(() => copy.step(1)).toThrow(/copy \d+ has expired: copies live until the live environment next steps or resets/);
    } finally {
      env.close!();
    }
  });

  it("refuses an action outside the space before sending it, naming the environment and the step", () => {
    const env = processEnv("counter_env.py");
    try {
      env.reset(1);
      env.step(1);
      expect(() => env.step(2)).toThrow(/environment process \["python3","counter_env.py"\]: step 1 of the episode reset with seed 1: action 2 is outside the action space Discrete\(2\): actions are 0\.\.1/);
      expect(env.step(0).observation).toBe(0);
    } finally {
      env.close!();
    }
  });

  it("declares snapshots off when told, and refuses them with the reason", () => {
    const env = processEnv("counter_env.py", ["off"]);
    try {
      expect(env.canSnapshot).toBe(false);
      env.reset(1);
      expect(() => env.snapshot()).toThrow(/cannot snapshot, restore or clone: declared off by the environment's server/);
    } finally {
      env.close!();
    }
  });
});

describe("an environment process that misbehaves", () => {
  it("exits mid-episode: the error names the environment, the step and its stderr, and the next episode restarts it", () => {
    const env = processEnv("misbehaving_env.py", ["exit"]);
    try {
      env.reset(5);
      env.step(0);
      env.step(0);
      expect(() => env.step(0)).toThrow(/misbehaving_env.py","exit"\]: step 2 of the episode reset with seed 5: the process exited before answering \(exit code 3\); its stderr ends:\nmisbehaving_env: giving up at step 3/);
      expect(env.reset(6)).toBe(0);
      expect(env.step(1).observation).toBe(1);
    } finally {
      env.close!();
    }
  });

  it("writes a line that is not JSON: the process is killed and the error quotes the line", () => {
    const env = processEnv("misbehaving_env.py", ["malformed"]);
    try {
      env.reset(5);
      env.step(0);
      env.step(0);
      expect(() => env.step(0)).toThrow(/step 2 of the episode reset with seed 5: the process answered with a line that is not JSON: "this is not JSON" \(stdout carries only the protocol's replies: print anything else to stderr, as foresight_env's serve\(\) does once it runs\); the process was killed/);
      expect(env.reset(6)).toBe(0);
    } finally {
      env.close!();
    }
  });

  it("answers with NaN, which JSON has not: the error points at it and gives no hint about stray prints", () => {
    const env = processEnv("misbehaving_env.py", ["nan-reward"]);
    try {
      env.reset(5);
      env.step(0);
      env.step(0);
      let message = "";
      try {
        env.step(0);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/step 2 of the episode reset with seed 5: the process answered with a reply that is not valid JSON: NaN at character \d+ \(.*"reward": NaN, "terminated".*\); JSON has no NaN or Infinity \(Python's json\.dumps writes them unless given allow_nan=False\)/);
      expect(message).not.toMatch(/stdout carries only/);
    } finally {
      env.close!();
    }
  });

  it("answers with an observation outside its declared space", () => {
    const env = processEnv("misbehaving_env.py", ["bad-observation"]);
    try {
      env.reset(5);
      env.step(0);
      env.step(0);
      expect(() => env.step(0)).toThrow(/step 2 of the episode reset with seed 5: the observation breaks the declared observation space: 42 is not an integer in 0\.\.9 \(Discrete\(10\)\)/);
    } finally {
      env.close!();
    }
  });

  it("answers a reset with a scene that is not an object with a kind", () => {
    const env = processEnv("misbehaving_env.py", ["bad-scene"]);
    try {
      expect(() => env.reset(5)).toThrow(/reset with seed 5: the reply's scene \["a","list"\] is not an object with a string "kind"/);
    } finally {
      env.close!();
    }
  });

  it("writes a line nobody asked for: out of step, killed", () => {
    const env = processEnv("misbehaving_env.py", ["chatty"]);
    try {
      env.reset(5);
      env.step(0);
      env.step(0);
      expect(() => env.step(0)).toThrow(/step 2 of the episode reset with seed 5: the process answered with "\{\\"note\\": \\"hello\\"\}", which is not a reply \(an object with "ok"\); the process was killed/);
    } finally {
      env.close!();
    }
  });

  it("hangs past timeoutMs: the process is killed and the error says how long it waited", () => {
    const env = processEnv("misbehaving_env.py", ["hang"], { timeoutMs: 300 });
    try {
      const pid = (env.reset(5), (env as unknown as { session: { process: { processId: number } } }).session.process.processId);
      env.step(0);
      env.step(0);
      const start = performance.now();
      expect(() => env.step(0)).toThrow(/step 2 of the episode reset with seed 5: the process did not answer within 300 ms; the process was killed/);
      expect(performance.now() - start).toBeLessThan(3000);
      expect(alive(pid)).toBe(false);
    } finally {
      env.close!();
    }
  });

  it("cannot be started: the error names the command", () => {
    expect(() => processEnv("no_such_script.py")).toThrow(/environment process \["python3","no_such_script.py"\]: declaring its spaces: the process exited before answering \(exit code 2\); its stderr ends:\n.*No such file or directory/s);
    const params = processEnvironment.params.parse({ name: "process", command: ["no-such-program-xyz"] });
    expect(() => processEnvironment.create(params, { pipelineDir: FIXTURES, purpose: "run" })).toThrow(/starting: no-such-program-xyz could not be started: spawn no-such-program-xyz ENOENT/);
  });

  it("hangs in its constructor: validation and the run name the line", () => {
    const params = processEnvironment.params.parse({ name: "process", command: [PLAIN_PYTHON, "-m", "foresight_env", "faulty_envs:HangsInInit"], startTimeoutMs: 2000 });
    const context = { pipelineDir: FIXTURES, purpose: "run" } as const;
    expect(() => describeProcess(processSpec(params, context))).toThrow(
      /^environment process \["python3","-m","foresight_env","faulty_envs:HangsInInit"\]: did not declare its spaces within 2000 ms, stuck at faulty_envs\.py:30 in __init__; its stderr ends:\n/,
    );
    expect(() => processEnvironment.create(params, context)).toThrow(/declaring its spaces: the process did not answer within 2000 ms, stuck at faulty_envs\.py:30 in __init__; the process was killed/);
  });

  it("declares its spaces in time: validation's deadline for stacks passes without printing them", async () => {
    const server = spawn(PLAIN_PYTHON, ["-m", "foresight_env", "counter_env:CounterEnv"], {
      cwd: FIXTURES,
      env: { ...process.env, PYTHONPATH: shippedPythonFolder(), FORESIGHT_STACK_DUMP_AT: String(Date.now() + 1000) },
    });
    let stderr = "";
    server.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    server.stdin.write(`${JSON.stringify({ id: 1, op: "spaces", protocol: 1 })}\n`);
    await once(server.stdout, "data");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    server.stdin.end(`${JSON.stringify({ id: 2, op: "close" })}\n`);
    await once(server, "exit");
    expect(stderr).not.toContain("most recent call first");
  });

  it("hangs in its reset during foresight_env's start-up check of copies: validation and the run say so, and how to skip the check", () => {
    const params = processEnvironment.params.parse({ name: "process", command: [PLAIN_PYTHON, "-m", "foresight_env", "faulty_envs:HangsInReset"], startTimeoutMs: 2000 });
    const context = { pipelineDir: FIXTURES, purpose: "run" } as const;
    const hung =
      'hung while checking that copies of the environment are sound (foresight_env runs its reset and step on deep copies at start), and did not declare its spaces within 2000 ms; if reset or step can block, add "--snapshot", "off" to the command (python -m foresight_env), or serve(env, snapshot="off") in a script';
    // The line foresight_env writes before the check says what it was doing, not what went wrong: it is not quoted as the stderr's end.
    const failure = (start: () => unknown) => {
      try {
        start();
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error("it started");
    };
    // Validation's process prints its stacks just before the deadline, the run's is asked for them before it is killed (stack-dump.ts): they say where it hung, and are quoted.
    const hungAt = hung.replace("hung while", "hung at faulty_envs.py:25 in reset while");
    expect(failure(() => describeProcess(processSpec(params, context)))).toMatch(
      new RegExp(`^${escaped(`environment process ["python3","-m","foresight_env","faulty_envs:HangsInReset"]: ${hungAt}; its stderr ends:\n`)}.*File ".*faulty_envs\\.py", line 25 in reset\n`, "s"),
    );
    expect(failure(() => processEnvironment.create(params, context))).toMatch(
      new RegExp(`^${escaped(`environment process ["python3","-m","foresight_env","faulty_envs:HangsInReset"]: declaring its spaces: the process ${hungAt}; its stderr ends:\n`)}.*File ".*faulty_envs\\.py", line 25 in reset\n`, "s"),
    );
  });

  it("returns the old Gym API's 4-tuple from step: the error says so and names the environment, not foresight_env's line", () => {
    const env = processEnv("-m", ["foresight_env", "faulty_envs:OldStepApi"]);
    const said = /step must return Gymnasium's 5-tuple \(observation, reward, terminated, truncated, info\); faulty_envs:OldStepApi's step \(defined at faulty_envs\.py:\d+\) returned a 4-tuple \(the old Gym API's observation, reward, done, info: split done into terminated and truncated\)$/;
    try {
      env.reset(1);
      expect(() => env.step(1)).toThrow(said);
    } finally {
      env.close!();
    }
    // The same in a lockstep batch's column of steps.
    const [, , columns] = counterReplies(["foresight_env", "faulty_envs:OldStepApi"], [{ id: 1, op: "spaces", protocol: 1 }, { id: 2, op: "reset", env: 0, seed: 1 }, { id: 3, op: "steps", envs: [0], actions: [1] }], "-m");
    expect((columns!.errors as Record<string, { error: string }>)["0"]!.error).toMatch(said);
  });

  it("calls sys.exit in step: the error names the line, as a raise does, and the process keeps serving", () => {
    const env = processEnv("-m", ["foresight_env", "faulty_envs:ExitsInStep", "--snapshot", "off"]);
    try {
      env.reset(1);
      expect(() => env.step(1)).toThrow(/step 0 of the episode reset with seed 1: step was refused \(env-error\): SystemExit: the environment called sys\.exit\(3\) \(at faulty_envs\.py:\d+\)$/);
      expect(env.reset(2)).toBe(0);
    } finally {
      env.close!();
    }
    const [, , columns] = counterReplies(["foresight_env", "faulty_envs:ExitsInStep", "--snapshot", "off"], [{ id: 1, op: "spaces", protocol: 1 }, { id: 2, op: "reset", env: 0, seed: 1 }, { id: 3, op: "steps", envs: [0], actions: [1] }], "-m");
    expect((columns!.errors as Record<string, { error: string }>)["0"]!.error).toMatch(/sys\.exit\(3\) \(at faulty_envs\.py:\d+\)$/);
  });

  it("ends quietly by SIGINT on Ctrl+C, idle or inside a step, without a KeyboardInterrupt traceback", async () => {
    for (const [target, request] of [
      ["faulty_envs:HoldsGenerator", undefined],
      ["faulty_envs:HangsInReset", { id: 2, op: "reset", seed: 1 }],
    ] as const) {
      const child = spawn(PLAIN_PYTHON, ["-m", "foresight_env", target, "--snapshot", "off"], { cwd: FIXTURES, env: { ...process.env, PYTHONPATH: shippedPythonFolder() } });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdin.write(`${JSON.stringify({ id: 1, op: "spaces", protocol: 1 })}\n`);
      await expect.poll(() => stdout).toContain("\n");
      if (request) child.stdin.write(`${JSON.stringify(request)}\n`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.kill("SIGINT");
      const [, signal] = (await once(child, "exit")) as [number | null, string | null];
      expect(signal).toBe("SIGINT");
      expect(stderr).not.toMatch(/Traceback|KeyboardInterrupt/);
    }
  });

  it("raises in its constructor: the error names the line, as a step's does", () => {
    expect(() => processEnv("-m", ["foresight_env", "faulty_envs:RaisesInInit"])).toThrow(/cannot build faulty_envs:RaisesInInit: ValueError: bad config: the counter needs a goal \(at faulty_envs\.py:\d+\)\n/);
  });

  it("names a module that cannot be found as the user's own to look for, and a missing dependency as one to install", () => {
    const own = () => processEnv("-m", ["foresight_env", "no_such_env_module:Corridor"]);
    expect(own).toThrow(`cannot build no_such_env_module:Corridor: ModuleNotFoundError: No module named 'no_such_env_module'; Python found no module no_such_env_module in ${FIXTURES} (the folder the process runs in) or on PYTHONPATH`);
    expect(own).not.toThrow(/pip install/);
    expect(() => processEnv("-m", ["foresight_env", "faulty_envs:needs_missing_module"])).toThrow(
      /cannot build faulty_envs:needs_missing_module: ModuleNotFoundError: No module named 'foresight_no_such_dependency' \(at faulty_envs\.py:\d+\); install it into \S+ \(pip install foresight_no_such_dependency\) or run an interpreter that has it/,
    );
  });

  it("names what a module:attribute target made when it is no environment", () => {
    expect(() => processEnv("-m", ["foresight_env", "json:JSONDecoder"])).toThrow(
      /cannot build json:JSONDecoder: TypeError: what json:JSONDecoder made \(JSONDecoder\) is not an environment: it has no observation_space, action_space, reset, step/,
    );
    expect(() => processEnv("-m", ["foresight_env", "math:pi"])).toThrow(/cannot build math:pi: TypeError: 'math:pi' is not callable \(float\)/);
  });

  it("leaves no process behind after close", () => {
    const env = processEnv("counter_env.py");
    env.reset(1);
    const pid = (env as unknown as { session: { process: { processId: number } } }).session.process.processId;
    expect(alive(pid)).toBe(true);
    env.close!();
    expect(alive(pid)).toBe(false);
    expect(spawnSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" }).stdout.trim()).toBe("");
  });
});

describe("a gymnasium environment's interpreter", () => {
  it("is the node's path relative to the pipeline's folder, or $FORESIGHT_PYTHON's relative to the current folder", () => {
    const context = { pipelineDir: FIXTURES, purpose: "run" } as const;
    const commandOf = (params: object) => (gymnasiumSpec(gymnasiumEnvironment.params.parse({ name: "gymnasium", ...params }), context).launch as { command: string }).command;
    const saved = process.env.FORESIGHT_PYTHON;
    try {
      process.env.FORESIGHT_PYTHON = ".venv/bin/python";
      expect(commandOf({})).toBe(resolve(".venv/bin/python"));
      expect(commandOf({ python: "env/bin/python" })).toBe(resolve(FIXTURES, "env/bin/python"));
      process.env.FORESIGHT_PYTHON = "python3.12";
      expect(commandOf({})).toBe("python3.12");
      delete process.env.FORESIGHT_PYTHON;
      expect(commandOf({})).toBe("python3");
      // Set but empty (`FORESIGHT_PYTHON= foresight run …`) is unset, not a program named "".
      process.env.FORESIGHT_PYTHON = "";
      expect(commandOf({})).toBe("python3");
    } finally {
      if (saved === undefined) delete process.env.FORESIGHT_PYTHON;
      else process.env.FORESIGHT_PYTHON = saved;
    }
  });
});

describe("a gymnasium environment's interpreter that does not run", () => {
  it("names $FORESIGHT_PYTHON where that set it, else the node's params", () => {
    const context = { pipelineDir: FIXTURES, purpose: "run" } as const;
    const describeWith = (params: object) => () => describeProcess(gymnasiumSpec(gymnasiumEnvironment.params.parse({ name: "gymnasium", ...params }), context));
    const saved = process.env.FORESIGHT_PYTHON;
    try {
      process.env.FORESIGHT_PYTHON = "/nonexistent/python";
      expect(describeWith({})).toThrow(`cannot run "/nonexistent/python": no such program (it is $FORESIGHT_PYTHON's value: set that variable, or the node's python param, to a Python with gymnasium)`);
      expect(describeWith({ python: "/nonexistent/python3" })).toThrow(`cannot run "/nonexistent/python3": no such program (set the interpreter or command in the node's params)`);
    } finally {
      if (saved === undefined) delete process.env.FORESIGHT_PYTHON;
      else process.env.FORESIGHT_PYTHON = saved;
    }
  });
});

describe("a gymnasium environment's interpreter without Gymnasium", () => {
  it("says where the interpreter came from and what to set, as for one that does not run (it said only 'run an interpreter that has it')", () => {
    // An interpreter that answers as foresight_env does in a Python without Gymnasium: whether the
    // test's own python3 has Gymnasium does not matter.
    const folder = tempDir("no-gymnasium");
    const python = join(folder, "python");
    writeFileSync(python, `#!/bin/sh\necho "foresight_env: cannot build CartPole-v1 (gymnasium.make): ModuleNotFoundError: No module named 'gymnasium'; install it into ${python} (pip install gymnasium) or run an interpreter that has it" >&2\nexit 2\n`);
    chmodSync(python, 0o755);
    const context = { pipelineDir: FIXTURES, purpose: "run" } as const;
    const describeWith = (params: object) => () => describeProcess(gymnasiumSpec(gymnasiumEnvironment.params.parse({ name: "gymnasium", ...params }), context));
    const saved = process.env.FORESIGHT_PYTHON;
    try {
      process.env.FORESIGHT_PYTHON = python;
      expect(describeWith({})).toThrow(`the process ended (exit code 2) without declaring its spaces (it is $FORESIGHT_PYTHON's value: set that variable, or the node's python param, to a Python with gymnasium); its stderr ends:\nforesight_env: cannot build CartPole-v1 (gymnasium.make): ModuleNotFoundError`);
      expect(describeWith({ python })).toThrow(`without declaring its spaces (set the interpreter or command in the node's params); its stderr ends:`);
    } finally {
      if (saved === undefined) delete process.env.FORESIGHT_PYTHON;
      else process.env.FORESIGHT_PYTHON = saved;
    }
  });
});

describe("an environment process's numeric libraries", () => {
  it("get one thread each unless the user's environment or the node's env sets their thread counts", () => {
    const context = { pipelineDir: FIXTURES, purpose: "run" } as const;
    // The test's own shell may set any of them: each is cleared, MKL's set, and all put back after.
    const names = ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"];
    const saved = names.map((name) => process.env[name]);
    for (const name of names) delete process.env[name];
    process.env.MKL_NUM_THREADS = "3";
    try {
      const gym = gymnasiumSpec(gymnasiumEnvironment.params.parse({ name: "gymnasium" }), context).launch as { env: Record<string, string> };
      const own = processSpec(processEnvironment.params.parse({ name: "process", env: { OPENBLAS_NUM_THREADS: "8" } }), context).launch as { env: Record<string, string> };
      for (const env of [gym.env, own.env]) {
        expect(env.OMP_NUM_THREADS).toBe("1");
        expect(env.VECLIB_MAXIMUM_THREADS).toBe("1");
        expect(env.MKL_NUM_THREADS).toBe("3");
      }
      expect(gym.env.OPENBLAS_NUM_THREADS).toBe("1");
      expect(own.env.OPENBLAS_NUM_THREADS).toBe("8");
    } finally {
      names.forEach((name, i) => {
        if (saved[i] === undefined) delete process.env[name];
        else process.env[name] = saved[i];
      });
    }
  });
});

/** Replies of counter_env.py (served by foresight_env.serve without a factory), or another fixture script, to request lines, read from its stdout. */
function counterReplies(args: string[], requests: unknown[], script = "counter_env.py"): Record<string, unknown>[] {
  const input = requests.map((request) => JSON.stringify(request)).join("\n") + "\n";
  const result = spawnSync(PLAIN_PYTHON, [script, ...args], { cwd: FIXTURES, input, encoding: "utf8", env: { ...process.env, PYTHONPATH: shippedPythonFolder() } });
  return result.stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("make: another live environment in the same process (for lockstep lanes)", () => {
  it("is a deep copy of the served environment when it has no factory and snapshots are sound, independent of it", () => {
    const [spaces, made, resetMade, resetRoot, stepMade, stepRoot] = counterReplies(
      [],
      [
        { id: 1, op: "spaces", protocol: 1 },
        { id: 2, op: "make" },
        { id: 3, op: "reset", env: 1, seed: 1, options: { start: 3 } },
        { id: 4, op: "reset", env: 0, seed: 1 },
        { id: 5, op: "step", env: 1, action: 1 },
        { id: 6, op: "step", env: 0, action: 1 },
      ],
    );
    expect(spaces!.capabilities).toContain("make");
    expect(made).toEqual({ id: 2, ok: true, env: 1 });
    expect(resetMade!.observation).toBe(3);
    expect(resetRoot!.observation).toBe(0);
    expect(stepMade).toMatchObject({ observation: 4, ok: true });
    expect(stepRoot).toMatchObject({ observation: 1, ok: true });
  });

  it("is not offered when snapshots are off and there is no factory, and says why", () => {
    const [spaces, made] = counterReplies(["off"], [{ id: 1, op: "spaces", protocol: 1 }, { id: 2, op: "make" }]);
    expect(spaces!.capabilities).not.toContain("make");
    expect(made).toMatchObject({ id: 2, ok: false, kind: "unsupported" });
    expect(made!.error).toMatch(/make is not offered: the server has no factory, and deep copies cannot stand in for one \(declared off/);
  });
});

describe("steps in columns: many live environments' steps in one request (capability columns)", () => {
  it("answers each step in its row, a refused step (unknown env, bad action) only in its own, and infos only where not empty", () => {
    const [spaces, , , , columns] = counterReplies(
      [],
      [
        { id: 1, op: "spaces", protocol: 1 },
        { id: 2, op: "make" },
        { id: 3, op: "reset", env: 0, seed: 1 },
        { id: 4, op: "reset", env: 1, seed: 1, options: { start: 4 } },
        { id: 5, op: "steps", envs: [0, 1, 9, 0], actions: [1, 1, 0, 2] },
      ],
    );
    expect(spaces!.capabilities).toEqual(expect.arrayContaining(["batch", "columns"]));
    // A Discrete observation space: observations as JSON values (a block is for Box spaces).
    expect(columns).toMatchObject({ id: 5, ok: true, observations: [1, 5, null, null], rewards: [0, 1, 0, 0], terminated: [false, true, false, false], truncated: [false, false, false, false] });
    expect(columns!.infos).toEqual({ "0": { is_success: false }, "1": { is_success: true } });
    expect(columns!.errors).toMatchObject({ "2": { kind: "bad-env" }, "3": { kind: "bad-action" } });
  });

  it("is not declared by a process that cannot batch", () => {
    const [spaces] = counterReplies([], [{ id: 1, op: "spaces", protocol: 1 }]);
    expect(spaces!.capabilities).toContain("columns");
    const unbatched = spawnSync(PLAIN_PYTHON, ["-c", "from foresight_env.server import _Server; import counter_env as c; print(_Server(c.CounterEnv(), 'c', 'auto', 4, batch=False).spaces({})['capabilities'])"], { cwd: FIXTURES, encoding: "utf8", env: { ...process.env, PYTHONPATH: shippedPythonFolder() } });
    expect(unbatched.stdout).not.toContain("columns");
  });
});

describe("a reward that is not a finite number", () => {
  const steps = (kind: string) =>
    counterReplies(
      [kind],
      [
        { id: 1, op: "spaces", protocol: 1 },
        { id: 2, op: "make" },
        { id: 3, op: "reset", env: 0, seed: 1 },
        { id: 4, op: "reset", env: 1, seed: 1 },
        { id: 5, op: "step", env: 0, action: 1 },
        { id: 6, op: "step", env: 0, action: 1 },
        { id: 7, op: "steps", envs: [1], actions: [1] },
        { id: 8, op: "steps", envs: [1], actions: [1] },
      ],
      "reward_env.py",
    );

  it("refuses the step naming the reward, in a step reply and in a steps column", () => {
    const expected: Record<string, RegExp> = {
      list: /^the reward \[1\.0\] is not a number: step\(\) must return one/,
      text: /^the reward 'one' is not a number: step\(\) must return one/,
      nan: /^the reward nan is not a finite number$/,
    };
    for (const [kind, message] of Object.entries(expected)) {
      const [, , , , first, second, firstColumn, secondColumn] = steps(kind);
      expect(first).toMatchObject({ id: 5, ok: true, reward: 0 });
      expect(second).toMatchObject({ id: 6, ok: false, kind: "bad-reply" });
      expect(second!.error).toMatch(message);
      expect(firstColumn).toMatchObject({ id: 7, ok: true, rewards: [0] });
      expect(secondColumn).toMatchObject({ id: 8, ok: true, rewards: [0], errors: { "0": { kind: "bad-reply" } } });
      expect((secondColumn!.errors as Record<string, { error: string }>)["0"]!.error).toMatch(message);
    }
  });

  it("still starts when the snapshot probe's steps get such a reward, and refuses the step that returns one (the probe raised: the process died before declaring its spaces)", () => {
    const [spaces, reset, step] = counterReplies(
      ["list", "every"],
      [
        { id: 1, op: "spaces", protocol: 1 },
        { id: 2, op: "reset", env: 0, seed: 1 },
        { id: 3, op: "step", env: 0, action: 1 },
      ],
      "reward_env.py",
    );
    expect(spaces).toMatchObject({ id: 1, ok: true, capabilities: expect.arrayContaining(["snapshot"]) });
    expect(reset).toMatchObject({ id: 2, ok: true });
    expect(step).toMatchObject({ id: 3, ok: false, kind: "bad-reply" });
    expect(step!.error).toMatch(/^the reward \[1\.0\] is not a number: step\(\) must return one/);
  });

  it("fails the step in Foresight naming the environment, the step and the reward", () => {
    const env = processEnv("reward_env.py", ["list"]);
    try {
      env.reset(3);
      env.step(1);
      expect(() => env.step(1)).toThrow(/environment process \["python3","reward_env.py","list"\]: step 1 of the episode reset with seed 3: step was refused \(bad-reply\): the reward \[1\.0\] is not a number/);
    } finally {
      env.close!();
    }
  });
});

describe("steps in columns on a Box observation space", needs(gymnasium()), () => {
  it("carries the observations as a float64 block that decodes to exactly what a step's JSON reply carries", () => {
    const lines = [
      { id: 1, op: "spaces", protocol: 1 },
      { id: 2, op: "make" },
      { id: 3, op: "reset", env: 0, seed: 5 },
      { id: 4, op: "reset", env: 1, seed: 5 },
      ...Array.from({ length: 6 }, (_, i) => [
        { id: 10 + 2 * i, op: "step", env: 0, action: i % 2 },
        { id: 11 + 2 * i, op: "steps", envs: [1], actions: [i % 2] },
      ]).flat(),
    ];
    const input = lines.map((line) => JSON.stringify(line)).join("\n") + "\n";
    const result = spawnSync(GYM_PYTHON, ["-m", "foresight_env", "gymnasium:CartPole-v1"], { input, encoding: "utf8", env: { ...process.env, PYTHONPATH: shippedPythonFolder() } });
    const replies = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, JsonValue>);
    const space = parseDeclaration(replies[0]!).observationSpace;
    for (let i = 4; i < replies.length; i += 2) {
      const single = replies[i]!;
      const [row] = stepReplies({ ok: true, body: replies[i + 1]! }, 1, space);
      expect(typeof replies[i + 1]!.observations).toBe("string");
      expect(row).toEqual({ ok: true, body: { observation: single.observation, reward: single.reward, terminated: single.terminated, truncated: single.truncated, info: {} } });
    }
  });

  it("steps past Gymnasium's wrappers with the same results: TimeLimit's truncation, a snapshot restored, a step after the limit", () => {
    // `steps` calls CartPole's own step and keeps TimeLimit's count itself (python/foresight_env/fast_step.py); `step` goes through every wrapper.
    const twin = (op: string, extra: Record<string, JsonValue>, id: number): Record<string, JsonValue>[] => [
      { id, op, env: 0, ...extra },
      { id: id + 1, op, env: 1, ...extra },
    ];
    const lines: Record<string, JsonValue>[] = [{ id: 1, op: "spaces", protocol: 1 }, { id: 2, op: "make" }, ...twin("reset", { seed: 9 }, 3)];
    const stepPair = (i: number, action: number): Record<string, JsonValue>[] => [
      { id: 100 + 2 * i, op: "step", env: 0, action },
      { id: 101 + 2 * i, op: "steps", envs: [1], actions: [action] },
    ];
    for (let i = 0; i < 2; i++) lines.push(...stepPair(i, i % 2));
    lines.push({ id: 5, op: "snapshot", env: 0 }, { id: 6, op: "snapshot", env: 1 });
    for (let i = 2; i < 6; i++) lines.push(...stepPair(i, 1));
    // The server's snapshot tokens are s1, s2, … in the order taken.
    lines.push({ id: 7, op: "restore", env: 0, snapshot: "s1" }, { id: 8, op: "restore", env: 1, snapshot: "s2" });
    for (let i = 6; i < 11; i++) lines.push(...stepPair(i, 0));
    const input = lines.map((line) => JSON.stringify(line)).join("\n") + "\n";
    const result = spawnSync(GYM_PYTHON, ["-m", "foresight_env", "gymnasium:CartPole-v1", "--kwargs", JSON.stringify({ max_episode_steps: 4 })], { input, encoding: "utf8", env: { ...process.env, PYTHONPATH: shippedPythonFolder() } });
    expect(result.status, result.stderr).toBe(0);
    const replies = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, JsonValue>);
    expect(replies.every((reply) => reply.ok === true), JSON.stringify(replies.filter((reply) => reply.ok !== true))).toBe(true);
    const space = parseDeclaration(replies[0]!).observationSpace;
    const pairs = replies.filter((reply) => typeof reply.id === "number" && reply.id >= 100 && reply.id % 2 === 0);
    const truncated: boolean[] = [];
    for (const single of pairs) {
      const columns = replies.find((reply) => reply.id === (single.id as number) + 1)!;
      const [row] = stepReplies({ ok: true, body: columns }, 1, space);
      expect(row).toEqual({ ok: true, body: { observation: single.observation, reward: single.reward, terminated: single.terminated, truncated: single.truncated, info: {} } });
      truncated.push(single.truncated as boolean);
    }
    // Steps 1–6 (truncated from the 4th, and after it), then restored to step 2: steps 3–7 again (truncated from the 4th).
    expect(truncated).toEqual([false, false, false, true, true, true, false, true, true, true, true]);
  });

  it("refuses a block of the wrong length as a malformed reply", () => {
    const space = { type: "Box" as const, shape: [4], low: [null, null, null, null], high: [null, null, null, null], dtype: "float32" };
    const body = { observations: Buffer.alloc(8 * 4).toString("base64"), rewards: [1, 1], terminated: [false, false], truncated: [false, false] };
    expect(() => stepReplies({ ok: true, body }, 2, space)).toThrow(/an observation block of 32 bytes; 2 observations of 4 float64 take 64/);
  });
});
