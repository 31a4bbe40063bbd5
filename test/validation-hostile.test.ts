import { readFileSync } from "node:fs";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { builtinNodeKinds, builtinRegistry } from "../nodes/index.js";
import { defineNodeKind, type OutputPorts } from "../runtime/node-kind.js";
import { MAX_NESTING } from "../runtime/pipeline/document-shape.js";
import { applyOverrides, OverrideError } from "../runtime/pipeline/overrides.js";
import type { Problem } from "../runtime/pipeline/problem.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { NodeRegistry } from "../runtime/registry.js";

type Doc = { nodes: Record<string, unknown>[]; edges: { from: string; to: string }[]; [key: string]: unknown };
const vgps = (): Doc => JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8")) as Doc;
const paramsOf = (doc: Doc, id: string) => doc.nodes.find((n) => n["id"] === id)!["params"] as Record<string, unknown>;

function problemsOf(doc: unknown, registry = builtinRegistry()): Problem[] {
  const result = validatePipeline(doc, registry);
  return result.ok ? [] : result.problems;
}

/** Counts enumerations of its output ports: each is one look at every output of a node. */
let outputEnumerations = 0;
const relayOutputs: OutputPorts = { candidates: { type: "candidates", description: "out" } };
const relayKind = defineNodeKind({
  kind: "relay",
  title: "Relay",
  description: "Passes candidates on; its output ports count how often validation lists them (tests only).",
  params: z.object({}),
  inputs: { candidates: { type: "candidates", description: "in", required: true } },
  outputs: relayOutputs,
  ports: () => ({
    inputs: { candidates: { type: "candidates", description: "in", required: true } },
    outputs: new Proxy(relayOutputs, {
      ownKeys(target) {
        outputEnumerations++;
        return Reflect.ownKeys(target);
      },
    }),
  }),
  create: () => ({ run: ({ candidates }) => ({ candidates }) }),
});

describe("validation of large pipelines", () => {
  it("looks at each node's outputs a bounded number of times however many inputs are unconnected (linear, not quadratic)", () => {
    const registry = new NodeRegistry([...builtinNodeKinds, relayKind]);
    const enumerationsFor = (count: number) => {
      const doc = vgps();
      for (let i = 0; i < count; i++) doc.nodes.push({ id: `relay${i}`, kind: "relay", params: {} });
      outputEnumerations = 0;
      const problems = problemsOf(doc, registry);
      expect(problems.filter((p) => p.code === "missing-input")).toHaveLength(count);
      return outputEnumerations;
    };
    // Before: every unconnected input listed every node's outputs to suggest a source, count² in all.
    expect(enumerationsFor(2000)).toBeLessThanOrEqual(2 * 2000);
    expect(enumerationsFor(4000)).toBeLessThanOrEqual(2 * 4000);
  });

  it("still suggests the first three sources of the input's type, never the node itself", () => {
    const doc = vgps();
    doc.nodes.push({ id: "loose", kind: "risk-filter", params: { irreversible: false } });
    const problem = problemsOf(doc).find((p) => p.nodeId === "loose")!;
    expect(problem.message).toBe('required input "candidates" (candidates) is not connected; connect e.g. sampler.candidates or q.candidates or risk.candidates');
  });

  it("asks for a node of the input's type where none has one, with the article its word takes", () => {
    const doc = vgps();
    doc.nodes = doc.nodes.filter((n) => n.kind !== "environment");
    doc.edges = doc.edges.filter((e) => !e.from.startsWith("env."));
    expect(problemsOf(doc).find((p) => p.nodeId === "policy")!.message).toMatch(/; add a node with an environment output$/);
  });

  it("validates 10,000 nodes with unconnected inputs in under 2 s (over 60 s before)", () => {
    const doc = vgps();
    for (let i = 0; i < 10_000; i++) doc.nodes.push({ id: `s${i}`, kind: "sampler", params: {} });
    const started = performance.now();
    const problems = problemsOf(doc);
    const seconds = (performance.now() - started) / 1000;
    expect(problems).toHaveLength(10_000);
    // A sanity bound for a loaded machine: the work itself is pinned by the count above.
    expect(seconds).toBeLessThan(2);
  });

  it("orders a chain of 10,000 nodes and finds a cycle through all of them", () => {
    const doc = vgps();
    const chain = Array.from({ length: 10_000 }, (_, i) => `f${i}`);
    for (const id of chain) doc.nodes.push({ id, kind: "risk-filter", params: { irreversible: false } });
    chain.forEach((id, i) => doc.edges.push({ from: `${id}.candidates`, to: `${chain[(i + 1) % chain.length]}.candidates` }));
    const [cycle] = problemsOf(doc).filter((p) => p.code === "cycle");
    // The nodes, then the edges between them in parentheses.
    expect(cycle!.message.split(" (edges ")[0]!.split(" → ")).toHaveLength(10_001);
  });
});

