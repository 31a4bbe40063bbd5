import { describe, expect, it } from "vitest";
import { createNode, stepContext } from "../../test/fixtures/node-harness.js";
import { scriptKind } from "./index.js";

/** The message the node fails with when it runs `code` once. */
async function failure(code: string): Promise<string> {
  const node = await createNode(scriptKind, { code, inputs: [], outputs: [{ name: "out", type: "json" }] }, "glue");
  try {
    node.run({} as never, stepContext("glue"));
    return "no failure";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await node.close?.();
  }
}

describe("where a script's error is", () => {
  it("names the line and the column in the TypeScript, past the types sucrase deleted", async () => {
    const code = "function helper(): number {\n  return (null as unknown as { x: number }).x;\n}\nfunction run(inputs: Inputs): Outputs {\n  return { out: helper() };\n}";
    // QuickJS says column 23 of the JavaScript, where `as unknown as { x: number }` is gone.
    expect(await failure(code)).toBe("TypeError: cannot read property 'x' of null (script line 2, column 44)");
  });

  it("names the line and column of an Error thrown at a step (QuickJS names the call of Error)", async () => {
    const code = "let step = 0;\nfunction run(): Outputs {\n  step++;\n  if (step === 1) throw new Error(`boom at step ${step}`);\n  return { out: step };\n}";
    expect(await failure(code)).toBe("Error: boom at step 1 (script line 4, column 34)");
  });

  it("reports a thrown string as itself, with the line of the throw", async () => {
    expect(await failure("function run() {\n  const a = 1;\n    throw 'no \\'safe\\' action';\n}")).toBe(`the script threw "no 'safe' action" (script line 3, column 5)`);
  });

  it("says a thrown string's line is unknown where the source does not show it", async () => {
    expect(await failure("function run() {\n  const why = 'no' + ' action';\n  throw why;\n}")).toBe(
      'the script threw "no action", not an Error, so its line is unknown (throw new Error(…) to have it)',
    );
  });
});
