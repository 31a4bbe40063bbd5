import { describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { example, playOptions, validated, type PipelineDoc } from "./fixtures/pipelines.js";

const registry = builtinRegistry();

/** The best-first template with its Q-scorer taken out: the search has no value input and no q column. */
function withoutQ(): PipelineDoc {
  const doc = example("gridworld-best-first");
  doc.nodes = doc.nodes.filter((n) => n.id !== "q");
  doc.edges = doc.edges.filter((e) => !e.from.startsWith("q.") && !e.to.startsWith("q."));
  doc.edges.push({ from: "sampler.candidates", to: "search.candidates" });
  return doc;
}

async function successes(doc: PipelineDoc, episodes: number): Promise<number> {
  const pipeline = validated(doc, registry, "examples");
  const result = await runPipeline(pipeline, playOptions(pipeline, { episodes, seed: 1, trace: "off" }));
  return result.episodes.filter((episode) => episode.success).length;
}

describe("tree search without a value model", () => {
  // It stepped into lava at every first chance: the unsimulated step was valued 0, every safe one below.
  it("does not take the step into lava it never simulated, best-first or A*", async () => {
    expect(await successes(withoutQ(), 12)).toBeGreaterThanOrEqual(9);
    const astar = withoutQ();
    Object.assign(astar.nodes.find((n) => n.id === "search")!.params, { algorithm: "a-star", stepCost: 0.01 });
    expect(await successes(astar, 12)).toBeGreaterThanOrEqual(9);
  });

  it("takes the default prior's absence, and refuses a prior column no node before adds, naming node and param", () => {
    expect(validatePipeline(withoutQ(), registry, { pipelineDir: "examples" }).ok).toBe(true);
    const doc = withoutQ();
    doc.nodes.find((n) => n.id === "search")!.params["prior"] = "nope";
    const result = validatePipeline(doc, registry, { pipelineDir: "examples" });
    const index = doc.nodes.findIndex((n) => n.id === "search");
    expect(result.ok ? [] : result.problems).toContainEqual(
      expect.objectContaining({
        code: "unknown-column",
        nodeId: "search",
        pointer: `/nodes/${index}/params/prior`,
        message: expect.stringMatching(/^prior names "nope", which no node before "search" adds to the candidates/),
      }),
    );
  });
});
