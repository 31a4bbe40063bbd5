import { CandidateTable } from "../candidate-table.js";
import type { JsonValue } from "../environment.js";
import { candidatesJson, cellJson, stringJson } from "./event-json.js";

/** Arrays longer than this are summarised in traces (length, min, max, mean, first values). */
export const MAX_TRACED_ARRAY = 64;

/*
 * Port values are summarised straight to JSON text: the trace writer splices the text into its
 * line, and a listener that reads `outputs` gets it parsed (withFieldJson). Building the JSON
 * objects first and serialising them cost more than the rest of a traced step.
 */

function summariseNumbers(values: ArrayLike<number>): string {
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
  return JSON.stringify({ $summary: "numbers", length: values.length, min, max, mean: sum / values.length, head });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * The JSON of a port value for the trace: tables as rows, large arrays and tensors summarised,
 * callables (policies, value functions) and environments by name, non-finite numbers as text.
 */
export function summariseJson(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : `"${String(value)}"`;
  if (typeof value === "string") return stringJson(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof CandidateTable) {
    return value.size > MAX_TRACED_ARRAY
      ? `{"$summary":"candidates","length":${value.size},"head":${candidatesJson(value, MAX_TRACED_ARRAY)}}`
      : candidatesJson(value);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return summariseNumbers(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) {
    if (value.length > MAX_TRACED_ARRAY && value.every((v) => typeof v === "number")) return summariseNumbers(value);
    const items = `[${value.slice(0, MAX_TRACED_ARRAY).map(summariseJson).join(",")}]`;
    return value.length > MAX_TRACED_ARRAY ? `{"$summary":"array","length":${value.length},"head":${items}}` : items;
  }
  if (isRecord(value)) {
    if (typeof value["render"] === "function" && typeof value["step"] === "function") return `{"$environment":${stringJson(String(value["name"]))}}`;
    if (typeof value["distributions"] === "function") return `{"$policy":${stringJson(String(value["name"]))}}`;
    if (typeof value["values"] === "function" && "name" in value) return `{"$valueFunction":${stringJson(String(value["name"]))}}`;
    const fields: string[] = [];
    for (const [key, item] of Object.entries(value)) if (typeof item !== "function") fields.push(`${stringJson(key)}:${summariseJson(item)}`);
    return `{${fields.join(",")}}`;
  }
  return stringJson(String(value));
}

/** The value summariseJson writes, as a JSON value. */
export function summariseValue(value: unknown): JsonValue {
  return JSON.parse(summariseJson(value)) as JsonValue;
}

/**
 * A node's outputs for the trace, as JSON text. A candidate table that extends one of the node's
 * input tables (same candidates) is written as the columns the node added or replaced, with a
 * reference to that input's source — the table itself is in the source node's outputs, and in the
 * step record. `inputs` are the node's input values; `sources` where each input came from ("sampler.candidates").
 */
export function summariseOutputsJson(
  outputs: Record<string, unknown>,
  inputs: Record<string, unknown>,
  sources: Readonly<Record<string, string>>,
): string {
  const fields: string[] = [];
  for (const key of Object.keys(outputs)) {
    const value = outputs[key];
    const base = value instanceof CandidateTable ? Object.keys(inputs).find((name) => extendsTable(value, inputs[name])) : undefined;
    const json = base ? tableChange(value as CandidateTable, inputs[base] as CandidateTable, sources[base]!) : summariseJson(value);
    fields.push(`${stringJson(key)}:${json}`);
  }
  return `{${fields.join(",")}}`;
}

/** The output has the input's candidates (tables share their action list when a node adds columns). */
function extendsTable(output: CandidateTable, input: unknown): boolean {
  return input instanceof CandidateTable && input.actions === output.actions;
}

function tableChange(output: CandidateTable, input: CandidateTable, source: string): string {
  const columns: string[] = [];
  for (const name of output.columnNames()) {
    const values = output.column(name)!;
    if (input.column(name) !== values) columns.push(`${stringJson(name)}:[${values.map(cellJson).join(",")}]`);
  }
  return `{"$candidatesFrom":${stringJson(source)},"columns":{${columns.join(",")}}}`;
}
