import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foresight, tempDir } from "./fixtures/foresight-process.js";

const out = tempDir("report-baseline-settings");

function run(...args: string[]): string {
  const result = foresight("run", "examples/gridworld-policy-only.foresight.json", "--trace", "off", "-q", "--json", "--out", out, ...args);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { runDir: string }).runDir;
}

describe("foresight report --baseline", () => {
  it("says when the baseline played another seed or number of episodes, as compare does, and says nothing when they match", () => {
    const mine = run("-n", "6", "--seed", "1");
    const file = join(out, "report.html");
    expect(foresight("report", mine, "--baseline", run("-n", "9", "--seed", "2"), "--out", file).code).toBe(0);
    expect(readFileSync(file, "utf8")).toContain(
      "<p>This run and the baseline differ in episodes 6 and 9, seed 1 and 2: their episodes did not start alike, so the difference is not the pipelines' alone (<code>foresight compare</code> plays both with one seed and episodes).</p>",
    );
    expect(foresight("report", mine, "--baseline", run("-n", "6", "--seed", "1"), "--out", file).code).toBe(0);
    expect(readFileSync(file, "utf8")).not.toContain("differ in");
  }, 60_000);
});