describe("validation of hostile documents", () => {
  it(`refuses params nested deeper than ${MAX_NESTING} levels, naming where (they validated, then crashed the run)`, () => {
    const doc = vgps();
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    paramsOf(doc, "sampler")["notes"] = deep;
    const problems = problemsOf(doc);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.code).toBe("bad-format");
    expect(problems[0]!.pointer).toMatch(/^\/nodes\/2\/params\/notes(\/0)+$/);
    expect(problems[0]!.message).toContain(`nested more than ${MAX_NESTING} levels deep`);
  });

  it('refuses a "__proto__" key anywhere in the file, naming it', () => {
    const doc = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8").replace('"n": 16', '"__proto__": { "n": 1000 }, "n": 16'));
    expect(problemsOf(doc)).toEqual([expect.objectContaining({ code: "bad-format", pointer: "/nodes/2/params/__proto__" })]);
    expect(({} as Record<string, unknown>)["n"]).toBeUndefined();
  });

  it('does not take "constructor" for a port of every node', () => {
    const doc = vgps();
    doc.edges.push({ from: "env.constructor", to: "executor.candidates" });
    expect(problemsOf(doc).find((p) => p.code === "unknown-port")?.message).toContain('has no output "constructor"');
  });

  it.each(["run.__proto__.x=1", "sampler.__proto__.n=5", "sampler.constructor.prototype.x=1", "run.prototype=3"])(
    "refuses --set %s without touching any prototype",
    (set) => {
      expect(() => applyOverrides(vgps(), [set])).toThrow(OverrideError);
      expect(() => applyOverrides(vgps(), [set])).toThrow(/is not a setting \(it would reach an object's prototype\)/);
      expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
      expect(({} as Record<string, unknown>)["n"]).toBeUndefined();
    },
  );

  it("turns a param that is off (null) on by setting a field of it; names a value that has no fields", () => {
    const doc = applyOverrides(vgps(), ["risk.keepTopK.k=3"]) as Doc;
    expect(paramsOf(doc, "risk")["keepTopK"]).toEqual({ k: 3 });
    expect(() => applyOverrides(vgps(), ["risk.max.k=3"])).toThrow('"max" is 0.5, not an object with fields');
  });

  it("sets a param named like an inherited method on the node's params, never on the method", () => {
    const doc = applyOverrides(vgps(), ["sampler.toString.x=1"]) as Doc;
    expect(Object.hasOwn(paramsOf(doc, "sampler"), "toString")).toBe(true);
    expect(paramsOf(doc, "sampler")["toString"]).toEqual({ x: 1 });
    expect((Object.prototype.toString as unknown as Record<string, unknown>)["x"]).toBeUndefined();
  });
});

describe("validation of what a run would trip over later", () => {
  it.each(["summary.json", "trace.jsonl", "pipeline.foresight.json", "shards", "./Summary.json", "shards/extra"])(
    "refuses a Dataset folder %j, a name the run folder itself uses",
    (folder) => {
      const doc = vgps();
      paramsOf(doc, "dataset")["folder"] = folder;
      const problems = problemsOf(doc);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ code: "bad-param", pointer: "/nodes/6/params/folder", nodeId: "dataset" });
      expect(problems[0]!.message).toMatch(/is a name the run folder itself uses; choose another folder/);
    },
  );

  it("accepts Dataset folders that only resemble the run folder's names", () => {
    for (const folder of ["dataset", "data/summary.json", "summary", "my-shards"]) {
      const doc = vgps();
      paramsOf(doc, "dataset")["folder"] = folder;
      expect(problemsOf(doc), folder).toEqual([]);
    }
  });

  it.each([
    [99, 'safeAction 99 is not an action of "gridworld": its actions are 0 (up), 1 (right), 2 (down), 3 (left)'],
    ["wait", 'safeAction "wait" is not an action of "gridworld": its actions are 0 (up), 1 (right), 2 (down), 3 (left)'],
    [1.5, 'safeAction 1.5 is not an action of "gridworld"'],
  ])("refuses the safe-default fallback's safeAction %j, which the environment cannot take", (safeAction, message) => {
    const doc = vgps();
    Object.assign(paramsOf(doc, "risk"), { fallback: "safe-default", safeAction });
    const problems = problemsOf(doc);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: "bad-param", pointer: "/nodes/4/params/safeAction", nodeId: "risk" });
    expect(problems[0]!.message).toContain(message);
  });

  it("accepts a safeAction the environment can take", () => {
    const doc = vgps();
    Object.assign(paramsOf(doc, "risk"), { fallback: "safe-default", safeAction: 2 });
    expect(problemsOf(doc)).toEqual([]);
  });
});
