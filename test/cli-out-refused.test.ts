import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, foresight, tempDir, type Finished } from "./fixtures/foresight-process.js";

// Folders where access(W_OK) says yes (to root) but no folder or file can be made: the run, the
// comparison, the sweep and the training must refuse them before any episode or epoch, with one line.

const VGPS = "examples/gridworld-vgps.foresight.json";

/** `foresight ...args`, killed after 60 s. */
function limited(...args: string[]): Finished {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000, killSignal: "SIGKILL" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function refusedWithOneLine(result: Finished, says: string): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split("\n");
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toContain(says);
}

// /sys and /proc refuse a mkdir whoever asks; access() lies about them only to root.
const unwritable = ["/sys/kernel", "/proc/self/fd"].filter((folder) => existsSync(folder));

describe.skipIf(unwritable.length === 0)("--out a folder that cannot take a new folder (skipped: no /sys or /proc here)", () => {
  let runDir = "";
  beforeAll(() => {
    const out = tempDir("out-refused");
    const run = foresight("run", VGPS, "--episodes", "2", "--out", out, "--json");
    expect(run.code, run.stderr).toBe(0);
    runDir = (JSON.parse(run.stdout) as { runDir: string }).runDir;
  });

  it.each(unwritable)("run --out %s exits 2 with one line, no stack", (folder) => {
    refusedWithOneLine(limited("run", VGPS, "--episodes", "1", "--out", folder), `foresight: --out ${folder}: cannot make a folder in ${folder}:`);
  });

  it("compare and sweep refuse it the same way", () => {
    refusedWithOneLine(limited("compare", VGPS, VGPS, "--episodes", "1", "--out", "/sys/kernel"), "foresight: --out /sys/kernel: cannot make a folder in /sys/kernel: permission denied");
    refusedWithOneLine(limited("sweep", VGPS, "--set", "sampler.n=1,4", "-n", "1", "--out", "/sys/kernel"), "foresight: --out /sys/kernel: cannot make a folder in /sys/kernel: permission denied");
  });

  it("train --out /sys/kernel/x.onnx refuses before training, not once the model is trained", () => {
    const result = limited("train", "q", runDir, "--out", "/sys/kernel/x.onnx", "--epochs", "1", "--iterations", "1");
    refusedWithOneLine(result, "foresight: --out /sys/kernel/x.onnx: cannot make a file in /sys/kernel: permission denied");
    expect(result.stdout).toBe("");
  });
});

describe('--out ""', () => {
  it("is refused with one line instead of writing into the current folder", () => {
    const cwd = tempDir("out-empty");
    const result = spawnSync(process.execPath, [BIN, "run", join(process.cwd(), VGPS), "--episodes", "1", "--out", ""], { cwd, encoding: "utf8" });
    refusedWithOneLine({ code: result.status, stdout: result.stdout, stderr: result.stderr }, 'foresight: --out "": an empty path names no folder or file');
    expect(spawnSync("ls", ["-A", cwd], { encoding: "utf8" }).stdout).toBe("");
  });
});
