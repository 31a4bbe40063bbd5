/**
 * The desktop app's page comes from its own scheme, `foresight-app://editor/…`, not file://
 * (Electron's security checklist). A privileged, standard, secure scheme gives the page a real
 * origin, so the CSP's 'self' means the page's own files and Monaco's same-origin ES module
 * workers load; under file:// the origin is opaque ("null"). The handler serves the files of the
 * built renderer folder (dist/renderer) and nothing else from disk.
 *
 * Plain functions, no Electron: desktop-app.ts registers the scheme before `ready` and hands each
 * request to `pageResponse` in `protocol.handle`; the tests call them directly.
 */
import { readFile } from "node:fs/promises";
import { extname, isAbsolute, join, relative, sep } from "node:path";
import { CONTENT_SECURITY_POLICY } from "../protocol/csp.js";

/** The scheme, and the one host it answers for. */
export const PAGE_SCHEME = "foresight-app";
export const PAGE_HOST = "editor";
/** The page's origin; nothing else may call the bridge. */
export const PAGE_ORIGIN = `${PAGE_SCHEME}://${PAGE_HOST}`;
/** What every window loads. */
export const PAGE_URL = `${PAGE_ORIGIN}/index.html`;

/**
 * `protocol.registerSchemesAsPrivileged`'s entry (before `ready`): standard (relative URLs, a
 * real origin, web storage), secure (a secure context, like https), fetch allowed. No bypassCSP:
 * the page's policy applies to its own scheme like to any other.
 */
export const PAGE_SCHEME_PRIVILEGES = {
  scheme: PAGE_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** The types of the files the build makes (anything else is not served). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
};

/** The Content-Type of a file the page may load, by its extension; null for any other file. */
export function contentType(file: string): string | null {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? null;
}

/**
 * The file inside `rootDir` that a request URL names, or null (refused). Only the app's scheme
 * and host (no port, no user); query and fragment are ignored; `/` is index.html, any other path
 * ending in `/` is refused. Each path segment is decoded once and refused when empty, `.` or
 * `..`, or when it holds a slash, backslash, NUL or colon (encoded or not), so nothing outside
 * `rootDir` can be named. (Chromium hands the handler canonical URLs already; this does not rely on it.)
 */
export function pageFile(url: string, rootDir: string): string | null {
  const beforeQuery = url.split(/[?#]/, 1)[0]!;
  if (!beforeQuery.startsWith(`${PAGE_ORIGIN}/`)) return null;
  const path = beforeQuery.slice(PAGE_ORIGIN.length);
  if (path === "/") return join(rootDir, "index.html");
  const segments: string[] = [];
  for (const raw of path.slice(1).split("/")) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === "" || segment === "." || segment === ".." || /[/\\:\0]/.test(segment)) return null;
    segments.push(segment);
  }
  const file = join(rootDir, ...segments);
  const inside = relative(rootDir, file);
  if (inside === "" || inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null;
  return file;
}

/** The part of a Request the handler reads (Electron's GlobalRequest has it). */
export interface PageRequest {
  readonly url: string;
  readonly method: string;
}

/**
 * The answer to one request on the app's scheme: the file with its Content-Type, the HTML also
 * with the page's Content-Security-Policy as a header (the same policy as its <meta>); 404 for
 * whatever pageFile refuses, a type not in the list, a directory or a missing file; 405 for
 * anything but GET and HEAD.
 */
export async function pageResponse(request: PageRequest, rootDir: string): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") return plain(405, "method not allowed\n");
  const file = pageFile(request.url, rootDir);
  const type = file === null ? null : contentType(file);
  if (file === null || type === null) return plain(404, "not found\n");
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return plain(404, "not found\n");
  }
  const headers: Record<string, string> = { "Content-Type": type, "X-Content-Type-Options": "nosniff" };
  if (type.startsWith("text/html")) headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY;
  return new Response(request.method === "HEAD" ? null : body, { status: 200, headers });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" } });
}
