import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, foresight, tempDir } from "./fixtures/foresight-process.js";
import { finalScreen, inPseudoTerminal, interruptedInPseudoTerminal } from "./fixtures/terminal-screen.js";

// `foresight train` on a terminal: its loop holds the thread for seconds, yet the bar must move
// and Ctrl+C must be heard. One recorded run is shared by both tests.
const dir = tempDir("train-terminal");
let runDir: string;

beforeAll(() => {
  const recorded = foresight("run", "examples/gridworld-policy-only.foresight.json", "--episodes", "300", "--seed", "11", "--out", join(dir, "runs"), "--json", "--quiet", "--trace", "off", "--workers", "1");
  expect(recorded.code, recorded.stderr).toBe(0);
  runDir = JSON.parse(recorded.stdout).runDir;
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The percentages the bar showed, in the order drawn, each once. */
const percentagesDrawn = (bytes: string) => [...new Set([...bytes.matchAll(/train q \S+ (\d+)% \|/g)].map((match) => Number(match[1])))];

const lastMode = (bytes: string, mode: number) => [...bytes.matchAll(new RegExp(`\\x1b\\[\\?${mode}([hl])`, "g"))].at(-1)?.[1];

describe("foresight train on a terminal", () => {
  it("moves the bar while it trains, not only at the end", () => {
    const out = join(dir, "moving.onnx");
    const bytes = inPseudoTerminal(`${process.execPath} ${BIN} train q ${runDir} --epochs 10 --iterations 10 --out ${out}`);
    const between = percentagesDrawn(bytes).filter((percent) => percent > 0 && percent < 100);
    expect(between.length, bytes).toBeGreaterThanOrEqual(3);
    expect(finalScreen(bytes).filter((line) => line.startsWith("train q")), bytes).toEqual([]);
  }, 120_000);

  it("Ctrl+C stops it: the terminal restored, the old model left as it was, exit 1", async () => {
    const out = join(dir, "kept.onnx");
    const model = foresight("train", "q", runDir, "--epochs", "1", "--iterations", "1", "--quiet", "--out", out);
    expect(model.code, model.stderr).toBe(0);
    const before = readFileSync(out);
    // The shell traps Ctrl+C (a handler, which node does not inherit) so it lives to print node's exit code.
    const bytes = await interruptedInPseudoTerminal(`trap : INT; ${process.execPath} ${BIN} train q ${runDir} --epochs 50 --iterations 30 --out ${out}; echo "exit $?"`, "train q ");
    expect(lastMode(bytes, 25), bytes).toBe("h");
    expect(lastMode(bytes, 7), bytes).toBe("h");
    const screen = finalScreen(bytes);
    expect(screen, bytes).toContain(`foresight: stopped; ${out} left as it was`);
    expect(screen).toContain("exit 1");
    expect(readFileSync(out).equals(before)).toBe(true);
  }, 120_000);
});
