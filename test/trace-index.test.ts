import { appendFileSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NODE_NOTES_KEPT, type RunEvent } from "../protocol/index.js";
import { executeRun } from "../runtime/execute-run.js";
import { TraceIndex } from "../runtime/trace/trace-index.js";
import { parseTraceLine } from "../runtime/trace/candidate-rows.js";
import { example, validated } from "./fixtures/pipelines.js";
import { testRegistry } from "./fixtures/test-kinds.js";

describe("trace index", () => {
  let trace: string;
  let lines: string[];

  beforeAll(async () => {
    const doc = example("gridworld-vgps");
    doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
    doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
    doc.run["maxSteps"] = 6;
    const run = await executeRun({ validated: validated(doc, testRegistry()), pipelineFile: "examples/gridworld-vgps.foresight.json", outDir: mkdtempSync(join(tmpdir(), "foresight-index-")), overrides: { episodes: 2000, seed: 4, trace: "full" } });
    trace = join(run.runDir, "trace.jsonl");
    lines = readFileSync(trace, "utf8").trim().split("\n");
  });

  it("finds every episode's events, the finished episodes and the run's start and end", () => {
    const index = new TraceIndex(trace, "runs/x").update();
    expect(index.start).toMatchObject({ type: "run.start", episodes: 2000 });
    expect(index.end).toMatchObject({ type: "run.end", episodes: 2000 });
    expect(index.episodes.map((e) => e.episode)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    const events = lines.map(parseTraceLine);
    for (const episode of [0, 777, 1999]) expect(index.readEpisode(episode)).toEqual(events.filter((e) => "episode" in e && e.episode === episode));
    expect(() => index.readEpisode(2000)).toThrow("run runs/x has no episode 2000: it played 2000 (0–1999)");
  });

  it("reads only what was appended; starts over when the file is replaced", () => {
    const copy = join(mkdtempSync(join(tmpdir(), "foresight-index-")), "trace.jsonl");
    const body = lines.filter((line) => !line.startsWith('{"type":"run.end"'));
    writeFileSync(copy, body.join("\n") + "\n");
    const index = new TraceIndex(copy, "runs/y").update();
    expect(index.episodesPlayed).toBe(2000);
    // Spoil an already indexed line in place: an index that re-read the file would fail on it.
    const text = readFileSync(copy, "utf8");
    const at = text.indexOf('{"type":"episode.end"');
    writeFileSync(copy, text.slice(0, at) + "x" + text.slice(at + 1));
    const next = lines.filter((line) => line.includes('"episode":1999,') || line.includes('"episode":1999}')).map((line) => line.replace(/"episode":1999\b/, '"episode":2000'));
    appendFileSync(copy, next.join("\n") + "\n");
    expect(index.update().episodesPlayed).toBe(2001);
    expect(index.readEpisode(2000).map((e) => e.type)).toEqual(next.map((line) => (JSON.parse(line) as RunEvent).type));
    // A new file at the same path (another inode) is indexed from the start, and its spoiled line skipped by number.
    writeFileSync(`${copy}.new`, readFileSync(copy));
    renameSync(`${copy}.new`, copy);
    const spoiled = text.slice(0, at).split("\n").length;
    expect(index.update().skipped).toEqual([expect.objectContaining({ line: spoiled, reason: expect.stringMatching(/^is not JSON/) })]);
    expect(index.episodesPlayed).toBe(2001);
    expect(() => index.readEpisode(0)).toThrow(`run runs/y: episode 0 cannot be read: trace.jsonl line ${spoiled} is not JSON`);
  });

  it("reads an episode indexed to its end without indexing what a live run appended since", () => {
    const copy = join(mkdtempSync(join(tmpdir(), "foresight-index-")), "trace.jsonl");
    writeFileSync(copy, lines.filter((line) => !line.startsWith('{"type":"run.end"')).join("\n") + "\n");
    const index = new TraceIndex(copy, "runs/z").update();
    // A line that would fail an update: reading episode 3, long finished, never looks at it.
    appendFileSync(copy, "not json\n");
    expect(index.readEpisode(3).map((e) => e.type)).toContain("episode.end");
    // An episode not yet indexed does update (and skips the broken line, by number).
    expect(() => index.readEpisode(2000)).toThrow("run runs/z has no episode 2000");
    expect(index.skipped).toEqual([expect.objectContaining({ line: lines.length })]);
  });

  it("keeps what the nodes noted (node.log): the first NODE_NOTES_KEPT, the rest counted; a replaced file's notes start over", () => {
    const copy = join(mkdtempSync(join(tmpdir(), "foresight-index-")), "trace.jsonl");
    const note = (i: number) => JSON.stringify({ type: "node.log", t: i, node: i % 2 === 0 ? "dataset" : "policy", message: `note ${i}` });
    writeFileSync(copy, [lines[0], ...Array.from({ length: NODE_NOTES_KEPT + 7 }, (_, i) => note(i))].join("\n") + "\n");
    const index = new TraceIndex(copy, "runs/n").update();
    expect(index.notes.notes).toHaveLength(NODE_NOTES_KEPT);
    expect(index.notes.notes[1]).toEqual({ node: "policy", message: "note 1" });
    expect(index.notes.more).toBe(7);
    writeFileSync(`${copy}.new`, [lines[0], note(0)].join("\n") + "\n");
    renameSync(`${copy}.new`, copy);
    expect(index.update().notes).toEqual({ notes: [{ node: "dataset", message: "note 0" }], more: 0 });
  });
});
