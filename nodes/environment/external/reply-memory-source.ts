/**
 * What the channel threads (channel-worker-source.ts: a process's pipes; socket-worker-source.ts: a
 * WebSocket; http-worker-source.ts: HTTP requests) share, as source text spliced into theirs: the reply memory's layout (described in
 * channel-worker-source.ts), `exited` (the far end is gone, once) and `deliver` (a reply line into
 * shared memory, or through the port when it is too long or out of step). The including source
 * declares `port`, `control` and `data` first, and `afterExit()`, called once the far end is gone.
 */
export const replyMemorySource = String.raw`
const bytes = new Uint8Array(data);
const SEQ = 0, READY = 1, LENGTH = 2, EXITED = 3;
const ring = () => { Atomics.add(control, SEQ, 1); Atomics.notify(control, SEQ); };
let ended = false;
function exited(details) {
  if (ended) return;
  ended = true;
  port.postMessage({ type: "exit", ...details });
  Atomics.store(control, EXITED, 1);
  ring();
  afterExit();
}
function deliver(line) {
  if (Atomics.load(control, READY) === 1) {
    port.postMessage({ type: "extra", line: line.toString("utf8") });
    ring();
    return;
  }
  if (line.length <= bytes.length) {
    bytes.set(line, 0);
    Atomics.store(control, LENGTH, line.length);
  } else {
    port.postMessage({ type: "line", line: line.toString("utf8") });
    Atomics.store(control, LENGTH, -1);
  }
  Atomics.store(control, READY, 1);
  ring();
}
`;
