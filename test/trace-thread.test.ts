import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunEvent, TraceLevel } from "../runtime/engine/events.js";
import type * as Tables from "../runtime/candidate-table.js";
import type * as LazyRows from "../runtime/trace/lazy-rows.js";
import type * as Writer from "../runtime/trace/trace-writer.js";
import type * as Engine from "../runtime/engine/run-pipeline.js";
import type * as Validate from "../runtime/pipeline/validate.js";
import type * as Nodes from "../nodes/index.js";
import type * as Settings from "../runtime/run-settings.js";
import type * as Execute from "../runtime/execute-run.js";
import type * as Control from "../runtime/engine/control.js";

// The writer thread runs JavaScript: use the build (npm test builds first), every module from it, so the
// lazy-rows tables the packer looks up are the ones the events were given.
const dist = (path: string) => import(resolve("dist", path));
const { TraceWriter } = (await dist("runtime/trace/trace-writer.js")) as typeof Writer;
const { CandidateTable } = (await dist("runtime/candidate-table.js")) as typeof Tables;
const { withCandidateRows } = (await dist("runtime/trace/lazy-rows.js")) as typeof LazyRows;
const { runPipeline } = (await dist("runtime/engine/run-pipeline.js")) as typeof Engine;
const { validatePipeline } = (await dist("runtime/pipeline/validate.js")) as typeof Validate;
const { builtinRegistry } = (await dist("nodes/index.js")) as typeof Nodes;
const { resolveRunSettings } = (await dist("runtime/run-settings.js")) as typeof Settings;
const { executeRun } = (await dist("runtime/execute-run.js")) as typeof Execute;
const { RunControl } = (await dist("runtime/engine/control.js")) as typeof Control;

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "foresight-trace-thread-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** An example played for a few episodes at `level`, every event kept. */
async function record(example: string, level: TraceLevel, episodes: number): Promise<RunEvent[]> {
  const pipelineDir = resolve("examples");
  const doc = JSON.parse(readFileSync(join(pipelineDir, `${example}.foresight.json`), "utf8"));
  doc.nodes = doc.nodes.filter((n: { kind: string }) => n.kind !== "dataset");
  doc.edges = doc.edges.filter((e: { to: string }) => !e.to.startsWith("dataset."));
  const validated = validatePipeline(doc, builtinRegistry(), { pipelineDir });
  if (!validated.ok) throw new Error(JSON.stringify(validated.problems));
  const events: RunEvent[] = [];
  const settings = resolveRunSettings(validated.value.pipeline.run, { episodes, seed: 4, trace: level });
  const result = await runPipeline(validated.value, { runId: "t", pipelineDir, runDir: folder, settings, onEvent: (e) => events.push(e) });
  expect(result.status).toBe("completed");
  return events;
}

/** Events whose values the packer has to carry exactly as JSON.stringify would write them. */
function trickyEvents(): RunEvent[] {
  const shared = [0.25, -1];
  const table = CandidateTable.of([shared, [0.5, 2e-7], shared, "😀", { move: "up" } as unknown as number, shared], {
    q: [0.1 + 0.2, NaN, 0.1 + 0.2, -0, -1e21, 0.1 + 0.2],
    reason: [null, "lava\tahead", null, "x".repeat(5000), "\u0001", null],
    filtered: [true, false, true, false, true, true],
    mixed: [1, "one", 1, null, 5e-324, 1],
  });
  const odd = JSON.parse('{"__proto__":{"x":1},"a":[1,null,{"b":"\\ud800"}]}') as unknown;
  return [
    { type: "node.log", t: 1, node: "policy", message: `ε ${"y".repeat(600_000)} 😀 "quoted"\n` },
    withCandidateRows({ type: "step.end", t: 2, episode: 0, step: 0, action: shared, reward: -0, done: false, ms: NaN, observation: odd, envSteps: 1, decision: { index: 0, action: shared, rule: "argmax of q" } }, table) as unknown as RunEvent,
    { type: "node.log", t: 3, node: "script", message: "dates and holes", when: new Date(0), holes: [1, undefined, () => 1], skipped: undefined, big: new Float32Array([1.5]) } as unknown as RunEvent,
  ];
}

