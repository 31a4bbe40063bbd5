import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunEnded } from "../protocol/index.js";
import { useEditorServer } from "./fixtures/editor-server.js";
import { tempDir } from "./fixtures/foresight-process.js";
import { sleep } from "./fixtures/wait.js";

const session = useEditorServer();

const ONNX = "examples/gridworld-vgps-onnx.foresight.json";
interface Pipeline extends Record<string, unknown> {
  baseDir?: string;
  nodes: { id: string; kind: string; params: Record<string, unknown> }[];
}
const onnxDoc = (): Pipeline => JSON.parse(readFileSync(ONNX, "utf8")) as Pipeline;
/** The pipeline with its Q-model at `model` (as its params name it) and, if given, its baseDir. */
function naming(model: string, baseDir?: string) {
  const doc = onnxDoc();
  const scorer = doc.nodes.find((node) => node.kind === "q-scorer")!;
  scorer.params = { ...scorer.params, model };
  return baseDir === undefined ? doc : { ...doc, baseDir };
}
const scorerPointer = () => `/nodes/${onnxDoc().nodes.findIndex((node) => node.kind === "q-scorer")}/params/model`;

let outside: string;

beforeAll(() => {
  // A real model outside the root: reachable by path, so only the policy keeps it out.
  outside = tempDir("serve-outside");
  copyFileSync("assets/models/gridworld-q.onnx", join(outside, "x.onnx"));
  symlinkSync(outside, join(session.editor.root, "escape"));
});
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const runFolders = () => (existsSync(join(session.editor.root, "runs")) ? readdirSync(join(session.editor.root, "runs")) : []);

describe("foresight serve: a pipeline's baseDir and model paths stay inside the root", () => {
  it("validate refuses a baseDir or model outside, and says the same whether the file there exists or not", async () => {
    const shadow = await session.api.validate(naming("shadow", "/etc"), ONNX);
    expect(shadow).toEqual([
      { code: "bad-field", pointer: "/baseDir", message: `/etc: outside the root folder ${session.editor.root}; paths must stay inside it` },
      { code: "bad-param", pointer: scorerPointer(), nodeId: "q", message: `shadow: outside the root folder ${session.editor.root}; paths must stay inside it` },
    ]);
    const missing = await session.api.validate(naming("no-such-file", "/etc"), ONNX);
    expect(missing.map((p) => p.message.replace("no-such-file", "shadow"))).toEqual(shadow.map((p) => p.message));
    expect(JSON.stringify(shadow)).not.toMatch(/ONNX|wire type|EACCES|ENOENT|exist/);

    const real = relative(join(session.editor.root, "examples"), join(outside, "x.onnx"));
    const gone = relative(join(session.editor.root, "examples"), join(outside, "gone.onnx"));
    for (const model of [real, join(outside, "x.onnx"), "../escape/x.onnx"]) {
      expect(await session.api.validate(naming(model), ONNX)).toEqual([
        { code: "bad-param", pointer: scorerPointer(), nodeId: "q", message: `${model}: outside the root folder ${session.editor.root}; paths must stay inside it` },
      ]);
    }
    expect((await session.api.validate(naming(gone), ONNX))[0]!.message).toBe(`${gone}: outside the root folder ${session.editor.root}; paths must stay inside it`);
    // Inside the root, and the shipped templates (which name the shipped models by absolute path), still validate.
    expect(await session.api.validate(onnxDoc(), ONNX)).toEqual([]);
    const template = (await session.api.listFiles()).templates.find((t) => t.name === "gridworld-vgps-onnx")!.doc;
    expect(await session.api.validate(template, "mine.foresight.json")).toEqual([]);
  });

  it("startRun and forkRun refuse such a pipeline before any worker or run folder exists", async () => {
    const before = runFolders();
    await expect(session.api.startRun(naming("x.onnx", outside), ONNX, { episodes: 1 })).rejects.toThrow(
      `startRun: the pipeline names files this editor may not use: /baseDir: ${outside}: outside the root folder`,
    );
    await expect(session.api.startRun(naming(join(outside, "x.onnx")), ONNX, { episodes: 1 })).rejects.toThrow(
      `startRun: the pipeline names files this editor may not use: ${scorerPointer()} (node q): ${join(outside, "x.onnx")}: outside the root folder`,
    );

    const ended = new Map<string, RunEnded>();
    session.api.onRunEnded((end) => ended.set(end.runId, end));
    const { runId } = await session.api.startRun(onnxDoc(), ONNX, { episodes: 1, seed: 1 });
    while (!ended.has(runId)) await sleep(20);
    const done = ended.get(runId)!;
    expect(done.outcome).toBe("finished");
    const runDir = (done as Extract<RunEnded, { outcome: "finished" }>).runDir;
    await expect(session.api.forkRun({ runDir, episode: 0, step: 1, doc: naming("../escape/x.onnx"), path: ONNX })).rejects.toThrow(
      `forkRun: the pipeline names files this editor may not use: ${scorerPointer()} (node q): ../escape/x.onnx: outside the root folder`,
    );
    expect(runFolders()).toEqual([...before, runDir.split("/").pop()]);
  });

  it("modelInfo refuses a baseDir outside the root too", async () => {
    await expect(session.api.modelInfo("x.onnx", ONNX, outside)).rejects.toThrow(`modelInfo: ${outside}: outside the root folder`);
    await expect(session.api.modelInfo("shadow", ONNX, "/etc")).rejects.toThrow("modelInfo: /etc: outside the root folder");
  });
});
