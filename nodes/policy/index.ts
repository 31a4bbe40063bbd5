import { Column } from "../../runtime/candidate-table.js";
import type { Environment } from "../../runtime/environment.js";
import type { ActionDistribution } from "../../runtime/ports.js";
import { whenReady } from "../../runtime/maybe-promise.js";
import { defineNodeKind } from "../../runtime/node-kind.js";
import { checkHeuristicPolicy } from "./heuristic.js";
import { checkLlmPolicy, createLlmPolicyNode, LlmColumn } from "./llm.js";
import { checkOnnxPolicy } from "./onnx.js";
import { checkScriptedPolicy } from "./scripted.js";
import { checkUniformPolicy } from "./uniform.js";
import { createPolicy, policyParams, type PolicyParams } from "./variants.js";
import { exchangesPort } from "../llm/exchange.js";
import { llmRunNote } from "../llm/run-note.js";

const inputs = {
  environment: { type: "environment", description: "The live environment, in the state to act in", required: true },
} as const;

const outputs = {
  distribution: { type: "actionDistribution", description: "The action distribution for the current state" },
  policy: { type: "policy", description: "The same policy as a function of any state, for look-ahead rollouts" },
} as const;

/**
 * The LLM variant also hands on its completions as candidates and the raw exchanges for the inspector.
 * Its policy answers for the live state only, which validation holds against the inputs that need more.
 */
const llmOutputs = {
  ...outputs,
  policy: {
    ...outputs.policy,
    cannot: { "simulated-states": "the LLM policy answers only for the live state (its prompt has no context for a simulated one)" },
  },
  candidates: { type: "candidates", description: "One row per completion: the parsed action, logp, raw text; parse failures filtered with their reason" },
  exchanges: exchangesPort,
} as const;

/** The policy node: proposes an action distribution for the live state, and hands itself on for look-ahead. */
export const policyKind = defineNodeKind({
  kind: "policy",
  title: "Policy",
  description: "Proposes a distribution over actions for the current state; its policy output lets rollouts continue simulations with it.",
  params: policyParams,
  inputs,
  // The palette shows every output (the LLM variant's too, so the editor can wire them); ports() narrows them per variant.
  outputs: llmOutputs,
  ports: (params: PolicyParams) => ({ inputs, outputs: params.variant === "llm" ? llmOutputs : outputs }),
  columns: [
    // The step view shows the first declaration of a column among the kinds that ran: the policy's, before the
    // sampler's, so it speaks for every variant.
    {
      name: Column.logp,
      label: "log-prob",
      format: "number",
      description:
        "The candidate's log-probability under the policy (a log-density for continuous actions), before any sampler's temperature, top-k or top-p; an LLM policy's is its completion's summed token log-probs (log 1/n when the server returns none).",
    },
    { name: LlmColumn.text, label: "answer", format: "text", description: "LLM: the completion's raw text." },
    { name: LlmColumn.parseError, label: "parse error", format: "text", description: "LLM: why the answer names no action (the row is filtered)." },
  ],
  // The editor shows the base URL in the trust dialog before anything calls it; an embedded model calls
  // no server (like an ONNX model, it is a file the node reads).
  callsServer: (params: PolicyParams) => (params.variant === "llm" && params.provider === "http" ? params.baseUrl : undefined),
  runNote: (params, counters) => (params.variant === "llm" ? llmRunNote(counters, "completion", "named no action (filtered rows)") : undefined),
  check(params, ctx) {
    if (params.variant === "onnx") return checkOnnxPolicy(params, ctx);
    if (params.variant === "llm") return checkLlmPolicy(params, ctx);
    if (params.variant === "scripted") return checkScriptedPolicy(ctx);
    if (params.variant === "uniform") return checkUniformPolicy(ctx);
    return params.variant === "heuristic" ? checkHeuristicPolicy(ctx) : [];
  },
  async create(params, setup) {
    if (params.variant === "llm") return createLlmPolicyNode(params, setup) as never;
    const policy = await createPolicy(params, setup);
    // Made once, not a closure per step (every lockstep lane asks every step).
    const outputsOf = (distributions: readonly ActionDistribution[]) => {
      const distribution = distributions[0];
      if (!distribution) throw new Error(`policy ${policy.name} returned no distribution for the current state`);
      return { distribution, policy };
    };
    // Other variants return distribution and policy only: their ports() offer no more, so nothing reads the rest.
    return {
      run({ environment }: { environment: Environment }) {
        return whenReady(policy.distributions([environment]), outputsOf);
      },
    } as never;
  },
});
