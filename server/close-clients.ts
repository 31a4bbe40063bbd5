import type { WebSocket } from "ws";
import { SERVER_STOPPED_CLOSE } from "../protocol/index.js";

/** How long a page has to answer the close frame before its connection is cut. */
const CLOSE_WAIT_MS = 1_000;

/**
 * Closes every editor connection after what was sent to it, so a page hears the run.ended of the
 * runs the server stopped before the link goes, and with SERVER_STOPPED_CLOSE, so it says at once
 * that the server stopped rather than try to reconnect; a page that does not answer in time is cut off.
 */
export async function closeClients(clients: ReadonlySet<WebSocket>): Promise<void> {
  const closing = [...clients];
  const closed = closing.map((client) => new Promise<void>((resolve) => (client.readyState === client.CLOSED ? resolve() : client.once("close", () => resolve()))));
  for (const client of closing) client.close(SERVER_STOPPED_CLOSE.code, SERVER_STOPPED_CLOSE.reason);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(closed), new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))]);
  clearTimeout(timer);
  for (const client of closing) client.terminate();
}
