import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claimRun, runGoingOn, type RunOwner } from "../runtime/run-owner.js";
import { runFile } from "../runtime/run-folder.js";
import { foresight, tempDir } from "./fixtures/foresight-process.js";

const onLinux = process.platform === "linux";

function markedRun(): { runDir: string; owner: RunOwner } {
  const runDir = mkdtempSync(join(tmpdir(), "foresight-owner-"));
  claimRun(runDir);
  return { runDir, owner: JSON.parse(readFileSync(runFile(runDir, "running"), "utf8")) as RunOwner };
}

describe.runIf(onLinux)("a run's running.json whose pid now belongs to another process", () => {
  it("names the owner by its pid and its process's start, and still sees the owner as going", () => {
    const { runDir, owner } = markedRun();
    expect(owner.processStart).toEqual(expect.any(Number));
    expect(runGoingOn(runDir)).toMatchObject({ pid: process.pid, elsewhere: false });
  });

  it("is not going when the process with that pid started at another time (pid 1, say)", () => {
    const { runDir, owner } = markedRun();
    writeFileSync(runFile(runDir, "running"), JSON.stringify({ ...owner, pid: 1 }));
    expect(runGoingOn(runDir)).toBeUndefined();
  });

  it("in a mark without the process's start, is not going when that process started after the run did", () => {
    const runDir = mkdtempSync(join(tmpdir(), "foresight-owner-"));
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    writeFileSync(runFile(runDir, "running"), JSON.stringify({ pid: process.pid, host: hostname(), started: anHourAgo }));
    expect(runGoingOn(runDir)).toBeUndefined();
  });
});

describe("foresight dataset repair --force", () => {
  it("repairs a run whose running.json names a live process on this machine", () => {
    const out = tempDir("dataset-repair-force");
    const run = foresight("run", "examples/gridworld-vgps.foresight.json", "--episodes", "2", "--trace", "off", "--quiet", "--out", out);
    expect(run.code, run.stderr).toBe(0);
    const runDir = join(out, readdirSync(out)[0]!);
    // This test's own process: alive, and started before the mark.
    claimRun(runDir);
    const refused = foresight("dataset", "repair", runDir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`pass --force if process ${process.pid} is not the run`);
    const forced = foresight("dataset", "repair", runDir, "--force");
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain("nothing to repair");
  });
});
