import type { WebSocket, WebSocketServer } from "ws";

/** How often the server pings each editor; one that has not answered by the next ping is cut off. */
export const HEARTBEAT_MS = 15_000;

/**
 * The `ws` library's ping/pong pattern: a connection whose far end vanished without a close (a
 * sleeping laptop, a link that passes nothing) is terminated rather than sent run events forever.
 * Browsers answer pings by themselves; the editor notices a silent link on its own side (ws-transport.ts).
 * Answers a function that stops the pings.
 */
export function keepAlive(wss: WebSocketServer, clients: ReadonlySet<WebSocket>, intervalMs = HEARTBEAT_MS): () => void {
  const answered = new WeakSet<WebSocket>();
  wss.on("connection", (socket: WebSocket) => {
    answered.add(socket);
    socket.on("pong", () => answered.add(socket));
  });
  const timer = setInterval(() => {
    for (const socket of clients) {
      if (!answered.has(socket)) {
        socket.terminate();
        continue;
      }
      answered.delete(socket);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
