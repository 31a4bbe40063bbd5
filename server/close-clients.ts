import type { WebSocket } from "ws";

/** How long a page has to answer the close frame before its connection is cut. */
const CLOSE_WAIT_MS = 1_000;

/**
 * Closes every editor connection with 1001 (going away) after what was sent to it, so a page
 * hears the run.ended of the runs the server stopped before the link goes; a page that does not
 * answer in time is cut off.
 */
export async function closeClients(clients: ReadonlySet<WebSocket>): Promise<void> {
  const closing = [...clients];
  const closed = closing.map((client) => new Promise<void>((resolve) => (client.readyState === client.CLOSED ? resolve() : client.once("close", () => resolve()))));
  for (const client of closing) client.close(1001, "the server stopped");
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(closed), new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))]);
  clearTimeout(timer);
  for (const client of closing) client.terminate();
}
