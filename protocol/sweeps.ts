import { formatRate, isKnown } from "./format-estimate.js";
import type { Estimate, RunStatus } from "./run-events.js";
import { counted, shownCount } from "./shown-values.js";
import type { JsonValue } from "./values.js";

/**
 * A swept key's value as the run used it: the `--set` text parsed as `run` parses it (JSON where
 * it parses: 16, 0.5, true, {"k":3}; else the text). Sweeps recorded before values were parsed hold the text ("16").
 */
export type SweepValue = JsonValue;

/** One setting of a sweep and how its run went (figures over the run's finished episodes). */
export interface SweepPointResult {
  /** The value of each `--set` key (e.g. { "sampler.n": 16 }). */
  values: Record<string, SweepValue>;
  /** The point's run folder, relative to the sweep folder. */
  runDir: string;
  status: RunStatus;
  /** Episodes its figures are over: fewer than it asked for when its run was stopped or failed. */
  episodes: number;
  /** Episodes its run asked for: its own where run.episodes is swept. Absent in sweeps recorded before: the sweep's episodes. */
  episodesRequested?: number;
  successRate: Estimate;
  meanReturn: Estimate;
  meanLength: Estimate;
  stepsPerSecond: number;
  /** Why the run failed, when it did. */
  error?: string;
  /** Episodes that failed and went on (onNodeError endEpisode): left out of the figures, so said beside them. Absent where none did. */
  episodesFailed?: number;
  /** Of the episodes its figures are over, those that ended with nothing to act on (every candidate filtered). Absent where none did. */
  endedWithoutActing?: number;
  /** What its run said beside its figures, as `foresight run` says it on stderr: the nodes' notes, failed episodes, episodes ended without acting. */
  warnings?: string[];
}

/**
 * How a sweep ended: every setting's run completed; stopped (Ctrl+C) before every setting ran to
 * its end; or a setting's run failed (the others ran). Running while its process plays settings;
 * killed where sweep.json still says running but that process is gone (kill -9, a crash), which
 * readers tell, as they do for a run, from the folder's running.json.
 */
export type SweepStatus = "completed" | "stopped" | "failed" | "running" | "killed";

/** A setting whose run has started and not yet ended, as a running sweep's record lists it. */
export interface SweepPointStarted {
  values: Record<string, SweepValue>;
  /** Its run folder, relative to the sweep folder. */
  runDir: string;
}

/** A sweep's settings by how far they got; planned less the others is those that never started. */
export interface SweepSettings {
  /** The grid's size: every combination of the `--set` values. */
  planned: number;
  /** Ran every episode. */
  completed: number;
  /** Stopped part-way: their figures are over fewer episodes. */
  stopped: number;
  failed: number;
}

/** A sweep folder's sweep.json: the grid, the shared settings, how it ended, and one result per setting that started. */
export interface SweepRecord {
  version: 1;
  pipeline: string;
  /** The pipeline file as given to `foresight sweep`. */
  file: string;
  startedAt: string;
  /** Derived from the points (sweepOutcome) where a sweep recorded before it said so is read. */
  status: SweepStatus;
  /** Derived from the axes and points (sweepOutcome) where a sweep recorded before it said so is read. */
  settings: SweepSettings;
  /** Episodes per setting, as asked; where run.episodes is swept, the most any setting asks for (each point says its own). */
  episodes: number;
  /** The seed every setting's run plays; absent where run.seed is swept (each setting has its own, in the axes). */
  seed?: number;
  /** Every `--set` of the sweep; those with one value are fixed, the others are the grid's axes. */
  axes: { key: string; values: SweepValue[] }[];
  points: SweepPointResult[];
  /** While the sweep runs: the settings playing now (sweep.json is rewritten as each starts and ends). */
  started?: SweepPointStarted[];
}

/** A sweep folder as the Runs list shows it. */
export interface SweepListing {
  /** As clients name it (relative to serve's root). */
  sweepDir: string;
  pipeline: string;
  startedAt: string;
  status: SweepStatus;
  settings: SweepSettings;
  /** Settings that started (those in the record). */
  points: number;
  /** The swept keys (axes with more than one value). */
  swept: string[];
}

/**
 * A setting whose run has no summary yet: playing now, or left without one when its sweep was
 * killed or stopped. Read from its run folder, not the record, which lists only ended settings.
 */
