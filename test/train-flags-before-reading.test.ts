import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foresight, tempDir, type Finished } from "./fixtures/foresight-process.js";

// A task or flag the environment does not fit is refused before any data is read: the data here is
// no Parquet at all, so a check made after reading would name the file instead.
const dir = tempDir("train-flags-before-reading");
const unreadable = join(dir, "dataset", "transitions.parquet");
const train = (task: string, pipeline: string, ...args: string[]) =>
  foresight("train", task, unreadable, "--pipeline", pipeline, "--out", join(dir, "model.onnx"), "--quiet", ...args);

beforeAll(() => {
  mkdirSync(join(dir, "dataset"), { recursive: true });
  writeFileSync(unreadable, "not parquet, and slow to read if it were 200 MB");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refused(result: Finished, says: string): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toBe(`foresight: ${says}\n`);
}

describe("foresight train refuses flags the environment does not fit before reading the data", () => {
  it("refuses --action-encoding on discrete actions", () => {
    refused(train("q", "examples/gridworld-policy-only.foresight.json", "--action-encoding", "bow"), '--action-encoding encodes text actions; "gridworld" has discrete ones');
  });

  it("refuses --target max on continuous actions", () => {
    refused(train("q", "examples/pendulum-policy-only.foresight.json", "--target", "max"), '--target max needs discrete actions (a max over every action); "pendulum" has continuous ones: use --target sarsa');
  });

  it("refuses policy on text actions", () => {
    refused(train("policy", "examples/shopping-scripted.foresight.json"), 'task "policy" needs discrete or box actions; "shopping" has text actions (train q or value)');
  });

  it("names --action-encoding, not a data file, for an action encoding the environment lacks", () => {
    refused(train("q", "examples/shopping-scripted.foresight.json", "--target", "mc", "--action-encoding", "nope"), '--action-encoding nope: "shopping" has no action encoding "nope"; its action encodings: bow');
    refused(train("value", "examples/shopping-scripted.foresight.json", "--action-encoding", "nope"), '--action-encoding nope: "shopping" has no action encoding "nope"; its action encodings: bow');
  });

  it("refuses --target mc on actions that are not text", () => {
    refused(train("q", "examples/gridworld-policy-only.foresight.json", "--target", "mc"), '--target mc reads candidate records of text actions; "gridworld" has discrete ones: use --target sarsa or max');
  });
});
