import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { hostname } from "node:os";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { API_PATH, type Push } from "../protocol/index.js";
import {
  createToken,
  isLoopbackHost,
  isWildcardHost,
  originAllowed,
  requestToken,
  tokenMatches,
  urlHost,
} from "./access.js";
import { answer } from "../host/editor-api/answer.js";
import { createEditorApi } from "../host/editor-api/editor-api.js";
import { loadHostKinds } from "../host/node-kinds.js";
import { packageRoot } from "../host/package-root.js";
import { closeClients } from "./close-clients.js";
import { keepAlive } from "./heartbeat.js";
import { HIGH_WATER_BYTES, pushWithoutStepDetail } from "./back-pressure.js";
import { RootFolder } from "./root-folder.js";
import { isPublicAsset, SECURITY_HEADERS, serveStatic } from "./static-files.js";

export interface ServerOptions {
  /** The folder the editor may open and save pipeline files in; run folders go to <root>/runs. */
  root: string;
  /** Address to bind (default 127.0.0.1: this machine only). */
  host?: string;
  /** Port to listen on; 0 (the default) lets the system choose a free one. */
  port?: number;
  /** The built editor (index.html and its assets); without one, "/" says the editor is not built. */
  staticDir?: string;
  /** The access token; default a fresh random one. */
  token?: string;
  /** Where templates come from; default the project's examples/ folder. */
  examplesDir?: string;
  /**
   * Node kinds beside the built-ins: JavaScript ES modules (absolute paths or file URLs) whose default
   * export is a node kind or an array of them (host/node-kinds.ts). The palette, validation, trust and
   * runs all use them.
   */
  kindModules?: string[];
  /** How often each editor connection is pinged (heartbeat.ts); tests shorten it. */
  heartbeatMs?: number;
}

/** A listening server. */
export interface RunningServer {
  /** The editor's address with its token: http://host:port/?token=… */
  url: string;
  port: number;
  token: string;
  /** Bound to a loopback address: only this machine can reach the editor. */
  loopbackOnly: boolean;
  /** Stops the runs (their folders stay consistent), closes every connection and stops listening. */
  close(): Promise<void>;
}

/** Largest request frame accepted; pipeline documents are a few kilobytes. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;
/** Editor connections at once (tabs, reloads); one past it is refused (503) rather than let clients exhaust the server. */
export const MAX_CONNECTIONS = 64;

/**
 * Serves the editor and its WebSocket API (`/api`, protocol/wire.ts) over node:http. The page and
 * every upgrade must carry the token in their URL (never a cookie: see isPublicAsset); upgrades must
 * also come from the server's own origin.
 * Run events go to every connected client, so a second tab or a reloaded page sees runs too; a
 * client that falls behind gets them without per-step detail (back-pressure.ts).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const examplesDir = options.examplesDir ?? join(packageRoot(), "examples");
  // The templates (examplesDir) name the shipped models by absolute path: both are readable, never writable.
  const root = new RootFolder(options.root, { shipped: [examplesDir, join(packageRoot(), "assets", "models")] });
  const kinds = await loadHostKinds(options.kindModules);
  const host = options.host ?? "127.0.0.1";
  const token = options.token ?? createToken();
  const clients = new Set<WebSocket>();
  const publish = (push: Push) => {
    const frame = JSON.stringify(push);
    let thinned: string | undefined;
    for (const client of clients) {
      // A client that cannot keep up (a slow link, a busy tab) gets the batch without per-step detail.
      if (push.push === "run.events" && client.bufferedAmount > HIGH_WATER_BYTES) client.send((thinned ??= JSON.stringify(pushWithoutStepDetail(push))));
      else client.send(frame);
    }
  };
  const api = createEditorApi(root, { examplesDir, publish, kinds });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const stopHeartbeat = keepAlive(wss, clients, options.heartbeatMs);
  wss.on("connection", (socket) => {
    clients.add(socket);
    socket.on("close", () => clients.delete(socket));
    socket.on("error", () => socket.terminate());
    socket.on("message", (data, isBinary) => {
      if (isBinary) {
        socket.send(JSON.stringify({ id: null, error: { message: "binary frames are not understood; send JSON text" } }));
        return;
      }
      void answer(data.toString(), api.handlers).then((reply) => {
        if (socket.readyState !== socket.OPEN) return;
        let frame: string;
        try {
          frame = JSON.stringify(reply);
        } catch (error) {
          frame = JSON.stringify({ id: reply.id, error: { message: `the answer cannot be sent as JSON: ${(error as Error).message}` } });
        }
        socket.send(frame);
      });
    });
  });

  let port = options.port ?? 0;
  const server = createServer((request, response) => handleHttp(request, response));
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until ws takes the socket over, nothing else listens for its errors (a client that hangs up).
    socket.on("error", () => socket.destroy());
    const url = new URL(request.url ?? "/", "http://server");
    const refuse = (status: number, reason: string) => {
      socket.once("finish", () => socket.destroy());
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
    };
    if (url.pathname !== API_PATH) return refuse(404, "Not Found");
    if (!tokenMatches(token, requestToken(url))) return refuse(401, "Unauthorized");
    if (!originAllowed(request.headers.origin, request.headers.host, { host, port })) return refuse(403, "Forbidden");
    if (clients.size >= MAX_CONNECTIONS) return refuse(503, "Too Many Connections");
    wss.handleUpgrade(request, socket, head, (client) => wss.emit("connection", client, request));
  });

  function handleHttp(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? "/", "http://server");
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { ...SECURITY_HEADERS, Allow: "GET, HEAD" }).end();
      return;
    }
    if (!isPublicAsset(url.pathname, options.staticDir) && !tokenMatches(token, requestToken(url))) {
      response.writeHead(401, { ...SECURITY_HEADERS, "Content-Type": "text/plain; charset=utf-8" });
      response.end("Unauthorized: open the address `foresight serve` printed; it carries the access token.\n");
      return;
    }
    serveStatic(url.pathname, options.staticDir, response, {});
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new Error(`port ${port} is already in use (another program listens on ${urlHost(host)}:${port}); choose another with --port`));
      else reject(new Error(`cannot listen on ${urlHost(host)}:${port}: ${error.message}`, { cause: error }));
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  if (address && typeof address === "object") port = address.port;

  return {
    url: `http://${urlHost(isWildcardHost(host) ? hostname() : host)}:${port}/?token=${token}`,
    port,
    token,
    loopbackOnly: isLoopbackHost(host),
    async close() {
      stopHeartbeat();
      await api.close();
      await closeClients(clients);
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
