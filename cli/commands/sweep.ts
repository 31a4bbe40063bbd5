import { availableParallelism } from "node:os";
import { InvalidArgumentError, Option, type Command } from "commander";
import { checkGridSize, expandGrid, gridInWords, settingInWords, sweepAxes, sweptAxes } from "../../host/sweep/grid.js";
import { runSweep } from "../../host/sweep/run-sweep.js";
import { SWEEP_FOLDER } from "../../host/sweep/sweep-folder.js";
import { sweepMarkdown } from "../../host/sweep/tables.js";
import { counted, shownCount, sweepSettingsInWords, type SweepPointResult } from "../../protocol/index.js";
import type { RunEvent } from "../../runtime/engine/events.js";
import { makeFolder } from "../../runtime/output-paths.js";
import { EXIT, ExitError } from "../exit.js";
import { refuseSetBesideFlag } from "../set-flag-conflicts.js";
import { pathFlagOrExit } from "../path-flag.js";
import { startStderrBar } from "../stderr-bar.js";
import { onStopSignals } from "../stop-signals.js";
import { hostKindsOrExit, withKindsFlag, type KindsFlags } from "../kinds-option.js";
import { TRACE_LEVELS_IN_WORDS } from "../run-options.js";
import { collectRepeated } from "../repeatable-option.js";
import { loadRunnable } from "./run.js";

interface SweepFlags extends KindsFlags {
  set?: string[];
  episodes?: number;
  seed?: number;
  out: string;
  trace: "full" | "steps" | "off";
  workers?: number;
  trust?: boolean;
  json?: boolean;
  quiet?: boolean;
}

