import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editorServer, upgrade, type EditorServer } from "./fixtures/editor-server.js";
import { tempDir } from "./fixtures/foresight-process.js";
import WebSocket from "ws";
import { WebSocketTransport, type WebSocketLike } from "../protocol/index.js";

let editor: EditorServer;
let api: WebSocketTransport;
let outside: string;
let staticDir: string;

beforeAll(async () => {
  staticDir = tempDir("serve-static");
  mkdirSync(join(staticDir, "assets"));
  writeFileSync(join(staticDir, "index.html"), "<!doctype html><title>editor</title>");
  writeFileSync(join(staticDir, "assets/app.js"), "console.log('editor');");
  editor = await editorServer({ staticDir });
  api = await editor.connect();
  outside = tempDir("serve-outside");
  writeFileSync(join(outside, "secret.foresight.json"), "{}");
  symlinkSync(outside, join(editor.root, "link"));
});

afterAll(async () => {
  await editor.close();
  rmSync(outside, { recursive: true, force: true });
  rmSync(staticDir, { recursive: true, force: true });
});

const withoutToken = (url: string) => url.replace(/token=[^&]*/, "token=");

describe("foresight serve: who may use it", () => {
  it("answers the page only with the token (401 without or with a wrong one) and sets no cookie; the editor's own files need none", async () => {
    const base = `http://127.0.0.1:${editor.server.port}`;
    for (const path of ["/", "/index.html", "/some/route", "/missing.js", `/?token=${"0".repeat(64)}`]) {
      const refused = await fetch(`${base}${path}`);
      expect(refused.status, path).toBe(401);
      expect(refused.headers.get("set-cookie"), path).toBeNull();
    }
    const page = await fetch(editor.server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>editor</title>");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    // Browsers send a 127.0.0.1 cookie to every port: the token must never be one.
    expect(page.headers.get("set-cookie")).toBeNull();
    // The built editor's scripts are the same for every install: served to anyone, and they carry no secret.
    const asset = await fetch(`${base}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toContain("text/javascript");
    expect(asset.headers.get("set-cookie")).toBeNull();
    // A cookie of the old kind opens nothing.
    const withCookie = await fetch(`${base}/`, { headers: { cookie: `foresight-token-${editor.server.port}=${editor.server.token}` } });
    expect(withCookie.status).toBe(401);
    expect((await upgrade(editor.apiUrl.replace(/\?.*/, ""), editor.origin)).status).toBe(401);
  });

  it("refuses a WebSocket upgrade without the right token (401)", async () => {
    expect(editor.apiUrl).toBe(`ws://127.0.0.1:${editor.server.port}/api?token=${editor.server.token}`);
    await expect(WebSocketTransport.connect(withoutToken(editor.apiUrl), { createSocket: (url) => new WebSocket(url, { origin: editor.origin }) as unknown as WebSocketLike })).rejects.toThrow(
      /^cannot connect to the Foresight server at ws:\/\/127\.0\.0\.1:\d+\/api\?token=…: it is not running, or it refused/,
    );
    expect((await upgrade(withoutToken(editor.apiUrl), editor.origin)).status).toBe(401);
    expect((await upgrade(editor.apiUrl.replace(/\?.*/, ""), editor.origin)).status).toBe(401);
    expect((await upgrade(editor.apiUrl.replace(/token=./, "token=x"), editor.origin)).status).toBe(401);
  });

  it("refuses an upgrade from a foreign Origin (403) even with the token, and accepts the server's own origins", async () => {
    expect((await upgrade(editor.apiUrl, "http://evil.example")).status).toBe(403);
    expect((await upgrade(editor.apiUrl, `http://evil.example:${editor.server.port}`)).status).toBe(403);
    expect((await upgrade(editor.apiUrl, `https://127.0.0.1:${editor.server.port}`)).status).toBe(403);
    expect((await upgrade(editor.apiUrl, `http://localhost:${editor.server.port + 1}`)).status).toBe(403);
    expect((await upgrade(editor.apiUrl)).status).toBe(403);
    for (const origin of [editor.origin, `http://localhost:${editor.server.port}`]) {
      const { status, socket } = await upgrade(editor.apiUrl, origin);
      expect(status).toBe(101);
      socket!.close();
    }
  });

  it("refuses paths outside the root: ../x, absolute elsewhere, through a symlink out", async () => {
    const escapes = ["../x.foresight.json", join(outside, "secret.foresight.json"), "link/secret.foresight.json", "examples/../../x.foresight.json"];
    for (const path of escapes) {
      await expect(api.readFile(path)).rejects.toThrow(`readFile: ${path}: outside the root folder`);
      await expect(api.saveFile(path, { name: "x" })).rejects.toThrow("outside the root folder");
    }
    await expect(api.saveFile("link/new.foresight.json", { name: "x" })).rejects.toThrow("outside the root folder");
    expect(existsSync(join(outside, "new.foresight.json"))).toBe(false);
    await expect(api.validate({}, "../x.foresight.json")).rejects.toThrow("outside the root folder");
    await expect(api.modelInfo("../../../outside.onnx", "examples/gridworld-vgps.foresight.json")).rejects.toThrow("outside the root folder");
    await expect(api.startRun({}, "link/x.foresight.json")).rejects.toThrow("outside the root folder");
    await expect(api.readFile("package.json")).rejects.toThrow("not a pipeline file");
  });
});
