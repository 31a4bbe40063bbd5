import { z } from "zod";
import { actionVector, boxBounds, boxSize } from "../../runtime/action-box.js";
import { CandidateTable, Column, type Cell } from "../../runtime/candidate-table.js";
import { encodingSize, type Action, type Environment } from "../../runtime/environment.js";
import { runModel, type FloatTensor, type LoadedModel, type ModelInfo, type TensorInfo } from "../../runtime/inference/types.js";
import { isPromiseLike, whenReady, type MaybePromise } from "../../runtime/maybe-promise.js";
import { batchFor, checkFeatures, modelCheckSubject, oneHot } from "../../runtime/model-io.js";
import type { CheckContext, ParamProblem, SetupContext } from "../../runtime/node-kind.js";
import type { StateView, ValueFunction } from "../../runtime/ports.js";
import type { Rng } from "../../runtime/rng.js";
import { refineByCem, type CemResult } from "../sampler/cem.js";
import { discreteIndex } from "./actions.js";
import { cemParams, CemColumn } from "./cem-params.js";
import type { QScorer } from "./scorer.js";
import { loadOptions, modelPathParam, modelRuntimeParams } from "../../runtime/model-params.js";

/** Params of the ONNX variant: a learned Q-model and how its inputs and outputs map to the pipeline. */
export const onnxParams = z
  .object({
    variant: z.literal("onnx").describe("A learned Q-model in an ONNX file."),
    model: modelPathParam("the .onnx Q-model to score candidates with"),
    form: z
      .enum(["q-s", "q-sa", "v-s"])
      .default("q-s")
      .describe(
        "q-s: the model maps a state to one Q value per discrete action; q-sa: a (state, action) pair to one Q value — the action one-hot, " +
          "a vector (continuous) or the environment's action encoding (text); " +
          "v-s: a state to its value V(s), and each candidate scores r + γ·V(s') over next states from the environment's simulator",
      ),
    encoding: z.string().default("position").describe("The environment encoding fed to the state input (see docs/encodings.md)"),
    stateInput: z.string().meta({ modelTensor: "input" }).default("observation").describe("Name of the model input that takes the encoded state"),
    actionInput: z
      .string()
      .meta({ modelTensor: "input", usedWhen: { form: "q-sa" } })
      .default("action")
      .describe("Name of the model input that takes the action: one-hot for discrete actions, the action vector for continuous ones, the action encoding for text ones (q-sa only)"),
    actionEncoding: z
      .string()
      .meta({ usedWhen: { form: "q-sa" } })
      .default("bow")
      .describe("Text actions (q-sa only): the environment's action encoding fed to the action input (see docs/encodings.md)"),
    output: z.string().meta({ modelTensor: "output" }).default("q_values").describe("Name of the model output holding the Q values (or V for v-s)"),
    gamma: z.number().min(0).max(1).meta({ usedWhen: { form: "v-s" } }).default(0.99).describe("Discount of V(s') in r + γ·V(s') (v-s only)"),
    samples: z.number().int().min(1).max(64).meta({ usedWhen: { form: "v-s" } }).default(4).describe("Simulated next states per candidate action, averaged (v-s only; matters when the environment is random)"),
    cem: cemParams,
    ...modelRuntimeParams,
  })
  .describe("ONNX: q is a learned Q-model's value of each candidate, one batched inference call per step (per CEM round).");

export type OnnxParams = z.output<typeof onnxParams>;

/** Checks the model's inputs and outputs against the environment before any run. */
export function checkOnnxScorer(p: OnnxParams, ctx: CheckContext): ParamProblem[] {
  const subject = modelCheckSubject(ctx, p.model, p.encoding, ["model"], ["encoding"]);
  if (Array.isArray(subject)) return subject;
  const { info, environment, features } = subject;
  const source = `the environment's "${p.encoding}" encoding gives`;
  const problems = checkFeatures(info, "inputs", p.stateInput, features, source, ["stateInput"]);
  const space = environment.actionSpace;
  if (space.kind === "box") return [...problems, ...checkContinuous(p, info, environment.name, boxSize(space))];
  if (space.kind === "text") return [...problems, ...checkText(p, info, environment)];
  if (p.cem.iterations > 0) problems.push({ path: ["cem", "iterations"], message: `CEM refines continuous actions; "${environment.name}" has ${space.kind} actions (set iterations to 0)` });
  if (space.kind !== "discrete") return [...problems, { path: ["variant"], message: `the ONNX Q-scorer needs a discrete, box or text action space; "${environment.name}" has a ${space.kind} one` }];
  if (p.form === "q-s") return [...problems, ...checkFeatures(info, "outputs", p.output, space.n, `"${environment.name}" has actions:`, ["output"])];
  if (p.form === "v-s") return [...problems, ...checkFeatures(info, "outputs", p.output, 1, "a value model V(s) returns", ["output"])];
  return [
    ...problems,
    ...checkFeatures(info, "inputs", p.actionInput, space.n, `a one-hot action of "${environment.name}" has`, ["actionInput"]),
    ...checkFeatures(info, "outputs", p.output, 1, "a Q(s, a) model returns", ["output"]),
  ];
}