export interface SweepPointUnfinished {
  values: Record<string, SweepValue>;
  /** Its run folder, relative to the sweep folder. */
  runDir: string;
  status: "running" | "killed" | "stopped";
  /** Episodes its trace holds as completed. */
  episodes: number;
}

/** A sweep opened in the editor: its record, its chart, and the settings whose runs have not (or never) ended. */
export interface OpenedSweep {
  sweepDir: string;
  record: SweepRecord;
  unfinished: SweepPointUnfinished[];
  /** chart.svg as written by `foresight sweep`: success rate per setting, or mean return where the world reports no success. */
  chartSvg: string;
}

/** Whether a sweep is charted by its success rate: where any setting's world reports success; else by mean return (Pendulum). */
export function chartsSuccessRate(record: SweepRecord): boolean {
  return record.points.some((point) => isKnown(point.successRate));
}

/**
 * How a sweep ended and how far its settings got, counted from the points that started of
 * `planned`: stopped where a setting was stopped or never started (the user stopped the sweep),
 * else failed where one failed. One rule writes sweep.json and reads one recorded before it said so.
 */
export function sweepOutcome(points: readonly SweepPointResult[], planned: number): { status: SweepStatus; settings: SweepSettings } {
  const count = (status: RunStatus) => points.filter((point) => point.status === status).length;
  const settings = { planned, completed: count("completed"), stopped: count("stopped"), failed: count("failed") };
  const status = settings.stopped > 0 || points.length < planned ? "stopped" : settings.failed > 0 ? "failed" : "completed";
  return { status, settings };
}

/** The grid's size: the product of the axes' value counts. */
export const gridSize = (axes: readonly { values: readonly unknown[] }[]): number => axes.reduce((size, axis) => size * axis.values.length, 1);

/** The episodes a setting's run asked for: its own where run.episodes is swept. */
export const episodesAsked = (point: SweepPointResult, record: Pick<SweepRecord, "episodes">): number => point.episodesRequested ?? record.episodes;

/** The episodes an unfinished setting's run asks for: its own where run.episodes is swept (the record's are the most any asks for). */
export function unfinishedEpisodesAsked(point: Pick<SweepPointUnfinished, "values">, record: Pick<SweepRecord, "episodes">): number {
  const own = point.values["run.episodes"];
  return typeof own === "number" ? own : record.episodes;
}

/** Whether a setting's figures are over fewer episodes than it asked for (its run was stopped part-way). */
export const isPartial = (point: SweepPointResult, record: Pick<SweepRecord, "episodes">): boolean => point.status === "stopped" && point.episodes < episodesAsked(point, record);

/** A swept key's values in the order the tables and chart show them: numbers ascending (`--set sampler.n=32,1,4` reads 1, 4, 32), anything else as given. */
export function shownAxisValues(values: readonly SweepValue[]): SweepValue[] {
  return values.every((value) => typeof value === "number") ? [...(values as number[])].sort((a, b) => a - b) : [...values];
}

/**
 * A sweep's settings in the order its tables show them: by each swept key's shown values
 * (shownAxisValues), the first key slowest. The runs play in the order given; the displays read sorted.
 */
export function inShownOrder<Point extends { values: Record<string, SweepValue> }>(points: readonly Point[], axes: readonly { key: string; values: readonly SweepValue[] }[]): Point[] {
  const ranks = axes.filter((axis) => axis.values.length > 1).map((axis) => ({ key: axis.key, rank: new Map(shownAxisValues(axis.values).map((value, i) => [JSON.stringify(value), i])) }));
  const rankOf = (point: Point, { key, rank }: (typeof ranks)[number]) => rank.get(JSON.stringify(point.values[key])) ?? -1;
  return [...points].sort((a, b) => {
    for (const axis of ranks) {
      const difference = rankOf(a, axis) - rankOf(b, axis);
      if (difference !== 0) return difference;
    }
    return 0;
  });
}

/** A swept value as the tables and chart show it: text as is, anything else as JSON ("16", "true", "{"k":3}"). */
export const shownSweepValue = (value: SweepValue | undefined): string => (value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value));

/**
 * A setting's episodes: "150", or "37 of 150" where its run ended before the episodes it asked for;
 * "5 of 10 (5 failed)" where episodes failed and are left out of its figures (a completed run
 * played them all), and "6 (2 ended without acting)" where some of those counted ended so (where
 * all did, the success rate's cell says it: shownSweepSuccess).
 */
