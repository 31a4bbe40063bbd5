import { isUnfinishedJson } from "./json-prefix.js";

/** A reply that stopped before its end: the connection closed or stalled mid-body, or the body ends unfinished. */
export class ReplyCutOff extends Error {}

/** A successful reply in JSON where server-sent events were asked for (`stream: true`): a server that ignores `stream` answers so every time. */
export class NotServerSentEvents extends Error {}

/** What the whole-reply fetch does to each reply besides reading it whole. */
export interface WholeReplyOptions {
  /** Limit on one try: from sending the request to the reply's last byte. */
  timeoutMs: number;
  /** Whether the request asks for server-sent events (the param `stream`). */
  stream: boolean;
  /** The reply's text as the client may see it (the key masked out of it: key-mask.ts). */
  rewrite(text: string): string;
  /** Told of each try (each HTTP request sent) and, where one came, the reply's text as the client sees it. */
  onTry?(reply: string | undefined): void;
}

/**
 * A `fetch` for the `openai` client that resolves only once the whole reply is read, within
 * timeoutMs. The client's own timeout ends when the headers arrive, and its retries cover only what
 * fails before then (openai-node issue #1825): a body that stalls would hang forever, and one cut off
 * would fail unretried. Failing here, inside the client's fetch, makes both a connection error, which
 * the HTTP provider retries with its back-off (retry-policy.ts) and counts against maxRetries. Foresight reads every reply whole
 * (a stream too: its chunks are assembled into one completion), so nothing is lost by buffering.
 */
export function wholeReplyFetch(options: WholeReplyOptions): typeof fetch {
  return async (input, init) => {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException(`no complete reply within timeoutMs ${options.timeoutMs} (timed out)`, "TimeoutError")), options.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal;
    let reply: string | undefined;
    try {
      const response = await fetch(input, { ...init, signal });
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        throw new ReplyCutOff(`the connection closed mid-reply (${(error as Error).message})`, { cause: error });
      }
      reply = options.rewrite(text);
      if (response.ok) checkWhole(text, response.headers.get("content-type") ?? "", options.stream);
      const nullBody = [101, 204, 205, 304].includes(response.status);
      return new Response(nullBody ? null : reply, { status: response.status, statusText: response.statusText, headers: response.headers });
    } finally {
      options.onTry?.(reply);
      clearTimeout(timer);
    }
  };
}

/** Throws ReplyCutOff where a successful reply's body ends before its end, NotServerSentEvents where a stream asked came as JSON. */
function checkWhole(text: string, contentType: string, stream: boolean): void {
  // The client's stream reader would find no events in it and say only that no chunk came.
  if (stream && contentType.includes("json")) throw new NotServerSentEvents("the server answered JSON, not server-sent events, to a request with stream: true (it ignores stream): set the param stream to false");
  if (contentType.includes("text/event-stream")) {
    if (!streamEnded(text)) throw new ReplyCutOff("the reply was cut off: the stream ended before every answer finished");
    return;
  }
  if (!contentType.includes("json")) return;
  try {
    JSON.parse(text);
  } catch (error) {
    // A body that is a beginning of JSON, whole up to where it stops, was cut off; any other fault is the server's and its reader says so.
    if (isUnfinishedJson(text)) throw new ReplyCutOff(`the reply was cut off: its JSON body ends unfinished after ${text.length} characters (${(error as Error).message})`);
  }
}

/** Whether server-sent chat chunks reached their end: `data: [DONE]`, or a finish_reason for every answer begun. */
function streamEnded(text: string): boolean {
  const begun = new Set<number>();
  const finished = new Set<number>();
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith("data:")) continue;
    const data = line.slice("data:".length).trim();
    if (data === "[DONE]") return true;
    try {
      const chunk = JSON.parse(data) as { choices?: { index?: number; finish_reason?: string | null }[] };
      for (const choice of chunk.choices ?? []) {
        begun.add(choice.index ?? 0);
        if (choice.finish_reason) finished.add(choice.index ?? 0);
      }
    } catch {
      return false;
    }
  }
  return begun.size > 0 && [...begun].every((index) => finished.has(index));
}
