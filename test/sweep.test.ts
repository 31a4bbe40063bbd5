import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SweepFolders } from "../host/editor-api/sweep-folders.js";
import { sweepChartSvg } from "../host/sweep/chart.js";
import { checkGridSize, expandGrid, sweepAxes } from "../host/sweep/grid.js";
import { readSweepFolder } from "../host/sweep/sweep-folder.js";
import { sweepCsv, sweepMarkdown } from "../host/sweep/tables.js";
import type { RunSummary, SweepListing, SweepPointResult, SweepRecord } from "../protocol/index.js";
import { BIN, foresight, foresightAsync, tempDir } from "./fixtures/foresight-process.js";
import { completedSweep } from "./fixtures/sweep-record.js";

describe("a sweep's grid", () => {
  it("splits values at top-level commas, keeping JSON values whole, reads each as run reads a --set, and crosses the axes first-slowest", () => {
    const axes = sweepAxes(["sampler.n=4,8", 'risk.keepTopK={"k":3,"by":"q"}', 'x.labels=["a,b"],[]']);
    expect(axes).toEqual([
      { key: "sampler.n", texts: ["4", "8"], values: [4, 8] },
      { key: "risk.keepTopK", texts: ['{"k":3,"by":"q"}'], values: [{ k: 3, by: "q" }] },
      { key: "x.labels", texts: ['["a,b"]', "[]"], values: [["a,b"], []] },
    ]);
    expect(expandGrid(axes)[1]!.values).toEqual({ "sampler.n": 4, "risk.keepTopK": { k: 3, by: "q" }, "x.labels": [] });
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

  it("keeps text that is not JSON as text, and refuses a value given twice as the run reads it (4 and 4.0)", () => {
    expect(sweepAxes(["policy.model=a.onnx,16"])[0]!.values).toEqual(["a.onnx", 16]);
    expect(() => sweepAxes(["sampler.n=4,8,4.0"])).toThrow("--set sampler.n=4,8,4.0: the value 4 is given twice (as 4 and 4.0)");
  });

  it("refuses a grid of more than 10,000 settings, naming each axis's size, without enumerating it", () => {
    const values = (count: number) => Array.from({ length: count }, (_, i) => i + 1).join(",");
    const huge = sweepAxes([`sampler.n=${values(1000)}`, `sampler.temperature=${values(1000)}`, `sampler.topK=${values(100)}`]);
    expect(() => checkGridSize(huge)).toThrow(
      "sampler.n 1,000 × sampler.temperature 1,000 × sampler.topK 100 = 100,000,000 settings; at most 10,000 in one sweep (give fewer values, or split the grid into several sweeps)",
    );
    expect(() => checkGridSize(sweepAxes([`sampler.n=${values(100)}`, `sampler.temperature=${values(100)}`]))).not.toThrow();
  });
});

/** A completed sweep of `nx` × `ny` settings, each with a success rate somewhere in the middle. */
function grid(nx: number, ny: number): SweepRecord {
  const rate = (value: number) => ({ value, low: value - 0.05, high: value + 0.05 });
  const xs = Array.from({ length: nx }, (_, i) => (i + 1) / 10);
  const ys = Array.from({ length: ny }, (_, j) => j + 1);
  const points = xs.flatMap((x) =>
    ys.map((y): SweepPointResult => ({ values: { "sampler.temperature": x, "sampler.n": y }, runDir: "", status: "completed", episodes: 2, successRate: rate(0.2 + x / 10 + y / 100), meanReturn: rate(0), meanLength: rate(5), stepsPerSecond: 1 })),
  );
  const axes = [
    { key: "sampler.temperature", values: xs },
    { key: "sampler.n", values: ys },
  ];
  return completedSweep(axes, points, 2);
}

describe("a sweep's tables and chart", () => {
  const estimate = (value: number | null) => ({ value, low: value === null ? null : value - 0.1, high: value === null ? null : value + 0.1 });
  const record: SweepRecord = {
    version: 1,
    pipeline: "p",
    file: "p.foresight.json",
    startedAt: "2026-12-01T00:00:00.000Z",
    status: "failed",
    settings: { planned: 2, completed: 1, stopped: 0, failed: 1 },
    episodes: 10,
    seed: 1,
    axes: [
      { key: "sampler.n", values: [4, 8] },
      { key: "risk.max", values: [0.1] },
    ],
    points: [
      { values: { "sampler.n": 4, "risk.max": 0.1 }, runDir: "a", status: "completed", episodes: 10, successRate: estimate(0.5), meanReturn: estimate(0.2), meanLength: estimate(9), stepsPerSecond: 1234.5 },
      { values: { "sampler.n": 8, "risk.max": 0.1 }, runDir: "", status: "failed", episodes: 0, successRate: estimate(null), meanReturn: estimate(null), meanLength: estimate(null), stepsPerSecond: 0, error: "node q | broke" },
    ],
  };

  it("writes one row per setting, the swept keys as columns, the episodes its figures are over, and the fixed keys and failures in the caption", () => {
    const markdown = sweepMarkdown(record);
    expect(markdown).toContain("fixed: `risk.max=0.1`");
    expect(markdown).toContain("**Failed: 1 of 2 settings completed (1 failed).**");
    expect(markdown).toContain("| `sampler.n` | episodes | success rate (95% CI) |");
    expect(markdown).toContain("| 4 | 10 | 50.0% [40.0%, 60.0%] | 0.200 [0.100, 0.300] | 9.0 | 1,235 | completed |");
    expect(markdown).toContain("| 8 | 0 of 10 | – | – | – | – | failed: node q \\| broke |");
    const csv = sweepCsv(record).split("\r\n");
    expect(csv[0]).toBe("sampler.n,success_rate,success_low,success_high,mean_return,return_low,return_high,mean_length,steps_per_s,episodes,episodes_failed,ended_without_acting,status,run_dir,error");
    expect(csv[1]).toBe("4,0.5,0.4,0.6,0.2,0.1,0.30000000000000004,9,1234.5,10,0,0,completed,a,");
    expect(csv[2]).toBe("8,,,,,,,,,0,0,0,failed,,node q | broke");
  });

  it("draws a point with its interval for each setting that finished, and names the axis", () => {
    const svg = sweepChartSvg(record);
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg).toContain("<title>sampler.n=4, risk.max=0.1: 50.0% [40.0%, 60.0%]</title>");
    expect(svg).toContain(">sampler.n</text>");
    expect(svg).toContain(">1 failed (not drawn)</text>");
  });

  it("marks a sweep stopped part-way: how many of its settings ran, and the settings whose figures are over fewer episodes, hollow", () => {
    const stopped: SweepRecord = {
      ...record,
      status: "stopped",
      settings: { planned: 6, completed: 1, stopped: 1, failed: 0 },
      points: [record.points[0]!, { ...record.points[0]!, values: { "sampler.n": 8, "risk.max": 0.1 }, status: "stopped", episodes: 4 }],
    };
    const markdown = sweepMarkdown(stopped);
    expect(markdown).toContain("**Stopped: 1 of 6 settings completed (1 stopped part-way).**");
    expect(markdown).toContain("| 8 | 4 of 10 | 50.0% [40.0%, 60.0%] |");
    const svg = sweepChartSvg(stopped);
    expect(svg).toContain(">stopped: 1 of 6 settings completed (1 stopped part-way); hollow: 1 stopped part-way, over fewer episodes</text>");
    expect(svg.match(/fill="#fff"[^>]*><title>[^<]*/g)).toEqual(['fill="#fff" stroke="#4e79a7" stroke-width="1.5"><title>sampler.n=8, risk.max=0.1: 50.0% [40.0%, 60.0%] (stopped part-way: 4 of 10 episodes)']);
  });

  it("keeps a chart of many values readable: x labels that fit, a legend that says how many it leaves out, no two series alike", () => {
    const many = grid(30, 30);
    const svg = sweepChartSvg(many);
    const xLabels = [...svg.matchAll(/<text x="([\d.]+)" y="382" text-anchor="middle">([^<]*)</g)];
    expect(xLabels.length).toBeGreaterThan(5);
    expect(xLabels.length).toBeLessThan(30);
    // Side by side, with room between them (the widest, "0.1", is three characters of about 7 px).
    const xs = xLabels.map((label) => Number(label[1]));
    expect(Math.min(...xs.slice(1).map((x, i) => x - xs[i]!))).toBeGreaterThan(3 * 7 + 8);
    // As many in colour as the legend holds under its heading, evenly spaced; past the 10 colours, the next round has its own dash and marker.
    expect(svg).toContain('font-weight="bold">sampler.n</text>');
    expect([...svg.matchAll(/<text x="[\d.]+" y="[\d.]+">(\d+)<\/text>/g)].map((entry) => entry[1])).toEqual(["1", "3", "5", "8", "10", "12", "14", "17", "19", "21", "23", "26", "28", "30"]);
    expect(svg).toContain(">and 16 more (grey)</text>");
    const styles = [...svg.matchAll(/<polyline points="[^"]*" fill="none" stroke="(#[0-9a-f]{6})" stroke-width="2"( stroke-dasharray="[^"]*")?\/>/g)].map((line) => line[1]! + (line[2] ?? ""));
    expect(styles).toHaveLength(14);
    expect(new Set(styles).size).toBe(14);
    expect(svg.match(/<polyline [^>]*stroke="#c8c8c8"/g)).toHaveLength(16);
  });

  it("reads a sweep.json written before sweeps said how they ended: its status and settings counted from its points", () => {
    const runs = tempDir("sweep-old");
    const dir = join(runs, "p-sweep-20261201-000000-000");
    mkdirSync(dir);
    const { status: _status, settings: _settings, ...old } = record;
    const text = (points: SweepPointResult[]) => points.map((point) => ({ ...point, values: { "sampler.n": String(point.values["sampler.n"]), "risk.max": "0.1" } }));
    writeFileSync(join(dir, "sweep.json"), JSON.stringify({ ...old, axes: [{ key: "sampler.n", values: ["4", "8", "16"] }], points: text(record.points) }));
    const read = readSweepFolder(dir, dir).record;
    expect([read.status, read.settings]).toEqual(["stopped", { planned: 3, completed: 1, stopped: 0, failed: 1 }]);
    expect(sweepMarkdown(read)).toContain("| 4 | 10 | 50.0% [40.0%, 60.0%] |");
    const [listed] = new SweepFolders({ runsDirs: () => [runs], resolve: (path) => path, clientPath: (path) => path }).list();
    expect(listed).toMatchObject<Partial<SweepListing>>({ status: "stopped", points: 2, settings: { planned: 3, completed: 1, stopped: 0, failed: 1 } });
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
    expect(markdown).toContain("| 4 | 10 | – | -402.2 [-854.4, 50.0] |");
    expect(markdown).toContain("| 8 | 0 | – | -100.4 [-283.1, 82.2] |");
    expect(sweepChartSvg(returns)).toContain("<title>sampler.n=4, risk.max=0.1: -402.2 [-854.4, 50.0]</title>");
  });
});

describe("foresight sweep", () => {
  it("runs every setting, and each equals `foresight run` with the same --set and seed", async () => {
    const out = tempDir("sweep");
    const sweep = await foresightAsync("sweep", "examples/gridworld-vgps.foresight.json", "--set", "sampler.n=1,16", "--episodes", "40", "--seed", "3", "--out", out, "--json");
    expect(sweep.code, sweep.stderr).toBe(0);
    const { sweepDir, ...record } = JSON.parse(sweep.stdout) as SweepRecord & { sweepDir: string };
    expect(record.points.map((point) => point.values)).toEqual([{ "sampler.n": 1 }, { "sampler.n": 16 }]);
    expect([record.status, record.settings]).toEqual(["completed", { planned: 2, completed: 2, stopped: 0, failed: 0 }]);
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

  it("refuses a grid of more than 10,000 settings at once, with its size per axis (exit 2, nothing written)", async () => {
    const out = tempDir("sweep-huge");
    const values = (count: number) => Array.from({ length: count }, (_, i) => i + 1).join(",");
    const started = Date.now();
    const sweep = await foresightAsync("sweep", "examples/gridworld-vgps.foresight.json", "--set", `sampler.n=${values(1000)}`, "--set", `sampler.temperature=${values(1000)}`, "--set", `sampler.topK=${values(100)}`, "--out", out);
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toBe("foresight: sampler.n 1,000 × sampler.temperature 1,000 × sampler.topK 100 = 100,000,000 settings; at most 10,000 in one sweep (give fewer values, or split the grid into several sweeps)\n");
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(readdirSync(out)).toEqual([]);
  });

  it("refuses an --out it cannot write into as run does: one line naming the flag, exit 2", () => {
    const sweep = foresight("sweep", "examples/gridworld-vgps.foresight.json", "--set", "sampler.n=1,4", "--episodes", "2", "--out", "/proc/no-such-folder");
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toBe("foresight: --out /proc/no-such-folder: cannot make the folder /proc/no-such-folder: the file system does not let a folder be made there\n");
  });

  it("says what it will run, and a sweep stopped with Ctrl+C says how far it got: in sweep.json, results.md and foresight runs", async () => {
    const out = tempDir("sweep-stopped");
    const child = spawn(process.execPath, [BIN, "sweep", "examples/gridworld-vgps.foresight.json", "--set", "sampler.n=1,4,16", "--episodes", "100000", "--trace", "off", "--workers", "1", "--out", out], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    // Until the first setting's run has finished a few episodes (its trace, at level off, still has their ends).
    const deadline = Date.now() + 30_000;
    const episodesEnded = () => {
      const [sweep] = readdirSync(out);
      const [run] = sweep ? readdirSync(join(out, sweep)) : [];
      const trace = run ? join(out, sweep!, run, "trace.jsonl") : "";
      return trace && existsSync(trace) ? readFileSync(trace, "utf8").split('"episode.end"').length - 1 : 0;
    };
    while (Date.now() < deadline && episodesEnded() < 3) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGINT");
    expect(await exited).toBe(1);
    expect(stderr).toMatch(/^sweep: 3 settings × 100,000 episodes = 300,000 episodes, 1 setting at a time\n/);
    expect(stderr).toMatch(/sweep stopped: 0 of 3 settings completed \(1 stopped part-way\)/);
    const [sweepDir] = readdirSync(out);
    const record = JSON.parse(readFileSync(join(out, sweepDir!, "sweep.json"), "utf8")) as SweepRecord;
    expect([record.status, record.settings]).toEqual(["stopped", { planned: 3, completed: 0, stopped: 1, failed: 0 }]);
    const partial = record.points[0]!;
    expect(partial.episodes).toBeGreaterThan(0);
    expect(partial.episodes).toBeLessThan(100_000);
    const markdown = readFileSync(join(out, sweepDir!, "results.md"), "utf8");
    expect(markdown).toContain("**Stopped: 0 of 3 settings completed (1 stopped part-way).**");
    expect(markdown).toContain(`| ${partial.episodes} of 100,000 |`);
    expect(readFileSync(join(out, sweepDir!, "chart.svg"), "utf8")).toContain('fill="#fff" stroke="#4e79a7"');
    const listed = foresight("runs", out);
    expect(listed.stdout).toMatch(new RegExp(`^sweep folder\\s+pipeline\\s+status\\s+settings\\s+swept\\s+started\n${join(out, sweepDir!)}\\s+gridworld-vgps\\s+stopped\\s+0 of 3 completed \\(1 stopped part-way\\)\\s+sampler\\.n\\s+\\d{4}-`));
  }, 60_000);
});
