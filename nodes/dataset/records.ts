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
  private readonly quotedTexts: (string | undefined)[] = new Array<string | undefined>(REMEMBERED_OBSERVATIONS);
  private next = 0;

  /** The observation's JSON text (undefined for undefined, as JSON.stringify gives). */
  of(observation: Observation): string {
    if (typeof observation !== "object" || observation === null) return JSON.stringify(observation);
    for (let i = 0; i < REMEMBERED_OBSERVATIONS; i++) if (this.objects[i] === observation) return this.texts[i]!;
    const text = JSON.stringify(observation);
    this.objects[this.next] = observation;
    this.texts[this.next] = text;
    this.quotedTexts[this.next] = undefined;
    this.next = (this.next + 1) % REMEMBERED_OBSERVATIONS;
    return text;
  }

  /** The observation's JSON text as a JSON string, as it stands in a JSON line (undefined where `of` gives undefined). */
  quoted(observation: Observation): string | undefined {
    if (typeof observation !== "object" || observation === null) return quotedJson(observation);
    for (let i = 0; i < REMEMBERED_OBSERVATIONS; i++) {
      if (this.objects[i] === observation) return (this.quotedTexts[i] ??= JSON.stringify(this.texts[i]!));
    }
    this.of(observation);
    const last = (this.next + REMEMBERED_OBSERVATIONS - 1) % REMEMBERED_OBSERVATIONS;
    return (this.quotedTexts[last] = JSON.stringify(this.texts[last]!));
  }
}

/**
 * The transition record's JSON line, as JSON.stringify(transitionRecord(…)) writes it, without the
 * record: the observations' texts are quoted once (a step's observation is the step before's next
 * one). Undefined when a value is not of its column's type (a misbehaving environment): the
 * record then goes the general way, which names the column and the step.
 */
export function transitionLine(transition: Transition, place: StepPlace, texts: ObservationTexts): string | undefined {
  const { reward, terminated, truncated, envSteps, action } = transition;
  if (typeof reward !== "number" || typeof terminated !== "boolean" || typeof truncated !== "boolean" || typeof envSteps !== "number") return undefined;
  const observation = texts.quoted(transition.observation);
  const next = texts.quoted(transition.nextObservation);
  const actionText = action === null ? "null" : quotedJson(action);
  if (observation === undefined || next === undefined || actionText === undefined) return undefined;
  return (
    `{"episode":${jsonNumber(place.episode)},"step":${jsonNumber(place.step)},"observation":${observation},"action":${actionText},` +
    `"reward":${jsonNumber(reward)},"next_observation":${next},"terminated":${terminated},"truncated":${truncated},` +
    `"env_steps":${jsonNumber(envSteps)},"success":${transition.info.success === true},"hazard":${transition.info.hazard === true}}`
  );
}

/** A number as JSON writes it: the shortest round-trip text, null for NaN and infinities. */
export function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : "null";
}

/** A value's JSON text as a JSON string (undefined where JSON.stringify gives no text). */
function quotedJson(value: unknown): string | undefined {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? undefined : JSON.stringify(text);
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
