import { describe, expect, it } from "vitest";
import { processEnvironment } from "../nodes/environment/external/index.js";
import { builtinRegistry } from "../nodes/index.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import type { Environment, JsonValue } from "../runtime/environment.js";
import { validatePipeline, type ValidatedPipeline } from "../runtime/pipeline/validate.js";
import { breach, type StructuredSpace } from "../runtime/structured-space.js";
import type { RunEvent } from "../protocol/run-events.js";
import { FIXTURES } from "./fixtures/external-env/python.js";
import { playOptions, type PipelineDoc } from "./fixtures/pipelines.js";
import { GYM_PYTHON, gymnasium, needs } from "./fixtures/requirements.js";

type Kind = "multidiscrete" | "dict" | "tuple";

function structuredEnv(kind: Kind): Environment {
  const params = processEnvironment.params.parse({ name: "process", command: [GYM_PYTHON, "structured_actions_env.py", kind] });
  return processEnvironment.create(params, { pipelineDir: FIXTURES, purpose: "run" });
}

/** Uniform policy → sampler → executor on the fixture, optionally with a risk filter whose fallback is a safe action. */
function pipeline(kind: Kind, edit: (doc: PipelineDoc) => void = () => {}): PipelineDoc {
  const doc: PipelineDoc = {
    format: "foresight/pipeline",
    version: 1,
    name: `structured-${kind}`,
    run: { episodes: 2, seed: 3, maxSteps: 20, onNodeError: "endRun", trace: "full" },
    nodes: [
      { id: "env", kind: "environment", params: { name: "process", command: [GYM_PYTHON, "structured_actions_env.py", kind] } },
      { id: "policy", kind: "policy", params: { variant: "uniform" } },
      { id: "sampler", kind: "sampler", params: { n: 4, temperature: 1, topK: null, topP: null, includeGreedy: false, dedupe: true } },
      { id: "executor", kind: "executor", params: { select: "argmax", score: "logp", temperature: 1, epsilon: 0.1, chunk: 1 } },
    ],
    edges: [
      { from: "env.environment", to: "policy.environment" },
      { from: "policy.distribution", to: "sampler.distribution" },
      { from: "sampler.candidates", to: "executor.candidates" },
      { from: "env.environment", to: "executor.environment" },
    ],
  } as PipelineDoc;
  edit(doc);
  return doc;
}

function validate(doc: PipelineDoc) {
  return validatePipeline(doc, builtinRegistry(), { pipelineDir: FIXTURES });
}

