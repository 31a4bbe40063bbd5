import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import type { Problem } from "../runtime/pipeline/problem.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";

const registry = builtinRegistry();
type Node = { id: string; kind: string; params: Record<string, unknown> };
type Doc = { nodes: Node[]; edges: { from: string; to: string }[] };
const example = (name: string): Doc => JSON.parse(readFileSync(`examples/${name}.foresight.json`, "utf8")) as Doc;

function columnProblems(doc: Doc): Problem[] {
  const result = validatePipeline(doc, registry, { pipelineDir: "examples" });
  return result.ok ? [] : result.problems.filter((p) => p.code === "unknown-column");
}

function node(doc: Doc, id: string): Node {
  return doc.nodes.find((n) => n.id === id)!;
}

describe("column references at validation", () => {
  it("reports a score over a column no upstream node adds, with the node, the param's pointer and the columns there", () => {
    const doc = example("gridworld-vgps");
    node(doc, "executor").params["score"] = "qq * 2";
    const problems = columnProblems(doc);
    expect(problems).toHaveLength(1);
    const index = doc.nodes.findIndex((n) => n.id === "executor");
    expect(problems[0]).toMatchObject({ code: "unknown-column", nodeId: "executor", pointer: `/nodes/${index}/params/score` });
    expect(problems[0]!.message).toBe(
      'score "qq * 2" uses "qq", which no node before "executor" adds to the candidates; ' +
        'the columns their kinds can add: action, logp, greedy, count, q, risk, cem_round, judge, score_error, filtered, reason. Did you mean "q"?',
    );
  });

  it("accepts expressions over declared columns, and a score that is exactly a column's name", () => {
    const doc = example("gridworld-vgps");
    node(doc, "executor").params["score"] = "q - 2*risk + logp";
    expect(columnProblems(doc)).toEqual([]);
  });

  it("does not offer a column from a node that is not upstream", () => {
    const doc = example("gridworld-vgps");
    // The executor adds "selected" after reading its candidates: the score cannot use it.
    node(doc, "executor").params["score"] = "selected";
    expect(columnProblems(doc).map((p) => p.nodeId)).toEqual(["executor"]);
  });

  it("checks the risk filter's columns only where its rules read them", () => {
    const doc = example("gridworld-vgps");
    const risk = node(doc, "risk");
    Object.assign(risk.params, { column: "danger", keepTopK: { column: "qvalue", k: 2 } });
    expect(columnProblems(doc).map((p) => p.pointer.replace(/^\/nodes\/\d+/, ""))).toEqual(["/params/column", "/params/keepTopK/column"]);
    // Without a threshold and with another fallback, the risk column is never read.
    Object.assign(risk.params, { max: null, fallback: "end-episode", keepTopK: null });
    expect(columnProblems(doc)).toEqual([]);
  });

  it("checks the dataset's score column when it records preference pairs", () => {
    const doc = example("gridworld-vgps");
    node(doc, "dataset").params["scoreColumn"] = "qval";
    expect(columnProblems(doc)[0]).toMatchObject({ nodeId: "dataset", message: expect.stringContaining('scoreColumn names "qval"') });
    node(doc, "dataset").params["preferences"] = false;
    expect(columnProblems(doc)).toEqual([]);
  });

  it("checks nothing downstream of a Script, whose columns are its own", () => {
    const doc = example("gridworld-script");
    const executor = doc.nodes.find((n) => n.kind === "executor")!;
    executor.params["score"] = "anything_the_script_adds";
    expect(columnProblems(doc)).toEqual([]);
  });

  it("accepts every shipped example", () => {
    for (const name of ["cartpole-random", "gridworld-llm", "gridworld-lookahead", "gridworld-policy-only", "gridworld-script", "gridworld-vgps", "gridworld-vgps-onnx", "gridworld-worldmodel"]) {
      expect(columnProblems(example(name)), name).toEqual([]);
    }
  });

  it("refuses a score calling a function filtrex does not have", () => {
    const doc = example("gridworld-vgps");
    node(doc, "executor").params["score"] = "exp(q)";
    const result = validatePipeline(doc, registry);
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([expect.stringContaining('score "exp(q)" calls exp(); the functions a score may call: abs')]);
  });
});