/**
 * The same events written by the run's thread and by the writer thread (an event given as a function
 * is made just before both write it); with `flushEvery`, both flush after that many events.
 */
function writeBoth(events: readonly (RunEvent | (() => RunEvent))[], flushEvery = Infinity): { inThread: Buffer; offThread: Buffer; wasOffThread: boolean } {
  const a = new TraceWriter(join(folder, "in-thread.jsonl"), "in-thread");
  const b = new TraceWriter(join(folder, "off-thread.jsonl"), "off-thread");
  a.write({ type: "run.start", t: 0, traceVersion: 3, runId: "r", pipeline: "p", seed: 1, episodes: 1, maxSteps: 1, traceLevel: "full", startedAt: "now" });
  b.write({ type: "run.start", t: 0, traceVersion: 3, runId: "r", pipeline: "p", seed: 1, episodes: 1, maxSteps: 1, traceLevel: "full", startedAt: "now" });
  events.forEach((made, i) => {
    const event = typeof made === "function" ? made() : made;
    a.write(event);
    b.write(event);
    if ((i + 1) % flushEvery === 0) {
      a.flush();
      b.flush();
    }
  });
  const wasOffThread = b.offThread;
  a.close();
  b.close();
  return { inThread: readFileSync(join(folder, "in-thread.jsonl")), offThread: readFileSync(join(folder, "off-thread.jsonl")), wasOffThread };
}

