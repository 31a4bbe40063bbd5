import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readDataset } from "../nodes/dataset/index.js";
import { foresight, foresightAsync, interruptRun, tempDir, writeExampleVariant } from "./fixtures/foresight-process.js";

type TraceEvent = { type: string; t: number; ms?: number; episode?: number; step?: number; action?: unknown; return?: number; success?: boolean; message?: string };

function runWith(workers: number, file = "examples/gridworld-lookahead.foresight.json") {
  const out = tempDir(`parallel-${workers}`);
  const result = foresight("run", file, "--episodes", "24", "--seed", "9", "--trace", "steps", "--workers", String(workers), "--out", out, "--json");
  expect(result.code, result.stderr).toBe(0);
  const runDir = join(out, readdirSync(out)[0]!);
  const events = readFileSync(join(runDir, "trace.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as TraceEvent);
  return { runDir, events, summary: JSON.parse(result.stdout) };
}

/** Each episode's events (in the order written) and the events outside episodes, without their timing fields. */
function contents(events: TraceEvent[]) {
  const episodes = new Map<number, unknown[]>();
  const outside: unknown[] = [];
  for (const { t: _t, ms: _ms, ...event } of events) {
    if (event.episode === undefined) outside.push(event);
    else episodes.set(event.episode, [...(episodes.get(event.episode) ?? []), event]);
  }
  return { episodes: [...episodes.entries()].sort(([a], [b]) => a - b), outside };
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

  it("stop on SIGINT with a worker playing: summary written, every thread gone, exit 1", async () => {
    // Under way: chunk 1 claimed (by the worker, unless it is still starting and the CLI's thread finished chunk 0 first).
    const { code, stderr, runDir } = await interruptRun(tempDir("parallel-sigint"), "shards/1/dataset/transitions.jsonl", "examples/gridworld-vgps.foresight.json", "--episodes", "100000", "--quiet", "--trace", "off", "--workers", "2");
    expect(code, stderr).toBe(1);
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    expect(summary.status).toBe("stopped");
    expect(summary.episodes).toBeGreaterThan(0);
  });

  it("fail the run when a worker thread dies, naming the worker: every thread gone, summary and trace written, exit 1", async () => {
    // The fixture kind (built: threads load JavaScript) ends any worker thread at its step 301 (after ~20 episodes); this thread plays on until stopped.
    const kind = resolve("dist/test/fixtures/kinds/thread-exit/index.js");
    const file = writeExampleVariant("gridworld-vgps", tempDir("parallel-exit"), "thread-exit", (doc) => {
      doc.nodes.push({ id: "exit", kind: "thread-exit", params: { afterSteps: 300 }, position: { x: 0, y: 0 } });
      doc.edges = doc.edges.map((edge: { from: string; to: string }) => (edge.from === "q.candidates" && edge.to === "risk.candidates" ? { from: "exit.candidates", to: edge.to } : edge));
      doc.edges.push({ from: "q.candidates", to: "exit.candidates" });
    });
    const out = tempDir("parallel-exit-runs");
    const { code, stderr } = await foresightAsync("run", file, "--kinds", kind, "--episodes", "100000", "--workers", "2", "--quiet", "--out", out);
    expect(code, stderr).toBe(1);
    expect(stderr).toContain("episode worker 1 exited (code 7) before finishing");
    const runDir = join(out, readdirSync(out)[0]!);
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    expect(summary.status).toBe("failed");
    expect(summary.error.message).toBe("episode worker 1 exited (code 7) before finishing");
    const events = readFileSync(join(runDir, "trace.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as TraceEvent);
    expect(events.at(-1)).toMatchObject({ type: "run.end", status: "failed" });
    expect(events.filter((e) => e.type === "node.error").map((e) => e.message)).toEqual(["episode worker 1 exited (code 7) before finishing"]);
    // The summary counts what the trace holds, the dead worker's finished episodes too (it counted this thread's alone).
    const ends = events.filter((e) => e.type === "episode.end") as (TraceEvent & { status: string; envSteps: number })[];
    expect(summary.episodes).toBe(ends.filter((e) => e.status === "completed").length);
    expect(summary.steps).toBe(ends.reduce((sum, e) => sum + e.envSteps, 0));
    // The dead worker's datasets are finished from its JSON Lines, as `foresight dataset repair` would: no parts left.
    const shard = join(runDir, "shards", "1", "dataset");
    expect(readdirSync(shard).sort()).toEqual(["preferences.jsonl", "preferences.parquet", "transitions.jsonl", "transitions.parquet"]);
    const transitions = await readDataset(join(shard, "transitions.parquet"));
    expect(transitions.length).toBe(readFileSync(join(shard, "transitions.jsonl"), "utf8").trim().split("\n").length);
  }, 60_000);

  it("finish a run that plays on fewer threads than the launcher started ahead (one episode: no worker)", () => {
    const out = tempDir("parallel-one");
    const result = foresight("run", "examples/gridworld-lookahead.foresight.json", "--episodes", "1", "--workers", "4", "--out", out, "--json");
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "completed", episodes: 1 });
    expect(readdirSync(join(out, readdirSync(out)[0]!))).not.toContain("shards");
  });

  it("write a trace that, apart from timing fields, holds a serial run's lines", () => {
    // Every episode's lines the same, the model loaded once (each shard loads it; the first says so); only the datasets' notes name their shards.
    const serial = runWith(1, "examples/gridworld-vgps-onnx.foresight.json");
    const parallel = runWith(3, "examples/gridworld-vgps-onnx.foresight.json");
    const [p, s] = [contents(parallel.events), contents(serial.events)];
    expect(p.episodes).toEqual(s.episodes);
    const runLevel = (outside: unknown[]) => (outside as TraceEvent[]).filter((e) => !e.type.startsWith("run.") && e.type !== "node.log");
    expect(runLevel(p.outside)).toEqual(runLevel(s.outside));
    expect(runLevel(p.outside).map((e) => e.type)).toEqual(["model.load"]);
    expect((p.outside as TraceEvent[]).filter((e) => e.type === "node.log").map((e) => e.message!.replace(/ to .*\/shards\//, " to shards/")).sort()).toEqual(
      ["0", "1", "2"].map((k) => `8 episodes written to shards/${k}/dataset`),
    );
  });
});
