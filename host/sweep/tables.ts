import { hasSweepSpeed, inShownOrder, shownSweepEpisodes, shownSweepSuccess, sweepEpisodesInWords, sweepSeedInWords, shownSweepValue, sweepOutcomeInWords, type Estimate, type SweepRecord } from "../../protocol/index.js";
import { formatMean, formatMeanLength, isKnown, sharedDecimals } from "../../protocol/format-estimate.js";
import { sweptAxes } from "./grid.js";

/** An estimate with numbers, or undefined where it has none (isKnown). */
export function known(e: Estimate): { value: number; low: number; high: number } | undefined {
  return isKnown(e) ? { value: e.value!, low: e.low!, high: e.high! } : undefined;
}

/**
 * The sweep as a Markdown table: one row per point (numeric values ascending), the swept keys first, then the episodes its
 * figures are over (fewer where its run was stopped part-way), 95% intervals in brackets.
 */
export function sweepMarkdown(record: SweepRecord): string {
  const keys = sweptAxes(record.axes).map((axis) => axis.key);
  const fixed = record.axes.filter((axis) => axis.values.length === 1).map((axis) => `\`${axis.key}=${shownSweepValue(axis.values[0])}\``);
  const header = [...keys.map((key) => `\`${key}\``), "episodes", "success rate (95% CI)", "mean return (95% CI)", "mean length", "steps/s", "status"];
  // One precision down the column, so the settings' returns line up and compare (as compare's rows do).
  const returnDecimals = sharedDecimals(...record.points.map((point) => point.meanReturn));
  const rows = inShownOrder(record.points, record.axes).map((point) => [
    ...keys.map((key) => cell(shownSweepValue(point.values[key]))),
    shownSweepEpisodes(point, record),
    shownSweepSuccess(point),
    formatMean(point.meanReturn, returnDecimals),
    formatMeanLength(point.meanLength),
    hasSweepSpeed(point) ? Math.round(point.stepsPerSecond).toLocaleString("en-US") : "–",
    cell(point.error ? `${point.status}: ${point.error}` : point.status),
  ]);
  const outcome = sweepOutcomeInWords(record);
  const lines = [
    `# Sweep of ${record.pipeline}`,
    "",
    `${sweepEpisodesInWords(record)}, ${sweepSeedInWords(record)}, started ${record.startedAt}${fixed.length > 0 ? `; fixed: ${fixed.join(", ")}` : ""}.`,
    "",
    ...(outcome ? [`**${outcome}**`, ""] : []),
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
  ];
  return lines.join("\n");
}

/**
 * The sweep as CSV (RFC 4180): one row per point, in the Markdown table's order, each estimate as value, low, high; `episodes` is
 * what the figures are over, beside the episodes that failed (left out) and those that ended without acting (in).
 */
export function sweepCsv(record: SweepRecord): string {
  const keys = sweptAxes(record.axes).map((axis) => axis.key);
  const header = [...keys, "success_rate", "success_low", "success_high", "mean_return", "return_low", "return_high", "mean_length", "steps_per_s", "episodes", "episodes_failed", "ended_without_acting", "status", "run_dir", "error"];
  const estimate = (e: Estimate) => {
    const k = known(e);
    return k ? [k.value, k.low, k.high].map(String) : ["", "", ""];
  };
  const rows = inShownOrder(record.points, record.axes).map((point) => [
    ...keys.map((key) => shownSweepValue(point.values[key])),
    ...estimate(point.successRate),
    ...estimate(point.meanReturn),
    String(known(point.meanLength)?.value ?? ""),
    hasSweepSpeed(point) ? String(point.stepsPerSecond) : "",
    String(point.episodes),
    String(point.episodesFailed ?? 0),
    String(point.endedWithoutActing ?? 0),
    point.status,
    point.runDir,
    point.error ?? "",
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** A Markdown table cell's text: a "|" in it would end the cell. */
function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