function integer(min: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}, got "${text}"`);
    return value;
  };
}

export function registerSweep(program: Command): void {
  withKindsFlag(program.command("sweep <file>"))
    .description("run a pipeline for every combination of --set values and tabulate success and return with 95% intervals")
    .option("--set <nodeId.param=v1,v2,…>", "a setting and its values; every combination of all --set values is one run (repeatable)", collectRepeated)
    .option("-n, --episodes <N>", "episodes per setting (default: the file's run.episodes)", integer(1))
    .option("-s, --seed <S>", "run seed, the same for every setting (default: the file's run.seed)", integer(0))
    .option("-o, --out <DIR>", "folder that receives the sweep folder", "runs")
    .addOption(new Option("--trace <level>", `what the trace of each setting's run records: ${TRACE_LEVELS_IN_WORDS}`).choices(["full", "steps", "off"]).default("steps"))
    .option("-w, --workers <N>", "settings run at once, each on its own thread (default: the cores)", integer(1))
    .option("--trust", "run the file's Script nodes (user code, sandboxed)")
    .option("--json", "print the sweep record (sweep.json) on stdout")
    .option("-q, --quiet", "no progress bar and no table")
    .action(async (file: string, flags: SweepFlags) => {
      if (!flags.set) throw new ExitError(EXIT.invalid, "nothing to sweep: give a setting and its values, e.g. --set sampler.n=4,8,16 (one run is foresight run)");
      refuseSetBesideFlag(flags);
      let axes;
      try {
        axes = sweepAxes(flags.set);
        checkGridSize(axes);
      } catch (error) {
        throw new ExitError(EXIT.invalid, (error as Error).message);
      }
      const grid = expandGrid(axes);
      const kinds = await hostKindsOrExit(flags.kinds);
      // Every setting is validated before any runs: a typo in the last value must not cost the first runs.
      const points = grid.map((point) => {
        try {
          return { point, doc: loadRunnable(file, { set: point.sets, ...(flags.trust ? { trust: true } : {}) }, kinds).validated.pipeline };
        } catch (error) {
          if (error instanceof ExitError) throw new ExitError(error.code, `setting ${point.sets.join(" ")}: ${error.message}`);
          throw error;
        }
      });
      pathFlagOrExit("--out", flags.out, makeFolder);
      // Each setting's own: run.episodes and run.seed may be swept (refuseSetBesideFlag keeps the flags off them then).
      const asked = points.map(({ doc }) => flags.episodes ?? doc.run.episodes);
      const totalEpisodes = asked.reduce((sum, count) => sum + count, 0);
      const episodes = Math.max(...asked);
      const seeds = new Set(points.map(({ doc }) => flags.seed ?? doc.run.seed));
      const workers = Math.min(flags.workers ?? availableParallelism(), points.length);
      if (!flags.quiet && !flags.json) {
        const sizes = axes.length > 1 ? ` (${gridInWords(axes)})` : "";
        const perSetting = Math.min(...asked) === episodes ? counted(episodes, "episode") : `${shownCount(Math.min(...asked))}–${shownCount(episodes)} episodes`;
        process.stderr.write(`sweep: ${counted(points.length, "setting")}${sizes} × ${perSetting} = ${counted(totalEpisodes, "episode")}, ${counted(workers, "setting")} at a time\n`);
      }
      const progress = sweepProgress(points.length, totalEpisodes, process.stderr.isTTY === true && !flags.quiet && !flags.json);
      const sweep = runSweep({
        file,
        pipeline: points[0]!.doc.name,
        axes,
        points: points.map((point, i) => ({ ...point, episodes: asked[i]! })),
        outDir: flags.out,
        overrides: { episodes: flags.episodes, seed: flags.seed, trace: flags.trace },
        planned: { episodes, ...(seeds.size === 1 ? { seed: [...seeds][0]! } : {}) },
        concurrency: workers,
        onEvents: (_, events) => progress.onEvents(events),
        kindModules: kinds.modules,
      });
      const stopListening = onStopSignals(() => sweep.stop(), { once: true });
      let record;
      try {
        record = await sweep.done;
      } finally {
        progress.stop();
        stopListening();
      }
      if (flags.json) process.stdout.write(JSON.stringify({ sweepDir: sweep.sweepDir, ...record }) + "\n");
      else if (!flags.quiet) process.stdout.write(`${sweepMarkdown(record)}\nsweep folder: ${sweep.sweepDir} (${SWEEP_FOLDER.markdown}, ${SWEEP_FOLDER.csv}, ${SWEEP_FOLDER.record}, ${SWEEP_FOLDER.chart})\n`);
      sayWarnings(record.points, sweptAxes(axes).map((axis) => axis.key));
      const failed = record.points.find((point) => point.status !== "completed");
      if (record.points.length < grid.length) throw new ExitError(EXIT.runFailed, `sweep stopped: ${sweepSettingsInWords(record)} (sweep folder: ${sweep.sweepDir})`);
      if (failed) throw new ExitError(EXIT.runFailed, `the run of ${settingInWords(failed.values, undefined, " ")} ${failed.status}: ${failed.error ?? "stopped"} (sweep folder: ${sweep.sweepDir})`);
    });
}

/**
 * What each setting's run said beside its figures (failed episodes left out of them, episodes that
 * ended without acting, the nodes' notes), as `foresight run` says it, after the table: a row alone would hide it.
 */
function sayWarnings(points: readonly SweepPointResult[], swept: readonly string[]): void {
  for (const point of points) {
    const setting = swept.length > 0 ? `setting ${settingInWords(point.values, swept, " ")}: ` : "";
    for (const line of point.warnings ?? []) process.stderr.write(`foresight: ${setting}${line}\n`);
  }
}

/** One bar over every setting's episodes, on a terminal only. */
function sweepProgress(points: number, totalEpisodes: number, enabled: boolean): { onEvents: (events: readonly RunEvent[]) => void; stop: () => void } {
  if (!enabled) return { onEvents: () => {}, stop: () => {} };
  let settings = 0;
  const { bar, stop } = startStderrBar("sweep {bar} {value}/{total} episodes | {settings}/{points} settings done | ETA {eta_formatted}", totalEpisodes, { settings, points }, { etaBuffer: 200 });
  return {
    onEvents(events) {
      for (const event of events) {
        if (event.type === "episode.end") bar.increment(1, { settings, points });
        else if (event.type === "run.end") bar.update({ settings: ++settings, points });
      }
    },
    stop,
  };
}
