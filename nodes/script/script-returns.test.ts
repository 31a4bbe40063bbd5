import { describe, expect, it } from "vitest";
import { createNode, stepContext } from "../../test/fixtures/node-harness.js";
import { CandidateTable } from "../../runtime/candidate-table.js";
import { scriptKind } from "./index.js";

/** Starts the node with `code` (params as validation left them), runs one step and closes it. */
async function runOnce(code: string, outputs: { name: string; type: string }[], inputs: { name: string; type: string }[] = [], values: Record<string, unknown> = {}) {
  const node = await createNode(scriptKind, { code, inputs, outputs }, "glue");
  try {
    return (await node.run(values as never, stepContext("glue"))) as Record<string, unknown>;
  } finally {
    await node.close?.();
  }
}

describe("what a script's run returns", () => {
  it("says run returned a Promise, not that an output is missing", async () => {
    // Not declared async (validation refuses that): a plain run that hands back a Promise.
    const code = "function run() {\n  return Promise.resolve({ candidates: { actions: [0], columns: {} } });\n}";
    await expect(runOnce(code, [{ name: "candidates", type: "candidates" }])).rejects.toThrow(
      "run() returned a Promise; run must be synchronous (function run, not async function run: the sandbox has no event loop to settle a Promise)",
    );
  });
});

describe("structured actions", () => {
  it("passes on candidates whose actions are Dict, Tuple and MultiDiscrete actions", async () => {
    const candidates = [{ name: "candidates", type: "candidates" }];
    const actions = [{ move: 1, grip: [0.5, 0.25] }, [2, [0, 1]], [[1, 0], [0, 2]]];
    const table = CandidateTable.of(actions, { q: [1, 2, 3] });
    const code = "function run(inputs: Inputs): Outputs {\n  const { actions, columns } = inputs.candidates;\n  return { candidates: { actions, columns: { ...columns, rank: [3, 2, 1] } } };\n}";
    const out = (await runOnce(code, candidates, candidates, { candidates: table }))["candidates"] as CandidateTable;
    expect(out.actions).toEqual(actions);
    expect(out.column("rank")).toEqual([3, 2, 1]);
  });

  it("still refuses an action that is null or a boolean, naming it", async () => {
    const code = "function run() {\n  return { table: { actions: [0, true], columns: {} } };\n}";
    await expect(runOnce(code, [{ name: "table", type: "candidates" }])).rejects.toThrow("actions[1] is boolean true, not a number, string, array or object");
  });
});

describe("numbers", () => {
  it("says a NaN output arrived as null, as for tensors", async () => {
    await expect(runOnce("function run() {\n  return { score: 0 / 0 };\n}", [{ name: "score", type: "number" }])).rejects.toThrow(
      'output "score" must be a number (NaN and Infinity arrive as null); the script returned null',
    );
  });
});
