import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeFloatModel } from "../runtime/inference/float-graph.js";
import { BIN, foresight, tempDir, writeExampleVariant, type Finished } from "./fixtures/foresight-process.js";

// Each hostile input of issue 12 that crashed, hung or passed silently, as a user would give it to the
// CLI. Every case runs under a time limit: before the fixes, several never returned.

/** `foresight ...args`, killed after `seconds` (a hang reads as code null and fails the test). */
function limited(seconds: number, ...args: string[]): Finished {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: seconds * 1000, killSignal: "SIGKILL" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Exit 2 and one line on stderr, which says `says`. */
function refusedWithOneLine(result: Finished, says: string | RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split("\n");
  expect(lines, result.stderr).toHaveLength(1);
  if (typeof says === "string") expect(lines[0]).toContain(says);
  else expect(lines[0]).toMatch(says);
}

const dir = tempDir("hostile");
const VGPS = "examples/gridworld-vgps.foresight.json";
const Q = 3;

/** The ONNX example with its Q-model at `model` (absolute, or relative to the test folder). */
const withModel = (name: string, model: string) => writeExampleVariant("gridworld-vgps-onnx", dir, name, (doc) => (doc.nodes[Q].params.model = model));

/** stderr's lines less the nodes' notes (`foresight: node "dataset": …`, where the Dataset collector wrote), which every run with one prints. */
function warnings(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line !== "" && !line.startsWith('foresight: node "'));
}

