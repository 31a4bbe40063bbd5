import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foresightAsync, tempDir } from "./fixtures/foresight-process.js";

// The shopping examples through the compiled CLI, as users run them (`npm run build` first).

describe("foresight with the shopping task", () => {
  it("runs the scripted baseline headless: a summary, a trace with the shop's scene and text actions, and a dataset", async () => {
    const out = tempDir("shop-run");
    const result = await foresightAsync("run", "examples/shopping-scripted.foresight.json", "--episodes", "6", "--seed", "2", "--out", out, "--json", "--quiet");
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ pipeline: "shopping-scripted", status: "completed", episodes: 6, episodesFailed: 0 });
    expect(summary.meanReturn.value).toBeGreaterThan(0);
    const events = readFileSync(join(summary.runDir, "trace.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(events.find((e) => e.type === "episode.start").scene).toMatchObject({ kind: "shopping", products: 2000, goal: { maxPrice: expect.any(Number) } });
    const ends = events.filter((e) => e.type === "step.end");
    expect(ends[0].action).toMatch(/^search\[.+\]$/);
    // Every episode ends in a purchase (terminated) or at the step limit; a purchase is the only step that pays.
    for (const end of ends) if (end.reward !== 0) expect(end.action).toBe("buy");
    const transitions = readFileSync(join(summary.runDir, "dataset/transitions.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(transitions).toHaveLength(ends.length);
    // The collector stores observations and actions as JSON text.
    expect(JSON.parse(transitions[0].action)).toBe(ends[0].action);
    expect(JSON.parse(transitions[0].observation)).toMatchObject({ page: { kind: "search" } });
  }, 30_000);

  it("compares the baseline with look-ahead: the guided shopper succeeds more often, intervals apart", async () => {
    const result = await foresightAsync(
      "compare", "examples/shopping-scripted.foresight.json", "examples/shopping-lookahead.foresight.json",
      "--episodes", "200", "--seed", "1", "--out", tempDir("shop-compare"), "--json", "--trace", "off",
    );
    expect(result.code, result.stderr).toBe(0);
    const comparison = JSON.parse(result.stdout);
    expect(comparison.difference.successRate.value).toBeGreaterThanOrEqual(0.3);
    expect(comparison.difference.meanReturn.value).toBeGreaterThan(0.1);
    expect(comparison.successIntervalsOverlap).toBe(false);
  }, 60_000);
});
