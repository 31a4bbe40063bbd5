import { replyMemorySource } from "./reply-memory-source.js";
import { STACK_DUMP_SIGNAL, STACK_DUMP_WAIT_MS } from "./stack-dump.js";
import { CHECKING_COPIES } from "./start-check.js";

/**
 * The body of the thread that reads an environment process's stdout and stderr for `ProcessChannel`.
 * It is source text run with `new Worker(…, { eval: true })` so it loads the same way from the
 * TypeScript sources (tests), the build and a packaged app, without a file beside it to find.
 *
 * Layout of `control` (Int32Array on a SharedArrayBuffer), shared with process-channel.ts:
 * [0] event sequence, bumped and notified on every event; [1] 1 while a reply line waits in
 * `data`; [2] its length in bytes, or -1 when it was too long and went through the port;
 * [3] 1 once the process has exited (details on the port). A line written while another still
 * waits goes through the port as "extra": the process is out of step, a protocol error.
 * [4] 1 while the caller blocks reading a reply pipe (reply-pipe.ts), until `deadline[0]` (Date.now()
 * milliseconds); [5] 1 once this thread killed the process for overrunning it. With a reply pipe
 * this thread is the watchdog: it kills an overrunning process and, when the process is gone,
 * writes the wake line into the pipe so the caller's blocking read returns.
 */
export const channelWorkerSource = String.raw`
const { workerData } = require("node:worker_threads");
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const { port, control, data, launch, replyPipe, deadline, stopWord } = workerData;
const CHECKING_COPIES = ${JSON.stringify(CHECKING_COPIES)};
const STACK_DUMP_SIGNAL = ${JSON.stringify(STACK_DUMP_SIGNAL)}, STACK_DUMP_WAIT_MS = ${STACK_DUMP_WAIT_MS};
${replyMemorySource}
const WAITING = 4, TIMED_OUT = 5;
// Opened before the process starts (the caller holds the read end), so this never blocks.
const pipeFd = replyPipe ? fs.openSync(replyPipe, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK) : -1;
/** Called by exited (reply-memory-source.ts): a reader blocked on the reply pipe must wake to see the process is gone. */
function afterExit() {
  if (pipeFd < 0) return;
  try { fs.writeSync(pipeFd, "\0\n"); } catch {}
}

let child;
try {
  child = spawn(launch.command, launch.args, { cwd: launch.cwd, env: launch.env, stdio: ["pipe", "pipe", "pipe"] });
} catch (error) {
  exited({ error: String(error && error.message || error) });
}
if (pipeFd >= 0) {
  // A check every 10 ms is plenty for timeouts of seconds, and costs nothing on the reply's path.
  // An overrunning process is first asked for its stacks (stack-dump.ts), then killed.
  let killAt = 0;
  const watchdog = setInterval(() => {
    if (ended) return clearInterval(watchdog);
    if (killAt > 0 && Date.now() >= killAt) {
      child.kill("SIGKILL");
    } else if (killAt === 0 && Atomics.load(control, WAITING) === 1 && Date.now() > deadline[0] && child) {
      Atomics.store(control, TIMED_OUT, 1);
      killAt = Date.now() + STACK_DUMP_WAIT_MS;
      if (process.platform === "win32") killAt = Date.now();
      else try { child.kill(STACK_DUMP_SIGNAL); } catch {}
    }
  }, 10);
}
if (child && stopWord) {
  // The run was stopped (BlockingWaits.stopWord) while its thread may be blocked on this process:
  // it is ended as Ctrl+C ends it in a terminal, and the caller reads the SIGINT as the stop.
  const stopped = Atomics.waitAsync(stopWord, 0, 0);
  (stopped.async ? stopped.value : Promise.resolve()).then(() => {
    if (!ended) try { child.kill("SIGINT"); } catch {}
  });
}
if (child) {
  child.on("error", (error) => exited({ error: error.message }));
  child.on("exit", (code, signal) => exited({ code, signal }));
  child.on("spawn", () => {
    const fd = child.stdin._handle && typeof child.stdin._handle.fd === "number" ? child.stdin._handle.fd : -1;
    port.postMessage({ type: "spawned", pid: child.pid, fd });
    ring();
  });
  child.stdin.on("error", () => {});
  let pending = [];
  child.stdout.on("data", (chunk) => {
    let start = 0, end;
    while ((end = chunk.indexOf(10, start)) >= 0) {
      pending.push(chunk.subarray(start, end));
      deliver(pending.length === 1 ? pending[0] : Buffer.concat(pending));
      pending = [];
      start = end + 1;
    }
    if (start < chunk.length) pending.push(Buffer.from(chunk.subarray(start)));
  });
  child.stderr.setEncoding("utf8");
  // What the environment prints (its own logging, print() in a serve()d script, Gymnasium's warnings)
  // shows on the host's stderr as it comes, a line at a time with the process's id, as a Python
  // vector environment's workers would; on a terminal each line first clears a progress bar's.
  const clearLine = require("node:tty").isatty(2) ? "\r\x1b[K" : "";
  let partial = "";
  const show = (lines) => {
    const shown = lines.filter((line) => !line.startsWith(CHECKING_COPIES)).map((line) => clearLine + "(environment pid " + child.pid + ") " + line + "\n");
    if (shown.length > 0) toStderr(Buffer.from(shown.join("")));
  };
  // Written to fd 2 here, not through this thread's process.stderr: that goes by way of the host's
  // event loop, which is blocked while the run waits for a reply and may exit before it turns again
  // (a failing run lost the traceback foresight_env printed).
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const toStderr = (buffer) => {
    while (buffer.length > 0) {
      try {
        buffer = buffer.subarray(fs.writeSync(2, buffer));
      } catch (error) {
        if (error.code !== "EAGAIN") return;
        Atomics.wait(pause, 0, 0, 1);
      }
    }
  };
  child.stderr.on("data", (text) => {
    port.postMessage({ type: "stderr", text });
    const lines = (partial + text).split("\n");
    partial = lines.pop();
    show(lines);
  });
  child.stderr.on("end", () => partial && show([partial]));
  port.on("message", (message) => {
    if (message.type === "write") child.stdin.write(message.line);
  });
}
`;
