import { whenReady } from "../../runtime/maybe-promise.js";
import { defineNodeKind } from "../../runtime/node-kind.js";
import { checkOnnxPolicy } from "./onnx.js";
import { createPolicy, policyParams } from "./variants.js";

/** The policy node: proposes an action distribution for the live state, and hands itself on for look-ahead. */
export const policyKind = defineNodeKind({
  kind: "policy",
  title: "Policy",
  description: "Proposes a distribution over actions for the current state; its policy output lets rollouts continue simulations with it.",
  params: policyParams,
  inputs: {
    environment: { type: "environment", description: "The live environment, in the state to act in", required: true },
  },
  outputs: {
    distribution: { type: "actionDistribution", description: "The action distribution for the current state" },
    policy: { type: "policy", description: "The same policy as a function of any state, for look-ahead rollouts" },
  },
  check: (params, ctx) => (params.variant === "onnx" ? checkOnnxPolicy(params, ctx) : []),
  async create(params, setup) {
    const policy = await createPolicy(params, setup);
    return {
      run({ environment }) {
        return whenReady(policy.distributions([environment]), ([distribution]) => {
          if (!distribution) throw new Error(`policy ${policy.name} returned no distribution for the current state`);
          return { distribution, policy };
        });
      },
    };
  },
});
