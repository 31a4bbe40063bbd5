import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SweepRecord } from "../protocol/index.js";
import { BIN, foresight, tempDir } from "./fixtures/foresight-process.js";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a sweep still running, then killed", () => {
  it("is listed from its start with its status, and each of its runs with its setting", async () => {
    const out = tempDir("sweep-running");
    const child = spawn(process.execPath, [BIN, "sweep", "examples/gridworld-vgps.foresight.json", "--set", "sampler.n=1,4,16", "--episodes", "100000", "--trace", "off", "--workers", "1", "--out", out], { stdio: "ignore" });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      // Until its record names the first setting's run folder.
      const record = (): SweepRecord | undefined => {
        const [sweep] = existsSync(out) ? readdirSync(out) : [];
        const file = sweep ? join(out, sweep, "sweep.json") : "";
        return file && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as SweepRecord) : undefined;
      };
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && !record()?.started?.length) await pause(50);
      const [sweepDir] = readdirSync(out);
      const sweepPath = join(out, sweepDir!);
      expect(record()).toMatchObject({ status: "running", episodes: 100_000, settings: { planned: 3, completed: 0 }, points: [], started: [{ values: { "sampler.n": 1 } }] });

      expect(foresight("runs", out).stdout).toMatch(new RegExp(`^sweep folder.*\n${sweepPath}\\s+gridworld-vgps\\s+running\\s+0 of 3 completed\\s+sampler\\.n\\s`));
      expect(foresight("runs", sweepPath).stdout).toMatch(/\n\S+\s+gridworld-vgps\s+running\s.*sampler\.n=1\n/);

      child.kill("SIGKILL");
      await exited;
      expect(foresight("runs", out).stdout).toMatch(new RegExp(`\n${sweepPath}\\s+gridworld-vgps\\s+killed\\s+0 of 3 completed\\s`));
      expect(foresight("runs", sweepPath).stdout).toMatch(/\n\S+\s+gridworld-vgps\s+killed \(no summary\)\s.*sampler\.n=1\n/);
    } finally {
      child.kill("SIGKILL");
    }
  }, 60_000);
});
