import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foresight, tempDir } from "./fixtures/foresight-process.js";

// A worker whose folders cannot be used took batches anyway and failed them, one run of someone
// else's after another. The folders are checked before Redis is asked, so no Redis is needed here:
// the URL names a port nothing listens on, and only a check that passes would reach it.
const UNREACHABLE = "redis://127.0.0.1:1";

const dir = tempDir("worker-folders");
const aFile = join(dir, "a-file");
writeFileSync(aFile, "not a folder\n");

describe("foresight worker's --cache and --scratch", () => {
  it("refuses a --cache inside a file with one line naming the flag, before reaching Redis", () => {
    const result = foresight("worker", "--redis", UNREACHABLE, "--cache", join(aFile, "cache"));
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toBe(`foresight: --cache ${join(aFile, "cache")}: ${join(aFile, "cache")} lies inside a file, not a folder\n`);
  });

  it("refuses a --scratch that is a file with one line naming the flag, before reaching Redis", () => {
    const result = foresight("worker", "--redis", UNREACHABLE, "--cache", join(dir, "cache"), "--scratch", aFile);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toBe(`foresight: --scratch ${aFile}: ${aFile} is a file, not a folder\n`);
  });

  it("goes on to Redis when both folders can be made", () => {
    const result = foresight("worker", "--redis", UNREACHABLE, "--cache", join(dir, "cache"), "--scratch", join(dir, "scratch"));
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^foresight: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: /);
  });
});
