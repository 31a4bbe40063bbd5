import type { RunEvent } from "../engine/events.js";
import type { CandidateTable } from "../candidate-table.js";
import type { CandidateRow } from "../../protocol/values.js";
import { cellJson, fieldJson, keyJson } from "./json-text.js";
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
 * An event's line in trace.jsonl: `JSON.stringify(event)` (fieldJson: numbers through V8's number
 * cache), except a step's candidates, which are written from their table's columns in the trace's
 * compact form (candidatesJson), never as the rows the event's readers see.
 */
export function eventJson(event: RunEvent): string {
  const table = candidateTables.get(event);
  if (!table) return JSON.stringify(event);
  const fields = event as unknown as Record<string, unknown>;
  let out = "";
  for (const key in fields) {
    // The candidates from the table's columns: reading the field would make the rows.
    const value = key === "candidates" ? candidatesJson(table) : fieldJson(fields[key]);
    if (value !== undefined) out += out === "" ? keyJson(key) + value : `,${keyJson(key)}${value}`;
  }
  return `{${out}}`;
}

/** Rows a step's candidates are compared with before one is written out (candidates drawn with replacement repeat). */
const MAX_DISTINCT_ROWS = 8;

/**
 * A step's candidate table as trace.jsonl holds it (docs/trace-events.md, version 3):
 * `{"distinct":[row, …],"rows":[k, …]}`, row i being `distinct[rows[i]]` — each row as
 * `JSON.stringify(table.rows()[i])` writes it. Candidates drawn with replacement repeat (16 draws
 * of 4 moves are about 4 distinct rows), and writing each once made a step's line a quarter as long.
 * `expandCandidates` (candidate-rows.ts) turns it back into rows.
 */
export function candidatesJson(table: CandidateTable): string {
  const count = table.size;
  if (count === 0) return `{"distinct":[],"rows":[]}`;
  const names = table.columnNames();
  const columns = names.map((name) => table.column(name)!);
  const keys = names.map(keyJson);
  const { actions } = table;
  /** Row index of each distinct row compared with (the first MAX_DISTINCT_ROWS). */
  const compared: number[] = [];
  let distinct = "";
  let distinctCount = 0;
  let rows = "";
  for (let i = 0; i < count; i++) {
    let k = -1;
    for (let c = 0; c < compared.length; c++) {
      if (sameRow(actions, columns, i, compared[c]!)) {
        k = c;
        break;
      }
    }
    if (k === -1) {
      k = distinctCount++;
      if (compared.length < MAX_DISTINCT_ROWS) compared.push(i);
      const row = rowJson(actions[i], columns, keys, i);
      distinct = k === 0 ? row : `${distinct},${row}`;
    }
    rows = i === 0 ? String(k) : `${rows},${k}`;
  }
  return `{"distinct":[${distinct}],"rows":[${rows}]}`;
}

function sameRow(actions: readonly unknown[], columns: readonly (readonly unknown[])[], i: number, j: number): boolean {
  if (actions[i] !== actions[j]) return false;
  for (let c = 0; c < columns.length; c++) if (columns[c]![i] !== columns[c]![j]) return false;
  return true;
}

/** A row as CandidateTable.rows() builds it: its action first (left out when JSON has no value for it), then every column. */
function rowJson(action: unknown, columns: readonly (readonly unknown[])[], keys: readonly string[], i: number): string {
  const actionJson = fieldJson(tracedCell(action));
  let row = actionJson === undefined ? "" : `"action":${actionJson}`;
  for (let c = 0; c < columns.length; c++) {
    const field = keys[c]! + cellJson(tracedCell(columns[c]![i] ?? null));
    row = row === "" ? field : `${row},${field}`;
  }
  return `{${row}}`;
}
