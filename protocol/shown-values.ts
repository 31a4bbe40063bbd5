import type { NodeFailure, RunSummary } from "./run-events.js";

/**
 * How numbers and actions read in tables (the step inspector's, `foresight report`'s): shortened
 * for people; the trace, datasets and CSV exports keep the raw values.
 */

/** A number with its fraction at 4 significant digits (0.9778, -20.08, 3). */
export function shownNumber(value: number): number {
  return Number.isInteger(value) ? value : Number(value.toPrecision(4));
}

/** A whole number with thousands separators, en-US style whatever the locale ("16,138"), as every view writes counts. */
export function shownCount(count: number): string {
  return count.toLocaleString("en-US");
}

/** "a policy", "an environment": the article a word's first letter takes (good enough for our own words). */
export function withArticle(word: string): string {
  return `${/^\W*[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
}

/** A count and its noun, plural unless the count is 1 ("1 episode", "0 episodes", "16,138 steps", "2 successes" given its plural). */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${shownCount(count)} ${count === 1 ? noun : plural}`;
}

/**
 * A rate from 0 to 1 as a percentage with one decimal ("98.5 %", "n/a" for none), the same in the
 * toolbar and the Runs list. The space before "%" does not break: a line never ends at "98.5".
 */
export function shownPercent(rate: number | null): string {
  return rate === null ? "n/a" : `${(rate * 100).toFixed(1)}\u00a0%`;
}

/**
 * A duration given in milliseconds, at 3 significant digits in the unit that keeps it at 1 or above:
 * "531 ns", "42 µs", "12.3 ms", "1.84 s" (a node call often takes microseconds, which "0.00 ms" hid),
 * and past a minute in minutes and whole seconds ("2 min 5 s"), past an hour in hours and minutes.
 */
export function shownDuration(ms: number): string {
  const size = Math.abs(ms);
  const sign = ms < 0 ? "-" : "";
  const seconds = Number((size / 1000).toPrecision(3));
  if (seconds >= 60) return sign + minutesAndHours(Math.round(size / 1000));
  if (seconds >= 1) return `${sign}${seconds} s`;
  if (size >= 1) return `${sign}${Number(size.toPrecision(3))} ms`;
  if (size >= 0.001 || size === 0) return `${sign}${Number((size * 1000).toPrecision(3))} µs`;
  return `${sign}${Number((size * 1e6).toPrecision(3))} ns`;
}

/** "2 min 5 s", "3 min", "1 h 2 min": seconds past a minute, where digits after a point would read as hard as a count of seconds. */
function minutesAndHours(seconds: number): string {
  const [big, small, bigUnit, smallUnit] = seconds >= 3600 ? [Math.floor(seconds / 3600), Math.round((seconds % 3600) / 60), "h", "min"] : [Math.floor(seconds / 60), seconds % 60, "min", "s"];
  return small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`;
}

/** JSON with every number as shownNumber gives it ([0.7673, -1.09]). */
export function shownJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" ? shownNumber(v) : v), indent);
}

/**
 * A discrete action's name from the action space's labels (episode.start's `actionLabels`), where
 * it says more than the index does: an external environment with no names of its own labels its
 * actions "0", "1", ….
 */
export function discreteActionName(action: unknown, labels: readonly string[] | undefined): string | undefined {
  if (typeof action !== "number" || labels === undefined) return undefined;
  const label = labels[action];
  return label === undefined || label === String(action) ? undefined : label;
}

/** An action that is none (an LLM's answer no parser could read, a step with no candidate left), as every view words it. */
export const NO_ACTION = "— (no action)";

/** An action as a table shows it: `2 (down)` where it has a name, a text as it is, anything else as shownJson. */
export function shownAction(action: unknown, name: string | undefined): string {
  if (name !== undefined) return `${shownJson(action)} (${name})`;
  return typeof action === "string" ? action : shownJson(action);
}

/**
 * Where a failure happened, as every view words it: 'node "q" (q-scorer) at episode 3, step 12', or
 * 'while starting' where the node failed before any episode. A failure of the run itself (no node: a
 * queued batch, the engine) says only the episode and step it knows, if any ("" where it knows
 * neither): its message names what failed.
 */
export function failurePlace(failure: NodeFailure): string {
  const when = failure.episode < 0 ? "" : `at episode ${failure.episode}${failure.step < 0 ? "" : `, step ${failure.step}`}`;
  if (failure.node === "") return when;
  return `node "${failure.node}" (${failure.kind}) ${when || "while starting"}`;
}

/** A failure's place and message: 'node "q" (q-scorer) at episode 3, step 12: Q model input …'. */
export function failureText(failure: NodeFailure): string {
  const place = failurePlace(failure);
  const message = failure.at === undefined ? failure.message : `${failure.message} (at ${failure.at})`;
  return place ? `${place}: ${message}` : message;
}

/** The episodes that ended with nothing to act on, as the CLI and the report word them ("" where none did). */
export function notActingText(summary: Pick<RunSummary, "episodes" | "endedWithoutActing">): string {
  const notActing = summary.endedWithoutActing;
  if (!notActing) return "";
  const { episode, step, why } = notActing.first;
  return `${notActing.episodes} of ${summary.episodes} episodes ended without acting, the first at episode ${episode}, step ${step}: ${why}`;
}
