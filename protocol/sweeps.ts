import { isKnown } from "./format-estimate.js";
import type { Estimate, RunStatus } from "./run-events.js";

/** One setting of a sweep and how its run went (figures over the run's finished episodes). */
export interface SweepPointResult {
  /** The value of each swept key, as typed on the command line (e.g. { "sampler.n": "16" }). */
  values: Record<string, string>;
  /** The point's run folder, relative to the sweep folder. */
  runDir: string;
  status: RunStatus;
  episodes: number;
  successRate: Estimate;
  meanReturn: Estimate;
  meanLength: Estimate;
  stepsPerSecond: number;
  /** Why the run failed, when it did. */
  error?: string;
}

/** A sweep folder's sweep.json: the grid, the shared settings, and one result per point. */
export interface SweepRecord {
  version: 1;
  pipeline: string;
  /** The pipeline file as given to `foresight sweep`. */
  file: string;
  startedAt: string;
  episodes: number;
  seed: number;
  /** Every `--set` of the sweep; those with one value are fixed, the others are the grid's axes. */
  axes: { key: string; values: string[] }[];
  points: SweepPointResult[];
}

/** A sweep folder as the Runs list shows it. */
export interface SweepListing {
  /** As clients name it (relative to serve's root). */
  sweepDir: string;
  pipeline: string;
  startedAt: string;
  points: number;
  /** The swept keys (axes with more than one value). */
  swept: string[];
}

/** A sweep opened in the editor: its record and its chart. */
export interface OpenedSweep {
  sweepDir: string;
  record: SweepRecord;
  /** chart.svg as written by `foresight sweep`: success rate per setting, or mean return where the world reports no success. */
  chartSvg: string;
}

/** Whether a sweep is charted by its success rate: where any setting's world reports success; else by mean return (Pendulum). */
export function chartsSuccessRate(record: SweepRecord): boolean {
  return record.points.some((point) => isKnown(point.successRate));
}
