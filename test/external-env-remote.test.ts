import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { gymnasiumEnvironment, remoteEnvironment, shippedPythonFolder } from "../nodes/environment/external/index.js";
import { builtinRegistry } from "../nodes/index.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import type { Environment } from "../runtime/environment.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { FIXTURES, PLAIN_PYTHON } from "./fixtures/external-env/python.js";
import { foresightAsync } from "./fixtures/foresight-process.js";
import { example, playOptions, type PipelineDoc } from "./fixtures/pipelines.js";
import { GYM_PYTHON, gymnasium, needs } from "./fixtures/requirements.js";

const servers: ChildProcess[] = [];
afterAll(() => servers.forEach((server) => server.kill("SIGKILL")));

/** Starts an environment server (WebSocket or HTTP) on a free loopback port and resolves its ws:// or http:// address once it listens, and what it writes to stderr. */
async function listen(command: string, args: string[], cwd = "."): Promise<{ url: string; server: ChildProcess; stderr: () => string }> {
  const server = spawn(command, args, { cwd, env: { ...process.env, PYTHONPATH: shippedPythonFolder() }, stdio: ["ignore", "ignore", "pipe"] });
  servers.push(server);
  let stderr = "";
  server.stderr!.setEncoding("utf8");
  const url = await new Promise<string>((resolve, reject) => {
    server.stderr!.on("data", (text: string) => {
      stderr += text;
      const found = /serving .* on ((?:ws|http):\/\/[\d.]+:\d+)/.exec(stderr);
      if (found) resolve(found[1]!);
    });
    server.once("exit", (code) => reject(new Error(`the server exited (${code}) before listening: ${stderr}`)));
  });
  return { url, server, stderr: () => stderr };
}

function remote(url: string, extra: Record<string, unknown> = {}): Environment {
  const params = remoteEnvironment.params.parse({ name: "remote", url, ...extra });
  return remoteEnvironment.create(params, { pipelineDir: ".", purpose: "run" });
}

/** The two ways to reach an environment on another machine, and how each says its connection dropped. */
const TRANSPORTS = [
  { transport: "ws", title: "WebSocket", dropped: "WebSocket close code 1006", refused: "ws://127.0.0.1:9" },
  { transport: "http", title: "HTTP", dropped: "socket hang up", refused: "http://127.0.0.1:9" },
] as const;

