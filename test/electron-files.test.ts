import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { closeDecision, droppedPipelineFiles, filesFromArgv, saveFellThrough, unsavedChangesPrompt, windowTitle, withPipelineSuffix } from "../electron/documents.js";
import { answerMessage } from "../host/editor-api/answer.js";
import { createEditorApi } from "../host/editor-api/editor-api.js";
import type { SavedFile } from "../protocol/index.js";
import { FileAccess } from "../electron/file-access.js";
import { RecentFiles } from "../host/editor-api/recent-files.js";
import { PathRefused } from "../host/editor-api/file-policy.js";
import { tempDir } from "./fixtures/foresight-process.js";

const EXAMPLES = resolve("examples");

function policy(options: { caseInsensitive?: boolean } = {}) {
  const home = tempDir("desktop-files");
  const recent = new RecentFiles(join(home, "profile", "recent-files.json"));
  const access = new FileAccess({ examplesDir: EXAMPLES, untitledDir: join(home, "Documents", "Foresight"), recent, ...options });
  return { home, recent, access };
}

describe("desktop file access: only files the user chose outside the page", () => {
  it("refuses a pipeline file until it is granted (dialog, OS, drop), then allows reading and writing it", () => {
    const { home, access } = policy();
    const file = join(home, "mine.foresight.json");
    expect(() => access.readable(file)).toThrow(PathRefused);
    expect(() => access.writable(file)).toThrow(/only opens files you choose/);
    expect(access.grant(file)).toBe(file);
    expect(access.readable(file)).toBe(file);
    expect(access.writable(join(home, ".", "mine.foresight.json"))).toBe(file);
    // A neighbour of a granted file is still refused, and so is a way round through "..".
    expect(() => access.readable(join(home, "other.foresight.json"))).toThrow(PathRefused);
    expect(() => access.writable(join(home, "sub", "..", "other.foresight.json"))).toThrow(PathRefused);
  });

  it("refuses relative paths, NUL bytes and files that are not pipelines, even when granted", () => {
    const { home, access } = policy();
    access.grant(join(home, "notes.txt"));
    expect(() => access.readable("mine.foresight.json")).toThrow(PathRefused);
    expect(() => access.readable(`${home}/x\0.foresight.json`)).toThrow(PathRefused);
    expect(() => access.readable(join(home, "notes.txt"))).toThrow(/not a pipeline file/);
    expect(access.isGranted("relative.foresight.json")).toBe(false);
  });

  it("allows the recent list's files (only opened or saved files get there) and the examples read-only", () => {
    const { home, recent, access } = policy();
    const file = join(home, "old.foresight.json");
    recent.add(file);
    expect(access.readable(file)).toBe(file);
    expect(access.writable(file)).toBe(file);
    const example = join(EXAMPLES, "gridworld-vgps.foresight.json");
    expect(access.readable(example)).toBe(example);
    expect(() => access.writable(example)).toThrow(PathRefused);
    expect(() => access.readable(join(EXAMPLES, "..", "package.json"))).toThrow(PathRefused);
  });

  it("compares paths case-insensitively where the file system does", () => {
    const { home, access } = policy({ caseInsensitive: true });
    access.grant(join(home, "Mine.foresight.json"));
    expect(access.isGranted(join(home, "MINE.foresight.json"))).toBe(true);
    const strict = policy().access;
    strict.grant(join(home, "Mine.foresight.json"));
    expect(strict.isGranted(join(home, "MINE.foresight.json"))).toBe(false);
  });

  it("resolves an untitled document in the untitled folder, models only as .onnx, and runs beside the file", () => {
    const { home, access } = policy();
    expect(access.context(undefined)).toBe(join(home, "Documents", "Foresight", "untitled.foresight.json"));
    expect(access.context("untitled.foresight.json")).toBe(join(home, "Documents", "Foresight", "untitled.foresight.json"));
    expect(() => access.context("elsewhere.foresight.json")).toThrow(PathRefused);
    const file = access.grant(join(home, "p", "mine.foresight.json"));
    expect(access.context(file)).toBe(file);
    expect(access.runsDir(file)).toBe(join(home, "p", "runs"));
    expect(access.runsDir(join(EXAMPLES, "gridworld-vgps.foresight.json"))).toBe(join(home, "Documents", "Foresight", "runs"));
    expect(access.model(join(home, "p"), "../models/q.onnx")).toBe(join(home, "models", "q.onnx"));
    expect(() => access.model(join(home, "p"), "../../../etc/passwd")).toThrow(/not a model file/);
  });
});

