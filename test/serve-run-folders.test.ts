import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunEnded, RunEvent, WebSocketTransport } from "../protocol/index.js";
import { parseTraceLine } from "../runtime/trace/candidate-rows.js";
import { useEditorServer } from "./fixtures/editor-server.js";
import { foresightAsync, type EditablePipeline } from "./fixtures/foresight-process.js";
import { sleep } from "./fixtures/wait.js";

const session = useEditorServer();

const VGPS = "examples/gridworld-vgps.foresight.json";
const vgps = (): EditablePipeline => JSON.parse(readFileSync(VGPS, "utf8"));

async function finished(api: WebSocketTransport, start: Promise<{ runId: string }>): Promise<Extract<RunEnded, { outcome: "finished" }>> {
  const ends = new Map<string, RunEnded>();
  const off = api.onRunEnded((end) => ends.set(end.runId, end));
  const { runId } = await start;
  while (!ends.has(runId)) await sleep(20);
  off();
  const ended = ends.get(runId)!;
  if (ended.outcome !== "finished") throw new Error(JSON.stringify(ended));
  return ended;
}

/** A run made by the CLI into the served root's runs/ folder; returns its folder relative to the root. */
async function cliRun(...args: string[]): Promise<string> {
  const result = await foresightAsync("run", VGPS, "--out", join(session.editor.root, "runs"), "--json", ...args);
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout).runDir.slice(session.editor.root.length + 1);
}

