import { isKnown } from "../../protocol/format-estimate.js";
import type { EpisodeResult, NodeFailure } from "../../protocol/run-events.js";
import { counted, failureText } from "../../protocol/shown-values.js";
import { escapeMarkup as esc } from "../markup.js";
import type { RunRecord, StepRow } from "./read-run.js";

/**
 * A figure in the step table or a heading. Null is how JSON wrote a value that was not finite (a return
 * that overflowed to ±Infinity, or NaN): shown as "–", not read as a number.
 */
export const shownFigure = (v: number | null): string => (v === null || !Number.isFinite(v) ? "–" : Number.isInteger(v) ? String(v) : v.toFixed(3));

/** The episode the report shows: how it went, and its every step, down to the step a node error ended it at. */
export function episodeSection(run: RunRecord, episode: number | undefined, steps: readonly StepRow[], failure: NodeFailure | undefined): string {
  if (episode === undefined) return "<section><h2>An episode</h2><p>No episode was played.</p></section>";
  const outcome = run.episodes.find((e) => e.episode === episode);
  const heading = `<h2>Episode ${episode}</h2><p class="muted">${esc(outcomeText(run, outcome, failure))}</p>`;
  if (steps.length === 0 && run.summary.traceLevel === "off") return `<section>${heading}<p>The trace holds no steps (trace level “off”); run with <code>--trace steps</code> to see them here.</p></section>`;
  if (steps.length === 0) return `<section>${heading}<p>No step of it ended.</p></section>`;
  const scoreNames = [...new Set(steps.flatMap((row) => Object.keys(row.scores)))];
  const header = ["step", "action", "reward", "done", "candidates", "kept", ...scoreNames.map((name) => `chosen ${name}`), "chosen by"];
  const rows = steps.map(
    (row) =>
      `<tr><td class="num">${row.step}</td><td><code>${esc(row.action)}</code></td><td class="num">${shownFigure(row.reward)}</td><td>${row.done ? "yes" : ""}</td>` +
      `<td class="num">${row.candidates ?? ""}</td><td class="num">${row.kept ?? ""}</td>` +
      scoreNames.map((name) => `<td class="num">${row.scores[name] === undefined ? "" : shownFigure(row.scores[name])}</td>`).join("") +
      `<td>${esc(row.rule)}</td></tr>`,
  );
  const failed = failedStepRow(steps, failure, header.length);
  return `<section>${heading}<div class="scroll"><table><thead><tr>${header.map((h) => `<th>${breakableName(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}${failed}</tbody></table></div></section>`;
}

/** How an episode went, in the words of its heading. */
function outcomeText(run: RunRecord, outcome: EpisodeResult | undefined, failure: NodeFailure | undefined): string {
  if (!outcome) return "did not finish";
  const steps = counted(outcome.steps, "step");
  if (outcome.status === "error") return `failed after ${steps}${failure ? `: ${failureText(failure)}` : ""}`;
  const returned = outcome.return === null || !Number.isFinite(outcome.return) ? "return not finite (overflowed to ±Infinity, or NaN)" : `return ${shownFigure(outcome.return)}`;
  return `${isKnown(run.summary.successRate) ? `${outcome.success === true ? "succeeded" : "did not succeed"} · ` : ""}${returned} · ${steps}`;
}

/**
 * The step a node error ended the episode at, as the table's last row: that step never ended, so it has
 * no step.end of its own, and the table stopped one step short of where the episode did.
 */
function failedStepRow(steps: readonly StepRow[], failure: NodeFailure | undefined, columns: number): string {
  if (!failure || failure.step < 0 || steps.some((row) => row.step === failure.step)) return "";
  const message = failure.at === undefined ? failure.message : `${failure.message} (at ${failure.at})`;
  const who = failure.node ? `node "${failure.node}" (${failure.kind}) failed` : "failed";
  return `<tr class="failed-step"><td class="num">${failure.step}</td><td colspan="${columns - 1}">${esc(`${who}: ${message}`)}</td></tr>`;
}

/** A column name that may wrap after its underscores (search_value), so a table of long ones fits a printed page. */
function breakableName(name: string): string {
  return esc(name).replaceAll("_", "_<wbr>");
}
