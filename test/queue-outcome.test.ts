import { describe, expect, it } from "vitest";
import { decodeOutcome, encodeOutcome, type BatchOutcome } from "../host/queue/batch-job.js";

const outcome: BatchOutcome = {
  runId: "run-1",
  batch: 3,
  first: 60,
  last: 79,
  worker: "host:1",
  result: { status: "completed", models: [], episodes: [], nodeTimes: [], wallMs: 12.5 },
  notices: [{ type: "episode.start", t: 1, episode: 60 }],
  trace: Buffer.from('{"type":"step.start","t":2,"episode":60,"step":0}\n'),
  files: [
    { path: "dataset/transitions.jsonl", bytes: Buffer.from('{"episode":60}\n') },
    { path: "dataset/transitions.parquet", bytes: Buffer.from([0x50, 0x41, 0x52, 0x31, 0x00, 0xff]) },
  ],
};

describe("a batch's stored outcome", () => {
  it("reads back as it was written: header, trace lines and file bytes", () => {
    const read = decodeOutcome(encodeOutcome(outcome), "foresight:run:run-1:batch:60-79");
    expect({ ...read, trace: Buffer.from(read.trace), files: read.files.map((f) => ({ path: f.path, bytes: Buffer.from(f.bytes) })) }).toEqual(outcome);
  });

  it("refuses bytes that are not one, naming the key and why", () => {
    const bytes = encodeOutcome(outcome);
    expect(() => decodeOutcome(bytes.subarray(0, bytes.length - 1), "k")).toThrow(/^k: not a batch outcome \(its header accounts for \d+ bytes, it has \d+\)$/);
    expect(() => decodeOutcome(Buffer.from("not an outcome"), "k")).toThrow(/^k: not a batch outcome \(its header runs past/);
    const header = Buffer.from(JSON.stringify({ format: "foresight/outcome", version: 1 }));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(header.length);
    expect(() => decodeOutcome(Buffer.concat([length, header]), "k")).toThrow(/^k: not a batch outcome \(version: /);
  });

  it("refuses one whose result lacks what the producer reads of it (its models, its node times), whatever its status", () => {
    for (const status of ["completed", "failed", "stopped"] as const) {
      const { models: _models, ...withoutModels } = { ...outcome.result, status };
      const bytes = encodeOutcome({ ...outcome, result: withoutModels as BatchOutcome["result"] });
      expect(() => decodeOutcome(bytes, "k")).toThrow(/^k: not a batch outcome \(result: not a batch's result/);
      expect(decodeOutcome(encodeOutcome({ ...outcome, result: { ...outcome.result, status } }), "k").result.status).toBe(status);
    }
    const { nodeTimes: _nodeTimes, ...withoutTimes } = outcome.result;
    expect(() => decodeOutcome(encodeOutcome({ ...outcome, result: withoutTimes as BatchOutcome["result"] }), "k")).toThrow(/result: not a batch's result/);
  });
});
