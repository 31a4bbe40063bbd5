import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDataset } from "../nodes/dataset/index.js";
import { RunControl } from "../runtime/engine/control.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { executeRun } from "../runtime/execute-run.js";
import { createModelCache, type ModelCache } from "../runtime/inference/model-cache.js";
import type { LoadedModel } from "../runtime/inference/types.js";
import { validatePipeline, type ValidatedPipeline } from "../runtime/pipeline/validate.js";
import { writerFolders } from "../runtime/run-folder.js";
import type { RunOverrides } from "../runtime/run-settings.js";
import { example, insertBefore, playOptions, untimed, validated, type PipelineDoc } from "./fixtures/pipelines.js";
import { foresight, tempDir } from "./fixtures/foresight-process.js";
import { delayLog, testRegistry } from "./fixtures/test-kinds.js";

/** An ONNX Q-scorer, a rollout on an ONNX dynamics model continued by an ONNX policy, a risk filter and the Dataset collector. */
const FILE = "examples/gridworld-worldmodel.foresight.json";
const registry = testRegistry();

function worldModel(): PipelineDoc {
  const doc = example("gridworld-worldmodel");
  doc.run["maxSteps"] = 40;
  return doc;
}

const load = (doc: PipelineDoc): ValidatedPipeline => validated(doc, registry, "examples");

/** A run through executeRun, as `foresight run` makes it: its trace lines, summary and dataset files. */
async function play(doc: PipelineDoc, overrides: RunOverrides, control?: RunControl) {
  const out = mkdtempSync(join(tmpdir(), "foresight-lockstep-"));
  const run = await executeRun({ validated: load(doc), pipelineFile: FILE, outDir: out, overrides, ...(control ? { control } : {}) });
  // The collector's closing note names the run folder: the one line that differs between two runs.
  const text = readFileSync(join(run.runDir, "trace.jsonl"), "utf8").replaceAll(run.runDir, "<run folder>");
  const trace = text.trim().split("\n").map((line) => JSON.parse(line) as RunEvent);
  const dataset = join(run.runDir, "dataset");
  const jsonl = Object.fromEntries(["transitions", "preferences"].map((name) => [name, readFileSync(join(dataset, `${name}.jsonl`), "utf8")]));
  const parquet = await readDataset(join(dataset, "transitions.parquet"));
  return { run, trace, jsonl, parquet };
}

/** A model cache that counts the ONNX Runtime calls made through it. */
function countingCache(): { cache: ModelCache; calls: () => number } {
  const inner = createModelCache({ pipelineDir: "examples" });
  let calls = 0;
  const counted = new Map<LoadedModel, LoadedModel>();
  return {
    calls: () => calls,
    cache: {
      ...inner,
      async load(path, options) {
        const model = await inner.load(path, options);
        // One wrapper per session, as the cache hands out one model per session.
        let wrapper = counted.get(model);
        if (!wrapper) counted.set(model, (wrapper = { ...model, run: (feeds) => (calls++, model.run(feeds)) }));
        return wrapper;
      },
    },
  };
}