/** Continuous actions: only Q(s, a) over the action vector can score them. */
function checkContinuous(p: OnnxParams, info: ModelInfo, environment: string, size: number): ParamProblem[] {
  if (p.form !== "q-sa") return [{ path: ["form"], message: `"${environment}" has continuous (box) actions: only the q-sa form (state and action vector in, one Q out) can score them` }];
  return [
    ...checkFeatures(info, "inputs", p.actionInput, size, `an action of "${environment}" has`, ["actionInput"]),
    ...checkFeatures(info, "outputs", p.output, 1, "a Q(s, a) model returns", ["output"]),
  ];
}

/** Text actions: only Q(s, a) over the environment's action encoding can score them. */
function checkText(p: OnnxParams, info: ModelInfo, environment: Environment): ParamProblem[] {
  const name = environment.name;
  const problems: ParamProblem[] = [];
  if (p.cem.iterations > 0) problems.push({ path: ["cem", "iterations"], message: `CEM refines continuous actions; "${name}" has text actions (set iterations to 0)` });
  if (p.form !== "q-sa") return [...problems, { path: ["form"], message: `"${name}" has text actions: only the q-sa form (state and encoded action in, one Q out) can score them` }];
  const encodings = environment.actionEncodings ?? {};
  const spec = encodings[p.actionEncoding];
  if (!spec) {
    const offered = Object.keys(encodings);
    const message = offered.length === 0 ? `"${name}" has text actions and no action encoding, so no Q(s, a) model can read them` : `"${name}" has no action encoding "${p.actionEncoding}"; its action encodings: ${offered.join(", ")}`;
    return [...problems, { path: ["actionEncoding"], message }];
  }
  return [
    ...problems,
    ...checkFeatures(info, "inputs", p.actionInput, encodingSize(spec), `the environment's "${p.actionEncoding}" action encoding gives`, ["actionInput"]),
    ...checkFeatures(info, "outputs", p.output, 1, "a Q(s, a) model returns", ["output"]),
  ];
}

/** Loads the model once (shared, warmed up) and scores through it. */
export async function createOnnxScorer(p: OnnxParams, setup: SetupContext): Promise<QScorer> {
  const model = await setup.models.load(p.model, loadOptions(p));
  const stateInput = model.info.inputs.find((t) => t.name === p.stateInput);
  const qOfStates = (states: readonly StateView[]) => qValues(model, p, stateInput, states);
  const valuesOf = async (states: readonly StateView[]) => {
    if (p.form === "v-s") return stateValues(model, p, states);
    if (states[0]?.actionSpace.kind === "text") return textStateValues(model, p, states);
    return (await qOfStates(states)).map((q) => Math.max(...q));
  };
  return {
    // Not async: a discrete step's one model call answers at once in a serial run, and the step then allocates no promise.
    score(candidates: CandidateTable, environment: Environment | undefined, rng: Rng): MaybePromise<CandidateTable> {
      if (!environment) throw new Error('the ONNX Q-scorer needs its "environment" input connected');
      if (environment.actionSpace.kind === "box") return scoreContinuous(model, p, environment, candidates, rng);
      if (environment.actionSpace.kind === "text") return textQ(model, p, [{ state: environment, actions: candidates.actions }]).then(([q]) => candidates.withColumn(Column.q, q!));
      if (p.form === "q-s") return qOfOneState(model, p, stateInput, environment, candidates);
      const indices = candidates.actions.map((action, row) => discreteIndex(environment, action, row, "ONNX Q-scorer"));
      if (p.form === "v-s") return lookOneStep(environment, p, rng, valuesOf).then((q) => candidates.withColumn(Column.q, indices.map((i) => q[i]!)));
      return qOutput(model, p, stateInput, [environment], (out) => candidates.withColumn(Column.q, indices.map((i) => out[i]!)));
    },
    value: { name: p.form === "v-s" ? `V of ${p.model}` : `max Q of ${p.model}`, values: valuesOf } satisfies ValueFunction,
  };
}

