import { describe, expect, it } from "vitest";
import { foresight, tempDir, writeExampleVariant } from "./fixtures/foresight-process.js";

describe("foresight validate on a cycle", () => {
  it("names the cycle's nodes and edges, the node to jump to and the edge that closed it", () => {
    // gridworld-vgps without its sampler: the executor and dataset downstream of q and risk are left over with the cycle.
    const file = writeExampleVariant("gridworld-vgps", tempDir("validate-cycle"), "cycle", (doc) => {
      doc.nodes = doc.nodes.filter((node: { id: string }) => node.id !== "sampler");
      doc.edges = doc.edges.filter((edge: { from: string; to: string }) => !edge.from.startsWith("sampler.") && !edge.to.startsWith("sampler."));
      doc.edges.push({ from: "risk.candidates", to: "q.candidates" });
    });
    const result = foresight("validate", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '#/edges/9 (node "q"): cycle within a step: q → risk → q (edges q.candidates → risk.candidates, risk.candidates → q.candidates)',
    );
  });
});
