import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { createEditorApi as CreateEditorApi } from "../../host/editor-api/editor-api.js";
import type { FileAccess as FileAccessClass } from "../../electron/file-access.js";
import type { answerBridgeCall as AnswerBridgeCall, DesktopHandlers } from "../../electron/ipc.js";
import type { RecentFiles as RecentFilesClass } from "../../host/editor-api/recent-files.js";
import type { DesktopMessage } from "../../protocol/index.js";
import { tempDir } from "../fixtures/foresight-process.js";
import { chromium, needs } from "../fixtures/requirements.js";
import { openEditor, type Editor, runStatus } from "./editor-harness.js";

// The desktop app's main-process side, as built (runs use worker threads: JavaScript from dist/).
const { createEditorApi } = (await import(resolve("dist/host/editor-api/editor-api.js"))) as { createEditorApi: typeof CreateEditorApi };
const { FileAccess } = (await import(resolve("dist/electron/file-access.js"))) as { FileAccess: typeof FileAccessClass };
const { RecentFiles } = (await import(resolve("dist/host/editor-api/recent-files.js"))) as { RecentFiles: typeof RecentFilesClass };
const { answerBridgeCall } = (await import(resolve("dist/electron/ipc.js"))) as { answerBridgeCall: typeof AnswerBridgeCall };

/**
 * The built editor page in Chromium with `window.foresight` as the preload would give it, its calls
 * answered by the desktop app's real handlers (answerBridgeCall over createEditorApi and the
 * desktop file policy) in this process: everything of the desktop app but Electron itself.
 */
const home = tempDir("desktop-e2e");
const recent = new RecentFiles(join(home, "recent.json"));
const access = new FileAccess({ examplesDir: resolve("examples"), untitledDir: join(home, "Documents", "Foresight"), recent });
const calls: string[] = [];
const documentStates: { path: string | null; name: string; dirty: boolean }[] = [];
let nextOpen: string | null = null;
let nextSave: string | null = null;
let page: Page;
let deliver: Promise<unknown> = Promise.resolve();
const send = (message: DesktopMessage) => (deliver = deliver.then(() => page.evaluate((json) => window.__deliver(JSON.parse(json)), JSON.stringify(message))));
const api = createEditorApi(access, { examplesDir: resolve("examples"), publish: send });
const desktop: DesktopHandlers = {
  ready: () => null,
  chooseOpenFile: () => (nextOpen ? access.grant(nextOpen) : null),
  chooseSaveFile: () => (nextSave ? access.grant(nextSave) : null),
  setDocumentState: (state) => {
    documentStates.push(state);
    return null;
  },
};

/** The page-side globals the tests touch (tests compile without the DOM library). */
declare const window: Record<string, unknown> & {
  __deliver(message: unknown): void;
  foresight: { call(method: string, params: unknown): Promise<unknown> };
};

let editor: Editor;

beforeAll(async () => {
  editor = await openEditor({
    async beforeLoad(p, url) {
      page = p;
      await p.exposeFunction("__foresightCall", (method: string, params: unknown) => {
        calls.push(method);
        return answerBridgeCall({ url, parent: null }, url, method, params, { api: api.handlers, desktop });
      });
      await p.addInitScript(() => {
        const listeners = new Set<(message: unknown) => void>();
        const w = window as Record<string, unknown>;
        w["__deliver"] = (message: unknown) => listeners.forEach((listener) => listener(message));
        w["foresight"] = {
          async call(method: string, params: unknown) {
            const reply = (await (w["__foresightCall"] as (m: string, p: unknown) => Promise<{ result?: unknown; error?: { message: string } }>)(method, params));
            if (reply.error) throw new Error(reply.error.message);
            return reply.result;
          },
          onMessage(listener: (message: unknown) => void) {
            listeners.add(listener);
            return () => listeners.delete(listener);
          },
        };
      });
    },
  });
}, 60_000);
afterAll(async () => {
  await api.close();
  await editor?.close();
});

const title = () => editor.page.locator(".doc-title").textContent();
const status = () => runStatus(editor.page);
const lastState = () => documentStates.at(-1);

