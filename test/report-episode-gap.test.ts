import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { foresight, tempDir } from "./fixtures/foresight-process.js";

/**
 * A run whose trace lacks episodes in the middle, as a queued run's does when Redis restarted mid-run and
 * the batches it held were lost: made here from a local run by taking episodes 10–14 out of its trace.
 */
let runDir: string;
beforeAll(() => {
  const out = tempDir("report-gap");
  const run = foresight("run", "examples/gridworld-policy-only.foresight.json", "-n", "25", "--trace", "steps", "-q", "--json", "--out", out);
  expect(run.code, run.stderr).toBe(0);
  runDir = (JSON.parse(run.stdout) as { runDir: string }).runDir;
  const trace = join(runDir, "trace.jsonl");
  const kept = readFileSync(trace, "utf8")
    .split("\n")
    .filter((line) => {
      const episode = line ? (JSON.parse(line) as { episode?: number }).episode : undefined;
      return episode === undefined || episode < 10 || episode > 14;
    });
  writeFileSync(trace, kept.join("\n"));
  rmSync(join(runDir, "summary.json"));
}, 60_000);

describe("the report of a run missing episodes in the middle", () => {
  it("says which episodes it holds and which are missing, and draws the curves at their episode numbers", () => {
    const file = join(runDir, "gap.html");
    const result = foresight("report", runDir, "--out", file);
    expect(result.code, result.stderr).toBe(0);
    const html = readFileSync(file, "utf8");
    expect(html).toContain("<p>This run holds episodes 0–9, 15–24 (10–14 are missing): its figures and curves are over those it holds.</p>");
    expect([...html.matchAll(/>(episode \d+)<\/text>/g)].map((m) => m[1])).toContain("episode 24");
    expect(html).not.toContain(">episode 19</text>");
  });

  it("names the ranges it holds when asked for an episode it lacks", () => {
    const result = foresight("report", runDir, "--episode", "12");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("has no episode 12: it played 20 (0–9, 15–24)");
  });
});
