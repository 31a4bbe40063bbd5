import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { builtinRegistry } from "../nodes/index.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { tempDir } from "./fixtures/foresight-process.js";
import { example, type PipelineDoc } from "./fixtures/pipelines.js";

// What `foresight validate` says of an LLM node's connection before any run: a base URL that is no
// HTTP URL, and an embedded model whose file is missing or no GGUF model (as an ONNX model's is checked).

const registry = builtinRegistry();
const dir = tempDir("llm-params");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** gridworld-policy-only with an LLM policy (node 1) of these params, and gridworld-vgps with an LLM scorer (node 3). */
function withPolicy(params: Record<string, unknown>): PipelineDoc {
  const doc = example("gridworld-policy-only");
  doc.nodes[1]!.params = { variant: "llm", ...params };
  return doc;
}
function withScorer(params: Record<string, unknown>): PipelineDoc {
  const doc = example("gridworld-vgps");
  doc.nodes[3]!.params = { variant: "llm", ...params };
  return doc;
}

function problems(doc: PipelineDoc) {
  const result = validatePipeline(doc, registry, { pipelineDir: dir });
  return result.ok ? [] : result.problems.map((p) => ({ pointer: p.pointer, message: p.message }));
}

describe("an LLM node's base URL", () => {
  it.each(["localhost:8080/v1", "ftp://127.0.0.1/v1", "127.0.0.1:8080"])("refuses %j: it must start with http:// or https://", (baseUrl) => {
    expect(problems(withPolicy({ baseUrl }))).toEqual([{ pointer: "/nodes/1/params/baseUrl", message: expect.stringContaining("must start with http:// or https://") }]);
  });

  it("takes http and https URLs", () => {
    expect(problems(withPolicy({ baseUrl: "https://api.openai.com/v1" }))).toEqual([]);
    expect(problems(withScorer({ baseUrl: "http://127.0.0.1:8080/v1" }))).toEqual([]);
  });
});

describe("an embedded model's file", () => {
  it("is a problem at the model param when it does not exist, for the policy and the scorer", () => {
    const missing = { provider: "embedded", model: "models/nope.gguf" };
    const says = expect.stringContaining(`no file at ${join(dir, "models/nope.gguf")}`);
    expect(problems(withPolicy(missing))).toEqual([{ pointer: "/nodes/1/params/model", message: says }]);
    expect(problems(withScorer(missing))).toEqual([{ pointer: "/nodes/3/params/model", message: says }]);
  });

  it("is a problem when it does not start with GGUF", () => {
    writeFileSync(join(dir, "weights.gguf"), "PK\u0003\u0004 a zip, not a model");
    expect(problems(withPolicy({ provider: "embedded", model: "weights.gguf" }))).toEqual([
      { pointer: "/nodes/1/params/model", message: expect.stringContaining('is not a GGUF model (it starts with "PK') },
    ]);
  });

  it("passes when the file starts as a GGUF model does", () => {
    writeFileSync(join(dir, "tiny.gguf"), "GGUF\u0003\u0000\u0000\u0000");
    expect(problems(withPolicy({ provider: "embedded", model: "tiny.gguf" }))).toEqual([]);
  });
});
