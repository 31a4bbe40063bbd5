import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunEnded } from "../protocol/index.js";
import { editorServer } from "./fixtures/editor-server.js";
import { BIN, tempDir, writeExampleVariant } from "./fixtures/foresight-process.js";
import { slowPolicyPipeline } from "./fixtures/slow-policy-pipeline.js";
import { sleep } from "./fixtures/wait.js";

/** The never-settles fixture kind's module as built: its run() answers a promise that never settles. */
const NEVER_SETTLES_MODULE = resolve("dist/test/fixtures/kinds/never-settles/index.js");

interface Interrupted {
  /** Whether the process was still running when Ctrl+C was pressed. */
  aliveAtCtrlC: boolean;
  code: number | NodeJS.Signals | null;
  /** From Ctrl+C to the process's exit. */
  exitMs: number;
  stderr: string;
  runDir: string;
}

/** `foresight run ...args --out <out>`, Ctrl+C (SIGINT) `waitMs` after its trace appears (its run has begun); SIGKILL 30 s later. */
async function ctrlCDuringRun(out: string, waitMs: number, ...args: string[]): Promise<Interrupted> {
  const child = spawn(process.execPath, [BIN, "run", ...args, "--out", out], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  let exited = false;
  const exit = new Promise<number | NodeJS.Signals | null>((done) => child.once("exit", (code, signal) => ((exited = true), done(code ?? signal))));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !exited) {
    const [runId] = existsSync(out) ? readdirSync(out) : [];
    if (runId && existsSync(join(out, runId, "trace.jsonl"))) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, waitMs));
  const aliveAtCtrlC = !exited;
  const pressed = Date.now();
  child.kill("SIGINT");
  const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await exit;
  clearTimeout(killer);
  return { aliveAtCtrlC, code, exitMs: Date.now() - pressed, stderr, runDir: join(out, readdirSync(out)[0]!) };
}

/** slowPolicyPipeline with the never-settles kind for its slow pass: the first step waits on it for ever. */
function neverSettlingPipeline(): object {
  const doc = slowPolicyPipeline("never", { episodes: 1, maxSteps: 10 }, 0) as { nodes: { id: string; kind: string; params: object }[] };
  Object.assign(doc.nodes.find((node) => node.id === "slow")!, { kind: "never-settles", params: {} });
  return doc;
}

const summaryOf = (runDir: string) => JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));

describe("Ctrl+C during a node that does not answer", () => {
  it("ends a Script node's endless loop at once, long before its time limit, and its episode is stopped, not failed", async () => {
    const file = writeExampleVariant("gridworld-script", tempDir("endless-script"), "endless", (doc) => {
      const script = doc.nodes.find((node: { id: string }) => node.id === "safe-q");
      script.params.code = script.params.code.replace("  const { q, risk }", "  while (candidates.actions.length > 0) {}\n  const { q, risk }");
      script.params.timeoutMs = 60_000;
    });
    const run = await ctrlCDuringRun(tempDir("endless-out"), 1500, file, "--trust", "--episodes", "1", "--workers", "1", "--quiet");
    expect(run.aliveAtCtrlC).toBe(true);
    expect(run.exitMs, run.stderr).toBeLessThan(5000);
    expect(run.code, run.stderr).toBe(1);
    const summary = summaryOf(run.runDir);
    expect([summary.status, summary.episodes, summary.episodesFailed]).toEqual(["stopped", 0, 0]);
  }, 60_000);

  it("keeps a run whose node kind's promise never settles going until Ctrl+C, which ends it with its trace and summary", async () => {
    const dir = tempDir("never-settles");
    const file = join(dir, "never.foresight.json");
    writeFileSync(file, JSON.stringify(neverSettlingPipeline()));
    const run = await ctrlCDuringRun(join(dir, "runs"), 1500, file, "--kinds", NEVER_SETTLES_MODULE, "--workers", "1", "--quiet");
    // Before: Node saw nothing left to wait on and exited (code 13, unsettled top-level await), saying nothing.
    expect(run.aliveAtCtrlC, run.stderr).toBe(true);
    expect(run.exitMs, run.stderr).toBeLessThan(5000);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain("run stopped");
    expect(summaryOf(run.runDir)).toMatchObject({ status: "stopped", episodes: 0, episodesFailed: 0 });
    expect(existsSync(join(run.runDir, "running.json"))).toBe(false);
    const types = readFileSync(join(run.runDir, "trace.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line).type);
    expect(types.at(-1)).toBe("run.end");
  }, 60_000);
});

describe("the editor's Stop during a node that does not answer", () => {
  it("ends a run waiting on a node kind's promise that never settles at once, its episode stopped", async () => {
    const editor = await editorServer({ kindModules: [NEVER_SETTLES_MODULE] });
    try {
      const api = await editor.connect();
      let ended: RunEnded | undefined;
      api.onRunEnded((end) => (ended = end));
      const { runId } = await api.startRun(neverSettlingPipeline(), "examples/never.foresight.json", { episodes: 1, seed: 1, traceLevel: "steps" });
      await sleep(1000);
      expect(ended).toBeUndefined();
      const pressed = Date.now();
      await api.controlRun(runId, "stop");
      while (!ended && Date.now() - pressed < 20_000) await sleep(20);
      expect(Date.now() - pressed).toBeLessThan(5000);
      if (ended?.outcome !== "finished") throw new Error(JSON.stringify(ended));
      expect([ended.summary.status, ended.summary.episodes, ended.summary.episodesFailed]).toEqual(["stopped", 0, 0]);
    } finally {
      await editor.close();
    }
  }, 60_000);
});
