import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { CandidateTable } from "../runtime/candidate-table.js";
import type { RunEvent, TraceLevel } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { candidatesJson, eventJson, withCandidateRows } from "../runtime/trace/event-json.js";
import { TraceWriter } from "../runtime/trace/trace-writer.js";
import { playOptions } from "./fixtures/pipelines.js";

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "foresight-trace-writer-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** The V-GPS example without its collector, played for a few episodes at `level`, every event kept. */
async function recordVgps(level: TraceLevel): Promise<RunEvent[]> {
  const doc = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8"));
  doc.nodes = doc.nodes.filter((n: { kind: string }) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e: { to: string }) => !e.to.startsWith("dataset."));
  const validated = validatePipeline(doc, builtinRegistry());
  if (!validated.ok) throw new Error(JSON.stringify(validated.problems));
  const events: RunEvent[] = [];
  await runPipeline(validated.value, { ...playOptions(validated.value, { episodes: 3, seed: 4, trace: level, onEvent: (e) => events.push(e) }), runDir: folder });
  return events;
}

const tricky = CandidateTable.of(["up", 'say "hi"\n', "😀", "\ud800", { move: [1, -0.5] } as unknown as number[], [0.1, 2e-7]], {
  q: [0.1 + 0.2, -0, NaN, Infinity, -1e21, 5e-324],
  reason: [null, "lava\tahead", "\\", "é", "\u0001", ""],
  filtered: [true, false, true, false, true, false],
});

describe("event lines", () => {
  it.each(["steps", "full"] as const)("are exactly JSON.stringify of every event of a run at trace %s", async (level) => {
    const events = await recordVgps(level);
    expect(events.some((e) => e.type === "step.end" && e.candidates?.length === 16)).toBe(true);
    for (const event of events) expect(eventJson(event)).toBe(JSON.stringify(event));
  });

  it("write a candidate table as JSON.stringify writes its rows, for numbers, text and actions JSON has to escape or cannot hold", () => {
    expect(candidatesJson(tricky)).toBe(JSON.stringify(tricky.rows()));
    expect(candidatesJson(CandidateTable.of([]))).toBe("[]");
    expect(candidatesJson(CandidateTable.of([1, 2]))).toBe('[{"action":1},{"action":2}]');
  });

  it("write a step's candidates from the table its rows are made from, and make the rows for whoever reads them", () => {
    const event = withCandidateRows({ type: "step.end" as const, episode: 0, done: false }, tricky) as unknown as RunEvent;
    const line = eventJson(event);
    // Serialised, spread and cloned (postMessage, Electron IPC) as if the rows were a plain field.
    expect(line).toBe(JSON.stringify(event));
    expect(JSON.parse(line).candidates).toEqual(JSON.parse(JSON.stringify(tricky.rows())));
    expect(structuredClone(event)).toEqual({ ...event });
    expect({ ...event }).toMatchObject({ candidates: tricky.rows() });
  });
});

describe("the trace writer", () => {
  it("writes one line per event, in order, with lines longer than its buffer and text beyond ASCII", async () => {
    const events = await recordVgps("full");
    const long: RunEvent = { type: "node.log", t: 1, node: "policy", message: `ε ${"x".repeat(600_000)} 😀` };
    const all = [...events.slice(0, 40), long, ...events.slice(40)];
    const writer = new TraceWriter(join(folder, "trace.jsonl"));
    for (const event of all) writer.write(event);
    writer.close();
    expect(readFileSync(join(folder, "trace.jsonl"), "utf8")).toBe(all.map((e) => `${JSON.stringify(e)}\n`).join(""));
  });

  it("writes run.start at once, so a running run's folder names its run", () => {
    const writer = new TraceWriter(join(folder, "trace.jsonl"));
    writer.write({ type: "run.start", t: 0, traceVersion: 2, runId: "r", pipeline: "p", seed: 1, episodes: 1, maxSteps: 1, traceLevel: "off", startedAt: "now" });
    expect(readFileSync(join(folder, "trace.jsonl"), "utf8")).toMatch(/^\{"type":"run.start".*\}\n$/);
    writer.close();
  });
});
