import { worldDifference } from "../../protocol/world-difference.js";
import { comparisonVerdict, type Comparison } from "../../runtime/compare.js";
import { formatMean, formatPoints, formatSigned, formatSuccessRate, sharedDecimals } from "../../protocol/format-estimate.js";
import { escapeMarkup as esc } from "../markup.js";
import { curvesSection } from "./curves-section.js";
import { episodeSection } from "./episode-section.js";
import { pipelineSvg } from "./pipeline-svg.js";
import { REPORT_STYLE } from "./report-style.js";
import type { RunRecord, StepRow } from "./read-run.js";
import type { Estimate, NodeFailure, RunSummary } from "../../protocol/run-events.js";
import { counted, failureText, notActingText, shownCount, shownDuration } from "../../protocol/shown-values.js";
import { statusInWords } from "../../protocol/runs.js";
import { episodeRangesText, missingEpisodes } from "../../protocol/episode-ranges.js";

/** Everything one report page shows. */
export interface ReportContent {
  run: RunRecord;
  baseline: RunRecord | undefined;
  comparison: Comparison | undefined;
  episode: number | undefined;
  steps: StepRow[];
  /** The node error that ended the episode shown, if one did. */
  failure: NodeFailure | undefined;
  generatedAt: string;
  version: string;
}


/** The report as one HTML file: inline style and SVG, no script, nothing fetched, so it opens offline anywhere. */
export function reportHtml(content: ReportContent): string {
  const { run, baseline } = content;
  const title = `${run.summary.pipeline} — run ${run.name}`;
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${esc(title)}</title><style>${REPORT_STYLE}</style></head><body>`,
    `<header><h1>${esc(run.summary.pipeline)}</h1><p class="muted">Run <code>${esc(run.name)}</code>${run.startedAt ? ` · started ${esc(run.startedAt)}` : ""} · seed ${run.summary.seed} · trace ${esc(run.summary.traceLevel)} · ${esc(statusInWords(run.unfinished ?? run.summary))}</p></header>`,
    summarySection(content),
    curvesSection(run, baseline),
    `<section><h2>Pipeline</h2><div class="scroll">${pipelineSvg(run.nodes, run.edges)}</div></section>`,
    episodeSection(run, content.episode, content.steps, content.failure),
    costSection(run),
    notesSection(run),
    workersSection(run),
    `<footer><p class="muted">Written by Foresight ${esc(content.version)} at ${esc(content.generatedAt)} (<code>foresight report</code>).</p></footer>`,
    "</body></html>",
    "",
  ].join("\n");
}

function summarySection({ run, baseline, comparison }: ReportContent): string {
  const s = run.summary;
  const head = baseline ? ["", `${esc(s.pipeline)} <span class="muted">(this run)</span>`, `${esc(baseline.summary.pipeline)} <span class="muted">(baseline)</span>`, "difference (this − baseline)"] : ["", esc(s.pipeline)];
  // cell: "num" for figures, kept on one line; "set" for --set text, one per line, which may hold a long JSON value and wraps anywhere, so the table stays within the page.
  const row = (label: string, mine: string, theirs?: string, difference?: string, cell = "num") =>
    `<tr><th>${label}</th><td class="${cell}">${esc(mine)}</td>${baseline ? `<td class="${cell}">${esc(theirs ?? "")}</td><td class="num">${esc(difference ?? "")}</td>` : ""}</tr>`;
  const b = baseline?.summary;
  const d = comparison?.difference;
  const verdict = comparison ? comparisonVerdict(comparison, "the baseline", "this run") : "";
  const otherWorld = baseline && worldDifference(run.environment, baseline.environment, "this run", "the baseline");
  // This run, the baseline and the difference in one precision, so they compare at a glance.
  const means = (label: string, pick: (summary: RunRecord["summary"]) => Estimate, difference: Estimate | undefined) => {
    const decimals = sharedDecimals(pick(s), b && pick(b), difference);
    return row(label, formatMean(pick(s), decimals), b && formatMean(pick(b), decimals), difference && formatSigned(difference, decimals));
  };
  return [
    '<section class="summary"><h2>Summary</h2>',
    `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>`,
    row("episodes", episodesText(run), baseline && episodesText(baseline)),
    row("success rate (95% CI)", formatSuccessRate(s), b && formatSuccessRate(b), d && formatPoints(d.successRate)),
    means("mean return (95% CI)", (summary) => summary.meanReturn, d?.meanReturn),
    means("mean length, steps (95% CI)", (summary) => summary.meanLength, d?.meanLength),
    row("steps/s", stepsPerSecond(run), baseline && stepsPerSecond(baseline)),
    s.set || b?.set ? row("--set", s.set?.join("\n") ?? "", b && (b.set?.join("\n") ?? ""), undefined, "set") : "",
    "</tbody></table>",
    ...[run, baseline].map((r, i) => (r?.unfinished ? `<p>${i === 0 ? "This run" : "The baseline"} has no summary.json: ${r.unfinished.status === "killed" ? "it was killed" : `it is still ${esc(statusInWords(r.unfinished))}`}. Its figures are over the ${r.summary.episodes + r.summary.episodesFailed} episodes its trace holds of ${r.summary.episodesRequested}.</p>` : "")),
    // A shared report must say its figures leave lines out, not only the terminal that wrote it.
    ...[run, baseline].map((r, i) => {
      const skipped = r?.index.skippedInWords("trace.jsonl");
      return skipped ? `<p>${i === 0 ? "This run's" : "The baseline's"} ${esc(skipped)}; what they held is not in this report.</p>` : "";
    }),
    ...[run, baseline].map((r, i) => (r ? heldEpisodesText(r, i === 0 ? "This run" : "The baseline") : "")),
    verdict ? sentence(verdict) : "",
    otherWorld ? sentence(otherWorld) : "",
    b ? settingsDifference(s, b) : "",
    s.error ? `<p>First error: ${esc(failureText(s.error))}</p>` : "",
    s.endedWithoutActing ? `<p>${esc(notActingText(s))}.</p>` : "",
    "</section>",
  ].join("\n");
}

/**
 * "1,000 of 1,000"; with the episodes that failed, and the error the run ended on where one ended it
 * (onNodeError "endRun"): "0 of 5, 1 failed; the run ended on the error at episode 0, step 2".
 */
function episodesText(run: RunRecord): string {
  const s = run.summary;
  const ending = run.index.runEndingError;
  const failed = s.episodesFailed ? `, ${shownCount(s.episodesFailed)} failed` : "";
  const ended = ending ? `; the run ended on ${ending.episode < 0 ? "an error (below)" : `the error at episode ${ending.episode}${ending.step < 0 ? "" : `, step ${ending.step}`}`}` : "";
  return `${shownCount(s.episodes)} of ${shownCount(s.episodesRequested)}${failed}${ended}`;
}

/** Which episodes a run holds, where some below its last are missing: "This run holds episodes 0–99, 110–119 (100–109 are missing)." */
function heldEpisodesText(run: RunRecord, who: string): string {
  const numbers = run.episodes.map((e) => e.episode);
  const missing = missingEpisodes(numbers);
  if (missing.length === 0) return "";
  return `<p>${who} holds episodes ${esc(episodeRangesText(numbers))} (${esc(episodeRangesText(missing))} ${missing.length === 1 ? "is" : "are"} missing): its figures and curves are over those it holds.</p>`;
}

/**
 * Where the baseline played another seed or number of episodes: episode i of each did not start alike,
 * as `compare` makes them (its note says the same of two files).
 */
function settingsDifference(run: RunSummary, baseline: RunSummary): string {
  const differ = [
    run.episodesRequested !== baseline.episodesRequested ? `episodes ${run.episodesRequested} and ${baseline.episodesRequested}` : "",
    run.seed !== baseline.seed ? `seed ${run.seed} and ${baseline.seed}` : "",
  ].filter(Boolean);
  if (differ.length === 0) return "";
  return `<p>This run and the baseline differ in ${esc(differ.join(", "))}: their episodes did not start alike, so the difference is not the pipelines' alone (<code>foresight compare</code> plays both with one seed and episodes).</p>`;
}

