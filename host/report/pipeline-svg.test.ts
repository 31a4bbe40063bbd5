import { describe, expect, it } from "vitest";
import { pipelineSvg } from "./pipeline-svg.js";

describe("the report's pipeline drawing", () => {
  it("ends each edge in an arrowhead at the box it feeds, so the way data flows shows", () => {
    const nodes = [
      { id: "env", kind: "environment", position: { x: 0, y: 0 } },
      { id: "policy", kind: "policy", position: { x: 300, y: 0 } },
    ];
    const svg = pipelineSvg(nodes, [{ from: "env.observation", to: "policy.observation" }]);
    expect(svg).toContain('<marker id="edge-arrow"');
    const edge = /<path d="M180,26 C[^"]*? (\d+),26" [^>]*marker-end="url\(#edge-arrow\)"/.exec(svg);
    expect(edge, svg).not.toBeNull();
    // The line stops short of the box by the arrowhead's length: its tip touches the box.
    expect(Number(edge![1])).toBeLessThan(300);
  });
});
