/**
 * The windowed app: the Electron edge that wires the plain modules of electron/ to windows,
 * dialogs, menus and IPC. One window per open file; a single instance (a second start hands its
 * files to the first). Runs execute in worker threads owned by this (main) process
 * (host/worker-run.ts through host/editor-api/runs.ts), never in a page.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type OpenDialogOptions } from "electron";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DesktopMessage, MenuCommand } from "../protocol/index.js";
import { createEditorApi, createHostRuns, type EditorApi } from "../host/editor-api/editor-api.js";
import { isFile } from "../host/file-stat.js";
import { PIPELINE_SUFFIX } from "../host/editor-api/pipeline-files.js";
import { RecentFiles } from "../host/editor-api/recent-files.js";
import { packageRoot } from "../host/package-root.js";
import { closeDecision, droppedPipelineFiles, filesFromArgv, openFellThrough, replaceDecision, replaceFilePrompt, saveFellThrough, unsavedChangesPrompt, windowTitle, withPipelineSuffix } from "./documents.js";
import { FileAccess } from "./file-access.js";
import { answerBridgeCall, CALL_CHANNEL, DROP_CHANNEL, MESSAGE_CHANNEL, type DesktopHandlers } from "./ipc.js";
import { menuTemplate, type MenuActions } from "./menu.js";
import { quitSequence } from "./quit-sequence.js";
import { PAGE_SCHEME, PAGE_SCHEME_PRIVILEGES, PAGE_URL, pageResponse } from "./page-protocol.js";
import { denyPermissions, guardContents, isAppFrame, windowOptions } from "./security.js";

/**
 * The built editor (Vite's dist/renderer), served as foresight-app://editor/ (page-protocol.ts),
 * and the compiled preload, beside this file in dist/.
 */
const RENDERER_DIR = fileURLToPath(new URL("../renderer/", import.meta.url));
const PRELOAD = fileURLToPath(new URL("./preload.cjs", import.meta.url));

/** electron-builder.yml's appId. */
const APP_ID = "dev.foresight.desktop";

const FILTERS = [{ name: "Foresight pipelines", extensions: ["foresight.json"] }];

interface EditorWindow {
  window: BrowserWindow;
  api: EditorApi;
  doc: { path: string | null; name: string; dirty: boolean };
  /** The page listens for messages (it called `ready`); until then they wait in `queue` (all but live runs' events). */
  ready: boolean;
  queue: DesktopMessage[];
  /**
   * The file sent to the page to open, until the page reports it as its document (or fails to read
   * it): meanwhile the window is not fresh, though its document state still says untitled.
   */
  opening: string | null;
  /** The user chose Save in the close prompt: close once the page reports the document saved. */
  closeAfterSave: boolean;
  /** The user agreed to close (saved or discarded): the next close goes through. */
  closeConfirmed: boolean;
}

