import { describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { example, insertBefore } from "./fixtures/pipelines.js";

/** Validation problems of a template with its policy's params replaced. */
function problemsWithPolicy(template: string, params: Record<string, unknown>) {
  const doc = example(template);
  const index = doc.nodes.findIndex((n) => n.kind === "policy");
  doc.nodes[index]!.params = params;
  const result = validatePipeline(doc, builtinRegistry());
  return { index, problems: result.ok ? [] : result.problems };
}

/** Validation problems of `world`'s policy-only template with `node` put before its executor. */
function problemsWith(world: string, node: { kind: string; params: Record<string, unknown> }, inputs: Record<string, string>) {
  const doc = example(`${world}-policy-only`);
  insertBefore(doc, "executor.candidates", { id: "probe", ...node });
  for (const [port, from] of Object.entries(inputs)) doc.edges.push({ from, to: `probe.${port}` });
  const result = validatePipeline(doc, builtinRegistry());
  return { index: doc.nodes.findIndex((n) => n.id === "probe"), problems: result.ok ? [] : result.problems };
}

// Each of these passed validation and then failed every episode at its first step.
describe("a node its world cannot serve is a validation problem, not a failure at the first step", () => {
  it("refuses the oracle Q-scorer where the world cannot compute exact Q values, and takes it in GridWorld", () => {
    const { index, problems } = problemsWith("pointmass", { kind: "q-scorer", params: { variant: "oracle" } }, { environment: "env.environment" });
    expect(problems).toContainEqual(
      expect.objectContaining({ pointer: `/nodes/${index}/params/variant`, message: expect.stringMatching(/^the oracle Q-scorer needs an environment that can compute its exact Q values, and "pointmass" cannot/) }),
    );
    expect(problemsWith("gridworld", { kind: "q-scorer", params: { variant: "oracle" } }, { environment: "env.environment" }).problems).toEqual([]);
  });

  it("refuses tree search in a world of continuous actions, and takes it in GridWorld", () => {
    const inputs = { environment: "env.environment", policy: "policy.policy" };
    const { index, problems } = problemsWith("pendulum", { kind: "tree-search", params: {} }, inputs);
    expect(problems).toContainEqual(
      expect.objectContaining({ pointer: `/nodes/${index}/params`, message: expect.stringMatching(/^tree search expands discrete choices, and "pendulum" has continuous actions/) }),
    );
    expect(problemsWith("gridworld", { kind: "tree-search", params: {} }, inputs).problems).toEqual([]);
  });

  it("refuses the scripted policy where the world proposes no scripted actions, and takes it on the point mass", () => {
    const { index, problems } = problemsWithPolicy("pendulum-policy-only", { variant: "scripted" });
    expect(problems).toContainEqual(
      expect.objectContaining({ pointer: `/nodes/${index}/params/variant`, message: expect.stringMatching(/^the scripted policy needs an environment that proposes scripted actions .*"pendulum" does not/) }),
    );
    expect(problemsWithPolicy("pointmass-policy-only", { variant: "scripted" }).problems).toEqual([]);
  });

  it("refuses the uniform policy in a world of text actions, and takes it in GridWorld", () => {
    const { index, problems } = problemsWithPolicy("shopping-scripted", { variant: "uniform" });
    expect(problems).toContainEqual(
      expect.objectContaining({ pointer: `/nodes/${index}/params/variant`, message: 'the uniform policy cannot propose text actions ("shopping" takes text): choose the scripted or llm variant' }),
    );
    expect(problemsWithPolicy("gridworld-policy-only", { variant: "uniform" }).problems).toEqual([]);
  });
});
