import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { formatProblem } from "../runtime/pipeline/problem.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";

type Doc = { nodes: Record<string, unknown>[] };
const vgps = (): Doc => JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8")) as Doc;

function problemLines(doc: Doc): string[] {
  const result = validatePipeline(doc, builtinRegistry());
  return result.ok ? [] : result.problems.map((problem) => formatProblem(problem));
}

describe("a node that is not a valid node spec", () => {
  it("names the node of params: null, as every other problem does", () => {
    const doc = vgps();
    doc.nodes[2]!["params"] = null;
    expect(problemLines(doc)).toContainEqual(expect.stringMatching(/^#\/nodes\/2\/params \(node "sampler"\): /));
  });

  it("names no node when the id itself is what is wrong", () => {
    const doc = vgps();
    doc.nodes[2]!["id"] = 7;
    expect(problemLines(doc)).toContainEqual(expect.stringMatching(/^#\/nodes\/2\/id: /));
  });
});