function validated(doc: PipelineDoc): ValidatedPipeline {
  const result = validate(doc);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.pointer}: ${p.message}`).join("\n"));
  return result.value;
}

/** The fixture's action space, as the environment declares it. */
function structuredSpaceOf(kind: Kind): StructuredSpace {
  const env = structuredEnv(kind);
  env.close!();
  if (env.actionSpace.kind !== "structured") throw new Error(`${kind}: not a structured action space`);
  return env.actionSpace.space;
}

/** Every number in an action, depth first. */
function numbersIn(value: JsonValue | undefined): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(numbersIn);
  return [];
}

describe("structured action spaces (MultiDiscrete, Dict, Tuple) through the protocol", needs(gymnasium()), () => {
  it("offers a MultiDiscrete action space as structured, sends actions as lists, and refuses one outside it naming the step", () => {
    const env = structuredEnv("multidiscrete");
    try {
      expect(env.actionSpace).toEqual({ kind: "structured", space: { type: "MultiDiscrete", shape: [2], nvec: [3, 4], start: [0, -2] } });
      env.reset(1);
      const step = env.step([2, -2]);
      expect(step.info.action).toEqual([2, -2]);
      expect(step.reward).toBe(0);
      expect(env.describeAction([2, -2])).toBe("[2,-2]");
      expect(() => env.step([3, 0])).toThrow(
        /structured_actions_env.py","multidiscrete"\]: step 1 of the episode reset with seed 1: action \[3,0\] is outside the action space MultiDiscrete\(\[3, 4\]\): element 0 is 3, not an integer in 0\.\.2/,
      );
    } finally {
      env.close!();
    }
  });

  it("sends Dict actions as objects and Tuple actions as lists, clipping box parts to their bounds", () => {
    const dict = structuredEnv("dict");
    const tuple = structuredEnv("tuple");
    try {
      dict.reset(1);
      expect(dict.step({ move: -1, force: [0.25, 7] }).info.action).toEqual({ move: -1, force: [0.25, 1] });
      expect(() => dict.step({ move: 2, force: [0, 0] })).toThrow(/action \{"move":2,"force":\[0,0\]\} is outside the action space Dict\(force: Box\(shape \[2\]\), move: Discrete\(3, start -1\)\): 2 at \.move is not an integer in -1\.\.1/);
      tuple.reset(1);
      expect(tuple.step([1, [0, 1, 1]]).info.action).toEqual([1, [0, 1, 1]]);
      expect(() => tuple.step([1, [0, 2, 1]])).toThrow(/element 1 at \[1\] is 2, not 0 or 1 \(MultiBinary\(\[3\]\)\)/);
    } finally {
      dict.close!();
      tuple.close!();
    }
  });

  for (const kind of ["multidiscrete", "dict", "tuple"] as const) {
    it(`runs a uniform policy over ${kind} actions, reproducibly: each executed action is the one the environment received`, async () => {
      const pipelineOf = validated(pipeline(kind));
      const events: RunEvent[] = [];
      const run = await runPipeline(pipelineOf, { ...playOptions(pipelineOf, { episodes: 2, seed: 3, pipelineDir: FIXTURES }), onEvent: (event) => void events.push(event) });
      expect(run.failure?.message ?? run.status).toBe("completed");
      expect(run.episodes.map((e) => e.steps)).toEqual([6, 6]);
      const ends = events.flatMap((e) => (e.type === "step.end" ? [e] : []));
      expect(ends).toHaveLength(12);
      const space = structuredSpaceOf(kind);
      for (const end of ends) {
        expect(breach(space, end.action ?? undefined)).toBeUndefined();
        // The fixture's reward is the sum of the numbers in the action it received.
        expect(end.reward).toBeCloseTo(numbersIn(end.action).reduce((a, b) => a + b, 0), 5);
      }
      // Several different actions were drawn.
      expect(new Set(ends.map((e) => JSON.stringify(e.action))).size).toBeGreaterThan(3);
      const again = await runPipeline(pipelineOf, playOptions(pipelineOf, { episodes: 2, seed: 3, pipelineDir: FIXTURES }));
      expect(again.episodes.map((e) => e.return)).toEqual(run.episodes.map((e) => e.return));
    });
  }

  it("validates a risk filter's safe action against the structured space, written as lists and objects", () => {
    const withFilter = (safeAction: unknown) =>
      pipeline("dict", (doc) => {
        doc.nodes.push({ id: "filter", kind: "risk-filter", params: { column: "logp", max: null, irreversible: false, fallback: "safe-default", safeAction } });
        doc.edges = doc.edges.filter((e) => e.to !== "executor.candidates");
        doc.edges.push({ from: "sampler.candidates", to: "filter.candidates" }, { from: "env.environment", to: "filter.environment" }, { from: "filter.candidates", to: "executor.candidates" });
      });
    expect(validate(withFilter({ move: 0, force: [0, 0] })).ok).toBe(true);
    const refused = validate(withFilter({ move: 0, force: [0] }));
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.problems.map((p) => `${p.pointer}: ${p.message}`)).toContainEqual(
      expect.stringMatching(/^\/nodes\/4\/params\/safeAction: safeAction \{"move":0,"force":\[0\]\} is not an action of "structured-dict" \(Dict\(.*\), written as the environment takes it\): \[0\] at \.force is not an array of shape \[2\]/),
    );
  });

  it("looks ahead over structured actions through the environment's snapshots, continuing with uniform draws", async () => {
    const doc = pipeline("multidiscrete", (d) => {
      d.nodes.push({ id: "rollout", kind: "rollout", params: { model: { kind: "simulator" }, horizon: 2, samples: 1, continuation: "policy", discount: 1 } });
      d.edges = d.edges.filter((e) => e.to !== "executor.candidates");
      d.edges.push({ from: "sampler.candidates", to: "rollout.candidates" }, { from: "env.environment", to: "rollout.environment" }, { from: "policy.policy", to: "rollout.policy" }, { from: "rollout.candidates", to: "executor.candidates" });
      d.nodes.find((n) => n.id === "executor")!.params.score = "return";
    });
    const lookahead = validated(doc);
    const planned = await runPipeline(lookahead, playOptions(lookahead, { episodes: 2, seed: 3, pipelineDir: FIXTURES }));
    expect(planned.status).toBe("completed");
    const alone = validated(pipeline("multidiscrete"));
    const random = await runPipeline(alone, playOptions(alone, { episodes: 2, seed: 3, pipelineDir: FIXTURES }));
    // The reward is the sum of the action's numbers: looking one step ahead picks larger ones.
    const mean = (r: typeof planned) => r.episodes.reduce((a, e) => a + e.return!, 0) / r.episodes.length;
    expect(mean(planned)).toBeGreaterThan(mean(random));
  });
});
