import { describe, expect, it } from "vitest";
import { scriptKind } from "./index.js";

/** The validation problem `foresight validate` and the editor's Problems report for this code, if any. */
const problem = (code: string) => scriptKind.params.safeParse({ code, outputs: [] }).error?.issues[0]?.message;

describe("script validation", () => {
  it("refuses a script with no top-level run, which could not start", () => {
    expect(problem("function step() {}")).toBe("the script defines no top-level run: write function run(inputs) { … return { … } } (or const run = …)");
    expect(problem("function helpers() {\n  function run() { return {}; }\n}")).toMatch(/^the script defines no top-level run/);
  });

  it("takes run declared with function, const, or destructured at the top level", () => {
    expect(problem("function run(inputs: Inputs): Outputs { return {}; }")).toBeUndefined();
    expect(problem("const run = (inputs: unknown) => ({});")).toBeUndefined();
    expect(problem("const { run } = { run: () => ({}) };")).toBeUndefined();
  });

  it("refuses await in a plain run, naming its line and column in the TypeScript", () => {
    expect(problem("function run(inputs: Inputs): Outputs {\n  const x: number = await Promise.resolve(1);\n  return {};\n}")).toBe(
      "syntax error at line 2, column 21: await is only valid in async functions and the top level bodies of modules",
    );
  });

  it("refuses top-level await, naming its line", () => {
    expect(problem("const ready = await Promise.resolve(1);\nfunction run() { return {}; }")).toBe(
      "syntax error at line 1, column 15: await is only valid in async functions and the top level bodies of modules",
    );
  });

  it("refuses an async run: the sandbox cannot settle its Promise", () => {
    const async = "run is async, but must be synchronous: the sandbox has no event loop to settle its Promise";
    expect(problem("// scores\nasync function run(inputs: Inputs) {\n  return {};\n}")).toBe(`line 2, column 16: ${async}`);
    expect(problem("const run = async () => ({});")).toBe(`line 1, column 7: ${async}`);
  });

  it("names the column of a syntax error sucrase finds", () => {
    expect(problem("function run(inputs) {\n  return { a: 1 \n}")).toBe("syntax error at line 3, column 2: Unexpected token");
  });
});
