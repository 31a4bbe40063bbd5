import { randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Who may use the server: whoever holds the token printed in its URL, from a page the server
 * itself served. The token stops other local users and programs; the Origin check stops a web
 * page in another tab (which could otherwise open a WebSocket to 127.0.0.1) even if it learnt
 * the token.
 */

/** A fresh access token: 32 random bytes, hex. */
export function createToken(): string {
  return randomBytes(32).toString("hex");
}

/** Whether `given` is the token, compared in constant time. */
export function tokenMatches(token: string, given: string | null | undefined): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(token);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The token a request carries: `?token=` in its URL. Never a cookie: browsers send a cookie for
 * 127.0.0.1 to every server on 127.0.0.1, whatever its port, so any other local server the browser
 * visits would receive it.
 */
export function requestToken(url: URL): string | undefined {
  return url.searchParams.get("token") ?? undefined;
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Whether `host` (as given to --host) only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Whether `host` is a wildcard address (every interface). */
export function isWildcardHost(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "[::]";
}

/** `host` as it appears in a URL (IPv6 literals in brackets). */
export function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/**
 * Whether a WebSocket upgrade's Origin is the server's own: http://<bound host>:<port> or its
 * localhost / 127.0.0.1 / [::1] equivalents; or, for a page reached under another name (an SSH
 * tunnel's port, a wildcard bind's host name), exactly the Host the browser connected to, when
 * that is a loopback name or the server listens on every interface. No Origin is refused too.
 */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined, server: { host: string; port: number }): boolean {
  if (!origin) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.protocol !== "http:" || parsed.origin !== origin) return false;
  const own = [...LOOPBACK_NAMES, ...(isWildcardHost(server.host) ? [] : [urlHost(server.host)])].map((name) => new URL(`http://${name}:${server.port}`).origin);
  if (own.includes(origin)) return true;
  if (!hostHeader || origin !== `http://${hostHeader.toLowerCase()}`) return false;
  return LOOPBACK_NAMES.has(parsed.hostname) || isWildcardHost(server.host);
}
