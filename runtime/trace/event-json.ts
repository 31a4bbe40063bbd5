import type { RunEvent } from "../engine/events.js";
import type { CandidateTable } from "../candidate-table.js";
import { cellJson, fieldJson, keyJson } from "./json-text.js";
import { lazyTablesOf, stepTableOf } from "./lazy-rows.js";
import { tracedCell } from "./traced-cells.js";

/**
 * An event's line in trace.jsonl: `JSON.stringify(event)` (fieldJson: numbers through V8's number
 * cache), except candidate tables the event holds as lazy rows (lazy-rows.ts): a step's candidates,
 * and a node's output table, are written from their table's columns in the trace's compact form
 * (candidatesJson), never as the rows the event's readers see.
 */
export function eventJson(event: RunEvent): string {
  const table = event.type === "step.end" ? stepTableOf(event) : undefined;
  if (table) return fieldsJson(event, (key) => (key === "candidates" ? candidatesJson(table) : undefined));
  if (event.type === "node.end") {
    const outputs = event.outputs;
    const tables = lazyTablesOf(outputs);
    if (tables) return fieldsJson(event, (key) => (key === "outputs" ? fieldsJson(outputs, (name) => compactOutput(tables.get(name))) : undefined));
  }
  return JSON.stringify(event);
}

/** A node's output table in trace.jsonl: `{"$candidates": <candidatesJson>}`. */
function compactOutput(table: CandidateTable | undefined): string | undefined {
  return table ? `{"$candidates":${candidatesJson(table)}}` : undefined;
}

/** An object's JSON, each field as `written` answers for it (reading none of those fields), else as JSON.stringify writes it. */
function fieldsJson(object: object, written: (key: string) => string | undefined): string {
  const fields = object as Record<string, unknown>;
  let out = "";
  for (const key in fields) {
    const value = written(key) ?? fieldJson(fields[key]);
    if (value !== undefined) out += out === "" ? keyJson(key) + value : `,${keyJson(key)}${value}`;
  }
  return `{${out}}`;
}

/** Rows a step's candidates are compared with before one is written out (candidates drawn with replacement repeat). */
export const MAX_DISTINCT_ROWS = 8;

/**
 * A step's candidate table as trace.jsonl holds it (docs/trace-events.md, version 3):
 * `{"distinct":[row, …],"rows":[k, …]}`, row i being `distinct[rows[i]]` — each row as
 * `JSON.stringify(table.rows()[i])` writes it. Candidates drawn with replacement repeat (16 draws
 * of 4 moves are about 4 distinct rows), and writing each once made a step's line a quarter as long.
 * `withExpandedCandidates` (candidate-rows.ts) turns it back into rows.
 */
export function candidatesJson(table: CandidateTable): string {
  const names = table.columnNames();
  return columnsJson(
    table.actions,
    names,
    names.map((name) => table.column(name)!),
  );
}

/** candidatesJson of a table given as its actions and its columns (named by `names`, in order). */
export function columnsJson(actions: readonly unknown[], names: readonly string[], columns: readonly (readonly unknown[])[]): string {
  const count = actions.length;
  if (count === 0) return `{"distinct":[],"rows":[]}`;
  const keys = names.map(keyJson);
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
