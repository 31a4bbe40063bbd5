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

  /** Adds the field to `event` (or sets it: a private field cannot be added twice). */
  static give(event: object, table: CandidateTable): void {
    if (#table in event) (event as StepTable).#table = table;
    else new StepTable(event, table);
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

/** Gives a step.end its `candidates` rows, made from `table` when read. */
export function withCandidateRows<E extends object>(event: E, table: CandidateTable): E & { candidates: CandidateRow[] } {
  StepTable.give(event, table);
  return Object.defineProperty(event, "candidates", CANDIDATE_ROWS) as E & { candidates: CandidateRow[] };
}

/** The table a step.end's candidates come from, when they were given by withCandidateRows. */
export function stepTableOf(event: object): CandidateTable | undefined {
  return StepTable.of(event);
}

/**
 * Per node.end `outputs` object, the outputs that are tables given as lazy rows: a private field
 * added to the object, as the step's table is (StepTable), not a WeakMap entry per node and step.
 */
class OutputTables extends Given {
  #tables = new Map<string, CandidateTable>();

  private constructor(outputs: object) {
    super(outputs);
  }

  /** The object's tables, the field added on first use. */
  static of(outputs: object): Map<string, CandidateTable> {
    return #tables in outputs ? (outputs as OutputTables).#tables : (new OutputTables(outputs) as unknown as OutputTables).#tables;
  }

  static find(outputs: object): ReadonlyMap<string, CandidateTable> | undefined {
    return #tables in outputs ? (outputs as OutputTables).#tables : undefined;
  }
}

/** One getter per output name, shared by every outputs object, so they keep one hidden class per set of outputs. */
const outputGetters = new Map<string, PropertyDescriptor>();

function outputGetter(key: string): PropertyDescriptor {
  let getter = outputGetters.get(key);
  if (!getter) {
    getter = {
      get: function lazyOutputRows(this: object): CandidateRow[] {
        const rows = tracedRows(OutputTables.find(this)!.get(key)!);
        Object.defineProperty(this, key, { value: rows, enumerable: true, writable: true, configurable: true });
        return rows;
      },
      enumerable: true,
      configurable: true,
    };
    outputGetters.set(key, getter);
  }
  return getter;
}

/** Sets `outputs[key]` to the table's rows, made when read. */
export function withLazyRows(outputs: Record<string, unknown>, key: string, table: CandidateTable): void {
  OutputTables.of(outputs).set(key, table);
  Object.defineProperty(outputs, key, outputGetter(key));
}

/** The outputs of a node.end's `outputs` object that are tables given as lazy rows. */
export function lazyTablesOf(outputs: object): ReadonlyMap<string, CandidateTable> | undefined {
  return OutputTables.find(outputs);
}
