import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { shippedPythonFolder } from "../nodes/environment/external/index.js";
import { writerFolders } from "../runtime/run-folder.js";
import { PLAIN_PYTHON } from "./fixtures/external-env/python.js";
import { foresight, tempDir } from "./fixtures/foresight-process.js";

// foresight_env.datasets reads a run's dataset files in episode order, as Foresight's own readers do
// (writerFolders); docs/datasets.md builds its pandas recipe on it.

function python(code: string, ...args: string[]): string {
  const result = spawnSync(PLAIN_PYTHON, ["-c", code, ...args], { encoding: "utf8", env: { ...process.env, PYTHONPATH: shippedPythonFolder() } });
  if (result.status !== 0) throw new Error(`${PLAIN_PYTHON} failed (exit ${result.status}): ${result.stderr}`);
  return result.stdout;
}

function runFolder(out: string, ...args: string[]): string {
  const result = foresight("run", "examples/gridworld-vgps.foresight.json", "--episodes", "48", "--seed", "5", "--trace", "off", "--quiet", "--out", out, ...args);
  expect(result.code, result.stderr).toBe(0);
  return join(out, readdirSync(out)[0]!);
}

describe("foresight_env.datasets", () => {
  it("lists the run folder's own files first, then the shards by number (2 before 10), leaving out a batch still being written", () => {
    const run = tempDir("python-shards");
    const homes = [run, ...[0, 1, 2, 10, 11, 12, 3].map((k) => join(run, "shards", String(k))), join(run, "shards", "13.partial")];
    for (const home of homes) {
      mkdirSync(join(home, "dataset"), { recursive: true });
      writeFileSync(join(home, "dataset", "transitions.jsonl"), "");
    }
    const listed = python("import sys; from foresight_env.datasets import dataset_files; print('\\n'.join(map(str, dataset_files(sys.argv[1]))))", run);
    expect(listed.trim().split("\n")).toEqual(writerFolders(run).map((home) => join(home, "dataset", "transitions.jsonl")));
    expect(listed).toMatch(/shards\/3\/dataset\/transitions\.jsonl\n.*shards\/10\//);
  });

  it("reads a run on two workers, shard after shard, as the same run on one thread recorded it", () => {
    const serial = runFolder(tempDir("python-serial"));
    const sharded = runFolder(tempDir("python-sharded"), "--workers", "2");
    expect(readdirSync(join(sharded, "shards")).length).toBeGreaterThan(2);
    const read = "import json, sys; from foresight_env.datasets import read_records; print(json.dumps(list(read_records(sys.argv[1], sys.argv[2]))))";
    for (const stream of ["transitions", "preferences"]) {
      const recorded = readFileSync(join(serial, "dataset", `${stream}.jsonl`), "utf8").trim().split("\n").map((line) => JSON.parse(line) as unknown);
      expect(JSON.parse(python(read, sharded, stream)), stream).toEqual(recorded);
    }
  });
});
