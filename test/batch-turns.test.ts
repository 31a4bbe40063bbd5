import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BatchJob, BatchOutcome } from "../host/queue/batch-job.js";
import { BatchTurns } from "../host/queue/batch-turns.js";
import { BatchPlayer, withTraceLines } from "../host/queue/play-batch.js";
import { RunControl } from "../runtime/engine/control.js";
import { resolveRunSettings } from "../runtime/run-settings.js";

const examples = join(import.meta.dirname, "../examples");
const document = JSON.parse(readFileSync(join(examples, "gridworld-vgps-onnx.foresight.json"), "utf8"));
const scratch = mkdtempSync(join(tmpdir(), "foresight-batch-turns-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const job = (batch: number, first: number, last: number): BatchJob => ({
  format: "foresight/batch",
  version: 1,
  runId: "turns",
  batch,
  first,
  last,
  pipeline: document,
  pipelineSha256: "a".repeat(64),
  models: [],
  settings: resolveRunSettings(document.run, { trace: "steps" }),
});

/** What must not depend on how batches were scheduled: everything but times. */
const comparable = (outcome: BatchOutcome) => ({
  episodes: outcome.result.episodes.map(({ ms: _ms, ...episode }) => episode),
  trace: Buffer.from(outcome.trace).toString("utf8").split("\n").map((line) => line.replace(/"t":[\d.e+-]+/g, '"t":0').replace(/"ms":[\d.e+-]+/g, '"ms":0')),
  files: outcome.files.map((file) => ({ path: file.path, bytes: file.path.endsWith(".jsonl") ? Buffer.from(file.bytes).toString("utf8") : file.bytes.length })),
});

describe("batches taking turns on a worker's episode thread", () => {
  it("start the next batch once the last one's episodes are played, before its nodes close, and pack the same outcomes as batches played one after another", async () => {
    const jobs = [job(0, 0, 4), job(1, 5, 9), job(2, 10, 14)];
    const alone = new BatchPlayer({ models: examples, scratch: join(scratch, "alone") }, "alone");
    const oneByOne: BatchOutcome[] = [];
    for (const each of jobs) oneByOne.push(withTraceLines(await alone.play(each, new RunControl())));
    await alone.dispose();

    const player = new BatchPlayer({ models: examples, scratch: join(scratch, "turns") }, "turns");
    const turns = new BatchTurns(player);
    const log: string[] = [];
    const inTurns = jobs.map((each) =>
      turns.play(
        each,
        new RunControl(),
        () => (log.push(`start ${each.batch}`), true),
        (outcome) => (log.push(`packed ${each.batch}`), withTraceLines(outcome)),
      ),
    );
    const outcomes = await Promise.all(inTurns);
    await turns.drained();
    await player.dispose();

    // Batch 1 starts while batch 0's Dataset collector writes its Parquet file: before batch 0 is packed.
    expect(log.indexOf("start 1")).toBeLessThan(log.indexOf("packed 0"));
    expect(log.indexOf("start 2")).toBeLessThan(log.indexOf("packed 1"));
    expect(outcomes.map((outcome) => comparable(outcome!))).toEqual(oneByOne.map(comparable));
    expect(outcomes.every((outcome) => outcome!.files.some((file) => file.path.endsWith(".parquet")))).toBe(true);
    // The collector's closing line names where the batch's files go, relative to the run folder, not the worker's scratch folder.
    expect(Buffer.from(outcomes[2]!.trace).toString("utf8")).toContain('"message":"5 episodes written to dataset"');
  });

  it("skips a batch whose turn comes after it was stopped, and goes on with the next", async () => {
    const player = new BatchPlayer({ models: examples, scratch: join(scratch, "skip") }, "skip");
    const turns = new BatchTurns(player);
    const stopped = new RunControl();
    stopped.stop();
    const [skipped, played] = await Promise.all([
      turns.play(job(0, 0, 1), stopped, () => !stopped.signal.aborted, (outcome) => outcome),
      turns.play(job(1, 2, 3), new RunControl(), () => true, (outcome) => outcome),
    ]);
    await player.dispose();
    expect(skipped).toBeUndefined();
    expect(played!.result.episodes.map((episode) => episode.episode)).toEqual([2, 3]);
  });
});
