import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compatiblePorts, connectionRefusal, refusedDrop, whatFits, type PortEnd } from "../renderer/canvas/connection-rules.js";
import { fromPipelineDocument } from "../renderer/document/pipeline.js";
import { portsOf } from "../renderer/document/ports.js";
import { kindCatalog } from "../host/editor-api/kind-catalog.js";
import { builtinRegistry } from "../nodes/index.js";

// The canvas's edge rules against the real catalog and the V-GPS example.
const catalog = kindCatalog(builtinRegistry());
const kinds = new Map(catalog.kinds.map((kind) => [kind.kind, kind]));
const doc = fromPipelineDocument(JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8")));
const output = (name: string): PortEnd => ({ nodeId: name.split(".")[0]!, port: name.split(".")[1]!, side: "output" });
const input = (name: string): PortEnd => ({ nodeId: name.split(".")[0]!, port: name.split(".")[1]!, side: "input" });
const names = (ends: PortEnd[]) => ends.map((end) => `${end.nodeId}.${end.port}`);

describe("which ports a drag could end on", () => {
  it("offers every free input of the dragged output's type on other nodes", () => {
    expect(names(compatiblePorts(output("sampler.candidates"), doc.nodes, [], kinds))).toEqual(["q.candidates", "risk.candidates", "executor.candidates", "dataset.candidates"]);
    // Not the Q-scorer's own input, and not inputs already fed.
    expect(names(compatiblePorts(output("q.candidates"), doc.nodes, [], kinds))).toEqual(["risk.candidates", "executor.candidates", "dataset.candidates"]);
    expect(names(compatiblePorts(output("sampler.candidates"), doc.nodes, doc.edges, kinds))).toEqual([]);
    const withoutRisk = doc.edges.filter((edge) => edge.target !== "risk");
    expect(names(compatiblePorts(output("sampler.candidates"), doc.nodes, withoutRisk, kinds))).toEqual(["risk.candidates"]);
  });

  it("works backwards from an input: the outputs of its type, none while the input is fed", () => {
    expect(names(compatiblePorts(input("risk.candidates"), doc.nodes, [], kinds))).toEqual(["policy.candidates", "sampler.candidates", "q.candidates", "executor.candidates"]);
    expect(names(compatiblePorts(input("risk.candidates"), doc.nodes, doc.edges, kinds))).toEqual([]);
    expect(names(compatiblePorts(input("dataset.transition"), doc.nodes, [], kinds))).toEqual(["executor.transition"]);
  });

  it("agrees with the refusal of a drop for every pair of ports", () => {
    const edges = doc.edges.filter((edge) => edge.target !== "risk" && edge.target !== "executor");
    for (const from of doc.nodes) {
      for (const out of portsOf(kinds.get(from.data.kind), from.data.params).outputs) {
        const offered = new Set(names(compatiblePorts(output(`${from.id}.${out.name}`), doc.nodes, edges, kinds)));
        for (const to of doc.nodes)
          for (const into of portsOf(kinds.get(to.data.kind), to.data.params).inputs) {
            const refused = connectionRefusal({ source: from.id, sourceHandle: out.name, target: to.id, targetHandle: into.name }, doc.nodes, edges, kinds);
            expect(offered.has(`${to.id}.${into.name}`), `${from.id}.${out.name} → ${to.id}.${into.name}: ${refused}`).toBe(refused === null);
          }
      }
    }
  });
});

describe("what would fit, after a refused drop", () => {
  it("names the free compatible ports on the canvas", () => {
    const withoutRisk = doc.edges.filter((edge) => edge.target !== "risk");
    expect(whatFits(output("sampler.candidates"), doc.nodes, [], kinds)).toBe("sampler.candidates fits q.candidates, risk.candidates, executor.candidates or dataset.candidates");
    expect(whatFits(output("sampler.candidates"), doc.nodes, withoutRisk, kinds)).toBe("sampler.candidates fits risk.candidates");
    expect(whatFits(input("dataset.transition"), doc.nodes, [], kinds)).toBe("dataset.transition takes executor.transition");
  });

  it("names the palette's kinds that take the type when nothing on the canvas does", () => {
    const hint = whatFits(output("sampler.candidates"), doc.nodes, doc.edges, kinds);
    expect(hint).toMatch(/^no free candidates input on the canvas; add .*Q-scorer.* from the palette \(they take candidates\)$/);
    const alone = doc.nodes.filter((node) => node.id === "dataset");
    expect(whatFits(input("dataset.transition"), alone, [], kinds)).toBe("nothing on the canvas outputs transition; add Executor from the palette (it outputs transition)");
  });

  it("says a fed input is fed, rather than listing what could feed it", () => {
    expect(whatFits(input("q.candidates"), doc.nodes, doc.edges, kinds)).toBe("q.candidates is fed by sampler.candidates; delete that edge to feed it from elsewhere");
  });
});

describe("the message after a refused drop", () => {
  const handle = (name: string, type: "source" | "target") => ({ nodeId: name.split(".")[0]!, id: name.split(".")[1]!, type });

  it("says why, then what the dragged port fits, from whichever end the drag started", () => {
    expect(refusedDrop(handle("sampler.candidates", "source"), handle("q.environment", "target"), doc.nodes, [], kinds)).toBe(
      "cannot connect candidates → environment: sampler.candidates fits q.candidates, risk.candidates, executor.candidates or dataset.candidates",
    );
    expect(refusedDrop(handle("dataset.transition", "target"), handle("q.candidates", "source"), doc.nodes, [], kinds)).toBe(
      "cannot connect candidates → transition: dataset.transition takes executor.transition",
    );
    const withoutRisk = doc.edges.filter((edge) => edge.target !== "risk");
    expect(refusedDrop(handle("sampler.candidates", "source"), handle("q.candidates", "target"), doc.nodes, withoutRisk, kinds)).toBe(
      "input q.candidates is already connected (from sampler.candidates); delete that edge first; sampler.candidates fits risk.candidates",
    );
    expect(refusedDrop(handle("sampler.candidates", "source"), handle("risk.candidates", "target"), doc.nodes, withoutRisk, kinds)).toBeNull();
  });
});
