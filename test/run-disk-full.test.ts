import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { executeRun } from "../runtime/execute-run.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { runFile } from "../runtime/run-folder.js";
import type { RunSummary } from "../runtime/summary.js";
import { BIN } from "./fixtures/foresight-process.js";
import { needs } from "./fixtures/requirements.js";
import { mountSmallDisk } from "./fixtures/small-disk.js";

// A disk that fills while a run writes its trace, for real: a 2 MB tmpfs.
const small = mountSmallDisk("run-disk-full");
const disk = small.dir;
afterAll(small.unmount);

describe("a run whose disk fills", needs(small.requirement), () => {
  beforeEach(() => {
    for (const name of readdirSync(disk)) rmSync(join(disk, name), { recursive: true, force: true });
  });

  it("exits 1 with one line naming trace.jsonl and the full disk, no internal error (the writer thread's message was lost)", () => {
    const out = join(disk, "runs");
    const result = spawnSync(process.execPath, [BIN, "run", "examples/gridworld-vgps-onnx.foresight.json", "--episodes", "300", "--out", out], { encoding: "utf8", timeout: 120_000 });
    expect(result.status, result.stderr).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^foresight: run failed: cannot write \S+\/trace\.jsonl: no space left on the device/);
  });

  it("stops the run and writes its summary as failed, naming the full disk, where the summary still fits", async () => {
    const doc = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8"));
    doc.nodes = doc.nodes.filter((n: { kind: string }) => n.kind !== "dataset");
    doc.edges = doc.edges.filter((e: { to: string }) => !e.to.startsWith("dataset."));
    const validated = validatePipeline(doc, builtinRegistry());
    if (!validated.ok) throw new Error(JSON.stringify(validated.problems));
    // Room for the run folder's first files, then a trace that fills the rest.
    const fill = small.fillLeaving(64 * 1024);
    const run = await executeRun({
      validated: validated.value,
      pipelineFile: "examples/gridworld-vgps.foresight.json",
      outDir: join(disk, "runs"),
      overrides: { episodes: 2000, trace: "full" },
      // The trace has failed by the run's last event: make room for the summary then.
      onEvent: (event) => {
        if (event.type === "run.end") rmSync(fill);
      },
    });
    const summary = JSON.parse(readFileSync(runFile(run.runDir, "summary"), "utf8")) as RunSummary;
    expect(summary.status).toBe("failed");
    expect(summary.error?.message).toBe(`cannot write ${runFile(run.runDir, "trace")}: no space left on the device`);
    expect(summary.episodes).toBeLessThan(2000);
    expect(existsSync(fill)).toBe(false);
  });
});
