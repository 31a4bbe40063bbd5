import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { Queue } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EPISODE_QUEUE } from "../host/queue/names.js";
import { BIN, foresightAsync, tempDir, type Finished } from "./fixtures/foresight-process.js";
import { startRedis, type TestRedis } from "./fixtures/redis-server.js";
import { mountSmallDisk } from "./fixtures/small-disk.js";
import { needs, redis } from "./fixtures/requirements.js";
import { sleep, until } from "./fixtures/wait.js";

const VGPS = "examples/gridworld-vgps-onnx.foresight.json";

/** A worker's scratch disk, filled but for a few kilobytes: its batches' Dataset writes meet ENOSPC. */
const fullDisk = mountSmallDisk("queue-full-scratch");

/** Short locks, so a lost worker's batch is taken back within seconds. */
const FAST_RECOVERY = ["--lock-duration", "2000", "--stalled-interval", "500"];

interface Watched {
  child: ChildProcess;
  lines: string[];
  exited: Promise<Finished>;
}

function watch(...args: string[]): Watched {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const watched: Watched = { child, lines: [], exited: undefined as unknown as Promise<Finished> };
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (watched.lines = (stderr += chunk).split("\n").filter(Boolean)));
  watched.exited = new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
  return watched;
}

/** A TCP relay to Redis that a test cuts and restores: a Redis outage for those connected through it, Redis itself running on. */
async function cuttableRelay(redisUrl: string): Promise<{ url: string; cut(): void; restore(): void; close(): void }> {
  const target = Number(new URL(redisUrl).port);
  const sockets = new Set<Socket>();
  let open = true;
  const server: Server = createServer((client) => {
    if (!open) return void client.destroy();
    const upstream = connect(target, "127.0.0.1");
    for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
      sockets.add(a);
      a.on("error", () => b.destroy());
      a.on("close", () => (sockets.delete(a), b.destroy()));
      a.pipe(b);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const cut = () => {
    open = false;
    for (const socket of sockets) socket.destroy();
  };
  return { url: `redis://127.0.0.1:${port}`, cut, restore: () => void (open = true), close: () => (cut(), server.close()) };
}

/** What must equal a local run's: the summary without timings and the run's name. */
function results(out: string) {
  const runDir = join(out, readdirSync(out)[0]!);
  const { runId: _id, wallSeconds: _wall, stepsPerSecond: _sps, nodeTime: _time, ...rest } = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
  return rest;
}

describe("queued runs whose workers fail them", needs(redis()), () => {
  let server: TestRedis;
  let queue: Queue;
  const workers: Watched[] = [];
  const startWorker = (name: string, ...more: string[]) => {
    const worker = watch("worker", "--redis", server.url, "--cache", tempDir(`trouble-${name}`), "--name", name, ...FAST_RECOVERY, ...more);
    workers.push(worker);
    return worker;
  };
  const listening = (worker: Watched) => until(() => worker.lines.some((l) => l.includes("takes batches from")), 30_000);

  beforeAll(async () => {
    server = await startRedis();
    queue = new Queue(EPISODE_QUEUE, { connection: server.client });
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      worker.child.kill("SIGKILL");
      await worker.exited;
    }
    await queue.obliterate({ force: true });
  });
  afterAll(async () => {
    fullDisk.unmount();
    await queue?.close();
    await server?.stop();
  });

  describe("a worker whose scratch disk is full", needs(fullDisk.requirement), () => {
    beforeAll(() => void fullDisk.fillLeaving(12 * 1024));

    it("hands its batches back, each with a line, and the other worker plays the run, equal to a local run", async () => {
      const args = ["--episodes", "20", "--seed", "4", "--trace", "full"];
      const localOut = tempDir("trouble-local");
      const local = foresightAsync("run", VGPS, ...args, "--out", localOut);
      const [healthy, full] = [startWorker("healthy"), startWorker("full", "--scratch", fullDisk.dir)];
      await Promise.all([listening(healthy), listening(full)]);
      // The healthy worker listens but takes nothing until it is let go: the full one meets the run first.
      healthy.child.kill("SIGSTOP");
      const out = tempDir("trouble-run");
      const producer = watch("run", VGPS, ...args, "--queue", server.url, "--batch", "5", "--out", out);
      await until(() => full.lines.some((l) => l.includes("handed back to the queue")), 30_000);
      await sleep(1000);
      healthy.child.kill("SIGCONT");
      const run = await producer.exited;
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/^worker full \(\S+:\d+\) cannot play this run, its batches go to other workers: this worker's files failed \(ENOSPC; /m);
      expect(full.lines.filter((l) => l.includes(" done in ")), full.lines.join("\n")).toEqual([]);
      // Every batch it started ends in a line of its own.
      const started = full.lines.filter((l) => l.endsWith(": started")).map((l) => l.replace(/: started$/, ""));
      for (const batch of started) expect(full.lines.some((l) => l.startsWith(`${batch}: `) && l.includes("handed back")), `${batch}\n${full.lines.join("\n")}`).toBe(true);
      const localRun = await local;
      expect(localRun.code, localRun.stderr).toBe(0);
      expect(results(out)).toEqual(results(localOut));
    }, 90_000);
  });

  it("logs a batch whose node failed as failed, with node, episode and step, not as done", async () => {
    const worker = startWorker("failing");
    await listening(worker);
    const run = await foresightAsync("run", "examples/gridworld-vgps.foresight.json", "--episodes", "3", "--set", "run.onNodeError=endRun", "--set", "executor.score=judge", "--queue", server.url, "--out", tempDir("trouble-failing"));
    expect(run.code, run.stderr).toBe(1);
    await until(() => worker.lines.some((l) => l.includes(": failed: ")), 10_000);
    expect(worker.lines.filter((l) => l.includes(": failed: ")), worker.lines.join("\n")).toEqual([expect.stringMatching(/^batch \S+ episodes 0–2: failed: node "executor" \(executor\) at episode 0, step 0: .*judge/)]);
    expect(worker.lines.filter((l) => l.includes(" done in "))).toEqual([]);
  }, 60_000);

  it("says no worker is listening when the only worker dies after its first batch", async () => {
    const worker = startWorker("mortal");
    await listening(worker);
    const producer = watch("run", VGPS, "--episodes", "400", "--trace", "off", "--queue", server.url, "--batch", "10", "--out", tempDir("trouble-mortal"));
    try {
      await until(() => worker.lines.some((l) => l.includes(" done in ")), 30_000);
      worker.child.kill("SIGKILL");
      await until(() => producer.lines.some((l) => l.startsWith(`no worker is listening on ${server.url}`)), 15_000);
      expect(producer.child.exitCode).toBeNull();
    } finally {
      producer.child.kill("SIGINT");
      await producer.exited;
    }
  }, 60_000);

  it("says a batch taken back after a Redis outage lost its lock while Redis was away, not that its worker stopped answering", async () => {
    const relay = await cuttableRelay(server.url);
    const [cutOff, direct] = [startWorker("cut-off", "--redis", relay.url), startWorker("direct")];
    await Promise.all([listening(cutOff), listening(direct)]);
    const producer = watch("run", VGPS, "--episodes", "3000", "--trace", "off", "--queue", relay.url, "--batch", "10", "--out", tempDir("trouble-lapsed"));
    try {
      await until(() => cutOff.lines.some((l) => l.endsWith(": started")), 30_000);
      relay.cut();
      // Longer than the lock (2 s) and the direct worker's look for lapsed locks (0.5 s).
      await until(() => producer.lines.some((l) => l.startsWith("lost Redis")), 10_000);
      await sleep(3500);
      relay.restore();
      await until(() => producer.lines.some((l) => / retried: /.test(l)), 20_000);
      const retried = producer.lines.filter((l) => / retried: /.test(l));
      expect(retried.length, producer.lines.join("\n")).toBeGreaterThan(0);
      for (const line of retried) expect(line).toMatch(/^batch \d+–\d+ retried: its lock lapsed while Redis was away$/);
    } finally {
      producer.child.kill("SIGINT");
      await producer.exited;
      relay.close();
    }
  }, 60_000);
});
