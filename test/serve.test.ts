import { createHash } from "node:crypto";
import { linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinNodeKinds } from "../nodes/index.js";
import type { PipelineDocument, SaveConflict, SavedFile } from "../protocol/index.js";
import { readModelInfo } from "../runtime/inference/model-info.js";
import { formatProblem } from "../runtime/pipeline/problem.js";
import { jsonPlaces } from "../runtime/pipeline/json-places.js";
import { portTypes } from "../runtime/ports.js";
import { upgrade, useEditorServer } from "./fixtures/editor-server.js";
import { foresight, type EditablePipeline } from "./fixtures/foresight-process.js";
import { until } from "./fixtures/wait.js";

const session = useEditorServer();

const exampleDoc = (name: string): EditablePipeline => JSON.parse(readFileSync(`examples/${name}.foresight.json`, "utf8"));

/** The answer of a save that was made: a conflict fails the test. */
function written(answer: SavedFile | SaveConflict): SavedFile {
  if ("conflict" in answer) return expect.unreachable(`the save found a conflict: ${answer.conflict}`);
  return answer;
}

describe("foresight serve: the editor's API", () => {
  it("describes every kind: ports, JSON-Schema params, and defaults that make valid pipelines", async () => {
    const { kinds, portTypes: colours } = await session.api.describeKinds();
    expect(kinds.map((k) => k.kind)).toEqual(builtinNodeKinds.map((k) => k.kind));
    expect(colours.map((c) => c.type)).toEqual(portTypes);
    for (const { colour } of colours) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
    for (const kind of kinds) {
      expect(kind.paramsSchema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(builtinNodeKinds.find((k) => k.kind === kind.kind)!.params.safeParse(kind.defaults).success).toBe(true);
    }
    expect(kinds.find((k) => k.kind === "environment")).toMatchObject({ role: "environment", maxPerPipeline: 1, defaults: { name: "gridworld", map: "lava-bridge" } });
    expect(kinds.find((k) => k.kind === "q-scorer")!.inputs).toEqual([
      { name: "candidates", type: "candidates", description: expect.any(String), required: true },
      { name: "environment", type: "environment", description: expect.any(String), required: "depends-on-params" },
    ]);
    // A pipeline drawn from the palette alone: every node with its kind's defaults, wired as the shipped examples are.
    // (The look-ahead example scores by its rollout's "return": there the executor's and collector's score columns stay the file's.)
    const keep: Record<string, Record<string, string[]>> = { "gridworld-lookahead": { executor: ["score"], dataset: ["scoreColumn"] } };
    for (const example of ["gridworld-vgps", "gridworld-lookahead"]) {
      const doc = exampleDoc(example);
      for (const node of doc.nodes) {
        const kept = Object.fromEntries((keep[example]?.[node.kind] ?? []).map((name) => [name, node.params[name]]));
        node.params = { ...kinds.find((k) => k.kind === node.kind)!.defaults, ...kept };
      }
      expect(await session.api.validate(doc, `examples/${example}.foresight.json`)).toEqual([]);
    }
  });

  it("lists pipeline files, models and templates; run folders' copies are left out", async () => {
    mkdirRunCopy(session.editor.root);
    const listing = await session.api.listFiles();
    expect(listing.files.map((f) => f.path)).toEqual(readdirSync("examples").map((name) => `examples/${name}`).sort());
    expect(listing.models).toEqual(readdirSync("assets/models").map((name) => `assets/models/${name}`).sort());
    expect(listing.templates.map((t) => t.name)).toContain("gridworld-vgps");
    const template = listing.templates.find((t) => t.name === "gridworld-vgps-onnx")!.doc;
    // A template opens untitled; its baseDir keeps its model paths pointing at the shipped models.
    expect(template).toEqual({ ...exampleDoc("gridworld-vgps-onnx"), baseDir: resolve("examples") });
    expect(await session.api.validate(template)).toEqual([]);
    expect(await session.api.validate(template, "elsewhere/mine.foresight.json")).toEqual([]);
  });

  it("opens a file and saves it in the stable format `foresight format` writes, atomically", async () => {
    const opened = await session.api.readFile("examples/gridworld-vgps.foresight.json");
    expect(opened.text).toBe(readFileSync("examples/gridworld-vgps.foresight.json", "utf8"));
    expect(opened.doc).toEqual(JSON.parse(opened.text));
    // What an editor sends: keys in any order, a moved node.
    const edited = shuffledKeys({ ...opened.doc, name: "edited" }) as PipelineDocument;
    (edited["nodes"] as EditablePipeline)[0].position = { y: 5, x: 7 };
    const expected = join(session.editor.root, "by-cli.foresight.json");
    writeFileSync(expected, JSON.stringify(edited));
    expect(foresight("format", expected).code).toBe(0);

    const target = join(session.editor.root, "mine/copy.foresight.json");
    const saved = written(await session.api.saveFile("mine/copy.foresight.json", edited));
    const text = readFileSync(expected, "utf8");
    expect(saved).toEqual({ path: "mine/copy.foresight.json", text, hash: createHash("sha256").update(text).digest("hex") });
    expect(readFileSync(target, "utf8")).toBe(saved.text);
    // Saving replaces the file by a rename: a hard link to the old file keeps the old text, and no temporary is left.
    const old = join(session.editor.root, "mine/old-link");
    linkSync(target, old);
    const again = written(await session.api.saveFile("mine/copy.foresight.json", { ...edited, name: "edited again" }));
    expect(readFileSync(old, "utf8")).toBe(saved.text);
    expect(readFileSync(target, "utf8")).toBe(again.text);
    expect(readdirSync(join(session.editor.root, "mine")).sort()).toEqual(["copy.foresight.json", "old-link"]);
    expect((await session.api.listFiles()).recent.slice(0, 2)).toEqual(["mine/copy.foresight.json", "examples/gridworld-vgps.foresight.json"]);
  });

  it("saves over the file as the editor read or last wrote it, or where it expects none; anything else is a conflict that writes nothing", async () => {
    const path = "mine/conflict.foresight.json";
    const file = join(session.editor.root, path);
    const doc = exampleDoc("gridworld-vgps");
    const first = written(await session.api.saveFile(path, doc, null));
    expect(await session.api.saveFile(path, { ...doc, name: "save as again" }, null)).toEqual({ path, conflict: "exists" });
    const second = written(await session.api.saveFile(path, { ...doc, name: "second" }, first.hash));

    // Another writer since: a hand edit, then `foresight format`.
    writeFileSync(file, second.text.replace('"name": "second"', '"name": "by hand"'));
    expect(foresight("format", file).code).toBe(0);
    const byHand = readFileSync(file, "utf8");
    expect(await session.api.saveFile(path, { ...doc, name: "mine" }, second.hash)).toEqual({ path, conflict: "changed" });
    expect(readFileSync(file, "utf8")).toBe(byHand);

    // Read again, the file's hash is the one a save may replace; without onDisk a save replaces whatever is there.
    const reread = await session.api.readFile(path);
    expect(reread.doc["name"]).toBe("by hand");
    written(await session.api.saveFile(path, { ...doc, name: "mine" }, reread.hash));
    expect(JSON.parse(readFileSync(file, "utf8")).name).toBe("mine");
    written(await session.api.saveFile(path, { ...doc, name: "replaced" }));
    expect(JSON.parse(readFileSync(file, "utf8")).name).toBe("replaced");
    // A file deleted since it was read is written again, as other editors do.
    rmSync(file);
    written(await session.api.saveFile(path, doc, reread.hash));
    expect(JSON.parse(readFileSync(file, "utf8")).name).toBe(doc.name);
    await expect(session.api.saveFile(path, doc, "not-a-hash")).rejects.toThrow("onDisk: must be the file's hash");
  });

  it("reports the same problems as `foresight validate` for a broken file", async () => {
    const doc = exampleDoc("gridworld-vgps-onnx");
    doc.nodes[2].params.n = 0;
    doc.nodes[1].kind = "polcy";
    doc.edges.push({ from: "sampler.candidates", to: "executor.candidates" });
    const file = join(session.editor.root, "examples/broken.foresight.json");
    writeFileSync(file, JSON.stringify(doc));
    const cli = foresight("validate", file);
    expect(cli.code).toBe(2);
    const problems = await session.api.validate((await session.api.readFile("examples/broken.foresight.json")).doc, "examples/broken.foresight.json");
    expect(problems.length).toBeGreaterThan(2);
    const placeOf = jsonPlaces(readFileSync(file, "utf8"));
    expect(problems.map((p) => formatProblem(p, file, placeOf(p.pointer)))).toEqual(cli.stderr.trim().split("\n").slice(0, -1));
  });

  it("resolves model paths against the pipeline's folder: validation finds the model, modelInfo lists its ports", async () => {
    const doc = exampleDoc("gridworld-vgps-onnx");
    expect(await session.api.validate(doc, "examples/gridworld-vgps-onnx.foresight.json")).toEqual([]);
    // Saved one folder up, the same relative path leaves the root: refused, never read.
    expect((await session.api.validate(doc, "elsewhere.foresight.json"))[0]!.message).toContain("../assets/models/gridworld-q.onnx: outside the root folder");
    expect((await session.api.validate(doc, "sub/deeper/elsewhere.foresight.json"))[0]!.message).toContain("ONNX model not found");
    const info = await session.api.modelInfo("../assets/models/gridworld-q.onnx", "examples/gridworld-vgps-onnx.foresight.json");
    const expected = readModelInfo("assets/models/gridworld-q.onnx");
    expect(info).toEqual({ ...expected, path: "assets/models/gridworld-q.onnx" });
    expect(info.inputs.length).toBeGreaterThan(0);
    await expect(session.api.modelInfo("../assets/models/none.onnx", "examples/x.foresight.json")).rejects.toThrow("ONNX model not found");
  });

  it("answers malformed messages with error replies and goes on serving", async () => {
    const { socket } = await upgrade(session.editor.apiUrl, session.editor.origin);
    const replies: unknown[] = [];
    socket!.on("message", (data) => replies.push(JSON.parse(data.toString())));
    const frames: (string | Buffer)[] = [
      "not json",
      "[1, 2]",
      JSON.stringify({ id: 1 }),
      JSON.stringify({ id: 2, method: "deleteEverything" }),
      JSON.stringify({ id: 3, method: "readFile", params: { path: 5 } }),
      JSON.stringify({ id: 4, method: "startRun", params: { doc: {}, path: "x.foresight.json", options: { episodes: -1 } } }),
      JSON.stringify({ id: 5, method: "controlRun", params: { runId: "nope", action: "pause" } }),
      JSON.stringify({ id: 6, method: "readFile", params: { path: "examples/none.foresight.json" } }),
      Buffer.from([1, 2, 3]),
      JSON.stringify({ id: 7, method: "listFiles" }),
    ];
    for (const frame of frames) socket!.send(frame, { binary: typeof frame !== "string" });
    await until(() => replies.length === frames.length);
    socket!.close();
    const byId = (id: unknown) => replies.find((r) => (r as { id: unknown }).id === id) as { error?: { message: string }; result?: unknown };
    const anonymous = replies.filter((r) => (r as { id: unknown }).id === null) as { error: { message: string } }[];
    expect(anonymous.map((r) => r.error.message).sort()).toEqual([
      expect.stringContaining("binary frames"),
      expect.stringContaining("not JSON"),
      expect.stringContaining("not a request"),
    ]);
    expect(byId(1).error!.message).toContain("method");
    expect(byId(2).error!.message).toBe('unknown method "deleteEverything"; the methods are describeKinds, listFiles, readFile, saveFile, validate, modelInfo, startRun, controlRun, forkRun, listRuns, listLiveRuns, episodesInProgress, openRun, readEpisode, trustInfo, listSweeps, openSweep, writeReport, annotateRun, deleteRun');
    expect(byId(3).error!.message).toMatch(/^readFile: path: .*expected string/);
    expect(byId(4).error!.message).toMatch(/^startRun: options\.episodes: /);
    expect(byId(5).error!.message).toContain('no run "nope"');
    expect(byId(6).error!.message).toContain("cannot read the file");
    expect(byId(7).result).toMatchObject({ files: expect.any(Array) });
  });
});

/** A run folder holds a copy of the pipeline; listFiles leaves <root>/runs out. */
function mkdirRunCopy(root: string): void {
  const dir = join(root, "runs/some-run");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "pipeline.foresight.json"), "{}");
}

function shuffledKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shuffledKeys);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, shuffledKeys(v)]));
  return value;
}
