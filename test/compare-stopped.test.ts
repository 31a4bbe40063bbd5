import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, tempDir } from "./fixtures/foresight-process.js";

const POLICY_ONLY = "examples/gridworld-policy-only.foresight.json";
const VGPS = "examples/gridworld-vgps.foresight.json";

/** Episodes ended in the trace of the `index`-th run folder `out` has (at level off its trace still has their ends). */
function episodesEnded(out: string, index: number): number {
  const run = readdirSync(out).sort()[index];
  const trace = run ? join(out, run, "trace.jsonl") : "";
  return trace && existsSync(trace) ? readFileSync(trace, "utf8").split('"episode.end"').length - 1 : 0;
}

/** `foresight compare A B --episodes N --out <out>`, sent Ctrl+C once `ready()` says so. */
async function interruptedCompare(fileA: string, fileB: string, episodes: number, ready: (out: string) => boolean) {
  const out = tempDir("compare-stopped");
  const child = spawn(process.execPath, [BIN, "compare", fileA, fileB, "--episodes", String(episodes), "--trace", "off", "--out", out], { stdio: ["ignore", "pipe", "pipe"] });
  let [stdout, stderr] = ["", ""];
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !(existsSync(out) && ready(out))) await new Promise((r) => setTimeout(r, 50));
  child.kill("SIGINT");
  const code = await exited;
  return { code, stdout, stderr, runDirs: readdirSync(out).sort().map((name) => join(out, name)) };
}

describe("compare stopped with Ctrl+C", () => {
  it("during B prints the comparison of the episodes each played, B marked stopped, and both run folders (exit 1)", async () => {
    const { code, stdout, stderr, runDirs } = await interruptedCompare(POLICY_ONLY, VGPS, 5000, (out) => episodesEnded(out, 1) >= 3);
    expect(code).toBe(1);
    expect(runDirs).toHaveLength(2);
    expect(stdout).toMatch(/^episodes\s+5000\s+(\d+) of 5000 \(stopped\)/m);
    expect(stdout).toContain(`run folders: A ${runDirs[0]}\n             B ${runDirs[1]}\n`);
    expect(stderr).toMatch(/compare stopped during B \(\d+ of 5,000 episodes\): the figures are over the episodes each played/);
  }, 90_000);

  it("during A does not start B, and names A's run folder (exit 1)", async () => {
    const { code, stdout, stderr, runDirs } = await interruptedCompare(VGPS, POLICY_ONLY, 100_000, (out) => episodesEnded(out, 0) >= 3);
    expect(code).toBe(1);
    expect(runDirs).toHaveLength(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(`compare stopped during A (`);
    expect(stderr).toContain(`before B ran (A's run folder: ${runDirs[0]})`);
  }, 90_000);
});