/**
 * Q(s, a) of every candidate vector in one call; with CEM on, further rounds are drawn around the
 * best-scored ones and scored too, and the table grows by those rows (column cem_round says which).
 */
async function scoreContinuous(model: LoadedModel, p: OnnxParams, environment: Environment, candidates: CandidateTable, rng: Rng): Promise<CandidateTable> {
  const space = environment.actionSpace;
  if (space.kind !== "box" || p.form !== "q-sa") {
    throw new Error(`"${environment.name}" has continuous actions: only the q-sa form scores them (form is "${p.form}")`);
  }
  const size = boxSize(space);
  const actions = candidates.actions.map((action, row) => actionVector(action, size, `row ${row}`));
  const state = environment.encode(p.encoding);
  const stateInput = model.info.inputs.find((t) => t.name === p.stateInput);
  const actionInput = model.info.inputs.find((t) => t.name === p.actionInput);
  const qOf = async (batch: readonly number[][]): Promise<number[]> => {
    if (batch.length === 0) return [];
    const feeds = {
      [p.stateInput]: batchFor(stateInput, batch.map(() => state)),
      [p.actionInput]: batchFor(actionInput, batch.map((a) => Float32Array.from(a))),
    };
    return Array.from((await model.run(feeds))[p.output]!.data);
  };
  const q = await qOf(actions);
  if (p.cem.iterations === 0) return candidates.withColumn(Column.q, q);
  const refined = await refineByCem(
    { actions, scores: q },
    qOf,
    { ...p.cem, population: p.cem.population ?? candidates.size },
    boxBounds(space),
    rng,
  );
  return withRefinedRows(candidates, refined);
}

/** The incoming rows (their columns kept, empty for the new rows) followed by every CEM round's, with q and cem_round. */
function withRefinedRows(candidates: CandidateTable, refined: CemResult): CandidateTable {
  const added = refined.actions.length - candidates.size;
  const columns: Record<string, Cell[]> = {};
  for (const name of candidates.columnNames()) columns[name] = [...candidates.column(name)!, ...new Array<Cell>(added).fill(null)];
  columns[Column.q] = refined.scores;
  columns[CemColumn.round] = refined.round;
  return CandidateTable.of(refined.actions, columns);
}

/** Q(s, a) of every (state, text action) pair, in one inference call; one list of Q values per state. */
async function textQ(model: LoadedModel, p: OnnxParams, pairs: readonly { state: StateView; actions: readonly Action[] }[]): Promise<number[][]> {
  const states: Float32Array[] = [];
  const actions: Float32Array[] = [];
  for (const { state, actions: own } of pairs) {
    if (p.form !== "q-sa") throw new Error(`"${state.name}" has text actions: only the q-sa form scores them (form is "${p.form}")`);
    if (!state.encodeAction) throw new Error(`"${state.name}" has text actions and no action encoding, so no Q(s, a) model can read them`);
    const encoded = state.encode(p.encoding);
    for (const action of own) {
      states.push(encoded);
      actions.push(state.encodeAction(p.actionEncoding, action));
    }
  }
  if (states.length === 0) return pairs.map(() => []);
  const input = (name: string) => model.info.inputs.find((t) => t.name === name);
  const out = (await model.run({ [p.stateInput]: batchFor(input(p.stateInput), states), [p.actionInput]: batchFor(input(p.actionInput), actions) }))[p.output]!;
  let offset = 0;
  return pairs.map(({ actions: own }) => Array.from(out.data.subarray(offset, (offset += own.length))));
}

/**
 * V(s) = max Q(s, a) over the actions the environment proposes in s (its naive proposals): a text
 * action space has no list of every action to take the max over. A state with no proposal is worth 0.
 */
async function textStateValues(model: LoadedModel, p: OnnxParams, states: readonly StateView[]): Promise<number[]> {
  const pairs = states.map((state) => {
    if (!state.naiveProposals) throw new Error(`"${state.name}" proposes no actions in a state, so the max Q over them cannot value it; use a v-s model`);
    return { state, actions: state.naiveProposals().actions };
  });
  return (await textQ(model, p, pairs)).map((q) => (q.length === 0 ? 0 : Math.max(...q)));
}

/** Q values of every discrete action in each state, in one inference call (answered at once where the model can). */
function qValues(model: LoadedModel, p: OnnxParams, stateInput: TensorInfo | undefined, states: readonly StateView[]): MaybePromise<number[][]> {
  const n = actionCount(states);
  return qOutput(model, p, stateInput, states, (out) => states.map((_, s) => Array.from(out.subarray(s * n, s * n + n))));
}

