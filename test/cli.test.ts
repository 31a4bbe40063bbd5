import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDataset } from "../nodes/dataset/index.js";
import { parseTraceLine } from "../runtime/trace/candidate-rows.js";
import { BIN, foresight, interruptRun, runAsync, tempDir, writeExampleVariant } from "./fixtures/foresight-process.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary places of the JSON
function writeVariant(edit: (doc: any) => void): string {
  const doc = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8"));
  edit(doc);
  const file = join(tempDir("file"), "variant.foresight.json");
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe("foresight CLI", () => {
  it("prints its version and help, exit 0", () => {
    const version = `${JSON.parse(readFileSync("package.json", "utf8")).version}\n`;
    expect(foresight("--version")).toMatchObject({ code: 0, stdout: version });
    expect(foresight("compare", "--version")).toMatchObject({ code: 0, stdout: version });
    const help = foresight("run", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--episodes <N>");
    expect(foresight("help", "dataset")).toMatchObject({ code: 0 });
  });

  it("shows the usage and exits 2 when a command is missing, as for any invalid command line", () => {
    for (const args of [[], ["dataset"]]) {
      const missing = foresight(...args);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("Usage: foresight");
    }
  });

  it("says a command-line mistake on one line, as every other error, with commander's hint in it", () => {
    expect(foresight("run", "--episdes", "3", "x.json")).toMatchObject({ code: 2, stderr: "foresight: unknown option '--episdes' (did you mean --episodes?); add --help for usage\n" });
    expect(foresight("run")).toMatchObject({ code: 2, stderr: "foresight: missing required argument 'file'; add --help for usage\n" });
  });

  it("ends quietly (exit 0, nothing on stderr) when the reader of its output leaves, as in `foresight schema | head -1`", () => {
    const stderr = join(tempDir("pipe"), "stderr");
    // The schema (~100 KB) is more than a pipe holds: head reads its line and exits with most of it still to write.
    const piped = spawnSync("bash", ["-c", 'set -o pipefail; "$1" "$2" schema 2>"$3" | head -1', "bash", process.execPath, BIN, stderr], { encoding: "utf8" });
    expect(piped.stdout).toBe("{\n");
    expect(readFileSync(stderr, "utf8")).toBe("");
    expect(piped.status).toBe(0);
  });

  it("validates the examples (exit 0) and reports every problem of a bad file with its pointer (exit 2)", () => {
    expect(foresight("validate", "examples/gridworld-vgps.foresight.json").code).toBe(0);
    const bad = writeVariant((doc) => {
      doc.nodes[2].params.n = 0;
      doc.nodes[3].kind = "q-scorr";
    });
    const result = foresight("validate", bad);
    expect(result.code).toBe(2);
    // The file is one line: each problem is placed on it, at its key's column.
    expect(result.stderr).toMatch(new RegExp(`^${bad}:1:\\d+: #/nodes/2/params/n \\(node "sampler"\\)`, "m"));
    expect(result.stderr).toContain(`: #/nodes/3/kind (node "q"): unknown node kind "q-scorr"; known kinds: environment, policy, sampler, q-scorer`);
    expect(result.stderr).toContain('Did you mean "q-scorer"?');
    expect(result.stderr.trim().split("\n").at(-1)).toMatch(/: \d+ problems \(a node kind of your own: load its module with --kinds <module\.js>\)$/);
  });

  it("gives each bad file's count of problems after its own problems, and how many files have any", () => {
    const bad = writeVariant((doc) => void (doc.nodes[2].params.n = 0));
    const unreadable = join(tempDir("validate-several"), "broken.foresight.json");
    writeFileSync(unreadable, "{");
    const result = foresight("validate", bad, "examples/gridworld-vgps.foresight.json", unreadable);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("examples/gridworld-vgps.foresight.json: valid (gridworld-vgps: 7 nodes, 11 edges)\n");
    const summaries = result.stderr.split("\n").filter((line) => line.startsWith("foresight: "));
    expect(summaries).toEqual([expect.stringMatching(new RegExp(`^foresight: ${bad}: 1 problem\\b`)), `foresight: ${unreadable}: cannot be read as a pipeline`, "foresight: 2 of 3 files have problems"]);
  });

  it("reports a JSON syntax error with line and column (exit 2)", () => {
    const file = join(tempDir("json"), "broken.foresight.json");
    writeFileSync(file, '{\n  "format": "foresight/pipeline",\n  "version": 1,,\n}');
    const result = foresight("validate", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/line 3, column \d+/);
  });

  it("exits 2 for bad arguments and bad overrides, with a one-line reason", () => {
    expect(foresight("run", "examples/gridworld-vgps.foresight.json", "--episodes", "many").code).toBe(2);
    expect(foresight("run", "examples/gridworld-vgps.foresight.json", "--frobnicate").code).toBe(2);
    const ghost = foresight("run", "examples/gridworld-vgps.foresight.json", "--set", "ghost.n=3");
    expect(ghost.code).toBe(2);
    expect(ghost.stderr).toContain('no node "ghost"');
    const range = foresight("run", "examples/gridworld-vgps.foresight.json", "--set", "sampler.n=0");
    expect(range.code).toBe(2);
    expect(range.stderr).toContain("/nodes/2/params/n");
    // The pointer names the file, whose own n is fine: the line says which --set gave the value.
    expect(range.stderr.split("\n")[0]).toMatch(/#\/nodes\/2\/params\/n \(node "sampler"\): .* \(given by --set sampler\.n=0\)$/);
    const run = foresight("run", "examples/gridworld-vgps.foresight.json", "--set", "sampler.n=8", "--set", "run.maxSteps=none");
    expect(run.stderr).toMatch(/#\/run\/maxSteps: .* \(given by --set run\.maxSteps=none\)\n/);
    expect(run.stderr).not.toContain("sampler.n=8");
    expect(foresight("run", "no/such/file.foresight.json").code).toBe(2);
  });

  it("runs a pipeline into a run folder: pipeline copy, trace, summary and dataset", async () => {
    const out = tempDir("run");
    const result = foresight("run", "examples/gridworld-vgps.foresight.json", "--episodes", "5", "--seed", "3", "--out", out, "--json", "--set", "sampler.n=8", "--workers", "1");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ status: "completed", episodes: 5, seed: 3, pipeline: "gridworld-vgps" });
    const runDir: string = summary.runDir;
    expect(readdirSync(out)).toEqual([runDir.split("/").at(-1)]);
    const copy = JSON.parse(readFileSync(join(runDir, "pipeline.foresight.json"), "utf8"));
    expect(copy.run).toMatchObject({ episodes: 5, seed: 3 });
    expect(copy.nodes[2].params.n).toBe(8);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads fields of every event type
    const events = readFileSync(join(runDir, "trace.jsonl"), "utf8").trim().split("\n").map((line) => parseTraceLine(line) as any);
    expect(events[0]).toMatchObject({ type: "run.start", traceVersion: 4, episodes: 5, seed: 3 });
    expect(events.at(-1)).toMatchObject({ type: "run.end", status: "completed", episodes: 5 });
    const stepEnds = events.filter((e) => e.type === "step.end");
    expect(stepEnds[0].candidates).toHaveLength(8);
    expect(Object.keys(stepEnds[0].candidates[0])).toEqual(expect.arrayContaining(["action", "logp", "q", "risk", "filtered", "reason", "selected"]));
    const nodeEnd = (node: string) => events.find((e) => e.type === "node.end" && e.node === node && e.step === 0);
    expect(nodeEnd("sampler").outputs.candidates).toHaveLength(8);
    // A node that adds columns is traced as those columns, pointing at the table it extended.
    const scored = nodeEnd("q").outputs.candidates;
    expect(scored.$candidatesFrom).toBe("sampler.candidates");
    expect(Object.keys(scored.columns)).toEqual(["q", "risk"]);
    expect(scored.columns.q).toEqual(stepEnds[0].candidates.map((row: { q: number }) => row.q));
    const stored = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    expect(stored.successRate).toEqual(summary.successRate);
    expect(stored.nodeTime["q-scorer"].calls).toBe(stepEnds.length);
    const transitions = await readDataset(join(runDir, "dataset/transitions.parquet"));
    expect(transitions).toHaveLength(stepEnds.length);
    expect(await readDataset(join(runDir, "dataset/transitions.jsonl"))).toEqual(transitions);
  });

  it("exits 1 naming node, episode and step when a node fails and the file says to end the run", () => {
    const result = foresight(
      "run", "examples/gridworld-vgps.foresight.json", "--episodes", "3", "--out", tempDir("fail"), "--quiet",
      "--set", "run.onNodeError=endRun", "--set", "executor.score=judge",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/node "executor" \(executor\) at episode 0, step 0: .*judge/);
  });

  it("compares the policy alone with the value-guided pipeline: +20 points or more, intervals apart", () => {
    const result = foresight(
      "compare", "examples/gridworld-policy-only.foresight.json", "examples/gridworld-vgps.foresight.json",
      "--episodes", "200", "--seed", "1", "--out", tempDir("compare"), "--json", "--trace", "off",
    );
    expect(result.code).toBe(0);
    const comparison = JSON.parse(result.stdout);
    expect(comparison.a.episodes).toBe(200);
    expect(comparison.b.episodes).toBe(200);
    expect(comparison.difference.successRate.value).toBeGreaterThanOrEqual(0.2);
    expect(comparison.successIntervalsOverlap).toBe(false);
    expect(comparison.b.successRate.low).toBeGreaterThan(comparison.a.successRate.high);
  });

  it("prints nothing on stdout with --quiet, as its help says (no progress bar and no table); still writes both runs", () => {
    const out = tempDir("compare-quiet");
    const result = foresight("compare", "examples/gridworld-policy-only.foresight.json", "examples/gridworld-vgps.foresight.json", "--episodes", "3", "--out", out, "--trace", "off", "--quiet");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("");
    expect(readdirSync(out).filter((name) => existsSync(join(out, name, "summary.json")))).toHaveLength(2);
  });

  it("says on stderr what the nodes noted (where the dataset went), three a node and the rest counted; --quiet and --json leave it out", () => {
    const out = tempDir("cli-notes");
    const policy = "examples/gridworld-policy-only.foresight.json";
    const one = foresight("run", policy, "-n", "3", "--trace", "off", "--out", out);
    expect(one.code, one.stderr).toBe(0);
    const runDir = /^run folder: (.*)$/m.exec(one.stdout)![1]!;
    expect(one.stderr).toBe(`foresight: node "dataset": 3 episodes written to ${join(runDir, "dataset")}\n`);
    // On two threads each chunk of episodes has a Dataset collector of its own, which notes its shard.
    const sharded = foresight("run", policy, "-n", "200", "--workers", "2", "--trace", "off", "--out", out);
    const shardedDir = /^run folder: (.*)$/m.exec(sharded.stdout)![1]!;
    const noted = readFileSync(join(shardedDir, "trace.jsonl"), "utf8").split("\n").filter((line) => line.includes('"type":"node.log"')).length;
    expect(noted).toBeGreaterThan(4);
    const lines = sharded.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    for (const line of lines.slice(0, 3)) expect(line).toMatch(new RegExp(`^foresight: node "dataset": \\d+ episodes written to ${shardedDir}/shards/\\d+/dataset$`));
    expect(lines[3]).toBe(`foresight: node "dataset": ${noted - 3} more notes in the trace (its node.log lines)`);
    for (const flag of ["--quiet", "--json"]) expect(foresight("run", policy, "-n", "3", "--trace", "off", flag, "--out", out).stderr).toBe("");
  });

  it("says once, after the run, what settings did nothing or how often the risk filter left no candidate", () => {
    const out = tempDir("cli-run-notes");
    const result = foresight("run", "examples/pointmass-rawmpc.foresight.json", "-n", "2", "--trace", "off", "--out", out, "--set", "sampler.topK=1", "--set", "risk.max=-1");
    expect(result.code, result.stderr).toBe(0);
    const notes = result.stderr.split("\n").filter((line) => !line.includes('node "dataset"') && line !== "");
    expect(notes).toEqual([
      expect.stringMatching(/^foresight: node "sampler": topK did nothing at ([\d,]+) steps: the policy's distribution there was continuous/),
      expect.stringMatching(/^foresight: node "risk": every candidate was filtered at ([\d,]+) of \1 steps \(100\.0\s%\): the least risky was kept \(fallback "least-risky"\)$/),
    ]);
    expect(/at ([\d,]+) steps/.exec(notes[0]!)![1]).toBe(/at ([\d,]+) of/.exec(notes[1]!)![1]);
    // Settings that do what they say: no note.
    const quiet = foresight("run", "examples/gridworld-vgps.foresight.json", "-n", "20", "--trace", "off", "--out", out);
    expect(quiet.stderr.split("\n").filter((line) => line.includes('"sampler"') || line.includes('"risk"'))).toEqual([]);
  });

  it("compares on the same episodes and seed where the files differ, and says so; says when A and B act in different worlds", () => {
    const dir = tempDir("compare-unlike");
    const a = writeExampleVariant("gridworld-policy-only", dir, "a", (doc) => Object.assign(doc.run, { episodes: 4, seed: 2 }));
    const b = writeExampleVariant("gridworld-vgps", dir, "b", (doc) => {
      Object.assign(doc.run, { episodes: 3, seed: 5 });
      doc.nodes.find((node: { id: string }) => node.id === "env").params.map = "cliff";
    });
    const result = foresight("compare", a, b, "--out", dir, "--trace", "off", "--json");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      "foresight: A's and B's files differ in episodes 4 and 3, seed 2 and 5: both play 3 episodes with seed 2 (--episodes and --seed choose)\n" +
        'foresight: A and B act in different worlds (their environments\' map: "lava-bridge" and "cliff"), so the difference is not the pipelines\' alone\n',
    );
    const comparison = JSON.parse(result.stdout);
    expect([comparison.a.episodes, comparison.b.episodes, comparison.a.seed, comparison.b.seed]).toEqual([3, 3, 2, 2]);
    // Flags choose for both, and files that agree get no note.
    expect(foresight("compare", a, b, "--episodes", "2", "--seed", "7", "--out", dir, "--trace", "off", "--quiet", "--set", "env.map=lava-bridge").stderr).toBe("");
  });

  it("changes one file only with --set-a or --set-b (a node only B has), and names the file whose node --set cannot find", () => {
    const out = tempDir("compare-set-b");
    const files = ["examples/gridworld-policy-only.foresight.json", "examples/gridworld-vgps.foresight.json"];
    const both = foresight("compare", ...files, "--episodes", "2", "--out", out, "--quiet", "--set", "risk.max=0.3");
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('foresight: examples/gridworld-policy-only.foresight.json: --set risk.max=0.3: no node "risk" (nodes: env, policy, sampler, executor, dataset)\n');
    const result = foresight("compare", ...files, "--episodes", "2", "--out", out, "--json", "--trace", "off", "--set-b", "risk.max=0.3", "--set-a", "policy.temperature=2");
    expect(result.code, result.stderr).toBe(0);
    const { runDirs } = JSON.parse(result.stdout) as { runDirs: { a: string; b: string } };
    const setOf = (dir: string) => (JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as { set?: string[] }).set;
    expect([setOf(runDirs.a), setOf(runDirs.b)]).toEqual([["policy.temperature=2"], ["risk.max=0.3"]]);
  });

  it("tells A from B in the table's columns when a file is compared with itself, changed by --set-b", () => {
    const file = "examples/gridworld-vgps.foresight.json";
    const result = foresight("compare", file, file, "--episodes", "2", "--out", tempDir("compare-itself"), "--trace", "off", "--set-b", "risk.max=0.3");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split("\n")[0]).toMatch(/^ +gridworld-vgps \(A\) +gridworld-vgps \(B\) +difference \(B − A\)$/);
  });

  it("shows no success rate for a world that says nothing of success, and compares such runs by return", () => {
    const out = tempDir("no-success");
    const table = foresight("compare", "examples/pendulum-random.foresight.json", "examples/pendulum-policy-only.foresight.json", "--episodes", "3", "--seed", "1", "--out", out, "--trace", "off");
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^success rate \(95% CI\) +– \(the world reports none\) +– \(the world reports none\) +–$/m);
    expect(table.stdout).toContain("no success rate to compare (the world says nothing of success), so judge by return:");
    const json = JSON.parse(foresight("run", "examples/pendulum-random.foresight.json", "--episodes", "2", "--out", out, "--trace", "steps", "--json").stdout);
    expect(json.successRate).toEqual({ value: null, low: null, high: null });
    const ends = readFileSync(join(json.runDir, "trace.jsonl"), "utf8").split("\n").filter((line) => line.includes('"episode.end"'));
    expect(ends.map((line) => JSON.parse(line).success)).toEqual([null, null]);
    // A world with a goal says false for an episode that did not reach it: GridWorld's rate stays a number.
    const grid = JSON.parse(foresight("run", "examples/gridworld-policy-only.foresight.json", "--episodes", "20", "--out", out, "--trace", "off", "--json").stdout);
    expect(grid.successRate.value).toBeGreaterThan(0);
    expect(grid.successRate.value).toBeLessThan(1);
  });

  it("prints the JSON Schema of pipeline files with every node kind", () => {
    const result = foresight("schema");
    expect(result.code).toBe(0);
    const text = result.stdout;
    for (const kind of ["environment", "policy", "sampler", "q-scorer", "rollout", "risk-filter", "executor", "dataset"]) expect(text).toContain(`"const": "${kind}"`);
    expect(JSON.parse(text).$schema).toMatch(/json-schema/);
  });

  it("loses at most the episode in progress when killed with SIGKILL", async () => {
    const out = tempDir("kill");
    const child = spawn(process.execPath, [BIN, "run", "examples/gridworld-vgps.foresight.json", "--episodes", "100000", "--out", out, "--quiet", "--trace", "steps", "--workers", "1"], { stdio: "ignore" });
    // Wait until the JSON Lines file holds a few hundred episodes.
    const dataset = (file: string) => join(out, readdirSync(out)[0] ?? "none", "dataset", file);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !(existsSync(dataset("transitions.jsonl")) && statSync(dataset("transitions.jsonl")).size > 256 * 1024)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const runDir = join(out, readdirSync(out)[0]!);
    expect(existsSync(join(runDir, "summary.json"))).toBe(false);

    const jsonl = await readDataset(join(runDir, "dataset/transitions.jsonl"));
    const byEpisode = new Map<number, (typeof jsonl)[number][]>();
    for (const record of jsonl) {
      const episode = Number(record["episode"]);
      if (!byEpisode.has(episode)) byEpisode.set(episode, []);
      byEpisode.get(episode)!.push(record);
    }
    const episodes = [...byEpisode.keys()];
    expect(episodes.length).toBeGreaterThanOrEqual(1);
    expect(episodes).toEqual(episodes.map((_, i) => i));
    for (const [episode, steps] of byEpisode) {
      expect(steps.map((r) => Number(r["step"]))).toEqual(steps.map((_, i) => i));
      const last = steps.at(-1)!;
      expect(last["terminated"] === true || last["truncated"] === true, `episode ${episode} is complete`).toBe(true);
    }
    // Beside JSON Lines, Parquet has no parts: its empty parts folder reads as the JSON Lines file, which `foresight dataset repair` turns into Parquet.
    expect(readdirSync(join(runDir, "dataset/transitions.parquet.parts"))).toEqual([]);
    expect(await readDataset(join(runDir, "dataset/transitions.parquet.parts"))).toEqual(jsonl);
    const lines = readFileSync(join(runDir, "trace.jsonl"), "utf8").split("\n").filter(Boolean);
    expect(() => lines.map((line) => JSON.parse(line))).not.toThrow();
  });

  it("stops cleanly on SIGINT: summary written, Parquet compacted, exit 1", async () => {
    const { code, stderr, runDir } = await interruptRun(tempDir("sigint"), "dataset/transitions.jsonl", "examples/gridworld-vgps.foresight.json", "--episodes", "100000", "--quiet", "--trace", "off", "--workers", "1");
    expect(code, stderr).toBe(1);
    expect(stderr).toContain("run stopped");
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    expect(summary.status).toBe("stopped");
    const parquet = await readDataset(join(runDir, "dataset/transitions.parquet"));
    expect(existsSync(join(runDir, "dataset/transitions.parquet.parts"))).toBe(false);
    expect(parquet).toEqual(await readDataset(join(runDir, "dataset/transitions.jsonl")));
  });

  it("shows the steps/s and time left of the whole run on its progress bar, with the episodes spread over threads", async () => {
    const out = tempDir("progress");
    const screen = join(out, "screen.txt");
    // On a terminal (`script` gives it one) the run draws its bar; the threads' events carry times of their own chunks.
    const command = `'${process.execPath}' '${BIN}' run examples/gridworld-vgps.foresight.json --episodes 2000 --trace off --workers 2 --json --out '${out}'`;
    await runAsync("script", ["-qfc", command, screen]);
    const text = readFileSync(screen, "utf8");
    const frames = [...text.matchAll(/(\d+)\/2000 episodes \| success [\d.]+% \| ([\d,]+) steps\/s \| ETA (\w+)/g)];
    expect(frames.length).toBeGreaterThan(0);
    const last = frames.at(-1)!;
    expect(last[1]).toBe("2000");
    expect(last[3]).toBe("0s");
    const barRate = Number(last[2]!.replaceAll(",", ""));
    const summary = JSON.parse(text.slice(text.indexOf('{"')).split("\n")[0]!);
    // The bar's last frame comes as the last episode ends, the summary's rate a moment later: close, not equal.
    expect(barRate / summary.stepsPerSecond).toBeGreaterThan(0.7);
    expect(barRate / summary.stepsPerSecond).toBeLessThan(1.4);
  });

  it("stops cleanly when its terminal hangs up (a closed window, a dropped SSH session), as on Ctrl+C", async () => {
    const out = tempDir("sighup");
    // `script` gives the run a terminal, so it draws its progress bar; killing `script` hangs that terminal up:
    // the run gets SIGHUP, and its next writes to the terminal fail (EIO).
    const command = `'${process.execPath}' '${BIN}' run examples/gridworld-vgps.foresight.json --episodes 100000 --trace off --workers 1 --out '${out}'`;
    const terminal = spawn("script", ["-qfc", command, "/dev/null"], { stdio: "ignore" });
    const until = async (done: () => boolean, what: string) => {
      for (const deadline = Date.now() + 30_000; !done(); await new Promise((r) => setTimeout(r, 50))) if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    };
    const runDir = () => readdirSync(out).map((id) => join(out, id))[0];
    await until(() => runDir() !== undefined && existsSync(join(runDir()!, "dataset/transitions.jsonl")), "the run's first episodes");
    terminal.kill("SIGKILL");
    await until(() => existsSync(join(runDir()!, "summary.json")), "its summary");
    expect(JSON.parse(readFileSync(join(runDir()!, "summary.json"), "utf8")).status).toBe("stopped");
    expect(existsSync(join(runDir()!, "dataset/transitions.parquet.parts"))).toBe(false);
  });
});
