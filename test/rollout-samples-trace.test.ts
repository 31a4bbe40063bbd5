import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TracedRolloutSamples } from "../protocol/traced-values.js";
import { foresight, tempDir } from "./fixtures/foresight-process.js";

type NodeEnd = { type: string; node?: string; episode?: number; step?: number; outputs?: { samples?: TracedRolloutSamples; candidates?: { columns: Record<string, number[]> } } };

/** The lookahead example's rollout node.end lines, by episode and step, as `foresight run` writes them with these flags. */
function rolloutEnds(...flags: string[]) {
  const out = tempDir("rollout-samples");
  const result = foresight("run", "examples/gridworld-lookahead.foresight.json", "--episodes", "4", "--seed", "3", "--out", out, "--json", ...flags);
  expect(result.code, result.stderr).toBe(0);
  const lines = readFileSync(join(out, readdirSync(out)[0]!, "trace.jsonl"), "utf8").trim().split("\n");
  return lines
    .map((line) => JSON.parse(line) as NodeEnd)
    .filter((e) => e.type === "node.end" && e.node === "rollout")
    .map(({ episode, step, outputs }) => ({ episode, step, samples: outputs!.samples }))
    .sort((a, b) => a.episode! - b.episode! || a.step! - b.step!);
}

describe("a rollout's samples in the trace", () => {
  it("are written at trace full, the same serially, in lockstep lanes and on worker threads", () => {
    const serial = rolloutEnds("--trace", "full");
    expect(serial.length).toBeGreaterThan(0);
    const first = serial[0]!.samples!;
    expect(first).toMatchObject({ $rolloutSamples: "simulator", horizon: 6 });
    // The example simulates each candidate 8 times.
    for (const action of first.actions) expect([action.returns.length, action.steps.length, action.hazardAt!.length]).toEqual([8, 8, 8]);
    expect(rolloutEnds("--trace", "full", "--lockstep", "4")).toEqual(serial);
    expect(rolloutEnds("--trace", "full", "--workers", "2")).toEqual(serial);
  });
});