describe("model files that are not model files (H1)", () => {
  beforeAll(() => {
    expect(spawnSync("mkfifo", [join(dir, "pipe.onnx")]).status).toBe(0);
    mkdirSync(join(dir, "folder.onnx"));
  });

  it("validate refuses a model at /dev/zero at once (it read until memory ran out)", () => {
    const result = limited(20, "validate", withModel("dev-zero", "/dev/zero"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`#/nodes/${Q}/params/model (node "q"): Cannot read ONNX model: /dev/zero is a device, not a file`);
  });

  it("validate refuses a model that is a named pipe (it blocked forever)", () => {
    const result = limited(20, "validate", withModel("fifo", "pipe.onnx"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, "pipe.onnx")} is a named pipe, not a file`);
  });

  it("run refuses the /dev/zero model before any episode, writing no run folder", () => {
    const out = join(dir, "runs-dev-zero");
    const result = limited(20, "run", withModel("dev-zero-run", "/dev/zero"), "--out", out);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("/dev/zero is a device, not a file");
    expect(existsSync(out)).toBe(false);
  });

  it("model refuses /dev/zero, a named pipe and a folder with one line each", () => {
    refusedWithOneLine(limited(20, "model", "/dev/zero"), "foresight: Cannot read ONNX model: /dev/zero is a device, not a file");
    refusedWithOneLine(limited(20, "model", join(dir, "pipe.onnx")), "is a named pipe, not a file");
    refusedWithOneLine(limited(20, "model", join(dir, "folder.onnx")), "is a folder, not a file");
  });

  it("validate refuses a pipeline file that is a device or a pipe", () => {
    expect(spawnSync("mkfifo", [join(dir, "pipe.foresight.json")]).status).toBe(0);
    const device = limited(20, "validate", "/dev/zero");
    expect(device.code).toBe(2);
    expect(device.stderr).toContain("/dev/zero is a device, not a file");
    expect(limited(20, "validate", join(dir, "pipe.foresight.json")).stderr).toContain("is a named pipe, not a file");
  });

  it("format refuses a pipeline file that is a device or a pipe, as validate does (it waited on the pipe for a writer, and /dev/zero has no end)", () => {
    const pipe = join(dir, "format-pipe.foresight.json");
    expect(spawnSync("mkfifo", [pipe]).status).toBe(0);
    refusedWithOneLine(limited(20, "format", pipe), `${pipe}#: cannot read the file: ${pipe} is a named pipe, not a file`);
    refusedWithOneLine(limited(20, "format", "--check", "/dev/zero"), "/dev/zero#: cannot read the file: /dev/zero is a device, not a file");
  });

  it("validate and format say in words that a file is missing, or is some other JSON file (Node's 'ENOENT: …, stat' and 'version must be a positive integer' said neither)", () => {
    const missing = join(dir, "no-such.foresight.json");
    const other = join(dir, "package.json");
    writeFileSync(other, JSON.stringify({ name: "app", version: "1.0.0" }));
    // validate lists problems, then its verdict; format stops at the first: "foresight: <problem>".
    const firstLine = (result: Finished) => result.stderr.split("\n")[0]!.replace(/^foresight: /, "");
    for (const command of ["validate", "format"]) {
      expect(firstLine(limited(20, command, missing))).toBe(`${missing}#: cannot read the file: there is no such file`);
      expect(firstLine(limited(20, command, other))).toBe(`${other}:1:1: #/format: not a Foresight pipeline file: it has no "format" (a pipeline file has "format": "foresight/pipeline" and a "version")`);
    }
  });
});

describe("a model whose outputs are not what it declares (D1)", () => {
  it("fails the run while starting, naming the node and the tensor (step 0 used misaligned values)", () => {
    writeFileSync(
      join(dir, "says-four.onnx"),
      encodeFloatModel({
        inputs: { observation: ["batch", 63] },
        outputs: { q_values: ["batch", 4] },
        weights: { W: { shape: [63, 3], values: new Array<number>(63 * 3).fill(0) } },
        nodes: [{ op: "MatMul", inputs: ["observation", "W"], outputs: ["q_values"] }],
      }),
    );
    const file = withModel("says-four", "says-four.onnx");
    expect(foresight("validate", file).code).toBe(0);
    const result = foresight("run", file, "--episodes", "2", "--out", join(dir, "runs-says-four"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('run failed: node "q" (q-scorer) while starting:');
    expect(result.stderr).toContain('output "q_values" has shape [1, 3], but the model declares [batch, 4]');
  });
});

describe("--out that cannot hold run folders (H5)", () => {
  it("refuses --out /proc/x with one line (it spun forever in mkdirSync, deaf to SIGTERM)", () => {
    refusedWithOneLine(limited(20, "run", VGPS, "--episodes", "1", "--out", "/proc/x"), "foresight: --out /proc/x: cannot make the folder /proc/x:");
  });

  it.each([
    ["/etc/passwd", "--out /etc/passwd: /etc/passwd is a file, not a folder"],
    ["/dev/null/x", "--out /dev/null/x: /dev/null/x lies inside a file, not a folder"],
  ])("refuses --out %s with one line", (out, says) => {
    refusedWithOneLine(limited(20, "run", VGPS, "--episodes", "1", "--out", out), says);
  });

  it("refuses --out through a dangling symbolic link", () => {
    const link = join(dir, "dangling");
    symlinkSync(join(dir, "no-such-folder"), link);
    refusedWithOneLine(limited(20, "run", VGPS, "--episodes", "1", "--out", join(link, "runs")), `${link} is a symbolic link to something missing`);
  });
});

describe("flags past the pipeline file's bounds (D4) and other crashes", () => {
  it.each([
    [["--episodes", "1e15", "--workers", "2"], "--episodes"],
    [["--episodes", "10000001"], "--episodes"],
    [["--seed", "4294967296"], "--seed"],
    [["--seed", "-5.5"], "--seed"],
    [["--workers", "100000"], "--workers"],
    // Without --queue there are no jobs to size: it was ignored without a word.
    [["--batch", "5"], "--batch"],
  ])("refuses %j before running (exit 2, naming the flag)", (flags, flag) => {
    const out = join(dir, "runs-flags");
    const result = limited(20, "run", VGPS, ...flags, "--out", out);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toContain(flag);
    expect(existsSync(out) && readdirSync(out).length > 0).toBe(false);
  });

  it("accepts the largest seed the file accepts, and its run folder's copy validates", () => {
    const result = foresight("run", VGPS, "--episodes", "1", "--seed", "4294967295", "--out", join(dir, "runs-max-seed"), "--json", "--quiet");
    expect(result.code, result.stderr).toBe(0);
    expect(foresight("validate", join(JSON.parse(result.stdout).runDir, "pipeline.foresight.json")).code).toBe(0);
  });

  it.each(["run.__proto__.x=1", "sampler.__proto__.n=5", "sampler.constructor.prototype.n=5"])("refuses --set %s with one line (it polluted Object.prototype)", (set) => {
    refusedWithOneLine(limited(20, "run", VGPS, "--episodes", "1", "--set", set, "--out", join(dir, "runs-proto")), "would reach an object's prototype");
  });

  it("refuses deeply nested params at validate, and run writes no run folder (run died with RangeError)", () => {
    // Written as text: JSON.stringify itself overflows on a value this deep.
    const deep = join(dir, "deep.foresight.json");
    const depth = 20_000;
    writeFileSync(deep, readFileSync(VGPS, "utf8").replace('"n": 16', `"notes": ${'{"v":'.repeat(depth)}0${"}".repeat(depth)}, "n": 16`));
    const validated = foresight("validate", deep);
    expect(validated.code).toBe(2);
    expect(validated.stderr).toMatch(/#\/nodes\/2\/params\/notes(\/v)+: nested more than 64 levels deep/);
    const out = join(dir, "runs-deep");
    expect(foresight("run", deep, "--out", out).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a Dataset folder named summary.json before any episode (it played every episode, then failed with EISDIR)", () => {
    const file = writeExampleVariant("gridworld-vgps", dir, "dataset-summary", (doc) => (doc.nodes[6].params.folder = "summary.json"));
    const out = join(dir, "runs-dataset-summary");
    const result = foresight("run", file, "--episodes", "2", "--out", out);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('#/nodes/6/params/folder (node "dataset"): folder: "summary.json" is a name the run folder itself uses');
    expect(existsSync(out)).toBe(false);
  });
});

describe("pipeline files as editors save them (U1)", () => {
  it("validates a file that starts with a UTF-8 byte order mark", () => {
    const file = join(dir, "bom.foresight.json");
    writeFileSync(file, "\uFEFF" + readFileSync(VGPS, "utf8"));
    expect(foresight("validate", file).code).toBe(0);
  });

  it("gives line and column for a syntax error Node reports without a position", () => {
    const file = join(dir, "token.foresight.json");
    writeFileSync(file, '{\n  "format": "foresight/pipeline",\n  "version": tru\n}');
    const result = foresight("validate", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("not valid JSON: Unexpected token '\\n' at line 3, column 17");
  });
});

// A Script node that throws near the lava: some episodes fail, and the run goes on (onNodeError "endEpisode").
describe("a run in which some episodes fail", () => {
  it("says on stderr how many failed and the first error, and that the figures leave them out", () => {
    const file = writeExampleVariant("gridworld-script", dir, "some-fail", (doc) => {
      const script = doc.nodes.find((node: { kind: string }) => node.kind === "script");
      script.params.code = script.params.code.replace("const { q, risk } = candidates.columns;", 'const { q, risk } = candidates.columns;\n  if (risk.some((r) => r > 0.5)) throw new Error("too close to the lava");');
    });
    const result = foresight("run", file, "--episodes", "10", "--trust", "--out", join(dir, "runs-some-fail"));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/episodes +9 of 10 \(1 failed, left out of the figures below\)/);
    expect(warnings(result.stderr)).toEqual([expect.stringMatching(/^foresight: 1 of 10 episodes failed and are left out of the figures; the first: node "safe-q" \(script\) at episode \d+, step \d+: Error: too close to the lava/)]);
  });
});

// A risk filter that keeps no candidate with any risk, and ends the episode when none is left: near the lava, episodes end without acting.
describe("a run in which some episodes end without acting", () => {
  it("says on stderr how many, where the first did and why, in the summary too (a 0-return failure said nothing)", () => {
    const file = writeExampleVariant("gridworld-vgps", dir, "not-acting", (doc) => {
      Object.assign(doc.nodes.find((node: { id: string }) => node.id === "risk").params, { max: 0, fallback: "end-episode" });
    });
    const out = join(dir, "runs-not-acting");
    const result = foresight("run", file, "--episodes", "20", "--trace", "steps", "--out", out);
    expect(result.code, result.stderr).toBe(0);
    const runDir = join(out, readdirSync(out)[0]!);
    // From the trace: the episodes whose last step did not act.
    const steps = readFileSync(join(runDir, "trace.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line)).filter((e) => e.type === "step.end");
    const lastStep = new Map(steps.map((e) => [e.episode, e]));
    const idle = [...lastStep.values()].filter((e) => e.action === null).sort((a, b) => a.episode - b.episode);
    expect(idle.length).toBeGreaterThan(0);
    expect(idle.length).toBeLessThan(20);
    const [first] = idle;
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    expect(summary.endedWithoutActing).toEqual({ episodes: idle.length, first: { episode: first.episode, step: first.step, why: "every candidate was filtered" } });
    const said = `${idle.length} of 20 episodes ended without acting, the first at episode ${first.episode}, step ${first.step}: every candidate was filtered`;
    expect(warnings(result.stderr)).toEqual([`foresight: ${said} (the trace's candidates say why each was)`]);
    // The report says it under its summary too.
    const report = join(dir, "not-acting.html");
    expect(foresight("report", runDir, "--out", report).code).toBe(0);
    expect(readFileSync(report, "utf8")).toContain(`<p>${said}.</p>`);
  });
});

// "judge" passes validation (an LLM Q-scorer declares it) but the oracle scorer never adds it: every step fails at run time.
describe("a run in which every episode fails (D3)", () => {
  it("exits 1 with the first error on stderr (it exited 0 with no reason)", () => {
    const file = writeExampleVariant("gridworld-vgps", dir, "all-fail", (doc) => (doc.nodes[5].params.score = "judge"));
    const result = foresight("run", file, "--episodes", "3", "--out", join(dir, "runs-all-fail"));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("3 failed");
    const lines = warnings(result.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^foresight: run failed: every episode failed \(3 of 3\); the first: node "executor" \(executor\) at episode 0, step 0: score "judge" uses "judge", which is not a column/);
  });

  it("ends as failed, in summary.json and trace.jsonl's run.end, with the first episode's error (it said completed with 0 episodes)", () => {
    const file = writeExampleVariant("gridworld-vgps", dir, "all-fail-summary", (doc) => (doc.nodes[5].params.score = "judge"));
    const out = join(dir, "runs-all-fail-summary");
    expect(foresight("run", file, "--episodes", "3", "--out", out).code).toBe(1);
    const runDir = join(out, readdirSync(out)[0]!);
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    expect(summary).toMatchObject({ status: "failed", episodes: 0, episodesFailed: 3, error: { node: "executor", episode: 0, step: 0 } });
    const end = JSON.parse(readFileSync(join(runDir, "trace.jsonl"), "utf8").trim().split("\n").at(-1)!);
    expect(end).toMatchObject({ type: "run.end", status: "failed", error: { node: "executor", episode: 0 } });
  });

});

describe("foresight train inputs, checked before any epoch (exit 2, one line)", () => {
  let runDir: string;
  beforeAll(() => {
    const recorded = foresight("run", "examples/gridworld-policy-only.foresight.json", "--episodes", "5", "--out", join(dir, "runs-train"), "--json", "--quiet", "--trace", "off", "--workers", "1");
    expect(recorded.code, recorded.stderr).toBe(0);
    runDir = JSON.parse(recorded.stdout).runDir;
  });
  const train = (...args: string[]) => limited(60, "train", "q", "--epochs", "1", "--iterations", "1", ...args);

  it.each([
    ["/tmp", "--out /tmp: /tmp is a folder, not a file to write"],
    ["/nonexistent/x.onnx", "--out /nonexistent/x.onnx: the folder /nonexistent does not exist"],
    // resolve() drops the slash: without a look at it, the model was trained and then failed to be renamed onto "dir-out/".
    [`${dir}/dir-out/`, `--out ${dir}/dir-out/: ${dir}/dir-out/ ends in "/", so it names a folder, not a file to write`],
    [`${dir}/x.onnx/`, `--out ${dir}/x.onnx/: ${dir}/x.onnx/ ends in "/", so it names a folder, not a file to write`],
  ])("refuses --out %s (found only after training)", (out, says) => {
    refusedWithOneLine(train("--data", runDir, "--out", out), says);
  });

  it("refuses --out that is not a regular file, before renaming anything over it", () => {
    // A named pipe in the test's folder stands for /dev/null: without the check, training ran and then
    // renamed its model over the path, which for /dev/null (as root) replaces the device with a file.
    const pipe = join(dir, "out-pipe.onnx");
    expect(spawnSync("mkfifo", [pipe]).status).toBe(0);
    refusedWithOneLine(train("--data", runDir, "--out", pipe), `--out ${pipe}: ${pipe} is a named pipe, not a file to write`);
  });

  it("refuses --hidden 100000,100000", () => {
    const result = train("--data", runDir, "--out", join(dir, "big.onnx"), "--hidden", "100000,100000");
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toContain("--hidden");
    expect(existsSync(join(dir, "big.onnx"))).toBe(false);
  });

  it("refuses to train on no data, saying how to name it", () => {
    refusedWithOneLine(train("--out", join(dir, "x.onnx")), "no data to train on: name a run folder or a transitions file, e.g. foresight train q runs/<run> --out q.onnx");
  });

  it("refuses --data /etc/passwd", () => {
    refusedWithOneLine(train("--data", "/etc/passwd", "--pipeline", "examples/gridworld-policy-only.foresight.json", "--out", join(dir, "x.onnx")), "--data /etc/passwd: not a run folder, a transitions .jsonl or .parquet file");
  });

  it("names the file and line of a bad line in a JSONL dataset", () => {
    const lines = readFileSync(join(runDir, "dataset/transitions.jsonl"), "utf8").split("\n");
    lines[2] = '{"observation": [1, 2';
    const file = join(dir, "bad-line.jsonl");
    writeFileSync(file, lines.join("\n"));
    refusedWithOneLine(train("--data", file, "--pipeline", "examples/gridworld-policy-only.foresight.json", "--out", join(dir, "x.onnx")), `--data ${file}, line 3: not a JSON record`);
  });

  it("names a truncated Parquet file", () => {
    const bytes = readFileSync(join(runDir, "dataset/transitions.parquet"));
    const file = join(dir, "truncated.parquet");
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    refusedWithOneLine(train("--data", file, "--pipeline", "examples/gridworld-policy-only.foresight.json", "--out", join(dir, "x.onnx")), `--data ${file}: cannot be read as a dataset (`);
  });
});
