import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { RunControl } from "../runtime/engine/control.js";
import { executeRun } from "../runtime/execute-run.js";
import { runFile } from "../runtime/run-folder.js";
import { example, validated } from "./fixtures/pipelines.js";

/** Plays pendulum-random, stopped (as by Ctrl+C) at step 5 of episode `at`; its trace's run.end and its summary.json. */
async function stoppedAt(at: number, overrides: { lockstep?: number } = {}) {
  const control = new RunControl();
  const run = await executeRun({
    validated: validated(example("pendulum-random"), builtinRegistry()),
    pipelineFile: "examples/pendulum-random.foresight.json",
    outDir: mkdtempSync(join(tmpdir(), "foresight-stopped-counts-")),
    overrides: { episodes: 5, ...overrides },
    control,
    onEvent: (event) => {
      if (event.type === "step.end" && event.episode === at && event.step === 5) control.stop();
    },
  });
  const lines = readFileSync(runFile(run.runDir, "trace"), "utf8").trim().split("\n");
  const end = JSON.parse(lines.at(-1)!) as { type: string; status: string; episodes: number; episodesFailed: number };
  const summary = JSON.parse(readFileSync(runFile(run.runDir, "summary"), "utf8")) as { status: string; episodes: number; episodesFailed: number; steps: number };
  return { end, summary };
}

describe("a run stopped in the middle of an episode", () => {
  it("counts the episodes it played to their end, the same in the trace's run.end and in summary.json; the cut-off one is in neither", async () => {
    const { end, summary } = await stoppedAt(0);
    expect(end).toMatchObject({ type: "run.end", status: "stopped", episodes: 0, episodesFailed: 0 });
    expect(summary).toMatchObject({ status: "stopped", episodes: 0, episodesFailed: 0 });
    // Its steps were played: they count.
    expect(summary.steps).toBeGreaterThanOrEqual(6);
  });

  it("the same after some episodes completed", async () => {
    const { end, summary } = await stoppedAt(2);
    expect(end).toMatchObject({ status: "stopped", episodes: 2, episodesFailed: 0 });
    expect(summary).toMatchObject({ status: "stopped", episodes: 2, episodesFailed: 0 });
  });
});
