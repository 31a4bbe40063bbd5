import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { PAGE_ORIGIN, PAGE_URL } from "../electron/page-protocol.js";
import { denyPermissions, guardContents, isAppFrame, windowOptions, type GuardedContents, type GuardedSession, type Preventable } from "../electron/security.js";
import { CONTENT_SECURITY_POLICY } from "../renderer/csp.js";

/** A WebContents that records what the guards register. */
function fakeContents() {
  const listeners = new Map<string, (event: Preventable, url?: unknown) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents: GuardedContents = {
    on: (event: string, listener: (event: Preventable, url?: unknown) => void) => listeners.set(event, listener),
    setWindowOpenHandler: (handler) => (openHandler = handler),
  };
  const fire = (event: string, url?: string) => {
    const preventDefault = vi.fn();
    const listener = listeners.get(event);
    if (!listener) throw new Error(`no ${event} listener`);
    listener({ preventDefault }, url);
    return preventDefault;
  };
  return { contents, fire, open: (url: string) => openHandler?.({ url }) };
}

describe("Electron's security checklist", () => {
  it("windows: context isolation and sandbox on, Node off, web security on, no webviews, no insecure content, the preload given", () => {
    const options = windowOptions("/app/dist/electron/preload.cjs");
    expect(options.webPreferences).toMatchObject({
      preload: "/app/dist/electron/preload.cjs",
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
    });
    expect(options.show).toBe(false);
  });

  it("blocks every navigation, redirect and webview, and denies new windows (the app's own scheme too: the page is loaded with loadURL, never navigated to)", () => {
    const { contents, fire, open } = fakeContents();
    guardContents(contents);
    const urls = ["https://evil.example/", "file:///etc/passwd", PAGE_URL, `${PAGE_ORIGIN}/assets/x.js`, "foresight-app://other/index.html"];
    for (const event of ["will-navigate", "will-frame-navigate", "will-redirect"]) {
      for (const url of urls) expect(fire(event, url), `${event} ${url}`).toHaveBeenCalledOnce();
    }
    expect(fire("will-attach-webview")).toHaveBeenCalledOnce();
    for (const url of [...urls, "https://example.com/", "file:///anything"]) expect(open(url), url).toEqual({ action: "deny" });
  });

  it("denies every permission request and check by default", () => {
    let request: Parameters<GuardedSession["setPermissionRequestHandler"]>[0] | undefined;
    let check: Parameters<GuardedSession["setPermissionCheckHandler"]>[0] | undefined;
    let device: Parameters<GuardedSession["setDevicePermissionHandler"]>[0] | undefined;
    denyPermissions({
      setPermissionRequestHandler: (handler) => (request = handler),
      setPermissionCheckHandler: (handler) => (check = handler),
      setDevicePermissionHandler: (handler) => (device = handler),
    });
    for (const permission of ["media", "notifications", "clipboard-read", "geolocation", "openExternal", "fileSystem"]) {
      const callback = vi.fn();
      request!({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(check!({}, permission)).toBe(false);
    }
    expect(device!({})).toBe(false);
  });

  it("accepts IPC only from the app page's top frame: foresight-app://editor/index.html, query and fragment aside", () => {
    expect(PAGE_URL).toBe("foresight-app://editor/index.html");
    for (const url of [PAGE_URL, `${PAGE_URL}#x`, `${PAGE_URL}?a=1`, `${PAGE_URL}?a=1#/b?c`]) expect(isAppFrame({ url, parent: null }, PAGE_URL), url).toBe(true);
    expect(isAppFrame({ url: PAGE_URL, parent: {} }, PAGE_URL)).toBe(false);
    expect(isAppFrame({ url: PAGE_URL, parent: undefined }, PAGE_URL)).toBe(false);
    for (const url of [
      "file:///C:/Program%20Files/Foresight/resources/app.asar/dist/renderer/index.html",
      "file:///opt/Foresight/resources/app.asar/dist/renderer/index.html",
      "file://editor/index.html",
      "https://editor/index.html",
      "http://editor/index.html",
      "https://localhost/dist/renderer/index.html",
      "foresight-app://other/index.html",
      "foresight-app://editor.evil.example/index.html",
      "foresight-app://editor:1/index.html",
      "foresight-app://x@editor/index.html",
      "foresight-app:editor/index.html",
      "foresight-app://editor/other.html",
      "foresight-app://editor/assets/index.html",
      "foresight-app://editor/",
      "foresight-app://editor/index.html/",
      "about:blank",
      "",
    ]) {
      expect(isAppFrame({ url, parent: null }, PAGE_URL), url).toBe(false);
    }
    expect(isAppFrame(null, PAGE_URL)).toBe(false);
    expect(isAppFrame(undefined, PAGE_URL)).toBe(false);
  });
});

describe("the Content-Security-Policy", () => {
  const html = readFileSync("dist/renderer/index.html", "utf8");

  it("is in the built page (npm run build), first in <head>, exactly csp.ts's policy", () => {
    const meta = /<head>\s*<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    expect(meta, "no CSP <meta> at the top of <head> in dist/renderer/index.html").not.toBeNull();
    expect(meta![1]!.replaceAll("&#39;", "'")).toBe(CONTENT_SECURITY_POLICY);
  });

  it("is strict: nothing by default, scripts only from the page's files (no inline, no eval), no remote hosts", () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.get("script-src")).toEqual(["'self'"]);
    expect(directives.get("connect-src")).toEqual(["'self'"]);
    expect(directives.get("object-src")).toEqual(["'none'"]);
    expect(directives.get("base-uri")).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it("the built page loads no remote content and has no inline script", () => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = readdirSync("dist/renderer/assets").filter((name) => name.endsWith(".css"));
    for (const name of assets) expect(readFileSync(join("dist/renderer/assets", name), "utf8")).not.toMatch(/@import\s+url\(\s*["']?https?:/);
  });
});
