import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
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

/** Python's exit status and what it wrote, for code that is meant to fail. */
function pythonRun(code: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(PLAIN_PYTHON, ["-c", code, ...args], { encoding: "utf8", env: { ...process.env, PYTHONPATH: shippedPythonFolder() } });
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

  it("raises for a run folder that is not there, naming it (it read as a run with no records)", () => {
    const missing = join(tempDir("python-missing"), "no-such-run");
    const code = "import sys\nfrom foresight_env.datasets import read_records\ntry:\n  read_records(sys.argv[1])\nexcept FileNotFoundError as error:\n  print(error)";
    expect(python(code, missing)).toBe(`${missing}: no such run folder\n`);
  });

  it("finds the files where the run's Dataset collector wrote them (its folder param, in each shard), as foresight train does", () => {
    const run = runFolder(tempDir("python-own-folder"), "--workers", "2", "--set", "dataset.folder=a/b");
    const listed = python("import sys; from foresight_env.datasets import dataset_files; print('\\n'.join(map(str, dataset_files(sys.argv[1]))))", run);
    expect(listed.trim().split("\n")).toEqual(writerFolders(run).map((home) => join(home, "a/b/transitions.jsonl")));
    const count = python("import sys; from foresight_env.datasets import read_records; print(len(list(read_records(sys.argv[1]))))", run);
    const recorded = writerFolders(run).reduce((n, home) => n + readFileSync(join(home, "a/b/transitions.jsonl"), "utf8").trim().split("\n").length, 0);
    expect(Number(count)).toBe(recorded);
  });

  it("docs/datasets.md's hand-written dataset_files lists what foresight_env's does, Parquet too (it took no suffix)", () => {
    const docs = readFileSync("docs/datasets.md", "utf8");
    const byHand = /Without `foresight_env`, the same order by hand[^\n]*\n\n```python\n([\s\S]*?)```/.exec(docs);
    expect(byHand, "the by-hand snippet").not.toBeNull();
    const run = runFolder(tempDir("python-by-hand"), "--workers", "2");
    const compare = `import sys\n${byHand![1]}\nfrom foresight_env import datasets\nfor suffix in (".jsonl", ".parquet"):\n  assert dataset_files(sys.argv[1], "transitions", suffix=suffix) == datasets.dataset_files(sys.argv[1], suffix=suffix) != [], suffix\nprint("same")`;
    expect(python(compare, run)).toBe("same\n");
  });

  it("leaves a torn last episode out whole, as foresight train does, and warns naming the file and the repair", () => {
    const run = runFolder(tempDir("python-torn"));
    const file = join(run, "dataset", "transitions.jsonl");
    const whole = readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { episode: number });
    truncateSync(file, readFileSync(file).length - 50);
    const torn = whole.at(-1)!.episode;
    const code = "import json, sys, warnings\nfrom foresight_env.datasets import read_records\nwith warnings.catch_warnings(record=True) as caught:\n  warnings.simplefilter('always')\n  records = list(read_records(sys.argv[1]))\nprint(json.dumps({'records': records, 'warnings': [str(w.message) for w in caught]}))";
    const read = JSON.parse(python(code, run)) as { records: unknown[]; warnings: string[] };
    expect(read.records).toEqual(whole.filter((record) => record.episode !== torn));
    expect(read.warnings).toEqual([`${file}: its last line is cut off (a run killed mid-write): episode ${torn} (never finished) is left out; \`npx foresight dataset repair ${run}\` cuts it off the file`]);
  });

  it("raises for a line before the end that is not JSON, naming the file and the line", () => {
    const run = runFolder(tempDir("python-corrupt"));
    const file = join(run, "dataset", "transitions.jsonl");
    const lines = readFileSync(file, "utf8").split("\n");
    lines[2] = lines[2]!.slice(0, 40);
    writeFileSync(file, lines.join("\n"));
    const result = pythonRun("import sys\nfrom foresight_env.datasets import read_records\nlist(read_records(sys.argv[1]))", run);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`ValueError: ${file}, line 3: not a JSON record`);
  });
});
