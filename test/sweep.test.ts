import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sweepChartSvg } from "../host/sweep/chart.js";
import { expandGrid, sweepAxes } from "../host/sweep/grid.js";
import { sweepCsv, sweepMarkdown } from "../host/sweep/tables.js";
import type { RunSummary, SweepRecord } from "../protocol/index.js";
import { foresight, foresightAsync, tempDir } from "./fixtures/foresight-process.js";

describe("a sweep's grid", () => {
  it("splits values at top-level commas, keeping JSON values whole, and crosses the axes first-slowest", () => {
    const axes = sweepAxes(["sampler.n=4,8", 'risk.keepTopK={"k":3,"by":"q"}', 'x.labels=["a,b"],[]']);
    expect(axes).toEqual([
      { key: "sampler.n", values: ["4", "8"] },
      { key: "risk.keepTopK", values: ['{"k":3,"by":"q"}'] },
      { key: "x.labels", values: ['["a,b"]', "[]"] },
    ]);
    expect(expandGrid(axes).map((point) => point.sets)).toEqual([
      ["sampler.n=4", 'risk.keepTopK={"k":3,"by":"q"}', 'x.labels=["a,b"]'],
      ["sampler.n=4", 'risk.keepTopK={"k":3,"by":"q"}', "x.labels=[]"],
      ["sampler.n=8", 'risk.keepTopK={"k":3,"by":"q"}', 'x.labels=["a,b"]'],
      ["sampler.n=8", 'risk.keepTopK={"k":3,"by":"q"}', "x.labels=[]"],
    ]);
  });

  it("refuses a key given twice, a value given twice, an empty value and a --set without a value", () => {
    expect(() => sweepAxes(["sampler.n=4", "sampler.n=8"])).toThrow("--set sampler.n is given twice");
    expect(() => sweepAxes(["sampler.n=4,8,4"])).toThrow("--set sampler.n=4,8,4: the value 4 is given twice");
    expect(() => sweepAxes(["sampler.n=4,,8"])).toThrow("an empty value");
    expect(() => sweepAxes(["sampler.n"])).toThrow("expected nodeId.param=value1,value2");
  });
});

describe("a sweep's tables and chart", () => {
  const estimate = (value: number | null) => ({ value, low: value === null ? null : value - 0.1, high: value === null ? null : value + 0.1 });
  const record: SweepRecord = {
    version: 1,
    pipeline: "p",
    file: "p.foresight.json",
    startedAt: "2026-12-01T00:00:00.000Z",
    episodes: 10,
    seed: 1,
    axes: [
      { key: "sampler.n", values: ["4", "8"] },
      { key: "risk.max", values: ["0.1"] },
    ],
    points: [
      { values: { "sampler.n": "4", "risk.max": "0.1" }, runDir: "a", status: "completed", episodes: 10, successRate: estimate(0.5), meanReturn: estimate(0.2), meanLength: estimate(9), stepsPerSecond: 1234.5 },
      { values: { "sampler.n": "8", "risk.max": "0.1" }, runDir: "", status: "failed", episodes: 0, successRate: estimate(null), meanReturn: estimate(null), meanLength: estimate(null), stepsPerSecond: 0, error: "node q | broke" },
    ],
  };

  it("writes one row per setting, the swept keys as columns and the fixed ones in the caption", () => {
    const markdown = sweepMarkdown(record);
    expect(markdown).toContain("fixed: `risk.max=0.1`");
    expect(markdown).toContain("| `sampler.n` | success rate (95% CI) |");
    expect(markdown).toContain("| 4 | 50.0% [40.0%, 60.0%] | 0.200 [0.100, 0.300] | 9.0 | 1,235 | completed |");
    expect(markdown).toContain("| 8 | – | – | – | 0 | failed: node q \\| broke |");
    const csv = sweepCsv(record).split("\r\n");
    expect(csv[0]).toBe("sampler.n,success_rate,success_low,success_high,mean_return,return_low,return_high,mean_length,steps_per_s,episodes,status,run_dir");
    expect(csv[1]).toBe("4,0.5,0.4,0.6,0.2,0.1,0.30000000000000004,9,1234.5,10,completed,a");
    expect(csv[2]).toBe("8,,,,,,,,0,0,failed,");
  });

  it("draws a point with its interval for each setting that finished, and names the axis", () => {
    const svg = sweepChartSvg(record);
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg).toContain("<title>sampler.n=4, risk.max=0.1: 50.0% [40.0%, 60.0%]</title>");
    expect(svg).toContain(">sampler.n</text>");
  });

  it("draws mean return where no setting's world says anything of success (Pendulum)", () => {
    const unsaid = { value: NaN, low: NaN, high: NaN };
    const returns = { ...record, points: record.points.map((point, i) => ({ ...point, successRate: unsaid, meanReturn: estimate(i === 0 ? -380 : -240) })) };
    const svg = sweepChartSvg(returns);
    expect(svg).toContain("<title>p: mean return over 10 episodes per setting</title>");
    expect(svg).toContain(">mean return (95% CI)</text>");
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg).toContain("<title>sampler.n=8, risk.max=0.1: -240.00 [-240.10, -239.90]</title>");
  });

  it("gives the mean returns of every setting one precision, as compare does, not three decimals of a return in the hundreds", () => {
    const unsaid = { value: NaN, low: NaN, high: NaN };
    const wide = [
      { value: -402.184, low: -854.407, high: 50.039 },
      { value: -100.411, low: -283.06, high: 82.238 },
    ];
    const returns = { ...record, points: record.points.map((point, i) => ({ ...point, status: "completed" as const, successRate: unsaid, meanReturn: wide[i]! })) };
    const markdown = sweepMarkdown(returns);
    expect(markdown).toContain("| 4 | – | -402.2 [-854.4, 50.0] |");
    expect(markdown).toContain("| 8 | – | -100.4 [-283.1, 82.2] |");
    expect(sweepChartSvg(returns)).toContain("<title>sampler.n=4, risk.max=0.1: -402.2 [-854.4, 50.0]</title>");
  });
});

