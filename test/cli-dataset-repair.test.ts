import { spawn } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { readDataset } from "../nodes/dataset/index.js";
import { BIN, foresight, tempDir } from "./fixtures/foresight-process.js";

/** Waits until `file` holds at least `bytes`, or gives up after `ms`. */
async function waitForBytes(file: string, bytes: number, ms: number): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (existsSync(file) && statSync(file).size >= bytes) return;
  throw new Error(`${file} did not reach ${bytes} bytes in ${ms} ms`);
}

describe("foresight dataset repair", () => {
  it("turns the datasets of a run killed with SIGKILL into complete Parquet files holding every finished episode", async () => {
    const out = tempDir("dataset-repair");
    const run = spawn(process.execPath, [BIN, "run", "examples/gridworld-vgps.foresight.json", "--episodes", "1000000", "--trace", "off", "--workers", "1", "--out", out], { stdio: "ignore" });
    const ended = new Promise<NodeJS.Signals | null>((resolve) => run.on("close", (_code, signal) => resolve(signal)));
    // Wait for the folder, then for some episodes in the JSON Lines file.
    const runDir = await (async () => {
      for (const end = Date.now() + 30_000; Date.now() < end; await sleep(50)) {
        const [name] = existsSync(out) ? readdirSync(out) : [];
        if (name) return join(out, name);
      }
      throw new Error("the run made no folder");
    })();
    const dataset = join(runDir, "dataset");
    await waitForBytes(join(dataset, "transitions.jsonl"), 256 * 1024, 30_000);
    // While it goes, repair refuses: it would cut the episode being written, and the run would fail as it closes.
    const early = foresight("dataset", "repair", runDir);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(new RegExp(`^foresight: .*: the run still goes \\(process ${run.pid}, since .*\\): repair is for a run that was killed`));
    run.kill("SIGKILL");
    expect(await ended).toBe("SIGKILL");
    // The kill left the mark behind, naming a process that is gone.
    expect(existsSync(join(runDir, "running.json"))).toBe(true);

    const jsonl = await readDataset(join(dataset, "transitions.jsonl"));
    expect(jsonl.length).toBeGreaterThan(0);
    expect(existsSync(join(dataset, "transitions.parquet"))).toBe(false);

    const repair = foresight("dataset", "repair", runDir);
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stdout).toContain(`${join(dataset, "transitions.parquet")}: ${jsonl.length} records from the JSON Lines file`);
    expect(readdirSync(dataset).sort()).toEqual(["preferences.jsonl", "preferences.parquet", "transitions.jsonl", "transitions.parquet"]);
    // A partial last line (the kill can cut a write short) was cut off; what remains is every finished episode, in both formats.
    for (const stream of ["transitions", "preferences"]) {
      expect(await readDataset(join(dataset, `${stream}.parquet`))).toEqual(await readDataset(join(dataset, `${stream}.jsonl`)));
    }
    const episodes = new Set(jsonl.map((r) => r["episode"]));
    expect([...episodes]).toEqual([...episodes].map((_, i) => i));

    const again = foresight("dataset", "repair", runDir);
    expect(again.stdout).toContain("nothing to repair");
  }, 90_000);

  it("leaves no running.json after a run; refuses a run marked as going on another machine unless --force", () => {
    const out = tempDir("dataset-repair-elsewhere");
    const run = foresight("run", "examples/gridworld-vgps.foresight.json", "--episodes", "2", "--trace", "off", "--quiet", "--out", out);
    expect(run.code, run.stderr).toBe(0);
    const runDir = join(out, readdirSync(out)[0]!);
    expect(existsSync(join(runDir, "running.json"))).toBe(false);
    // As a run on a shared disk, played by a machine this one cannot look into.
    writeFileSync(join(runDir, "running.json"), JSON.stringify({ pid: 1, host: "another-machine", started: "2026-12-01T00:00:00.000Z" }));
    const refused = foresight("dataset", "repair", runDir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`foresight: ${runDir}: the run may still go: its running.json names process 1 on another-machine, which this machine cannot check; repair it there, or pass --force once that process is gone\n`);
    const forced = foresight("dataset", "repair", runDir, "--force");
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain("nothing to repair");
  });

  it("cuts a torn last line off a run that wrote only JSON Lines, and says so (it said there was nothing to repair)", () => {
    const out = tempDir("dataset-repair-jsonl");
    const run = foresight("run", "examples/pendulum-random.foresight.json", "--episodes", "2", "--set", 'dataset.formats=["jsonl"]', "--trace", "off", "--quiet", "--out", out);
    expect(run.code, run.stderr).toBe(0);
    const runDir = join(out, readdirSync(out)[0]!);
    const file = join(runDir, "dataset/transitions.jsonl");
    const whole = readFileSync(file, "utf8");
    appendFileSync(file, '{"episode":2,"step":0,"obs');
    const repair = foresight("dataset", "repair", runDir);
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stdout).toBe(`${file}: cut a torn last episode (26 bytes, its write cut short); every line left is a whole record (the run wrote no Parquet)\n`);
    expect(readFileSync(file, "utf8")).toBe(whole);
  });

  it("refuses a folder that is not a run folder, such as the one holding run folders (it repaired every run in it, one still going too)", () => {
    const runs = tempDir("dataset-repair-runs");
    const result = foresight("dataset", "repair", runs);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`foresight: ${runs}: not a run folder (it has no pipeline.foresight.json): name one run's folder, e.g. runs/<pipeline>-<timestamp>\n`);
  });

  it("refuses a folder that does not exist", () => {
    const result = foresight("dataset", "repair", "no/such/run");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no/such/run: no such run folder");
  });
});
