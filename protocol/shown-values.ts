/**
 * How numbers and actions read in tables (the step inspector's, `foresight report`'s): shortened
 * for people; the trace, datasets and CSV exports keep the raw values.
 */

/** A number with its fraction at 4 significant digits (0.9778, -20.08, 3). */
export function shownNumber(value: number): number {
  return Number.isInteger(value) ? value : Number(value.toPrecision(4));
}

/** A count and its noun, plural unless the count is 1 ("1 episode", "0 episodes", "3 problems"). */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * A duration given in milliseconds, at 3 significant digits in the unit that keeps it above 1:
 * "12.3 ms", "42 µs", "0.4 µs" (a node call often takes microseconds, which "0.00 ms" hid).
 */
export function shownDuration(ms: number): string {
  return Math.abs(ms) >= 1 ? `${Number(ms.toPrecision(3))} ms` : `${Number((ms * 1000).toPrecision(3))} µs`;
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

/** An action as a table shows it: `2 (down)` where it has a name, a text as it is, anything else as shownJson. */
export function shownAction(action: unknown, name: string | undefined): string {
  if (name !== undefined) return `${shownJson(action)} (${name})`;
  return typeof action === "string" ? action : shownJson(action);
}
