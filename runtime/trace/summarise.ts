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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * A JSON view of a port value for the trace: tables as rows, large arrays, tensors and long
 * strings summarised, callables (policies, value functions) and environments by name.
 */
export function summariseValue(value: unknown): TracedValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "string") return summariseText(value);
  if (typeof value === "boolean") return value;
  if (value instanceof CandidateTable) {
    const rows = tracedRows(value);
    return rows.length > MAX_TRACED_ARRAY ? { $summary: "candidates", length: rows.length, head: rows.slice(0, MAX_TRACED_ARRAY) } : rows;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return summariseNumbers(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) {
    if (value.length > MAX_TRACED_ARRAY && value.every((v) => typeof v === "number")) return summariseNumbers(value);
    const items = value.slice(0, MAX_TRACED_ARRAY).map(summariseValue);
    return value.length > MAX_TRACED_ARRAY ? { $summary: "array", length: value.length, head: items } : items;
  }
  if (isRecord(value)) {
    if (typeof value["render"] === "function" && typeof value["step"] === "function") return { $environment: String(value["name"]) };
    if (typeof value["distributions"] === "function") return { $policy: String(value["name"]) };
    if (typeof value["values"] === "function" && "name" in value) return { $valueFunction: String(value["name"]) };
    const out: Record<string, TracedValue> = {};
    for (const [key, item] of Object.entries(value)) if (typeof item !== "function") out[key] = summariseValue(item);
    return out;
  }
  return String(value);
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
    const base = value instanceof CandidateTable ? Object.keys(inputs).find((name) => extendsTable(value, inputs[name])) : undefined;
    if (base) out[key] = tableChange(value as CandidateTable, inputs[base] as CandidateTable, sources[base]!);
    // Its rows made only when a listener reads them; the trace writer writes the table from its columns.
    else if (value instanceof CandidateTable && value.size <= MAX_TRACED_ARRAY) withLazyRows(out, key, value);
    else out[key] = summariseValue(value);
  }
  return out;
}

/** The output has the input's candidates (tables share their action list when a node adds columns). */
function extendsTable(output: CandidateTable, input: unknown): boolean {
  return input instanceof CandidateTable && input.actions === output.actions;
}

function tableChange(output: CandidateTable, input: CandidateTable, source: string): TracedValue {
  const columns: Record<string, TracedCell[]> = {};
  for (const name of output.columnNames()) {
    const values = output.column(name)!;
    if (input.column(name) !== values) columns[name] = tracedColumn(values) as TracedCell[];
  }
  return { $candidatesFrom: source, columns };
}
