import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foresightAsync, tempDir } from "./fixtures/foresight-process.js";

describe("foresight report on a run whose summary.json was cut short", () => {
  it("names the file that is not JSON and exits 2", async () => {
    const out = tempDir("cut-summary");
    const made = await foresightAsync("run", "examples/gridworld-vgps.foresight.json", "--episodes", "2", "--out", out, "--json");
    expect(made.code).toBe(0);
    const runDir = (JSON.parse(made.stdout) as { runDir: string }).runDir;
    const summary = join(runDir, "summary.json");
    writeFileSync(summary, readFileSync(summary, "utf8").slice(0, 100));
    const report = await foresightAsync("report", runDir);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain(`foresight: ${summary} is not JSON (`);
    expect(report.stderr).toContain("move summary.json aside");
  });
});
