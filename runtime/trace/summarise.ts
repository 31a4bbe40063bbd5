import type { CandidateRow } from "../../protocol/values.js";
import type { TracedCell, TracedNumbers, TracedValue } from "../../protocol/traced-values.js";
import { CandidateTable } from "../candidate-table.js";

/** Arrays longer than this are summarised in traces (length, min, max, mean, first values). */
export const MAX_TRACED_ARRAY = 64;
/**
 * Strings longer than this (in UTF-16 units) are summarised in traces: a 2 MB text column would
 * otherwise be written again by every node and step that passes it on (977 MB in 16 steps).
 */
export const MAX_TRACED_TEXT = 4096;
/** Characters a summarised string keeps. */
const TEXT_HEAD = 256;

/** A long string as traced: its length and first characters. */
function summariseText(text: string): TracedValue {
  return text.length > MAX_TRACED_TEXT ? { $summary: "text", length: text.length, head: text.slice(0, TEXT_HEAD) } : text;
}

/** A table cell as traced: cells stay scalars (columns line up), so a long string is cut, saying how long it was. */
export function tracedCell<T>(cell: T): T | string {
  return typeof cell === "string" && cell.length > MAX_TRACED_TEXT ? `${cell.slice(0, TEXT_HEAD)}… (${cell.length} characters)` : cell;
}

/** A candidate table's rows as traced (step.end, node outputs): long strings in cells cut. */
export function tracedRows(table: CandidateTable): CandidateRow[] {
  const rows = table.rows();
  return hasLongText(table) ? rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, cell]) => [key, tracedCell(cell)])) as CandidateRow) : rows;
}

/** Whether a cell of the table (its actions included) is a string tracedCell cuts. */
function hasLongText(table: CandidateTable): boolean {
  const isLong = (cell: unknown) => typeof cell === "string" && cell.length > MAX_TRACED_TEXT;
  return table.actions.some(isLong) || table.columnNames().some((name) => table.column(name)!.some(isLong));
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
    out[key] = base ? tableChange(value as CandidateTable, inputs[base] as CandidateTable, sources[base]!) : summariseValue(value);
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
    if (input.column(name) !== values) columns[name] = (values as TracedCell[]).map(tracedCell);
  }
  return { $candidatesFrom: source, columns };
}
