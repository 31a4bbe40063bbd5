import { worldDifference } from "../../protocol/world-difference.js";
import { comparisonVerdict, type Comparison } from "../../runtime/compare.js";
import { formatMean, formatPoints, formatSigned, formatSuccessRate, isKnown, sharedDecimals } from "../../protocol/format-estimate.js";
import { escapeMarkup as esc } from "../markup.js";
import { curvesSvg, movingReturn, successSoFar } from "./curves-svg.js";
import { pipelineSvg } from "./pipeline-svg.js";
import type { RunRecord, StepRow } from "./read-run.js";
import type { EpisodeResult, Estimate, NodeFailure, RunSummary } from "../../protocol/run-events.js";
import { counted, failureText, notActingText, shownDuration } from "../../protocol/shown-values.js";
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

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #1d232b; background: #fff; margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; } h2 { font-size: 1.1rem; margin: 28px 0 8px; border-bottom: 1px solid #d5dae1; padding-bottom: 4px; }
.muted { color: #66707c; } table { border-collapse: collapse; margin: 6px 0; } th, td { padding: 3px 10px; border-bottom: 1px solid #e3e6ea; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody th, .summary td.num { white-space: nowrap; } td.set { overflow-wrap: anywhere; white-space: pre-line; text-align: left; }
/* A text action (an LLM's 300-character search) wraps in its column, and a note quoting one in its line: on one line they ran the page
   2,700 px wide. A cell's own max-width is ignored by the table's layout. */
td > code { display: inline-block; max-width: 24em; overflow-wrap: anywhere; } li { overflow-wrap: anywhere; }
.summary table { max-width: 100%; } .charts { display: flex; flex-wrap: wrap; gap: 16px; }
code { font-family: ui-monospace, monospace; font-size: 0.92em; } .scroll { overflow-x: auto; }
@media print {
  @page { size: A4; margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 11px; }
  /* Paper does not scroll: a wide table wraps its headings and shrinks to the page rather than being cut at its edge. */
  .scroll { overflow: visible; } table { font-size: 10px; } th, td { padding: 2px 5px; }
  thead { display: table-header-group; } tr, svg, li { break-inside: avoid; }
  /* A heading stays with what it introduces: "Pipeline" alone at a page's foot, its drawing on the next, read as lost. */
  h1, h2 { break-after: avoid; } h2 + * { break-before: avoid; }
}
@media (prefers-color-scheme: dark) { body { background: #16191d; color: #e3e6ea; } svg { background: #fff; border-radius: 4px; } th, td { border-color: #333a43; } }
`;

const number = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3));

/** The report as one HTML file: inline style and SVG, no script, nothing fetched, so it opens offline anywhere. */
export function reportHtml(content: ReportContent): string {
  const { run, baseline } = content;
  const title = `${run.summary.pipeline} — run ${run.name}`;
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body>`,
    `<header><h1>${esc(run.summary.pipeline)}</h1><p class="muted">Run <code>${esc(run.name)}</code>${run.startedAt ? ` · started ${esc(run.startedAt)}` : ""} · seed ${run.summary.seed} · trace ${esc(run.summary.traceLevel)} · ${esc(statusInWords(run.unfinished ?? run.summary))}</p></header>`,
    summarySection(content),
    curvesSection(run, baseline),
    `<section><h2>Pipeline</h2><div class="scroll">${pipelineSvg(run.nodes, run.edges)}</div></section>`,
    stepsSection(content),
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
    row("episodes", `${s.episodes} of ${s.episodesRequested}${s.episodesFailed ? `, ${s.episodesFailed} failed` : ""}`, b && `${b.episodes} of ${b.episodesRequested}`),
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
  return run.unfinished ? "—" : Math.round(run.summary.stepsPerSecond).toLocaleString("en-US");
}

/** A clause written to follow other words ("the success-rate intervals …") as a paragraph of its own. */
function sentence(clause: string): string {
  return `<p>${esc(clause[0]!.toUpperCase() + clause.slice(1))}.</p>`;
}

function curvesSection(run: RunRecord, baseline: RunRecord | undefined): string {
  const runs = [run, ...(baseline ? [baseline] : [])];
  // Over the episodes that completed, as the summary's figures: a failed one is no 0-return failure of the method.
  const completed = (r: RunRecord) => r.episodes.filter((e) => e.status === "completed");
  const longest = Math.max(...runs.map((r) => completed(r).length));
  if (longest === 0) return "<section><h2>Curves</h2><p>No episode completed.</p></section>";
  const window = Math.max(1, Math.round(longest / 20));
  // Drawn at their episode numbers: a run missing some episodes (a queued run whose Redis restarted) shows the gap.
  const series = (values: (episodes: EpisodeResult[]) => number[], of = runs) =>
    of.map((r) => ({
      name: `${r.summary.pipeline}${r === baseline ? " (baseline)" : ""}`,
      values: values(completed(r)),
      episodes: completed(r).map((e) => e.episode),
      missing: new Set(missingEpisodes(r.episodes.map((e) => e.episode))),
      baseline: r === baseline,
    }));
  const percent = (v: number) => `${Math.round(100 * v)}%`;
  // A world that says nothing of success has no success curve (not one of made-up zeros): return is its measure.
  const reporting = runs.filter((r) => isKnown(r.summary.successRate));
  const success = reporting.length > 0
    ? curvesSvg("Success rate so far", series(successSoFar, reporting), percent, [0, 1])
    : "<p>No success curve: this world reports no success, so return is the measure.</p>";
  return [
    "<section><h2>Curves</h2><div class=\"charts\">",
    success,
    curvesSvg(window === 1 ? "Return of each episode" : `Return, mean of the last ${window} episodes`, series((episodes) => movingReturn(episodes, window)), String),
    "</div></section>",
  ].join("\n");
}

/** How an episode went, in the words of its heading. */
function outcomeText(run: RunRecord, outcome: EpisodeResult | undefined, failure: NodeFailure | undefined): string {
  if (!outcome) return "did not finish";
  const steps = counted(outcome.steps, "step");
  if (outcome.status === "error") return `failed after ${steps}${failure ? `: ${failureText(failure)}` : ""}`;
  return `${isKnown(run.summary.successRate) ? `${outcome.success === true ? "succeeded" : "did not succeed"} · ` : ""}return ${number(outcome.return)} · ${steps}`;
}

function stepsSection({ episode, steps, failure, run }: ReportContent): string {
  if (episode === undefined) return "<section><h2>An episode</h2><p>No episode was played.</p></section>";
  const outcome = run.episodes.find((e) => e.episode === episode);
  const heading = `<h2>Episode ${episode}</h2><p class="muted">${esc(outcomeText(run, outcome, failure))}</p>`;
  if (steps.length === 0 && run.summary.traceLevel === "off") return `<section>${heading}<p>The trace holds no steps (trace level “off”); run with <code>--trace steps</code> to see them here.</p></section>`;
  if (steps.length === 0) return `<section>${heading}<p>No step of it ended.</p></section>`;
  const scoreNames = [...new Set(steps.flatMap((row) => Object.keys(row.scores)))];
  const header = ["step", "action", "reward", "done", "candidates", "kept", ...scoreNames.map((name) => `chosen ${name}`), "chosen by"];
  const rows = steps.map(
    (row) =>
      `<tr><td class="num">${row.step}</td><td><code>${esc(row.action)}</code></td><td class="num">${number(row.reward)}</td><td>${row.done ? "yes" : ""}</td>` +
      `<td class="num">${row.candidates ?? ""}</td><td class="num">${row.kept ?? ""}</td>` +
      scoreNames.map((name) => `<td class="num">${row.scores[name] === undefined ? "" : number(row.scores[name])}</td>`).join("") +
      `<td>${esc(row.rule)}</td></tr>`,
  );
  return `<section>${heading}<div class="scroll"><table><thead><tr>${header.map((h) => `<th>${breakableName(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table></div></section>`;
}

/** A column name that may wrap after its underscores (search_value), so a table of long ones fits a printed page. */
function breakableName(name: string): string {
  return esc(name).replaceAll("_", "_<wbr>");
}

/** A queued run's workers (its workers.json): who played how many batches and episodes, on which providers. */
function workersSection(run: RunRecord): string {
  if (!run.workers) return "";
  const rows = run.workers.workers
    .map((w) => `<tr><td>${esc(w.worker)}</td><td class="num">${w.batches}</td><td class="num">${w.episodes.toLocaleString("en-US")}</td><td>${esc(w.providers.join(", ") || "–")}</td></tr>`)
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
    `<p>${run.summary.steps.toLocaleString("en-US")} steps${run.unfinished ? "" : ` in ${run.summary.wallSeconds.toFixed(1)} s`}.</p>`,
    times.length
      ? `<table><thead><tr><th>node kind</th><th class="num">calls</th><th class="num">mean per call</th><th class="num">total</th></tr></thead><tbody>${times
          .map(([kind, t]) => `<tr><td>${esc(kind)}</td><td class="num">${t.calls}</td><td class="num">${shownDuration(t.meanMs)}</td><td class="num">${shownDuration(t.totalMs)}</td></tr>`)
          .join("")}</tbody></table>`
      : "",
    models.length ? `<p>Models: ${models.map((m) => `<code>${esc(m.node)}</code> ${esc(m.path)} on ${esc(m.provider)}`).join("; ")}.</p>` : "",
    "</section>",
  ].join("\n");
}
