import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CandidateTable } from "../../runtime/candidate-table.js";
import type { Action, Environment } from "../../runtime/environment.js";
import { datasetKind, readDataset, repairDatasets } from "./index.js";
import {
  expectedCandidates,
  expectedPreferences,
  expectedTransitions,
  feedSteps,
  fedStep,
  playEpisode,
  setupContext,
  stepContext,
  type DatasetNode,
} from "./testing/episodes.js";

let runDir: string;
beforeEach(() => {
  runDir = mkdtempSync(join(tmpdir(), "foresight-dataset-"));
});
afterEach(() => rmSync(runDir, { recursive: true, force: true }));

async function createNode(params: Record<string, unknown> = {}, log?: (message: string) => void): Promise<DatasetNode> {
  return datasetKind.create(datasetKind.params.parse(params), setupContext(runDir, log));
}

const dataset = (file: string) => join(runDir, "dataset", file);

async function readWithHyparquet(path: string): Promise<Record<string, unknown>[]> {
  const bytes = readFileSync(path);
  return parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
}

describe("dataset params", () => {
  it("default to transitions and preferences, as JSON Lines and Parquet, ranked by q, in dataset/", () => {
    expect(datasetKind.params.parse({})).toEqual({
      transitions: true,
      preferences: true,
      candidates: false,
      formats: ["jsonl", "parquet"],
      scoreColumn: "q",
      folder: "dataset",
    });
  });

  it.each(["/tmp/data", "C:\\data", "../elsewhere", "data/../../up", "data\\..\\.."])("refuse the folder %s outside the run folder", (folder) => {
    const result = datasetKind.params.safeParse({ folder });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["folder"]);
  });

  it("accept a nested relative folder", () => {
    expect(datasetKind.params.parse({ folder: "data/v1" }).folder).toBe("data/v1");
  });

  it("refuse an empty list of formats and a collector that records nothing", () => {
    expect(datasetKind.params.safeParse({ formats: [] }).success).toBe(false);
    expect(datasetKind.params.safeParse({ transitions: false, preferences: false }).success).toBe(false);
  });

  it("require the candidates input only when preferences or candidates are recorded", () => {
    const required = datasetKind.inputs.candidates.required;
    const params = (p: Record<string, unknown>) => datasetKind.params.parse(p);
    expect(required(params({}))).toBe(true);
    expect(required(params({ preferences: false, candidates: true }))).toBe(true);
    expect(required(params({ preferences: false }))).toBe(false);
  });
});

