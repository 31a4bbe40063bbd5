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

/**
 * Observations as JSON text, each object written once: a step's observation is the object the step
 * before returned as its next observation (observations are never mutated), so without this every
 * observation of an episode would be serialised twice. Keyed weakly: text lives as long as its observation.
 */
export class ObservationTexts {
  private readonly made = new WeakMap<object, string>();

  of(observation: Observation): string {
    if (typeof observation !== "object" || observation === null) return JSON.stringify(observation);
    let text = this.made.get(observation);
    if (text === undefined) {
      text = JSON.stringify(observation);
      this.made.set(observation, text);
    }
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
