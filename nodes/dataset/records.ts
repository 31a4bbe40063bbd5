import type { CandidateTable } from "../../runtime/candidate-table.js";
import type { Action, Environment, Observation } from "../../runtime/environment.js";
import type { Transition } from "../../runtime/ports.js";
import type { ColumnType, DatasetRecord } from "./columns.js";

/** Where a record comes from: every record starts with these two columns. */
export interface StepPlace {
  episode: number;
  step: number;
}

/** Turns an action into the text a language model (or a person) reads. */
export type DescribeAction = (action: Action) => string;

/**
 * The environment's own wording when one is connected. Without one, text actions stay as they
 * are (quoting them would put JSON quotes into preference texts) and other actions become JSON.
 */
export function actionDescriber(environment: Environment | undefined): DescribeAction {
  if (environment) return (action) => environment.describeAction(action);
  return (action) => (typeof action === "string" ? action : JSON.stringify(action));
}

/** Columns of the transitions stream (offline RL), with their Parquet types. */
export const transitionColumns: Readonly<Record<string, ColumnType>> = {
  episode: "INT32",
  step: "INT32",
  observation: "STRING",
  action: "STRING",
  reward: "DOUBLE",
  next_observation: "STRING",
  terminated: "BOOLEAN",
  truncated: "BOOLEAN",
  env_steps: "INT32",
  success: "BOOLEAN",
  hazard: "BOOLEAN",
};

/** Observations remembered with their text: lockstep lanes interleave a few episodes' steps in one collector. */
const REMEMBERED_OBSERVATIONS = 8;

/**
 * Observations as JSON text, each object written once: a step's observation is the object the step
 * before returned as its next observation (observations are never mutated), so without this every
 * observation of an episode would be serialised twice. Remembers the last few objects by identity:
 * a WeakMap entry per step cost more than it saved.
 */
export class ObservationTexts {
  private readonly objects: (object | undefined)[] = new Array<object | undefined>(REMEMBERED_OBSERVATIONS);
  private readonly texts: string[] = new Array<string>(REMEMBERED_OBSERVATIONS);
  private next = 0;

  of(observation: Observation): string {
    if (typeof observation !== "object" || observation === null) return JSON.stringify(observation);
    for (let i = 0; i < REMEMBERED_OBSERVATIONS; i++) if (this.objects[i] === observation) return this.texts[i]!;
    const text = JSON.stringify(observation);
    this.objects[this.next] = observation;
    this.texts[this.next] = text;
    this.next = (this.next + 1) % REMEMBERED_OBSERVATIONS;
    return text;
  }
}

/** One (s, a, r, s', done) record; observations and the action as JSON text so any reader can parse them back. */
export function transitionRecord(transition: Transition, place: StepPlace, texts: ObservationTexts = new ObservationTexts()): DatasetRecord {
  return {
    episode: place.episode,
    step: place.step,
    observation: texts.of(transition.observation),
    action: transition.action === null ? null : JSON.stringify(transition.action),
    reward: transition.reward,
    next_observation: texts.of(transition.nextObservation),
    terminated: transition.terminated,
    truncated: transition.truncated,
    env_steps: transition.envSteps,
    // The generic step facts (runtime StepInfo): labels for success and risk models.
    success: transition.info.success === true,
    hazard: transition.info.hazard === true,
  };
}

/** The columns every candidate record starts with; the table's own columns follow. */
export const candidateColumns: Readonly<Record<string, ColumnType>> = {
  episode: "INT32",
  step: "INT32",
  candidate: "INT32",
  action: "STRING",
};

/** One record per candidate row: its place, its action as text, and every column of the table. */
export function candidateRecords(table: CandidateTable, place: StepPlace, describe: DescribeAction): DatasetRecord[] {
  const names = table.columnNames();
  const clash = names.find((name) => name in candidateColumns);
  if (clash !== undefined) {
    throw new Error(`the candidate table has a column "${clash}", a name the dataset uses for its own column; rename it upstream`);
  }
  return table.actions.map((action, index) => {
    const record: DatasetRecord = { episode: place.episode, step: place.step, candidate: index, action: describe(action) };
    for (const name of names) record[name] = table.column(name)?.[index] ?? null;
    return record;
  });
}
