import { readdirSync, rmSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foresight, tempDir } from "./fixtures/foresight-process.js";

// A run's transitions.parquet cut short (a kill or a full disk mid-write) beside an intact transitions.jsonl.
const dir = tempDir("train-damaged-parquet");
const PIPELINE = "examples/gridworld-policy-only.foresight.json";
let runDir: string;
const train = (...args: string[]) => foresight("train", "policy", ...args, "--epochs", "1", "--out", join(dir, "policy.onnx"));

beforeAll(() => {
  const out = join(dir, "runs");
  const recorded = foresight("run", PIPELINE, "--episodes", "2", "--out", out, "--quiet", "--trace", "off", "--workers", "1");
  expect(recorded.code, recorded.stderr).toBe(0);
  runDir = join(out, readdirSync(out)[0]!);
  truncateSync(join(runDir, "dataset/transitions.parquet"), 800);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("foresight train on a damaged transitions.parquet", () => {
  it("trains on the JSON Lines beside it, saying so", () => {
    const result = train(runDir);
    expect(result.code, result.stderr).toBe(0);
    const parquet = join(runDir, "dataset/transitions.parquet");
    expect(result.stderr).toContain(
      `policy: ${parquet}: cannot be read (parquet file invalid (footer != PAR1)): reading ${join(runDir, "dataset/transitions.jsonl")} beside it, which holds the same records; \`foresight dataset repair ${runDir}\` writes the Parquet file again\n`,
    );
  });

  it("names `foresight dataset repair` where nothing is beside it", () => {
    rmSync(join(runDir, "dataset/transitions.jsonl"));
    const parquet = join(runDir, "dataset/transitions.parquet");
    const result = train(parquet);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toBe(`foresight: ${parquet}: cannot be read as a dataset (parquet file invalid (footer != PAR1)); \`foresight dataset repair ${runDir}\` writes it again from what the run left\n`);
  });
});
