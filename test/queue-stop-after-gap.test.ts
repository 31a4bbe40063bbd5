import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchJobSchema, encodeOutcome, type BatchJob } from "../host/queue/batch-job.js";
import { fetchModels } from "../host/queue/model-store.js";
import { modelNamesOf, withModelPaths } from "../host/queue/model-names.js";
import { EPISODE_QUEUE } from "../host/queue/names.js";
import { BatchPlayer, withTraceLines } from "../host/queue/play-batch.js";
import { storeOutcome } from "../host/queue/store-outcome.js";
import { RunControl } from "../runtime/engine/control.js";
import { readDataset } from "../nodes/dataset/index.js";
import { BIN, tempDir } from "./fixtures/foresight-process.js";
import { startRedis, type TestRedis } from "./fixtures/redis-server.js";
import { needs, redis } from "./fixtures/requirements.js";
import { sleep, until } from "./fixtures/wait.js";

const VGPS = "examples/gridworld-vgps-onnx.foresight.json";

async function untilAsync(done: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await done())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(20);
  }
}

/**
 * The race a user met with Ctrl+C (about one try in three): batches came back out of order, so two
 * or more in a row waited behind a batch still playing when the run stopped. Here the test is the
 * worker and plays batches 0, 2 and 3 of 6 itself, so batch 1 is the gap every time.
 */
describe("a queued run stopped while batches wait behind one not back", needs(redis()), () => {
  let server: TestRedis;
  let queue: Queue<BatchJob>;

  beforeAll(async () => {
    server = await startRedis();
    queue = new Queue(EPISODE_QUEUE, { connection: server.client });
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    await server?.stop();
  });

  it("ends stopped over the batches taken in, its datasets joined in episode order, workers.json written, no shard left", async () => {
    const out = tempDir("queue-gap");
    const producer = spawn(process.execPath, [BIN, "run", VGPS, "--episodes", "30", "--seed", "9", "--queue", server.url, "--batch", "5", "--out", out], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    producer.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => producer.once("close", resolve));
    await until(() => stderr.includes("queued "), 30_000);

    const jobs = (await queue.getJobs(["waiting"])).map((job) => batchJobSchema.parse(job.data)).sort((a, b) => a.batch - b.batch);
    expect(jobs).toHaveLength(6);
    const models = tempDir("queue-gap-models");
    const player = new BatchPlayer({ models, scratch: tempDir("queue-gap-scratch") }, "test-worker");
    try {
      for (const job of [jobs[0]!, jobs[2]!, jobs[3]!]) {
        await fetchModels(server.client, job.models, models);
        const packed = await player.play(job, new RunControl());
        expect(await storeOutcome(server.client, job.runId, job, encodeOutcome(withTraceLines(withModelPaths(packed, modelNamesOf(job)))))).toBe(true);
      }
    } finally {
      await player.dispose();
    }
    // The producer deletes an outcome's key as it takes the outcome in.
    await untilAsync(async () => (await server.client.keys("foresight:run:*:batch:*")).length === 0);
    producer.kill("SIGINT");
    expect(await exited, stderr).toBe(1);
    expect(stderr).not.toMatch(/run failed/);

    const runDir = join(out, readdirSync(out)[0]!);
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    expect(summary.status).toBe("stopped");
    expect(summary.episodes).toBe(15);
    const played = [...Array(5).keys()].flatMap((i) => [i, 10 + i, 15 + i]).sort((a, b) => a - b);
    const recorded = (await readDataset(join(runDir, "dataset/transitions.parquet"))).map((row) => row["episode"]);
    expect([...new Set(recorded)]).toEqual(played);
    expect(readdirSync(join(runDir, "dataset")).filter((name) => !/\.(jsonl|parquet)$/.test(name))).toEqual([]);
    expect(existsSync(join(runDir, "shards"))).toBe(false);
    const workers = JSON.parse(readFileSync(join(runDir, "workers.json"), "utf8"));
    expect(workers.workers).toEqual([{ worker: "test-worker", batches: 3, episodes: 15, providers: ["cpu"] }]);
  }, 60_000);
});
