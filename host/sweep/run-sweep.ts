import { relative, resolve } from "node:path";
import { failureText, sweepOutcome, type PipelineDocument, type RunEvent, type SweepPointResult, type SweepPointStarted, type SweepRecord } from "../../protocol/index.js";
import { createRunFolder } from "../../runtime/run-folder.js";
import { claimRun } from "../../runtime/run-owner.js";
import type { RunOverrides } from "../../runtime/run-settings.js";
import { startWorkerRun, type WorkerRun } from "../worker-run.js";
import type { SweepAxis, SweepPoint } from "./grid.js";
import { RunWarnings } from "./run-warnings.js";
import { writeSweepFolder, writeSweepRecord } from "./sweep-folder.js";

/** A sweep to run: every point already validated (a bad one is refused before any runs). */
export interface SweepRequest {
  /** The pipeline file as the user named it; relative paths in it resolve against its folder. */
  file: string;
  pipeline: string;
  axes: SweepAxis[];
  /** Each with the episodes its run asks for (run.episodes may be swept). */
  points: { point: SweepPoint; doc: PipelineDocument; episodes: number }[];
  /** Folder that receives the sweep folder. */
  outDir: string;
  overrides: RunOverrides;
  /** The episodes and seed of the settings' runs, which the record says before any has run: the most any asks for, and no seed where run.seed is swept. */
  planned: { episodes: number; seed?: number };
  /** Points run at once, each on its own thread. */
  concurrency: number;
  /** Every point's events as they come (progress). */
  onEvents?: (point: number, events: RunEvent[]) => void;
  /** Node kind modules beside the built-ins (HostKinds.modules), which each point's thread loads. */
  kindModules?: string[];
}

/** A sweep going on: stop() stops every point's run (their folders stay consistent). */
export interface RunningSweep {
  sweepDir: string;
  stop(): void;
  done: Promise<SweepRecord>;
}

/**
 * Runs every point of a sweep into its own run folder inside a fresh sweep folder, `concurrency`
 * at a time in worker threads (host/worker-run.ts), then writes the record, tables and chart. The
 * record is written first as the sweep starts (status running), and again as each setting starts and ends.
 * Points not started when the sweep is stopped are left out of the record, which says how many were planned.
 */
export function runSweep(request: SweepRequest): RunningSweep {
  const sweepDir = createRunFolder(resolve(request.outDir), `${request.pipeline.replace(/[^A-Za-z0-9_-]+/g, "-")}-sweep`);
  const startedAt = new Date().toISOString();
  // As a run's running.json: a record that still says running, beside a mark whose process is gone, was killed.
  const releaseFolder = claimRun(sweepDir);
  const running = new Set<WorkerRun>();
  let stopped = false;
  const results: (SweepPointResult | undefined)[] = [];
  const started = new Map<number, SweepPointStarted>();
  const { seed, episodes } = request.planned;
  const finished = () => results.filter((result): result is SweepPointResult => result !== undefined);
  /** The record as it stands: how far the settings got, and while the sweep runs, those playing now. */
  const recordOf = (outcome: Pick<SweepRecord, "status" | "settings">, playing?: SweepPointStarted[]): SweepRecord => ({
    version: 1,
    pipeline: request.pipeline,
    file: request.file,
    startedAt,
    ...outcome,
    episodes,
    ...(seed !== undefined ? { seed } : {}),
    axes: request.axes.map(({ key, values }) => ({ key, values })),
    points: finished(),
    ...(playing ? { started: playing } : {}),
  });
  const recordSoFar = () => recordOf({ status: "running", settings: sweepOutcome(finished(), request.points.length).settings }, [...started.values()]);
  // Known from its start, so that `foresight runs` and the editor list a sweep still running, or killed.
  writeSweepRecord(sweepDir, recordSoFar());

  const runPoint = async (index: number): Promise<void> => {
    const { point, doc, episodes: asked } = request.points[index]!;
    const warnings = new RunWarnings();
    const run = startWorkerRun(
      { doc, pipelineFile: resolve(request.file), outDir: sweepDir, overrides: request.overrides, set: point.sets, kindModules: request.kindModules ?? [] },
      (events) => {
        warnings.onEvents(events);
        const start = events.find((event) => event.type === "run.start");
        if (start) {
          started.set(index, { values: point.values, runDir: start.runId });
          writeSweepRecord(sweepDir, recordSoFar());
        }
        request.onEvents?.(index, events);
      },
    );
    running.add(run);
    try {
      const outcome = await run.done;
      if (outcome.ok) {
        const { summary } = outcome;
        results[index] = {
          values: point.values,
          runDir: relative(sweepDir, outcome.runDir),
          status: summary.status,
          episodes: summary.episodes,
          episodesRequested: summary.episodesRequested,
          successRate: summary.successRate,
          meanReturn: summary.meanReturn,
          meanLength: summary.meanLength,
          stepsPerSecond: summary.stepsPerSecond,
          // Where it failed too (node, episode, step), as `foresight run` says it.
          ...(summary.error ? { error: failureText(summary.error) } : {}),
          // Left out of the figures, or in them as episodes with no action: a row that did not say so would read better than the run went.
          ...(summary.episodesFailed > 0 ? { episodesFailed: summary.episodesFailed } : {}),
          ...(summary.endedWithoutActing ? { endedWithoutActing: summary.endedWithoutActing.episodes } : {}),
        };
        const said = warnings.lines(summary);
        if (said.length > 0) results[index]!.warnings = said;
      } else results[index] = failedPoint(point, asked, outcome.problems.join("; "));
    } catch (error) {
      results[index] = failedPoint(point, asked, (error as Error).message);
    } finally {
      running.delete(run);
      started.delete(index);
    }
    if (!stopped) writeSweepRecord(sweepDir, recordSoFar());
  };

  const done = (async () => {
    let next = 0;
    const lane = async () => {
      while (!stopped && next < request.points.length) await runPoint(next++);
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, Math.min(request.concurrency, request.points.length)) }, lane));
    } finally {
      releaseFolder();
    }
    const record = recordOf(sweepOutcome(finished(), request.points.length));
    writeSweepFolder(sweepDir, record);
    return record;
  })();

  return {
    sweepDir,
    stop() {
      stopped = true;
      for (const run of running) run.stop();
    },
    done,
  };
}

function failedPoint(point: SweepPoint, episodesRequested: number, message: string): SweepPointResult {
  const none = { value: NaN, low: NaN, high: NaN };
  return { values: point.values, runDir: "", status: "failed", episodes: 0, episodesRequested, successRate: none, meanReturn: none, meanLength: none, stepsPerSecond: 0, error: message };
}
