import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDataset, repairDatasets } from "./index.js";
import { readParts } from "./read-dataset.js";
import { CRASH_FINISHED, CRASH_FOLDERS, CRASH_IN_PART, CRASH_STEPS } from "./testing/crash-scenario.js";
import { expectedCandidates, expectedPreferences, expectedTransitions } from "./testing/episodes.js";

const child = fileURLToPath(new URL("./testing/crash-child.mjs", import.meta.url));
const episodes = (count: number) => Array.from({ length: count }, (_, episode) => episode);
const finished = episodes(CRASH_FINISHED);
const expected = {
  transitions: (list: number[]) => list.flatMap((e) => expectedTransitions(e, CRASH_STEPS)),
  preferences: (list: number[]) => list.flatMap((e) => expectedPreferences(e, CRASH_STEPS)),
  candidates: (list: number[]) => list.flatMap((e) => expectedCandidates(e, CRASH_STEPS)),
};
const streams = Object.keys(expected) as (keyof typeof expected)[];

describe("a run killed with SIGKILL in its seventh episode, a part written after its fourth", () => {
  const runDir = mkdtempSync(join(tmpdir(), "foresight-crash-"));
  const dataset = (file: string) => join(runDir, CRASH_FOLDERS.both, file);
  const parquetOnly = (file: string) => join(runDir, CRASH_FOLDERS.parquetOnly, file);
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

  it("keeps exactly the six finished episodes in JSON Lines, the last one finished just before the kill", async () => {
    for (const stream of streams) expect(await readDataset(dataset(`${stream}.jsonl`))).toEqual(expected[stream](finished));
  });

  it("writes no Parquet part beside a JSON Lines file: an empty parts folder marks the Parquet still to come", () => {
    expect(readdirSync(join(runDir, CRASH_FOLDERS.both)).sort()).toEqual(streams.flatMap((s) => [`${s}.jsonl`, `${s}.parquet.parts`]).sort());
    for (const stream of streams) expect(readdirSync(dataset(`${stream}.parquet.parts`))).toEqual([]);
  });

  it("leaves one complete Parquet part per stream of a Parquet-only dataset, holding the first four episodes, nothing half-written", async () => {
    expect(readdirSync(join(runDir, CRASH_FOLDERS.parquetOnly)).sort()).toEqual(streams.map((s) => `${s}.parquet.parts`).sort());
    for (const stream of streams) {
      expect(readdirSync(parquetOnly(`${stream}.parquet.parts`))).toEqual(["part-000000-000000.parquet"]);
      expect(await readParts(parquetOnly(`${stream}.parquet.parts`))).toEqual(expected[stream](episodes(CRASH_IN_PART)));
    }
  });

  it("reads every finished episode from a parts folder, through its JSON Lines file, without changing the folder", async () => {
    for (const stream of streams) expect(await readDataset(dataset(`${stream}.parquet.parts`))).toEqual(expected[stream](finished));
    expect(existsSync(dataset("transitions.parquet"))).toBe(false);
  });

  it("repairs into complete Parquet files: every finished episode from JSON Lines, the parts' episodes without it, and removes the parts", async () => {
    const repaired = await repairDatasets(runDir);
    expect(repaired.map((r) => [r.file, r.from, r.records]).sort()).toEqual(
      streams
        .flatMap((s) => [
          [dataset(`${s}.parquet`), "jsonl", expected[s](finished).length],
          [parquetOnly(`${s}.parquet`), "parts", expected[s](episodes(CRASH_IN_PART)).length],
        ])
        .sort(),
    );
    expect(readdirSync(join(runDir, CRASH_FOLDERS.both)).sort()).toEqual(streams.flatMap((s) => [`${s}.jsonl`, `${s}.parquet`]).sort());
    expect(readdirSync(join(runDir, CRASH_FOLDERS.parquetOnly)).sort()).toEqual(streams.map((s) => `${s}.parquet`).sort());
    for (const stream of streams) {
      expect(await readDataset(dataset(`${stream}.parquet`))).toEqual(expected[stream](finished));
      expect(await readDataset(parquetOnly(`${stream}.parquet`))).toEqual(expected[stream](episodes(CRASH_IN_PART)));
    }
    expect(await repairDatasets(runDir)).toEqual([]);
  });
});
