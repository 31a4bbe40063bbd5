import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { chromium as playwright } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { formatPoints, formatRate } from "../protocol/format-estimate.js";
import type { RunSummary } from "../protocol/run-events.js";
import { CHROMIUM, chromium, needs } from "./fixtures/requirements.js";

// `foresight report` as users run it: the compiled bin on run folders the CLI made.
const BIN = join(process.cwd(), "bin/foresight.js");
const out = mkdtempSync(join(tmpdir(), "foresight-report-"));

function foresight(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function run(example: string): string {
  const before = new Set(readdirSync(out));
  const result = foresight("run", `examples/${example}.foresight.json`, "-n", "20", "--trace", "steps", "-q", "--out", out);
  expect(result.code, result.stderr).toBe(0);
  return join(out, readdirSync(out).find((name) => !before.has(name))!);
}

let baseline: string;
let method: string;
beforeAll(() => {
  baseline = run("gridworld-policy-only");
  method = run("gridworld-vgps");
}, 60_000);

const summaryOf = (runDir: string) => JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")) as RunSummary;

describe("foresight report", () => {
  it("writes one offline HTML file: both runs' figures and B − A with intervals, the pipeline, the episode's every step", () => {
    const file = join(out, "report.html");
    const result = foresight("report", method, "--baseline", baseline, "--episode", "3", "--out", file);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`report: ${file}\n`);
    const html = readFileSync(file, "utf8");
    // Self-contained: nothing to fetch, nothing to run.
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    const [a, b] = [summaryOf(baseline), summaryOf(method)];
    expect(html).toContain(formatRate(b.successRate));
    expect(html).toContain(formatRate(a.successRate));
    expect(b.successRate.value!).toBeGreaterThan(a.successRate.value!);
    expect(html).toMatch(/difference \(this − baseline\)/);
    expect(html).not.toContain("different worlds");
    expect(html).toContain(formatPoints({ value: b.successRate.value! - a.successRate.value!, low: null, high: null }).split(" [")[0]!);
    const copy = JSON.parse(readFileSync(join(method, "pipeline.foresight.json"), "utf8")) as { nodes: unknown[]; edges: unknown[] };
    expect(html).toContain(`aria-label="The pipeline: ${copy.nodes.length} nodes, ${copy.edges.length} edges"`);
    const steps = readFileSync(join(method, "trace.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; episode?: number })
      .filter((event) => event.type === "step.end" && event.episode === 3).length;
    const episodeSection = html.slice(html.indexOf("<h2>Episode 3</h2>"), html.indexOf("<h2>Cost</h2>"));
    expect(episodeSection.match(/<tr><td class="num">/g)?.length).toBe(steps);
    // Actions by the action space's names where it has them (GridWorld's moves), as the step view shows them.
    const actions = [...episodeSection.matchAll(/<td><code>([^<]*)<\/code><\/td>/g)].map((m) => m[1]);
    expect(actions).toHaveLength(steps);
    for (const action of actions) expect(action).toMatch(/^[0-3] \((up|right|down|left)\)$/);
    // What the nodes noted, as the Dashboard lists it.
    expect(html).toContain(`<section><h2>Notes from the nodes</h2><ul><li><code>dataset</code>: 20 episodes written to ${join(method, "dataset")}</li></ul></section>`);
  });

  it("says when the baseline acted in another world: the difference is then not the pipelines' alone", () => {
    const file = join(out, "other-world.html");
    const result = foresight("report", method, "--baseline", run("cartpole-policy-only"), "--out", file);
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(file, "utf8").replaceAll("&quot;", '"');
    expect(text).toContain(`<p>This run and the baseline act in different worlds (their environments' name: "gridworld" and "cartpole"), so the difference is not the pipelines' alone.</p>`);
    // CartPole reports no success: the success chart draws this run alone (it drew the baseline as a line of made-up 0 %).
    const successChart = text.slice(text.indexOf("Success rate so far"), text.indexOf("</svg>", text.indexOf("Success rate so far")));
    expect(successChart).toContain("gridworld-vgps");
    expect(successChart).not.toContain("cartpole-policy-only");
  });

  it("names CartPole's pushes and shortens a continuous action's numbers, as the step view does", () => {
    const actionsOf = (runDir: string) => {
      const result = foresight("report", runDir, "--episode", "0");
      expect(result.code, result.stderr).toBe(0);
      const html = readFileSync(join(runDir, "report.html"), "utf8");
      return [...html.matchAll(/<td><code>([^<]*)<\/code><\/td>/g)].map((m) => m[1]!);
    };
    const pushes = actionsOf(run("cartpole-vgps"));
    expect(pushes.length).toBeGreaterThan(5);
    for (const action of pushes) expect(action).toMatch(/^[01] \(push (left|right)\)$/);
    const torques = actionsOf(run("pendulum-policy-only"));
    expect(torques.length).toBeGreaterThan(5);
    // [u] with u in [−2, 2] at 4 significant digits at most: [-1.859], [0.08486], [2].
    for (const action of torques) {
      const [u] = JSON.parse(action) as [number];
      expect(Math.abs(u)).toBeLessThanOrEqual(2);
      expect(u).toBe(Number(u.toPrecision(4)));
    }
    expect(torques.some((action) => action.includes("."))).toBe(true);
  });

  it("draws a pipeline written without positions in a row, as the editor opens it, not every node on one spot", () => {
    const doc = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8")) as { nodes: Record<string, unknown>[] };
    for (const node of doc.nodes) delete node["position"];
    const file = join(out, "unplaced.foresight.json");
    writeFileSync(file, JSON.stringify(doc));
    const runs = join(out, "unplaced-runs");
    expect(foresight("run", file, "-n", "2", "-q", "--out", runs).code).toBe(0);
    const runDir = join(runs, readdirSync(runs)[0]!);
    // The run's copy keeps them absent (no invented 0, 0 for each).
    expect(readFileSync(join(runDir, "pipeline.foresight.json"), "utf8")).not.toContain('"position"');
    const report = join(out, "unplaced.html");
    expect(foresight("report", runDir, "--out", report).code).toBe(0);
    const boxes = [...readFileSync(report, "utf8").matchAll(/<rect x="(-?[\d.]+)" y="(-?[\d.]+)"/g)].map((m) => `${m[1]},${m[2]}`);
    expect(boxes).toHaveLength(doc.nodes.length);
    expect(new Set(boxes).size).toBe(doc.nodes.length);
  });

  it("opens in a browser: summary, curves and pipeline by their names", { ...needs(chromium()), timeout: 30_000 }, async () => {
    const file = foresight("report", method, "--baseline", baseline).stdout.replace(/^report: /, "").trim();
    expect(file).toBe(join(method, "report.html"));
    const browser = await playwright.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`file://${file}`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("gridworld-vgps");
      expect(await page.getByRole("img", { name: "Success rate so far" }).isVisible()).toBe(true);
      expect(await page.getByRole("img", { name: /^The pipeline/ }).isVisible()).toBe(true);
      expect(await page.getByRole("row", { name: /success rate/ }).textContent()).toContain("pts");
    } finally {
      await browser.close();
    }
  });

  it("of a run whose every episode failed: no curves of made-up zeros, and the episode says how it failed, not that the trace is off", () => {
    const before = new Set(readdirSync(out));
    const failing = ["--set", "policy.baseUrl=http://127.0.0.1:9/v1", "--set", "policy.maxRetries=0", "--set", "policy.cache=off"];
    const result = foresight("run", "examples/gridworld-llm.foresight.json", "-n", "2", "--trace", "steps", "-q", "--out", out, ...failing);
    expect(result.stderr).toMatch(/every episode failed/);
    const failed = join(out, readdirSync(out).find((name) => !before.has(name))!);
    const file = join(out, "failed.html");
    expect(foresight("report", failed, "--out", file).code).toBe(0);
    const html = readFileSync(file, "utf8");
    expect(html).toContain("<h2>Curves</h2><p>No episode completed.</p>");
    expect(html).not.toContain("this world reports no success");
    expect(html).toMatch(/<h2>Episode 0<\/h2><p class="muted">failed after 0 steps: node &quot;policy&quot; \(policy\) at episode 0, step 0: request to http:\/\/127\.0\.0\.1:9\/v1\/chat\/completions .*failed: Connection error \(bad port\): is a server listening at http:\/\/127\.0\.0\.1:9\/v1\?<\/p><p>No step of it ended\.<\/p>/);
    expect(html).not.toContain("trace level “off”");
  });

  it("refuses an --out that is not a file it can write, naming it, and leaves what is there (it renamed the report over it: --out /dev/null replaced the device)", () => {
    const fifo = join(out, "pipe.html");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    expect(foresight("report", method, "--out", fifo)).toEqual({ code: 2, stdout: "", stderr: `foresight: --out ${fifo}: ${fifo} is a named pipe, not a file to write\n` });
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(foresight("report", method, "--out", out)).toEqual({ code: 2, stdout: "", stderr: `foresight: --out ${out}: ${out} is a folder, not a file to write\n` });
    const missing = join(out, "missing", "report.html");
    expect(foresight("report", method, "--out", missing)).toEqual({ code: 2, stdout: "", stderr: `foresight: --out ${missing}: the folder ${join(out, "missing")} does not exist\n` });
    // Root may write into /proc by its permissions, yet no file can be made there: the error names the file asked for, not the temporary one.
    const virtual = foresight("report", method, "--out", "/proc/report.html");
    expect(virtual.code).toBe(2);
    expect(virtual.stderr).toMatch(/^foresight: --out \/proc\/report\.html: cannot make a file in \/proc: [^\n]+\n$/);
  });

  it("reports a run killed before its summary over the episodes its trace holds, saying so", () => {
    const killed = run("gridworld-vgps");
    const summary = summaryOf(killed);
    rmSync(join(killed, "summary.json"));
    const file = join(out, "killed.html");
    expect(foresight("report", killed, "--out", file).code).toBe(0);
    const html = readFileSync(file, "utf8");
    expect(html).toContain("killed (no summary)");
    expect(html).toContain("has no summary.json: it was killed.");
    expect(html).toContain(`Its figures are over the ${summary.episodes} episodes its trace holds of ${summary.episodesRequested}.`);
    // The same figures the summary had: they come from the same episodes.
    expect(html).toContain(formatRate(summary.successRate));

    // While another process still plays it (its running.json names a live process), the report says which.
    const player = spawn("sleep", ["60"]);
    try {
      writeFileSync(join(killed, "running.json"), JSON.stringify({ pid: player.pid, host: hostname(), started: new Date().toISOString() }));
      expect(foresight("report", killed, "--out", file).code).toBe(0);
      expect(readFileSync(file, "utf8")).toContain(`has no summary.json: it is still running in process ${player.pid}.`);
    } finally {
      player.kill("SIGKILL");
    }
  });

  it("refuses what is not a run folder, saying why (exit 2)", () => {
    expect(foresight("report", out)).toMatchObject({ code: 2, stderr: expect.stringContaining("is not a run folder") });
    expect(foresight("report", join(out, "nowhere"))).toMatchObject({ code: 2, stderr: expect.stringContaining("nowhere is not a run folder: there is no such folder") });
    const sweepOut = mkdtempSync(join(out, "sweeps-"));
    const sweep = foresight("sweep", "examples/gridworld-policy-only.foresight.json", "--set", "sampler.n=1,2", "--episodes", "2", "--out", sweepOut, "--trace", "off", "--json");
    const sweepDir = (JSON.parse(sweep.stdout) as { sweepDir: string }).sweepDir;
    expect(foresight("report", sweepDir)).toMatchObject({ code: 2, stderr: expect.stringContaining(`${sweepDir} is a sweep folder, not a run folder: report one of the runs inside it`) });
    expect(foresight("report", method, "--episode", "99")).toMatchObject({ code: 2, stderr: expect.stringMatching(/has no episode 99/) });
    expect(foresight("report", method, "--episode", "-1").code).toBe(2);
  }, 30_000);
});