describe("foresight sweep", () => {
  it("runs every setting, and each equals `foresight run` with the same --set and seed", async () => {
    const out = tempDir("sweep");
    const sweep = await foresightAsync("sweep", "examples/gridworld-vgps.foresight.json", "--set", "sampler.n=1,16", "--episodes", "40", "--seed", "3", "--out", out, "--json");
    expect(sweep.code, sweep.stderr).toBe(0);
    const { sweepDir, ...record } = JSON.parse(sweep.stdout) as SweepRecord & { sweepDir: string };
    expect(record.points.map((point) => point.values)).toEqual([{ "sampler.n": "1" }, { "sampler.n": "16" }]);
    for (const file of ["sweep.json", "results.md", "results.csv", "chart.svg"]) expect(existsSync(join(sweepDir, file))).toBe(true);
    const [one, sixteen] = record.points;
    // More samples, better pick: the intervals lie apart.
    expect(sixteen!.successRate.low).toBeGreaterThan(one!.successRate.high!);

    const single = await foresightAsync("run", "examples/gridworld-vgps.foresight.json", "--set", "sampler.n=16", "--episodes", "40", "--seed", "3", "--out", tempDir("single"), "--json", "--trace", "off");
    const summary = JSON.parse(single.stdout) as RunSummary;
    expect(sixteen!.successRate).toEqual(summary.successRate);
    expect(sixteen!.meanReturn).toEqual(summary.meanReturn);
    const pointSummary = JSON.parse(readFileSync(join(sweepDir, sixteen!.runDir, "summary.json"), "utf8")) as RunSummary;
    expect(pointSummary.episodes).toBe(40);
  });

  it("refuses a setting that does not validate before running any (exit 2, the setting named)", async () => {
    const out = tempDir("sweep-bad");
    const sweep = await foresightAsync("sweep", "examples/gridworld-vgps.foresight.json", "--set", "sampler.n=4,-1", "--episodes", "5", "--out", out);
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toMatch(/setting sampler\.n=-1: .*1 problem/);
    expect(readdirSync(out)).toEqual([]);
  });

  it("refuses a sweep with nothing to sweep (no --set), saying what to give", async () => {
    const out = tempDir("sweep-none");
    const sweep = await foresightAsync("sweep", "examples/gridworld-vgps.foresight.json", "--episodes", "5", "--out", out);
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toBe("foresight: nothing to sweep: give a setting and its values, e.g. --set sampler.n=4,8,16 (one run is foresight run)\n");
    expect(readdirSync(out)).toEqual([]);
  });

  it("refuses an --out it cannot write into as run does: one line naming the flag, exit 2", () => {
    const sweep = foresight("sweep", "examples/gridworld-vgps.foresight.json", "--set", "sampler.n=1,4", "--episodes", "2", "--out", "/proc/no-such-folder");
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toBe("foresight: --out /proc/no-such-folder: cannot make the folder /proc/no-such-folder: the file system does not let a folder be made there\n");
  });
});
