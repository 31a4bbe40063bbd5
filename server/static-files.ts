import { existsSync, readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { extname, join, normalize, relative, sep } from "node:path";
import { isFile } from "../host/file-stat.js";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

/** On every response: the page's URL (with its token) is never sent on as a Referer, and no other site may frame the page. */
export const SECURITY_HEADERS = {
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Content-Security-Policy": "frame-ancestors 'none'",
} as const;

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Foresight</title>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>Foresight</h1>
<p>The server is running, but the editor is not built yet, so there is no page to show here.
Its WebSocket API answers at <code>/api?token=…</code>.</p>
</body>
</html>
`;

/**
 * Whether `pathname` is one of the built editor's files other than its page (scripts, styles, fonts,
 * Monaco's workers): the same files for everyone who installs Foresight, so they are served without
 * the token. That lets the token stay out of cookies, which browsers send to every server on the host
 * whatever its port; the page and the API, which do need it, get it in their URLs.
 */
export function isPublicAsset(pathname: string, staticDir: string | undefined): boolean {
  const file = staticFile(pathname, staticDir);
  return file !== undefined && extname(file) !== ".html" && isFile(file);
}

/** The file under `staticDir` a URL path names, or undefined when it would leave the folder. */
function staticFile(pathname: string, staticDir: string | undefined): string | undefined {
  if (!staticDir) return undefined;
  const file = join(staticDir, normalize(decodeURIComponentSafe(pathname)));
  const inside = relative(staticDir, file);
  return inside.startsWith(`..${sep}`) || inside === ".." ? undefined : file;
}

/**
 * Answers a GET for the built editor (`staticDir`): the file at the URL's path, index.html for
 * "/" and for paths without an extension (the app's own routes). Without a build, "/" gets a
 * short page saying so.
 */
export function serveStatic(pathname: string, staticDir: string | undefined, response: ServerResponse, headers: Record<string, string>): void {
  const index = staticDir ? join(staticDir, "index.html") : undefined;
  if (!index || !existsSync(index)) {
    if (pathname === "/" || pathname === "/index.html") send(response, 200, ".html", NOT_BUILT_PAGE, headers);
    else send(response, 404, ".txt", "not found\n", headers);
    return;
  }
  let file = staticFile(pathname, staticDir);
  if (file === undefined) return send(response, 404, ".txt", "not found\n", headers);
  if (!isFile(file)) {
    if (extname(file) !== "") return send(response, 404, ".txt", "not found\n", headers);
    file = index;
  }
  const type = extname(file);
  // The page is never cached (a new token each start); hashed assets may be.
  const caching: Record<string, string> = type === ".html" ? { "Cache-Control": "no-store" } : {};
  send(response, 200, type, readFileSync(file), { ...headers, ...caching });
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string>): void {
  response.writeHead(status, { ...SECURITY_HEADERS, ...headers, "Content-Type": CONTENT_TYPES[type] ?? "application/octet-stream" });
  response.end(body);
}


function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
