import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileAccess } from "../electron/file-access.js";
import { createEditorApi, type EditorApi } from "../host/editor-api/editor-api.js";
import type { FilePolicy } from "../host/editor-api/file-policy.js";
import { RecentFiles } from "../host/editor-api/recent-files.js";
import { RootFolder } from "../server/root-folder.js";
import { tempDir } from "./fixtures/foresight-process.js";

const EXAMPLES = resolve("examples");
const TEMPLATE = join(EXAMPLES, "gridworld-vgps.foresight.json");

let api: EditorApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});
function editor(files: FilePolicy): EditorApi {
  api = createEditorApi(files, { examplesDir: EXAMPLES, publish: () => undefined });
  return api;
}
const edited = () => ({ ...(JSON.parse(readFileSync(TEMPLATE, "utf8")) as Record<string, unknown>), description: "overwritten" });

describe("the shipped templates are read-only", () => {
  it("desktop app: opening a template, even through the Open dialog, lets the page read it but never save over it", async () => {
    const home = tempDir("templates-desktop");
    const recent = new RecentFiles(join(home, "profile", "recent-files.json"));
    const access = new FileAccess({ examplesDir: EXAMPLES, untitledDir: join(home, "Foresight"), recent });
    const { handlers } = editor(access);
    const before = readFileSync(TEMPLATE, "utf8");

    expect((await handlers.readFile({ path: TEMPLATE })).path).toBe(TEMPLATE);
    expect(access.recent()).toEqual([]);
    const refusal = `${TEMPLATE}: a shipped template is read-only: use File › Save As… to keep your changes in a file of your own`;
    await expect((async () => handlers.saveFile({ path: TEMPLATE, doc: edited() }))()).rejects.toThrow(refusal);

    // Chosen in the Open dialog (a grant), or on the recent list an older version kept: still read-only, and not listed.
    access.grant(TEMPLATE);
    recent.add(TEMPLATE);
    expect(() => access.writable(TEMPLATE)).toThrow(refusal);
    expect((await handlers.listFiles({})).recent).toEqual([]);
    expect(readFileSync(TEMPLATE, "utf8")).toBe(before);
  });

  it("desktop app: a template is read-only under another spelling of its path where the file system ignores case", () => {
    const home = tempDir("templates-case");
    const recent = new RecentFiles(null);
    const access = new FileAccess({ examplesDir: EXAMPLES, untitledDir: join(home, "Foresight"), recent, caseInsensitive: true });
    const shouted = join(EXAMPLES, "GRIDWORLD-VGPS.foresight.json");
    access.grant(shouted);
    expect(() => access.writable(shouted)).toThrow(/shipped template is read-only/);
  });

  it("serve: the shipped folders are read, never written, when they lie outside --root", async () => {
    const root = tempDir("templates-serve");
    const { handlers } = editor(new RootFolder(root, { shipped: [EXAMPLES, resolve("assets", "models")] }));
    await expect((async () => handlers.saveFile({ path: TEMPLATE, doc: edited() }))()).rejects.toThrow(`${TEMPLATE}: outside the root folder`);
  });
});
