import { copyFileSync, mkdirSync, readFileSync, unlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { DROP_CHANNEL } from "../electron/ipc.js";
import { PAGE_URL } from "../electron/page-protocol.js";
import { CONTENT_SECURITY_POLICY } from "../renderer/csp.js";
import { call, fake, messages, openWindows, type FakeWindow } from "./fixtures/fake-electron.js";
import { tempDir } from "./fixtures/foresight-process.js";

/**
 * electron/desktop-app.ts (the Electron edge: windows, IPC, menus, dialogs) against a small fake
 * of the Electron APIs it calls (test/fixtures/fake-electron.ts), since the binary cannot run here.
 */
vi.mock("electron", async () => (await import("./fixtures/fake-electron.js")).electronModule());

const { startDesktopApp } = await import("../electron/desktop-app.js");

/** Under vitest desktop-app.ts runs from its source, so its renderer folder is renderer/ (in dist/, dist/renderer). */
const PAGE = resolve("renderer/index.html");
const home = tempDir("desktop-app");
// Another file of this process may have started an app with the same fake (vitest.config.ts, isolate: false).
fake.reset();
fake.state.userData = join(home, "profile");
fake.state.documents = join(home, "Documents");
mkdirSync(join(home, "project"));
const first = join(home, "project", "first.foresight.json");
const second = join(home, "project", "second.foresight.json");
const third = join(home, "project", "third.foresight.json");
for (const file of [first, second, third]) copyFileSync("examples/gridworld-vgps.foresight.json", file);

const windows = openWindows;
const tick = () => new Promise((r) => setTimeout(r, 10));

describe("the desktop app's main process (electron/desktop-app.ts with a fake Electron)", () => {
  it("starts sandboxed, denies permissions, sets the menu, and opens the file on its command line in a window with the safe options", async () => {
    const argv = process.argv;
    process.argv = ["/opt/Foresight/foresight-app", "--no-sandbox", first];
    try {
      startDesktopApp();
    } finally {
      process.argv = argv;
    }
    expect(fake.state.ready).toBe(false);
    expect(fake.state.privilegedSchemes).toEqual([{ scheme: "foresight-app", privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(fake.state.protocolHandlers.size).toBe(0);
    await tick();
    expect(fake.state.sandbox).toBe(true);
    const granted = vi.fn();
    fake.state.permissionRequest!({}, "media", granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(Array.isArray(fake.state.menu)).toBe(true);
    expect(windows()).toHaveLength(1);
    const [window] = windows();
    expect(window!.options).toMatchObject({ webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, preload: resolve("electron/preload.cjs") } });
    expect(window!.loaded).toBe("foresight-app://editor/index.html");
    // Nothing is sent before the page listens; `ready` delivers the file to open.
    expect(messages(window!)).toEqual([]);
    expect(await call(window!, "ready", {})).toEqual({ id: 0, result: null });
    expect(messages(window!)).toEqual([{ push: "file.open", path: first }]);
  });

  it("serves the page from the renderer folder on its scheme once ready, with the CSP header; nothing outside it", async () => {
    const handler = fake.state.protocolHandlers.get("foresight-app")!;
    expect(handler).toBeDefined();
    const page = await handler({ url: PAGE_URL, method: "GET" });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toBe(readFileSync(PAGE, "utf8"));
    for (const url of ["foresight-app://editor/%2e%2e/package.json", "foresight-app://editor/..%2fpackage.json", "foresight-app://other/index.html", "foresight-app://editor/main.tsx"]) {
      expect((await handler({ url, method: "GET" })).status, url).toBe(404);
    }
  });

  it("answers the page's calls for files it was given, refuses others and foreign frames", async () => {
    const [window] = windows();
    const read = await call(window!, "readFile", { path: first });
    expect(read).toMatchObject({ result: { path: first } });
    expect(await call(window!, "readFile", { path: second })).toMatchObject({ error: { message: expect.stringContaining("only opens files you choose") } });
    expect(await call(window!, "describeKinds", {}, { url: "https://evil.example/", parent: null })).toMatchObject({ error: { message: expect.stringContaining("refused") } });
    expect(await call(window!, "readFile", { path: first }, { url: pathToFileURL(PAGE).href, parent: null })).toMatchObject({ error: { message: expect.stringContaining("refused") } });
    expect(await call(window!, "readFile", { path: first }, { url: "foresight-app://other/index.html", parent: null })).toMatchObject({ error: { message: expect.stringContaining("refused") } });
    expect(await call(window!, "readFile", { path: 3 })).toMatchObject({ error: { message: expect.stringContaining("readFile: path") } });
    expect(fake.state.recentDocuments).toEqual([first]);
    const file = (fake.state.menu as { label: string; submenu: { label: string; submenu?: { label: string }[] }[] }[])[0]!;
    expect(file.submenu.find((item) => item.label === "Open Recent")!.submenu!.map((item) => item.label)).toContain("first.foresight.json");
  });

  it("titles the window from the page's document state, and opens another file in a new window, an already open one by focusing it", async () => {
    const [window] = windows();
    await call(window!, "setDocumentState", { path: first, name: "first", dirty: false });
    expect(window!.title).toBe("first — Foresight");
    fake.emitApp("second-instance", {}, ["/opt/Foresight/foresight-app", second], home);
    expect(windows()).toHaveLength(2);
    const other = windows()[1]!;
    await call(other, "ready", {});
    expect(messages(other)).toEqual([{ push: "file.open", path: second }]);
    fake.emitApp("open-file", { preventDefault: () => undefined }, first);
    expect(windows()).toHaveLength(2);
    expect(fake.FakeWindow.getFocusedWindow()).toBe(window);
  });

  it("reuses a fresh untitled window for a dropped file, and only takes absolute pipeline paths from a drop", async () => {
    const [, other] = windows();
    await call(other!, "setDocumentState", { path: second, name: "second", dirty: false });
    fake.emitApp("activate");
    expect(windows()).toHaveLength(2);
    const dropSender = { sender: { id: other!.webContents.id }, senderFrame: { url: PAGE_URL, parent: null } };
    fake.state.ipcListeners.get(DROP_CHANNEL)!(dropSender, ["relative.foresight.json", "/etc/passwd"]);
    expect(windows()).toHaveLength(2);
    // A drop reported by a frame showing the page from file:// (the old origin) is ignored.
    fake.state.ipcListeners.get(DROP_CHANNEL)!({ ...dropSender, senderFrame: { url: pathToFileURL(PAGE).href, parent: null } }, [third]);
    expect(windows()).toHaveLength(2);
    fake.state.ipcListeners.get(DROP_CHANNEL)!(dropSender, [third]);
    expect(windows()).toHaveLength(3);
    const dropped = windows()[2]!;
    await call(dropped, "ready", {});
    expect(messages(dropped)).toEqual([{ push: "file.open", path: third }]);
    expect(await call(dropped, "readFile", { path: third })).toMatchObject({ result: { path: third } });
  });

  it("asks before closing a window with unsaved changes: Cancel keeps it, Save saves then closes, Don't Save closes", async () => {
    const [window, other, dropped] = windows();
    await call(window!, "setDocumentState", { path: first, name: "first", dirty: true });
    expect(window!.title).toBe("● first — Foresight");
    fake.state.messageBoxResponse = 2;
    window!.close();
    expect(fake.state.messageBoxes).toHaveLength(1);
    expect(window!.destroyed).toBe(false);
    fake.state.messageBoxResponse = 0;
    window!.close();
    expect(window!.destroyed).toBe(false);
    expect(messages(window!).at(-1)).toEqual({ push: "menu.command", command: "save" });
    await call(window!, "setDocumentState", { path: first, name: "first", dirty: false });
    expect(window!.destroyed).toBe(true);
    await call(other!, "setDocumentState", { path: second, name: "second", dirty: true });
    fake.state.messageBoxResponse = 1;
    other!.close();
    expect(other!.destroyed).toBe(true);
    // A clean window closes without asking.
    const asked = fake.state.messageBoxes.length;
    dropped!.close();
    expect(fake.state.messageBoxes).toHaveLength(asked);
    expect(windows()).toHaveLength(0);
    fake.emitApp("window-all-closed");
    expect(fake.state.quit).toBe(process.platform === "darwin" ? 0 : 1);
  });

  it("File › Open… opens the dialog's files; a missing file is reported and leaves the recent list", async () => {
    const menu = fake.state.menu as { label: string; submenu: { label: string; click?: () => void }[] }[];
    fake.state.openDialogPaths = [second];
    menu[0]!.submenu.find((item) => item.label === "Open…")!.click!();
    await tick();
    expect(windows()).toHaveLength(1);
    const missing = join(home, "project", "gone.foresight.json");
    fake.emitApp("open-file", { preventDefault: () => undefined }, missing);
    expect(fake.state.errors.at(-1)).toContain(missing);
    expect(windows()).toHaveLength(1);
  });

  it("opens several files chosen at once in a window each (File › Open…, a drop): a fresh window whose page listens takes only the first", async () => {
    const menu = fake.state.menu as { label: string; submenu: { label: string; click?: () => void }[] }[];
    const item = (label: string) => menu[0]!.submenu.find((entry) => entry.label === label)!.click!();
    const [a, b, c, d, e, f] = ["a", "b", "c", "d", "e", "f"].map((name) => join(home, "project", `${name}.foresight.json`));
    for (const file of [a, b, c, d, e, f]) copyFileSync(first, file!);
    const newWindow = async () => {
      item("New");
      const fresh = windows().at(-1)!;
      await call(fresh, "ready", {});
      return fresh;
    };
    const opened = async (window: FakeWindow) => {
      await call(window, "ready", {});
      return messages(window).filter((m) => (m as { push: string }).push === "file.open");
    };

    const count = windows().length;
    const fresh = await newWindow();
    fake.state.openDialogPaths = [a!, b!];
    item("Open…");
    await tick();
    expect(windows()).toHaveLength(count + 2);
    expect(await opened(fresh)).toEqual([{ push: "file.open", path: a }]);
    expect(await opened(windows().at(-1)!)).toEqual([{ push: "file.open", path: b }]);

    const dropTarget = await newWindow();
    fake.state.ipcListeners.get(DROP_CHANNEL)!({ sender: { id: dropTarget.webContents.id }, senderFrame: { url: PAGE_URL, parent: null } }, [c, d]);
    expect(await opened(dropTarget)).toEqual([{ push: "file.open", path: c }]);
    expect(await opened(windows().at(-1)!)).toEqual([{ push: "file.open", path: d }]);
    // Once the page reports the file as its document, opening it again focuses that window.
    await call(dropTarget, "setDocumentState", { path: c, name: "c", dirty: false });
    fake.emitApp("open-file", { preventDefault: () => undefined }, c);
    expect(fake.FakeWindow.getFocusedWindow()).toBe(dropTarget);

    // A page that could not read the file it was sent is fresh again: the next file goes there.
    const failed = await newWindow();
    fake.emitApp("open-file", { preventDefault: () => undefined }, e);
    unlinkSync(e!);
    expect(await call(failed, "readFile", { path: e })).toMatchObject({ error: {} });
    const windowsNow = windows().length;
    fake.emitApp("open-file", { preventDefault: () => undefined }, f);
    expect(windows()).toHaveLength(windowsNow);
    expect(await opened(failed)).toEqual([
      { push: "file.open", path: e },
      { push: "file.open", path: f },
    ]);
    for (const window of windows().slice(count)) window.close();
  });

  it("Save As asks before replacing a pipeline that only the added suffix names (the system's dialog asked about the name as typed)", async () => {
    const [window] = windows();
    const keep = join(home, "project", "keep.foresight.json");
    copyFileSync(first, keep);
    const chooseSaveFile = async (typed: string) => {
      fake.state.saveDialogPath = join(home, "project", typed);
      return call(window!, "chooseSaveFile", { suggestedName: "untitled.foresight.json" });
    };
    const asked = fake.state.messageBoxes.length;
    fake.state.messageBoxResponse = 1;
    expect(await chooseSaveFile("keep")).toEqual({ id: 0, result: null });
    expect(fake.state.messageBoxes.at(-1)).toMatchObject({ buttons: ["Replace", "Cancel"], cancelId: 1, message: expect.stringContaining('"keep.foresight.json" already exists') });
    fake.state.messageBoxResponse = 0;
    expect(await chooseSaveFile("keep.json")).toEqual({ id: 0, result: keep });
    expect(fake.state.messageBoxes).toHaveLength(asked + 2);
    // The system's dialog asked about these itself: a new name, or the existing file by its full name.
    expect(await chooseSaveFile("new")).toEqual({ id: 0, result: join(home, "project", "new.foresight.json") });
    expect(await chooseSaveFile("keep.foresight.json")).toEqual({ id: 0, result: keep });
    expect(fake.state.messageBoxes).toHaveLength(asked + 2);
    fake.state.saveDialogPath = null;
  });

  it("Help › Documentation opens the README installed beside app.asar, and says why when the system cannot open it", async () => {
    const menu = fake.state.menu as { role?: string; submenu: { label: string; click?: () => void }[] }[];
    const documentation = menu.find((entry) => entry.role === "help")!.submenu.find((entry) => entry.label === "Documentation")!;
    const opened: string[] = [];
    const { shell, app } = fake.electron;
    const resourcesPath = process.resourcesPath;
    Object.assign(app, { isPackaged: true });
    Object.assign(process, { resourcesPath: "/opt/Foresight/resources" });
    try {
      shell.openPath = (path: string) => (opened.push(path), Promise.resolve("No application knows how to open this file"));
      documentation.click!();
      await tick();
      expect(opened).toEqual([join("/opt/Foresight/resources", "README.md")]);
      expect(fake.state.errors.at(-1)).toBe(`${join("/opt/Foresight/resources", "README.md")}: No application knows how to open this file`);
      const errors = fake.state.errors.length;
      shell.openPath = (path: string) => (opened.push(path), Promise.resolve(""));
      documentation.click!();
      await tick();
      expect(opened).toHaveLength(2);
      expect(fake.state.errors).toHaveLength(errors);
    } finally {
      Object.assign(app, { isPackaged: false });
      Object.assign(process, { resourcesPath });
    }
  });

  it("stops the app's runs before quitting: the first quit waits for them, then quits for real", async () => {
    const quits = fake.state.quit;
    let prevented = 0;
    fake.emitApp("before-quit", { preventDefault: () => prevented++ });
    expect(prevented).toBe(1);
    await tick();
    expect(fake.state.quit).toBe(quits + 1);
    fake.emitApp("before-quit", { preventDefault: () => prevented++ });
    expect(prevented).toBe(1);
  });
});
