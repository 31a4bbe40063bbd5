import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import type { Problem } from "../runtime/pipeline/problem.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";

const registry = builtinRegistry();
type Node = { id: string; kind: string; params: Record<string, unknown> };
type Doc = { nodes: Node[]; edges: { from: string; to: string }[] };
const example = (name: string): Doc => JSON.parse(readFileSync(`examples/${name}.foresight.json`, "utf8")) as Doc;

function problemsOf(doc: Doc): Problem[] {
  const result = validatePipeline(doc, registry, { pipelineDir: "examples" });
  return result.ok ? [] : result.problems;
}

/** The lookahead example with a second rollout (horizon 6) after its own (horizon 2), or beside it on another branch. */
function twoRollouts(chained: boolean): Doc {
  const doc = example("gridworld-lookahead");
  const rollout = doc.nodes.find((n) => n.id === "rollout")!;
  rollout.params["horizon"] = 2;
  doc.nodes.push({ ...structuredClone(rollout), id: "rollout-long", params: { ...rollout.params, horizon: 6 } });
  doc.edges.push({ from: "env.environment", to: "rollout-long.environment" }, { from: "policy.policy", to: "rollout-long.policy" });
  if (chained) {
    doc.edges = doc.edges.filter((e) => e.from !== "rollout.candidates");
    doc.edges.push({ from: "rollout.candidates", to: "rollout-long.candidates" }, { from: "rollout-long.candidates", to: "risk.candidates" });
  } else {
    doc.edges.push({ from: "sampler.candidates", to: "rollout-long.candidates" });
  }
  return doc;
}

describe("two rollouts along one chain of candidates", () => {
  it("are refused, naming both nodes and the columns, and saying how to compare horizons", () => {
    const doc = twoRollouts(true);
    const problems = problemsOf(doc);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: "bad-param", nodeId: "rollout-long", pointer: `/nodes/${doc.nodes.length - 1}/params` });
    expect(problems[0]!.message).toBe(
      'its columns return, risk, horizon_value overwrite those of rollout "rollout" before it, so only the last rollout\'s are scored; ' +
        "keep one rollout, and compare horizons with a sweep (foresight sweep <file> --set rollout.horizon=2,6)",
    );
  });

  it("are allowed on separate branches, where neither overwrites the other", () => {
    expect(problemsOf(twoRollouts(false))).toEqual([]);
  });
});

describe("a rollout's hold against the executor's chunk", () => {
  it("is refused when they differ, naming both params", () => {
    const doc = example("pendulum-chunks");
    doc.nodes.find((n) => n.id === "executor")!.params["chunk"] = 4;
    const problems = problemsOf(doc);
    expect(problems).toEqual([
      {
        code: "bad-param",
        nodeId: "rollout",
        pointer: `/nodes/${doc.nodes.findIndex((n) => n.id === "rollout")}/params/hold`,
        message: 'hold 2 is not the chunk (4) of executor "executor": candidates are scored held 2 steps but executed 4 steps open loop; set hold to 4 (or the executor\'s chunk to 2)',
      },
    ]);
  });

  it("is allowed when they agree", () => {
    expect(problemsOf(example("pendulum-chunks"))).toEqual([]);
  });
});
