import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gridSize, shownSweepValue, sweepOutcome, type SweepRecord } from "../../protocol/index.js";
import { writeFileAtomic } from "../../runtime/atomic-file.js";
import { runGoingOn } from "../../runtime/run-owner.js";
import { sweepChartSvg } from "./chart.js";
import { sweepCsv, sweepMarkdown } from "./tables.js";

/**
 * What a sweep folder holds (`foresight sweep` writes `runs/<pipeline>-sweep-<timestamp>/`): the
 * record, the same results as Markdown and CSV, the chart, and one run folder per point.
 */
export const SWEEP_FOLDER = { record: "sweep.json", markdown: "results.md", csv: "results.csv", chart: "chart.svg" } as const;

/** Whether `dir` is a sweep folder (it has its record). */
export function isSweepFolder(dir: string): boolean {
  return existsSync(join(dir, SWEEP_FOLDER.record));
}

/** Writes the record and its tables and chart, each atomically (a reader never sees half a file). */
export function writeSweepFolder(dir: string, record: SweepRecord): void {
  writeFileAtomic(join(dir, SWEEP_FOLDER.markdown), sweepMarkdown(record));
  writeFileAtomic(join(dir, SWEEP_FOLDER.csv), sweepCsv(record));
  writeFileAtomic(join(dir, SWEEP_FOLDER.chart), sweepChartSvg(record));
  // The record last: a finished sweep's record has its tables beside it.
  writeSweepRecord(dir, record);
}

/** Writes the record alone, atomically: while the sweep runs, its tables and chart wait for its end. */
export function writeSweepRecord(dir: string, record: SweepRecord): void {
  writeFileAtomic(join(dir, SWEEP_FOLDER.record), JSON.stringify(record, null, 2) + "\n");
}

/**
 * Each of a sweep's run folders (by folder name) and its `--set`, from its record: a run killed
 * before its summary, which would say so, is listed with its setting from here.
 */
export function sweepRunSettings(record: SweepRecord): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const { runDir, values } of [...record.points, ...(record.started ?? [])]) {
    if (runDir) settings.set(runDir, Object.entries(values).map(([key, value]) => `${key}=${shownSweepValue(value)}`));
  }
  return settings;
}

/**
 * A sweep folder's record and chart; throws naming the folder when they cannot be read. A record
 * written before sweeps said how they ended gets its status and settings counted from its points;
 * one that says running, whose process is gone, is killed.
 */
export function readSweepFolder(dir: string, shownAs: string): { record: SweepRecord; chartSvg: string } {
  try {
    const read = JSON.parse(readFileSync(join(dir, SWEEP_FOLDER.record), "utf8")) as Omit<SweepRecord, "status" | "settings"> & Partial<SweepRecord>;
    if (read.version !== 1 || !Array.isArray(read.points) || !Array.isArray(read.axes)) throw new Error(`${SWEEP_FOLDER.record} is not a sweep record of version 1`);
    const record: SweepRecord = read.status && read.settings ? { ...read, status: read.status, settings: read.settings } : { ...read, ...sweepOutcome(read.points, gridSize(read.axes)) };
    if (record.status === "running" && !runGoingOn(dir)) record.status = "killed";
    // A sweep written before the chart's name was chart.svg (success-rate.svg) gets its chart drawn again from the record.
    const chart = join(dir, SWEEP_FOLDER.chart);
    return { record, chartSvg: existsSync(chart) ? readFileSync(chart, "utf8") : sweepChartSvg(record) };
  } catch (error) {
    throw new Error(`sweep ${shownAs}: ${(error as Error).message}`, { cause: error });
  }
}
