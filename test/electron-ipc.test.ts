import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { FileAccess } from "../electron/file-access.js";
import { answerBridgeCall, bridgeMethodNames, type DesktopHandlers } from "../electron/ipc.js";
import { PAGE_URL } from "../electron/page-protocol.js";
import { RecentFiles } from "../host/editor-api/recent-files.js";
import type { Push, RunEnded } from "../protocol/index.js";
import { answerMessage } from "../host/editor-api/answer.js";
import type { createEditorApi as CreateEditorApi, createHostRuns as CreateHostRuns } from "../host/editor-api/editor-api.js";
import type { Handlers } from "../host/editor-api/handlers.js";
import { tempDir } from "./fixtures/foresight-process.js";

// Runs go to worker threads, which run JavaScript: use the build (npm test builds first).
const { createEditorApi, createHostRuns } = (await import(resolve("dist/host/editor-api/editor-api.js"))) as { createEditorApi: typeof CreateEditorApi; createHostRuns: typeof CreateHostRuns };
// The desktop policy from the build too: the API tells a refused path by its class (PathRefused), which must be the build's.
const { FileAccess: BuiltFileAccess } = (await import(resolve("dist/electron/file-access.js"))) as { FileAccess: typeof FileAccess };

const PAGE = PAGE_URL;
const top = { url: PAGE, parent: null };

function fakeHandlers() {
  const api = {
    describeKinds: vi.fn(() => ({ kinds: [], portTypes: [] })),
    readFile: vi.fn(({ path }: { path: string }) => ({ path, doc: {}, text: "{}" })),
  } as unknown as Handlers;
  const desktop: DesktopHandlers = {
    ready: vi.fn(() => null),
    chooseOpenFile: vi.fn(async () => "/chosen.foresight.json"),
    chooseSaveFile: vi.fn(async () => null),
    setDocumentState: vi.fn(() => null),
  };
  return { api, desktop };
}

describe("the bridge's IPC: main checks every call", () => {
  it("answers the app's own top frame, with or without a query or fragment", async () => {
    const handlers = fakeHandlers();
    expect(await answerBridgeCall(top, PAGE, "readFile", { path: "/a.foresight.json" }, handlers)).toEqual({ id: 0, result: { path: "/a.foresight.json", doc: {}, text: "{}" } });
    expect(await answerBridgeCall({ url: `${PAGE}?x=1#y`, parent: null }, PAGE, "describeKinds", {}, handlers)).toMatchObject({ result: { kinds: [] } });
  });

  it("refuses sub-frames, other pages, another file and a missing frame, before any handler runs", async () => {
    const handlers = fakeHandlers();
    for (const frame of [
      { url: PAGE, parent: top },
      { url: "https://evil.example/index.html", parent: null },
      { url: "file:///tmp/index.html", parent: null },
      { url: "file:///opt/Foresight/resources/app.asar/dist/renderer/index.html", parent: null },
      { url: "foresight-app://other/index.html", parent: null },
      { url: "http://editor/index.html", parent: null },
      { url: "not a url", parent: null },
      null,
      undefined,
    ]) {
      expect(await answerBridgeCall(frame, PAGE, "readFile", { path: "/a.foresight.json" }, handlers)).toEqual({ id: 0, error: { message: "refused: the call does not come from the editor's page" } });
    }
    expect(handlers.api.readFile).not.toHaveBeenCalled();
  });

  it("checks protocol params with the server's zod schemas and gives the server's exact messages", async () => {
    const handlers = fakeHandlers();
    const cases: [unknown, unknown][] = [
      ["readFile", { path: 3 }],
      ["readFile", { path: "/a.foresight.json", extra: true }],
      ["startRun", { doc: {}, path: "/a.foresight.json", options: { episodes: 0 } }],
      ["nope", {}],
      [42, {}],
      ["controlRun", { runId: "r", action: "explode" }],
    ];
    for (const [method, params] of cases) {
      const desktop = await answerBridgeCall(top, PAGE, method, params, handlers);
      const server = await answerMessage({ id: 0, method, params }, handlers.api);
      expect(desktop).toHaveProperty("error");
      expect(desktop).toEqual(server);
    }
    expect(handlers.api.readFile).not.toHaveBeenCalled();
  });

  it("checks the desktop methods' params and calls their handlers", async () => {
    const handlers = fakeHandlers();
    expect(await answerBridgeCall(top, PAGE, "chooseOpenFile", {}, handlers)).toEqual({ id: 0, result: "/chosen.foresight.json" });
    expect(await answerBridgeCall(top, PAGE, "setDocumentState", { path: null, name: "x", dirty: "yes" }, handlers)).toMatchObject({ error: { message: expect.stringContaining("dirty") } });
    expect(await answerBridgeCall(top, PAGE, "chooseSaveFile", { suggestedName: "x", sneaky: 1 }, handlers)).toHaveProperty("error");
    expect(handlers.desktop.setDocumentState).not.toHaveBeenCalled();
    expect(await answerBridgeCall(top, PAGE, "setDocumentState", { path: null, name: "x", dirty: true }, handlers)).toEqual({ id: 0, result: null });
    expect(handlers.desktop.setDocumentState).toHaveBeenCalledWith({ path: null, name: "x", dirty: true });
  });

  it("lists every method of the protocol and of the desktop", () => {
    expect(bridgeMethodNames()).toEqual(["describeKinds", "listFiles", "readFile", "saveFile", "validate", "modelInfo", "startRun", "controlRun", "forkRun", "listRuns", "listLiveRuns", "episodesInProgress", "openRun", "readEpisode", "trustInfo", "listSweeps", "openSweep", "writeReport", "annotateRun", "deleteRun", "ready", "chooseOpenFile", "chooseSaveFile", "setDocumentState"]);
  });
});

