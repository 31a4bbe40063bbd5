import type { RunEvent } from "../engine/events.js";
import type { CandidateTable } from "../candidate-table.js";
import type { JsonValue } from "../environment.js";
import { tracedCell } from "./summarise.js";

/**
 * The candidate table each step.end's `candidates` rows were made from, kept beside the event (not
 * on it: an extra field, even a hidden one, slows every reader of the object).
 */
const candidateTables = new WeakMap<object, CandidateTable>();

/** Notes the table `event.candidates` was made from, so the trace writer can write it from its columns. */
export function noteCandidateTable<E extends object>(event: E, table: CandidateTable): E {
  candidateTables.set(event, table);
  return event;
}

/**
 * An event's line in trace.jsonl: exactly `JSON.stringify(event)`, but a step's candidates are
 * written from their table's columns (candidatesJson): a third of the time of serialising the rows.
 */
export function eventJson(event: RunEvent): string {
  const table = candidateTables.get(event);
  if (!table) return JSON.stringify(event);
  const fields = event as unknown as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(fields)) {
    // fieldJson answers undefined for what an object leaves out (undefined, functions), as JSON.stringify does.
    const value = key === "candidates" ? candidatesJson(table) : fieldJson(fields[key]);
    if (value !== undefined) parts.push(`${keyJson(key)}:${value}`);
  }
  return `{${parts.join(",")}}`;
}

/** Exactly `JSON.stringify(table.rows().slice(0, limit))`, written from the columns (no row objects). */
export function candidatesJson(table: CandidateTable, limit = Infinity): string {
  const count = Math.min(limit, table.size);
  if (count === 0) return "[]";
  // A row starts with its action, as CandidateTable.rows() builds it (left out when JSON has no value for it).
  const rows = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const action = fieldJson(tracedCell(table.actions[i]));
    rows[i] = action === undefined ? "{" : `{"action":${action}`;
  }
  for (const name of table.columnNames()) {
    const key = `${keyJson(name)}:`;
    const values = table.column(name)!;
    // Candidates repeat their values (the same action, its q, its risk): write a value once per run of equal ones.
    let previous: unknown;
    let field = "";
    for (let i = 0; i < count; i++) {
      const value = values[i] ?? null;
      if (i === 0 || value !== previous) [previous, field] = [value, key + cellJson(tracedCell(value))];
      rows[i] += rows[i]!.length === 1 ? field : `,${field}`;
    }
  }
  return `[${rows.join("},")}}]`;
}

/** Characters JSON.stringify escapes in a string (quote, backslash, controls, surrogates). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON.stringify writes it. */
export function stringJson(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** A value as JSON.stringify writes it as an array's item (null where JSON has no value for it). */
export function cellJson(value: unknown): string {
  return fieldJson(value) ?? "null";
}

/** A value as JSON.stringify writes it as an object's field (undefined: the field is left out). */
function fieldJson(value: unknown): string | undefined {
  switch (typeof value) {
    case "number":
      // String(n) goes through V8's number-to-string cache, and a step's candidates repeat their values.
      return Number.isFinite(value) ? String(value) : "null";
    case "string":
      return stringJson(value);
    case "boolean":
      return value ? "true" : "false";
    default:
      return value === null ? "null" : JSON.stringify(value as JsonValue);
  }
}

const keys = new Map<string, string>();

/** A field name as JSON (they repeat in every event: quote each once). */
function keyJson(key: string): string {
  let json = keys.get(key);
  if (json === undefined) keys.set(key, (json = JSON.stringify(key)));
  return json;
}
