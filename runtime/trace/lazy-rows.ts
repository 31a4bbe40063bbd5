import type { CandidateRow } from "../../protocol/values.js";
import type { CandidateTable } from "../candidate-table.js";
import { tracedRows } from "./traced-cells.js";

/*
 * Candidate tables travel in events as rows (one object per candidate), which cost more to make than
 * the rest of a step when only the trace writer listens: it writes them from the table's columns
 * (event-json.ts). So the rows are made when something first reads them. The fields are own
 * enumerable getters, so JSON.stringify, spreading and structured cloning (postMessage, Electron IPC)
 * see the rows as if they were plain fields.
 */

/** A constructor that answers the object it is given: a subclass's private field is then added to that object. */
class Given {
  constructor(object: object) {
    return object;
  }
}

/**
 * Where a step.end keeps the table its `candidates` rows are made from: a private field added to the
 * event, which JSON, structured cloning, spreading and `for…in` never see (a copy of the event has
 * none). It costs a step a tenth of the WeakMap it replaced: a WeakMap entry per step, and its
 * sweeping by every collection, was a quarter of what tracing a step cost the run's thread.
 */
class StepTable extends Given {
  #table: CandidateTable;

  private constructor(event: object, table: CandidateTable) {
    super(event);
    this.#table = table;
  }

  /** Adds the field to `event`. */
  static give(event: object, table: CandidateTable): void {
    new StepTable(event, table);
  }

  static of(event: object): CandidateTable | undefined {
    return #table in event ? (event as StepTable).#table : undefined;
  }
}

/** The rows, made on first read and then kept as a plain field (the getter's `this` is the event). */
function stepRows(this: object): CandidateRow[] {
  const rows = tracedRows(StepTable.of(this)!);
  Object.defineProperty(this, "candidates", { value: rows, enumerable: true, writable: true, configurable: true });
  return rows;
}

/** One descriptor for every step.end: they share the getter, so they keep one hidden class. */
const CANDIDATE_ROWS: PropertyDescriptor = { get: stepRows, enumerable: true, configurable: true };

/** Gives a step.end its `candidates` rows, made from `table` when read (an event is given a table once). */
export function withCandidateRows<E extends object>(event: E, table: CandidateTable): E & { candidates: CandidateRow[] } {
  StepTable.give(event, table);
  return Object.defineProperty(event, "candidates", CANDIDATE_ROWS) as E & { candidates: CandidateRow[] };
}

/** The table a step.end's candidates come from, when they were given by withCandidateRows. */
export function stepTableOf(event: object): CandidateTable | undefined {
  return StepTable.of(event);
}

/** Per node.end `outputs` object, the outputs that are tables given as lazy rows. */
const outputTables = new WeakMap<object, Map<string, CandidateTable>>();

/** One getter per output name, shared by every outputs object, so they keep one hidden class per set of outputs. */
const outputGetters = new Map<string, (this: object) => CandidateRow[]>();

function outputGetter(key: string): (this: object) => CandidateRow[] {
  let getter = outputGetters.get(key);
  if (!getter) {
    getter = function lazyOutputRows(this: object): CandidateRow[] {
      const rows = tracedRows(outputTables.get(this)!.get(key)!);
      Object.defineProperty(this, key, { value: rows, enumerable: true, writable: true, configurable: true });
      return rows;
    };
    outputGetters.set(key, getter);
  }
  return getter;
}

/** Sets `outputs[key]` to the table's rows, made when read. */
export function withLazyRows(outputs: Record<string, unknown>, key: string, table: CandidateTable): void {
  let tables = outputTables.get(outputs);
  if (!tables) outputTables.set(outputs, (tables = new Map()));
  tables.set(key, table);
  Object.defineProperty(outputs, key, { get: outputGetter(key), enumerable: true, configurable: true });
}

/** The outputs of a node.end's `outputs` object that are tables given as lazy rows. */
export function lazyTablesOf(outputs: object): ReadonlyMap<string, CandidateTable> | undefined {
  return outputTables.get(outputs);
}
