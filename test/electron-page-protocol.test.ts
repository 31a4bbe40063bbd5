import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { contentType, PAGE_ORIGIN, PAGE_SCHEME, PAGE_SCHEME_PRIVILEGES, PAGE_URL, pageFile, pageResponse } from "../electron/page-protocol.js";
import { CONTENT_SECURITY_POLICY } from "../renderer/csp.js";
import { tempDir } from "./fixtures/foresight-process.js";

/** A renderer folder like Vite's, with a secret beside it that no URL may reach. */
const home = tempDir("page-protocol");
const root = join(home, "renderer");
mkdirSync(join(root, "assets", "nested"), { recursive: true });
writeFileSync(join(root, "index.html"), "<!doctype html><title>page</title>");
writeFileSync(join(root, "assets", "index-abc.js"), "export const x = 1;\n");
writeFileSync(join(root, "assets", "nested", "font.woff2"), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
writeFileSync(join(root, "assets", "notes.txt"), "not a page file\n");
mkdirSync(join(root, "assets", "dir.js"));
writeFileSync(join(home, "secret.json"), '{"secret":true}\n');

const get = (url: string, method = "GET") => pageResponse({ url, method }, root);

describe("the desktop page's scheme (electron/page-protocol.ts)", () => {
  it("is one standard, secure, fetch-enabled scheme whose page is foresight-app://editor/index.html", () => {
    expect(PAGE_SCHEME).toBe("foresight-app");
    expect(PAGE_ORIGIN).toBe("foresight-app://editor");
    expect(PAGE_URL).toBe("foresight-app://editor/index.html");
    expect(PAGE_SCHEME_PRIVILEGES).toEqual({ scheme: PAGE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });

  it("maps the app host's paths to files inside the renderer folder; query and fragment are ignored; / is index.html", () => {
    expect(pageFile(PAGE_URL, root)).toBe(join(root, "index.html"));
    expect(pageFile(`${PAGE_ORIGIN}/`, root)).toBe(join(root, "index.html"));
    expect(pageFile(`${PAGE_ORIGIN}/?x=1#y`, root)).toBe(join(root, "index.html"));
    expect(pageFile(`${PAGE_URL}?x=/../../secret.json#../z`, root)).toBe(join(root, "index.html"));
    expect(pageFile(`${PAGE_ORIGIN}/assets/index-abc.js`, root)).toBe(join(root, "assets", "index-abc.js"));
    expect(pageFile(`${PAGE_ORIGIN}/assets/nested/font.woff2#f`, root)).toBe(join(root, "assets", "nested", "font.woff2"));
    // Encoded characters that are not separators are decoded once.
    expect(pageFile(`${PAGE_ORIGIN}/assets/a%20b.js`, root)).toBe(join(root, "assets", "a b.js"));
    expect(pageFile(`${PAGE_ORIGIN}/assets/%252e%252e`, root)).toBe(join(root, "assets", "%2e%2e"));
  });

  it("refuses other schemes, hosts, ports and users", () => {
    for (const url of [
      "file:///etc/passwd",
      `file://${resolve(root, "index.html")}`,
      "https://editor/index.html",
      "http://editor/index.html",
      "foresight-app://other/index.html",
      "foresight-app://editor.evil/index.html",
      "foresight-app://editor:8080/index.html",
      "foresight-app://user@editor/index.html",
      "foresight-app:editor/index.html",
      "foresight-app:///index.html",
      "foresight-appx://editor/index.html",
      "foresight-app://editor",
      "",
    ]) {
      expect(pageFile(url, root), url).toBeNull();
    }
  });

  it("refuses traversal, encoded or not, separators and NUL inside a segment, absolute and drive paths, directories other than /", () => {
    for (const path of [
      "/../secret.json",
      "/assets/../../secret.json",
      "/./index.html",
      "/assets/./index-abc.js",
      "/%2e%2e/secret.json",
      "/%2E%2E/secret.json",
      "/.%2e/secret.json",
      "/assets/%2e%2e/%2e%2e/secret.json",
      "/..%2fsecret.json",
      "/assets%2f..%2f..%2fsecret.json",
      "/%2Fetc%2Fpasswd",
      "/..\\secret.json",
      "/assets\\..\\..\\secret.json",
      "/..%5csecret.json",
      "/..%5Csecret.json",
      "/index.html%00.js",
      "/index.html\0.js",
      "//etc/passwd",
      "/assets//index-abc.js",
      "/C:/Windows/win.ini",
      "/C%3A%5CWindows%5Cwin.ini",
      "/assets/",
      "/assets/nested/",
      "/%E0%A4%A",
    ]) {
      expect(pageFile(`${PAGE_ORIGIN}${path}`, root), path).toBeNull();
    }
  });

  it("gives each file type the build can make its Content-Type, and none to others", () => {
    expect(contentType("index.html")).toBe("text/html; charset=utf-8");
    expect(contentType("a.js")).toBe("text/javascript; charset=utf-8");
    expect(contentType("a.mjs")).toBe("text/javascript; charset=utf-8");
    expect(contentType("a.css")).toBe("text/css; charset=utf-8");
    expect(contentType("a.json")).toBe("application/json; charset=utf-8");
    expect(contentType("a.svg")).toBe("image/svg+xml");
    expect(contentType("a.png")).toBe("image/png");
    expect(contentType("a.woff")).toBe("font/woff");
    expect(contentType("a.woff2")).toBe("font/woff2");
    expect(contentType("a.ttf")).toBe("font/ttf");
    expect(contentType("a.wasm")).toBe("application/wasm");
    expect(contentType("A.JS")).toBe("text/javascript; charset=utf-8");
    for (const name of ["a.txt", "a.map", "a", "a.exe", "a.node", ".html.bak"]) expect(contentType(name), name).toBeNull();
  });

  it("answers with the file and its type; the page also with the CSP header (csp.ts's policy)", async () => {
    const page = await get(`${PAGE_URL}?x=1`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await page.text()).toBe("<!doctype html><title>page</title>");
    const script = await get(`${PAGE_ORIGIN}/assets/index-abc.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("content-security-policy")).toBeNull();
    expect(await script.text()).toBe("export const x = 1;\n");
    const font = await get(`${PAGE_ORIGIN}/assets/nested/font.woff2`);
    expect(font.headers.get("content-type")).toBe("font/woff2");
    expect([...new Uint8Array(await font.arrayBuffer())]).toEqual([0x77, 0x4f, 0x46, 0x32]);
    const head = await get(PAGE_URL, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(await head.text()).toBe("");
  });

  it("answers 404 for refused URLs, missing files, directories and unlisted types; 405 for other methods", async () => {
    for (const url of [
      `${PAGE_ORIGIN}/%2e%2e/secret.json`,
      `${PAGE_ORIGIN}/..%2fsecret.json`,
      "foresight-app://other/index.html",
      `${PAGE_ORIGIN}/missing.js`,
      `${PAGE_ORIGIN}/assets/dir.js`,
      `${PAGE_ORIGIN}/assets`,
      `${PAGE_ORIGIN}/assets/notes.txt`,
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text()).toBe("not found\n");
    }
    for (const method of ["POST", "PUT", "DELETE", "OPTIONS"]) expect((await get(PAGE_URL, method)).status, method).toBe(405);
  });

  it("serves every file of the real build (npm run build) with a type, and the built page with its CSP as a header equal to its <meta>", async () => {
    const built = resolve("dist/renderer");
    const files = readdirSync(built, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.length).toBeGreaterThan(2);
    for (const entry of files) {
      const path = relative(built, join(entry.parentPath, entry.name)).split(sep).map(encodeURIComponent).join("/");
      const response = await pageResponse({ url: `${PAGE_ORIGIN}/${path}`, method: "GET" }, built);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).not.toBeNull();
      await response.arrayBuffer();
    }
    const page = await pageResponse({ url: PAGE_URL, method: "GET" }, built);
    const html = await page.text();
    expect(html).toBe(readFileSync(join(built, "index.html"), "utf8"));
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    expect(meta![1]!.replaceAll("&#39;", "'")).toBe(page.headers.get("content-security-policy"));
  });
});
