import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../runtime/atomic-file.js";
import { foresight } from "./fixtures/foresight-process.js";
import { needs } from "./fixtures/requirements.js";
import { mountSmallDisk } from "./fixtures/small-disk.js";

// A nearly full disk, for real: a 2 MB tmpfs filled to its last few KB.
const small = mountSmallDisk("disk-full");
const disk = small.dir;
afterAll(small.unmount);

describe("writing a file on a nearly full disk", needs(small.requirement), () => {
  const old = `${JSON.stringify({ old: true })}\n`;
  const file = join(disk, "big.json");
  const pipeline = join(disk, "pipeline.foresight.json");
  const unformatted = JSON.stringify({ ...JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8")), description: "x".repeat(20_000) });

  beforeAll(() => {
    writeFileSync(file, old);
    writeFileSync(pipeline, unformatted);
    small.fillLeaving(12 * 1024);
  });

  it("throws ENOSPC in words and keeps the old file, where a short write left a cut one", () => {
    expect(() => writeFileAtomic(file, "x".repeat(64 * 1024))).toThrow(`cannot write ${file}: no space left on the device`);
    expect(readFileSync(file, "utf8")).toBe(old);
    expect(readdirSync(disk).filter((name) => name.includes(".tmp-"))).toEqual([]);
  });

  it("foresight format fails with one line instead of saying `formatted` over a cut file", () => {
    const result = foresight("format", pipeline);
    expect(result.code, result.stderr).not.toBe(0);
    expect(result.stdout).not.toContain("formatted");
    expect(result.stderr).toBe(`foresight: cannot write ${pipeline}: no space left on the device\n`);
    expect(readFileSync(pipeline, "utf8")).toBe(unformatted);
  });
});
