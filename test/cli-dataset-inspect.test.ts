import { readdirSync, rmSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foresight, tempDir } from "./fixtures/foresight-process.js";

// `foresight dataset inspect` on a small recorded gridworld run, whole and with its Parquet file cut short.
const dir = tempDir("dataset-inspect");
let runDir: string;
const TRANSITION_COLUMNS = "episode INT32, step INT32, observation STRING, action STRING, reward DOUBLE, next_observation STRING, terminated BOOLEAN, truncated BOOLEAN, env_steps INT32, success BOOLEAN, hazard BOOLEAN";

beforeAll(() => {
  const out = join(dir, "runs");
  const recorded = foresight("run", "examples/gridworld-policy-only.foresight.json", "--episodes", "2", "--out", out, "--quiet", "--trace", "off", "--workers", "1");
  expect(recorded.code, recorded.stderr).toBe(0);
  runDir = join(out, readdirSync(out)[0]!);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("foresight dataset inspect", () => {
  it("prints each stream file's format, rows, episodes and typed columns, and the run's environment", () => {
    const result = foresight("dataset", "inspect", runDir);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`${runDir}: environment "gridworld"`);
    expect(lines[1]).toMatch(new RegExp(`^${join(runDir, "dataset/transitions.parquet")}: Parquet, \\d+ rows, 2 episodes; columns: ${TRANSITION_COLUMNS}$`));
    expect(lines[2]).toMatch(new RegExp(`^${join(runDir, "dataset/transitions.jsonl")}: JSONL, \\d+ rows, 2 episodes; columns: episode number, step number, observation string`));
    expect(result.stdout).not.toContain("damaged");
  });

  it("reads a Parquet file from another tool, with its int64 columns", () => {
    const result = foresight("dataset", "inspect", "test/fixtures/parquet/gridworld-zstd.parquet");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("gridworld-zstd.parquet: Parquet, 10 rows, 2 episodes; columns: episode INT64, step INT64, observation STRING");
  });

  it("names a damaged file and points to dataset repair", () => {
    const parquet = join(runDir, "dataset/transitions.parquet");
    truncateSync(parquet, 800);
    const result = foresight("dataset", "inspect", runDir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${parquet}: Parquet\n  damaged: cannot be read (parquet file invalid (footer != PAR1))\n`);
    expect(result.stdout).toContain(`run \`foresight dataset repair ${runDir}\` to write the damaged or unfinished files again from what the run left\n`);
  });

  it("refuses a folder without a dataset", () => {
    const result = foresight("dataset", "inspect", "examples");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("examples: no dataset in it");
  });
});
