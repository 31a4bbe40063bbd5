import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunEvent } from "../protocol/index.js";
import { foresightAsync, tempDir } from "./fixtures/foresight-process.js";

const VGPS = "examples/gridworld-vgps.foresight.json";

const traceOf = (runDir: string): RunEvent[] =>
  readFileSync(join(runDir, "trace.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as RunEvent);

type StepEnd = Extract<RunEvent, { type: "step.end" }>;
const stepEnds = (events: RunEvent[], episode: number): StepEnd[] => events.filter((e): e is StepEnd => e.type === "step.end" && e.episode === episode);

async function run(...args: string[]): Promise<{ code: number | null; stderr: string; summary: { runDir: string; [key: string]: unknown } | undefined }> {
  const result = await foresightAsync("run", ...args, "--json");
  return { code: result.code, stderr: result.stderr, summary: result.stdout ? JSON.parse(result.stdout) : undefined };
}

describe("foresight run --fork", () => {
  const out = tempDir("fork");
  let original: string;
  /** An episode of the original with enough steps to fork in the middle, and the step to fork at. */
  let episode: number;
  let step: number;

  beforeAll(async () => {
    const made = await run(VGPS, "--episodes", "4", "--seed", "5", "--trace", "steps", "--out", out);
    expect(made.code).toBe(0);
    original = made.summary!.runDir;
    const events = traceOf(original);
    episode = [0, 1, 2, 3].find((e) => stepEnds(events, e).length >= 6)!;
    expect(episode).toBeDefined();
    step = 4;
  });

  it("replays the original's first steps exactly and continues from the fork step with the same pipeline", async () => {
    const fork = await run(VGPS, "--fork", `${original}:${episode}:${step}`, "--out", out);
    expect(fork.stderr).toBe("");
    expect(fork.code).toBe(0);
    expect(fork.summary).toMatchObject({ episodesRequested: 1, fork: { episode, step } });
    const before = stepEnds(traceOf(original), episode);
    const events = traceOf(fork.summary!.runDir);
    expect(events[0]).toMatchObject({ type: "run.start", episodes: 1, seed: 5, fork: { episode, step } });
    const after = stepEnds(events, episode);
    const replayed = after.filter((e) => e.replayed);
    expect(replayed.map((e) => e.step)).toEqual([0, 1, 2, 3]);
    expect(replayed.map((e) => [e.action, e.observation, e.reward, e.done])).toEqual(before.slice(0, step).map((e) => [e.action, e.observation, e.reward, e.done]));
    expect(replayed.every((e) => e.decision === undefined && e.candidates === undefined)).toBe(true);
    // The first decided step sees exactly the state the original decided step `step` in.
    const decided = after.filter((e) => !e.replayed);
    expect(decided[0]).toMatchObject({ step, observation: before[step]!.observation });
    expect(decided[0]!.decision).toBeDefined();
    const end = events.find((e) => e.type === "episode.end");
    expect(end).toMatchObject({ episode, steps: after.length });
    // A step's start is live only: its time is its step.end's t − ms.
    expect(events.some((e) => e.type === "step.start")).toBe(false);

    // A fork of the fork replays its replayed and its decided steps alike.
    const again = await run(VGPS, "--fork", `${fork.summary!.runDir}:${episode}:${step + 1}`, "--out", out);
    expect(again.code).toBe(0);
    const twice = stepEnds(traceOf(again.summary!.runDir), episode);
    expect(twice.slice(0, step + 1).map((e) => [e.action, e.observation, e.replayed])).toEqual(after.slice(0, step + 1).map((e) => [e.action, e.observation, true]));
  });

  it("runs a changed pipeline from the fork step", async () => {
    const fork = await run(VGPS, "--fork", `${original}:${episode}:${step}`, "--set", "risk.max=0.05", "--out", out);
    expect(fork.code).toBe(0);
    const copy = JSON.parse(readFileSync(join(fork.summary!.runDir, "pipeline.foresight.json"), "utf8"));
    expect(copy.nodes.find((n: { id: string }) => n.id === "risk").params.max).toBe(0.05);
    expect(stepEnds(traceOf(fork.summary!.runDir), episode).filter((e) => !e.replayed).length).toBeGreaterThan(0);
  });

  it("reports a divergence, naming run, episode and step, when the recorded trace does not match the environment", async () => {
    const tampered = join(out, "tampered");
    cpSync(original, tampered, { recursive: true });
    const lines = readFileSync(join(tampered, "trace.jsonl"), "utf8").split("\n");
    const i = lines.findIndex((line) => line.includes('"type":"step.end"') && JSON.parse(line).episode === episode && JSON.parse(line).step === 2);
    const event = JSON.parse(lines[i]!);
    event.reward += 5;
    lines[i] = JSON.stringify(event);
    writeFileSync(join(tampered, "trace.jsonl"), lines.join("\n"));
    const fork = await run(VGPS, "--fork", `${tampered}:${episode}:${step}`, "--out", out);
    expect(fork.code).toBe(1);
    expect(fork.stderr).toMatch(new RegExp(`run .*tampered, episode ${episode}, step 2: replaying the recorded actions diverged: action \\d gave reward`));
  });

  it("refuses a run traced at level off, a step the episode never reached, and a malformed --fork (exit 2)", async () => {
    const off = await run(VGPS, "--episodes", "1", "--trace", "off", "--out", out);
    expect(off.code).toBe(0);
    const refused = await run(VGPS, "--fork", `${off.summary!.runDir}:0:1`, "--out", out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("was traced at level off: no steps recorded, so step 1 of episode 0 cannot be restored");
    const beyond = await run(VGPS, "--fork", `${original}:${episode}:500`, "--out", out);
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toMatch(new RegExp(`episode ${episode} recorded steps 0–\\d+; it ended at step \\d+: cannot fork at step 500`));
    const missing = await run(VGPS, "--fork", `${original}:9:0`, "--out", out);
    expect(missing.stderr).toMatch(/has no episode 9: it played 4 \(0–3\)/);
    expect((await run(VGPS, "--fork", "nowhere")).stderr).toContain("expected <runDir>:<episode>:<step>");
    // A folder that is no run is named as typed (a path relative to the working folder said "run ..").
    const notRun = tempDir("fork-not-a-run");
    expect((await run(VGPS, "--fork", `${notRun}:0:0`)).stderr).toBe(`foresight: --fork ${notRun}:0:0: run ${notRun} has no trace.jsonl: not a run folder\n`);
    expect((await run(VGPS, "--fork", `${original}:0:0`, "--seed", "2")).stderr).toContain("leave out --episodes, --seed and --workers");
  });
});
