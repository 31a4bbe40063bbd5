/**
 * What the desktop app's preload script exposes to the editor page as `window.foresight`: one
 * `call` for the protocol's methods (wire.ts) and the desktop's own few (native dialogs, the
 * document's state for the window), and one `onMessage` for what the app pushes (run events, menu
 * commands, files opened from the OS). The app's main process checks every call with the same
 * zod schemas as `foresight serve` (methodParams) plus `desktopMethodParams` below.
 *
 * Paths: where serve's Transport paths are relative to its root folder, the desktop app's are
 * absolute file paths (the system's separators), and only files the user chose outside the page
 * are accepted (electron/file-access.ts); an untitled document is "untitled.foresight.json".
 */
import { z } from "zod";
import type { Unsubscribe } from "./transport.js";
import type { MethodName, MethodParams, MethodResults, Push } from "./wire.js";

/** The name of the object the preload script puts on `window`. */
export const BRIDGE_GLOBAL = "foresight";

/** The desktop-only methods' params. */
export const desktopMethodParams = {
  /** The page has subscribed to messages: the app may now send what it queued for the window (a file to open). */
  ready: z.strictObject({}),
  /** Shows the native Open dialog; answers the chosen file's absolute path (now readable and writable) or null. */
  chooseOpenFile: z.strictObject({}),
  /** Shows the native Save dialog; answers the chosen absolute path (now writable) or null. */
  chooseSaveFile: z.strictObject({ suggestedName: z.string().max(255).optional() }),
  /** The window's document: its file (absolute path, null when untitled), name and unsaved changes (the close prompt asks then). */
  setDocumentState: z.strictObject({ path: z.string().max(4096).nullable(), name: z.string().max(500), dirty: z.boolean() }),
} as const;

export type DesktopMethodName = keyof typeof desktopMethodParams;

export interface DesktopMethodResults {
  ready: null;
  chooseOpenFile: string | null;
  chooseSaveFile: string | null;
  setDocumentState: null;
}

/** Every method the bridge carries. */
export type BridgeMethodName = MethodName | DesktopMethodName;
export type BridgeMethodParams<M extends BridgeMethodName> = M extends MethodName
  ? MethodParams<M>
  : M extends DesktopMethodName
    ? z.input<(typeof desktopMethodParams)[M]>
    : never;
export type BridgeMethodResults<M extends BridgeMethodName> = M extends MethodName
  ? MethodResults[M]
  : M extends DesktopMethodName
    ? DesktopMethodResults[M]
    : never;

/** What a native menu item asks the editor to do (the File, Edit, Run and View menus). */
export const MENU_COMMANDS = ["new", "open", "openTemplate", "save", "saveAs", "undo", "redo", "selectAll", "addNote", "group", "run", "pause", "step", "stop", "fit"] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** What the app pushes to a window. */
export type DesktopMessage =
  | Push
  | { push: "menu.command"; command: MenuCommand }
  /** Open this file (absolute path, already allowed): from the OS, the Recent menu or a drop on the window. */
  | { push: "file.open"; path: string };

/** `window.foresight`: the only thing the page gets from the desktop app. */
export interface ForesightBridge {
  call<M extends BridgeMethodName>(method: M, params: BridgeMethodParams<M>): Promise<BridgeMethodResults<M>>;
  onMessage(listener: (message: DesktopMessage) => void): Unsubscribe;
}
