import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { createRunFolder } from "../runtime/run-folder.js";

/** Threads that each make a run folder of the same name and millisecond, let go at one moment (a sweep's parallel runs do this). */
async function raceForOneName(base: string, threads: number): Promise<string[]> {
  const gate = new Int32Array(new SharedArrayBuffer(8));
  const source = `
    const { workerData, parentPort } = require("node:worker_threads");
    const gate = new Int32Array(workerData.gate);
    import(workerData.module).then(({ createRunFolder }) => {
      Atomics.add(gate, 1, 1);
      Atomics.wait(gate, 0, 0);
      try {
        parentPort.postMessage({ dir: createRunFolder(workerData.base, "run", new Date(workerData.now)) });
      } catch (error) {
        parentPort.postMessage({ error: error.message });
      }
    });`;
  // The built module (npm test builds first): a worker thread runs plain JavaScript.
  const module = pathToFileURL(resolve("dist/runtime/run-folder.js")).href;
  const now = Date.UTC(2026, 11, 2, 5, 22, 22, 44);
  const workers = Array.from({ length: threads }, () => new Worker(source, { eval: true, workerData: { gate: gate.buffer, module, base, now } }));
  const answers = workers.map(
    (worker) =>
      new Promise<{ dir?: string; error?: string }>((answer, fail) => {
        worker.once("message", answer);
        worker.once("error", fail);
      }),
  );
  while (Atomics.load(gate, 1) < threads) await new Promise((wake) => setTimeout(wake, 5));
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
  const results = await Promise.all(answers);
  await Promise.all(workers.map((worker) => worker.terminate()));
  return results.map((result) => result.dir ?? expect.unreachable(result.error));
}

describe("run folder names", () => {
  it("gives runs that start in the same millisecond folders of their own, -2, -3 …", () => {
    const base = mkdtempSync(join(tmpdir(), "foresight-run-names-"));
    const now = new Date(2026, 11, 2, 5, 22, 22, 44);
    const dirs = [createRunFolder(base, "run", now), createRunFolder(base, "run", now), createRunFolder(base, "run", now)];
    expect(dirs.map((dir) => dir.slice(base.length + 1))).toEqual(["run-20261202-052222-044", "run-20261202-052222-044-2", "run-20261202-052222-044-3"]);
  });

  it("gives each of many threads making the same name at once a folder (a sweep's parallel runs)", async () => {
    const base = mkdtempSync(join(tmpdir(), "foresight-run-names-"));
    for (let round = 0; round < 10; round++) {
      const dirs = await raceForOneName(join(base, String(round)), 6);
      expect(new Set(dirs).size).toBe(6);
      expect(readdirSync(join(base, String(round))).length).toBe(6);
    }
  });
});