describe("the trace's writer thread", () => {
  it.each([
    ["gridworld-vgps", "steps"],
    ["gridworld-vgps", "full"],
    ["shopping-scripted", "full"],
    ["pendulum-chunks", "steps"],
  ] as const)("writes %s at trace %s byte for byte as the run's thread does", async (example, level) => {
    const events = await record(example, level, 3);
    const { inThread, offThread, wasOffThread } = writeBoth(events.filter((e) => e.type !== "run.start"));
    expect(wasOffThread).toBe(true);
    expect(offThread.length).toBeGreaterThan(10_000);
    expect(offThread.equals(inThread)).toBe(true);
  });

  it("packs each batch after the first into arrays the writer thread has written out and handed back, byte for byte", async () => {
    const events = (await record("gridworld-vgps", "full", 3)).filter((e) => e.type !== "run.start");
    // A flush every 97 events: each batch is posted, written and its arrays handed back before the next is packed into them.
    const { inThread, offThread, wasOffThread } = writeBoth(Array.from({ length: 6 }, () => events).flat(), 97);
    expect(wasOffThread).toBe(true);
    expect(offThread.equals(inThread)).toBe(true);
  });

  it("writes numbers, text, shared objects in a table, class instances and left-out fields as JSON.stringify does", () => {
    const { inThread, offThread } = writeBoth(trickyEvents());
    expect(offThread.toString("utf8")).toBe(inThread.toString("utf8"));
    // The three rows with the same action array (the same object) and the same cells are one distinct row, as in-thread.
    expect(JSON.parse(offThread.toString("utf8").split("\n")[2]!).candidates.rows).toEqual([0, 1, 0, 2, 3, 0]);
  });

  it("writes lists of numbers, booleans or nulls, and lists that only start like one, outside tables and as cells, as JSON.stringify does", () => {
    const lists = {
      numbers: [0.1 + 0.2, NaN, -0, Infinity, 1e21, -1e-7, 7],
      flags: [true, false, true],
      nothing: [null, null],
      empty: [],
      mixed: [1, "a"],
      holes: [1, undefined, 2],
      flagsThenNull: [true, null],
      nullsThenNumber: [null, 1],
      nested: [[1, 2], [], [true], [null]],
    };
    const event = { type: "node.log", t: 1, node: "q", message: "lists", lists } as unknown as RunEvent;
    const table = CandidateTable.of([[0.5, -0], [NaN, 1]], { q: [1, 2], tags: [true, null], note: [null, "x"] });
    const step = withCandidateRows({ type: "step.end", t: 2, episode: 0, step: 0, action: [0.5, -0], reward: 0, done: false, ms: 1, observation: [1, 2], envSteps: 1, decision: { index: 0, action: [0.5, -0], rule: "argmax of q" } }, table) as unknown as RunEvent;
    const { inThread, offThread } = writeBoth([event, step]);
    expect(offThread.toString("utf8")).toBe(inThread.toString("utf8"));
    expect(offThread.toString("utf8").split("\n")[1]).toBe(JSON.stringify(event));
  });

  it("writes tables of numbers, booleans and nulls (written from the numbers themselves) as the run's thread does", () => {
    // Rows alike only as !== finds them (NaN never, -0 as 0), more distinct rows than are compared with, then rows seen before.
    const actions = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 9, 1, 12.5, -0, 0, NaN, NaN, 1e21, -1e-7];
    const size = actions.length;
    const numeric = CandidateTable.of(actions, {
      q: actions.map((a) => (Number.isNaN(a) ? NaN : a === 12.5 ? Infinity : 0.1 + 0.2)),
      kept: actions.map((a) => a !== 3),
      reason: actions.map(() => null),
      "quote\"d": actions.map((a, i) => (i === 15 ? -0 : Math.abs(a) % 3 || 0)),
    });
    const empty = CandidateTable.of([], { q: [] });
    const step = (table: Tables.CandidateTable, step: number) =>
      withCandidateRows({ type: "step.end", t: 2, episode: 0, step, action: 1, reward: 0, done: false, ms: 1, observation: null, envSteps: 1, decision: { index: 0, action: 1, rule: "argmax of q" } }, table) as unknown as RunEvent;
    const { inThread, offThread } = writeBoth([step(numeric, 0), step(empty, 1)]);
    expect(offThread.toString("utf8")).toBe(inThread.toString("utf8"));
    const rows = JSON.parse(offThread.toString("utf8").split("\n")[1]!).candidates.rows as number[];
    expect(rows).toHaveLength(size);
    // Row 12 is like row 9, which is past the 8 rows compared with: a distinct row of its own, as in-thread.
    expect(rows.slice(11, 17)).toEqual([0, 11, 1, 12, 0, 0]);
  });

  it("writes a frozen value met again as it is then: once its text is kept, and field by field when a part of it can change", () => {
    const constant = Object.freeze({ $from: "q.candidates", list: Object.freeze([1, "two", Object.freeze({ three: 3 })]) });
    const inner = { x: 0 };
    const shallow = Object.freeze({ inner });
    const withGetter = Object.freeze(Object.defineProperty({}, "n", { get: () => inner.x * 10, enumerable: true }));
    // Changed between writes: each writer makes its line (or packs the event) when written.
    const events = [0, 1, 2, 3].map((i) => () => {
      inner.x = i;
      return { type: "node.log", t: i, node: "n", message: "frozen", constant, shallow, withGetter, list: [constant, constant] } as unknown as RunEvent;
    });
    const { inThread, offThread } = writeBoth(events);
    expect(offThread.toString("utf8")).toBe(inThread.toString("utf8"));
    const lines = offThread.toString("utf8").trim().split("\n").slice(1).map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.shallow.inner.x, line.withGetter.n])).toEqual([[0, 0], [1, 10], [2, 20], [3, 30]]);
    expect(lines[3].constant).toEqual({ $from: "q.candidates", list: [1, "two", { three: 3 }] });
  });

  it("holds every event written once flush returns, and lines handed over as bytes after them", () => {
    const writer = new TraceWriter(join(folder, "trace.jsonl"), "off-thread");
    writer.write({ type: "run.start", t: 0, traceVersion: 3, runId: "r", pipeline: "p", seed: 1, episodes: 1, maxSteps: 1, traceLevel: "off", startedAt: "now" });
    for (let i = 0; i < 500; i++) writer.write({ type: "node.log", t: i, node: "n", message: `line ${i}` });
    // A Buffer viewing part of a larger buffer (a queued batch's trace beside its files): handed over, the rest stays readable.
    const payload = Buffer.from(new TextEncoder().encode('{"type":"node.log","t":0,"node":"other","message":"from a worker"}\n' + "the batch's files").buffer);
    const lineEnd = payload.indexOf("\n") + 1;
    writer.writeLines(payload.subarray(0, lineEnd));
    expect(payload.subarray(lineEnd).toString()).toBe("the batch's files");
    writer.flush();
    const lines = readFileSync(join(folder, "trace.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(502);
    expect(JSON.parse(lines[500]!).message).toBe("line 499");
    expect(JSON.parse(lines[501]!).node).toBe("other");
    writer.close();
  });

  it("has written every episode the host counted when a host hears of a pause, and of the run's end", async () => {
    const pipelineFile = resolve("examples/gridworld-vgps.foresight.json");
    const doc = JSON.parse(readFileSync(pipelineFile, "utf8"));
    doc.nodes = doc.nodes.filter((n: { kind: string }) => n.kind !== "dataset");
    doc.edges = doc.edges.filter((e: { to: string }) => !e.to.startsWith("dataset."));
    const validated = validatePipeline(doc, builtinRegistry(), { pipelineDir: resolve("examples") });
    if (!validated.ok) throw new Error(JSON.stringify(validated.problems));
    const control = new RunControl();
    let counted = 0;
    let runDir = "";
    const onDisk = () => readFileSync(join(runDir, "trace.jsonl"), "utf8").split("\n").filter((line) => line.startsWith('{"type":"episode.end"')).length;
    const atPauses: [number, number][] = [];
    // Subscribed before the run starts, as a host does: told after the trace's flush all the same.
    control.onPaused(() => {
      atPauses.push([counted, onDisk()]);
      if (atPauses.length < 3) control.step();
      else control.stop();
    });
    const run = executeRun({
      validated: validated.value,
      pipelineFile,
      outDir: folder,
      overrides: { episodes: 100_000, trace: "steps" },
      control,
      onEvent: (event) => {
        if (event.type === "run.start") runDir = join(folder, event.runId);
        if (event.type === "episode.end") counted++;
        // Past the writer thread's threshold (about 730 bytes a step), then pause.
        if (event.type === "episode.end" && counted === 800) control.pause();
      },
    });
    const { result } = await run;
    expect(result.status).toBe("stopped");
    expect(atPauses).toHaveLength(3);
    for (const [host, file] of atPauses) expect(file).toBe(host);
    expect(onDisk()).toBe(result.episodes.length);
  });

  it.each(["steps", "full"] as const)("takes over a long trace at level %s", async (level) => {
    const events = await record("gridworld-vgps", level, 60);
    const writer = new TraceWriter(join(folder, "trace.jsonl"));
    for (const event of events) writer.write(event);
    expect(writer.offThread).toBe(true);
    writer.close();
    expect(readFileSync(join(folder, "trace.jsonl")).length).toBeGreaterThan(512 * 1024);
  });

  it("is not started for a short trace (a process of its own, where no trace has started it)", async () => {
    const events = await record("gridworld-vgps", "steps", 2);
    const eventsFile = join(folder, "events.json");
    writeFileSync(eventsFile, JSON.stringify(events));
    const script = `
      import { readFileSync } from "node:fs";
      const { TraceWriter } = await import(${JSON.stringify(pathToFileURL(resolve("dist/runtime/trace/trace-writer.js")).href)});
      const writer = new TraceWriter(${JSON.stringify(join(folder, "trace.jsonl"))});
      for (const event of JSON.parse(readFileSync(${JSON.stringify(eventsFile)}, "utf8"))) writer.write(event);
      console.log(JSON.stringify({ offThread: writer.offThread }));
      writer.close();`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout)).toEqual({ offThread: false });
    expect(readFileSync(join(folder, "trace.jsonl"), "utf8").trim().split("\n")).toHaveLength(events.filter((e) => e.type !== "step.start").length);
  });

  it("takes a short trace from its first event once the thread runs (a process's later runs pay no start)", async () => {
    const events = await record("gridworld-vgps", "steps", 2);
    // The thread runs: another trace started it.
    new TraceWriter(join(folder, "other.jsonl"), "off-thread").close();
    const writer = new TraceWriter(join(folder, "trace.jsonl"));
    writer.write(events[0]!);
    expect(writer.offThread).toBe(true);
    for (const event of events.slice(1)) writer.write(event);
    writer.close();
    const inThread = new TraceWriter(join(folder, "in-thread.jsonl"), "in-thread");
    for (const event of events) inThread.write(event);
    inThread.close();
    expect(readFileSync(join(folder, "trace.jsonl")).equals(readFileSync(join(folder, "in-thread.jsonl")))).toBe(true);
  });
});
