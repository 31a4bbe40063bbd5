/**
 * The editor page's only access to the app: `window.foresight` (protocol/desktop.ts's
 * ForesightBridge) — `call` for the protocol's and the desktop's methods, `onMessage` for what the
 * app pushes. No ipcRenderer, no Node. A sandboxed preload is CommonJS and may require only
 * "electron" (and a few built-ins), so this file imports nothing else at run time; main.ts checks
 * every call again (sender frame, zod schemas), this is only the first gate.
 *
 * It also turns files dropped on the window into paths (webUtils, only for real files the user
 * dragged from the system) and hands them to the app on a channel the page cannot reach.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS: TypeScript emits this as require("electron")
import electron = require("electron");
import type { IpcRendererEvent } from "electron";
import type { DesktopMessage, ForesightBridge } from "../protocol/desktop.js";
import type { Reply } from "../protocol/wire.js";

const { contextBridge, ipcRenderer, webUtils } = electron;

/** The DOM this file uses (the project's Node code is compiled without the DOM library). */
interface FileDrag {
  preventDefault(): void;
  readonly dataTransfer: { readonly types: readonly string[]; readonly files: ArrayLike<File> } | null;
}
declare const window: { addEventListener(type: "dragover" | "drop", listener: (event: FileDrag) => void): void };

/** Channel names as in ipc.ts (this file cannot import it at run time). */
const CALL_CHANNEL = "foresight:call";
const MESSAGE_CHANNEL = "foresight:message";
const DROP_CHANNEL = "foresight:drop";

/** protocol/wire.ts's methodParams and protocol/desktop.ts's desktopMethodParams keys (a test keeps them equal). */
const METHODS: readonly string[] = [
  "describeKinds",
  "listFiles",
  "readFile",
  "saveFile",
  "validate",
  "modelInfo",
  "startRun",
  "controlRun",
  "forkRun",
  "listRuns",
  "listLiveRuns",
  "episodesInProgress",
  "openRun",
  "readEpisode",
  "trustInfo",
  "listSweeps",
  "openSweep",
  "writeReport",
  "annotateRun",
  "deleteRun",
  "ready",
  "chooseOpenFile",
  "chooseSaveFile",
  "setDocumentState",
];

const bridge: ForesightBridge = {
  async call(method, params) {
    if (typeof method !== "string" || !METHODS.includes(method)) throw new Error(`unknown method ${JSON.stringify(method)}`);
    const reply = (await ipcRenderer.invoke(CALL_CHANNEL, method, params)) as Reply;
    if ("error" in reply) throw new Error(reply.error.message);
    return reply.result as never;
  },
  onMessage(listener) {
    if (typeof listener !== "function") throw new Error("onMessage needs a function");
    const forward = (_event: IpcRendererEvent, message: DesktopMessage) => listener(message);
    ipcRenderer.on(MESSAGE_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(MESSAGE_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld("foresight", bridge);

/** Files dragged from the system onto the window (the palette's drags carry no files and pass through). */
function hasFiles(event: FileDrag): boolean {
  return event.dataTransfer?.types.includes("Files") === true;
}

window.addEventListener("dragover", (event) => {
  if (hasFiles(event)) event.preventDefault();
});
window.addEventListener("drop", (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  const paths = Array.from(event.dataTransfer?.files ?? [], (file) => webUtils.getPathForFile(file)).filter((path) => path !== "");
  if (paths.length > 0) ipcRenderer.send(DROP_CHANNEL, paths);
});
