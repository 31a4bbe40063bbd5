import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import type { TraceLevel } from "../protocol/index.js";
import { estimateTraceSize, TRACE_WARN_BYTES } from "../renderer/run/trace-size.js";
import { executeRun } from "../runtime/execute-run.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { runFile } from "../runtime/run-folder.js";
import { example } from "./fixtures/pipelines.js";

/**
 * Plays `name` for a few episodes at `level`, with `params` set on its nodes by id, and answers the
 * trace's size, its steps, and the editor's bound for it.
 */
async function traceAgainstBound(name: string, level: TraceLevel, episodes: number, params: Record<string, Record<string, unknown>> = {}) {
  const doc = example(name);
  for (const node of doc.nodes) Object.assign(node.params, params[node.id]);
  doc.nodes = doc.nodes.filter((node) => node.kind !== "dataset");
  doc.edges = doc.edges.filter((edge) => !edge.to.startsWith("dataset."));
  const out = mkdtempSync(join(tmpdir(), "foresight-trace-size-"));
  // Model paths are relative to the examples folder.
  const checked = validatePipeline(doc, builtinRegistry(), { pipelineDir: "examples" });
  if (!checked.ok) throw new Error(checked.problems.map((problem) => `${problem.pointer}: ${problem.message}`).join("\n"));
  const { runDir } = await executeRun({ validated: checked.value, pipelineFile: `examples/${name}.foresight.json`, outDir: out, overrides: { episodes, trace: level } });
  const { steps } = JSON.parse(readFileSync(runFile(runDir, "summary"), "utf8")) as { steps: number };
  const bytes = statSync(runFile(runDir, "trace")).size;
  const maxSteps = doc.run["maxSteps"] as number;
  const bound = estimateTraceSize({ episodes, maxSteps, level, nodeParams: doc.nodes.map((node) => node.params) }, [])!;
  return { bytes, perStep: bytes / steps, bound };
}

describe("the editor's trace size bound, against traces the engine wrote", () => {
  for (const [name, level] of [
    ["gridworld-vgps", "full"],
    ["gridworld-vgps", "steps"],
    ["gridworld-best-first", "full"],
    ["pendulum-worldmodel", "full"],
    ["shopping-lookahead", "full"],
    ["shopping-best-first", "full"],
  ] as const) {
    it(`bounds ${name} at ${level}: per step and in all, and not by more than 20× per step`, async () => {
      const { bytes, perStep, bound } = await traceAgainstBound(name, level, 4);
      expect(bound.basis).toBe("bound");
      expect(bound.bytesPerStep).toBeGreaterThanOrEqual(perStep);
      expect(bound.bytesPerStep).toBeLessThan(20 * perStep);
      expect(bound.bytes).toBeGreaterThanOrEqual(bytes);
    });
  }

  it("bounds a search of 1000 states a step, 30 deep, 4 wide: its trees are most of the trace", async () => {
    const { bytes, perStep, bound } = await traceAgainstBound("gridworld-best-first", "full", 2, { search: { maxNodes: 1000, maxDepth: 30, branching: 4 } });
    expect(bound).toMatchObject({ basis: "bound", searchStates: 1000 + 4 + 16 });
    expect(bound.bytesPerStep).toBeGreaterThanOrEqual(perStep);
    expect(bound.bytesPerStep).toBeLessThan(20 * perStep);
    expect(bound.bytes).toBeGreaterThanOrEqual(bytes);
  });
});

describe("the trace size question", () => {
  it("is not asked before a shipped template's default run, whose bound overshoots what it writes", () => {
    const asked = readdirSync("examples")
      .filter((file) => file.endsWith(".foresight.json"))
      .map((file) => example(file.replace(".foresight.json", "")))
      .filter((doc) => (doc.run["trace"] ?? "full") === "full")
      .map((doc) => ({ name: doc["name"], estimate: estimateTraceSize({ episodes: doc.run["episodes"] as number, maxSteps: doc.run["maxSteps"] as number, level: "full", nodeParams: doc.nodes.map((node) => node.params) }, [])! }))
      .filter(({ estimate }) => estimate.bytes > TRACE_WARN_BYTES[estimate.basis]);
    expect(asked).toEqual([]);
  });

  it("is asked before 5000 V-GPS episodes, bounded or measured (~600 MB)", () => {
    const doc = example("gridworld-vgps");
    const bound = estimateTraceSize({ episodes: 5000, maxSteps: 100, level: "full", nodeParams: doc.nodes.map((node) => node.params) }, [])!;
    expect(bound.bytes).toBeGreaterThan(TRACE_WARN_BYTES.bound);
    expect(575e6).toBeGreaterThan(TRACE_WARN_BYTES.measured);
  });

  it("is asked before 200 episodes of a 10000-state search a step (2 of them wrote 33 MB)", () => {
    const doc = example("gridworld-best-first");
    const search = doc.nodes.find((node) => node.id === "search")!;
    Object.assign(search.params, { maxNodes: 10_000, maxDepth: 30, branching: 4 });
    const bound = estimateTraceSize({ episodes: 200, maxSteps: 100, level: "full", nodeParams: doc.nodes.map((node) => node.params) }, [])!;
    expect(bound.bytes).toBeGreaterThan(TRACE_WARN_BYTES.bound);
  });
});
