import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, foresightAsync, tempDir } from "./fixtures/foresight-process.js";
import { startRedis, type TestRedis } from "./fixtures/redis-server.js";
import { needs, redis } from "./fixtures/requirements.js";
import { until } from "./fixtures/wait.js";

const VGPS = "examples/gridworld-vgps-onnx.foresight.json";

describe("a worker given a relative scratch folder", needs(redis()), () => {
  let server: TestRedis;

  beforeAll(async () => (server = await startRedis()));
  afterAll(async () => await server?.stop());

  it("has a queued run's notes name the dataset relative to the run folder, as with an absolute one", async () => {
    const workerDir = tempDir("queue-relative-scratch");
    const worker = spawn(process.execPath, [BIN, "worker", "--redis", server.url, "--cache", "cache", "--scratch", "o/q/scratch", "--name", "r"], { cwd: workerDir, stdio: ["ignore", "ignore", "pipe"] });
    let workerLog = "";
    worker.stderr.setEncoding("utf8").on("data", (chunk: string) => (workerLog += chunk));
    const workerExited = new Promise((resolve) => worker.once("close", resolve));
    try {
      await until(() => workerLog.includes("takes batches from"), 30_000);
      const out = tempDir("queue-relative-scratch-run");
      const run = await foresightAsync("run", VGPS, "--episodes", "20", "--seed", "3", "--queue", server.url, "--batch", "10", "--out", out);
      expect(run.code, run.stderr).toBe(0);
      const written = 'node "dataset": 10 episodes written to dataset';
      expect(run.stderr.split("\n").filter((line) => line.includes("episodes written to"))).toEqual([`foresight: ${written}`, `foresight: ${written}`]);
      const runDir = join(out, readdirSync(out)[0]!);
      const notes = readFileSync(join(runDir, "trace.jsonl"), "utf8")
        .split("\n")
        .filter((line) => line.includes('"node.log"'))
        .map((line) => (JSON.parse(line) as { message: string }).message);
      expect(notes).toEqual(["10 episodes written to dataset", "10 episodes written to dataset"]);
    } finally {
      worker.kill("SIGTERM");
      await workerExited;
    }
  }, 60_000);
});