describe.each(TRANSPORTS)("an environment over $title (foresight_env's standard-library server)", ({ transport, dropped, refused }) => {
  /** The counter environment served over this transport, breaking at step 3 as `mode` says. */
  const counterServer = (mode: "drop" | "hang" | "none") => listen(PLAIN_PYTHON, ["remote_counter_env.py", mode, transport], FIXTURES);

  it("answers the same messages as over stdin/stdout: reset, step, snapshots, copies and batches", async () => {
    const { url } = await counterServer("none");
    const env = remote(url, { resetOptions: { start: 1 } });
    try {
      expect(env.actionSpace).toEqual({ kind: "discrete", n: 2, labels: ["0", "1"] });
      expect(env.reset(7)).toBe(1);
      expect(env.step(1)).toMatchObject({ observation: 2, reward: 0, terminated: false });
      const [copy] = env.forkMany!([3]);
      expect(env.stepMany!([copy!], [1])[0]!.observation).toBe(3);
      expect(env.observe()).toBe(2);
      const snapshot = env.snapshot();
      expect(env.step(1).observation).toBe(3);
      const other = env.clone();
      other.restore(snapshot);
      expect(other.step(0).observation).toBe(1);
    } finally {
      env.close!();
    }
  });

  it("fails a step whose connection drops with a clear error naming the environment, episode step and close code; the next episode reconnects", async () => {
    const { url } = await counterServer("drop");
    const env = remote(url);
    try {
      env.reset(5);
      env.step(1);
      env.step(1);
      expect(() => env.step(1)).toThrow(new RegExp(`^remote environment ${url}: step 2 of the episode reset with seed 5: the remote environment closed the connection before answering \\(${dropped}\\)`));
      expect(env.reset(6)).toBe(0);
      expect(env.step(1).observation).toBe(1);
    } finally {
      env.close!();
    }
  });

  it("gives up on a step past timeoutMs and closes the connection", async () => {
    const { url } = await counterServer("hang");
    const env = remote(url, { timeoutMs: 300 });
    try {
      env.reset(5);
      env.step(1);
      env.step(1);
      const start = performance.now();
      expect(() => env.step(1)).toThrow(/step 2 of the episode reset with seed 5: the remote environment did not answer within 300 ms, stuck at remote_counter_env\.py:41 in step; the connection was closed/);
      expect(performance.now() - start).toBeLessThan(3000);
    } finally {
      env.close!();
    }
  });

  it("cannot connect: validation names the address and why", () => {
    const doc = example("cartpole-random");
    doc.nodes[0]!.params = { name: "remote", url: refused, startTimeoutMs: 3000 };
    const result = validatePipeline(doc, builtinRegistry(), { pipelineDir: "." });
    expect(result.ok ? [] : result.problems.map((p) => `${p.pointer}: ${p.message}`)).toEqual([
      `/nodes/0/params: remote environment ${refused}: starting: ${refused} could not connect: connect ECONNREFUSED 127.0.0.1:9`,
    ]);
  });

  it("trains from a run folder once the server is gone: the run recorded what the environment declared; a folder without the record says what to do", async () => {
    const { url, server } = await counterServer("none");
    const doc = example("cartpole-random");
    doc.nodes[0]!.params = { name: "remote", url };
    doc.run = { ...doc.run, episodes: 3, maxSteps: 20, trace: "off" };
    const folder = mkdtempSync(join(tmpdir(), "foresight-remote-train-"));
    writeFileSync(join(folder, "counter.foresight.json"), JSON.stringify(doc));
    const ran = await foresightAsync("run", join(folder, "counter.foresight.json"), "--out", join(folder, "runs"), "--quiet");
    expect(ran.stderr).toBe("");
    const runDir = join(folder, "runs", readdirSync(join(folder, "runs"))[0]!);
    server.kill("SIGKILL");
    await once(server, "exit");
    const train = () => foresightAsync("train", "q", runDir, "--out", join(folder, "q.onnx"), "--iterations", "1", "--epochs", "1", "--quiet");
    const trained = await train();
    expect(trained.stderr).toMatch(/^q: [\d,]+ transitions of \d+ episodes, 6 features \("flat"\), 2 actions$/m);
    expect(trained.code).toBe(0);
    rmSync(join(runDir, "environment.json"));
    const refused = await train();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/could not connect.*\n.*does not record what its environment declared \(no environment\.json.*start its server\), or pass --pipeline <file>/);
  });

  it("a run follows onNodeError when the connection drops: endEpisode fails the episode and goes on, endRun ends the run", async () => {
    const doc = (onNodeError: string, url: string): PipelineDoc => {
      const d = example("cartpole-random");
      d.nodes[0]!.params = { name: "remote", url };
      d.run = { ...d.run, episodes: 2, onNodeError };
      d.nodes = d.nodes.filter((n) => n.kind !== "dataset");
      d.edges = d.edges.filter((e) => !e.to.startsWith("dataset."));
      return d;
    };
    for (const onNodeError of ["endEpisode", "endRun"]) {
      const { url } = await counterServer("drop");
      const result = validatePipeline(doc(onNodeError, url), builtinRegistry(), { pipelineDir: "." });
      if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
      const run = await runPipeline(result.value, playOptions(result.value, { episodes: 2, seed: 1 }));
      const failed = run.episodes.filter((e) => e.status === "error");
      if (onNodeError === "endEpisode") {
        expect(run.status).toBe("completed");
        // The first episode's connection broke at its third step (step 2); the second reconnected and played on.
        expect(run.episodes.map((e) => e.status)).toEqual(["error", "completed"]);
        expect(failed[0]!.steps).toBe(2);
      } else {
        expect(run.status).toBe("failed");
        // The environment names the step as the engine does (from 0): one number for it in the line.
        expect(run.failure?.step).toBe(2);
        expect(run.failure?.message).toMatch(new RegExp(`remote environment ${url}: step 2 of the episode reset with seed \\d+: the remote environment closed the connection before answering`));
      }
    }
  });
});

/** How each server names the client whose request it was answering in its log. */
const ABANDONED = [
  { transport: "ws", title: "WebSocket", ended: "PEER dropped the connection", from: "from PEER" },
  { transport: "http", title: "HTTP", ended: "session SESSION ended", from: "of session SESSION" },
] as const;

