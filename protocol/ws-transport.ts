import { ProtocolClient } from "./client.js";
import { API_PATH, SERVER_STOPPED_CLOSE, serverMessageSchema, type MethodName, type MethodParams, type MethodResults, type Push } from "./wire.js";

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
  /** Whether the server at `url` now refuses its token (a restarted server has a new one); default: asks the page's address over HTTP. */
  tokenRefused?: (url: string) => Promise<boolean>;
  timing?: Partial<ConnectionTiming>;
}

/** How the connection is watched and made again, in milliseconds. */
export interface ConnectionTiming {
  /** Silence after which the transport asks the server whether it is still there. */
  probeAfter: number;
  /** How long that question may go unanswered before the connection counts as dropped (a link that passes nothing and never closes). */
  answerWithin: number;
  /** Waits before each try to reconnect, the last one repeated. */
  retryDelays: number[];
  /** How long reconnecting is tried before the server counts as stopped. */
  giveUpAfter: number;
  /** How long one try may take to open. */
  openWithin: number;
}

const DEFAULT_TIMING: ConnectionTiming = { probeAfter: 5_000, answerWithin: 10_000, retryDelays: [250, 500, 1_000, 2_000, 4_000], giveUpAfter: 20_000, openWithin: 5_000 };

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

/** A call that failed because the connection is down (being made again, or gone): the page says so once, not per call. */
export class NotConnectedError extends Error {}

type Pending = { resolve: (result: unknown) => void; reject: (error: Error) => void };
type Resolved = { createSocket: (url: string) => WebSocketLike; tokenRefused: (url: string) => Promise<boolean>; timing: ConnectionTiming };

/**
 * The Transport over `foresight serve`'s WebSocket API (wire.ts); runs in a browser, no Node APIs.
 * A dropped connection is made again (same address and token) with growing waits; a link that
 * passes nothing is noticed by asking the server after a silence (a browser cannot see the server's
 * pings). It counts as gone only once reconnecting fails, or the server refuses the token.
 */
