import { actionVector, boxSize } from "../../runtime/action-box.js";
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
  /** Box (continuous) actions; `actions` and `nextActions` then hold nothing of use. */
  continuous?: ContinuousActions;
}

/** Recorded action vectors, row by row. */
export interface ContinuousActions {
  /** Numbers per action. */
  width: number;
  actions: Float32Array;
  /** The action recorded at the next step of the same episode; the step's own action where the episode ended there. */
  nextActions: Float32Array;
}

/**
 * Encodes recorded transitions with an environment encoding. Steps that did not act (every
 * candidate filtered) are skipped; a record that cannot be read is an error naming its episode and step.
 */
export function transitionArrays(records: readonly TransitionRecord[], environment: Environment, encoding: string): TransitionArrays {
  const space = environment.actionSpace;
  if (space.kind === "text" || space.kind === "structured") {
    throw new Error(`training needs a discrete or box action space; "${environment.name}" has a ${space.kind === "text" ? "text" : space.space.type} one`);
  }
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
  const actionWidth = space.kind === "box" ? boxSize(space) : 0;
  const continuous = space.kind === "box" ? { width: actionWidth, actions: new Float32Array(acted.length * actionWidth), nextActions: new Float32Array(acted.length * actionWidth) } : undefined;
  acted.forEach((record, i) => {
    out.states.set(environment.encode(encoding, parseObservation(record, "observation")), i * width);
    out.nextStates.set(environment.encode(encoding, parseObservation(record, "next_observation")), i * width);
    const action = JSON.parse(String(record["action"])) as unknown;
    if (continuous) {
      continuous.actions.set(actionVector(action, actionWidth, `${where(record)}, a "${environment.name}" action`), i * actionWidth);
    } else if (space.kind === "discrete") {
      if (typeof action !== "number" || !Number.isInteger(action) || action < 0 || action >= space.n) {
        throw new Error(`${where(record)}: action ${String(record["action"])} is not one of "${environment.name}"'s actions 0..${space.n - 1}`);
      }
      out.actions[i] = action;
    }
    out.rewards[i] = Number(record["reward"]);
    out.terminal[i] = record["terminated"] === true ? 1 : 0;
    out.hazard[i] = record["hazard"] === true ? 1 : 0;
  });
  const rowOf = new Map(acted.map((record, i) => [`${String(record["episode"])}/${String(record["step"])}`, i]));
  acted.forEach((record, i) => {
    const next = rowOf.get(`${String(record["episode"])}/${Number(record["step"]) + 1}`);
    if (next !== undefined) out.nextActions[i] = out.actions[next]!;
    if (continuous) {
      const from = (next ?? i) * actionWidth;
      continuous.nextActions.set(continuous.actions.subarray(from, from + actionWidth), i * actionWidth);
    }
  });
  return continuous ? { ...out, continuous } : out;
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