describe.each(ABANDONED)("a $title server whose client gave up on a step", ({ transport, ended, from }) => {
  it("says on its stderr that the step was abandoned, where it is stuck, that it goes on, and when it returns", async () => {
    const { url, stderr } = await listen(PLAIN_PYTHON, ["remote_counter_env.py", "stall", transport], FIXTURES);
    const env = remote(url, { timeoutMs: 300 });
    try {
      env.reset(5);
      env.step(1);
      env.step(1);
      expect(() => env.step(1)).toThrow(/the remote environment did not answer within 300 ms, stuck at remote_counter_env\.py:44 in step; the connection was closed/);
      await expect.poll(stderr, { timeout: 5000 }).toMatch(/returned after .* s\n/);
      const server = stderr()
        .replace(/127\.0\.0\.1:\d+/g, "PEER")
        .replace(/session [\w-]+/g, "session SESSION")
        .replace(/\d+\.\d s/g, "N s");
      expect(server).toContain(
        `\nforesight_env: ${ended} while its step was running (N s in), stuck at remote_counter_env.py:44 in step; it goes on in this server process, as Python cannot stop a thread: stop the server to stop it\nforesight_env: the abandoned step ${from} returned after N s\n`,
      );
    } finally {
      env.close!();
    }
  });
});

describe("a WebSocket server", () => {
  it("says when a connection drops between requests", async () => {
    const { url, stderr } = await listen(PLAIN_PYTHON, ["remote_counter_env.py", "none", "ws"], FIXTURES);
    const client = new WebSocket(url);
    await once(client, "open");
    client.send(JSON.stringify({ id: 1, op: "reset", seed: 5 }));
    await once(client, "message");
    client.terminate();
    await expect.poll(stderr, { timeout: 5000 }).toMatch(/foresight_env: 127\.0\.0\.1:\d+ dropped the connection without a close request\n$/);
  });
});

describe.each(TRANSPORTS)("a Gymnasium environment over $title", needs(gymnasium()), ({ transport }) => {
  it("runs python3 -m foresight_env --listen / --http as it runs locally: the same seed gives the same episodes", async () => {
    const { url, server } = await listen(GYM_PYTHON, ["-m", "foresight_env", transport === "ws" ? "--listen" : "--http", "127.0.0.1:0", "gymnasium:CartPole-v1"]);
    const there = remote(url);
    const here = gymnasiumEnvironment.create(gymnasiumEnvironment.params.parse({ name: "gymnasium", id: "CartPole-v1", python: GYM_PYTHON }), { pipelineDir: ".", purpose: "run" });
    try {
      expect(there.reset(42)).toEqual(here.reset(42));
      for (const action of [0, 1, 1, 0, 1]) expect(there.step(action)).toEqual(here.step(action));
      const cartpole = (params: Record<string, unknown>, lockstep = 1) => {
        const d = example("cartpole-random");
        d.nodes[0]!.params = params;
        d.nodes = d.nodes.filter((n) => n.kind !== "dataset");
        d.edges = d.edges.filter((e) => !e.to.startsWith("dataset."));
        const result = validatePipeline(d, builtinRegistry(), { pipelineDir: "." });
        if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
        const options = playOptions(result.value, { episodes: 6, seed: 2 });
        return runPipeline(result.value, { ...options, settings: { ...options.settings, lockstep } });
      };
      const [viaSocket, viaPipe] = [await cartpole({ name: "remote", url }), await cartpole({ name: "gymnasium", id: "CartPole-v1", python: GYM_PYTHON })];
      expect(viaSocket.status).toBe("completed");
      expect(viaSocket.episodes.map((e) => e.return)).toEqual(viaPipe.episodes.map((e) => e.return));
      // Lockstep lanes over one connection: two lane groups, their steps in columns, each line's reply taken before the next line is sent.
      const lanes = await cartpole({ name: "remote", url }, 4);
      expect(lanes.status).toBe("completed");
      expect(lanes.episodes.map((e) => e.return)).toEqual(viaPipe.episodes.map((e) => e.return));
    } finally {
      there.close!();
      here.close!();
    }
    server.kill("SIGINT");
    await once(server, "exit");
  });
});
