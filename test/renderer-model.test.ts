import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { connectionRefusal } from "../renderer/canvas/connection-rules.js";
import { splitRecent } from "../renderer/files/recent-files.js";
import { uniqueNodeId } from "../renderer/document/node-ids.js";
import { fromPipelineDocument, toPipelineDocument } from "../renderer/document/pipeline.js";
import { defaultValue, describeField, variantDefaults, variantTag, type JsonSchema } from "../renderer/inspector/json-schema.js";
import { tensorChoices, tensorRole, unusedBecause } from "../renderer/inspector/model-tensors.js";
import { kindCatalog } from "../host/editor-api/kind-catalog.js";
import { builtinRegistry } from "../nodes/index.js";

// The editor's pure logic against the real catalog and examples (the browser tests are in test/e2e).
const catalog = kindCatalog(builtinRegistry());
const kinds = new Map(catalog.kinds.map((kind) => [kind.kind, kind]));
const example = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8"));

describe("the editor's document model", () => {
  it("reads a pipeline file and writes back the same document", () => {
    expect(toPipelineDocument(fromPipelineDocument(example))).toEqual(example);
  });

  it("names new nodes after their kind, numbering repeats", () => {
    expect(uniqueNodeId(kinds.get("sampler")!, new Set())).toBe("sampler");
    expect(uniqueNodeId(kinds.get("sampler")!, new Set(["sampler", "sampler-2"]))).toBe("sampler-3");
    // The kind's declared short id (the shipped examples' names).
    expect(uniqueNodeId(kinds.get("q-scorer")!, new Set())).toBe("q");
    expect(uniqueNodeId(kinds.get("environment")!, new Set(["env"]))).toBe("env-2");
  });

  it("refuses an edge between different port types, and a second edge into one input", () => {
    const doc = fromPipelineDocument(example);
    const edge = (from: string, to: string) => {
      const [source, sourceHandle] = from.split(".") as [string, string];
      const [target, targetHandle] = to.split(".") as [string, string];
      return { source, sourceHandle, target, targetHandle };
    };
    expect(connectionRefusal(edge("sampler.candidates", "risk.environment"), doc.nodes, [], kinds)).toBe("cannot connect candidates → environment");
    expect(connectionRefusal(edge("sampler.candidates", "q.candidates"), doc.nodes, doc.edges, kinds)).toMatch(/already connected/);
    expect(connectionRefusal(edge("sampler.candidates", "q.candidates"), doc.nodes, [], kinds)).toBeNull();
  });
});

describe("forms from params schemas", () => {
  it("gives every kind a form: an object of fields or a union of variants", () => {
    for (const kind of catalog.kinds) {
      expect(["object", "union"], kind.kind).toContain(describeField(kind.paramsSchema).shape.kind);
    }
  });

  it("reads nullable numbers, nested unions and enums", () => {
    const sampler = kinds.get("sampler")!.paramsSchema.properties as Record<string, Record<string, unknown>>;
    expect(describeField(sampler.topK!)).toMatchObject({ nullable: true, shape: { kind: "number", integer: true, min: 1 } });
    const rollout = kinds.get("rollout")!.paramsSchema.properties as Record<string, Record<string, unknown>>;
    expect(describeField(rollout.model!).shape).toMatchObject({ kind: "union", key: "kind" });
    expect(describeField(rollout.continuation!).shape).toEqual({ kind: "enum", values: ["policy", "repeat"] });
    const risk = kinds.get("risk-filter")!.paramsSchema.properties as Record<string, Record<string, unknown>>;
    expect(describeField(risk.max!)).toMatchObject({ nullable: true, shape: { kind: "number" } });
    expect(describeField(risk.keepTopK!)).toMatchObject({ nullable: true, shape: { kind: "object" } });
  });

  it("fills a variant's defaults when the user switches to it", () => {
    const q = describeField(kinds.get("q-scorer")!.paramsSchema).shape;
    if (q.kind !== "union") throw new Error("q-scorer params should be a union");
    const onnx = q.options.find((option) => (option.properties as Record<string, { const?: string }>).variant?.const === "onnx")!;
    expect(variantDefaults(onnx, "variant")).toMatchObject({ variant: "onnx", form: "q-s", provider: "auto", threads: 1 });
    expect(defaultValue(kinds.get("environment")!.paramsSchema)).toMatchObject({ name: "gridworld", map: "lava-bridge" });
  });
});

describe("params that name a model's tensors", () => {
  const variantProperties = (kindName: string, variant: string) => {
    const { shape } = describeField(kinds.get(kindName)!.paramsSchema);
    if (shape.kind !== "union") throw new Error(`${kindName}: not a union of variants`);
    const { key, options } = shape;
    return options.find((option) => variantTag(option, key) === variant)!.properties as Record<string, JsonSchema>;
  };

  it("are marked in the kinds' params schemas as an input or an output", () => {
    const q = variantProperties("q-scorer", "onnx");
    expect([tensorRole(q.stateInput!), tensorRole(q.actionInput!), tensorRole(q.output!), tensorRole(q.model!)]).toEqual(["input", "input", "output", undefined]);
    const policy = variantProperties("policy", "onnx");
    expect([tensorRole(policy.input!), tensorRole(policy.logits!), tensorRole(policy.logStd!), tensorRole(policy.encoding!)]).toEqual(["input", "output", "output", undefined]);
  });

  it("choose among the model's names, and flag a name the model does not have", () => {
    const model = { path: "m.onnx", inputs: [{ name: "observation", type: "float32", shape: ["batch", 4] }], outputs: [{ name: "q_values", type: "float32", shape: ["batch", 4] }] };
    expect(tensorChoices("input", "observation", model)).toEqual({ names: ["observation"], known: true });
    expect(tensorChoices("output", "q", model)).toEqual({ names: ["q_values"], known: false });
  });

  it("say when the node does not read one (a q-s model has no action input)", () => {
    const actionInput = variantProperties("q-scorer", "onnx").actionInput!;
    expect(unusedBecause(actionInput, { form: "q-s" })).toBe("form is q-s");
    expect(unusedBecause(actionInput, { form: "q-sa" })).toBeUndefined();
    expect(unusedBecause(variantProperties("q-scorer", "onnx").stateInput!, { form: "q-s" })).toBeUndefined();
  });
});

describe("the Open dialog's lists", () => {
  it("shows recent files first (those still there) and every other file once", () => {
    const file = (path: string) => ({ path, modifiedMs: 0 });
    const listing = { files: [file("a.foresight.json"), file("b.foresight.json"), file("c.foresight.json")], models: [], recent: ["c.foresight.json", "gone.foresight.json", "a.foresight.json"], templates: [] };
    const { recent, others } = splitRecent(listing);
    expect(recent.map((f) => f.path)).toEqual(["c.foresight.json", "a.foresight.json"]);
    expect(others.map((f) => f.path)).toEqual(["b.foresight.json"]);
  });
});
