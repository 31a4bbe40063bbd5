import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunSummary } from "../protocol/run-events.js";
import { FIXTURES, PLAIN_PYTHON } from "./fixtures/external-env/python.js";
import { foresight, tempDir, type Finished } from "./fixtures/foresight-process.js";
import { uniformPolicyPipeline } from "./fixtures/pipelines.js";

/**
 * A world whose rewards are each finite (1e308) but whose episodes' returns overflow to Infinity, which the
 * trace writes as null: overflowing_reward_env.py overflows the episodes reset with an even seed.
 */
let out: string;
let runDir: string;
let run: Finished;
beforeAll(() => {
  out = tempDir("report-not-finite");
  const file = join(out, "overflow.foresight.json");
  const env = { name: "process", command: [PLAIN_PYTHON, "overflowing_reward_env.py"], cwd: FIXTURES };
  writeFileSync(file, JSON.stringify(uniformPolicyPipeline("overflow", env, { episodes: 6, seed: 3, maxSteps: 10, trace: "steps" }, 1)));
  run = foresight("run", file, "--out", out);
  expect(run.code, run.stderr).toBe(0);
  runDir = join(out, readdirSync(out).find((name) => name.startsWith("overflow-"))!);
}, 60_000);

/** The episodes whose return the trace holds as null, and the others' returns. */
function tracedReturns(): { notFinite: number[]; finite: number[] } {
  const ends = readFileSync(join(runDir, "trace.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.includes('"type":"episode.end"'))
    .map((line) => JSON.parse(line) as { episode: number; return: number | null });
  return { notFinite: ends.filter((e) => e.return === null).map((e) => e.episode), finite: ends.flatMap((e) => (e.return === null ? [] : [e.return])) };
}

describe("a run whose episodes' returns overflow", () => {
  it("says which episodes it left out of the mean return, and takes the mean over the others", () => {
    const { notFinite, finite } = tracedReturns();
    expect(notFinite.length).toBeGreaterThan(0);
    expect(finite.length).toBeGreaterThan(0);
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")) as RunSummary;
    expect(summary.meanReturn.value).toBe(finite.reduce((a, b) => a + b, 0) / finite.length);
    expect(run.stderr).toContain(`foresight: node "env": ${notFinite.length === 1 ? "episode" : "episodes"} ${notFinite[0]}`);
    expect(run.stderr).toContain(`: return not finite (the rewards added up past ±1.8e308 to ±Infinity, or to NaN): left out of the mean return; the mean return is over the other ${finite.length} completed episodes\n`);
  });

  it("foresight report writes its report: the return shown as not finite, the episode left out of the return curve, with a note", () => {
    const { notFinite, finite } = tracedReturns();
    const file = join(out, "report.html");
    const result = foresight("report", runDir, "--episode", String(notFinite[0]), "--out", file);
    expect(result.code, result.stderr).toBe(0);
    const html = readFileSync(file, "utf8");
    expect(html).toContain(`<h2>Episode ${notFinite[0]}</h2><p class="muted">did not succeed · return not finite (overflowed to ±Infinity, or NaN) · 4 steps</p>`);
    expect(html).toMatch(/<p>This run's episodes? [\d–, ]+: return not finite \(its rewards overflowed to ±Infinity, or NaN\): left out of the return curve and the mean return\.<\/p>/);
    const returnCurve = html.slice(html.indexOf('aria-label="Return'), html.indexOf("</svg>", html.indexOf('aria-label="Return')));
    const points = returnCurve.match(/<polyline points="([^"]+)"/g)!.join(" ").match(/\d+(\.\d+)?,\d+(\.\d+)?/g)!;
    expect(points).toHaveLength(finite.length);
    expect(returnCurve).not.toMatch(/NaN|Infinity/);
  });

  it("a run whose every return overflowed has no return curve, and says why", () => {
    const file = join(out, "all.html");
    const trace = join(runDir, "trace.jsonl");
    writeFileSync(trace, readFileSync(trace, "utf8").replace(/"return":[\d.]+/g, '"return":null'));
    const result = foresight("report", runDir, "--out", file);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).toContain("<p>No return curve: no completed episode's return is finite.</p>");
  });
});
