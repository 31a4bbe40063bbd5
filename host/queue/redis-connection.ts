import { Redis } from "ioredis";

/** How long a connection attempt may take before Redis counts as unreachable. */
const CONNECT_TIMEOUT_MS = 3000;

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
  const client = new Redis(url, { lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let lastError: Error | undefined;
  client.on("error", (error: Error) => (lastError = error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = (lastError ?? (error as Error)).message.replace(/\s+/g, " ");
    throw new RedisUnavailable(`cannot reach Redis at ${shownUrl(url)}: ${reason}`);
  } finally {
    client.disconnect();
  }
}

/**
 * A long-lived connection for BullMQ and our keys (probe first): commands wait while it
 * reconnects (BullMQ needs maxRetriesPerRequest: null), with a back-off up to 5 s between
 * attempts; `onTrouble` hears each outage once, when it starts.
 */
export function openRedis(url: string, onTrouble: (message: string) => void = () => {}): Redis {
  const client = new Redis(url, { connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: null, retryStrategy: (attempt) => Math.min(250 * attempt, 5000) });
  let healthy = true;
  client.on("error", (error: Error) => {
    if (healthy) onTrouble(`lost Redis at ${shownUrl(url)} (${error.message}); reconnecting`);
    healthy = false;
  });
  client.on("ready", () => (healthy = true));
  return client;
}
