import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, tempDir, type Finished } from "./fixtures/foresight-process.js";
import { startRedis, type TestRedis } from "./fixtures/redis-server.js";
import { needs, redis } from "./fixtures/requirements.js";

// A worker whose folders cannot be used took batches anyway and failed each of them, and with them
// the runs that queued them (ENOTDIR at mkdir '<cache>/models').

/** `foresight worker ...args`, killed after 20 s: a worker that accepted its folders runs until stopped, and reads as code null. */
function worker(...args: string[]): Finished {
  const result = spawnSync(process.execPath, [BIN, "worker", ...args], { encoding: "utf8", timeout: 20_000, killSignal: "SIGKILL" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("foresight worker's --cache and --scratch", needs(redis()), () => {
  let server: TestRedis;
  const dir = tempDir("worker-folders");
  const aFile = join(dir, "a-file");

  beforeAll(async () => {
    writeFileSync(aFile, "not a folder\n");
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("refuses a --cache inside a file with one line naming the flag, before taking a batch", () => {
    const cache = join(aFile, "cache");
    const result = worker("--redis", server.url, "--cache", cache);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `foresight: --cache ${cache}: ${cache} lies inside a file, not a folder\n` });
  });

  it("refuses a --scratch that is a file with one line naming the flag, before taking a batch", () => {
    const result = worker("--redis", server.url, "--cache", join(dir, "cache"), "--scratch", aFile);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `foresight: --scratch ${aFile}: ${aFile} is a file, not a folder\n` });
  });
});
