import { z } from "zod";
import type { PolicyFunction } from "../../runtime/ports.js";
import type { SetupContext } from "../../runtime/node-kind.js";
import { heuristicParams, heuristicPolicy } from "./heuristic.js";
import { llmParams } from "./llm.js";
import { onnxParams, onnxPolicy } from "./onnx.js";
import { scriptedParams, scriptedPolicy } from "./scripted.js";
import { uniformParams, uniformPolicy } from "./uniform.js";

/**
 * Every policy variant's params, told apart by `variant`. A new variant (onnx, chat) is one
 * more file with its schema and factory, one member here and one case below.
 */
export const policyParams = z
  .discriminatedUnion("variant", [heuristicParams, uniformParams, onnxParams, llmParams, scriptedParams])
  // Lets a freshly added node (no params yet) start as the heuristic with its defaults.
  .prefault({ variant: "heuristic" })
  .describe("Which policy proposes actions");

export type PolicyParams = z.output<typeof policyParams>;

/** The policy function a variant's params describe (the LLM variant is a node of its own: see llm.ts). */
export function createPolicy(params: Exclude<PolicyParams, { variant: "llm" }>, setup: SetupContext): PolicyFunction | Promise<PolicyFunction> {
  switch (params.variant) {
    case "heuristic":
      return heuristicPolicy(params);
    case "uniform":
      return uniformPolicy(params);
    case "onnx":
      return onnxPolicy(params, setup);
    case "scripted":
      return scriptedPolicy(params);
  }
}
