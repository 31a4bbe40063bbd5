import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The CLI as users run it: the compiled bin (npm test builds first).
const BIN = join(process.cwd(), "bin/foresight.js");
const HOSTILE = "test/fixtures/hostile-scripts";
/** Prints the process's peak resident set (worker threads included) as it exits. */
const PEAK_RSS = 'data:text/javascript,import{writeSync}from"node:fs";process.on("exit",()=>writeSync(2,`peak-rss-kb ${process.resourceUsage().maxRSS}\\n`))';

function foresight(...args: string[]) {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["--import", PEAK_RSS, BIN, ...args], { encoding: "utf8" });
  const peak = /peak-rss-kb (\d+)\n$/.exec(result.stderr);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.replace(/peak-rss-kb \d+\n$/, ""), peakMB: Number(peak?.[1]) / 1024, ms: performance.now() - started };
}

/** The node.error events of the one run in `out`. */
function nodeErrors(out: string): { node: string; episode: number; step: number; message: string; ends: string }[] {
  const [run] = readdirSync(out);
  return readFileSync(join(out, run!, "trace.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.includes('"node.error"'))
    .map((line) => JSON.parse(line) as never);
}

const tempDir = () => mkdtempSync(join(tmpdir(), "foresight-hostile-"));

describe("hostile Script nodes through the CLI (issue 12)", () => {
  it("ends every episode of the memory bomb at its memory limit, the process staying under 2x its normal size", () => {
    const normal = foresight("run", "examples/gridworld-script.foresight.json", "--trust", "--episodes", "2", "--out", tempDir(), "--json");
    expect(normal.code).toBe(0);
    const out = tempDir();
    const bomb = foresight("run", `${HOSTILE}/memory-bomb.foresight.json`, "--trust", "--out", out, "--json");
    expect(JSON.parse(bomb.stdout)).toMatchObject({ episodes: 0, episodesFailed: 2 });
    const message = "the script ran out of memory: it may use 32 MB (memoryMB) (script line 5, column 63)";
    expect(nodeErrors(out)).toEqual([0, 1].map((episode) => ({ type: "node.error", t: expect.any(Number), node: "safe-q", kind: "script", episode, step: 0, message, ends: "episode" })));
    // Before the cap it reached 2.18 GB.
    expect(bomb.peakMB).toBeLessThan(2 * normal.peakMB);
  });

  it("fails the run at the slow built-in near its time limit, naming node, episode and step", () => {
    const slow = foresight("run", `${HOSTILE}/slow-builtin.foresight.json`, "--trust", "--out", tempDir(), "--set", "run.onNodeError=endRun");
    expect(slow.code).toBe(1);
    expect(slow.stderr).toContain(
      'foresight: run failed: node "safe-q" (script) at episode 0, step 0: the script ran past its time limit of 250 ms (timeoutMs) and was stopped: it was inside one built-in call',
    );
    // Each call used to take seconds (its three built-ins, let be, take about 3 s), and the run reported success.
    const folder = /run folder: (.*)\)/.exec(slow.stderr)![1]!;
    const summary = JSON.parse(readFileSync(join(folder, "summary.json"), "utf8")) as { status: string };
    expect(summary.status).toBe("failed");
    // The call, timed by the trace from the node's start to its error: its limit, the host's 50 ms grace
    // (nodes/script/sandbox.ts: STOP_GRACE_MS) and a second for a loaded machine. (Not the run's wall time:
    // that counts starting QuickJS and the nodes before it too.)
    const events = readFileSync(join(folder, "trace.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; t: number; node?: string });
    const called = events.find((event) => event.type === "node.start" && event.node === "safe-q")!.t;
    const failed = events.find((event) => event.type === "node.error" && event.node === "safe-q")!.t;
    expect(failed - called).toBeGreaterThanOrEqual(250);
    expect(failed - called).toBeLessThan(250 + 50 + 1000);
  });

  it("refuses the unused import at validation: exit 2, at the code param", () => {
    const refused = foresight("validate", `${HOSTILE}/unused-import.foresight.json`);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `${HOSTILE}/unused-import.foresight.json:95:9: #/nodes/5/params/code (node "safe-q"): code: line 1: a script cannot import: it runs with no module loader`,
    );
  });
});
