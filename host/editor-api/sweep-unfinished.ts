import { existsSync } from "node:fs";
import { basename } from "node:path";
import type { SweepPointUnfinished, SweepRecord, SweepValue } from "../../protocol/index.js";
import { runFile } from "../../runtime/run-folder.js";
import { runGoingOn } from "../../runtime/run-owner.js";
import { overrideValue } from "../../runtime/pipeline/overrides.js";
import type { TraceIndex } from "../../runtime/trace/trace-index.js";
import { foldersIn } from "./run-folders.js";

/**
 * The sweep's settings whose runs have no summary: the one playing now, or those its killed or
 * stopped sweep left without one (the record lists only settings that ended). Each is matched to its
 * setting by the record's `started`, else by the `--set` its trace's run.start recorded; episodes are
 * those its trace holds as completed. A folder with no trace, or no run.start yet, is left out.
 */
export function unfinishedSettings(dir: string, record: SweepRecord, traceOf: (runDir: string) => TraceIndex): SweepPointUnfinished[] {
  const ended = new Set(record.points.map((point) => point.runDir));
  const started = new Map((record.started ?? []).map((point) => [point.runDir, point.values]));
  const swept = new Set(record.axes.map((axis) => axis.key));
  const unfinished: SweepPointUnfinished[] = [];
  for (const runDir of foldersIn([dir])) {
    const name = basename(runDir);
    if (ended.has(name) || existsSync(runFile(runDir, "summary")) || !existsSync(runFile(runDir, "trace"))) continue;
    let trace: TraceIndex;
    try {
      trace = traceOf(runDir).update();
    } catch {
      continue; // Unreadable: opening the run names the problem.
    }
    if (!trace.start) continue;
    const values = started.get(name) ?? settingOf(trace.start.set ?? [], swept);
    const status = runGoingOn(runDir) ? "running" : record.status === "stopped" ? "stopped" : "killed";
    unfinished.push({ values, runDir: name, status, episodes: trace.episodes.filter((episode) => episode.status === "completed").length });
  }
  return unfinished.sort((a, b) => a.runDir.localeCompare(b.runDir));
}

/** The swept and fixed keys' values from a run's `--set` ("sampler.n=16"), parsed as `run` parses them. */
function settingOf(sets: readonly string[], keys: ReadonlySet<string>): Record<string, SweepValue> {
  const values: Record<string, SweepValue> = {};
  for (const set of sets) {
    const at = set.indexOf("=");
    const key = set.slice(0, at);
    if (at > 0 && keys.has(key)) values[key] = overrideValue(set.slice(at + 1)) as SweepValue;
  }
  return values;
}
