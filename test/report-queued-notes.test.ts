import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, foresight, foresightAsync, tempDir } from "./fixtures/foresight-process.js";
import { startRedis, type TestRedis } from "./fixtures/redis-server.js";
import { needs, redis } from "./fixtures/requirements.js";

describe("the report of a queued run", needs(redis()), () => {
  let server: TestRedis;
  beforeAll(async () => (server = await startRedis()));
  // Its queue goes with it: the server keeps nothing on disk.
  afterAll(async () => await server?.stop());

  it("lists a note its batches each left once, with their count, not once per batch until the list is full", async () => {
    const worker = spawn(process.execPath, [BIN, "worker", "--redis", server.url, "--cache", tempDir("queued-notes-cache"), "-q"], { stdio: "ignore" });
    const out = tempDir("queued-notes");
    try {
      const run = await foresightAsync("run", "examples/gridworld-policy-only.foresight.json", "--episodes", "120", "--batch", "2", "--trace", "off", "--queue", server.url, "--out", out);
      expect(run.code, run.stderr).toBe(0);
    } finally {
      worker.kill("SIGTERM");
    }
    const runDir = join(out, readdirSync(out)[0]!);
    expect(foresight("report", runDir).code).toBe(0);
    const html = readFileSync(join(runDir, "report.html"), "utf8");
    expect(html).toContain('<section><h2>Notes from the nodes</h2><ul><li><code>dataset</code>: 2 episodes written to dataset <span class="muted">×60</span></li></ul></section>');
  }, 120_000);
});
