import type { TracedCell, TracedNumbers, TracedValue } from "../../protocol/traced-values.js";
import { CandidateTable } from "../candidate-table.js";
import { withLazyRows } from "./lazy-rows.js";
import { MAX_TRACED_TEXT, TEXT_HEAD, tracedColumn, tracedRows } from "./traced-cells.js";

export { MAX_TRACED_TEXT, tracedRows } from "./traced-cells.js";

/** Arrays longer than this are summarised in traces (length, min, max, mean, first values). */
export const MAX_TRACED_ARRAY = 64;

/** A long string as traced: its length and first characters. */
function summariseText(text: string): TracedValue {
  return text.length > MAX_TRACED_TEXT ? { $summary: "text", length: text.length, head: text.slice(0, TEXT_HEAD) } : text;
}

function summariseNumbers(values: ArrayLike<number>): TracedNumbers {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const head = Array.from({ length: Math.min(8, values.length) }, (_, i) => values[i]!);
  return { $summary: "numbers", length: values.length, min, max, mean: sum / values.length, head };
}

/**
 * A JSON view of a port value for the trace: tables as rows, large arrays, tensors and long
 * strings summarised, callables (policies, value functions) and environments by name. Called for
 * every output of every node at trace `full`, so it walks each value once, without the helper
 * arrays of Object.entries, slice and map.
 */
export function summariseValue(value: unknown): TracedValue {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "string":
      return summariseText(value);
    case "boolean":
      return value;
    case "undefined":
      return null;
    case "object":
      return value === null ? null : summariseObject(value);
    default:
      return String(value);
  }
}

function summariseObject(value: object): TracedValue {
  if (Array.isArray(value)) return summariseArray(value);
  if (value instanceof CandidateTable) {
    const rows = tracedRows(value);
    return rows.length > MAX_TRACED_ARRAY ? { $summary: "candidates", length: rows.length, head: rows.slice(0, MAX_TRACED_ARRAY) } : rows;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return summariseNumbers(value as unknown as ArrayLike<number>);
  const record = value as Record<string, unknown>;
  if (typeof record["render"] === "function" && typeof record["step"] === "function") return marker(record, "$environment");
  if (typeof record["distributions"] === "function") return marker(record, "$policy");
  if (typeof record["values"] === "function" && "name" in record) return marker(record, "$valueFunction");
  const out: Record<string, TracedValue> = {};
  const keys = Object.keys(record);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const item = record[key];
    if (typeof item !== "function") out[key] = summariseValue(item);
  }
  return out;
}

/** Each callable's marker as last made (by the name it had then). */
const markers = new WeakMap<object, TracedValue & Record<string, string>>();

/**
 * An environment, policy or value function by name: the same frozen object step after step while the
 * name stays the same, which the trace's writer sends once a run (packed-events.ts).
 */
function marker(callable: Record<string, unknown>, kind: "$environment" | "$policy" | "$valueFunction"): TracedValue {
  const name = String(callable["name"]);
  const known = markers.get(callable);
  if (known && known[kind] === name) return known;
  const made = Object.freeze({ [kind]: name }) as TracedValue & Record<string, string>;
  markers.set(callable, made);
  return made;
}

function summariseArray(value: readonly unknown[]): TracedValue {
  if (value.length > MAX_TRACED_ARRAY && allNumbers(value)) return summariseNumbers(value as readonly number[]);
  const count = Math.min(value.length, MAX_TRACED_ARRAY);
  const items = new Array<TracedValue>(count);
  // A hole is traced as null, as JSON writes it.
  for (let i = 0; i < count; i++) items[i] = summariseValue(value[i]);
  return value.length > MAX_TRACED_ARRAY ? { $summary: "array", length: value.length, head: items } : items;
}

function allNumbers(values: readonly unknown[]): boolean {
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== "number") return false;
  return true;
}

/**
 * A node's outputs for the trace. A candidate table that extends one of the node's input tables
 * (same candidates) is written as the columns the node added or replaced, with a reference to
 * that input's source — the table itself is in the source node's outputs, and in the step record.
 * `inputs` are the node's input values; `sources` where each input came from ("sampler.candidates").
 */
export function summariseOutputs(
  outputs: Record<string, unknown>,
  inputs: Record<string, unknown>,
  sources: Readonly<Record<string, string>>,
): Record<string, TracedValue> {
  const out: Record<string, TracedValue> = {};
  for (const key of Object.keys(outputs)) {
    const value = outputs[key];
    const base = value instanceof CandidateTable ? extendedInput(value, inputs) : undefined;
    if (base) out[key] = tableChange(value as CandidateTable, inputs[base] as CandidateTable, sources[base]!);
    // Its rows made only when a listener reads them; the trace writer writes the table from its columns.
    else if (value instanceof CandidateTable && value.size <= MAX_TRACED_ARRAY) withLazyRows(out, key, value);
    else out[key] = summariseValue(value);
  }
  return out;
}

/** The input whose candidates the output has (tables share their action list when a node adds columns), if any. */
function extendedInput(output: CandidateTable, inputs: Record<string, unknown>): string | undefined {
  for (const name in inputs) {
    const input = inputs[name];
    if (input instanceof CandidateTable && input.actions === output.actions) return name;
  }
  return undefined;
}

function tableChange(output: CandidateTable, input: CandidateTable, source: string): TracedValue {
  const columns: Record<string, TracedCell[]> = {};
  for (const name of output.columnNames()) {
    const values = output.column(name)!;
    if (input.column(name) !== values) columns[name] = tracedColumn(values) as TracedCell[];
  }
  return { $candidatesFrom: source, columns };
}
