import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EnvProcess } from "../nodes/environment/external/env-process.js";
import { ExternalEnvironment } from "../nodes/environment/external/index.js";
import { processSpec } from "../nodes/environment/external/launch.js";
import { processEnvironment } from "../nodes/environment/external/index.js";
import { alive, FIXTURES, PLAIN_PYTHON } from "./fixtures/external-env/python.js";

/**
 * The fixture run as foresight_env is (launch.replyPipe): replies through a named pipe the caller
 * reads itself, the failures still named as on stdout. POSIX only, as reply pipes are.
 */
function pipedEnv(mode: string, timeoutMs = 10_000): { env: ExternalEnvironment; pid: () => number } {
  const process = pipedProcess(["misbehaving_env.py", mode], timeoutMs);
  return { env: ExternalEnvironment.create(process, process.declaration, process.declaration.name, undefined), pid: () => process.processId! };
}

function pipedProcess(script: string[], timeoutMs = 10_000): EnvProcess {
  const params = processEnvironment.params.parse({ name: "process", command: [PLAIN_PYTHON, ...script], timeoutMs });
  const spec = processSpec(params, { pipelineDir: FIXTURES, purpose: "run" });
  const launch = spec.launch as { replyPipe?: true };
  launch.replyPipe = true;
  return new EnvProcess(spec);
}

describe.skipIf(process.platform === "win32")("replies through a named pipe (foresight_env's channel)", () => {
  it("reads each reply from the pipe, and names a process that exits before answering, with its exit code and stderr", () => {
    const { env } = pipedEnv("exit");
    try {
      env.reset(5);
      // The fixture writes nothing to stdout once it has a pipe: these replies came through it.
      expect(env.step(0).observation).toBe(1);
      expect(env.step(0).observation).toBe(2);
      expect(() => env.step(0)).toThrow(/step 2 of the episode reset with seed 5: the process exited before answering \(exit code 3\); its stderr ends:\nmisbehaving_env: giving up at step 3/);
    } finally {
      env.close();
    }
  });

  it("kills a process that hangs past timeoutMs, and the blocked read returns", () => {
    const { env, pid } = pipedEnv("hang", 300);
    try {
      env.reset(5);
      const process = pid();
      env.step(0);
      env.step(0);
      const start = performance.now();
      expect(() => env.step(0)).toThrow(/step 2 of the episode reset with seed 5: the process did not answer within 300 ms; the process was killed/);
      expect(performance.now() - start).toBeLessThan(3000);
      expect(alive(process)).toBe(false);
    } finally {
      env.close();
    }
  });

  it("kills a process that writes a line that is not JSON, or a line nobody asked for", () => {
    for (const [mode, error] of [
      ["malformed", /the process answered with a line that is not JSON: "this is not JSON" \(stdout carries only the protocol's replies: print anything else to stderr, as foresight_env's serve\(\) does once it runs\); the process was killed/],
      ["chatty", /the process answered with "\{\\"note\\": \\"hello\\"\}", which is not a reply \(an object with "ok"\); the process was killed/],
    ] as const) {
      const { env, pid } = pipedEnv(mode);
      try {
        env.reset(5);
        const process = pid();
        env.step(0);
        env.step(0);
        expect(() => env.step(0)).toThrow(error);
        expect(alive(process)).toBe(false);
      } finally {
        env.close();
      }
    }
  });

  it("blames the line the process died in, not a line written after it was gone", async () => {
    // crashing_env.py kills itself (SIGKILL) at its 4th step, the first after the 3 of foresight_env's deep-copy probe
    // (snapshots.py): line A is in flight when it dies, line B finds it dead.
    const marker = join(mkdtempSync(join(tmpdir(), "foresight-crash-")), "crashed");
    const process = pipedProcess(["crashing_env.py", "4", marker]);
    try {
      process.exchangeBatch([{ op: "reset", seed: 5 }], "reset");
      const pid = process.processId!;
      const lineA = process.sendBatch([{ op: "step", action: 0 }], "line A");
      while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(() => process.sendBatch([{ op: "step", action: 0 }], "line B")).toThrow(
        /: line B: the process is gone: it failed an earlier request \(exited before answering \(killed by SIGKILL\)\)$/,
      );
      expect(() => lineA.replies()).toThrow(/: line A: the process exited before answering \(killed by SIGKILL\)/);
    } finally {
      process.close();
    }
  });
});
