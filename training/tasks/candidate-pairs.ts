import type { Environment, Observation } from "../../runtime/environment.js";
import { groupIds } from "../validation-split.js";
import { textPairLayout } from "./pair-features.js";
import type { LabelledPairs } from "./train-q-continuous.js";
import { actionEncodingWidth, encodeTextAction, parseObservation, where, type TransitionRecord } from "./transitions.js";

/**
 * Every recorded candidate with a label in `column` (the Monte-Carlo Q node's mc_q), as a (state,
 * action) pair: the state is the observation of its step's transition (the candidate records keep
 * only the action), the action its text action's encoding. Candidates of text action spaces only.
 */
export function labelledCandidatePairs(
  candidates: readonly TransitionRecord[],
  transitions: readonly TransitionRecord[],
  environment: Environment,
  encoding: string,
  actionEncoding: string,
  column: string,
): LabelledPairs {
  if (environment.actionSpace.kind !== "text") {
    throw new Error(`--target mc reads candidate records of text actions; "${environment.name}" has ${environment.actionSpace.kind} ones`);
  }
  const observationOf = new Map(transitions.map((t) => [`${String(t["episode"])}/${String(t["step"])}`, t]));
  const labelled = candidates.filter((c) => typeof c[column] === "number");
  if (labelled.length === 0) {
    throw new Error(`no candidate record has a number in "${column}": record candidates after a Monte-Carlo Q node (see tools/shopping-stepq-collect.foresight.json)`);
  }
  const first = observationOf.get(`${String(labelled[0]!["episode"])}/${String(labelled[0]!["step"])}`);
  const stateWidth = environment.encode(encoding, parseObservation(first ?? labelled[0], "observation")).length;
  const actionWidth = actionEncodingWidth(environment, actionEncoding);
  const pairs: LabelledPairs = {
    count: labelled.length,
    layout: textPairLayout(stateWidth, actionWidth),
    states: new Float32Array(labelled.length * stateWidth),
    actions: new Float32Array(labelled.length * actionWidth),
    targets: new Float32Array(labelled.length),
    episodes: groupIds(labelled.map((candidate) => String(candidate["episode"]))),
  };
  // One step's candidates share its state: encode it once.
  let lastStep: TransitionRecord | undefined;
  let observation: Observation = null;
  let state: Float32Array = new Float32Array(0);
  labelled.forEach((candidate, i) => {
    const step = observationOf.get(`${String(candidate["episode"])}/${String(candidate["step"])}`);
    if (!step) throw new Error(`${where(candidate)}: a candidate with no transition recorded at its step (record transitions too)`);
    if (step !== lastStep) {
      observation = parseObservation(step, "observation");
      state = environment.encode(encoding, observation);
      lastStep = step;
    }
    pairs.states.set(state, i * stateWidth);
    pairs.actions.set(encodeTextAction(environment, actionEncoding, recordedTextAction(candidate["action"]), observation), i * actionWidth);
    pairs.targets[i] = candidate[column] as number;
  });
  return pairs;
}

/**
 * A candidate record's text action: JSON text, as transitions keep theirs; datasets recorded before
 * candidates did so keep the action's text as it is, which is no JSON string.
 */
function recordedTextAction(recorded: unknown): string {
  const text = String(recorded);
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "string") return parsed;
  } catch {
    // Recorded as it is.
  }
  return text;
}