describe("the dataset collector", () => {
  it("writes transitions, preferences and candidates as JSON Lines and Parquet with the same content and types", async () => {
    const node = await createNode({ candidates: true });
    await playEpisode(node, 0, 4);
    await playEpisode(node, 1, 3);
    await node.close?.();

    const expected = {
      transitions: [...expectedTransitions(0, 4), ...expectedTransitions(1, 3)],
      preferences: [...expectedPreferences(0, 4), ...expectedPreferences(1, 3)],
      candidates: [...expectedCandidates(0, 4), ...expectedCandidates(1, 3)],
    };
    for (const [stream, records] of Object.entries(expected)) {
      expect(await readDataset(dataset(`${stream}.jsonl`))).toEqual(records);
      expect(await readWithHyparquet(dataset(`${stream}.parquet`))).toEqual(records);
    }
    expect(readdirSync(join(runDir, "dataset")).sort()).toEqual([
      "candidates.jsonl",
      "candidates.parquet",
      "preferences.jsonl",
      "preferences.parquet",
      "transitions.jsonl",
      "transitions.parquet",
    ]);
  });

  it("stores episode and step as INT32, numbers as DOUBLE, flags as BOOLEAN and JSON text as UTF-8 strings", async () => {
    const node = await createNode({});
    await playEpisode(node, 0, 2);
    await node.close?.();
    const { schema } = parquetMetadata(readFileSync(dataset("transitions.parquet")));
    const types = Object.fromEntries(schema.slice(1).map((e) => [e.name, [e.type, e.converted_type].filter(Boolean).join(" ")]));
    expect(types).toEqual({
      episode: "INT32",
      step: "INT32",
      observation: "BYTE_ARRAY UTF8",
      action: "BYTE_ARRAY UTF8",
      reward: "DOUBLE",
      next_observation: "BYTE_ARRAY UTF8",
      terminated: "BOOLEAN",
      truncated: "BOOLEAN",
      env_steps: "INT32",
      success: "BOOLEAN",
      hazard: "BOOLEAN",
    });
  });

  it("stores a candidate column the kinds declare as integers (the sampler's count) as INT32, as JSON Lines holds it, repaired too", async () => {
    const node = await createNode({ transitions: false, preferences: false, candidates: true });
    const counted = (episode: number, step: number, steps: number) => ({ ...fedStep(episode, step, steps), candidates: CandidateTable.of([0, 1], { count: [3, 1], q: [0.5, 2] }) });
    await feedSteps(node, 0, 2, undefined, counted);
    await node.endEpisode?.({ episode: 0, status: "completed", steps: 2, return: 0, success: false });
    await node.close?.();
    const typeOf = (column: string) => parquetMetadata(readFileSync(dataset("candidates.parquet"))).schema.find((e) => e.name === column)?.type;
    expect([typeOf("count"), typeOf("q")]).toEqual(["INT32", "DOUBLE"]);
    // As a run killed before its close leaves it: the parts folder marks the Parquet still to come.
    rmSync(dataset("candidates.parquet"));
    mkdirSync(dataset("candidates.parquet.parts"));
    await repairDatasets(runDir);
    expect([typeOf("count"), typeOf("q")]).toEqual(["INT32", "DOUBLE"]);
    expect((await readWithHyparquet(dataset("candidates.parquet"))).map((record) => record["count"])).toEqual([3, 1, 3, 1]);
  });

  it("writes each format that is asked for, and only the streams that are turned on", async () => {
    const node = await createNode({ preferences: false, formats: ["jsonl"] });
    await playEpisode(node, 0, 2);
    await node.close?.();
    expect(readdirSync(join(runDir, "dataset"))).toEqual(["transitions.jsonl"]);
  });

  it("puts actions into preference pairs in the environment's words when one is connected", async () => {
    const environment = { describeAction: (action: Action) => ["up", "right", "down", "left"][action as number]! } as Environment;
    const node = await createNode({ transitions: false, formats: ["jsonl"] });
    await feedSteps(node, 0, 1, environment);
    await node.endEpisode?.({ episode: 0, status: "completed", steps: 1, return: 0, success: false });
    const [pair] = await readDataset(dataset("preferences.jsonl"));
    expect([pair?.["chosen"], pair?.["rejected"]]).toEqual(["down", "up"]);
  });

  it("writes nothing of episodes that end in an error or are stopped", async () => {
    const notes: string[] = [];
    const node = await createNode({}, (note) => notes.push(note));
    await playEpisode(node, 0, 3);
    await playEpisode(node, 1, 3, "error");
    await playEpisode(node, 2, 3, "stopped");
    await playEpisode(node, 3, 2);
    await node.close?.();
    const episodes = (records: Record<string, unknown>[]) => [...new Set(records.map((r) => r["episode"]))];
    expect(episodes(await readDataset(dataset("transitions.jsonl")))).toEqual([0, 3]);
    expect(episodes(await readDataset(dataset("transitions.parquet")))).toEqual([0, 3]);
    expect(episodes(await readDataset(dataset("preferences.parquet")))).toEqual([0, 3]);
    // One note as the run ends, not one per episode (they buried the error that ended them).
    expect(notes).toEqual([expect.stringMatching(/^2 episodes written to \S+dataset; not written/)]);
    expect(notes[0]).toContain("; not written, as an episode cut short would teach a model that it ends there: 1 episode that ended with an error (the first: episode 1), 1 episode stopped (the first: episode 2)");
  });

  it("drops the records of an episode that never ended when the next one begins", async () => {
    const node = await createNode({ formats: ["jsonl"] });
    await feedSteps(node, 0, 3);
    await playEpisode(node, 1, 2);
    expect(await readDataset(dataset("transitions.jsonl"))).toEqual(expectedTransitions(1, 2));
  });

  it("adds a candidate column first seen in a later episode, null in the rows before it", async () => {
    const withRisk = (episode: number, step: number, steps: number) => {
      const fed = fedStep(episode, step, steps);
      return episode === 0 ? fed : { ...fed, candidates: fed.candidates.withColumn("risk", [0, 0.5, 0, 1]) };
    };
    const node = await createNode({ candidates: true, preferences: false, transitions: false });
    for (const episode of [0, 1]) {
      await feedSteps(node, episode, 1, undefined, withRisk);
      await node.endEpisode?.({ episode, status: "completed", steps: 1, return: 0, success: false });
    }
    await node.close?.();
    for (const file of ["candidates.jsonl", "candidates.parquet"]) {
      const risk = (await readDataset(dataset(file))).map((r) => r["risk"]);
      expect(risk).toEqual([null, null, null, null, 0, 0.5, 0, 1]);
    }
  });

  it("keeps Parquet in its parts folder while the run goes and writes it as one file on close", async () => {
    const node = await createNode({ formats: ["parquet"], preferences: false });
    for (const episode of [0, 1, 2]) await playEpisode(node, episode, 3);
    expect(readdirSync(join(runDir, "dataset"))).toEqual(["transitions.parquet.parts"]);
    await node.close?.();
    expect(readdirSync(join(runDir, "dataset"))).toEqual(["transitions.parquet"]);
    expect(await readWithHyparquet(dataset("transitions.parquet"))).toEqual([0, 1, 2].flatMap((episode) => expectedTransitions(episode, 3)));
  });

  it("refuses to add to a dataset another run left in the folder", async () => {
    await createNode({ formats: ["jsonl"] }).then((node) => playEpisode(node, 0, 1));
    await expect(createNode({ formats: ["jsonl"] })).rejects.toThrow(/transitions\.jsonl already exists/);
  });

  it("names the step and the missing score column", async () => {
    const node = await createNode({ scoreColumn: "value" });
    const { transition } = fedStep(0, 0, 1);
    const candidates = CandidateTable.of([0, 1], { q: [1, 2] });
    expect(() => node.run({ transition, candidates, environment: undefined, exchanges: undefined }, stepContext(0, 0))).toThrow('episode 0, step 0: preference pairs rank candidates by the column "value" (param scoreColumn), but the candidate table has only: action, q');
  });

  it("writes no file for a run without a completed episode", async () => {
    const node = await createNode({});
    await playEpisode(node, 0, 2, "stopped");
    await node.close?.();
    expect(readdirSync(join(runDir, "dataset"))).toEqual([]);
  });
});

describe("reading a JSON Lines dataset", () => {
  it("ignores a partial last line, the trace of a write cut short", async () => {
    const file = join(runDir, "t.jsonl");
    writeFileSync(file, '{"step":0}\n{"step":1}\n{"step":2,"obs');
    expect(await readDataset(file)).toEqual([{ step: 0 }, { step: 1 }]);
  });

  it("names the file and line of a damaged record elsewhere", async () => {
    const file = join(runDir, "t.jsonl");
    writeFileSync(file, '{"step":0}\n{"step":\n{"step":2}\n');
    await expect(readDataset(file)).rejects.toThrow(`${file}, line 2: not a JSON record`);
  });

  it("refuses a file that is neither JSON Lines nor Parquet", async () => {
    const file = join(runDir, "t.csv");
    writeFileSync(file, "step\n0\n");
    await expect(readDataset(file)).rejects.toThrow(/not a dataset/);
  });
});
