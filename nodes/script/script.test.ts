import { describe, expect, it } from "vitest";
import { CandidateTable } from "../../runtime/candidate-table.js";
import { createNode, stepContext } from "../../test/fixtures/node-harness.js";
import { scriptKind } from "./index.js";

type Port = { name: string; type: string };

async function script(code: string, ports: { inputs?: Port[]; outputs?: Port[] } = {}, limits: Record<string, number> = {}) {
  return createNode(scriptKind, { code, inputs: ports.inputs ?? [], outputs: ports.outputs ?? [{ name: "out", type: "json" }], ...limits }, "glue");
}

async function runOnce(code: string, inputs: Record<string, unknown> = {}, ports: { inputs?: Port[]; outputs?: Port[] } = {}, limits: Record<string, number> = {}) {
  const node = await script(code, ports, limits);
  try {
    return (await node.run(inputs as never, stepContext("glue"))) as Record<string, unknown>;
  } finally {
    await node.close?.();
  }
}

const candidatesPort = [{ name: "candidates", type: "candidates" }];

describe("script node", () => {
  it("adds a column computed from the others to a candidate table", async () => {
    const table = CandidateTable.of([0, 1, 2], { q: [1, 0.5, 0.9], risk: [0.1, 0, 0.4], filtered: [false, true, false] });
    const code = `
      interface Table { actions: number[]; columns: Record<string, (number | boolean | null)[]> }
      function run({ candidates }: { candidates: Table }): { candidates: Table } {
        const { q, risk } = candidates.columns as Record<string, number[]>;
        return { candidates: { ...candidates, columns: { ...candidates.columns, safeQ: q.map((v, i) => v - 2 * risk[i]!) } } };
      }`;
    const out = await runOnce(code, { candidates: table }, { inputs: candidatesPort, outputs: candidatesPort });
    const result = out["candidates"] as CandidateTable;
    expect(result).toBeInstanceOf(CandidateTable);
    expect(result.actions).toEqual([0, 1, 2]);
    expect(result.column("safeQ")).toEqual([0.8, 0.5, 0.9 - 0.8]);
    expect(result.column("filtered")).toEqual([false, true, false]);
  });

  it("passes tensors as { shape, data } both ways", async () => {
    const code = "function run(i) { return { doubled: { shape: i.t.shape, data: i.t.data.map((x) => 2 * x) } }; }";
    const out = await runOnce(code, { t: { shape: [2], data: new Float32Array([1, 2.5]) } }, { inputs: [{ name: "t", type: "tensor" }], outputs: [{ name: "doubled", type: "tensor" }] });
    expect(out["doubled"]).toEqual({ shape: [2], data: [2, 5] });
  });

  it("exposes no require, process, fetch, os, timers or clock", async () => {
    const code = `function run() {
      return { out: [typeof require, typeof process, typeof fetch, typeof globalThis.os, typeof std, typeof setTimeout, typeof Date, typeof import.meta] };
    }`;
    const out = await runOnce(code.replace(", typeof import.meta", ""));
    expect(out["out"]).toEqual(Array(7).fill("undefined"));
  });

  it("interrupts an infinite loop at its time limit", async () => {
    const node = await script("function run() {\n  while (true) {}\n}", {}, { timeoutMs: 30 });
    const started = performance.now();
    // A call past BLOCKING_WAIT_MS (sandbox.ts) answers a promise, which rejects.
    await expect(Promise.resolve().then(() => node.run({}, stepContext("glue")))).rejects.toThrow(/ran past its time limit of 30 ms \(timeoutMs\) and was interrupted$/);
    expect(performance.now() - started).toBeLessThan(1000);
    await node.close?.();
  });

  it("interrupts an infinite loop at the top level while starting", async () => {
    await expect(script("while (true) {}\nfunction run() { return {}; }", {}, { timeoutMs: 20 })).rejects.toThrow(/time limit of 20 ms/);
  });

  it("stops a script that allocates past its memory limit", async () => {
    const code = "function run() {\n  const a = [];\n  for (let i = 0; i < 1e9; i++) a.push({ i });\n  return { out: a.length };\n}";
    await expect(runOnce(code, {}, {}, { memoryMB: 8, timeoutMs: 10_000 })).rejects.toThrow(/ran out of memory: it may use 8 MB \(memoryMB\)/);
  });

  it("stops runaway recursion inside the sandbox", async () => {
    await expect(runOnce("function f(n) { return f(n + 1) + 1; }\nfunction run() { return { out: f(0) }; }")).rejects.toThrow(/stack overflow/);
  });

  it("reports a thrown error with the script's message and line", async () => {
    await expect(runOnce("function run(inputs) {\n  const x = 1;\n  throw new Error('no candidates left');\n}")).rejects.toThrow(
      "Error: no candidates left (script line 3, column 18)",
    );
  });

  it("refuses an output of the wrong type, naming the output", async () => {
    await expect(runOnce("function run() { return { score: 'high' }; }", {}, { outputs: [{ name: "score", type: "number" }] })).rejects.toThrow(
      'output "score" must be a number; the script returned string "high"',
    );
  });

  it("refuses a candidate table whose column is too short, naming the output", async () => {
    const code = "function run() { return { table: { actions: [0, 1], columns: { q: [1] } } }; }";
    await expect(runOnce(code, {}, { outputs: [{ name: "table", type: "candidates" }] })).rejects.toThrow('output "table": column "q" has 1 values for 2 candidates');
  });

  it("refuses missing and undeclared outputs", async () => {
    await expect(runOnce("function run() { return {}; }")).rejects.toThrow('run() returned no output "out" (json)');
    await expect(runOnce("function run() { return { out: 1, typo: 2 }; }")).rejects.toThrow('run() returned "typo", which is not one of the declared outputs (out)');
  });

  it("refuses a script without run", async () => {
    await expect(script("function step() {}")).rejects.toThrow("the script defines no top-level run");
  });

  it("takes run as a const arrow function too", async () => {
    expect(await runOnce("const run = (inputs: unknown) => ({ out: 42 });")).toEqual({ out: 42 });
  });

  it("draws Math.random from the node's seeded stream", async () => {
    const code = "function run() { return { out: [Math.random(), Math.random()] }; }";
    const a = await runOnce(code);
    const b = await runOnce(code);
    expect(a["out"]).toEqual(b["out"]);
    const node = await script(code);
    const other = node.run({}, stepContext("glue", 2)) as Record<string, unknown>;
    expect(other["out"]).not.toEqual(a["out"]);
    await node.close?.();
  });

  it("offers Math.random only inside run, where it is seeded", async () => {
    await expect(script("const r = Math.random();\nfunction run() { return { out: r }; }")).rejects.toThrow("Math.random can only be called while run() is running (script line 1, column 22)");
  });

  it("starts every episode from the script's initial state", async () => {
    const node = await script("let calls = 0;\nfunction run() { calls++; return { out: calls }; }");
    const rng = stepContext("glue").rng;
    expect((node.run({}, stepContext("glue")) as Record<string, unknown>)["out"]).toBe(1);
    expect((node.run({}, stepContext("glue")) as Record<string, unknown>)["out"]).toBe(2);
    await node.beginEpisode?.({ episode: 1, seed: 1, rng });
    expect((node.run({}, stepContext("glue")) as Record<string, unknown>)["out"]).toBe(1);
    await node.close?.();
  });

  it("refuses module syntax in its params, naming the line: an unused import too, which sucrase would drop", () => {
    const problem = (code: string) => scriptKind.params.safeParse({ code, outputs: [] }).error?.issues;
    const noImport = (line: number) => [{ code: "custom", path: ["code"], message: `line ${line}: a script cannot import: it runs with no module loader; put the code it needs in the script itself` }];
    expect(problem('import { chunk } from "lodash";\nfunction run() { return {}; }')).toMatchObject(noImport(1));
    expect(problem('// helpers\nimport type { Table } from "./table";\nfunction run() { return {}; }')).toMatchObject(noImport(2));
    expect(problem('function run() {\n  return { out: import("fs") };\n}')).toMatchObject(noImport(2));
    expect(problem("export function run() { return {}; }")).toMatchObject([
      { path: ["code"], message: "line 1: a script has no exports: define function run at the top level, without export" },
    ]);
    expect(problem("// no import here\nconst importance = { import: 1 };\nfunction run() { return { out: importance.import }; }")).toBeUndefined();
  });

  it("refuses a syntax error in its params, naming the line", () => {
    const parsed = scriptKind.params.safeParse({ code: "function run(inputs) {\n  return { a: 1 \n}", outputs: [] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["code"], message: "syntax error at line 3, column 2: Unexpected token" });
  });
});
