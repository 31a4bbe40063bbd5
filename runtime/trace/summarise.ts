import { CandidateTable } from "../candidate-table.js";
import type { JsonValue } from "../environment.js";

/** Arrays longer than this are summarised in traces (length, min, max, mean, first values). */
export const MAX_TRACED_ARRAY = 64;

function summariseNumbers(values: ArrayLike<number>): JsonValue {
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
 * A JSON view of a port value for the trace: tables as rows, large arrays and tensors
 * summarised, callables (policies, value functions) and environments by name.
 */
export function summariseValue(value: unknown): JsonValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof CandidateTable) {
    const rows = value.rows() as unknown as JsonValue[];
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
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) if (typeof item !== "function") out[key] = summariseValue(item);
    return out;
  }
  return String(value);
}

/** Summarises each named port value. */
export function summarisePorts(values: Record<string, unknown>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(values)) out[key] = summariseValue(values[key]);
  return out;
}
