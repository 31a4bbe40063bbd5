import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readDataset } from "../nodes/dataset/index.js";
import { foresight, foresightAsync, tempDir } from "./fixtures/foresight-process.js";

const VGPS = "examples/gridworld-vgps.foresight.json";

/** A snapshot of a folder's files (name → bytes), to tell that nothing was changed. */
function filesOf(folder: string): Record<string, string> {
  return Object.fromEntries(readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => [join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name)).toString("base64")]));
}

function insertLine(file: string, line: number, text: string): void {
  const lines = readFileSync(file, "utf8").split("\n");
  lines.splice(line - 1, 0, text);
  writeFileSync(file, lines.join("\n"));
}

/** Turns a finished run's dataset into what a kill leaves: each stream's Parquet file moved into its parts folder. */
function asKilled(dataset: string): void {
  for (const stream of ["transitions", "preferences"]) {
    const parts = join(dataset, `${stream}.parquet.parts`);
    mkdirSync(parts);
    renameSync(join(dataset, `${stream}.parquet`), join(parts, "part-000000-000000.parquet"));
  }
}

describe("foresight dataset repair on damaged input", () => {
  const out = tempDir("repair-damaged");
  let finished: string;
  let parquetOnly: string;
  let copies = 0;
  const copyOf = (runDir: string): string => {
    const copy = join(out, `copy-${++copies}`);
    cpSync(runDir, copy, { recursive: true });
    return copy;
  };

  beforeAll(async () => {
    const [both, parquet] = await Promise.all([
      foresightAsync("run", VGPS, "--episodes", "4", "--trace", "off", "--quiet", "--out", join(out, "both"), "--json"),
      foresightAsync("run", VGPS, "--episodes", "4", "--trace", "off", "--quiet", "--set", 'dataset.formats=["parquet"]', "--out", join(out, "parquet"), "--json"),
    ]);
    expect(both.code, both.stderr).toBe(0);
    expect(parquet.code, parquet.stderr).toBe(0);
    finished = (JSON.parse(both.stdout) as { runDir: string }).runDir;
    parquetOnly = (JSON.parse(parquet.stdout) as { runDir: string }).runDir;
  });

  it("refuses a killed run with a line that is not JSON in one line naming file and line, and changes nothing", () => {
    const runDir = copyOf(finished);
    const dataset = join(runDir, "dataset");
    asKilled(dataset);
    insertLine(join(dataset, "transitions.jsonl"), 5, "garbage{{");
    const before = filesOf(runDir);
    const repair = foresight("dataset", "repair", runDir);
    expect(repair.code).toBe(2);
    expect(repair.stderr).toMatch(new RegExp(`^foresight: ${join(dataset, "transitions.jsonl")}, line 5: not a JSON record \\(.*\\); nothing was changed: remove or fix it, then repair again\\n$`));
    expect(filesOf(runDir)).toEqual(before);
  });

  it("refuses a Parquet-only killed run with a part cut short, naming the part, and changes nothing", () => {
    const runDir = copyOf(parquetOnly);
    const dataset = join(runDir, "dataset");
    asKilled(dataset);
    const part = join(dataset, "transitions.parquet.parts", "part-000000-000000.parquet");
    truncateSync(part, 200);
    const before = filesOf(runDir);
    const repair = foresight("dataset", "repair", runDir);
    expect(repair.code).toBe(2);
    expect(repair.stderr.split("\n")).toHaveLength(2);
    expect(repair.stderr).toContain(`foresight: ${part} cannot be read (`);
    expect(filesOf(runDir)).toEqual(before);
  });

  it("writes a Parquet file that cannot be read again from the whole JSON Lines file", async () => {
    const runDir = copyOf(finished);
    const parquet = join(runDir, "dataset", "transitions.parquet");
    truncateSync(parquet, 300);
    const repair = foresight("dataset", "repair", runDir);
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stdout).toMatch(new RegExp(`^${parquet}: \\d+ records from the JSON Lines file; the Parquet file there could not be read \\(.*\\) and was replaced$`, "m"));
    expect(await readDataset(parquet)).toEqual(await readDataset(join(runDir, "dataset", "transitions.jsonl")));
  });

  it("writes again the Parquet file a pipeline that asks for Parquet lost, and refuses a damaged line it would be written from", async () => {
    const runDir = copyOf(finished);
    const dataset = join(runDir, "dataset");
    rmSync(join(dataset, "transitions.parquet"));
    const jsonl = join(dataset, "transitions.jsonl");
    appendTornLine(jsonl);
    const repair = foresight("dataset", "repair", runDir);
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stdout).not.toContain("the run wrote no Parquet");
    expect(repair.stdout).toMatch(new RegExp(`^${join(dataset, "transitions.parquet")}: \\d+ records from the JSON Lines file; cut a torn last episode`, "m"));
    expect(await readDataset(join(dataset, "transitions.parquet"))).toEqual(await readDataset(jsonl));

    const damaged = copyOf(finished);
    rmSync(join(damaged, "dataset", "transitions.parquet"));
    insertLine(join(damaged, "dataset", "transitions.jsonl"), 3, "garbage{{");
    const refused = foresight("dataset", "repair", damaged);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${join(damaged, "dataset", "transitions.jsonl")}, line 3: not a JSON record`);
    expect(existsSync(join(damaged, "dataset", "transitions.parquet"))).toBe(false);
  });
});

/** What a kill leaves at the end of a JSON Lines file: a line of the next episode, cut short. */
function appendTornLine(file: string): void {
  writeFileSync(file, readFileSync(file, "utf8") + '{"episode":99,"st');
}
