import { z } from "zod";
import { batchFor, checkFeatures, modelCheckSubject } from "../../runtime/model-io.js";
import type { CheckContext, ParamProblem, SetupContext } from "../../runtime/node-kind.js";
import type { ActionDistribution, PolicyFunction, StateView } from "../../runtime/ports.js";
import { boundsOf } from "./box.js";
import { actionIndices, discreteActionCount, softmax } from "./discrete.js";
import { loadOptions, modelPathParam, modelRuntimeParams } from "../../runtime/model-params.js";

/** Params of the ONNX policy: the model file and how its input and outputs map to the pipeline. */
export const onnxParams = z
  .object({
    variant: z.literal("onnx").describe("A policy network in an ONNX file"),
    model: modelPathParam("the .onnx policy model to sample actions from"),
    encoding: z.string().default("position").describe("The environment encoding fed to the model's input (see docs/encodings.md)"),
    // modelTensor: the editor offers the model's own input/output names (usedWhen: only checked when the siblings match).
    input: z.string().meta({ modelTensor: "input" }).default("observation").describe("Name of the model input that takes the encoded observation"),
    head: z
      .enum(["categorical", "gaussian"])
      .default("categorical")
      .describe("categorical: one logit per discrete action; gaussian: a mean and a log standard deviation per action dimension"),
    logits: z.string().meta({ modelTensor: "output", usedWhen: { head: "categorical" } }).default("logits").describe("Output with the logits (categorical)"),
    mean: z.string().meta({ modelTensor: "output", usedWhen: { head: "gaussian" } }).default("mean").describe("Output with the mean (gaussian)"),
    logStd: z.string().meta({ modelTensor: "output", usedWhen: { head: "gaussian" } }).default("log_std").describe("Output with the log standard deviation (gaussian)"),
    ...modelRuntimeParams,
  })
  .describe("ONNX: a trained policy network; one batched inference call per state batch");

export type OnnxPolicyParams = z.output<typeof onnxParams>;

/** Checks the model against the environment's encoding and action space before any run. */
export function checkOnnxPolicy(p: OnnxPolicyParams, ctx: CheckContext): ParamProblem[] {
  const subject = modelCheckSubject(ctx, p.model, p.encoding, ["model"], ["encoding"]);
  if (Array.isArray(subject)) return subject;
  const { info, environment, features } = subject;
  const problems = checkFeatures(info, "inputs", p.input, features, `the environment's "${p.encoding}" encoding gives`, ["input"]);
  const space = environment.actionSpace;
  if (p.head === "categorical") {
    if (space.kind !== "discrete") return [...problems, { path: ["head"], message: `a categorical head needs discrete actions; "${environment.name}" has ${space.kind} actions` }];
    return [...problems, ...checkFeatures(info, "outputs", p.logits, space.n, `"${environment.name}" has actions:`, ["logits"])];
  }
  if (space.kind !== "box") return [...problems, { path: ["head"], message: `a gaussian head needs continuous (box) actions; "${environment.name}" has ${space.kind} actions` }];
  const size = space.shape.reduce((a, b) => a * b, 1);
  return [
    ...problems,
    ...checkFeatures(info, "outputs", p.mean, size, "the action dimension is", ["mean"]),
    ...checkFeatures(info, "outputs", p.logStd, size, "the action dimension is", ["logStd"]),
  ];
}

/** Loads the model once (shared, warmed up); each batch of states is one inference call. */
export async function onnxPolicy(p: OnnxPolicyParams, setup: SetupContext): Promise<PolicyFunction> {
  const model = await setup.models.load(p.model, loadOptions(p));
  const input = model.info.inputs.find((t) => t.name === p.input);
  return {
    name: `onnx(${p.model})`,
    async distributions(states: readonly StateView[]): Promise<ActionDistribution[]> {
      if (states.length === 0) return [];
      const encoded = states.map((state) => state.encode(p.encoding));
      const outputs = await model.run({ [p.input]: batchFor(input, encoded) });
      if (p.head === "categorical") {
        const n = discreteActionCount(states[0]!, "ONNX");
        const logits = outputs[p.logits]!.data;
        return states.map((_, s) => ({ kind: "categorical", actions: actionIndices(n), probs: softmax(logits.subarray(s * n, s * n + n)) }));
      }
      const mean = outputs[p.mean]!.data;
      const logStd = outputs[p.logStd]!.data;
      const size = mean.length / states.length;
      return states.map((state, s) => ({
        kind: "gaussian",
        mean: Array.from(mean.subarray(s * size, (s + 1) * size)),
        logStd: Array.from(logStd.subarray(s * size, (s + 1) * size)),
        ...boundsOf(state),
      }));
    },
  };
}
