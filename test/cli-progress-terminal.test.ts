import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "./fixtures/external-env/python.js";
import { BIN, tempDir } from "./fixtures/foresight-process.js";
import { uniformPolicyPipeline } from "./fixtures/pipelines.js";
import { GYM_PYTHON, gymnasium, needs } from "./fixtures/requirements.js";
import { finalScreen, inPseudoTerminal, interruptedInPseudoTerminal } from "./fixtures/terminal-screen.js";

// counter_env.py prints "stepping <action>" to stderr at every step, which foresight shows as it comes.
function counterPipeline(out: string): string {
  const file = join(out, "counter.foresight.json");
  const env = { name: "process", command: [GYM_PYTHON, "-m", "foresight_env", "counter_env:CounterEnv"], cwd: FIXTURES };
  writeFileSync(file, JSON.stringify(uniformPolicyPipeline("counter", env, { episodes: 3, maxSteps: 4 }, 2)));
  return file;
}

const stderrLines = (screen: string[]) => screen.flatMap((line, at) => (/^\(environment pid \d+\) stepping [01]$/.test(line) ? [at] : []));
const written = (bytes: string) => bytes.match(/\) stepping [01]/g)?.length ?? 0;

describe("the progress bar on a terminal, with lines written to stderr during the run", needs(gymnasium()), () => {
  it("foresight run: every stderr line stays readable, the summary prints below them, and no bar is left", () => {
    const out = tempDir("progress-terminal-run");
    const bytes = inPseudoTerminal(`${process.execPath} ${BIN} run ${counterPipeline(out)} --out ${out}`);
    const screen = finalScreen(bytes);
    const printed = stderrLines(screen);
    expect(printed, screen.join("\n")).toHaveLength(written(bytes));
    expect(printed.length).toBeGreaterThan(0);
    expect(screen.findIndex((line) => /^episodes +3 of 3$/.test(line)), screen.join("\n")).toBeGreaterThan(printed.at(-1)!);
    expect(screen.filter((line) => line.includes("episodes |")), screen.join("\n")).toEqual([]);
  });

  it("Ctrl+C with --workers 2: the summary prints below the environments' tracebacks, and no bar is left", async () => {
    const out = tempDir("progress-terminal-stop");
    const file = join(out, "hangs.foresight.json");
    const env = { name: "process", command: [GYM_PYTHON, "-m", "foresight_env", "diagnosed_envs:HangsInStep", "--snapshot", "off"], cwd: FIXTURES, timeoutMs: 60_000 };
    writeFileSync(file, JSON.stringify(uniformPolicyPipeline("hangs", env, { episodes: 4, maxSteps: 5 }, 2)));
    const bytes = await interruptedInPseudoTerminal(`${process.execPath} ${BIN} run ${file} --workers 2 --out ${out}`, ") hanging");
    const screen = finalScreen(bytes);
    const lastEnvironmentLine = screen.findLastIndex((line) => line.startsWith("(environment pid "));
    expect(lastEnvironmentLine, screen.join("\n")).toBeGreaterThanOrEqual(0);
    expect(screen.findIndex((line) => /^episodes +0 of 4$/.test(line)), screen.join("\n")).toBeGreaterThan(lastEnvironmentLine);
    expect(screen.filter((line) => line.includes("episodes |")), screen.join("\n")).toEqual([]);
  });

  it("foresight sweep: the same, with the table below the stderr lines", () => {
    const out = tempDir("progress-terminal-sweep");
    const bytes = inPseudoTerminal(`${process.execPath} ${BIN} sweep ${counterPipeline(out)} --set sampler.n=2,3 --workers 1 --out ${out}`);
    const screen = finalScreen(bytes);
    const printed = stderrLines(screen);
    expect(printed, screen.join("\n")).toHaveLength(written(bytes));
    expect(printed.length).toBeGreaterThan(0);
    expect(screen.findIndex((line) => line.startsWith("sweep folder: ")), screen.join("\n")).toBeGreaterThan(printed.at(-1)!);
    expect(screen.filter((line) => line.includes("settings done")), screen.join("\n")).toEqual([]);
  });
});