describe("foresight serve: run folders (listRuns, openRun, readEpisode, forkRun)", () => {
  let served: string;
  let byCli: string;
  let killed: string;

  beforeAll(async () => {
    served = (await finished(session.api, session.api.startRun(vgps(), VGPS, { episodes: 5, seed: 2, traceLevel: "steps" }))).runDir;
    byCli = await cliRun("--episodes", "3000", "--trace", "steps", "--set", "run.maxSteps=4", "--set", "sampler.n=2");
    // A run killed before its summary: its trace ends after some episodes.
    killed = "runs/killed-run";
    cpSync(join(session.editor.root, served), join(session.editor.root, killed), { recursive: true });
    rmSync(join(session.editor.root, killed, "summary.json"));
    const lines = readFileSync(join(session.editor.root, killed, "trace.jsonl"), "utf8").split("\n");
    const cut = lines.findIndex((line) => line.startsWith('{"type":"episode.end"') && JSON.parse(line).episode === 2);
    writeFileSync(join(session.editor.root, killed, "trace.jsonl"), lines.slice(0, cut + 1).join("\n") + "\n");
    // Not runs: a corrupt trace and a stray folder; both are left out (and logged).
    mkdirSync(join(session.editor.root, "runs/corrupt"));
    writeFileSync(join(session.editor.root, "runs/corrupt/trace.jsonl"), "{not json\n");
    mkdirSync(join(session.editor.root, "runs/stray"));
  }, 120_000);

  it("lists run folders newest first, from summaries, or from the trace for a killed run", async () => {
    const runs = await session.api.listRuns();
    expect(runs.map((r) => r.runDir).sort()).toEqual([byCli, killed, served].sort());
    expect(runs[0]).toMatchObject({ runDir: byCli, status: "completed", episodes: 3000, episodesRequested: 3000, traceLevel: "steps", pipeline: "gridworld-vgps" });
    for (let i = 1; i < runs.length; i++) expect(runs[i - 1]!.startedAt >= runs[i]!.startedAt).toBe(true);
    expect(runs.find((r) => r.runDir === killed)).toMatchObject({ status: "killed", episodes: 3, episodesRequested: 5 });
    expect(runs.find((r) => r.runDir === served)).toMatchObject({ status: "completed", episodes: 5, successRate: expect.any(Number) });
  });

  it("opens a run: its run.start, summary, pipeline as run, episodes and models", async () => {
    const record = await session.api.openRun(served);
    expect(record.start).toMatchObject({ type: "run.start", traceVersion: 4, seed: 2, episodes: 5 });
    expect(record.summary).toMatchObject({ status: "completed", episodes: 5 });
    expect(record.pipeline.nodes).toHaveLength(vgps().nodes.length);
    expect(record.episodes.map((e) => e.episode)).toEqual([0, 1, 2, 3, 4]);
    expect(record.models).toEqual([]);
    // What its nodes noted: where its Dataset collector wrote.
    expect(record.notes).toEqual({ notes: [{ node: "dataset", message: expect.stringMatching(/^5 episodes written to \/.*\/dataset$/) }], more: 0 });
    const incomplete = await session.api.openRun(killed);
    expect(incomplete.summary).toBeNull();
    expect(incomplete.episodes).toHaveLength(3);
  });

  it("reads one episode's events, also of a run with thousands of episodes, and names what is missing", async () => {
    const events = await session.api.readEpisode(served, 3);
    expect(events[0]).toMatchObject({ type: "episode.start", episode: 3, scene: { kind: "gridworld", map: "lava-bridge" } });
    expect(events.at(-1)).toMatchObject({ type: "episode.end", episode: 3 });
    expect(events.filter((e) => e.type === "step.end").map((e) => (e as { step: number }).step)).toEqual(
      Array.from({ length: (events.at(-1) as { steps: number }).steps }, (_, i) => i),
    );
    const onDisk = readFileSync(join(session.editor.root, byCli, "trace.jsonl"), "utf8").trim().split("\n").map(parseTraceLine);
    for (const episode of [0, 1234, 2999]) {
      const expected = onDisk.filter((e) => "episode" in e && e.episode === episode);
      expect(await session.api.readEpisode(byCli, episode)).toEqual(expected);
    }
    await expect(session.api.readEpisode(served, 7)).rejects.toThrow(`readEpisode: run ${served} has no episode 7: it played 5 (0–4)`);
    await expect(session.api.readEpisode("../elsewhere", 0)).rejects.toThrow("outside the root folder");
    await expect(session.api.openRun("runs/nothing-here")).rejects.toThrow("openRun: run runs/nothing-here: no such run folder");
    await expect(session.api.openRun("runs/corrupt")).rejects.toThrow("run runs/corrupt: trace.jsonl is corrupt: line 1 is not JSON");
  });

  it("lists a run of this server as running while it goes", async () => {
    const { runId } = await session.api.startRun(vgps(), VGPS, { episodes: 1_000_000, traceLevel: "off" });
    let running;
    for (let i = 0; i < 200 && !running; i++) {
      running = (await session.api.listRuns()).find((r) => r.status === "running");
      if (!running) await sleep(25);
    }
    expect(running).toMatchObject({ status: "running", episodesRequested: 1_000_000, traceLevel: "off" });
    await session.api.controlRun(runId, "stop");
  });

  it("forks an episode of a run from a step with the editor's pipeline, live like startRun", async () => {
    const original = (await session.api.readEpisode(served, 1)).filter((e) => e.type === "step.end");
    const step = Math.min(3, original.length - 1);
    const doc = vgps();
    doc.nodes.find((n: { id: string }) => n.id === "risk").params.max = 0.05;
    const live: RunEvent[] = [];
    const off = session.api.onRunEvents((_runId, events) => live.push(...events));
    const ended = await finished(session.api, session.api.forkRun({ runDir: served, episode: 1, step, doc, path: VGPS, options: { traceLevel: "steps" } }));
    off();
    expect(ended.summary.fork).toEqual({ runDir: served, episode: 1, step });
    const record = await session.api.openRun(ended.runDir);
    expect(record.fork).toEqual({ runDir: served, episode: 1, step });
    expect(record.start).toMatchObject({ episodes: 1, seed: 2 });
    const forked = (await session.api.readEpisode(ended.runDir, 1)).filter((e) => e.type === "step.end");
    expect(forked.slice(0, step).map((e) => [e.action, e.observation, e.replayed])).toEqual(original.slice(0, step).map((e) => [e.action, e.observation, true]));
    expect(forked[step]).toMatchObject({ step, observation: original[step]!.observation });
    expect(live.some((e) => e.type === "run.start" && e.fork?.step === step)).toBe(true);
    expect((await session.api.listRuns()).find((r) => r.runDir === ended.runDir)).toMatchObject({ fork: { runDir: served, episode: 1, step } });
  });

  it("refuses a fork it cannot restore, and a Script pipeline not trusted, before any run starts", async () => {
    const off = await cliRun("--episodes", "1", "--trace", "off");
    await expect(session.api.forkRun({ runDir: off, episode: 0, step: 2, doc: vgps(), path: VGPS })).rejects.toThrow(
      `forkRun: run ${off} was traced at level off: no steps recorded, so step 2 of episode 0 cannot be restored`,
    );
    await expect(session.api.forkRun({ runDir: served, episode: 9, step: 0, doc: vgps(), path: VGPS })).rejects.toThrow(`run ${served} has no episode 9`);
    const script = JSON.parse(readFileSync("examples/gridworld-script.foresight.json", "utf8"));
    await expect(session.api.forkRun({ runDir: served, episode: 0, step: 1, doc: script, path: "examples/gridworld-script.foresight.json" })).rejects.toThrow(
      "contains Script nodes",
    );
  });
});
