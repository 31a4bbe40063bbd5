import { formatMean, formatSuccessRate } from "../protocol/format-estimate.js";
import { shownDuration } from "../protocol/shown-values.js";
import type { RunSummary } from "../runtime/summary.js";

/** Lines of a table, columns padded to their widest cell. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join("   ").trimEnd()).join("\n");
}


/** The end-of-run table `foresight run` prints. */
export function formatRunSummary(summary: RunSummary, runDir: string): string {
  const nodeTimes = Object.entries(summary.nodeTime)
    .map(([kind, t]) => `${kind} ${shownDuration(t.meanMs)}`)
    .join(", ");
  const rows = [
    ["", summary.pipeline],
    ["episodes", `${summary.episodes} of ${summary.episodesRequested}${summary.episodesFailed ? ` (${summary.episodesFailed} failed, left out of the figures below)` : ""}`],
    ["success rate (95% CI)", formatSuccessRate(summary)],
    ["mean return", formatMean(summary.meanReturn)],
    ["mean length (steps)", formatMean(summary.meanLength)],
    ["steps/s", Math.round(summary.stepsPerSecond).toLocaleString("en-US")],
  ];
  // No node ran where every episode failed before one could (a queued run whose workers refused the pipeline).
  const timing = nodeTimes ? `mean time per node call: ${nodeTimes}\n` : "";
  return `${table(rows)}\n${timing}run folder: ${runDir}\n`;
}
