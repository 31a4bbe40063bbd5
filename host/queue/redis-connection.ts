import { Redis } from "ioredis";

/** How long a connection attempt may take before Redis counts as unreachable. */
const CONNECT_TIMEOUT_MS = 3000;

/**
 * How long ioredis waits for a closed connection's socket to end before it destroys it (2 s by
 * default): its timer kept a command that had met an unreachable Redis alive that long after its message.
 */
const DISCONNECT_TIMEOUT_MS = 100;

/** Redis could not be reached or the URL is not one: the CLI prints the message on one line and exits 2. */
export class RedisUnavailable extends Error {}

/** The URL as it may be shown: without its password. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return url;
  }
}

/** Checks that `url` names a Redis server (`redis://` or `rediss://`). */
export function checkRedisUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisUnavailable(`"${url}" is not a Redis URL (expected redis://host:6379)`);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") throw new RedisUnavailable(`"${url}" is not a Redis URL (expected redis://host:6379)`);
}

/**
 * One connection attempt, no retries, a short timeout: a Redis that is down or unreachable is one
 * line and exit 2 before anything is queued, instead of ioredis reconnecting forever.
 */
export async function probeRedis(url: string): Promise<void> {
  checkRedisUrl(url);
  const client = new Redis(url, { lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, disconnectTimeout: DISCONNECT_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let lastError: Error | undefined;
  let connected = false;
  client.on("error", (error: Error) => (lastError = error));
  client.on("connect", () => (connected = true));
  let timer: NodeJS.Timeout | undefined;
  // The connect timeout ends at the socket: a server that takes the connection and never answers as Redis would hang the probe.
  const silence = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), silence]);
  } catch (error) {
    throw new RedisUnavailable(probeFailure(shownUrl(url), lastError ?? (error as Error), connected));
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** The one line a failed probe prints: a refusal by Redis itself (a password) reads apart from a Redis that is not there. */
function probeFailure(url: string, failure: Error, connected: boolean): string {
  const reason = failure.message.replace(/\s+/g, " ");
  if (failure.name === "ReplyError") {
    if (reason.startsWith("NOAUTH")) return `Redis at ${url} needs a password: give it in the URL, redis://:password@host:port (redis://user:password@host:port for an ACL user)`;
    if (reason.startsWith("WRONGPASS")) return `Redis at ${url} refused the URL's user or password: ${reason}`;
    return `Redis at ${url} refused the connection: ${reason}`;
  }
  // Connected, then cut off or silent, with no reply of Redis's own: something else listens there.
  const hint = connected ? "; something listens there, but does not answer as Redis does: is it Redis's port?" : "";
  return `cannot reach Redis at ${url}: ${reason}${hint}`;
}

/** Errors that mean the connection to Redis is down, not that a command went wrong. */
const CONNECTION_LOST = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

function isConnectionLost(error: Error): boolean {
  return CONNECTION_LOST.has((error as NodeJS.ErrnoException).code ?? "") || /Connection is closed|connect ETIMEDOUT/.test(error.message);
}

/**
 * Says once that Redis was lost, however many connections and BullMQ objects of the process report
 * it (each of them, once a second or so, while Redis is away), and nothing more until a connection
 * is ready again (then `onBack`'s listeners hear it); other errors are said as they come.
 */
export class RedisTrouble {
  private down = false;
  /** Set by `giveUp`: the connections opened with this stop reconnecting. */
  givenUp = false;
  private readonly backListeners: (() => void)[] = [];
  private reminder: { everyMs: number; line: (awayMs: number) => string } | undefined;
  private reminding: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly say: (line: string) => void = () => {},
  ) {}

  /** Hears `client`'s errors and reconnections. */
  watch(client: Redis): Redis {
    client.on("error", (error: Error) => this.heard(error));
    client.on("ready", () => {
      if (!this.down) return;
      this.down = false;
      this.stopReminding();
      for (const listener of this.backListeners) listener();
    });
    return client;
  }

  /**
   * Stops every connection opened with this (and BullMQ's copies of them) from reconnecting, at its
   * next attempt: a run that ended while Redis was away must not wait for it to exit.
   */
  giveUp(): void {
    this.givenUp = true;
    this.stopReminding();
  }

  /**
   * While Redis is away, says `line(how long)` every `everyMs`: one "lost Redis" line, then silence,
   * read like a hang to whoever came back to the terminal an hour later.
   */
  remindEvery(everyMs: number, line: (awayMs: number) => string): void {
    this.reminder = { everyMs, line };
  }

  /** No more reminders (the run is over). */
  stopReminding(): void {
    clearInterval(this.reminding);
    this.reminding = undefined;
  }

  /** Calls `listener` each time a connection is ready again after Redis was lost (what Redis kept may not be all it had). */
  onBack(listener: () => void): void {
    this.backListeners.push(listener);
  }

  /** An error from a connection, or from a BullMQ Queue, QueueEvents or Worker (`what` names it). */
  heard(error: Error, what = ""): void {
    if (!isConnectionLost(error)) return this.say(`${what}${error.message}`);
    if (this.down) return;
    this.down = true;
    this.say(`lost Redis at ${shownUrl(this.url)} (${error.message}); reconnecting`);
    const reminder = this.reminder;
    if (!reminder || this.givenUp) return;
    const lostAt = Date.now();
    this.reminding = setInterval(() => this.say(reminder.line(Date.now() - lostAt)), reminder.everyMs).unref();
  }
}

/**
 * A long-lived connection for BullMQ and our keys (probe first): commands wait while it
 * reconnects (BullMQ needs maxRetriesPerRequest: null), with a back-off up to 5 s between
 * attempts; `trouble` hears its errors (an outage once, however many connections report it).
 * `connectionName` names it to Redis (again on each reconnect).
 */
export function openRedis(url: string, trouble: RedisTrouble = new RedisTrouble(url), connectionName?: string): Redis {
  return trouble.watch(
    new Redis(url, { connectTimeout: CONNECT_TIMEOUT_MS, disconnectTimeout: DISCONNECT_TIMEOUT_MS, maxRetriesPerRequest: null, retryStrategy: (attempt) => (trouble.givenUp ? null : Math.min(250 * attempt, 5000)), ...(connectionName ? { connectionName } : {}) }),
  );
}
