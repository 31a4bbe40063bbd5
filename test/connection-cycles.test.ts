import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { kindCatalog } from "../host/editor-api/kind-catalog.js";
import { builtinRegistry } from "../nodes/index.js";
import { compatiblePorts, connectionRefusal, refusedDrop, whatFits, type PortEnd } from "../renderer/canvas/connection-rules.js";
import { fromPipelineDocument } from "../renderer/document/pipeline.js";
import type { Problem } from "../runtime/pipeline/problem.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";

// gridworld-vgps without its sampler: q's candidates input is free, and every other candidates output is downstream of q.
type Doc = { nodes: { id: string }[]; edges: { from: string; to: string }[] };
function withoutSampler(): Doc {
  const doc = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8")) as Doc;
  doc.nodes = doc.nodes.filter((node) => node.id !== "sampler");
  doc.edges = doc.edges.filter((edge) => !edge.from.startsWith("sampler.") && !edge.to.startsWith("sampler."));
  return doc;
}
const problemsOf = (doc: unknown): Problem[] => {
  const result = validatePipeline(doc, builtinRegistry());
  return result.ok ? [] : result.problems;
};

describe("a missing input's hint", () => {
  it("suggests no source downstream of the node, and says why", () => {
    const [problem] = problemsOf(withoutSampler());
    expect(problem).toMatchObject({ code: "missing-input", nodeId: "q" });
    expect(problem!.message).toBe(
      'required input "candidates" (candidates) is not connected; add a node with a candidates output (risk.candidates and executor.candidates are downstream of "q": connecting them would make a cycle)',
    );
  });

  it("suggests the sources upstream of the node only", () => {
    const doc = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8")) as Doc;
    doc.edges = doc.edges.filter((edge) => edge.to !== "q.candidates");
    const problem = problemsOf(doc).find((p) => p.nodeId === "q")!;
    expect(problem.message).toBe('required input "candidates" (candidates) is not connected; connect e.g. sampler.candidates');
  });
});

describe("the canvas's edge rules", () => {
  const kinds = new Map(kindCatalog(builtinRegistry()).kinds.map((kind) => [kind.kind, kind]));
  const doc = fromPipelineDocument(withoutSampler());
  const end = (name: string, side: PortEnd["side"]): PortEnd => ({ nodeId: name.split(".")[0]!, port: name.split(".")[1]!, side });

  it("refuses an edge that would make a cycle, naming the path", () => {
    const refusal = connectionRefusal({ source: "risk", sourceHandle: "candidates", target: "q", targetHandle: "candidates" }, doc.nodes, doc.edges, kinds);
    expect(refusal).toBe("q already feeds risk: this edge would make a cycle (q → risk → q)");
    expect(connectionRefusal({ source: "executor", sourceHandle: "candidates", target: "q", targetHandle: "candidates" }, doc.nodes, doc.edges, kinds)).toBe(
      "q already feeds executor: this edge would make a cycle (q → risk → executor → q)",
    );
  });

  it("offers no port downstream of an input's node, nor upstream of an output's", () => {
    // Not risk.candidates nor executor.candidates: both are downstream of q.
    expect(compatiblePorts(end("q.candidates", "input"), doc.nodes, doc.edges, kinds)).toEqual([{ nodeId: "policy", port: "candidates", side: "output" }]);
    expect(compatiblePorts(end("risk.candidates", "output"), doc.nodes, doc.edges.filter((edge) => edge.target !== "executor"), kinds)).toEqual([
      { nodeId: "executor", port: "candidates", side: "input" },
    ]);
    expect(whatFits(end("q.candidates", "input"), doc.nodes, doc.edges, kinds)).toBe("q.candidates takes policy.candidates");
  });

  it("says why a drop that would make a cycle was refused", () => {
    const message = refusedDrop({ nodeId: "risk", id: "candidates", type: "source" }, { nodeId: "q", id: "candidates", type: "target" }, doc.nodes, doc.edges, kinds);
    expect(message).toMatch(/^q already feeds risk: this edge would make a cycle \(q → risk → q\): /);
  });
});