describe("the editor in the desktop app (the preload bridge, the app's handlers)", needs(chromium()), () => {
  it("talks to the app through window.foresight only, and says when it listens", async () => {
    await expect.poll(() => calls.includes("ready")).toBe(true);
    expect(calls).toContain("describeKinds");
    expect(lastState()).toEqual({ path: null, name: "untitled", dirty: false });
  });

  it("opens a file the app sends (from the OS, Open Recent or a drop), and reports it to the window", async () => {
    const file = access.grant(join(home, "project", "vgps.foresight.json"));
    mkdirSync(join(home, "project"), { recursive: true });
    copyFileSync("examples/gridworld-vgps.foresight.json", file);
    send({ push: "file.open", path: file });
    // The toolbar names the file; the pipeline's name goes to the app.
    await expect.poll(title).toContain("vgps.foresight.json");
    await expect.poll(lastState).toEqual({ path: file, name: "gridworld-vgps", dirty: false });
    expect(recent.list()[0]).toBe(file);
  });

  it("runs from the Run menu in a worker, with live status, and writes runs/ beside the file", async () => {
    await editor.page.getByLabel("episodes", { exact: true }).fill("4");
    await expect.poll(() => lastState()?.dirty).toBe(true);
    send({ push: "menu.command", command: "run" });
    await expect.poll(status, { timeout: 20_000 }).toMatch(/Run completed — 4 episodes/);
    const runs = readdirSync(join(home, "project", "runs"));
    expect(runs).toHaveLength(1);
    expect(existsSync(join(home, "project", "runs", runs[0]!, "summary.json"))).toBe(true);

    // The runs list names runs by absolute path here, and a re-opened run scrubs from its file.
    const page = editor.page;
    await page.getByRole("tab", { name: "Runs" }).click();
    const list = page.getByRole("region", { name: "Runs" });
    await list.getByRole("button", { name: "Refresh" }).click();
    await list.getByRole("button", { name: runs[0]!, exact: true }).click();
    await expect.poll(() => page.getByTestId("notice").textContent()).toContain(`Opened ${join(home, "project", "runs", runs[0]!)}`);
    await page.getByRole("slider", { name: "Episode" }).fill("2");
    await expect.poll(() => page.getByRole("table").first().locator("tbody tr").count()).toBe(16);
  }, 30_000);

  it("saves from the File menu to the file, and the window hears the document is clean", async () => {
    send({ push: "menu.command", command: "save" });
    await expect.poll(() => lastState()?.dirty).toBe(false);
    expect(JSON.parse(readFileSync(join(home, "project", "vgps.foresight.json"), "utf8")).run.episodes).toBe(4);
  });

  it("undoes and redoes from the Edit menu", async () => {
    const nodes = () => editor.page.locator(".react-flow__node").count();
    const before = await nodes();
    await editor.page.getByRole("button", { name: "Add Policy" }).click();
    await expect.poll(nodes).toBe(before + 1);
    await expect.poll(() => lastState()?.dirty).toBe(true);
    send({ push: "menu.command", command: "undo" });
    await expect.poll(nodes).toBe(before);
    send({ push: "menu.command", command: "redo" });
    await expect.poll(nodes).toBe(before + 1);
    send({ push: "menu.command", command: "undo" });
    await expect.poll(nodes).toBe(before);
    await editor.page.getByLabel("episodes", { exact: true }).fill("7");
    await expect.poll(() => lastState()?.dirty).toBe(true);
  });

  it("leaves the menus' commands (Ctrl+S, Undo…) alone while a dialog is open", async () => {
    const { page } = editor;
    const nodes = await page.locator(".react-flow__node").count();
    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await help.waitFor();
    send({ push: "menu.command", command: "save" });
    send({ push: "menu.command", command: "undo" });
    await deliver;
    await page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))");
    expect(lastState()?.dirty).toBe(true);
    expect(await page.locator(".react-flow__node").count()).toBe(nodes);
    expect(await page.getByLabel("episodes", { exact: true }).inputValue()).toBe("7");
    await page.keyboard.press("Escape");
    await expect.poll(() => help.count()).toBe(0);
  });

  it("Save As uses the system's Save dialog: the chosen file is written, a cancelled dialog writes nothing", async () => {
    const dialogs = () => calls.filter((method) => method === "chooseSaveFile").length;
    const before = dialogs();
    nextSave = null;
    send({ push: "menu.command", command: "saveAs" });
    await expect.poll(dialogs).toBe(before + 1);
    const cancelledAt = calls.lastIndexOf("chooseSaveFile");
    expect(lastState()?.dirty).toBe(true);
    nextSave = join(home, "elsewhere", "copy.foresight.json");
    send({ push: "menu.command", command: "saveAs" });
    await expect.poll(lastState).toEqual({ path: nextSave, name: "gridworld-vgps", dirty: false });
    expect(JSON.parse(readFileSync(nextSave, "utf8")).run.episodes).toBe(7);
    // The page heard the cancelled dialog's answer before the chosen one's: of the saves since, only the chosen file's,
    // and the file the document came from is as the last Save left it.
    expect(calls.slice(cancelledAt).filter((method) => method === "saveFile")).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(home, "project", "vgps.foresight.json"), "utf8")).run.episodes).toBe(4);
  });

  it("Open on the toolbar uses the system's Open dialog, and only what it returns can be opened", async () => {
    const other = join(home, "project", "lookahead.foresight.json");
    copyFileSync("examples/gridworld-lookahead.foresight.json", other);
    // A page asking for a file nobody chose is refused by the app.
    const refused = await editor.page.evaluate((path) => window.foresight.call("readFile", { path }).then(() => "read", (e: Error) => e.message), other);
    expect(refused).toMatch(/only opens files you choose/);
    nextOpen = other;
    await editor.page.getByRole("button", { name: "Open", exact: true }).click();
    await expect.poll(title).toContain("lookahead.foresight.json");
    await expect.poll(() => lastState()?.path).toBe(other);
  });

  it("New from Template shows the templates; Fit needs no server", async () => {
    send({ push: "menu.command", command: "openTemplate" });
    await editor.page.getByRole("dialog").getByRole("button", { name: "Template gridworld-script", exact: true }).click();
    await expect.poll(title).toContain("gridworld-script");
    await expect.poll(lastState).toMatchObject({ path: null, name: "gridworld-script" });
    send({ push: "menu.command", command: "fit" });
    await expect.poll(() => editor.page.locator(".react-flow__node").count()).toBeGreaterThan(0);
  });

  it("adds a note and groups the selected nodes from the Edit menu", async () => {
    const { page } = editor;
    send({ push: "menu.command", command: "addNote" });
    const field = page.getByRole("textbox", { name: "Note text (Markdown)" });
    await field.fill("From the menu");
    await page.locator(".react-flow__pane").click({ position: { x: 8, y: 200 } });
    await expect.poll(() => page.getByRole("note", { name: "Note: From the menu" }).count()).toBe(1);
    // Group Selection with nothing selected says what to do; with two nodes selected, groups them.
    send({ push: "menu.command", command: "group" });
    await expect.poll(() => page.getByTestId("notice").textContent()).toBe("Select the nodes to group first");
    await page.getByTestId("node:env").click();
    await page.getByTestId("node:policy").click({ modifiers: [process.platform === "darwin" ? "Meta" : "Control"] });
    send({ push: "menu.command", command: "group" });
    await expect.poll(() => page.getByRole("group", { name: "Group Group 1" }).count()).toBe(1);
  });

  it("Edit › Select All, Cut, Copy and Paste act on the nodes outside text fields, and on the text inside them", async () => {
    const { page } = editor;
    // Pipeline nodes (Select All leaves notes and groups alone).
    const nodes = () => page.locator("[data-testid^='node:']").count();
    const selected = () => page.evaluate("[...document.querySelectorAll(\"[data-testid^='node:']\")].filter((card) => card.closest('.react-flow__node.selected')).length");
    // What the menu's native roles do: Cut and Copy run the focused page's editing command, Paste fires its event.
    const edit = (command: "copy" | "cut" | "paste") =>
      page.evaluate(
        command === "paste"
          ? "(document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: new DataTransfer() }))"
          : `document.execCommand("${command}")`,
      );
    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    const all = await nodes();
    send({ push: "menu.command", command: "selectAll" });
    await expect.poll(selected).toBe(all);
    expect(await page.evaluate("window.getSelection().toString()")).toBe("");

    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    await page.getByTestId("node:env").click();
    await edit("copy");
    await edit("paste");
    await expect.poll(nodes).toBe(all + 1);
    await edit("cut");
    await expect.poll(nodes).toBe(all);
    await edit("paste");
    await expect.poll(nodes).toBe(all + 1);
    send({ push: "menu.command", command: "undo" });
    await expect.poll(nodes).toBe(all);

    // In a field, the text is what they act on.
    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    const input = page.getByLabel("episodes", { exact: true });
    await input.focus();
    const before = await selected();
    send({ push: "menu.command", command: "selectAll" });
    await expect.poll(() => input.evaluate((element: { selectionStart: number; selectionEnd: number; value: string }) => element.selectionEnd - element.selectionStart === element.value.length && element.value.length > 0)).toBe(true);
    expect(await selected()).toBe(before);
    await edit("paste");
    await edit("copy");
    expect(await nodes()).toBe(all);
  });
});
