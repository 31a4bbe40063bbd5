import { replyMemorySource } from "./reply-memory-source.js";

/**
 * The body of the thread that speaks to an environment served over HTTP for `ProcessChannel`
 * (`python3 -m foresight_env --http HOST:PORT …`): each request line is POSTed to the address and
 * the response body is its reply line. A session id in a header keeps one environment per channel on
 * the server (HTTP itself keeps none); `kill` ends the session (DELETE), and so does the answer to a
 * `close` request (its Foresight-Session-Ended header). Node's own http client with
 * one kept-alive connection (fetch refuses ports such as 6000 and adds its own work per request).
 * Source text run with `new Worker(…, { eval: true })`, like socket-worker-source.ts, whose
 * shared-memory layout it follows.
 */
export const httpWorkerSource = String.raw`
const { workerData } = require("node:worker_threads");
const { randomUUID } = require("node:crypto");
const { port, control, data, url } = workerData;
${replyMemorySource}
function afterExit() {}

const target = new URL(url);
const client = require(target.protocol === "https:" ? "node:https" : "node:http");
const agent = new client.Agent({ keepAlive: true, maxSockets: 1, noDelay: true });
const session = randomUUID();
// The caller waits about a second for a killed session to be gone (process-channel.ts).
const DELETE_TIMEOUT_MS = 500;

/** One request (on the session's connection unless \`via\` says otherwise); resolves with the status and body, or rejects with the socket's error. */
function send(method, body, via = agent) {
  return new Promise((resolve, reject) => {
    const headers = { "foresight-session": session, "content-type": "application/x-ndjson" };
    if (body !== undefined) headers["content-length"] = Buffer.byteLength(body);
    const request = client.request(target, { method, agent: via, headers, ...(via === false ? { timeout: DELETE_TIMEOUT_MS } : {}) }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode, body: Buffer.concat(chunks), ended: response.headers["foresight-session-ended"] === "1" }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.end(body);
  });
}
const failed = (error) => exited({ error: String((error && error.message) || error) });

// The server answers GET with its name: reachable, and speaking this protocol.
send("GET")
  .then(({ status, body }) => {
    const text = body.toString("utf8");
    if (status !== 200 || !text.startsWith("foresight_env")) return exited({ error: "not a foresight_env server (GET answered HTTP " + status + ": " + text.slice(0, 200) + ")" });
    port.postMessage({ type: "spawned", pid: 0, fd: -1 });
    ring();
  })
  .catch(failed);

// One request at a time: the caller takes each reply before it sends the next line.
port.on("message", (message) => {
  if (message.type === "write") {
    send("POST", message.line)
      .then(({ status, body, ended }) => {
        if (status !== 200) return exited({ error: "HTTP " + status + ": " + body.toString("utf8").slice(0, 500) });
        deliver(body[body.length - 1] === 10 ? body.subarray(0, body.length - 1) : body);
        // A close request's answer ends the session, as a WebSocket's close frame ends the connection.
        if (ended) {
          agent.destroy();
          exited({ code: 0 });
        }
      })
      .catch(failed);
  }
  if (message.type === "kill" || message.type === "give-up") {
    // On a connection of its own: the session's one is busy with the request given up on, so the
    // server hears of it (and says where that request is stuck) before this thread is ended.
    // Its answer says where the request given up on is stuck, if one was running.
    send("DELETE", undefined, false)
      .then(({ body }) => body.toString("utf8"), () => "")
      .then((where) => {
        agent.destroy();
        exited({ error: "the session was ended" + (where ? ": " + where : "") });
      });
  }
});
`;
