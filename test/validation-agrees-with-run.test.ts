import { describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { example, playOptions, type PipelineDoc } from "./fixtures/pipelines.js";

const registry = builtinRegistry();

/** The built-in worlds (no Python), each by its template without look-ahead. */
const TEMPLATES = ["gridworld-policy-only", "cartpole-policy-only", "pendulum-policy-only", "pointmass-policy-only", "shopping-scripted"];

/** Nodes a user adds before the executor, with the params the palette gives them (a variant picked). */
const STAGES: { kind: string; params: Record<string, unknown> }[] = [
  { kind: "q-scorer", params: { variant: "oracle" } },
  { kind: "q-scorer", params: { variant: "logp" } },
  { kind: "rollout", params: {} },
  { kind: "tree-search", params: {} },
  { kind: "monte-carlo-q", params: {} },
  { kind: "risk-filter", params: {} },
  { kind: "risk-filter", params: { irreversible: false, max: null, fallback: "keep-all" } },
  { kind: "script", params: {} },
];

const POLICIES = ["heuristic", "uniform", "scripted"];

/** Where each input type comes from in a policy-only template. */
const SOURCES: Record<string, string> = { candidates: "sampler.candidates", environment: "env.environment", policy: "policy.policy", distribution: "policy.distribution", observation: "env.observation" };

function withStage(template: string, stage: (typeof STAGES)[number]): PipelineDoc {
  const doc = example(template);
  const kind = registry.get(stage.kind)!;
  const ports = kind.ports ? kind.ports(kind.params.parse(stage.params) as never) : { inputs: kind.inputs };
  doc.nodes.push({ id: "added", kind: stage.kind, params: stage.params });
  doc.edges.find((edge) => edge.to === "executor.candidates")!.from = "added.candidates";
  for (const [name, port] of Object.entries(ports.inputs)) {
    const source = SOURCES[port.type];
    if (source) doc.edges.push({ from: source, to: `added.${name}` });
  }
  return doc;
}

function withPolicy(template: string, variant: string): PipelineDoc {
  const doc = example(template);
  doc.nodes.find((node) => node.kind === "policy")!.params = { variant };
  return doc;
}

/** Validates `doc`; where it is valid, plays one short episode: "played", or how its node failed. "invalid" where validation refused it. */
async function failureOfAValidPipeline(doc: PipelineDoc): Promise<string> {
  doc.run["maxSteps"] = 3;
  const result = validatePipeline(doc, registry, { pipelineDir: "examples" });
  if (!result.ok) return "invalid";
  const run = await runPipeline(result.value, playOptions(result.value, { episodes: 1, seed: 1, trace: "off", pipelineDir: "examples" }));
  return run.failure?.message ?? (run.episodes[0]?.status === "error" ? "episode ended in an error" : "played");
}

// A node its world cannot serve (an oracle without exact Q, tree search over continuous actions, a
// policy without the script it reads) passed validation and then failed every episode at step 0.
describe("validation agrees with the run: a pipeline it passes does not fail at its first step for what its world lacks", () => {
  for (const template of TEMPLATES) {
    it(`adds each stage and policy variant to ${template}`, async () => {
      const outcomes = new Map<string, string>();
      for (const stage of STAGES) outcomes.set(`${stage.kind} ${JSON.stringify(stage.params)}`, await failureOfAValidPipeline(withStage(template, stage)));
      for (const variant of POLICIES) outcomes.set(`policy ${variant}`, await failureOfAValidPipeline(withPolicy(template, variant)));
      const failed = [...outcomes].filter(([, outcome]) => outcome !== "played" && outcome !== "invalid");
      expect(failed).toEqual([]);
      // Not all refused: a good share of the combinations are valid and were played.
      expect([...outcomes.values()].filter((outcome) => outcome === "played").length).toBeGreaterThanOrEqual(outcomes.size / 3);
    });
  }
});