describe("recent files", () => {
  it("keeps the most recent first, without duplicates, at most the limit, and survives a restart", () => {
    const store = join(tempDir("recent"), "deep", "recent.json");
    const recent = new RecentFiles(store, 3);
    for (const name of ["a", "b", "c", "b", "d"]) recent.add(`/p/${name}.foresight.json`);
    expect(recent.list()).toEqual(["/p/d.foresight.json", "/p/b.foresight.json", "/p/c.foresight.json"]);
    expect(new RecentFiles(store, 3).list()).toEqual(recent.list());
    recent.remove("/p/b.foresight.json");
    expect(new RecentFiles(store).list()).toEqual(["/p/d.foresight.json", "/p/c.foresight.json"]);
    recent.clear();
    expect(new RecentFiles(store).list()).toEqual([]);
    // The file already first is not written again (the editor reads its file each time its window gets the focus).
    recent.add("/p/a.foresight.json");
    rmSync(store);
    recent.add("/p/a.foresight.json");
    expect(existsSync(store)).toBe(false);
    recent.add("/p/b.foresight.json");
    expect(new RecentFiles(store).list()).toEqual(["/p/b.foresight.json", "/p/a.foresight.json"]);
  });

  it("reads a damaged or foreign store as an empty list (strings only)", () => {
    const dir = tempDir("recent-bad");
    writeFileSync(join(dir, "bad.json"), "{not json");
    expect(new RecentFiles(join(dir, "bad.json")).list()).toEqual([]);
    writeFileSync(join(dir, "mixed.json"), JSON.stringify(["/a.foresight.json", 3, null, "", "/b.foresight.json"]));
    expect(new RecentFiles(join(dir, "mixed.json")).list()).toEqual(["/a.foresight.json", "/b.foresight.json"]);
    mkdirSync(join(dir, "memory"));
    const memory = new RecentFiles(null);
    memory.add("/x.foresight.json");
    expect(memory.list()).toEqual(["/x.foresight.json"]);
    expect(readFileSync(join(dir, "mixed.json"), "utf8")).toContain("/a.foresight.json");
  });
});

describe("documents from the OS and the close prompt", () => {
  it("takes pipeline files from a command line, resolved against its folder, ignoring flags and the app", () => {
    expect(filesFromArgv(["--no-sandbox", ".", "a.foresight.json", "/abs/B.FORESIGHT.JSON", "notes.json", "--flag=x.foresight.json"], "/work")).toEqual([
      resolve("/work", "a.foresight.json"),
      "/abs/B.FORESIGHT.JSON",
    ]);
    expect(filesFromArgv(["/opt/Foresight/foresight"], "/")).toEqual([]);
  });

  it("opens dropped files only when they are absolute pipeline paths", () => {
    expect(droppedPipelineFiles(["/a/x.foresight.json", "", "rel.foresight.json", "/a/y.txt", 5])).toEqual(["/a/x.foresight.json"]);
    expect(droppedPipelineFiles("/a/x.foresight.json")).toEqual([]);
  });

  it("asks Save / Don't Save / Cancel, Cancel by default on Escape, and maps the answer", () => {
    const prompt = unsavedChangesPrompt("gridworld-vgps");
    expect(prompt.buttons).toEqual(["Save", "Don't Save", "Cancel"]);
    expect(prompt.message).toContain("gridworld-vgps");
    expect(prompt.buttons[prompt.cancelId]).toBe("Cancel");
    expect([0, 1, 2].map(closeDecision)).toEqual(["save", "discard", "cancel"]);
  });

  it("gives up a close waiting for its save when the save did not happen: it failed, or found the file changed on disk", async () => {
    const { home, access } = policy();
    const api = createEditorApi(access, { examplesDir: EXAMPLES, publish: () => undefined });
    const call = (method: string, params: object) => answerMessage({ id: 0, method, params }, api.handlers);
    const file = access.grant(join(home, "mine.foresight.json"));
    const doc = JSON.parse(readFileSync("examples/gridworld-vgps.foresight.json", "utf8"));
    const saved = await call("saveFile", { path: file, doc, onDisk: null });
    expect(saveFellThrough("saveFile", saved)).toBe(false);
    const { hash } = (saved as { result: SavedFile }).result;
    writeFileSync(file, readFileSync(file, "utf8").replace("gridworld-vgps", "by hand"));
    expect(saveFellThrough("saveFile", await call("saveFile", { path: file, doc, onDisk: hash }))).toBe(true);
    expect(saveFellThrough("saveFile", await call("saveFile", { path: join(home, "not-chosen.foresight.json"), doc }))).toBe(true);
    expect(saveFellThrough("readFile", await call("readFile", { path: join(home, "not-chosen.foresight.json") }))).toBe(false);
    await api.close();
  });

  it("titles the window like the browser tab, and completes a name the Save dialog shortened", () => {
    expect(windowTitle("grid", true)).toBe("● grid — Foresight");
    expect(windowTitle("grid", false)).toBe("grid — Foresight");
    expect(withPipelineSuffix("/a/x")).toBe("/a/x.foresight.json");
    expect(withPipelineSuffix("/a/x.json")).toBe("/a/x.foresight.json");
    expect(withPipelineSuffix("/a/x.foresight.json")).toBe("/a/x.foresight.json");
  });
});
