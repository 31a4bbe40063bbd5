import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { CandidateTable } from "../runtime/candidate-table.js";
import type { RunEvent, TraceLevel } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { candidatesJson, eventJson } from "../runtime/trace/event-json.js";
import { withCandidateRows } from "../runtime/trace/lazy-rows.js";
import { parseTraceLine } from "../runtime/trace/candidate-rows.js";
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

/** What a trace line says: the event with its candidates as rows, as readers get it back (parseTraceLine). */
const asRead = (event: RunEvent) => JSON.parse(JSON.stringify(event));

describe("event lines", () => {
  it.each(["steps", "full"] as const)("read back as every event of a run at trace %s, a table of 16 candidates written as its 4 or so distinct rows", async (level) => {
    const events = await recordVgps(level);
    expect(events.some((e) => e.type === "step.end" && e.candidates?.length === 16)).toBe(true);
    for (const event of events) {
      const line = eventJson(event);
      expect(parseTraceLine(line)).toEqual(asRead(event));
      // Only candidate tables differ from JSON.stringify: a step's, and a node's output table, are written compactly.
      if (event.type === "step.end") expect(JSON.parse(line).candidates.distinct.length).toBeLessThanOrEqual(5);
      else if (event.type === "node.end" && event.node === "sampler") expect(JSON.parse(line).outputs.candidates.$candidates.rows).toHaveLength(16);
      else expect(line).toBe(JSON.stringify(event));
    }
  });

  it("write a candidate table's rows as JSON.stringify writes them, for numbers, text and actions JSON has to escape or cannot hold", () => {
    const compact = JSON.parse(candidatesJson(tricky));
    expect(compact.rows).toEqual([0, 1, 2, 3, 4, 5]);
    expect(JSON.stringify(compact.distinct)).toBe(JSON.stringify(tricky.rows()));
    expect(candidatesJson(CandidateTable.of([]))).toBe('{"distinct":[],"rows":[]}');
    expect(candidatesJson(CandidateTable.of([1, 2, 1]))).toBe('{"distinct":[{"action":1},{"action":2}],"rows":[0,1,0]}');
  });

  it("write each distinct row once, and past eight distinct rows the rest as they come", () => {
    const actions = Array.from({ length: 24 }, (_, i) => (i < 12 ? i : i % 3));
    const table = CandidateTable.of(actions, { q: actions.map((a) => a / 10) });
    const line = candidatesJson(table);
    expect(parseTraceLine(`{"type":"step.end","episode":0,"step":0,"candidates":${line}}`)).toMatchObject({ candidates: asRead(table.rows() as unknown as RunEvent) });
    expect(JSON.parse(line).rows.slice(12)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
  });

  it("make a step's rows for whoever reads them, from the table the line is written from", () => {
    const event = withCandidateRows({ type: "step.end" as const, episode: 0, done: false }, tricky) as unknown as RunEvent;
    expect(parseTraceLine(eventJson(event))).toEqual(asRead(event));
    // Serialised, spread and cloned (postMessage, Electron IPC) as if the rows were a plain field.
    expect(JSON.parse(JSON.stringify(event)).candidates).toEqual(JSON.parse(JSON.stringify(tricky.rows())));
    expect(structuredClone(event)).toEqual({ ...event });
    expect({ ...event }).toMatchObject({ candidates: tricky.rows() });
  });

  it("refuse a compact table that points at a row it lacks, naming the step", () => {
    expect(() => parseTraceLine('{"type":"step.end","episode":2,"step":5,"candidates":{"distinct":[{"action":1}],"rows":[0,1]}}')).toThrow(
      "episode 2, step 5: candidate 1 is distinct row 1, of 1",
    );
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
    const lines = readFileSync(join(folder, "trace.jsonl"), "utf8").split("\n");
    expect(lines.pop()).toBe("");
    // Every event but the steps' step.start, which is live only.
    const inFile = all.filter((event) => event.type !== "step.start");
    expect(lines.map(parseTraceLine)).toEqual(inFile.map(asRead));
    expect(lines[inFile.indexOf(long)]).toBe(JSON.stringify(long));
  });

  it("writes run.start at once, so a running run's folder names its run", () => {
    const writer = new TraceWriter(join(folder, "trace.jsonl"));
    writer.write({ type: "run.start", t: 0, traceVersion: 3, runId: "r", pipeline: "p", seed: 1, episodes: 1, maxSteps: 1, traceLevel: "off", startedAt: "now" });
    expect(readFileSync(join(folder, "trace.jsonl"), "utf8")).toMatch(/^\{"type":"run.start".*\}\n$/);
    writer.close();
  });
});
