import { shownField } from "./shown-field.js";
import type { TransitionRecord } from "./transitions.js";

/**
 * Checks that a transitions file's records are what the Dataset collector writes, before any is
 * trained on: a field left out, or of another type, would otherwise be read as a default (every
 * step one episode, no episode ever ending) and train a wrong model without a word. `placeOf` names
 * a record in its file ("line 12" of JSON Lines, "record 12" of Parquet). Throws naming the first
 * fault; the values themselves (an action in its space, a number that fits a float) are
 * `transitionArrays`' to check.
 */
export function checkTransitionRecords(records: readonly TransitionRecord[], placeOf: (index: number) => string): void {
  const other = otherStream(records[0]);
  if (other !== undefined) throw new Error(`not a transitions file: its records look like ${other}; give the run folder, or its dataset/transitions.jsonl or .parquet`);
  const seen = new Set<number>();
  let previous: { episode: number; step: number; ended: boolean } | undefined;
  records.forEach((record, index) => {
    const at = () => placeOf(index);
    for (const field of REQUIRED) if (record[field] === undefined || (record[field] === null && !NULLABLE.has(field))) throw new Error(`${at()}: no ${field} field`);
    const episode = wholeNumber(record, "episode", at);
    const step = wholeNumber(record, "step", at);
    for (const field of BOOLEANS) {
      const value = record[field];
      if (value !== undefined && value !== null && typeof value !== "boolean") throw new Error(`${at()}: ${field} ${shownField(value)} is not true or false`);
    }
    for (const field of JSON_TEXTS) {
      const value = record[field];
      if (typeof value !== "string") throw new Error(`${at()}: ${field} is ${typeof value === "object" ? "a JSON object" : `the ${typeof value} ${shownField(value)}`}, not JSON text (the collector writes it as a string holding its JSON)`);
    }
    if (previous?.episode === episode) {
      if (step === previous.step) throw new Error(`${at()}: episode ${episode}, step ${step} is repeated (the line before holds it too)`);
      if (step < previous.step) throw new Error(`${at()}: episode ${episode}, step ${step} comes after its step ${previous.step} (a file's steps are in order)`);
      if (previous.ended) throw new Error(`${at()}: episode ${episode}, step ${step} comes after the step that ended the episode (terminated or truncated)`);
    } else {
      if (seen.has(episode)) {
        throw new Error(`episode ${episode} appears again at ${at()} after episode ${previous!.episode} (a file's episodes are contiguous, its steps in order: were two files joined? give each one as it is)`);
      }
      seen.add(episode);
    }
    previous = { episode, step, ended: record["terminated"] === true || record["truncated"] === true };
  });
}

/** What every target reads: where a step is, what was seen, done and got, and whether the episode ended there. */
const REQUIRED = ["episode", "step", "observation", "action", "reward", "next_observation", "terminated"] as const;
/** null where the step did not act (action), or its reward was NaN or infinite (JSON has neither). */
const NULLABLE = new Set<string>(["action", "reward"]);
/** Flags read where present (older datasets lack some): true or false, never text. */
const BOOLEANS = ["terminated", "truncated", "hazard", "success"] as const;
const JSON_TEXTS = ["observation", "next_observation"] as const;

function wholeNumber(record: TransitionRecord, field: string, at: () => string): number {
  const value = record[field];
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw new Error(`${at()}: ${field} ${shownField(value)} is not a whole number`);
  return value;
}

/** The stream (or file) a record that is no transition comes from, told by its fields; undefined for a transition or one that says nothing. */
function otherStream(record: TransitionRecord | undefined): string | undefined {
  if (record === undefined || "observation" in record) return undefined;
  if ("prompt" in record && "chosen" in record) return "a preferences file's (prompt, chosen, rejected)";
  if ("candidate" in record) return "a candidates file's (one row of a step's candidate table each)";
  if (typeof record["type"] === "string" && "t" in record) return "a trace's (trace.jsonl: run and step events)";
  return undefined;
}
