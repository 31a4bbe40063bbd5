import { CandidateTable, type Cell } from "../../runtime/candidate-table.js";
import type { Action, JsonValue } from "../../runtime/environment.js";
import type { Tensor } from "../../runtime/ports.js";
import type { ScriptInputType, ScriptOutputType } from "./params.js";

/** A candidate table as a script sees it: the actions, and one array per column (a row per action). */
export interface ScriptCandidates {
  actions: Action[];
  columns: Record<string, Cell[]>;
}

/** A port value as JSON for the sandbox: candidate tables and tensors become plain objects. */
export function toScript(type: ScriptInputType, value: unknown): unknown {
  if (type === "candidates") {
    const table = value as CandidateTable;
    return { actions: table.actions, columns: Object.fromEntries(table.columnNames().map((name) => [name, table.column(name)])) };
  }
  if (type === "tensor") {
    const tensor = value as Tensor;
    return { shape: tensor.shape, data: Array.from(tensor.data) };
  }
  return value;
}

/** What a script returned for one output, checked against the output's type and turned back into a port value. */
export function fromScript(type: ScriptOutputType, name: string, value: unknown): unknown {
  const wrong = (expected: string) => new Error(`output "${name}" must be ${expected}; the script returned ${describe(value)}`);
  switch (type) {
    case "number":
      // JSON carried NaN and Infinity across as null: say so, or "returned null" reads as the script's own doing.
      if (typeof value !== "number") throw wrong(value === null ? "a number (NaN and Infinity arrive as null)" : "a number");
      return value;
    case "text":
      if (typeof value !== "string") throw wrong("a string");
      return value;
    case "json":
    case "observation":
      return value as JsonValue;
    case "tensor":
      return tensorFrom(value, wrong);
    case "candidates":
      return candidatesFrom(name, value, wrong);
  }
}

function tensorFrom(value: unknown, wrong: (expected: string) => Error): Tensor {
  const expected = "a tensor { shape: number[], data: number[] }";
  if (!isObject(value) || !Array.isArray(value["shape"]) || !Array.isArray(value["data"])) throw wrong(expected);
  const shape = value["shape"] as unknown[];
  const data = value["data"] as unknown[];
  if (!shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) throw wrong(`${expected} whose shape holds non-negative integers`);
  if (!data.every((x) => typeof x === "number")) throw wrong(`${expected} whose data holds only numbers (NaN and Infinity arrive as null)`);
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (size !== data.length) throw wrong(`a tensor whose data has ${size} values for shape [${shape.join(", ")}], not ${data.length}`);
  return { shape: shape as number[], data: data as number[] };
}

function candidatesFrom(name: string, value: unknown, wrong: (expected: string) => Error): CandidateTable {
  const expected = "a candidate table { actions: Action[], columns: { [name]: cell[] } }";
  if (!isObject(value) || !Array.isArray(value["actions"]) || !isObject(value["columns"])) throw wrong(expected);
  const actions = value["actions"] as unknown[];
  const bad = actions.findIndex((action) => !isAction(action));
  if (bad >= 0) throw wrong(`${expected}; actions[${bad}] is ${describe(actions[bad])}, not a number, string, array or object`);
  const columns = value["columns"];
  for (const [column, cells] of Object.entries(columns)) {
    if (!Array.isArray(cells)) throw wrong(`${expected}; column "${column}" is ${describe(cells)}, not an array`);
    const badCell = cells.findIndex((cell) => cell !== null && !["number", "string", "boolean"].includes(typeof cell));
    if (badCell >= 0) throw wrong(`${expected}; column "${column}" row ${badCell} is ${describe(cells[badCell])}`);
  }
  try {
    return CandidateTable.of(actions as Action[], columns as Record<string, Cell[]>);
  } catch (error) {
    throw new Error(`output "${name}": ${(error as Error).message}`, { cause: error });
  }
}

/** Any Action, StructuredAction included (a Dict, Tuple or MultiDiscrete space's): the value came through JSON, so arrays and objects hold JSON. */
function isAction(value: unknown): value is Action {
  return typeof value === "number" || typeof value === "string" || (typeof value === "object" && value !== null);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 40 ? text.slice(0, 37) + "…" : text}`;
}