describe("episodes in lockstep", () => {
  it("give exactly a serial run's summary, episodes, trace lines and dataset files, for K = 1, 4 and 16", async () => {
    const overrides = { episodes: 20, seed: 3, trace: "full" } as const;
    const serial = await play(worldModel(), overrides);
    expect(serial.run.summary.status).toBe("completed");
    expect(serial.parquet.length).toBeGreaterThan(100);
    for (const lockstep of [1, 4, 16]) {
      const lanes = await play(worldModel(), { ...overrides, lockstep });
      expect(untimed(lanes.run.summary), `K = ${lockstep}`).toEqual(untimed(serial.run.summary));
      expect(untimed(lanes.run.result.episodes)).toEqual(untimed(serial.run.result.episodes));
      // Line for line: episodes released whole and in order, node events included.
      expect(lanes.trace.map(untimed)).toEqual(serial.trace.map(untimed));
      expect(lanes.jsonl).toEqual(serial.jsonl);
      expect(lanes.parquet).toEqual(serial.parquet);
      // One dataset in the run folder, as a serial run writes it: the lanes share the collector.
      expect(existsSync(join(lanes.run.runDir, "shards"))).toBe(false);
    }
  });

  it("batches the lanes' model calls: K = 16 makes a fraction of a serial run's ONNX Runtime calls", async () => {
    const pipeline = load(worldModel());
    const counted = async (lockstep: number) => {
      const { cache, calls } = countingCache();
      const result = await runPipeline(pipeline, { ...playOptions(pipeline, { episodes: 32, seed: 5, trace: "off" }), pipelineDir: "examples", modelCache: cache, settings: { ...pipeline.pipeline.run, episodes: 32, seed: 5, trace: "off", lockstep } });
      await cache.dispose();
      expect(result.status).toBe("completed");
      const q = result.nodeTimes.find((timing) => timing.node === "q")!;
      return { calls: calls(), steps: result.episodes.reduce((sum, e) => sum + e.steps, 0), qMsPerCall: q.totalMs / q.calls };
    };
    const serial = await counted(1);
    const lanes = await counted(16);
    expect(lanes.steps).toBe(serial.steps);
    // A serial step makes the Q call and the rollout's calls; 16 lanes share each, but for the tail where fewer play.
    expect(lanes.calls).toBeLessThan(serial.calls / 4);
    // A lane's Q-scorer is timed as its own work and its share of each batch (~1.3× a serial call here), not its
    // wait for the batch, which holds the other lanes' steps too (timed so, it measured ~15× a serial call).
    expect(lanes.qMsPerCall).toBeLessThan(serial.qMsPerCall * 4);
  });

  it("ends the episode or the run at a node error in one lane, as the file's onNodeError says", async () => {
    const doc = worldModel();
    insertBefore(doc, "executor.candidates", { id: "boom", kind: "fail", params: { episode: 6, step: 2 } });
    const overrides = { episodes: 16, seed: 3, trace: "steps" } as const;
    const serial = await play(doc, overrides);
    const lanes = await play(doc, { ...overrides, lockstep: 8 });
    expect(lanes.trace.map(untimed)).toEqual(serial.trace.map(untimed));
    expect(lanes.trace.find((e) => e.type === "node.error")).toMatchObject({ node: "boom", episode: 6, step: 2, ends: "episode" });
    expect(lanes.jsonl).toEqual(serial.jsonl);

    doc.run["onNodeError"] = "endRun";
    const serialEnd = await play(doc, overrides);
    const lanesEnd = await play(doc, { ...overrides, lockstep: 8 });
    expect(lanesEnd.run.summary.status).toBe("failed");
    expect(lanesEnd.run.result.failure).toMatchObject({ node: "boom", episode: 6, step: 2 });
    // Episodes 7…14 had begun in other lanes: dropped, as a serial run never plays them.
    expect(lanesEnd.run.result.episodes.map((e) => e.episode)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // The risk filter's run note counts the steps the lanes played, those of the dropped episodes too
    // (work done, as an LLM node's requests sent are): all else is the serial run's.
    const withoutRiskNote = (trace: RunEvent[]) => trace.filter((e) => !(e.type === "node.log" && e.node === "risk"));
    expect(withoutRiskNote(lanesEnd.trace).map(untimed)).toEqual(withoutRiskNote(serialEnd.trace).map(untimed));
    expect(lanesEnd.jsonl).toEqual(serialEnd.jsonl);
  });

  it("pauses between steps, single-steps every lane at once, and stops with the episodes released so far", async () => {
    const doc = worldModel();
    // A node that logs each run: how many lane steps have begun.
    insertBefore(doc, "executor.candidates", { id: "slow", kind: "delay", params: { ms: 0 } });
    const pipeline = load(doc);
    const control = new RunControl();
    let onPause: () => void = () => {};
    const unsubscribe = control.onPaused(() => onPause());
    const nextPause = () => new Promise<void>((resolve) => (onPause = resolve));
    const lanes = 4;
    let released = 0;
    delayLog.length = 0;
    const firstPause = nextPause();
    const run = runPipeline(pipeline, {
      ...playOptions(pipeline, { episodes: 400, seed: 2, trace: "steps" }),
      pipelineDir: "examples",
      settings: { ...pipeline.pipeline.run, episodes: 400, seed: 2, trace: "steps", lockstep: lanes },
      control,
      onEvent: (event) => {
        // Released episodes come whole; pause once the first is out.
        if (event.type === "episode.end" && released++ === 0) control.pause();
      },
    });
    await firstPause;
    const begun = delayLog.filter((line) => line.startsWith("start")).length;
    const releasedWhenPaused = released;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(delayLog.filter((line) => line.startsWith("start")).length).toBe(begun);
    expect(released).toBe(releasedWhenPaused);
    const stepped = nextPause();
    control.step();
    await stepped;
    expect(delayLog.filter((line) => line.startsWith("start")).length).toBe(begun + lanes);
    control.stop();
    const result = await run;
    unsubscribe();
    expect(result.status).toBe("stopped");
    const episodes = result.episodes.map((e) => e.episode);
    expect(episodes).toEqual(episodes.map((_, i) => i));
    expect(result.episodes.at(-1)!.status).toBe("stopped");
    expect(result.episodes.slice(0, -1).every((e) => e.status === "completed")).toBe(true);
    expect(episodes.length).toBeLessThan(400);
  });

  it("refuses a lockstep outside its bounds when the file sets one", () => {
    const doc = worldModel();
    doc.run["lockstep"] = 0;
    const result = validatePipeline(doc, registry, { pipelineDir: "examples" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ pointer: "/run/lockstep" });
  });
});

describe("foresight run --lockstep", () => {
  const run = (...flags: string[]) => {
    const out = tempDir("lockstep-cli");
    const result = foresight("run", "examples/gridworld-vgps-onnx.foresight.json", "--episodes", "24", "--seed", "4", "--trace", "steps", "--out", out, "--json", ...flags);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { runDir: string };
    return { summary, runDir: summary.runDir };
  };
  const rows = async (runDir: string) => (await Promise.all(writerFolders(runDir).map((folder) => readDataset(join(folder, "dataset/transitions.parquet"))))).flat();

  it("gives a serial run's summary and dataset rows, also with lanes inside worker threads", async () => {
    const serial = run();
    const lanes = run("--lockstep", "8");
    const both = run("--lockstep", "8", "--workers", "2");
    for (const other of [lanes, both]) expect(untimed({ ...other.summary, runDir: "" })).toEqual(untimed({ ...serial.summary, runDir: "" }));
    const expected = await rows(serial.runDir);
    expect(expected.length).toBeGreaterThan(100);
    expect(await rows(lanes.runDir)).toEqual(expected);
    // Each chunk's lanes share its collector: shards/<k>/dataset/, in episode order within and across shards (24 episodes on 2 threads: 3 chunks of 8).
    expect(writerFolders(both.runDir)).toHaveLength(3);
    expect(await rows(both.runDir)).toEqual(expected);
    // The run folder's copy records the setting it ran with.
    expect(JSON.parse(readFileSync(join(lanes.runDir, "pipeline.foresight.json"), "utf8")).run.lockstep).toBe(8);
  });

  it("refuses a lockstep out of bounds with exit 2", () => {
    const result = foresight("run", "examples/gridworld-vgps-onnx.foresight.json", "--lockstep", "0");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--lockstep.*expected an integer from 1 to 4,096, got "0"/);
  });
});