export function shownSweepEpisodes(point: SweepPointResult, record: Pick<SweepRecord, "episodes">): string {
  const asked = episodesAsked(point, record);
  const failed = point.episodesFailed ?? 0;
  const whole = (point.status === "completed" && failed === 0) || point.episodes === asked;
  const notes = [...(failed > 0 ? [`${shownCount(failed)} failed`] : []), ...(point.endedWithoutActing && !everyEndedWithoutActing(point) ? [`${shownCount(point.endedWithoutActing)} ended without acting`] : [])];
  return `${shownCount(point.episodes)}${whole ? "" : ` of ${shownCount(asked)}`}${notes.length > 0 ? ` (${notes.join(", ")})` : ""}`;
}

/** Whether every episode a setting's figures are over ended with nothing to act on: its world then said nothing of success. */
export const everyEndedWithoutActing = (point: SweepPointResult): boolean => point.episodes > 0 && point.endedWithoutActing === point.episodes;

/**
 * A setting's success rate as formatRate gives it; where it has none because every episode it
 * counted ended without acting, says so ("– (6 of 6 ended without acting)"), not a bare "–".
 */
export function shownSweepSuccess(point: SweepPointResult): string {
  if (isKnown(point.successRate) || !everyEndedWithoutActing(point)) return formatRate(point.successRate);
  return `– (${shownCount(point.episodes)} of ${shownCount(point.episodes)} ended without acting)`;
}

/** Whether a setting has a speed to show: a run that failed before playing anything has none (not 0 steps/s). */
export const hasSweepSpeed = (point: SweepPointResult): boolean => !(point.status === "failed" && point.episodes === 0 && point.stepsPerSecond === 0);

/** The values of a swept run setting ("run.seed"): undefined where the sweep does not sweep it. */
function sweptRunSetting(record: Pick<SweepRecord, "axes">, key: "run.seed" | "run.episodes"): number[] | undefined {
  const axis = record.axes.find((candidate) => candidate.key === key && candidate.values.length > 1);
  return axis?.values.filter((value): value is number => typeof value === "number");
}

/** A sweep's episodes per setting: "150 episodes per setting", or "episodes: 5–20 per setting" where run.episodes is swept. */
export function sweepEpisodesInWords(record: Pick<SweepRecord, "axes" | "episodes">): string {
  const swept = sweptRunSetting(record, "run.episodes");
  if (!swept || swept.length === 0) return `${counted(record.episodes, "episode")} per setting`;
  return `episodes: ${shownCount(Math.min(...swept))}–${shownCount(Math.max(...swept))} per setting`;
}

/** A sweep's seed: "seed 3", or "seed: swept" where run.seed is swept (or the record names none). */
export function sweepSeedInWords(record: Pick<SweepRecord, "axes" | "seed">): string {
  return record.seed === undefined || sweptRunSetting(record, "run.seed") ? "seed: swept" : `seed ${record.seed}`;
}

/**
 * What became of a sweep in one sentence, for the tables' captions: "" when every setting
 * completed; else its status and its settings counted as everywhere else (sweepSettingsInWords):
 * "Stopped: 2 of 6 settings completed (2 stopped part-way)."
 */
export function sweepOutcomeInWords(record: Pick<SweepRecord, "status" | "settings">): string {
  const { status } = record;
  if (status === "completed") return "";
  const settings = sweepSettingsInWords(record);
  if (status === "killed") return `Killed: ${settings}; its process ended without a word (kill -9, a crash).`;
  return `${status[0]!.toUpperCase()}${status.slice(1)}: ${settings}.`;
}

/**
 * A sweep's settings, counted one way wherever a sweep is shown (its tables, chart, `foresight runs`,
 * the editor's list, its exit message): "6 settings" when every one completed, else how many of those
 * planned completed and how many stopped part-way or failed ("2 of 6 settings completed (2 stopped part-way)").
 * `noun` is left out in a table whose column names it.
 */
export function sweepSettingsInWords(sweep: Pick<SweepListing, "settings">, noun = "settings"): string {
  const { planned, completed, stopped, failed } = sweep.settings;
  const named = noun ? ` ${noun}` : "";
  if (completed === planned) return `${shownCount(planned)}${named}`;
  const short = [...(stopped > 0 ? [`${shownCount(stopped)} stopped part-way`] : []), ...(failed > 0 ? [`${shownCount(failed)} failed`] : [])];
  return `${shownCount(completed)} of ${shownCount(planned)}${named} completed${short.length > 0 ? ` (${short.join(", ")})` : ""}`;
}
