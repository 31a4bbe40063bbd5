import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { sweepChartSvg } from "../host/sweep/chart.js";
import type { SweepPointResult, SweepRecord } from "../protocol/index.js";
import { foresightAsync, tempDir, writeExampleVariant } from "./fixtures/foresight-process.js";
import { completedSweep } from "./fixtures/sweep-record.js";

/** `foresight sweep` with `args` into a fresh folder, one setting at a time: its exit, stderr, and the sweep folder's files. */
async function sweep(...args: string[]) {
  const out = tempDir("sweep-left-out");
  const run = await foresightAsync("sweep", ...args, "--workers", "1", "--out", out);
  const dir = join(out, readdirSync(out)[0]!);
  const read = (name: string) => readFileSync(join(dir, name), "utf8");
  return { code: run.code, stderr: run.stderr, record: JSON.parse(read("sweep.json")) as SweepRecord, markdown: read("results.md"), csv: read("results.csv").split("\r\n"), chart: read("chart.svg") };
}

/** The lines of a chart's note under its title. */
const noteLines = (svg: string) => [...svg.matchAll(/<text x="64" y="\d+" fill="#555">([^<]*)<\/text>/g)].map((match) => match[1]!.replaceAll("&quot;", '"'));

// A setting whose node failed at half its episodes (onNodeError endEpisode) read "5 | 100.0% | completed", as if nothing had.
describe("a sweep whose setting has failed episodes", () => {
  it("says they are left out of its figures: in results.md, results.csv, the chart's note and on stderr, as `foresight run` does", async () => {
    const kind = resolve("dist/test/fixtures/kinds/throw-every/index.js");
    const file = writeExampleVariant("gridworld-vgps", tempDir("sweep-throw-every"), "throw-every", (doc) => {
      doc.nodes.push({ id: "mine", kind: "throw-every", params: {}, position: { x: 0, y: 0 } });
      doc.edges = doc.edges.map((edge: { from: string; to: string }) => (edge.from === "q.candidates" && edge.to === "risk.candidates" ? { from: "mine.candidates", to: edge.to } : edge));
      doc.edges.push({ from: "q.candidates", to: "mine.candidates" });
    });
    const { code, stderr, record, markdown, csv, chart } = await sweep(file, "--kinds", kind, "--set", "mine.every=2,1000", "--episodes", "10");
    expect(code, stderr).toBe(0);
    expect(record.points.map((point) => [point.episodes, point.episodesFailed])).toEqual([[5, 5], [9, 1]]);
    expect(markdown).toMatch(/\n\| 2 \| 5 of 10 \(5 failed\) \| 100\.0% .* \| completed \|\n/);
    expect(csv[0]).toMatch(/,episodes,episodes_failed,ended_without_acting,status,run_dir,error$/);
    expect(csv[1]).toMatch(/^2,.*,5,5,0,completed,/);
    expect(noteLines(chart)).toEqual(["failed episodes left out of: mine.every=2 (5 of 10), mine.every=1000 (1 of 10)"]);
    expect(stderr).toContain('foresight: setting mine.every=2: 5 of 10 episodes failed and are left out of the figures; the first: node "mine" (throw-every) at episode 0, step 0: boom at episode 0\n');
  });
});

// A setting whose every episode ended without acting read "–" and was missing from the chart, with no word why.
describe("a sweep whose setting never acted", () => {
  it("says so in its row and in the chart's note, and passes on its run's notes per setting", async () => {
    const { code, stderr, markdown, csv, chart } = await sweep("examples/pointmass-rawmpc.foresight.json", "--set", "risk.fallback=end-episode", "--set", "risk.max=0.001,1", "--episodes", "6");
    expect(code, stderr).toBe(0);
    expect(markdown).toContain("| 0.001 | 6 | – (6 of 6 ended without acting) |");
    expect(csv[1]).toMatch(/^0\.001,.*,6,0,6,completed,/);
    expect(noteLines(chart)).toEqual(["not drawn: risk.max=0.001 (6 of 6 ended without acting)"]);
    expect(stderr).toContain('foresight: setting risk.max=0.001: node "risk": every candidate was filtered at 6 of 6 steps (100.0');
    expect(stderr).toContain("foresight: setting risk.max=0.001: 6 of 6 episodes ended without acting, the first at episode 0, step 0: every candidate was filtered");
  });

  it("names a few settings it could not draw and counts the rest, on lines that fit the chart", () => {
    const none = { value: null, low: null, high: null };
    const rate = { value: 0.5, low: 0.4, high: 0.6 };
    const values = [1, 2, 3, 4, 5, 6];
    const points = values.map((value): SweepPointResult => ({
      values: { "risk.max": value },
      runDir: `r${value}`,
      status: "completed",
      episodes: 4,
      ...(value < 6 ? { successRate: none, endedWithoutActing: 4 } : { successRate: rate }),
      meanReturn: rate,
      meanLength: rate,
      stepsPerSecond: 1,
    }));
    const record = completedSweep([{ key: "risk.max", values }], points, 4);
    expect(noteLines(sweepChartSvg(record))).toEqual([
      "not drawn: risk.max=1 (4 of 4 ended without acting), risk.max=2 (4 of 4 ended without acting), risk.max=3 (4",
      "of 4 ended without acting), and 2 more",
    ]);
  });
});
