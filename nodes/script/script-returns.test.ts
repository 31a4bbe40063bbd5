import { describe, expect, it } from "vitest";
import { createNode, stepContext } from "../../test/fixtures/node-harness.js";
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