/**
 * The model's Q values of `states` × every discrete action, state-major (n values a state), handed
 * to `use` as they come: at once where the model answers at once, else in the one callback of a
 * lockstep lane's batched call.
 */
function qOutput<R>(model: LoadedModel, p: OnnxParams, stateInput: TensorInfo | undefined, states: readonly StateView[], use: (out: Float32Array) => R): MaybePromise<R> {
  if (states.length === 0) return use(new Float32Array(0));
  const n = actionCount(states);
  const encoded = states.map((state) => state.encode(p.encoding));
  const read = (outputs: Record<string, FloatTensor>) => use(outputs[p.output]!.data);
  if (p.form === "q-s") return whenReady(runModel(model, { [p.stateInput]: batchFor(stateInput, encoded) }), read);
  // Q(s, a): every state paired with every action, as one batch.
  const rows = encoded.flatMap((row) => Array.from({ length: n }, () => row));
  const actions = states.flatMap(() => Array.from({ length: n }, (_, a) => a));
  return whenReady(runModel(model, { [p.stateInput]: batchFor(stateInput, rows), [p.actionInput]: oneHot(actions, n) }), read);
}

/**
 * The candidates with their Q values, read straight from the model's output for the one state
 * (a lockstep lane's rows of the batched call). Every lane does this every step: no list of
 * states, no closure but the one the batched call answers.
 */
function qOfOneState(model: LoadedModel, p: OnnxParams, stateInput: TensorInfo | undefined, environment: Environment, candidates: CandidateTable): MaybePromise<CandidateTable> {
  // Checked before the model runs; a valid discrete action is its own index, so no list of indices is kept.
  for (let row = 0; row < candidates.size; row++) discreteIndex(environment, candidates.actions[row]!, row, "ONNX Q-scorer");
  const actions = candidates.actions as readonly number[];
  const feeds = { [p.stateInput]: batchFor(stateInput, [environment.encode(p.encoding)]) };
  const scored = (outputs: Record<string, FloatTensor>) => {
    const out = outputs[p.output]!.data;
    const q: number[] = [];
    for (let row = 0; row < actions.length; row++) q.push(out[actions[row]!]!);
    return candidates.withColumn(Column.q, q);
  };
  const answer = runModel(model, feeds);
  return isPromiseLike(answer) ? Promise.resolve(answer).then(scored) : scored(answer);
}

/** The discrete action count of the states' space (the first state's: they share it). */
function actionCount(states: readonly StateView[]): number {
  const first = states[0];
  if (!first) return 0;
  const space = first.actionSpace;
  if (space.kind !== "discrete") throw new Error(`the ONNX Q-scorer needs a discrete action space; "${first.name}" has a ${space.kind} one`);
  return space.n;
}

/** V(s) for each state, in one inference call. */
async function stateValues(model: LoadedModel, p: OnnxParams, states: readonly StateView[]): Promise<number[]> {
  if (states.length === 0) return [];
  const stateInput = model.info.inputs.find((t) => t.name === p.stateInput);
  const out = (await model.run({ [p.stateInput]: batchFor(stateInput, states.map((state) => state.encode(p.encoding))) }))[p.output]!;
  return Array.from(out.data);
}

/**
 * Q(s, a) ≈ mean over `samples` simulated steps of r + γ·V(s'): each action is tried on copies of
 * the environment (reseeded from the node's stream, so look-ahead cannot peek at the real future),
 * and all next states are valued in one call.
 */
async function lookOneStep(
  environment: Environment,
  p: OnnxParams,
  rng: Rng,
  valuesOf: (states: readonly StateView[]) => Promise<number[]>,
): Promise<number[]> {
  const space = environment.actionSpace;
  if (space.kind !== "discrete") throw new Error(`the ONNX Q-scorer needs a discrete action space; "${environment.name}" has a ${space.kind} one`);
  const snapshot = environment.snapshot();
  const outcomes = Array.from({ length: space.n * p.samples }, (_, i) => {
    const simulator = environment.clone();
    simulator.restore(snapshot);
    simulator.reseed(rng.seed());
    const result = simulator.step(Math.floor(i / p.samples));
    return { simulator, reward: result.reward, ended: result.terminated };
  });
  const open = outcomes.filter((o) => !o.ended);
  const values = await valuesOf(open.map((o) => o.simulator));
  const valueOf = new Map(open.map((o, i) => [o, values[i]!]));
  return Array.from({ length: space.n }, (_, action) => {
    const own = outcomes.slice(action * p.samples, (action + 1) * p.samples);
    return own.reduce((sum, o) => sum + o.reward + p.gamma * (valueOf.get(o) ?? 0), 0) / own.length;
  });
}
