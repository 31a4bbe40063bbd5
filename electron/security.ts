/**
 * Electron's security checklist as plain functions: the window's web preferences, and the
 * handlers that block navigation, new windows, webviews and permission requests. main.ts applies
 * them; tests check them without the binary.
 */
import type { BrowserWindowConstructorOptions } from "electron";

/** Options of every editor window: the sandboxed, isolated page gets nothing but the preload's bridge. */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    title: "Foresight",
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** The event a handler may cancel. */
export interface Preventable {
  preventDefault(): void;
}

/** The parts of a WebContents the guards use (Electron's WebContents has them). */
export interface GuardedContents {
  on(event: "will-navigate" | "will-redirect" | "will-frame-navigate", listener: (event: Preventable, url?: unknown) => void): unknown;
  on(event: "will-attach-webview", listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: "deny" }): void;
}

/**
 * No navigation away from the editor's page (a link, a script setting location, a redirect), no
 * new windows (window.open, target=_blank) and no webviews: the page is the app, nothing else loads.
 * This refuses every URL, the app's own scheme (foresight-app://editor/…) too: the window loads its
 * page with loadURL, which these events do not see, and the page never navigates itself.
 */
export function guardContents(contents: GuardedContents): void {
  const block = (event: Preventable) => event.preventDefault();
  contents.on("will-navigate", block);
  contents.on("will-frame-navigate", block);
  contents.on("will-redirect", block);
  contents.on("will-attach-webview", block);
  contents.setWindowOpenHandler(() => ({ action: "deny" }));
}

/** The parts of a Session the permission guard uses. */
export interface GuardedSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

/** Every permission (camera, notifications, clipboard reads, devices…) is denied: the editor needs none. */
export function denyPermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** The part of a WebFrameMain the sender check reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * Whether an IPC message comes from the app's own page: the top frame (no parent) of one of its
 * windows showing `pageUrl` (page-protocol.ts's PAGE_URL, foresight-app://editor/index.html),
 * exactly (query and fragment aside). A frame that navigated elsewhere (file://,
 * http(s), another host of the scheme, another file), or a sub-frame, is refused.
 */
export function isAppFrame(frame: SenderFrame | null | undefined, pageUrl: string): boolean {
  if (!frame || frame.parent !== null || typeof frame.url !== "string") return false;
  return withoutQuery(frame.url) === withoutQuery(pageUrl);
}

/**
 * The URL up to its query or fragment, compared as text: Chromium reports a frame's URL in its
 * canonical form, so the page's is exactly PAGE_URL (parsing it again would let odd spellings,
 * such as `foresight-app:editor/index.html`, come out equal).
 */
function withoutQuery(url: string): string {
  return url.split(/[?#]/, 1)[0]!;
}