export class WebSocketTransport extends ProtocolClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Why calls fail now (reconnecting, or gone for good); undefined while connected. */
  private downReason: string | undefined;
  private gone = false;
  private closedByEditor = false;
  private lastHeard = Date.now();
  private probeSentAt: number | undefined;
  private readonly watch: ReturnType<typeof setInterval>;

  private constructor(
    private socket: WebSocketLike,
    private readonly url: string,
    private readonly options: Resolved,
  ) {
    super();
    this.use(socket);
    this.watch = setInterval(() => this.checkSilence(), Math.min(options.timing.probeAfter, options.timing.answerWithin) / 2);
    (this.watch as { unref?: () => void }).unref?.();
  }

  /** Connects to `url` (the API URL with its token, see apiUrlFromPage); rejects when the server refuses or is unreachable. */
  static async connect(url: string, options: WebSocketTransportOptions = {}): Promise<WebSocketTransport> {
    const resolved: Resolved = {
      createSocket: options.createSocket ?? ((address: string) => new (globalThis as unknown as { WebSocket: new (url: string) => WebSocketLike }).WebSocket(address)),
      tokenRefused: options.tokenRefused ?? pageRefusesToken,
      timing: { ...DEFAULT_TIMING, ...options.timing },
    };
    const socket = await openSocket(url, resolved).catch(() => {
      // Browsers hide why an upgrade failed (a wrong token, a foreign origin): name the likely causes.
      throw new Error(`cannot connect to the Foresight server at ${url.replace(/token=[^&]*/, "token=…")}: it is not running, or it refused the access token or this page's origin`);
    });
    return new WebSocketTransport(socket, url, resolved);
  }

  /** Closes the connection; runs on the server go on. */
  close(): void {
    this.closedByEditor = true;
    if (this.downReason !== undefined) this.goneFor("closed by the editor");
    else this.socket.close(1000, "closed by the editor");
  }

  protected call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResults[M]> {
    if (this.downReason !== undefined || this.socket.readyState !== OPEN) {
      return Promise.reject(new NotConnectedError(`not connected to the server (${this.downReason ?? "the connection is not open"})`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Takes `socket` as the connection; a socket left behind (dropped, silent) is no longer listened to. */
  private use(socket: WebSocketLike): void {
    this.socket = socket;
    this.lastHeard = Date.now();
    this.probeSentAt = undefined;
    // One message per task, in order: whatever a reply's promise sets off (storing a run id) is
    // done before the next message (that run's first events, say) reaches a listener.
    socket.addEventListener("message", (event) => {
      if (socket !== this.socket) return;
      this.lastHeard = Date.now();
      const data = event.data;
      if (typeof data === "string") setTimeout(() => this.receive(data), 0);
    });
    socket.addEventListener("close", (event) => {
      if (socket !== this.socket) return;
      const reason = event.reason || `the connection to the server closed (code ${event.code ?? "unknown"})`;
      if (this.closedByEditor || event.code === SERVER_STOPPED_CLOSE.code) this.goneFor(reason);
      else this.dropped(reason);
    });
  }

  /** Asks after a silence (any call will do: its answer is news); no answer in time means the link is dead though it never closed. */
  private checkSilence(): void {
    if (this.downReason !== undefined) return;
    const now = Date.now();
    const { probeAfter, answerWithin } = this.options.timing;
    if (this.probeSentAt !== undefined && this.lastHeard < this.probeSentAt) {
      if (now - this.probeSentAt < answerWithin) return;
      this.socket.close(4000, "the server stopped answering");
      this.dropped(`the server did not answer for ${Math.round((now - this.lastHeard) / 1000)} s`);
      return;
    }
    if (now - this.lastHeard < probeAfter) return;
    this.probeSentAt = now;
    this.listLiveRuns().catch(() => undefined);
  }

  private dropped(reason: string): void {
    if (this.downReason !== undefined) return;
    this.downReason = "reconnecting…";
    this.rejectPending("the connection to the server was lost before it answered; reconnecting…");
    this.notifyConnection({ status: "reconnecting", reason });
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    const { retryDelays, giveUpAfter } = this.options.timing;
    const since = Date.now();
    for (let attempt = 0; ; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, retryDelays[Math.min(attempt, retryDelays.length - 1)]));
      if (this.gone) return;
      const socket = await openSocket(this.url, this.options).catch(() => undefined);
      if (this.gone) return socket?.close(1000, "closed by the editor");
      if (socket) {
        this.downReason = undefined;
        this.use(socket);
        this.notifyConnection({ status: "reconnected" });
        return;
      }
      if (await this.options.tokenRefused(this.url)) return this.goneFor("foresight serve was restarted: it refuses this page's access token");
      if (Date.now() - since >= giveUpAfter) return this.goneFor("foresight serve stopped: it does not answer");
    }
  }

  private goneFor(reason: string): void {
    if (this.gone) return;
    this.gone = true;
    this.downReason = reason;
    clearInterval(this.watch);
    this.rejectPending(`the server connection closed before it answered: ${reason}`);
    this.notifyClosed(reason);
  }

  private rejectPending(message: string): void {
    for (const { reject } of this.pending.values()) reject(new NotConnectedError(message));
    this.pending.clear();
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
      this.dispatch(data as Push);
      return;
    }
    if (typeof data.id !== "number") return;
    const pending = this.pending.get(data.id);
    if (!pending) return;
    this.pending.delete(data.id);
    if ("error" in data) pending.reject(new Error(data.error.message));
    else pending.resolve(data.result);
  }
}

/** Opens a socket to `url`, or rejects when it closes, errs or does not open in time. */
function openSocket(url: string, { createSocket, timing }: Resolved): Promise<WebSocketLike> {
  const socket = createSocket(url);
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (opened: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (opened) return resolve(socket);
      if (socket.readyState !== 3) socket.close();
      reject(new Error(`cannot connect to ${url.replace(/token=[^&]*/, "token=…")}`));
    };
    const timer = setTimeout(() => settle(false), timing.openWithin);
    socket.addEventListener("open", () => settle(true));
    socket.addEventListener("error", () => settle(false));
    socket.addEventListener("close", () => settle(false));
  });
}

/** Whether the page's own address (the API URL's host with its token) answers 401: the server there has another token. */
async function pageRefusesToken(apiUrl: string): Promise<boolean> {
  const page = new URL(apiUrl);
  page.protocol = page.protocol === "wss:" ? "https:" : "http:";
  page.pathname = "/";
  try {
    const response = await fetch(page, { method: "HEAD", signal: AbortSignal.timeout(DEFAULT_TIMING.openWithin) });
    return response.status === 401;
  } catch {
    return false;
  }
}
