import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foresight, tempDir, type Finished } from "./fixtures/foresight-process.js";

// `foresight train` on damaged transitions files: each is refused naming file, line or step, and
// field, or trained on with a note where a run's end was cut off. One small recorded run is shared.
const dir = tempDir("train-damaged");
const PIPELINE = "examples/gridworld-policy-only.foresight.json";
let runDir: string;
let lines: string[];

const train = (...args: string[]) => foresight("train", "q", "--epochs", "1", "--iterations", "1", "--out", join(dir, "q.onnx"), ...args);
/** Trains on a file holding `text`, read as gridworld's. */
const trainOn = (name: string, text: string, ...args: string[]) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return { file, result: train("--data", file, "--pipeline", PIPELINE, ...args) };
};

/** Exit 2, with `says` as the one line on stderr. */
function refused(result: Finished, says: string): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toBe(`foresight: ${says}\n`);
}

beforeAll(() => {
  const out = join(dir, "runs");
  const recorded = foresight("run", PIPELINE, "--episodes", "3", "--out", out, "--quiet", "--trace", "off", "--workers", "1");
  expect(recorded.code, recorded.stderr).toBe(0);
  runDir = join(out, readdirSync(out)[0]!);
  lines = readFileSync(join(runDir, "dataset/transitions.jsonl"), "utf8").trimEnd().split("\n");
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const episodeOf = (line: string) => (JSON.parse(line) as { episode: number }).episode;

describe("foresight train refuses transitions it would train a wrong model on", () => {
  it("refuses records without their bookkeeping fields, naming file, line and field", () => {
    const minimal = lines.map((line) => {
      const { observation, action, reward, next_observation } = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify({ observation, action, reward, next_observation });
    });
    const { file, result } = trainOn("minimal.jsonl", minimal.join("\n") + "\n");
    refused(result, `--data ${file}, line 1: no episode field`);
  });

  it("refuses two runs' files joined into one, naming where an episode appears again", () => {
    const { file, result } = trainOn("joined.jsonl", [...lines, ...lines].join("\n") + "\n");
    refused(result, `--data ${file}: episode 0 appears again at line ${lines.length + 1} after episode 2 (a file's episodes are contiguous, its steps in order: were two files joined? give each one as it is)`);
  });

  it("refuses a reward a 32-bit float cannot hold, naming file, episode, step and field", () => {
    const record = JSON.parse(lines[1]!) as Record<string, unknown>;
    const big = [lines[0]!, JSON.stringify({ ...record, reward: 0 }).replace('"reward":0', '"reward":1e39'), ...lines.slice(2)];
    const { file, result } = trainOn("big-reward.jsonl", big.join("\n") + "\n");
    refused(result, `--data ${file}, episode ${String(record["episode"])}, step ${String(record["step"])}: reward 1e39 does not fit a 32-bit float (at most ±3.4e38)`);
  });
});

describe("foresight train reads the end of a file as a run leaves it", () => {
  it("skips a trailing blank line", () => {
    const { result } = trainOn("blank-end.jsonl", lines.join("\n") + "\n\n");
    expect(result.code, result.stderr).toBe(0);
  });

  it("says a torn last line left its episode out, and refuses a file holding only a torn line", () => {
    const { file, result } = trainOn("torn.jsonl", lines.join("\n") + "\n" + lines.at(-1)!.slice(0, 40));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`q: --data ${file}: its last line is cut off (a run killed mid-write): episode ${episodeOf(lines.at(-1)!)} left out\n`);
    const only = trainOn("torn-only.jsonl", lines[0]!.slice(0, 40));
    refused(only.result, `--data ${only.file}: holds only a cut-off line (a run killed mid-write before its first episode was written): no transitions to train on`);
  });

  it("says a run still going is read as a snapshot", () => {
    const going = join(dir, "going");
    cpSync(runDir, going, { recursive: true });
    writeFileSync(join(going, "running.json"), JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() }));
    const result = train(going);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`: a snapshot of a run in progress (${going} is still running): training on the episodes it has finished so far\n`);
  });
});

describe("foresight train names the cause", () => {
  it("says a preferences file or a trace is not a transitions file, and which to give", () => {
    const preferences = trainOn("preferences.jsonl", JSON.stringify({ episode: 0, step: 0, prompt: "a room", chosen: "right", rejected: "left", chosen_score: 1, rejected_score: 0 }) + "\n");
    refused(preferences.result, `--data ${preferences.file}: not a transitions file: its records look like a preferences file's (prompt, chosen, rejected); give the run folder, or its dataset/transitions.jsonl or .parquet`);
    const trace = trainOn("trace.jsonl", JSON.stringify({ type: "run.start", t: 0, traceVersion: 4 }) + "\n");
    refused(trace.result, `--data ${trace.file}: not a transitions file: its records look like a trace's (trace.jsonl: run and step events); give the run folder, or its dataset/transitions.jsonl or .parquet`);
  });

  it("blames an unknown --encoding on the flag, listing the encodings there are", () => {
    const result = train(runDir, "--encoding", "nope");
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^foresight: --encoding nope: "gridworld" has no such observation encoding; its encodings: \w+/);
  });
});
