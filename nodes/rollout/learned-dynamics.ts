import { actionVector, boxBounds, boxSize, clipToBounds } from "../../runtime/action-box.js";
import type { Action, Environment } from "../../runtime/environment.js";
import type { LoadedModel } from "../../runtime/inference/types.js";
import { batchFor, checkFeatures, modelCheckSubject } from "../../runtime/model-io.js";
import type { CheckContext, ParamProblem } from "../../runtime/node-kind.js";
import type { StateView } from "../../runtime/ports.js";
import { continuationAction } from "./continuation.js";
import type { OnnxDynamicsModel } from "./params.js";
import type { ActionForecast, LookAhead, SampleOutcomes } from "./simulate.js";

/** Checks the dynamics model against the environment's encoding and action count before any run. */
export function checkDynamicsModel(model: OnnxDynamicsModel, ctx: CheckContext): ParamProblem[] {
  const subject = modelCheckSubject(ctx, model.path, model.encoding, ["model", "path"], ["model", "encoding"]);
  if (Array.isArray(subject)) return subject;
  const { info, environment, features } = subject;
  let actions: ActionFeatures;
  try {
    actions = actionFeatures(environment);
  } catch (error) {
    return [{ path: ["model", "kind"], message: (error as Error).message }];
  }
  const source = `the "${model.encoding}" encoding (${features}) and ${actions.described} (${actions.width}) give`;
  return [
    ...checkFeatures(info, "inputs", model.input, features + actions.width, source, ["model", "input"]),
    ...checkFeatures(info, "outputs", model.nextState, features, `the "${model.encoding}" encoding gives`, ["model", "nextState"]),
    ...(["reward", "done", "hazard"] as const).flatMap((output) => checkFeatures(info, "outputs", model[output], 1, "a scalar prediction has", ["model", output])),
  ];
}

/** One imagined future: a predicted state and how much probability mass is still "alive" (not ended). */
interface Imagined {
  action: number;
  state: Float32Array;
  alive: number;
  return: number;
  risk: number;
  weight: number;
  /** Expected steps simulated: each step counts with the probability that the episode was still running. */
  lasted: number;
}

/**
 * Imagines each action's future with the learned model, in lockstep: one batched call per step.
 * The model predicts probabilities of ending and of a hazard, so returns are expectations: each
 * reward counts with the probability that the episode is still running, and risk is the
 * probability of a hazard within the horizon.
 */
export async function imagineAhead(look: LookAhead, model: LoadedModel, io: OnnxDynamicsModel): Promise<ActionForecast[]> {
  const { environment, actions, hold = 1, horizon, discount, policy, value, signal } = look;
  const encoder = actionFeatures(environment);
  const start = environment.encode(io.encoding);
  const width = start.length;
  const futures: Imagined[] = [];
  actions.forEach((action, index) => {
    for (let sample = 0; sample < look.samples; sample++) futures.push({ action: index, state: start, alive: 1, return: 0, risk: 0, weight: 1, lasted: 0 });
  });
  const input = model.info.inputs.find((t) => t.name === io.input);
  for (let t = 0; t < horizon; t++) {
    if (signal.aborted) throw new Error("the rollout was stopped: the run was aborted");
    const next = t < hold || !policy ? futures.map((f) => actions[f.action]!) : await continuations(look, futures, io.encoding);
    const rows = futures.map((future, i) => {
      const row = new Float32Array(width + encoder.width);
      row.set(future.state);
      encoder.write(row, width, next[i]!);
      return row;
    });
    const out = await model.run({ [io.input]: batchFor(input, rows) });
    futures.forEach((future, i) => {
      const ends = clamp01(out[io.done]!.data[i]!);
      future.return += future.weight * future.alive * out[io.reward]!.data[i]!;
      future.risk += future.alive * clamp01(out[io.hazard]!.data[i]!);
      future.lasted += future.alive;
      future.alive *= 1 - ends;
      future.weight *= discount;
      future.state = out[io.nextState]!.data.slice(i * width, (i + 1) * width);
    });
  }
  const horizonValues = value ? await value.values(futures.map((f) => predictedState(environment, io.encoding, f.state))) : undefined;
  return actions.map((_, index) => {
    const own = futures.map((future, i) => ({ future, v: horizonValues?.[i] })).filter(({ future }) => future.action === index);
    const mean = (pick: (x: (typeof own)[number]) => number) => own.reduce((sum, x) => sum + pick(x), 0) / own.length;
    const horizonTerm = ({ future, v }: (typeof own)[number]) => (v === undefined ? 0 : future.weight * future.alive * v);
    const averages = {
      return: mean((x) => x.future.return + horizonTerm(x)),
      risk: Math.min(1, mean((x) => x.future.risk)),
      horizonValue: horizonValues ? mean(horizonTerm) : null,
    };
    if (!look.recordSamples) return averages;
    const samples: SampleOutcomes = {
      returns: own.map((x) => x.future.return + horizonTerm(x)),
      steps: own.map((x) => x.future.lasted),
      hazardChance: own.map((x) => Math.min(1, x.future.risk)),
    };
    return { ...averages, samples };
  });
}

/** The policy's next action in every imagined state, from one batched call. */
async function continuations(look: LookAhead, futures: readonly Imagined[], encoding: string): Promise<Action[]> {
  const views = futures.map((f) => predictedState(look.environment, encoding, f.state));
  const distributions = await look.policy!.distributions(views);
  return distributions.map((d) => continuationAction(d, look.continuationSampling, look.rng));
}

/** How an action enters the model beside the state: its width and how it is written into a row. */
interface ActionFeatures {
  width: number;
  described: string;
  write(row: Float32Array, offset: number, action: Action): void;
}

/** A discrete action as its one-hot, a box action as its vector clipped to the bounds (what the environment would take). */
function actionFeatures(environment: Environment): ActionFeatures {
  const space = environment.actionSpace;
  if (space.kind === "discrete") {
    return {
      width: space.n,
      described: "a one-hot action",
      write(row, offset, action) {
        if (typeof action !== "number" || !Number.isInteger(action) || action < 0 || action >= space.n) {
          throw new Error(`a learned dynamics model takes the discrete actions 0..${space.n - 1} of "${environment.name}", not ${JSON.stringify(action)}`);
        }
        row[offset + action] = 1;
      },
    };
  }
  if (space.kind === "box") {
    const size = boxSize(space);
    const bounds = boxBounds(space);
    return {
      width: size,
      described: "an action vector",
      write(row, offset, action) {
        row.set(clipToBounds(actionVector(action, size, `a learned dynamics model of "${environment.name}"`), bounds), offset);
      },
    };
  }
  throw new Error(`a learned dynamics model needs discrete or box actions; "${environment.name}" has ${space.kind} actions`);
}

/** A predicted state as policies and value functions see it: it exists only in the model's encoding. */
function predictedState(environment: Environment, encoding: string, features: Float32Array): StateView {
  return {
    name: `${environment.name} (predicted)`,
    actionSpace: environment.actionSpace,
    encode(name) {
      if (name !== encoding) {
        throw new Error(`a state predicted by the dynamics model exists only in the "${encoding}" encoding; "${name}" was asked for (use the same encoding for the continuation policy and the value model)`);
      }
      return features;
    },
  };
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
