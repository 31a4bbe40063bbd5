import { join } from "node:path";
import { compareRuns } from "../../runtime/compare.js";
import { writeFileAtomic } from "../../runtime/atomic-file.js";
import { episodeFailure, episodeSteps, readRun } from "./read-run.js";
import { reportHtml } from "./report-html.js";

export interface ReportRequest {
  runDir: string;
  /** A run folder to compare with (curves in grey, differences with intervals). */
  baselineDir?: string;
  /** The episode whose steps are shown; the first that did not succeed, else the first. */
  episode?: number;
  /** Where to write; `report.html` in the run folder by default. */
  out?: string;
  version: string;
  /** How warnings name a file: as the host shows paths to its user (serve: relative to its root). */
  showPath?: (path: string) => string;
}

/**
 * Writes a run's report as one self-contained HTML file (atomically) and answers its path, its text,
 * and warnings to show (damaged trace lines it skipped).
 */
export function writeRunReport(request: ReportRequest): { path: string; html: string; warnings: string[] } {
  const run = readRun(request.runDir);
  const baseline = request.baselineDir === undefined ? undefined : readRun(request.baselineDir);
  const episode = request.episode ?? (run.episodes.find((e) => !e.success) ?? run.episodes[0])?.episode;
  if (episode !== undefined && request.episode !== undefined && !run.episodes.some((e) => e.episode === episode)) {
    throw new Error(run.index.missingEpisode(episode));
  }
  const html = reportHtml({
    run,
    baseline,
    // B − A with the baseline as A: a positive difference means this run does better.
    comparison: baseline && compareRuns(baseline, run),
    episode,
    steps: episode === undefined ? [] : episodeSteps(run, episode),
    failure: episode === undefined ? undefined : episodeFailure(run, episode),
    generatedAt: new Date().toISOString(),
    version: request.version,
  });
  const out = request.out ?? join(request.runDir, "report.html");
  writeFileAtomic(out, html);
  const showPath = request.showPath ?? ((path: string) => path);
  const warnings = [run, baseline].flatMap((read) => read?.index.skippedInWords(showPath(read.index.path)) ?? []);
  return { path: out, html, warnings };
}