/** A run's steps/s; unknown for one without a summary (its trace does not say how long it ran). */
function stepsPerSecond(run: RunRecord): string {
  return run.unfinished ? "—" : shownCount(Math.round(run.summary.stepsPerSecond));
}

/** A clause written to follow other words ("the success-rate intervals …") as a paragraph of its own. */
function sentence(clause: string): string {
  return `<p>${esc(clause[0]!.toUpperCase() + clause.slice(1))}.</p>`;
}

/** A queued run's workers (its workers.json): who played how many batches and episodes, on which providers. */
function workersSection(run: RunRecord): string {
  if (!run.workers) return "";
  const rows = run.workers.workers
    .map((w) => `<tr><td>${esc(w.worker)}</td><td class="num">${w.batches}</td><td class="num">${shownCount(w.episodes)}</td><td>${esc(w.providers.join(", ") || "–")}</td></tr>`)
    .join("");
  return `<section><h2>Workers</h2><p class="muted">Queued: each batch's worker is in workers.json.</p><table><thead><tr><th>worker</th><th class="num">batches</th><th class="num">episodes</th><th>providers</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** What the nodes noted (the trace's node.log lines), identical ones once with their count (a queued run notes once per batch): where a Dataset collector wrote, an LLM node's use. */
function notesSection(run: RunRecord): string {
  const { notes, more } = run.index.countedNotes;
  if (notes.length === 0) return "";
  const items = notes.map((note) => `<li><code>${esc(note.node)}</code>: ${esc(note.message)}${note.count > 1 ? ` <span class="muted">×${note.count}</span>` : ""}</li>`).join("");
  const rest = more > 0 ? `<p class="muted">${esc(counted(more, "more note"))} in trace.jsonl (its node.log lines).</p>` : "";
  return `<section><h2>Notes from the nodes</h2><ul>${items}</ul>${rest}</section>`;
}

function costSection(run: RunRecord): string {
  const times = Object.entries(run.summary.nodeTime);
  const models = run.summary.models;
  return [
    "<section><h2>Cost</h2>",
    `<p>${counted(run.summary.steps, "step")}${run.unfinished ? "" : ` in ${run.summary.wallSeconds.toFixed(1)} s`}.</p>`,
    times.length
      ? `<table><thead><tr><th>node kind</th><th class="num">calls</th><th class="num">mean per call</th><th class="num">total</th></tr></thead><tbody>${times
          .map(([kind, t]) => `<tr><td>${esc(kind)}</td><td class="num">${shownCount(t.calls)}</td><td class="num">${shownDuration(t.meanMs)}</td><td class="num">${shownDuration(t.totalMs)}</td></tr>`)
          .join("")}</tbody></table>`
      : "",
    models.length ? `<p>Models: ${models.map((m) => `<code>${esc(m.node)}</code> ${esc(m.path)} on ${esc(m.provider)}`).join("; ")}.</p>` : "",
    "</section>",
  ].join("\n");
}
