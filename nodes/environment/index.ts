import { defineNodeKind } from "../../runtime/node-kind.js";
import { createEnvironment, environmentFamilies, environmentParams, environmentScenes } from "./environments.js";
import type { EnvironmentFamily } from "./family.js";

/** The node that owns the pipeline's environment: it starts each episode and hands the live environment on. */
export const environmentKind = defineNodeKind({
  kind: "environment",
  title: "Environment",
  description:
    "The world the agent acts in. Resets at the start of every episode with the episode's seed and outputs the current observation and the live environment (which the executor steps and look-ahead nodes clone).",
  role: "environment",
  shortId: "env",
  scenes: environmentScenes,
  maxPerPipeline: 1,
  params: environmentParams,
  inputs: {},
  outputs: {
    observation: { type: "observation", description: "What the agent sees now." },
    environment: { type: "environment", description: "The live environment: step it to act, clone it to simulate." },
  },
  startsProcess: (params) => environmentFamilies.some((family: EnvironmentFamily) => family.name === params.name && family.startsProcess === true),
  describeEnvironment: (params, { pipelineDir, declared }) => createEnvironment(params, { pipelineDir, purpose: "describe", ...(declared !== undefined ? { declared } : {}) }),
  create(params, setup) {
    const environment = createEnvironment(params, { pipelineDir: setup.pipelineDir, purpose: "run", ...(setup.lanes ? { lanes: setup.lanes } : {}), ...(setup.blockingWaits ? { blockingWaits: setup.blockingWaits } : {}) });
    return {
      environment,
      close: () => environment.close?.(),
      beginEpisode(ctx) {
        // A lockstep lane's reset may travel with the other lanes' steps (Environment.resetSoon).
        if (environment.resetSoon) return environment.resetSoon(ctx.seed).then(() => undefined);
        environment.reset(ctx.seed);
      },
      run() {
        return { observation: environment.observe(), environment };
      },
    };
  },
});
