import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunListing, SweepListing } from "../protocol/index.js";
import { BIN, foresight, runAsync, tempDir } from "./fixtures/foresight-process.js";

/** `foresight runs --json`'s answer. */
type Listed = { runs: RunListing[]; sweeps: SweepListing[] };

describe("foresight runs", () => {
  it("lists a runs folder's runs and sweeps newest first, as the editor's Runs list, filtered by words, and as JSON", () => {
    const out = tempDir("cli-runs");
    expect(foresight("run", "examples/gridworld-vgps.foresight.json", "-n", "6", "-q", "--set", "sampler.n=4", "--name", "four samples", "--out", out).code).toBe(0);
    expect(foresight("run", "examples/gridworld-policy-only.foresight.json", "-n", "8", "-q", "--seed", "3", "--out", out).code).toBe(0);
    expect(foresight("run", "examples/gridworld-policy-only.foresight.json", "-n", "5", "-q", "--set", "run.maxSteps=60", "--out", out).code).toBe(0);
    const [vgps, policy, killed] = readdirSync(out).sort((a, b) => a.slice(-19).localeCompare(b.slice(-19)));
    const sweepOut = join(out, "sweeps");
    expect(foresight("sweep", "examples/gridworld-vgps.foresight.json", "--set", "sampler.n=1,4", "-n", "2", "-q", "--out", sweepOut).code).toBe(0);
    const [sweep] = readdirSync(sweepOut);
    writeFileSync(join(out, policy!, "notes.json"), JSON.stringify({ title: "seed three", notes: "weak baseline" }));
    // A run killed before its summary, and a folder that holds no run: the one is counted from its trace, the other left out unmentioned.
    rmSync(join(out, killed!, "summary.json"));
    mkdirSync(join(out, "scratch"));

    const listed = foresight("runs", out);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).toBe("");
    const lines = listed.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^run folder\s+pipeline\s+status\s+episodes\s+success\s+started\s+name\s+--set$/);
    expect(lines.slice(1).map((line) => line.split(/\s{3,}/))).toEqual([
      // Its --set read from its run.start: a sweep's setting killed (or still going) is told apart from the others.
      [join(out, killed!), "gridworld-policy-only", "killed (no summary)", "5", expect.stringMatching(/^\d+\.\d %$/), expect.any(String), "run.maxSteps=60"],
      [join(out, policy!), "gridworld-policy-only", "completed", "8", expect.stringMatching(/^\d+\.\d %$/), expect.any(String), "seed three"],
      [join(out, vgps!), "gridworld-vgps", "completed", "6", expect.stringMatching(/^\d+\.\d %$/), expect.any(String), "four samples", "sampler.n=4"],
    ]);

    const { runs, sweeps } = JSON.parse(foresight("runs", out, "--json").stdout) as Listed;
    expect(runs.map((run) => run.runDir)).toEqual([killed, policy, vgps].map((name) => join(out, name!)));
    expect(runs[1]).toMatchObject({ status: "completed", episodes: 8, episodesRequested: 8, notes: { title: "seed three", notes: "weak baseline" } });
    expect(runs[2]).toMatchObject({ set: ["sampler.n=4"], notes: { title: "four samples", notes: "" } });
    expect(runs[1]!.set).toBeUndefined();
    expect(runs[0]!.set).toEqual(["run.maxSteps=60"]);
    expect(sweeps).toEqual([]);

    // A sweep is listed as one; its settings' runs are in its folder, which lists them.
    const swept = foresight("runs", sweepOut);
    expect(swept.stdout).toMatch(new RegExp(`^sweep folder\\s+pipeline\\s+status\\s+settings\\s+swept\\s+started\n${join(sweepOut, sweep!)}\\s+gridworld-vgps\\s+completed\\s+2\\s+sampler\\.n\\s+\\d{4}-`));
    const inSweep = JSON.parse(foresight("runs", sweepOut, "--json").stdout) as Listed;
    expect(inSweep.sweeps.map((listed) => [listed.swept, listed.status, listed.settings])).toEqual([[["sampler.n"], "completed", { planned: 2, completed: 2, stopped: 0, failed: 0 }]]);
    expect(inSweep.runs).toEqual([]);
    const points = JSON.parse(foresight("runs", join(sweepOut, sweep!), "--json").stdout) as Listed;
    expect(points.runs.map((run) => run.episodes)).toEqual([2, 2]);
    // Each setting's run records the --set that made it.
    expect(points.runs.map((run) => run.set).sort()).toEqual([["sampler.n=1"], ["sampler.n=4"]]);

    const filtered = (folder: string, words: string) => JSON.parse(foresight("runs", folder, "--filter", words, "--json").stdout) as Listed;
    expect(filtered(out, "POLICY baseline").runs.map((run) => run.runDir)).toEqual([join(out, policy!)]);
    expect(filtered(out, "vgps").runs.map((run) => run.runDir)).toEqual([join(out, vgps!)]);
    expect(filtered(out, "sampler.n=4").runs.map((run) => run.runDir)).toEqual([join(out, vgps!)]);
    // By the status as stored and as shown.
    expect(filtered(out, "killed").runs.map((run) => run.runDir)).toEqual([join(out, killed!)]);
    expect(filtered(out, "no summary").runs.map((run) => run.runDir)).toEqual([join(out, killed!)]);
    expect(filtered(sweepOut, "sampler.n").sweeps).toHaveLength(1);
    expect(filtered(sweepOut, "policy-only").sweeps).toHaveLength(0);
    expect(filtered(sweepOut, "completed").sweeps).toHaveLength(1);
    expect(filtered(sweepOut, "stopped").sweeps).toHaveLength(0);
    expect(foresight("runs", out, "--filter", "nothing like it").stdout).toBe(`no run or sweep in ${out} matches "nothing like it"\n`);
  }, 60_000);

  it("keeps a run whose name holds a line break on one row, the break shown as ⏎, every column under its header", () => {
    const out = tempDir("cli-runs-newline");
    expect(foresight("run", "examples/shopping-scripted.foresight.json", "-n", "3", "-q", "--name", "first line\nsecond line\u001b[2J", "--out", out).code).toBe(0);
    const listed = foresight("runs", out, "--filter", "shopping-scripted");
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("first line⏎second line\\u001b[2J");
    expect(lines[1]!.indexOf("first line")).toBe(lines[0]!.indexOf("name"));
  }, 30_000);

  it("names what to give instead of a run's own folder, a file or a missing folder; an empty folder has no runs", () => {
    const out = tempDir("cli-runs-bad");
    expect(foresight("run", "examples/gridworld-vgps.foresight.json", "-n", "1", "-q", "--out", out).code).toBe(0);
    const [run] = readdirSync(out);
    const own = foresight("runs", join(out, run!));
    expect(own.code).toBe(2);
    expect(own.stderr).toBe(`foresight: ${join(out, run!)} is one run's folder; name the folder that holds run folders, e.g. ${out}\n`);
    const file = foresight("runs", join(out, run!, "summary.json"));
    expect(file.code).toBe(2);
    expect(file.stderr).toContain("summary.json: not a folder; name the folder runs are written to");
    const missing = foresight("runs", join(out, "nope"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope: there is no such folder");
    const empty = tempDir("cli-runs-empty");
    expect(foresight("runs", empty).stdout).toBe(`no run or sweep folders in ${empty}\n`);
  });

  it("says there are no runs yet, exit 0, in a folder with no runs/ yet, when no folder is named", async () => {
    const fresh = tempDir("cli-runs-fresh");
    expect(await runAsync(process.execPath, [BIN, "runs"], { cwd: fresh })).toEqual({ code: 0, stdout: "no runs yet: `foresight run` writes them to runs/ here\n", stderr: "" });
    expect(await runAsync(process.execPath, [BIN, "runs", "--json"], { cwd: fresh })).toEqual({ code: 0, stdout: '{"runs":[],"sweeps":[]}\n', stderr: "" });
    const named = await runAsync(process.execPath, [BIN, "runs", "runs"], { cwd: fresh });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain("runs: there is no such folder");
  });
});
