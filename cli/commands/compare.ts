import type { Command } from "commander";
import { compareRuns, type Comparison } from "../../runtime/compare.js";
import type { Estimate } from "../../runtime/stats.js";
import { formatMean, formatRate, table } from "../format-summary.js";
import { withRunFlags, type RunFlags } from "../run-options.js";
import { exitIfNotCompleted, loadRunnable, runFile } from "./run.js";

const signedPoints = (e: Estimate) => {
  const f = (v: number) => `${v >= 0 ? "+" : ""}${(100 * v).toFixed(1)}`;
  return `${f(e.value)} pts [${f(e.low)}, ${f(e.high)}]`;
};
const signed = (e: Estimate) => {
  const f = (v: number) => `${v >= 0 ? "+" : ""}${v.toFixed(3)}`;
  return `${f(e.value)} [${f(e.low)}, ${f(e.high)}]`;
};

function formatComparison(c: Comparison, dirs: [string, string]): string {
  const rows = [
    ["", c.a.pipeline, c.b.pipeline, "difference (B − A)"],
    ["episodes", String(c.a.episodes), String(c.b.episodes), ""],
    ["success rate (95% CI)", formatRate(c.a.successRate), formatRate(c.b.successRate), signedPoints(c.difference.successRate)],
    ["mean return", formatMean(c.a.meanReturn), formatMean(c.b.meanReturn), signed(c.difference.meanReturn)],
    ["mean length (steps)", formatMean(c.a.meanLength), formatMean(c.b.meanLength), signed(c.difference.meanLength)],
  ];
  const verdict = noSuccessEither(c) ? returnVerdict(c.difference.meanReturn) : c.successIntervalsOverlap
    ? "the success-rate intervals overlap: no clear difference at this number of episodes"
    : `the success-rate intervals do not overlap: ${c.difference.successRate.value > 0 ? "B" : "A"} succeeds more often`;
  return `${table(rows)}\n${verdict}\nrun folders: A ${dirs[0]}\n             B ${dirs[1]}\n`;
}

/** Neither run had a successful episode: a task that reports no success (Pendulum) is judged by its returns. */
function noSuccessEither(c: Comparison): boolean {
  return c.a.successRate.value === 0 && c.b.successRate.value === 0;
}

function returnVerdict(difference: Estimate): string {
  const prefix = "no episode succeeded in either run, so judge by return:";
  if (difference.low <= 0 && difference.high >= 0) return `${prefix} the interval of the mean-return difference includes 0, no clear difference at this number of episodes`;
  return `${prefix} the interval of the mean-return difference excludes 0, ${difference.value > 0 ? "B" : "A"} returns more`;
}

export function registerCompare(program: Command): void {
  withRunFlags(
    program
      .command("compare <fileA> <fileB>")
      .description("run two pipelines with the same seed and episodes and compare success, return and length"),
  ).action(async (fileA: string, fileB: string, flags: RunFlags) => {
    // Both files are checked (and trusted) before either runs.
    const [validatedA, validatedB] = [loadRunnable(fileA, flags), loadRunnable(fileB, flags)];
    const a = await runFile(fileA, flags, "A", validatedA);
    exitIfNotCompleted(a);
    const b = await runFile(fileB, flags, "B", validatedB);
    exitIfNotCompleted(b);
    const comparison = compareRuns({ summary: a.summary, episodes: a.result.episodes }, { summary: b.summary, episodes: b.result.episodes });
    if (flags.json) process.stdout.write(JSON.stringify({ ...comparison, runDirs: { a: a.runDir, b: b.runDir } }) + "\n");
    else process.stdout.write(formatComparison(comparison, [a.runDir, b.runDir]));
  });
}
