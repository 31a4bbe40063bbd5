import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { sweepOutcomeInWords, sweepSettingsInWords, type SweepPointResult, type SweepRecord } from "../protocol/index.js";
import { sweepChartSvg } from "../host/sweep/chart.js";
import { foresightAsync, tempDir, writeExampleVariant } from "./fixtures/foresight-process.js";
import { completedSweep } from "./fixtures/sweep-record.js";

const FILE = "examples/gridworld-vgps.foresight.json";

async function sweepOf(...args: string[]): Promise<{ stderr: string; record: SweepRecord; markdown: string; chart: string }> {
  const out = tempDir("sweep-run-setting");
  const sweep = await foresightAsync("sweep", FILE, ...args, "--out", out, "--workers", "1");
  expect(sweep.code, sweep.stderr).toBe(0);
  const dir = join(out, readdirSync(out)[0]!);
  const read = (name: string) => readFileSync(join(dir, name), "utf8");
  return { stderr: sweep.stderr, record: JSON.parse(read("sweep.json")) as SweepRecord, markdown: read("results.md"), chart: read("chart.svg") };
}

// A sweep over run.episodes or run.seed said one setting's episodes and the last run's seed for all of them.
describe("a sweep over run.episodes or run.seed", () => {
  it("plans, heads and counts each setting's own episodes; a completed row reads its episodes alone", async () => {
    const { stderr, record, markdown, chart } = await sweepOf("--set", "run.episodes=2,3", "--seed", "1");
    expect(stderr).toContain("sweep: 2 settings × 2–3 episodes = 5 episodes, 1 setting at a time\n");
    expect(markdown).toContain("episodes: 2–3 per setting, seed 1, started");
    expect(chart).toContain("over 2–3 episodes per setting");
    expect(record.points.map((point) => [point.episodes, point.episodesRequested])).toEqual([[2, 2], [3, 3]]);
    const rows = markdown.split("\n").filter((line) => line.startsWith("| 2 ") || line.startsWith("| 3 "));
    expect(rows.map((row) => row.split(" | ")[1])).toEqual(["2", "3"]);
  });

  it("says the seed is swept, in results.md and sweep.json, not the last run's", async () => {
    const { record, markdown } = await sweepOf("--set", "run.seed=1,2,3", "--episodes", "2");
    expect(markdown).toContain("2 episodes per setting, seed: swept, started");
    expect(record.seed).toBeUndefined();
    expect(record.episodes).toBe(2);
  });
});

describe("a sweep whose setting fails", () => {
  it("says where, in the table and on stderr, as `foresight run` does: node, episode and step", async () => {
    const kind = resolve("dist/test/fixtures/kinds/throw-run/index.js");
    const file = writeExampleVariant("gridworld-vgps", tempDir("sweep-throw"), "throw-run", (doc) => {
      doc.nodes.push({ id: "mine", kind: "throw-run", params: {}, position: { x: 0, y: 0 } });
      doc.edges = doc.edges.map((edge: { from: string; to: string }) => (edge.from === "q.candidates" && edge.to === "risk.candidates" ? { from: "mine.candidates", to: edge.to } : edge));
      doc.edges.push({ from: "q.candidates", to: "mine.candidates" });
    });
    const out = tempDir("sweep-throw-runs");
    const sweep = await foresightAsync("sweep", file, "--kinds", kind, "--set", "run.seed=1,2", "--episodes", "1", "--workers", "1", "--out", out);
    expect(sweep.code).toBe(1);
    const where = 'node "mine" (throw-run) at episode 0, step 0: boom in run';
    expect(sweep.stderr).toContain(`the run of run.seed=1 failed: ${where}`);
    expect(sweep.stdout).toContain(`failed: ${where}`);
    // results.csv too: its reason in an error column, and no speed (not 0 steps/s) for a run that played nothing.
    const csv = readFileSync(join(out, readdirSync(out)[0]!, "results.csv"), "utf8").split("\r\n");
    expect(csv[0]).toMatch(/,steps_per_s,episodes,episodes_failed,ended_without_acting,status,run_dir,error$/);
    expect(csv[1]).toMatch(new RegExp(`^1,,,,,,,,,0,1,0,failed,gridworld-vgps-[^,]+,"${where.replaceAll('"', '""').replace(/[().]/g, "\\$&")}"$`));
  });
});

describe("a sweep's settings, counted one way whatever became of it", () => {
  it("counts the completed of those planned, then those stopped part-way or failed: stopped, killed, running, failed and listed alike", () => {
    const settings = { planned: 12, completed: 3, stopped: 1, failed: 0 };
    expect(sweepOutcomeInWords({ status: "stopped", settings })).toBe("Stopped: 3 of 12 settings completed (1 stopped part-way).");
    expect(sweepOutcomeInWords({ status: "killed", settings })).toBe("Killed: 3 of 12 settings completed (1 stopped part-way); its process ended without a word (kill -9, a crash).");
    expect(sweepOutcomeInWords({ status: "running", settings })).toBe("Running: 3 of 12 settings completed (1 stopped part-way).");
    expect(sweepSettingsInWords({ settings }, "")).toBe("3 of 12 completed (1 stopped part-way)");
    expect(sweepSettingsInWords({ settings: { ...settings, completed: 12, stopped: 0 } })).toBe("12 settings");
  });
});

describe("a sweep's chart", () => {
  const rate = (value: number) => ({ value, low: value - 0.1, high: value + 0.1 });
  const onnx = { done: "done", encoding: "flat", kind: "onnx", path: "../assets/models/pointmass-dynamics.onnx", reward: "reward" };
  const models = [{ kind: "simulator" }, onnx];
  const points = models.map((model): SweepPointResult => ({ values: { "rollout.model": model }, runDir: "", status: "completed", episodes: 6, successRate: rate(0.5), meanReturn: rate(1), meanLength: rate(5), stepsPerSecond: 1 }));
  const base = completedSweep([{ key: "rollout.model", values: models }], points, 6);

  it("cuts a long JSON x value short, what it is first, with the whole value in its tooltip", () => {
    const svg = sweepChartSvg(base);
    expect(svg).toContain(`text-anchor="middle"><title>${escaped(JSON.stringify(onnx))}</title>${escaped('{"kind":"onnx",…}')}</text>`);
    expect(svg).toContain(`text-anchor="middle">${escaped('{"kind":"simulator"}')}</text>`);
  });

  it("says no setting has finished, rather than charting an empty mean return, while none has or where every one failed", () => {
    const running = sweepChartSvg({ ...base, status: "running", settings: { ...base.settings, completed: 0 }, points: [] });
    expect(running).toContain("<title>p: no setting has finished yet</title>");
    expect(running).not.toContain("mean return");
    const failed = sweepChartSvg({ ...base, status: "failed", settings: { ...base.settings, completed: 0, failed: 2 }, points: base.points.map((point) => ({ ...point, status: "failed" as const, episodes: 0, successRate: rate(NaN), meanReturn: rate(NaN) })) });
    expect(failed).toContain("<title>p: no setting finished</title>");
    expect(failed).toContain(">2 failed (not drawn)</text>");
    expect(failed).not.toContain("mean return");
  });
});

const escaped = (text: string) => text.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");
