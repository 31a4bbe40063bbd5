import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDataset } from "./index.js";
import { CRASH_STEPS } from "./testing/crash-scenario.js";
import { expectedCandidates, expectedPreferences, expectedTransitions } from "./testing/episodes.js";

const child = fileURLToPath(new URL("./testing/crash-child.mjs", import.meta.url));
const finished = [0, 1, 2];

describe("a run killed with SIGKILL in its fourth episode", () => {
  const runDir = mkdtempSync(join(tmpdir(), "foresight-crash-"));
  const dataset = (file: string) => join(runDir, "dataset", file);
  let ending: { signal: NodeJS.Signals | null; stderr: string };

  beforeAll(async () => {
    const run = spawn(process.execPath, [child, runDir], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    run.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => run.on("close", (_code, signal) => resolve(signal)));
    ending = { signal, stderr };
  });
  afterAll(() => rmSync(runDir, { recursive: true, force: true }));

  it("really died by SIGKILL, after the scenario ran", () => {
    expect(ending).toEqual({ signal: "SIGKILL", stderr: "" });
  });

  it("keeps exactly the three finished episodes in JSON Lines", async () => {
    expect(await readDataset(dataset("transitions.jsonl"))).toEqual(finished.flatMap((e) => expectedTransitions(e, CRASH_STEPS)));
    expect(await readDataset(dataset("preferences.jsonl"))).toEqual(finished.flatMap((e) => expectedPreferences(e, CRASH_STEPS)));
    expect(await readDataset(dataset("candidates.jsonl"))).toEqual(finished.flatMap((e) => expectedCandidates(e, CRASH_STEPS)));
  });

  it("keeps the three finished episodes as complete Parquet parts, and nothing compacted", async () => {
    expect(readdirSync(dataset("transitions.parquet.parts"))).toEqual([
      "episode-000000.parquet",
      "episode-000001.parquet",
      "episode-000002.parquet",
    ]);
    expect(existsSync(dataset("transitions.parquet"))).toBe(false);
    const parts = (stream: string) => readDataset(dataset(`${stream}.parquet.parts`));
    expect(await parts("transitions")).toEqual(finished.flatMap((e) => expectedTransitions(e, CRASH_STEPS)));
    expect(await parts("preferences")).toEqual(finished.flatMap((e) => expectedPreferences(e, CRASH_STEPS)));
    expect(await parts("candidates")).toEqual(finished.flatMap((e) => expectedCandidates(e, CRASH_STEPS)));
  });
});
