import type { Command } from "commander";
import { compareRuns, comparisonVerdict, type Comparison } from "../../runtime/compare.js";
import { formatMean, formatPoints, formatSigned, formatSuccessRate, sharedDecimals } from "../../protocol/format-estimate.js";
import type { Estimate } from "../../protocol/run-events.js";
import { table } from "../format-summary.js";
import { sharedRunFlags, worldDifferenceOf } from "../compare-settings.js";
import { hostKindsOrExit } from "../kinds-option.js";
import { withRunFlags, type RunFlags } from "../run-options.js";
import { collectRepeated } from "../repeatable-option.js";
import { counted } from "../../protocol/shown-values.js";
import { EXIT, ExitError } from "../exit.js";
import { refuseSetBesideFlag } from "../set-flag-conflicts.js";
import { onStopSignals } from "../stop-signals.js";
import { exitIfNotCompleted, loadRunnable, runFile, sayEpisodeNotes, type ReportedRun } from "./run.js";

/** The episodes a run's figures count, those that failed beside them, and of how many asked for where it was stopped. */
function episodesCell(summary: Comparison["a"]): string {
  const played = summary.status === "stopped" ? `${summary.episodes} of ${summary.episodesRequested} (stopped)` : String(summary.episodes);
  return `${played}${summary.episodesFailed ? ` (${summary.episodesFailed} failed, left out)` : ""}`;
}

/** A row of means, A and B and their difference in one precision, so they compare at a glance. */
function meansRow(label: string, a: Estimate, b: Estimate, difference: Estimate): string[] {
  const decimals = sharedDecimals(a, b, difference);
  return [label, formatMean(a, decimals), formatMean(b, decimals), formatSigned(difference, decimals)];
}

/** What a side's own --set changed, under its name: "--set-b sampler.n=16" ("" where none). */
const ownSets = (flag: string, sets: readonly string[] | undefined): string => (sets ?? []).map((set) => `${flag} ${set}`).join(" ");

function formatComparison(c: Comparison, dirs: [string, string], [setA, setB]: [string[] | undefined, string[] | undefined] = [undefined, undefined]): string {
  // A file compared with itself (B changed by --set-b) has one name twice: the columns say which is which, and what --set-a and --set-b made of them.
  const [nameA, nameB] = c.a.pipeline === c.b.pipeline ? [`${c.a.pipeline} (A)`, `${c.b.pipeline} (B)`] : [c.a.pipeline, c.b.pipeline];
  const [changedA, changedB] = [ownSets("--set-a", setA), ownSets("--set-b", setB)];
  const rows = [
    ["", nameA, nameB, "difference (B − A)"],
    ...(changedA || changedB ? [["", changedA, changedB, ""]] : []),
    ["episodes", episodesCell(c.a), episodesCell(c.b), ""],
    ["success rate (95% CI)", formatSuccessRate(c.a), formatSuccessRate(c.b), formatPoints(c.difference.successRate)],
    meansRow("mean return", c.a.meanReturn, c.b.meanReturn, c.difference.meanReturn),
    meansRow("mean length (steps)", c.a.meanLength, c.b.meanLength, c.difference.meanLength),
  ];
  return `${table(rows)}\n${comparisonVerdict(c, "A", "B")}\nrun folders: A ${dirs[0]}\n             B ${dirs[1]}\n`;
}

/** exitIfNotCompleted, its reason saying which side ("B: run failed: …") and, where given, what else the user needs (the other run's folder). */
function exitIfSideNotCompleted(run: ReportedRun, side: "A" | "B", more?: string): void {
  try {
    exitIfNotCompleted(run);
  } catch (error) {
    if (error instanceof ExitError) throw new ExitError(error.code, `${side}: ${error.message}${more ? ` (${more})` : ""}`);
    throw error;
  }
}

/** `--set` changes both files; `--set-a` and `--set-b` one each (a node only one of them has, B's new model). */
interface CompareFlags extends RunFlags {
  setA?: string[];
  setB?: string[];
}


export function registerCompare(program: Command): void {
  withRunFlags(
    program
      .command("compare <fileA> <fileB>")
      .description("run two pipelines with the same seed and episodes and compare success, return and length"),
  )
    .option("--set-a <nodeId.param=value>", "like --set, for file A only (repeatable)", collectRepeated)
    .option("--set-b <nodeId.param=value>", "like --set, for file B only (repeatable)", collectRepeated)
    .action(async (fileA: string, fileB: string, flags: CompareFlags) => {
      refuseSetBesideFlag(flags);
      refuseSetBesideFlag({ ...flags, set: flags.setA }, "--set-a");
      refuseSetBesideFlag({ ...flags, set: flags.setB }, "--set-b");
      // A problem a side's own --set causes names that flag (--set-a sampler.n=0), not --set.
      const sideOf = (own: string[] | undefined, flag: string) => ({ ...flags, set: [...(flags.set ?? []), ...(own ?? [])], flagOfSet: (set: string) => (own?.includes(set) ? flag : "--set") });
      const [flagsA, flagsB] = [sideOf(flags.setA, "--set-a"), sideOf(flags.setB, "--set-b")];
      // Both files are checked (and trusted) before either runs.
      const kinds = await hostKindsOrExit(flags.kinds);
      const [runnableA, runnableB] = [loadRunnable(fileA, flagsA, kinds), loadRunnable(fileB, flagsB, kinds)];
      const shared = sharedRunFlags(flags, runnableA.validated, runnableB.validated);
      for (const note of [shared.note, worldDifferenceOf(runnableA.validated, runnableB.validated)]) if (note) process.stderr.write(`foresight: ${note}\n`);
      // Ctrl+C between the two runs, or during A, must not start B; a second one ends the process as usual (once).
      let stopAsked = false;
      const stopListening = onStopSignals(() => (stopAsked = true), { once: true });
      try {
        const a = await runFile(fileA, { ...shared.flags, set: flagsA.set }, runnableA, "A");
        sayEpisodeNotes(a, "A: ", flags.quiet || flags.json);
        if (stopAsked || a.summary.status === "stopped") {
          throw new ExitError(EXIT.runFailed, `compare stopped during A (${a.summary.episodes} of ${counted(a.summary.episodesRequested, "episode")}), before B ran (A's run folder: ${a.runDir})`);
        }
        exitIfSideNotCompleted(a, "A");
        const b = await runFile(fileB, { ...shared.flags, set: flagsB.set }, runnableB, "B");
        sayEpisodeNotes(b, "B: ", flags.quiet || flags.json);
        const bStopped = b.summary.status === "stopped";
        if (!bStopped || b.summary.episodes === 0) exitIfSideNotCompleted(b, "B", `A's run folder: ${a.runDir}`);
        // Stopped part-way, B's episodes still compare with A's: the table says over how many.
        const comparison = compareRuns({ summary: a.summary, episodes: a.result.episodes }, { summary: b.summary, episodes: b.result.episodes });
        if (flags.json) process.stdout.write(JSON.stringify({ ...comparison, runDirs: { a: a.runDir, b: b.runDir } }) + "\n");
        else if (!flags.quiet) process.stdout.write(formatComparison(comparison, [a.runDir, b.runDir], [flags.setA, flags.setB]));
        if (bStopped) {
          throw new ExitError(EXIT.runFailed, `compare stopped during B (${b.summary.episodes} of ${counted(b.summary.episodesRequested, "episode")}): the figures are over the episodes each played (run folders: A ${a.runDir}, B ${b.runDir})`);
        }
      } finally {
        stopListening();
      }
    });
}
