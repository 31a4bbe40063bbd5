import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STILL_STOPPING } from "../cli/stop-signals.js";
import { BIN, tempDir } from "./fixtures/foresight-process.js";
import { sleep, until } from "./fixtures/wait.js";

/** `foresight run` of a long gridworld run, pressed Ctrl+C `presses` times 50 ms apart once its dataset appears. */
async function pressCtrlC(presses: number) {
  const out = tempDir("double-ctrl-c");
  const child = spawn(process.execPath, [BIN, "run", "examples/gridworld-vgps.foresight.json", "--episodes", "100000", "--quiet", "--trace", "off", "--workers", "1", "--out", out], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  const runDir = () => join(out, readdirSync(out)[0] ?? "none");
  await until(() => existsSync(join(runDir(), "dataset/transitions.jsonl")), 30_000);
  for (let i = 0; i < presses; i++) {
    if (i > 0) await sleep(50);
    child.kill("SIGINT");
  }
  const code = await Promise.race([exited, sleep(20_000).then(() => child.kill("SIGKILL") && "hung")]);
  return { code, stderr, runDir: runDir() };
}

describe("Ctrl+C pressed more than once", () => {
  it("twice within 2 s: says the run is finishing its files, then stops cleanly (summary, Parquet joined, no running.json)", async () => {
    const { code, stderr, runDir } = await pressCtrlC(2);
    expect(code, stderr).toBe(1);
    expect(stderr).toContain(STILL_STOPPING);
    expect(stderr).toContain("run stopped");
    expect(JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")).status).toBe("stopped");
    expect(readdirSync(runDir)).not.toContain("running.json");
    expect(readdirSync(join(runDir, "dataset")).filter((name) => name.endsWith(".parts"))).toEqual([]);
  }, 60_000);

  it("three times: quits at once, as Ctrl+C does without us (unless the stop had already finished)", async () => {
    const { code, stderr } = await pressCtrlC(3);
    // A quiet machine can finish the clean stop in the 100 ms before the third press: then it ended as twice does.
    if (code === 1) expect(stderr).toContain("run stopped");
    else expect(code, stderr).toBe("SIGINT");
  }, 60_000);
});
