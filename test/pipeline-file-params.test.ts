import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileAccess } from "../electron/file-access.js";
import { createEditorApi, type EditorApi } from "../host/editor-api/editor-api.js";
import type { FilePolicy } from "../host/editor-api/file-policy.js";
import { RecentFiles } from "../host/editor-api/recent-files.js";
import type { Push } from "../protocol/index.js";
import { RootFolder } from "../server/root-folder.js";
import { tempDir } from "./fixtures/foresight-process.js";

const EXAMPLES = resolve("examples");

interface Pipeline extends Record<string, unknown> {
  nodes: { id: string; kind: string; params: Record<string, unknown> }[];
  edges: { from: string; to: string }[];
}

/** The policy-only gridworld with an LLM policy: `llm` its params besides the variant. */
function llmPipeline(llm: Record<string, unknown>): Pipeline {
  const doc = JSON.parse(readFileSync(join(EXAMPLES, "gridworld-policy-only.foresight.json"), "utf8")) as Pipeline;
  doc.nodes = doc.nodes.filter((node) => node.kind !== "dataset");
  doc.edges = doc.edges.filter((edge) => !edge.to.startsWith("dataset."));
  doc.nodes.find((node) => node.id === "policy")!.params = { variant: "llm", threads: 1, n: 1, maxTokens: 8, ...llm };
  return doc;
}
const POLICY = () => `/nodes/${llmPipeline({}).nodes.findIndex((node) => node.id === "policy")}/params`;

let api: EditorApi | undefined;
const pushes: Push[] = [];
afterEach(async () => {
  await api?.close();
  api = undefined;
  pushes.length = 0;
});
function editor(files: FilePolicy): EditorApi {
  api = createEditorApi(files, { examplesDir: EXAMPLES, publish: (push) => pushes.push(push) });
  return api;
}

describe("an embedded LLM's GGUF file goes through the host's file policy, as an ONNX model's path does", () => {
  it("desktop app: a file that is not a .gguf or .onnx is refused before anything opens it, whether it exists or not", async () => {
    const home = tempDir("gguf-desktop");
    const access = new FileAccess({ examplesDir: EXAMPLES, untitledDir: join(home, "Foresight"), recent: new RecentFiles(null) });
    const { handlers } = editor(access);
    const refusals: string[] = [];
    for (const target of ["/etc/passwd", "/etc/no-such-file"]) {
      const doc = llmPipeline({ provider: "embedded", model: target });
      const problems = await handlers.validate({ doc, path: "untitled.foresight.json" });
      expect(problems).toEqual([{ code: "bad-param", pointer: `${POLICY()}/model`, nodeId: "policy", message: `${target}: not a model file (its name must end in .onnx or .gguf)` }]);
      const started = (async () => handlers.startRun({ doc, path: "untitled.foresight.json", options: { episodes: 1, traceLevel: "off" } }))();
      await expect(started).rejects.toThrow(`the pipeline names files this editor may not use: ${POLICY()}/model (node policy): ${target}: not a model file`);
      refusals.push(problems[0]!.message.replace(target, "<path>"));
    }
    expect(refusals[0]).toBe(refusals[1]);
    expect(pushes.filter((push) => push.push === "run.ended")).toEqual([]);
  });

  it("desktop app: a .gguf file named relative to the pipeline is allowed, and an http model stays a name", async () => {
    const home = tempDir("gguf-desktop-ok");
    const access = new FileAccess({ examplesDir: EXAMPLES, untitledDir: join(home, "Foresight"), recent: new RecentFiles(null) });
    const file = access.grant(join(home, "p", "mine.foresight.json"));
    const { handlers } = editor(access);
    const refusedAt = async (llm: Record<string, unknown>) => (await handlers.validate({ doc: llmPipeline(llm), path: file })).filter((problem) => problem.pointer.startsWith(POLICY())).map((problem) => problem.message);
    expect(await refusedAt({ provider: "embedded", model: "../models/tiny.gguf" })).not.toContainEqual(expect.stringMatching(/not a model file/));
    expect(await refusedAt({ provider: "http", model: "/etc/passwd" })).toEqual([]);
  });

  it("serve: the GGUF file and the response cache folder must lie under --root (or the shipped folders)", async () => {
    const root = tempDir("gguf-serve");
    const { handlers } = editor(new RootFolder(root, { shipped: [EXAMPLES, resolve("assets", "models")] }));
    const outside = (path: string) => `${path}: outside the root folder ${new RootFolder(root).path}; paths must stay inside it`;
    for (const target of ["/etc/passwd", "/etc/no-such-file.gguf", "../elsewhere/model.gguf"]) {
      const doc = llmPipeline({ provider: "embedded", model: target, cache: "off" });
      expect(await handlers.validate({ doc, path: "mine.foresight.json" })).toEqual([{ code: "bad-param", pointer: `${POLICY()}/model`, nodeId: "policy", message: outside(target) }]);
      await expect((async () => handlers.startRun({ doc, path: "mine.foresight.json", options: { episodes: 1, traceLevel: "off" } }))()).rejects.toThrow(outside(target));
    }
    const cached = llmPipeline({ provider: "embedded", model: "models/tiny.gguf", cacheDir: "/tmp/elsewhere-cache" });
    expect(await handlers.validate({ doc: cached, path: "mine.foresight.json" })).toContainEqual({ code: "bad-param", pointer: `${POLICY()}/cacheDir`, nodeId: "policy", message: outside("/tmp/elsewhere-cache") });
    const inside = await handlers.validate({ doc: llmPipeline({ provider: "embedded", model: "models/tiny.gguf" }), path: "mine.foresight.json" });
    expect(inside.filter((problem) => /outside the root/.test(problem.message))).toEqual([]);
  });
});
