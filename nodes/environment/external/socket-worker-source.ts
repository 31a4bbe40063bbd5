import { replyMemorySource } from "./reply-memory-source.js";

/**
 * The body of the thread that holds a remote environment's WebSocket for `ProcessChannel` (the
 * protocol over WebSocket: one text message per line). Source text run with
 * `new Worker(…, { eval: true })`, like channel-worker-source.ts, whose shared-memory layout it
 * follows; `ws` is loaded from the path the caller resolved (the worker has no module of its own).
 */
export const socketWorkerSource = String.raw`
const { workerData } = require("node:worker_threads");
const { port, control, data, url, wsPath } = workerData;
const WebSocket = require(wsPath);
${replyMemorySource}
function afterExit() {}

let socket;
try {
  socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
} catch (error) {
  exited({ error: String(error && error.message || error) });
}
if (socket) {
  let failure;
  socket.on("open", () => {
    if (socket._socket && socket._socket.setNoDelay) socket._socket.setNoDelay(true);
    port.postMessage({ type: "spawned", pid: 0, fd: -1 });
    ring();
  });
  socket.on("error", (error) => { failure = error.message; });
  socket.on("close", (code, reason) => {
    const why = reason && reason.length ? ": " + reason.toString("utf8") : "";
    exited({ error: failure ? failure : "WebSocket close code " + code + why });
  });
  socket.on("message", (message) => deliver(Buffer.isBuffer(message) ? message : Buffer.concat(message)));
  port.on("message", (message) => {
    if (message.type === "write") socket.send(message.line.replace(/\n$/, ""));
    if (message.type === "kill") socket.terminate();
    // Given up on a request: close politely, so foresight_env answers with where the request is stuck (its close reason); terminate if it does not answer.
    if (message.type === "give-up") {
      socket.close(4000, "gave up waiting");
      setTimeout(() => socket.terminate(), message.waitMs).unref();
    }
  });
}
`;
