import { formatMean, formatSuccessRate } from "../protocol/format-estimate.js";
import { shownDuration } from "../protocol/shown-values.js";
import type { RunSummary } from "../runtime/summary.js";

/** Lines of a table, columns padded to their widest cell; a cell's control characters are shown, not obeyed (see `oneLine`). */
export function table(rows: readonly (readonly string[])[]): string {
  const cells = rows.map((r) => r.map(oneLine));
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? "").length)));
  return cells.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join("   ").trimEnd()).join("\n");
}

/**
 * A cell on one line: a line break (a run's `--name` may hold one) as ⏎, a tab as a space, any other
 * control character escaped (\u001b), so no cell splits its row or moves the terminal's cursor.
 */
export function oneLine(cell: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this replaces
  return cell.replace(/\r\n|[\r\n]/g, "⏎").replace(/\t/g, " ").replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
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
