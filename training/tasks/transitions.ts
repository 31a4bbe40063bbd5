import type { Environment, Observation } from "../../runtime/environment.js";

/** One recorded transition as the dataset collector writes it (see nodes/dataset). */
export type TransitionRecord = Record<string, string | number | boolean | null>;

/** Transitions as dense arrays: encoded states row by row, one entry per transition otherwise. */
export interface TransitionArrays {
  count: number;
  /** Features per encoded state. */
  width: number;
  states: Float32Array;
  nextStates: Float32Array;
  actions: Int32Array;
  /** The action recorded at the next step of the same episode; -1 when the episode ended here. */
  nextActions: Int32Array;
  rewards: Float32Array;
  /** 1 where the episode ended for good (not a time-limit truncation: those still bootstrap). */
  terminal: Float32Array;
  /** 1 where the step entered a hazard. */
  hazard: Float32Array;
}

/**
 * Encodes recorded transitions with an environment encoding. Steps that did not act (every
 * candidate filtered) are skipped; a record that cannot be read is an error naming its episode and step.
 */
export function transitionArrays(records: readonly TransitionRecord[], environment: Environment, encoding: string): TransitionArrays {
  const space = environment.actionSpace;
  if (space.kind !== "discrete") throw new Error(`training needs a discrete action space; "${environment.name}" has a ${space.kind} one`);
  const acted = records.filter((r) => r["action"] !== null && r["action"] !== undefined);
  const width = environment.encode(encoding, parseObservation(acted[0], "observation")).length;
  const out: TransitionArrays = {
    count: acted.length,
    width,
    states: new Float32Array(acted.length * width),
    nextStates: new Float32Array(acted.length * width),
    actions: new Int32Array(acted.length),
    nextActions: new Int32Array(acted.length).fill(-1),
    rewards: new Float32Array(acted.length),
    terminal: new Float32Array(acted.length),
    hazard: new Float32Array(acted.length),
  };
  acted.forEach((record, i) => {
    out.states.set(environment.encode(encoding, parseObservation(record, "observation")), i * width);
    out.nextStates.set(environment.encode(encoding, parseObservation(record, "next_observation")), i * width);
    const action = JSON.parse(String(record["action"])) as unknown;
    if (typeof action !== "number" || !Number.isInteger(action) || action < 0 || action >= space.n) {
      throw new Error(`${where(record)}: action ${String(record["action"])} is not one of "${environment.name}"'s actions 0..${space.n - 1}`);
    }
    out.actions[i] = action;
    out.rewards[i] = Number(record["reward"]);
    out.terminal[i] = record["terminated"] === true ? 1 : 0;
    out.hazard[i] = record["hazard"] === true ? 1 : 0;
  });
  const rowOf = new Map(acted.map((record, i) => [`${String(record["episode"])}/${String(record["step"])}`, i]));
  acted.forEach((record, i) => {
    const next = rowOf.get(`${String(record["episode"])}/${Number(record["step"]) + 1}`);
    if (next !== undefined) out.nextActions[i] = out.actions[next]!;
  });
  return out;
}

function where(record: TransitionRecord | undefined): string {
  return record ? `episode ${String(record["episode"])}, step ${String(record["step"])}` : "the dataset";
}

function parseObservation(record: TransitionRecord | undefined, column: string): Observation {
  if (!record) throw new Error("the dataset holds no transition that acted");
  const text = record[column];
  if (typeof text !== "string") throw new Error(`${where(record)}: no "${column}" column (is this a transitions dataset?)`);
  return JSON.parse(text) as Observation;
}
