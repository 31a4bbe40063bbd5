import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunEvent } from "../runtime/engine/events.js";
import type { startWorkerRun as StartWorkerRun } from "../host/worker-run.js";
import { FIXTURES, PLAIN_PYTHON } from "./fixtures/external-env/python.js";
import { uniformPolicyPipeline } from "./fixtures/pipelines.js";

// A worker thread runs JavaScript: use the build (npm test builds first).
const { startWorkerRun } = (await import(resolve("dist/host/worker-run.js"))) as { startWorkerRun: typeof StartWorkerRun };

/** A process environment whose fourth step hangs for an hour, with a timeout far longer than the test. */
function hangingRun(marker: string) {
  const env = { name: "process", command: [PLAIN_PYTHON, "-X", marker, "-m", "foresight_env", "faulty_envs:HangsAtStep3", "--snapshot", "off"], timeoutMs: 120_000 };
  const doc = uniformPolicyPipeline("hangs-at-step-3", env, { episodes: 3, seed: 1, maxSteps: 20, trace: "full" }, 2);
  return { doc, pipelineFile: join(FIXTURES, "hangs.foresight.json"), outDir: mkdtempSync(join(tmpdir(), "foresight-hung-")) };
}

describe("a run in a worker thread whose environment process hangs in a step", () => {
  it("shows the steps already played while it waits, and Stop ends the process at once and the run as stopped", async () => {
    const events: RunEvent[] = [];
    // An argument of this test's own, so the check below finds only its process.
    const marker = `foresight_test=${process.pid}-${Date.now()}`;
    const run = startWorkerRun(hangingRun(marker), (batch) => events.push(...batch));
    await expect.poll(() => events.filter((e) => e.type === "step.end").length, { timeout: 15_000 }).toBe(3);
    const stoppedAt = performance.now();
    run.stop();
    const outcome = await run.done;
    expect(performance.now() - stoppedAt).toBeLessThan(5_000);
    if (!outcome.ok) throw new Error(outcome.problems.join("\n"));
    expect(events.at(-1)).toMatchObject({ type: "run.end", status: "stopped" });
    // The process, an hour from answering, is gone with the run.
    expect(spawnSync("pgrep", ["-f", marker]).stdout.toString()).toBe("");
  });
});
