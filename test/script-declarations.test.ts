import ts from "typescript";
import { describe, expect, it } from "vitest";
import { DEFAULT_SCRIPT, scriptInputTypes } from "../nodes/script/params.js";
import { ScriptSandbox } from "../nodes/script/sandbox.js";
import { SANDBOX_ABSENT_GLOBALS, scriptDeclarations, type ScriptPortSpec } from "../protocol/script-declarations.js";
import { example } from "./fixtures/pipelines.js";

const candidates: ScriptPortSpec[] = [{ name: "candidates", type: "candidates" }];

/** The editor's TypeScript program over `code` and the declarations. */
function editorProgram(code: string, inputs: ScriptPortSpec[], outputs: ScriptPortSpec[]): ts.Program {
  const files: Record<string, string> = { "/script.ts": code, "/ports.d.ts": scriptDeclarations(inputs, outputs) };
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2023, lib: ["lib.es2023.d.ts"], types: [] };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => files[name] ?? readFile(name);
  host.fileExists = (name) => name in files || ts.sys.fileExists(name);
  host.getSourceFile = (name, version) => (name in files ? ts.createSourceFile(name, files[name]!, version) : getSourceFile(name, version));
  return ts.createProgram(Object.keys(files), options, host);
}

/** Type errors of `code` against the declarations, as the editor's TypeScript would report them. */
function typeErrors(code: string, inputs: ScriptPortSpec[], outputs: ScriptPortSpec[]): string[] {
  return ts.getPreEmitDiagnostics(editorProgram(code, inputs, outputs)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/** Every global value a script sees in the editor. */
function editorGlobals(): string[] {
  const program = editorProgram("", [], []);
  return program.getTypeChecker().getSymbolsInScope(program.getSourceFile("/script.ts")!, ts.SymbolFlags.Value).map((symbol) => symbol.name);
}

describe("script declarations for the editor", () => {
  it("type-check the default script and the shipped example", () => {
    expect(typeErrors(DEFAULT_SCRIPT, candidates, candidates)).toEqual([]);
    const node = example("gridworld-script").nodes.find((n) => n.kind === "script")!;
    expect(typeErrors(node.params["code"] as string, candidates, candidates)).toEqual([]);
  });

  it("show an output of the wrong type as a type error", () => {
    const errors = typeErrors("function run(inputs: Inputs): Outputs {\n  return { score: 'high' };\n}", [], [{ name: "score", type: "number" }]);
    expect(errors.join("\n")).toContain("Type 'string' is not assignable to type 'number'");
  });

  it("know no file system, process, timers or DOM", () => {
    const errors = typeErrors("function run(inputs: Inputs): Outputs {\n  setTimeout(() => {}, 1);\n  process.exit();\n  document.title;\n  return {};\n}", [], []);
    expect(errors).toEqual(["Cannot find name 'setTimeout'.", expect.stringContaining("Cannot find name 'process'"), expect.stringContaining("Cannot find name 'document'")]);
  });

  it("declare what the sandbox has and mark what it lacks: every global of the editor is in the sandbox, but those SANDBOX_ABSENT_GLOBALS gives a reason for", async () => {
    const globals = editorGlobals().filter((name) => name !== "undefined");
    expect(globals).toContain("console");
    const js = `function run() { return { missing: ${JSON.stringify(globals)}.filter((name) => typeof globalThis[name] === "undefined") }; }`;
    const sandbox = await ScriptSandbox.open(js, { timeoutMs: 2000, memoryMB: 16 });
    try {
      expect(await sandbox.call("{}", [1, 2, 3, 4])).toEqual({ missing: Object.keys(SANDBOX_ABSENT_GLOBALS) });
    } finally {
      sandbox.dispose();
    }
    expect(typeErrors('function run(inputs: Inputs): Outputs {\n  console.log("q", 1, { a: [1] });\n  console.warn("w");\n  return {};\n}', [], [])).toEqual([]);
  });

  it("map every port type a script may declare", () => {
    const declared = scriptDeclarations(scriptInputTypes.map((type) => ({ name: `p_${type}`, type })), []);
    expect(declared).not.toMatch(/p_\w+: unknown/);
  });
});
