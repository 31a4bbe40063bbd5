import type { CandidateRow } from "../../protocol/run-events.js";
import type { CandidateTable } from "../candidate-table.js";
import { candidatesJson, setFieldJson } from "./event-json.js";

/**
 * Gives `event` a `candidates` field holding the table's rows, built the first time someone reads
 * it. Every step's event has one, but the trace writer writes it straight from the table's columns
 * (candidatesJson), and building sixteen row objects per step cost as much as the step. To every
 * reader (JSON.stringify, spread, structured clone, equality) it is an ordinary enumerable own
 * field, added last like the field it replaces. The table is immutable, so reading late is safe.
 */
export function withCandidateRows<E extends object>(event: E, table: CandidateTable): E & { candidates: CandidateRow[] } {
  let rows: CandidateRow[] | undefined;
  Object.defineProperty(event, "candidates", { enumerable: true, configurable: true, get: () => (rows ??= table.rows()) });
  return setFieldJson(event, { candidates: () => candidatesJson(table) }) as E & { candidates: CandidateRow[] };
}

/**
 * Gives `event` a field from its JSON text: the trace writer copies the text, other readers get it
 * parsed on first read (an ordinary enumerable own field to them, added last). `known` adds the
 * JSON text of fields the event already has (constant ones, written once).
 */
export function withJsonField<E extends object, F extends string>(event: E, field: F, json: string, known: Readonly<Record<string, string>> = {}): E & Record<F, unknown> {
  let parsed: unknown;
  let read = false;
  const parse = () => {
    if (!read) [parsed, read] = [JSON.parse(json), true];
    return parsed;
  };
  Object.defineProperty(event, field, { enumerable: true, configurable: true, get: parse });
  return setFieldJson(event, { ...known, [field]: json }) as E & Record<F, unknown>;
}
