/**
 * The learned-Q V-GPS pipeline's nodes (examples/gridworld-vgps-onnx without its collector:
 * environment → policy → sampler → Q-scorer → executor) called by a hand-written loop for K lanes at
 * once, node by node: every lane's policy, sampler and Q-scorer, one await for the lanes' Q calls
 * (batched into one ONNX Runtime call, as the engine's lockstep batches them), then every lane's
 * executor. No plan, no barrier, no promise per lane and node, no events: what a perfectly
 * vectorized engine would pay, so bench/lockstep-vs-pytorch prints the engine's own cost of
 * lockstep beside it. A lane that ends its episode takes the next index, as in the engine, and every
 * draw derives from (seed, episode, node), so it plays the engine's episodes (the bench checks the steps).
 */
import type { EpisodeContext, EpisodeOutcome, NodeInstance, StepContext } from "../runtime/node-kind.js";
import type { ValidatedPipeline } from "../runtime/pipeline/validate.js";
import type { Transition } from "../runtime/ports.js";
import { createCallBatcher } from "../runtime/inference/call-batcher.js";
import type { ModelLoader } from "../runtime/inference/types.js";
import { deriveSeed, Rng } from "../runtime/rng.js";

type Outputs = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the kinds' own port types are not known here, as in the engine
type Instance = NodeInstance<any, any>;
const IDS = ["env", "policy", "sampler", "q", "executor"] as const;

interface Lane {
  nodes: Instance[];
  episode: number;
  step: number;
  contexts: StepContext[];
  environment: unknown;
}

/** Plays `episodes` episodes on `lanes` lanes; answers the environment steps taken and the episodes that succeeded. */
export async function handLockstep(
  pipeline: ValidatedPipeline,
  options: { lanes: number; episodes: number; seed: number; models: ModelLoader; pipelineDir: string; runDir: string },
): Promise<{ steps: number; successes: number }> {
  const { seed } = options;
  const maxSteps = pipeline.pipeline.run.maxSteps;
  const specs = new Map(pipeline.nodes.map((node) => [node.spec.id, node]));
  const models = options.lanes > 1 ? createCallBatcher(options.models) : options.models;
  const signal = new AbortController().signal;
  const lanes: Lane[] = [];
  for (let k = 0; k < options.lanes; k++) {
    const nodes: Instance[] = [];
    for (const id of IDS) {
      const node = specs.get(id);
      if (!node) throw new Error(`the pipeline has no node "${id}"`);
      nodes.push((await node.kind.create(node.params, { nodeId: id, pipelineDir: options.pipelineDir, runDir: options.runDir, runSeed: seed, models, log() {} })) as Instance);
    }
    lanes.push({ nodes, episode: -1, step: 0, contexts: [], environment: undefined });
  }
  let next = 0;
  let steps = 0;
  let successes = 0;
  const begin = async (lane: Lane): Promise<void> => {
    lane.episode = next < options.episodes ? next++ : -1;
    if (lane.episode < 0) return;
    const episode = lane.episode;
    lane.step = 0;
    lane.contexts = IDS.map((nodeId) => ({ nodeId, episode, step: 0, rng: Rng.derive(seed, episode, nodeId), signal }));
    for (const [i, node] of lane.nodes.entries()) {
      const begun: EpisodeContext = { episode, seed: deriveSeed(seed, "episode", episode, IDS[i]!), rng: lane.contexts[i]!.rng };
      await node.beginEpisode?.(begun);
    }
  };
  for (const lane of lanes) await begin(lane);
  const scoring: unknown[] = new Array(lanes.length);
  for (let playing = lanes.filter((lane) => lane.episode >= 0); playing.length > 0; playing = playing.filter((lane) => lane.episode >= 0)) {
    playing.forEach((lane, k) => {
      for (const context of lane.contexts) context.step = lane.step;
      const [env, policy, sampler, q] = lane.nodes as [Instance, Instance, Instance, Instance];
      lane.environment = (env.run({}, lane.contexts[0]!) as Outputs)["environment"];
      const proposed = policy.run({ environment: lane.environment }, lane.contexts[1]!) as Outputs;
      const sampled = sampler.run({ distribution: proposed["distribution"] }, lane.contexts[2]!) as Outputs;
      scoring[k] = q.run({ candidates: sampled["candidates"], environment: lane.environment }, lane.contexts[3]!);
    });
    const scored = (await Promise.all(scoring.slice(0, playing.length))) as Outputs[];
    for (const [k, lane] of playing.entries()) {
      const acted = lane.nodes[4]!.run({ candidates: scored[k]!["candidates"], environment: lane.environment }, lane.contexts[4]!) as Outputs;
      const transition = acted["transition"] as Transition;
      steps += transition.envSteps;
      lane.step++;
      if (!transition.terminated && !transition.truncated && lane.step < maxSteps) continue;
      const success = transition.info.success === true;
      if (success) successes++;
      const outcome: EpisodeOutcome = { episode: lane.episode, status: "completed", steps: lane.step, return: 0, success };
      for (const node of lane.nodes) await node.endEpisode?.(outcome);
      await begin(lane);
    }
  }
  for (const lane of lanes) for (const node of lane.nodes) await node.close?.();
  return { steps, successes };
}
