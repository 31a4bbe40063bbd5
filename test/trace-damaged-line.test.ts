import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { answerMessage } from "../host/editor-api/answer.js";
import { createEditorApi } from "../host/editor-api/editor-api.js";
import type { WrittenReport } from "../protocol/index.js";
import { RootFolder } from "../server/root-folder.js";
import { foresightAsync, tempDir } from "./fixtures/foresight-process.js";

const VGPS = "examples/gridworld-vgps.foresight.json";

/** Inserts `text` as a line of its own before line `line` (from 1). */
function insertLine(file: string, line: number, text: string): void {
  const lines = readFileSync(file, "utf8").split("\n");
  lines.splice(line - 1, 0, text);
  writeFileSync(file, lines.join("\n"));
}

/** The line numbers (from 1) of an episode's first and last lines in a trace. */
function episodeLines(file: string, episode: number): { first: number; last: number } {
  const lines = readFileSync(file, "utf8").split("\n");
  const first = lines.findIndex((line) => line.startsWith('{"type":"episode.start"') && JSON.parse(line).episode === episode) + 1;
  const last = lines.findIndex((line) => line.startsWith('{"type":"episode.end"') && JSON.parse(line).episode === episode) + 1;
  return { first, last };
}

describe("a finished run's trace.jsonl with one damaged line", () => {
  /** The editor's root folder: runs go to its runs/, as serve's do. */
  const root = tempDir("damaged-trace");
  const out = join(root, "runs");
  let runDir: string;
  let trace: string;
  /** The number the garbage line has once inserted (in episode 1). */
  let damagedLine: number;

  beforeAll(async () => {
    const made = await foresightAsync("run", VGPS, "--episodes", "4", "--seed", "5", "--trace", "steps", "--out", out, "--json");
    expect(made.code).toBe(0);
    runDir = (JSON.parse(made.stdout) as { runDir: string }).runDir;
    trace = join(runDir, "trace.jsonl");
    damagedLine = episodeLines(trace, 1).first + 2;
    insertLine(trace, damagedLine, "garbage{{");
  });

  it("reports the run, warning once on stderr with the file and line number", async () => {
    const report = await foresightAsync("report", runDir, "--episode", "2", "--out", join(out, "report.html"));
    expect(report.code).toBe(0);
    const warnings = report.stderr.trim().split("\n");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${trace}: skipped 1 damaged line (line ${damagedLine} is not JSON`);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain(`This run's trace.jsonl: skipped 1 damaged line (line ${damagedLine} is not JSON`);
  });

  it("tells the editor what its report left out, naming the file as the editor names it", async () => {
    const api = createEditorApi(new RootFolder(root), { examplesDir: "examples", publish: () => undefined });
    const runName = runDir.slice(out.length + 1);
    const answer = (await answerMessage({ id: 0, method: "writeReport", params: { runDir: `runs/${runName}` } }, api.handlers)) as { result: WrittenReport };
    await api.close();
    expect(answer.result.warnings).toEqual([expect.stringContaining(`runs/${runName}/trace.jsonl: skipped 1 damaged line (line ${damagedLine} is not JSON`)]);
    expect(answer.result.html).toContain("This run's trace.jsonl: skipped 1 damaged line");
  });

  it("refuses the episode that holds the damaged line, naming its line number, not a byte offset", async () => {
    const report = await foresightAsync("report", runDir, "--episode", "1", "--out", join(out, "report.html"));
    expect(report.code).toBe(2);
    expect(report.stderr).toContain(`episode 1 cannot be read: trace.jsonl line ${damagedLine} is not JSON`);
    expect(report.stderr).not.toContain("byte");
  });

  it("forks from an episode the damaged line is not in", async () => {
    const fork = await foresightAsync("run", VGPS, "--fork", `${runDir}:2:1`, "--out", out, "--json");
    expect(fork.code).toBe(0);
    expect(fork.stderr).toContain(`line ${damagedLine} is not JSON`);
    const refused = await foresightAsync("run", VGPS, "--fork", `${runDir}:1:1`, "--out", out, "--json");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`trace.jsonl line ${damagedLine} is not JSON`);
  });

  it("is still listed by `runs`, from its summary", async () => {
    const runs = await foresightAsync("runs", out, "--json");
    expect(runs.code).toBe(0);
    const listed = (JSON.parse(runs.stdout) as { runs: { runDir: string; status: string; episodes: number }[] }).runs;
    expect(listed.find((run) => run.runDir === runDir)).toMatchObject({ status: "completed", episodes: 4 });
  });
});
