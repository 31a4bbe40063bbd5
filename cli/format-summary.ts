import type { RunSummary } from "../runtime/summary.js";
import type { Estimate } from "../protocol/run-events.js";

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3));

function withInterval(e: Estimate, fmt: (v: number) => string): string {
  const { value, low, high } = e;
  // No finished episode: NaN in a live summary, null in one read back from summary.json.
  if (value === null || low === null || high === null || Number.isNaN(value)) return "–";
  return `${fmt(value)} [${fmt(low)}, ${fmt(high)}]`;
}

/** Lines of a table, columns padded to their widest cell. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join("   ").trimEnd()).join("\n");
}

export const formatRate = (e: Estimate) => withInterval(e, pct);
export const formatMean = (e: Estimate) => withInterval(e, num);

/** The end-of-run table `foresight run` prints. */
export function formatRunSummary(summary: RunSummary, runDir: string): string {
  const nodeTimes = Object.entries(summary.nodeTime)
    .map(([kind, t]) => `${kind} ${t.meanMs.toFixed(3)} ms`)
    .join(", ");
  const rows = [
    ["", summary.pipeline],
    ["episodes", `${summary.episodes} of ${summary.episodesRequested}${summary.episodesFailed ? ` (${summary.episodesFailed} failed)` : ""}`],
    ["success rate (95% CI)", formatRate(summary.successRate)],
    ["mean return", formatMean(summary.meanReturn)],
    ["mean length (steps)", formatMean(summary.meanLength)],
    ["steps/s", Math.round(summary.stepsPerSecond).toLocaleString("en-US")],
  ];
  return `${table(rows)}\nmean time per node call: ${nodeTimes}\nrun folder: ${runDir}\n`;
}