export function startDesktopApp(): void {
  app.enableSandbox();
  // Only before `ready` (and only once): the page's scheme with a real origin (page-protocol.ts).
  protocol.registerSchemesAsPrivileged([PAGE_SCHEME_PRIVILEGES]);
  // Windows groups windows, jump lists and recent documents by this id; the NSIS installer registers the same (appId).
  if (process.platform === "win32") app.setAppUserModelId(APP_ID);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const recent = new RecentFiles(join(app.getPath("userData"), "recent-files.json"));
  // Installed, the examples and their models are real files beside app.asar (electron-builder.yml's extraResources).
  const examplesDir = join(app.isPackaged ? process.resourcesPath : packageRoot(), "examples");
  const access = new FileAccess({
    examplesDir,
    untitledDir: join(app.getPath("documents"), "Foresight"),
    recent,
    caseInsensitive: process.platform !== "linux",
    onRemember: (file) => {
      app.addRecentDocument(file);
      refreshMenu();
    },
  });
  const windows = new Map<number, EditorWindow>();
  // Windows and Linux pass files on the command line; macOS sends open-file (also before ready).
  const pending = filesFromArgv(process.argv.slice(1), process.cwd());

  const send = (entry: EditorWindow, message: DesktopMessage) => {
    if (entry.window.isDestroyed()) return;
    if (entry.ready) entry.window.webContents.send(MESSAGE_CHANNEL, message);
    // A page loading re-attaches to the live runs once it listens (listLiveRuns) and follows them from
    // then on, their earlier episodes in their folders: run events are not kept for it (a run at trace
    // `full` makes tens of thousands a second, which would pile up while a window loads or reloads).
    else if (message.push !== "run.events") entry.queue.push(message);
  };

  // One set of runs for the app: every window lists, watches and controls them all, and closing the window that started a run leaves it going.
  const runs = createHostRuns(access, (push) => windows.forEach((entry) => send(entry, push)));


  const quit = quitSequence({
    nextWindow: () => [...windows.values()][0]?.window,
    stopRuns: () => runs.stopAll(),
    quit: () => app.quit(),
  });

  /** A fresh window: untitled, no changes (a file opened now may replace it). */
  const reusable = (entry: EditorWindow) => entry.doc.path === null && !entry.doc.dirty && entry.opening === null;

  function createWindow(file: string | null): EditorWindow {
    const window = new BrowserWindow(windowOptions(PRELOAD));
    const id = window.webContents.id;
    const entry: EditorWindow = {
      window,
      api: createEditorApi(access, { examplesDir, publish: (push) => send(entry, push), runs }),
      doc: { path: null, name: "untitled", dirty: false },
      ready: false,
      queue: file ? [{ push: "file.open", path: file }] : [],
      opening: file,
      closeAfterSave: false,
      closeConfirmed: false,
    };
    windows.set(id, entry);
    window.webContents.on("did-start-loading", () => (entry.ready = false));
    // The close prompt below already asked; the page's own beforeunload guard (for browsers) must not block closing.
    window.webContents.on("will-prevent-unload", (event) => event.preventDefault());
    window.on("close", (event) => {
      if (entry.closeConfirmed || !entry.doc.dirty) return;
      event.preventDefault();
      const decision = closeDecision(dialog.showMessageBoxSync(window, unsavedChangesPrompt(entry.doc.name)));
      if (decision === "discard") {
        entry.closeConfirmed = true;
        window.close();
      } else if (decision === "save") {
        entry.closeAfterSave = true;
        send(entry, { push: "menu.command", command: "save" });
      } else quit.cancel();
    });
    window.on("closed", () => {
      windows.delete(id);
      void entry.api.close();
      quit.closeNext();
    });
    window.once("ready-to-show", () => window.show());
    void window.loadURL(PAGE_URL);
    return entry;
  }

  /** Opens a file the user named outside the page (OS, argv, dialog, recent, drop): focuses its window, or loads it. */
  function openPath(path: string, preferred?: EditorWindow): void {
    if (!isFile(path)) {
      recent.remove(path);
      refreshMenu();
      dialog.showErrorBox("Cannot open the file", `${path} does not exist or is not a file.`);
      return;
    }
    const file = access.grant(path);
    const open = [...windows.values()].find((entry) => entry.doc.path === file || entry.opening === file);
    if (open) {
      open.window.focus();
      return;
    }
    const focused = entryOf(BrowserWindow.getFocusedWindow());
    const target = [preferred, focused, ...windows.values()].find((entry) => entry !== undefined && reusable(entry));
    if (target) {
      target.opening = file;
      send(target, { push: "file.open", path: file });
      target.window.focus();
    } else createWindow(file);
  }

  /** The save a close (or a quit) waited for did not happen: the window stays, and so does the app. */
  function abandonClose(entry: EditorWindow): void {
    if (!entry.closeAfterSave) return;
    entry.closeAfterSave = false;
    quit.cancel();
  }

  function entryOf(window: BrowserWindow | null | undefined): EditorWindow | undefined {
    return window && !window.isDestroyed() ? windows.get(window.webContents.id) : undefined;
  }

  function desktopHandlers(entry: EditorWindow): DesktopHandlers {
    return {
      ready: () => {
        entry.ready = true;
        for (const message of entry.queue.splice(0)) entry.window.webContents.send(MESSAGE_CHANNEL, message);
        return null;
      },
      chooseOpenFile: async () => {
        const options: OpenDialogOptions = { properties: ["openFile"], filters: FILTERS };
        const chosen = await dialog.showOpenDialog(entry.window, options);
        const path = chosen.canceled ? undefined : chosen.filePaths[0];
        return path ? access.grant(path) : null;
      },
      chooseSaveFile: async ({ suggestedName }) => {
        const folder = entry.doc.path ? dirname(entry.doc.path) : app.getPath("documents");
        const chosen = await dialog.showSaveDialog(entry.window, { defaultPath: join(folder, basename(suggestedName ?? `${entry.doc.name}${PIPELINE_SUFFIX}`)), filters: FILTERS });
        if (chosen.canceled || !chosen.filePath) {
          abandonClose(entry);
          return null;
        }
        const file = withPipelineSuffix(chosen.filePath);
        // The system's dialog asked before replacing the name as typed, not this one with the suffix added.
        if (file !== chosen.filePath && isFile(file) && replaceDecision((await dialog.showMessageBox(entry.window, replaceFilePrompt(file))).response) === "cancel") {
          abandonClose(entry);
          return null;
        }
        return access.grant(file);
      },
      setDocumentState: ({ path, name, dirty }) => {
        entry.doc = { path: path !== null && access.isGranted(path) ? access.grant(path) : null, name, dirty };
        if (entry.doc.path === entry.opening) entry.opening = null;
        entry.window.setTitle(windowTitle(name, dirty));
        if (process.platform === "darwin") {
          entry.window.setDocumentEdited(dirty);
          entry.window.setRepresentedFilename(entry.doc.path ?? "");
        }
        if (!dirty && entry.closeAfterSave) {
          entry.closeConfirmed = true;
          entry.window.close();
        }
        return null;
      },
    };
  }

  const actions: MenuActions = {
    command: (command: MenuCommand) => {
      const entry = entryOf(BrowserWindow.getFocusedWindow()) ?? [...windows.values()][0] ?? createWindow(null);
      send(entry, { push: "menu.command", command });
    },
    newWindow: () => void createWindow(null),
    open: () => {
      const parent = BrowserWindow.getFocusedWindow();
      const options: OpenDialogOptions = { properties: ["openFile", "multiSelections"], filters: FILTERS };
      void (parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options)).then((chosen) => {
        if (!chosen.canceled) for (const path of chosen.filePaths) openPath(path);
      });
    },
    openRecent: (path) => openPath(path),
    clearRecent: () => {
      recent.clear();
      app.clearRecentDocuments();
      refreshMenu();
    },
    showDocs: () => {
      // Installed, README.md and docs/ sit beside app.asar as in the repository, so the README's links resolve (electron-builder.yml).
      const readme = join(app.isPackaged ? process.resourcesPath : packageRoot(), "README.md");
      // The system's viewer answers why it could not open the file (no app for .md), rather than failing.
      void shell.openPath(readme).then((error) => error && dialog.showErrorBox("Cannot open the documentation", `${readme}: ${error}`));
    },
    showAbout: () =>
      void dialog.showMessageBox({
        title: `About ${app.name}`,
        message: `${app.name} ${app.getVersion()}`,
        detail: `Draw, run and inspect value-guided agent pipelines.\n\nElectron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
      }),
  };

  function refreshMenu(): void {
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ platform: process.platform, appName: app.name, recent: recent.list(), actions })));
  }

  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, params: unknown) => {
    const entry = windows.get(event.sender.id);
    if (!entry) return { id: 0, error: { message: "refused: not an editor window" } };
    const reply = await answerBridgeCall(event.senderFrame, PAGE_URL, method, params, { api: entry.api.handlers, desktop: desktopHandlers(entry) });
    if (saveFellThrough(method, reply)) abandonClose(entry);
    if (entry.opening !== null && openFellThrough(method, params, reply, entry.opening)) entry.opening = null;
    return reply;
  });
  ipcMain.on(DROP_CHANNEL, (event, paths: unknown) => {
    const entry = windows.get(event.sender.id);
    if (!entry || !isAppFrame(event.senderFrame, PAGE_URL)) return;
    for (const path of droppedPipelineFiles(paths)) openPath(path, entry);
  });

  app.on("web-contents-created", (_event, contents) => guardContents(contents));
  app.on("open-file", (event, path) => {
    event.preventDefault();
    if (app.isReady()) openPath(path);
    else pending.push(path);
  });
  app.on("second-instance", (_event, argv, workingDirectory) => {
    const files = filesFromArgv(argv.slice(1), workingDirectory);
    for (const file of files) openPath(file);
    if (files.length === 0) {
      const first = [...windows.values()][0];
      if (first) first.window.focus();
      else createWindow(null);
    }
  });
  app.on("before-quit", (event) => quit.beforeQuit(event));
  app.on("window-all-closed", () => {
    if (process.platform !== "darwin") app.quit();
  });
  app.on("activate", () => {
    if (windows.size === 0) createWindow(null);
  });

  void app.whenReady().then(() => {
    // The page and its files, from dist/renderer only; before the first window loads it.
    protocol.handle(PAGE_SCHEME, (request) => pageResponse(request, RENDERER_DIR));
    denyPermissions(session.defaultSession);
    refreshMenu();
    const files = pending.splice(0);
    if (files.length === 0) createWindow(null);
    for (const file of files) openPath(file);
  });
}
