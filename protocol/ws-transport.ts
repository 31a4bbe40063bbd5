import type { FileListing, ModelInfo, OpenedFile, PipelineDocument, SavedFile } from "./files.js";
import type { KindCatalog } from "./kinds.js";
import type { Problem } from "./problems.js";
import type { RunControlAction, RunEvent, RunOptions } from "./run-events.js";
import type { RunEnded, Transport, TrustInfo, Unsubscribe } from "./transport.js";
import { API_PATH, serverMessageSchema, type MethodName, type MethodParams, type MethodResults, type Push } from "./wire.js";

/** The part of the standard WebSocket API the transport uses (a browser's WebSocket has it, so does the `ws` package's). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: "open" | "message" | "close" | "error", listener: (event: { data?: unknown; code?: number; reason?: string }) => void): void;
}

export interface WebSocketTransportOptions {
  /** Opens the socket; default: the global WebSocket (browsers). */
  createSocket?: (url: string) => WebSocketLike;
}

/** WebSocket.OPEN in every implementation. */
const OPEN = 1;

/**
 * The editor page's API URL: the page's own host, `/api`, and the page's `?token=`.
 * "http://127.0.0.1:7410/?token=ab12" → "ws://127.0.0.1:7410/api?token=ab12".
 */
export function apiUrlFromPage(pageUrl: string): string {
  const page = new URL(pageUrl);
  const token = page.searchParams.get("token") ?? "";
  return `${page.protocol === "https:" ? "wss:" : "ws:"}//${page.host}${API_PATH}?token=${encodeURIComponent(token)}`;
}

type Pending = { resolve: (result: unknown) => void; reject: (error: Error) => void };

/** The Transport over `foresight serve`'s WebSocket API (wire.ts); runs in a browser, no Node APIs. */
export class WebSocketTransport implements Transport {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Set<(runId: string, events: RunEvent[]) => void>();
  private readonly endedListeners = new Set<(ended: RunEnded) => void>();
  private readonly closedListeners = new Set<(reason: string) => void>();
  private closedReason: string | undefined;

  private constructor(private readonly socket: WebSocketLike) {
    // One message per task, in order: whatever a reply's promise sets off (storing a run id) is
    // done before the next message (that run's first events, say) reaches a listener.
    socket.addEventListener("message", (event) => {
      const data = event.data;
      if (typeof data === "string") setTimeout(() => this.receive(data), 0);
    });
    socket.addEventListener("close", (event) => this.closed(event.reason || `the connection to the server closed (code ${event.code ?? "unknown"})`));
  }

  /** Connects to `url` (the API URL with its token, see apiUrlFromPage); rejects when the server refuses or is unreachable. */
  static connect(url: string, options: WebSocketTransportOptions = {}): Promise<WebSocketTransport> {
    const create = options.createSocket ?? ((address: string) => new (globalThis as unknown as { WebSocket: new (url: string) => WebSocketLike }).WebSocket(address));
    const socket = create(url);
    return new Promise((resolve, reject) => {
      let settled = false;
      socket.addEventListener("open", () => {
        settled = true;
        resolve(new WebSocketTransport(socket));
      });
      const fail = () => {
        if (settled) return;
        settled = true;
        // Browsers hide why an upgrade failed (a wrong token, a foreign origin): name the likely causes.
        reject(new Error(`cannot connect to the Foresight server at ${url.replace(/token=[^&]*/, "token=…")}: it is not running, or it refused the access token or this page's origin`));
      };
      socket.addEventListener("error", fail);
      socket.addEventListener("close", fail);
    });
  }

  describeKinds(): Promise<KindCatalog> {
    return this.call("describeKinds", {});
  }

  listFiles(): Promise<FileListing> {
    return this.call("listFiles", {});
  }

  readFile(path: string): Promise<OpenedFile> {
    return this.call("readFile", { path });
  }

  saveFile(path: string, doc: PipelineDocument): Promise<SavedFile> {
    return this.call("saveFile", { path, doc });
  }

  validate(doc: unknown, path?: string): Promise<Problem[]> {
    return this.call("validate", path === undefined ? { doc } : { doc, path });
  }

  modelInfo(modelPath: string, pipelinePath: string, baseDir?: string): Promise<ModelInfo> {
    return this.call("modelInfo", baseDir === undefined ? { modelPath, pipelinePath } : { modelPath, pipelinePath, baseDir });
  }

  startRun(doc: unknown, path: string, options: RunOptions = {}): Promise<{ runId: string }> {
    return this.call("startRun", { doc, path, options });
  }

  async controlRun(runId: string, action: RunControlAction): Promise<void> {
    await this.call("controlRun", { runId, action });
  }

  trustInfo(doc: unknown): Promise<TrustInfo> {
    return this.call("trustInfo", { doc: doc as Record<string, unknown> });
  }

  onRunEvents(listener: (runId: string, events: RunEvent[]) => void): Unsubscribe {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onRunEnded(listener: (ended: RunEnded) => void): Unsubscribe {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  onClosed(listener: (reason: string) => void): Unsubscribe {
    this.closedListeners.add(listener);
    return () => this.closedListeners.delete(listener);
  }

  /** Closes the connection; runs on the server go on. */
  close(): void {
    this.socket.close(1000, "closed by the editor");
  }

  private call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResults[M]> {
    if (this.closedReason !== undefined || this.socket.readyState !== OPEN) {
      return Promise.reject(new Error(`${method}: not connected to the server (${this.closedReason ?? "the connection is not open"})`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  private receive(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    const message = serverMessageSchema.safeParse(parsed);
    if (!message.success) return;
    const data = message.data;
    if ("push" in data) {
      const push = data as Push;
      if (push.push === "run.events") for (const listener of this.eventListeners) listener(push.runId, push.events);
      else {
        const { push: _, ...ended } = push;
        for (const listener of this.endedListeners) listener(ended);
      }
      return;
    }
    if (typeof data.id !== "number") return;
    const pending = this.pending.get(data.id);
    if (!pending) return;
    this.pending.delete(data.id);
    if ("error" in data) pending.reject(new Error(data.error.message));
    else pending.resolve(data.result);
  }

  private closed(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    for (const { reject } of this.pending.values()) reject(new Error(`the server connection closed before it answered: ${reason}`));
    this.pending.clear();
    for (const listener of this.closedListeners) listener(reason);
  }
}
