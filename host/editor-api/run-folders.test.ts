import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinRegistry } from "../../nodes/index.js";
import { executeRun } from "../../runtime/execute-run.js";
import { example, validated } from "../../test/fixtures/pipelines.js";
import { statusInWords, type LiveRunState } from "../../protocol/index.js";
import { RunFolders } from "./run-folders.js";

describe("the runs list", () => {
  let root: string;
  let writer: ChildProcess | undefined;
  afterAll(() => writer?.kill());
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "foresight-run-list-"));
    const doc = example("gridworld-vgps");
    doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
    doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
    Object.assign(doc.run, { episodes: 1, maxSteps: 3 });
    const { runDir } = await executeRun({ validated: validated(doc, builtinRegistry()), pipelineFile: "examples/gridworld-vgps.foresight.json", outDir: join(root, "runs") });
    // A copy whose trace a user edited: its start time is a number.
    const edited = join(root, "runs", "edited-run");
    cpSync(runDir, edited, { recursive: true });
    const [first, ...rest] = readFileSync(join(edited, "trace.jsonl"), "utf8").split("\n");
    writeFileSync(join(edited, "trace.jsonl"), [JSON.stringify({ ...JSON.parse(first!), startedAt: 12345 }), ...rest].join("\n"));
    // A copy whose summary.json is a named pipe. A writer holds it open for 5 s, so a reader that
    // waits on it comes back late (and the test fails) instead of blocking the test forever.
    const piped = join(root, "runs", "piped-run");
    cpSync(runDir, piped, { recursive: true });
    rmSync(join(piped, "summary.json"));
    expect(spawnSync("mkfifo", [join(piped, "summary.json")]).status).toBe(0);
    writer = spawn("sh", ["-c", `sleep 5 > '${join(piped, "summary.json")}'`], { stdio: "ignore" });
  });

  it("leaves out a run whose trace has a start time that is not text, or whose summary is a named pipe, logging each once, and lists the others (it failed for every run)", () => {
    const logged: string[] = [];
    const folders = new RunFolders(
      { runsDirs: () => [join(root, "runs")], resolve: (dir) => join(root, dir), clientPath: (path) => relative(root, path) },
      () => undefined,
      (message) => logged.push(message),
    );
    const started = performance.now();
    const listed = folders.list();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.runDir).toMatch(/^runs\/gridworld-vgps-/);
    // What the editor estimates the next run's trace from: the file's size and the steps it holds.
    const summary = JSON.parse(readFileSync(join(root, listed[0]!.runDir, "summary.json"), "utf8")) as { steps: number };
    expect(listed[0]!.steps).toBe(summary.steps);
    expect(listed[0]!.traceBytes).toBe(statSync(join(root, listed[0]!.runDir, "trace.jsonl")).size);
    expect(folders.list()).toHaveLength(1);
    expect(logged.sort()).toEqual([
      "runs list leaves out edited-run: its startedAt is 12345, not text",
      `runs list leaves out piped-run: run runs/piped-run: cannot read summary.json (${join(root, "runs/piped-run/summary.json")} is a named pipe, not a file)`,
    ]);
  });

  it("names, annotates and deletes a finished run; refuses a running one and a folder that is not a run folder in a runs folder", async () => {
    const doc = example("gridworld-vgps");
    doc.nodes = doc.nodes.filter((n) => n.kind !== "dataset");
    doc.edges = doc.edges.filter((e) => !e.to.startsWith("dataset."));
    Object.assign(doc.run, { episodes: 1, maxSteps: 3 });
    const own = mkdtempSync(join(tmpdir(), "foresight-run-notes-"));
    // The file it ran from need not exist any more: the run records where it was.
    const { runDir } = await executeRun({ validated: validated(doc, builtinRegistry()), pipelineFile: join(own, "mine/vgps.foresight.json"), outDir: join(own, "runs") });
    const name = relative(own, runDir);
    let live: LiveRunState | undefined;
    const folders = new RunFolders(
      { runsDirs: () => [join(own, "runs")], resolve: (dir) => join(own, dir), clientPath: (path) => relative(own, path) },
      () => (live ? { state: live, episodesDone: 0, episodesRequested: 1 } : undefined),
    );
    // Which file it ran from, as clients name files: a copy of the pipeline saved elsewhere (same name) does not claim it.
    expect(folders.list()[0]!.path).toBe("mine/vgps.foresight.json");
    // The world it ran in, as its Environment node's params with sorted keys: what tells its runs from other worlds'.
    expect(JSON.parse(folders.list()[0]!.world!)).toEqual(doc.nodes.find((n) => n.kind === "environment")!.params);
    expect(Object.keys(JSON.parse(folders.list()[0]!.world!))).toEqual(Object.keys(doc.nodes.find((n) => n.kind === "environment")!.params!).sort());
    folders.annotate(name, { title: " baseline, n = 16 ", notes: "before the risk filter" });
    expect(folders.list()[0]!.notes).toEqual({ title: "baseline, n = 16", notes: "before the risk filter" });
    folders.annotate(name, { title: "", notes: "" });
    expect(folders.list()[0]!.notes).toBeUndefined();

    live = "paused";
    // A run the host still plays is listed with its live state (a paused run does not say "running").
    expect(folders.list()[0]).toMatchObject({ path: "mine/vgps.foresight.json", status: "paused" });
    expect(() => folders.delete(name)).toThrow(`run ${name} is still running; stop it before it can be deleted`);
    live = undefined;
    expect(() => folders.delete("runs")).toThrow("runs is not a run folder in a runs folder; only those can be deleted");
    expect(() => folders.delete(`${name}/..`)).toThrow(/is not a run folder in a runs folder/);
    folders.delete(name);
    expect(folders.list()).toEqual([]);
    await expect(folders.open(name)).rejects.toThrow(`run ${name}: no such run folder`);
  });

  it("lists a run another process plays as running in that process and refuses to change it; once that process is gone, as killed", async () => {
    const doc = example("gridworld-policy-only");
    Object.assign(doc.run, { episodes: 2, maxSteps: 3 });
    const own = mkdtempSync(join(tmpdir(), "foresight-run-player-"));
    const { runDir } = await executeRun({ validated: validated(doc, builtinRegistry()), pipelineFile: "examples/gridworld-policy-only.foresight.json", outDir: join(own, "runs") });
    const name = relative(own, runDir);
    const folders = new RunFolders({ runsDirs: () => [join(own, "runs")], resolve: (dir) => join(own, dir), clientPath: (path) => relative(own, path) }, () => undefined);
    // What `foresight run` in another terminal leaves while it plays: no summary yet, and its running.json.
    rmSync(join(runDir, "summary.json"));
    const player = spawn("sleep", ["60"]);
    const mark = (host: string) => writeFileSync(join(runDir, "running.json"), JSON.stringify({ pid: player.pid, host, started: new Date().toISOString() }));
    try {
      mark(hostname());
      expect(folders.list()[0]).toMatchObject({ status: "running elsewhere", player: { pid: player.pid, host: hostname(), elsewhere: false }, episodes: 2 });
      expect(statusInWords(folders.list()[0]!)).toBe(`running in process ${player.pid}`);
      expect(() => folders.delete(name)).toThrow(`run ${name} is still running in process ${player.pid} on this machine; stop it before it can be deleted`);
      expect(() => folders.annotate(name, { title: "mine", notes: "" })).toThrow(/still running in process \d+ on this machine; stop it before it can be annotated/);
      // On another machine (a shared disk) the process cannot be checked: it is taken as playing, and the error says how to clear a stale mark.
      mark("gpu-box-7");
      expect(statusInWords(folders.list()[0]!)).toBe(`running in process ${player.pid} on gpu-box-7`);
      expect(() => folders.delete(name)).toThrow(`run ${name} is still running in process ${player.pid} on gpu-box-7, which cannot be checked from here (if it is gone, remove the run's running.json); stop it before it can be deleted`);
      mark(hostname());
    } finally {
      player.kill("SIGKILL");
    }
    await new Promise((resolve) => player.once("exit", resolve));
    expect(folders.list()[0]).toMatchObject({ status: "killed", episodes: 2 });
    expect(folders.list()[0]!.player).toBeUndefined();
    expect(statusInWords(folders.list()[0]!)).toBe("killed (no summary)");
    folders.delete(name);
    expect(folders.list()).toEqual([]);
  });
  it("counts a killed run's success rate by the summary's rule: a world that says nothing of success has none, not 0 %", async () => {
    const own = mkdtempSync(join(tmpdir(), "foresight-run-killed-"));
    const folders = new RunFolders({ runsDirs: () => [join(own, "runs")], resolve: (dir) => join(own, dir), clientPath: (path) => relative(own, path) }, () => undefined);
    for (const name of ["pendulum-random", "gridworld-policy-only"]) {
      const doc = example(name);
      Object.assign(doc.run, { episodes: 4, maxSteps: 20 });
      const { runDir } = await executeRun({ validated: validated(doc, builtinRegistry()), pipelineFile: `examples/${name}.foresight.json`, outDir: join(own, "runs") });
      const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")) as { successRate: { value: number | null } };
      rmSync(join(runDir, "summary.json"));
      const killed = folders.list().find((run) => run.runDir === relative(own, runDir))!;
      expect(killed).toMatchObject({ status: "killed", episodes: 4, successRate: summary.successRate.value });
    }
    expect(folders.list().map((run) => run.successRate)).toContain(null);
  });
});
