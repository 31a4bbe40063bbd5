import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunEvent } from "../protocol/index.js";
import { episodeCurves } from "../renderer/dashboard/curves.js";
import { movesOf } from "../renderer/environments/gridworld/moves.js";
import { builtinRegistry } from "../nodes/index.js";
import { kindCatalog } from "../host/editor-api/kind-catalog.js";
import { candidateTable, candidateViews } from "../renderer/inspect/candidate-table.js";
import { applyEvents, episodeDetail, LIVE_LIMITS } from "../renderer/trace/apply-events.js";
import { observationOutputs } from "../renderer/document/catalog.js";
import { episodeRead, observationOf } from "../renderer/trace/selected-step.js";
import { createTraceStore } from "../renderer/trace/trace-store.js";
import { emptyTrace, stepKey } from "../renderer/trace/trace-types.js";
import { parseTraceLine } from "../runtime/trace/candidate-rows.js";

// The live trace view's pure logic against a real trace of the V-GPS example (browser tests: test/e2e/live-trace.test.ts).
const { kinds } = kindCatalog(builtinRegistry());
let dir: string;
let events: RunEvent[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "foresight-trace-view-"));
  execFileSync(process.execPath, ["bin/foresight.js", "run", "examples/gridworld-vgps.foresight.json", "-n", "20", "-q", "--out", dir]);
  const run = readdirSync(dir)[0]!;
  events = readFileSync(join(dir, run, "trace.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map(parseTraceLine);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stepEnds = () => events.filter((event): event is Extract<RunEvent, { type: "step.end" }> => event.type === "step.end");

describe("the live trace view's model", () => {
  it("keeps every episode result but only the last steps' detail, and every node's last status", () => {
    let data = emptyTrace({ live: true });
    // In batches, as the host sends them.
    for (let i = 0; i < events.length; i += 37) data = applyEvents(data, events.slice(i, i + 37));
    expect(data.episodes).toHaveLength(20);
    expect(stepEnds().length).toBeGreaterThan(LIVE_LIMITS.steps);
    expect(data.steps.size).toBe(LIVE_LIMITS.steps);
    const last = stepEnds().at(-1)!;
    expect(data.current).toEqual({ episode: last.episode, step: last.step });
    expect(data.steps.get(stepKey(last.episode, last.step))!.end).toEqual(last);
    expect(Object.keys(data.nodeStatus).sort()).toEqual(["dataset", "env", "executor", "policy", "q", "risk", "sampler"]);
    for (const badge of Object.values(data.nodeStatus)) expect(badge.state).toBe("done");
    expect(data.live).toBe(false);
  });

  it("stays on the last step played while the next episode has begun but not its first step (a run paused between episodes)", () => {
    const next = events.findIndex((event) => event.type === "episode.start" && event.episode === 5);
    const data = applyEvents(emptyTrace({ live: true }), events.slice(0, next + 1));
    const last = stepEnds().filter((end) => end.episode === 4).at(-1)!;
    expect(data.current).toEqual({ episode: 4, step: last.step });
    expect(data.steps.get(stepKey(4, last.step))!.end).toEqual(last);
    expect(data.scenes.has(5)).toBe(true);
    // What a live view hears next (the file leaves step.start out).
    const started = applyEvents(data, [{ type: "step.start", t: events[next]!.t, episode: 5, step: 0 }]);
    expect(started.current).toEqual({ episode: 5, step: 0 });
  });

  it("shows the last step that ended once Stop cut a step off mid-way, in the episode before where it was the episode's first", () => {
    const ends = stepEnds().filter((end) => end.episode === 4);
    const [third, fourth] = [ends[2]!, ends[3]!];
    const upTo = events.indexOf(third);
    const t = third.t;
    const stopped = (episode: number, step: number) => [
      { type: "step.start", t, episode, step },
      { type: "node.start", t, episode, step, node: "policy", kind: "policy" },
      { type: "episode.end", t, episode, steps: step, envSteps: step, return: 0, success: false, terminated: false, truncated: false, ms: 1, status: "stopped" },
    ] as RunEvent[];
    const midEpisode = applyEvents(emptyTrace({ live: true }), [...events.slice(0, upTo + 1), ...stopped(4, fourth.step)]);
    expect(midEpisode.current).toEqual({ episode: 4, step: third.step });
    const firstStep = applyEvents(emptyTrace({ live: true }), [...events.slice(0, upTo + 1), { type: "episode.start", t, episode: 5 }, ...stopped(5, 0)]);
    expect(firstStep.current).toEqual({ episode: 4, step: third.step });
    // A step a node failed in stays in view: it is where the error is.
    const failed = applyEvents(emptyTrace({ live: true }), [
      ...events.slice(0, upTo + 1),
      { type: "step.start", t, episode: 4, step: fourth.step },
      { type: "node.error", t, episode: 4, step: fourth.step, node: "policy", kind: "policy", message: "boom", ends: "episode" },
      { type: "episode.end", t, episode: 4, steps: fourth.step, envSteps: fourth.step, return: 0, success: false, terminated: false, truncated: false, ms: 1, status: "stopped" },
    ] as RunEvent[]);
    expect(failed.current).toEqual({ episode: 4, step: fourth.step });
  });

  it("copies only what a batch changes, so narrow selectors keep their references", () => {
    const cut = events.findIndex((event) => event.type === "node.start" && event.node === "q" && event.episode === 3);
    const before = applyEvents(emptyTrace(), events.slice(0, cut));
    const after = applyEvents(before, events.slice(cut, cut + 2)); // q's node.start and node.end
    expect(after.nodeStatus.q).not.toBe(before.nodeStatus.q);
    expect(after.nodeStatus.policy).toBe(before.nodeStatus.policy);
    expect(after.episodes).toBe(before.episodes);
    const older = [...before.steps.keys()][0]!;
    expect(after.steps.get(older)).toBe(before.steps.get(older));
  });

  it("builds a step's candidate table from its node outputs ($candidatesFrom columns) equal to step.end's table", () => {
    const data = applyEvents(emptyTrace(), events, { ...LIVE_LIMITS, steps: Infinity });
    let checked = 0;
    for (const end of stepEnds()) {
      const detail = data.steps.get(stepKey(end.episode, end.step))!;
      const partial = candidateTable({ ...detail, end: undefined }, kinds)!;
      expect(partial.final).toBe(false);
      expect(partial.rows).toEqual(end.candidates);
      // While the step runs, its observation is the environment-role node's observation output.
      expect(observationOf({ ...detail, end: undefined }, observationOutputs(kinds))).toEqual(end.observation);
      const final = candidateTable(detail, kinds)!;
      expect(final.columns.map((column) => column.name)).toEqual(partial.columns.map((column) => column.name));
      checked++;
    }
    expect(checked).toBe(stepEnds().length);
  });

  it("lays out a V-GPS table from the kinds' declared columns: labels in the order nodes added them, verdicts last, Q charted", () => {
    const data = applyEvents(emptyTrace(), events, { ...LIVE_LIMITS, steps: Infinity });
    const end = stepEnds().find((e) => e.candidates!.some((row) => row.filtered === true))!;
    const table = candidateTable(data.steps.get(stepKey(end.episode, end.step)), kinds)!;
    expect(table.columns.map((column) => column.label)).toEqual(["action", "log-prob", "greedy", "Q", "risk", "filtered", "selected"]);
    expect(table.score?.name).toBe("q");
    const excluded = table.rows.findIndex((row) => row.filtered === true);
    expect(table.verdicts[excluded]).toMatchObject({ excluded: true, reason: end.candidates![excluded]!.reason });
    expect(table.verdicts.filter((verdict) => verdict.chosen)).toHaveLength(1);
  });

  it("shows a kind's declared column under its label and charts the last declared score; an undeclared column by its name", () => {
    const bonus = { ...kinds.find((kind) => kind.kind === "q-scorer")!, kind: "bonus", columns: [{ name: "bonus", label: "Bonus", format: "number" as const, chart: true as const }] };
    const rows = [
      { action: 0, logp: -1, q: 0.5, bonus: 2, extra: 1.25, selected: false },
      { action: 1, logp: -2, q: 0.75, bonus: 1, extra: 3, selected: true },
    ];
    const table = candidateTable({ episode: 0, step: 0, nodes: [], end: { type: "step.end", t: 0, episode: 0, step: 0, action: 1, reward: 0, done: false, ms: 1, candidates: rows } }, [...kinds, bonus])!;
    expect(table.columns.map((column) => column.label)).toEqual(["action", "log-prob", "Q", "Bonus", "extra", "selected"]);
    expect(table.score?.label).toBe("Bonus");
    expect(candidateViews(table).map((view) => [view.score, view.chosen])).toEqual([[2, false], [1, true]]);
    // Without any declared score, the first undeclared numeric column is charted.
    const plain = candidateTable({ episode: 0, step: 0, nodes: [], end: { type: "step.end", t: 0, episode: 0, step: 0, action: 1, reward: 0, done: false, ms: 1, candidates: [{ action: 0, risk: 0.5, extra: 1 }] } }, kinds)!;
    expect(plain.score?.name).toBe("extra");
  });

  it("reads one episode back whole: scene, every step in order, its result", () => {
    const episode = 5;
    const detail = episodeDetail(
      episode,
      events.filter((event) => "episode" in event && event.episode === episode),
    );
    expect(detail.scene?.kind).toBe("gridworld");
    expect(detail.steps.map((step) => step.step)).toEqual(stepEnds().filter((e) => e.episode === episode).map((e) => e.step));
    expect(detail.result?.steps).toBe(detail.steps.length);
  });

  it("groups candidates into moves and draws the success rate as a moving average", () => {
    const end = stepEnds()[0]!;
    const data = applyEvents(emptyTrace(), events.slice(0, events.indexOf(end) + 1));
    const moves = movesOf(candidateViews(candidateTable(data.steps.get(stepKey(end.episode, end.step)), kinds)), end.action);
    expect(moves.reduce((sum, move) => sum + move.count, 0)).toBe(16);
    expect(moves.filter((move) => move.selected).map((move) => move.action)).toEqual([end.action]);
    const results = Array.from({ length: 40 }, (_, i) => ({ episode: i, status: "completed", success: i % 2 === 0, return: 0, steps: 1 }) as never);
    const series = episodeCurves(results).success.values;
    expect(series[0]).toBe(1);
    expect(series[39]).toBeCloseTo(0.5);
    // A failed episode is left out of the curves, not drawn as a 0-return failure.
    const curves = episodeCurves([
      { episode: 0, status: "completed", success: true, return: 1, steps: 4 },
      { episode: 1, status: "error", success: false, return: 0, steps: 2 },
      { episode: 2, status: "completed", success: false, return: -1, steps: 9 },
    ] as never);
    expect(curves.success.values).toEqual([1, 0.5]);
    expect(curves.returns).toEqual({ episodes: [0, 2], values: [1, -1] });
    expect(curves.length).toEqual({ episodes: [0, 2], values: [4, 9] });
  });

  it("reads a step left out of memory from trace.jsonl, and a live run's episode again while its file lacks the step", () => {
    const store = createTraceStore();
    store.getState().reset({ live: true, runDir: "runs/r" });
    const lastOfEpisode0 = events.findLastIndex((event) => event.type === "step.end" && event.episode === 0);
    // The view got the run's first episodes; step detail keeps only the last few hundred steps.
    store.getState().apply(events.slice(0, events.findIndex((event) => event.type === "episode.end" && event.episode === 15)), 0);
    const ref = { episode: 0, step: 3 };
    store.getState().select(ref);
    expect(episodeRead(store.getState(), ref)).toBe("now");
    store.getState().setLoaded(0, "loading");
    expect(episodeRead(store.getState(), ref)).toBe("none");
    // The file, read while the run writes it, held episode 0's first three steps only.
    const written = events.slice(0, events.findIndex((event) => event.type === "step.end" && event.episode === 0 && event.step === 3));
    store.getState().setLoaded(0, episodeDetail(0, written));
    expect(episodeRead(store.getState(), ref)).toBe("again");
    expect(episodeRead(store.getState(), { episode: 0, step: 1 })).toBe("none");
    // The whole episode: a step it lacks is not there to read.
    store.getState().setLoaded(0, episodeDetail(0, events.slice(0, lastOfEpisode0 + 2)));
    expect(episodeRead(store.getState(), ref)).toBe("none");
    expect(episodeRead(store.getState(), { episode: 0, step: 999 })).toBe("none");
    // Once the run ends, an episode read before its end is read again from the whole file.
    store.getState().setLoaded(1, episodeDetail(1, events.filter((event) => "episode" in event && event.episode === 1 && event.type !== "episode.end")));
    store.getState().apply(events.slice(events.findIndex((event) => event.type === "episode.end" && event.episode === 15)), 0);
    expect(store.getState().data.live).toBe(false);
    expect(store.getState().loaded.has(0)).toBe(true);
    expect(store.getState().loaded.has(1)).toBe(false);
    expect(episodeRead(store.getState(), { episode: 1, step: 0 })).toBe("now");
    // Following a live run: memory has the newest step.
    store.getState().reset({ live: true, runDir: "runs/r" });
    expect(episodeRead(store.getState(), ref)).toBe("none");
  });

  it("counts the detail events the host left out, and stays on the user's step when not following live", () => {
    const store = createTraceStore();
    store.getState().reset({ live: true });
    const half = Math.floor(events.length / 2);
    store.getState().apply(events.slice(0, half), 0);
    store.getState().apply([], 120);
    store.getState().apply([], 30);
    expect(store.getState().data.dropped).toBe(150);
    store.getState().select({ episode: 0, step: 2 });
    expect(store.getState().followLive).toBe(false);
    store.getState().apply(events.slice(half), 0);
    expect(store.getState().selection).toEqual({ episode: 0, step: 2 });
    expect(store.getState().data.episodes).toHaveLength(20);
    store.getState().setFollowLive(true);
    expect(store.getState().selection).toEqual(store.getState().data.current);
  });
});
