import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, tempDir } from "./fixtures/foresight-process.js";
import { startRedis, type TestRedis } from "./fixtures/redis-server.js";
import { needs, redis } from "./fixtures/requirements.js";
import { until } from "./fixtures/wait.js";

/** A foresight process whose stderr lines the test reads as they come. */
function watched(...args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  const seen = { lines: [] as string[], code: undefined as number | null | undefined };
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (seen.lines = (stderr += chunk).split("\n").filter(Boolean)));
  const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
  return { child, seen, exited };
}

describe("a worker's second Ctrl+C", needs(redis()), () => {
  let server: TestRedis;
  beforeAll(async () => (server = await startRedis()));
  // Its queue goes with it: the server keeps nothing on disk.
  afterAll(async () => await server?.stop());

  it("leaves its batches in one line and takes no new batch (it went on as after the first Ctrl+C)", async () => {
    const worker = watched("worker", "--redis", server.url, "--cache", tempDir("second-ctrl-c-cache"), "--name", "d");
    await until(() => worker.seen.lines.some((l) => l.includes("takes batches from")), 30_000);
    const producer = watched("run", "examples/gridworld-best-first.foresight.json", "--episodes", "300", "--batch", "20", "--trace", "off", "--queue", server.url, "--out", tempDir("second-ctrl-c-run"));
    try {
      await until(() => worker.seen.lines.some((l) => l.endsWith(": started")), 30_000);
      worker.child.kill("SIGINT");
      await until(() => worker.seen.lines.some((l) => l.includes("stopping after the batches it holds")));
      worker.child.kill("SIGINT");
      expect(await worker.exited).toBe(130);
      const after = worker.seen.lines.slice(worker.seen.lines.indexOf("worker d left its batches to the queue") + 1);
      expect(worker.seen.lines).toContain("worker d left its batches to the queue");
      expect(after.filter((l) => l.includes("stopping after") || l.endsWith(": started")), worker.seen.lines.join("\n")).toEqual([]);
    } finally {
      producer.child.kill("SIGINT");
      await producer.exited;
    }
  }, 60_000);
});
