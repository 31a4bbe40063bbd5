import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDataset } from "../nodes/dataset/index.js";
import { foresight, tempDir } from "./fixtures/foresight-process.js";

type TraceEvent = { type: string; episode?: number; step?: number; action?: unknown; return?: number; success?: boolean };

function runWith(workers: number) {
  const out = tempDir(`parallel-${workers}`);
  const result = foresight("run", "examples/gridworld-lookahead.foresight.json", "--episodes", "24", "--seed", "9", "--trace", "steps", "--workers", String(workers), "--out", out, "--json");
  expect(result.code, result.stderr).toBe(0);
  const runDir = join(out, readdirSync(out)[0]!);
  const events = readFileSync(join(runDir, "trace.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as TraceEvent);
  return { runDir, events, summary: JSON.parse(result.stdout) };
}

const byPlace = (events: TraceEvent[], type: string) =>
  events
    .filter((e) => e.type === type)
    .map(({ episode, step, action, return: total, success }) => ({ episode, step, action, total, success }))
    .sort((a, b) => a.episode! - b.episode! || (a.step ?? 0) - (b.step ?? 0));

describe("episodes on several worker threads", () => {
  it("play exactly the episodes of a serial run, in one trace with one run.start and one run.end", async () => {
    const serial = runWith(1);
    const parallel = runWith(3);
    expect(byPlace(parallel.events, "step.end")).toEqual(byPlace(serial.events, "step.end"));
    expect(byPlace(parallel.events, "episode.end")).toEqual(byPlace(serial.events, "episode.end"));
    expect(parallel.events.filter((e) => e.type === "run.start")).toHaveLength(1);
    expect(parallel.events[0]!.type).toBe("run.start");
    expect(parallel.events.at(-1)).toMatchObject({ type: "run.end", status: "completed", episodes: 24 });
    expect(parallel.summary.successRate).toEqual(serial.summary.successRate);
    expect(parallel.summary.nodeTime.rollout.calls).toBe(serial.summary.nodeTime.rollout.calls);

    // Each shard writes its own dataset; together they hold every step, and training reads them all.
    const shards = readdirSync(join(parallel.runDir, "shards")).sort();
    expect(shards).toEqual(["0", "1", "2"]);
    const records = (await Promise.all(shards.map((k) => readDataset(join(parallel.runDir, "shards", k, "dataset/transitions.parquet"))))).flat();
    expect(records).toEqual(await readDataset(join(serial.runDir, "dataset/transitions.parquet")));
    const train = foresight("train", "q", "--data", parallel.runDir, "--out", join(tempDir("parallel-q"), "q.onnx"), "--iterations", "1", "--epochs", "1", "--quiet");
    expect(train.code, train.stderr).toBe(0);
    expect(train.stderr).toContain(`q: ${records.filter((r) => r["action"] !== null).length} transitions`);
  });
});