function desktopApi() {
  const home = tempDir("desktop-api");
  const recent = new RecentFiles(join(home, "recent.json"));
  const remembered: string[] = [];
  const access = new BuiltFileAccess({
    examplesDir: resolve("examples"),
    untitledDir: join(home, "Documents", "Foresight"),
    recent,
    onRemember: (file) => remembered.push(file),
  });
  const pushes: Push[] = [];
  const api = createEditorApi(access, { examplesDir: resolve("examples"), publish: (push) => pushes.push(push) });
  return { home, access, pushes, remembered, api, handlers: api.handlers };
}

describe("the desktop window's API (server handlers over the desktop file policy)", () => {
  it("opens and saves granted files only (absolute paths, stable format), remembering them as recent", async () => {
    const { home, access, handlers, remembered } = desktopApi();
    const file = join(home, "project", "vgps.foresight.json");
    mkdirSync(join(home, "project"));
    copyFileSync("examples/gridworld-vgps.foresight.json", file);
    await expect(async () => handlers.readFile({ path: file })).rejects.toThrow(/only opens files you choose/);
    access.grant(file);
    const opened = await handlers.readFile({ path: file });
    expect(opened.path).toBe(file);
    expect(opened.doc["name"]).toBe("gridworld-vgps");
    const target = access.grant(join(home, "project", "copy.foresight.json"));
    const saved = await handlers.saveFile({ path: target, doc: opened.doc });
    if ("conflict" in saved) expect.unreachable(`a save over nothing found a conflict: ${saved.conflict}`);
    expect(saved.path).toBe(target);
    expect(readFileSync(target, "utf8")).toBe(saved.text);
    expect(remembered).toEqual([file, target]);
    const listing = await handlers.listFiles({});
    expect(listing.recent).toEqual([target, file]);
    expect(listing.files.map((f) => f.path)).toEqual([target, file]);
    expect(listing.templates.map((t) => t.name)).toContain("gridworld-vgps");
    await expect(async () => handlers.saveFile({ path: join(home, "elsewhere.foresight.json"), doc: opened.doc })).rejects.toThrow(/only opens files you choose/);
    await expect(async () => handlers.saveFile({ path: resolve("examples/gridworld-vgps.foresight.json"), doc: opened.doc })).rejects.toThrow(/a shipped template is read-only: use File › Save As/);
  });

  it("validates and reads model info relative to the file (untitled: the template's baseDir)", async () => {
    const { handlers } = desktopApi();
    const listing = await handlers.listFiles({});
    const onnx = listing.templates.find((t) => t.name === "gridworld-vgps-onnx")!;
    expect(await handlers.validate({ doc: onnx.doc })).toEqual([]);
    const info = await handlers.modelInfo({ modelPath: "../assets/models/gridworld-q.onnx", pipelinePath: "untitled.foresight.json", baseDir: onnx.doc["baseDir"] as string });
    expect(info.path).toBe(resolve("assets/models/gridworld-q.onnx"));
    expect(info.inputs.length).toBeGreaterThan(0);
    await expect(async () => handlers.modelInfo({ modelPath: "../package.json", pipelinePath: "untitled.foresight.json", baseDir: resolve("examples") })).rejects.toThrow(/not a model file/);
  });

  it("refuses a pipeline's model path that is not an .onnx file, before reading it, for validate and startRun", async () => {
    const { handlers } = desktopApi();
    const doc = JSON.parse(readFileSync("examples/gridworld-vgps-onnx.foresight.json", "utf8")) as { nodes: { kind: string; params: Record<string, unknown> }[] };
    const index = doc.nodes.findIndex((node) => node.kind === "q-scorer");
    doc.nodes[index]!.params = { ...doc.nodes[index]!.params, model: "/etc/shadow" };
    const problems = await handlers.validate({ doc, path: undefined });
    expect(problems).toEqual([expect.objectContaining({ pointer: `/nodes/${index}/params/model`, message: expect.stringContaining("/etc/shadow: not a model file") })]);
    expect(JSON.stringify(problems)).not.toMatch(/wire type|EACCES|ENOENT/);
    expect(() => handlers.startRun({ doc, path: "untitled.foresight.json" })).toThrow(/\/etc\/shadow: not a model file/);
  });

  it("runs in a worker thread, pushes events to its window, and writes the run folder to runs/ beside the file", async () => {
    const { home, access, api, pushes } = desktopApi();
    const file = access.grant(join(home, "vgps.foresight.json"));
    copyFileSync("examples/gridworld-vgps.foresight.json", file);
    const doc = JSON.parse(readFileSync(file, "utf8"));
    const { runId } = await api.handlers.startRun({ doc, path: file, options: { episodes: 3, seed: 1, traceLevel: "steps" } });
    let ended: RunEnded | undefined;
    while (!ended) {
      await new Promise((r) => setTimeout(r, 20));
      ended = pushes.find((p): p is Extract<Push, { push: "run.ended" }> => p.push === "run.ended" && p.runId === runId);
    }
    if (ended.outcome !== "finished") throw new Error(JSON.stringify(ended));
    expect(ended.runDir.startsWith(join(home, "runs"))).toBe(true);
    expect(existsSync(join(ended.runDir, "summary.json"))).toBe(true);
    expect(pushes.some((p) => p.push === "run.events" && p.runId === runId && p.events.length > 0)).toBe(true);
    await expect(async () => api.handlers.startRun({ doc, path: join(home, "other.foresight.json") })).rejects.toThrow(/only opens files you choose/);
    await api.close();
  });

  it("lists, opens and reads the runs beside the files the user opened, and refuses other folders", async () => {
    const { home, access, api, pushes } = desktopApi();
    const file = access.grant(join(home, "vgps.foresight.json"));
    copyFileSync("examples/gridworld-vgps.foresight.json", file);
    const doc = JSON.parse(readFileSync(file, "utf8"));
    const { runId } = await api.handlers.startRun({ doc, path: file, options: { episodes: 2, seed: 1, traceLevel: "steps" } });
    while (!pushes.some((p) => p.push === "run.ended" && p.runId === runId)) await new Promise((r) => setTimeout(r, 20));
    const runs = await api.handlers.listRuns({});
    expect(runs).toHaveLength(1);
    const runDir = runs[0]!.runDir;
    expect(runDir.startsWith(join(home, "runs"))).toBe(true);
    const record = await api.handlers.openRun({ runDir });
    expect(record.episodes.map((e) => e.episode)).toEqual([0, 1]);
    const events = await api.handlers.readEpisode({ runDir, episode: 1 });
    expect(events[0]?.type).toBe("episode.start");
    expect(events.filter((e) => e.type === "step.end").length).toBe(record.episodes[1]!.steps);
    const elsewhere = join(home, "elsewhere", "runs", "x");
    mkdirSync(elsewhere, { recursive: true });
    await expect(async () => api.handlers.openRun({ runDir: elsewhere })).rejects.toThrow(/not a run folder of a pipeline you opened/);
    // A setting's run inside a sweep folder in runs/ opens (the sweep's table links to it); a run folder nested in another run's does not.
    const sweep = join(home, "runs", "vgps-sweep-20261206-120000-000");
    cpSync(runDir, join(sweep, "setting-run"), { recursive: true });
    writeFileSync(join(sweep, "sweep.json"), "{}");
    expect((await api.handlers.openRun({ runDir: join(sweep, "setting-run") })).episodes).toHaveLength(2);
    mkdirSync(join(runDir, "nested"));
    await expect(async () => api.handlers.openRun({ runDir: join(runDir, "nested") })).rejects.toThrow(/not a run folder of a pipeline you opened/);
    await api.close();
  });

  it("shares its runs between windows: one started in a window is listed, watched and stopped from another, and outlives the window that started it", async () => {
    const { home, access } = desktopApi();
    // As electron/desktop-app.ts wires it: one HostRuns for the app, its pushes to every window.
    const seen: Push[][] = [[], []];
    const runs = createHostRuns(access, (push) => seen.forEach((pushes) => pushes.push(push)));
    const [first, second] = [0, 1].map(() => createEditorApi(access, { examplesDir: resolve("examples"), publish: () => undefined, runs }));
    const file = access.grant(join(home, "vgps.foresight.json"));
    copyFileSync("examples/gridworld-vgps.foresight.json", file);
    const doc = JSON.parse(readFileSync(file, "utf8"));
    const { runId } = await first!.handlers.startRun({ doc, path: file, options: { episodes: 1_000_000, seed: 1, traceLevel: "off" } });
    while (!(await second!.handlers.listLiveRuns({})).some((run) => run.runId === runId && run.episodesDone > 0)) await new Promise((r) => setTimeout(r, 20));

    await first!.close();
    const before = (await second!.handlers.listLiveRuns({})).find((run) => run.runId === runId)!.episodesDone;
    // It goes on without the window that started it: its count grows (however slowly a loaded machine runs it).
    await expect.poll(async () => (await second!.handlers.listLiveRuns({})).find((run) => run.runId === runId)?.episodesDone, { timeout: 15_000 }).toBeGreaterThan(before);

    second!.handlers.controlRun({ runId, action: "stop" });
    const ended = (pushes: Push[]) => pushes.find((p): p is Extract<Push, { push: "run.ended" }> => p.push === "run.ended" && p.runId === runId);
    while (!ended(seen[1]!)) await new Promise((r) => setTimeout(r, 20));
    // A stopped run finishes: its summary says stopped.
    const outcome = ended(seen[1]!)!;
    if (outcome.outcome !== "finished") throw new Error(JSON.stringify(outcome));
    expect(outcome.summary.status).toBe("stopped");
    expect(ended(seen[0]!)).toEqual(outcome);
    expect(existsSync(join(outcome.runDir, "summary.json"))).toBe(true);
    expect(await second!.handlers.listLiveRuns({})).toEqual([]);
    await second!.close();
    await runs.stopAll();
  }, 30_000);
});
