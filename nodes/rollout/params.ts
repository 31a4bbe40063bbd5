import { z } from "zod";
import { modelPathParam, modelRuntimeParams } from "../../runtime/model-params.js";
import { counted } from "../../protocol/shown-values.js";

/** Look ahead in the environment's own simulator (snapshot, clone, step). */
const simulatorModel = z.object({ kind: z.literal("simulator").describe("The environment's own simulator: exact, where one exists") });

/** Look ahead in a learned dynamics model: (encoded state, action: one-hot or vector) → next state, reward, done, hazard. */
export const onnxDynamicsModel = z
  .object({
    kind: z.literal("onnx").describe("A learned dynamics model in an ONNX file (foresight train dynamics makes one)"),
    path: modelPathParam("the .onnx dynamics model to simulate with"),
    encoding: z.string().default("position").describe("Environment encoding the model's states are in (docs/encodings.md)"),
    input: z.string().meta({ modelTensor: "input" }).default("state_action").describe("Input taking the encoded state followed by the action (one-hot for discrete actions, the vector for continuous ones)"),
    nextState: z.string().meta({ modelTensor: "output" }).default("next_state").describe("Output with the predicted next encoded state"),
    reward: z.string().meta({ modelTensor: "output" }).default("reward").describe("Output with the predicted reward"),
    done: z.string().meta({ modelTensor: "output" }).default("done").describe("Output with the predicted probability that the episode ends"),
    hazard: z.string().meta({ modelTensor: "output" }).default("hazard").describe("Output with the predicted probability that the step enters a hazard"),
    ...modelRuntimeParams,
  })
  .describe("ONNX dynamics: predicted states, rewards, ends and hazards, one batched call per simulated step");

export type OnnxDynamicsModel = z.output<typeof onnxDynamicsModel>;

/** The rollout node's params. */
export const rolloutParams = z.object({
  model: z
    .discriminatedUnion("kind", [simulatorModel, onnxDynamicsModel])
    .default({ kind: "simulator" })
    .describe("What predicts the future: the environment's own simulator, or a learned dynamics model."),
  horizon: z.number().int().min(1).max(200).default(8).describe("Steps simulated ahead of each candidate, its own first action included."),
  hold: z
    .number()
    .int()
    .min(1)
    .max(64)
    .default(1)
    .describe("Simulated steps the candidate's action is played before the continuation takes over: set it to the executor's chunk, so each candidate is scored as the chunk the executor would execute open-loop."),
  continuation: z
    .enum(["policy", "repeat"])
    .default("policy")
    .describe("After the candidate's first action: ask the policy for each next action, or repeat the candidate's action."),
  continuationSampling: z
    .enum(["sample", "greedy"])
    .meta({ usedWhen: { continuation: "policy" } })
    .default("sample")
    .describe("How the policy's distribution becomes an action: draw from it, or take its most likely action."),
  discount: z.number().min(0).max(1).default(0.99).describe("Discount factor γ applied to each simulated step's reward."),
  samples: z
    .number()
    .int()
    .min(1)
    .max(64)
    .default(1)
    .describe(
      'Simulations per candidate, averaged; more than 1 matters whenever they can differ: a random environment (e.g. slip), or a continuation drawn from the policy (continuationSampling "sample", the default). With a deterministic world and a greedy or repeated continuation, 1 is enough.',
    ),
  bootstrap: z
    .boolean()
    .default(true)
    .describe("Add γ^horizon · V(final state) from the value input when it is connected and the simulation has not ended."),
  })
  .superRefine(
    (p, ctx) => {
      if (p.hold > p.horizon) {
        ctx.addIssue({
          code: "custom",
          path: ["hold"],
          message: `${counted(p.hold, "step")} is longer than the horizon (${p.horizon}): the simulation ends before the candidate's action has been held; hold at most the horizon`,
        });
      }
    },
    // Compared only when both parsed (params that are no object at all parse neither): a horizon of 0, already a problem, is no second one of hold's.
    { when: (payload) => !payload.issues.some((issue) => [undefined, "hold", "horizon"].includes(issue.path?.[0] as string | undefined)) },
  );

/** Parsed rollout params. */
export type RolloutParams = z.output<typeof rolloutParams>;
