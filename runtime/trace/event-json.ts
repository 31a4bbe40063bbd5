import type { RunEvent } from "../engine/events.js";
import type { CandidateTable } from "../candidate-table.js";
import type { JsonValue } from "../environment.js";
import type { CandidateRow } from "../../protocol/values.js";
import { tracedCell, tracedRows } from "./summarise.js";

/**
 * The candidate table each step.end's `candidates` rows are made from, kept beside the event (not
 * on it: an extra field, even a hidden one, slows every reader of the object).
 */
const candidateTables = new WeakMap<object, CandidateTable>();

/** The rows, made on first read and then kept as a plain field (the getter's `this` is the event). */
function candidateRows(this: object): CandidateRow[] {
  const rows = tracedRows(candidateTables.get(this)!);
  Object.defineProperty(this, "candidates", { value: rows, enumerable: true, writable: true, configurable: true });
  return rows;
}

/**
 * Gives a step.end its `candidates` rows, made from `table` only when something reads them: the
 * trace writer writes them from the table's columns (eventJson), so a run that only writes its trace
 * never builds a row object. The field is an own enumerable getter, so JSON.stringify, spreading and
 * structured cloning (postMessage, Electron IPC) see the rows as if they were a plain field; every
 * event shares the one getter, so they all keep one hidden class.
 */
export function withCandidateRows<E extends object>(event: E, table: CandidateTable): E & { candidates: CandidateRow[] } {
  candidateTables.set(event, table);
  return Object.defineProperty(event, "candidates", { get: candidateRows, enumerable: true, configurable: true }) as E & { candidates: CandidateRow[] };
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
    // The candidates from the table's columns: reading the field would make the rows.
    const value = key === "candidates" ? candidatesJson(table) : fieldJson(fields[key]);
    if (value !== undefined) parts.push(`${keyJson(key)}:${value}`);
  }
  return `{${parts.join(",")}}`;
}

/** Rows a step's candidates are compared with before one is written out (candidates drawn with replacement repeat). */
const MAX_DISTINCT_ROWS = 8;

/**
 * Exactly `JSON.stringify(table.rows().slice(0, limit))`, written from the columns (no row objects).
 * A row equal, cell for cell, to one already written (the same action drawn again, with its same
 * scores) reuses that row's text.
 */
export function candidatesJson(table: CandidateTable, limit = Infinity): string {
  const count = Math.min(limit, table.size);
  if (count === 0) return "[]";
  const names = table.columnNames();
  const columns = names.map((name) => table.column(name)!);
  const keys = names.map(keyJson);
  const rows = new Array<string>(count);
  const written: number[] = [];
  for (let i = 0; i < count; i++) {
    const same = written.find((j) => sameRow(table.actions, columns, i, j));
    if (same !== undefined) {
      rows[i] = rows[same]!;
      continue;
    }
    if (written.length < MAX_DISTINCT_ROWS) written.push(i);
    rows[i] = rowJson(table.actions[i], columns, keys, i);
  }
  return `[${rows.join(",")}]`;
}

function sameRow(actions: readonly unknown[], columns: readonly (readonly unknown[])[], i: number, j: number): boolean {
  if (actions[i] !== actions[j]) return false;
  for (const values of columns) if (values[i] !== values[j]) return false;
  return true;
}

/** A row as CandidateTable.rows() builds it: its action first (left out when JSON has no value for it), then every column. */
function rowJson(action: unknown, columns: readonly (readonly unknown[])[], keys: readonly string[], i: number): string {
  const actionJson = fieldJson(tracedCell(action));
  let row = actionJson === undefined ? "" : `"action":${actionJson}`;
  for (let c = 0; c < columns.length; c++) {
    const field = `${keys[c]}:${cellJson(tracedCell(columns[c]![i] ?? null))}`;
    row = row === "" ? field : `${row},${field}`;
  }
  return `{${row}}`;
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
