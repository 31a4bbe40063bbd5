/**
 * The engine's thread when a host must stay responsive (serve, Electron): onnxruntime-node's
 * run() works synchronously on its calling thread, so inference here never blocks the host.
 */
import { deserialize } from "node:v8";
import { parentPort } from "node:worker_threads";
import { RunControl } from "../runtime/engine/control.js";
import { executeRun } from "../runtime/execute-run.js";
import { formatProblem } from "../runtime/pipeline/problem.js";
import { pipelineDirOf } from "../runtime/pipeline/schema.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { LiveEventBuffer } from "./live-event-buffer.js";
import { loadHostKinds, type HostKinds } from "./node-kinds.js";
import type { FromWorker, ToWorker, WorkerRunRequest } from "./worker-protocol.js";

/** Send buffered events at least this often, and whenever this many are waiting. */
const FLUSH_MS = 50;
const FLUSH_EVENTS = 1000;

const port = parentPort;
if (!port) throw new Error("run-worker.js runs inside a worker thread");
const send = (message: FromWorker) => port.postMessage(message);
let control = new RunControl();
/** The run's events on their way to the host, which says when it has taken each batch. */
let liveEvents: LiveEventBuffer | undefined;

port.on("message", (message: ToWorker) => {
  if (message.type === "taken") liveEvents?.taken();
  // Ended from here, between two calls into ONNX Runtime (leave-thread.ts).
  else if (message.type === "leave") process.exit(0);
  else if (message.type === "control") {
    if (message.action === "pause") control.pause();
    else if (message.action === "resume") control.resume();
    else if (message.action === "step") control.step();
    else control.stop();
  } else {
    control = new RunControl(message.stopWord);
    run(deserialize(message.request) as WorkerRunRequest).catch((error: unknown) => send({ type: "crashed", message: (error as Error).stack ?? String(error) }));
  }
});

async function run(request: WorkerRunRequest): Promise<void> {
  const registry = await kindsOrSay(request.kindModules);
  if (!registry) return;
  const result = validatePipeline(request.doc, registry, { pipelineDir: pipelineDirOf(request.pipelineFile, request.doc) });
  if (!result.ok) {
    send({ type: "invalid", problems: result.problems.map((p) => formatProblem(p, request.pipelineFile)) });
    return;
  }
  const buffer = new LiveEventBuffer((events, dropped) => send({ type: "events", events, dropped }));
  liveEvents = buffer;
  let timer: NodeJS.Timeout | undefined;
  const flush = (always = false) => {
    clearTimeout(timer);
    timer = undefined;
    buffer.flush(always);
  };
  // A node blocked waiting on another process (a hung environment step): the steps played so far are shown meanwhile.
  control.onLongWait(() => flush());
  // Flushed first: the host counts the events it has when it reports the pause.
  control.onPaused(() => {
    flush(true);
    send({ type: "paused" });
  });
  const { runDir, summary } = await executeRun({
    validated: result.value,
    pipelineFile: request.pipelineFile,
    ...(request.outDir ? { outDir: request.outDir } : {}),
    ...(request.overrides ? { overrides: request.overrides } : {}),
    ...(request.set ? { set: request.set } : {}),
    ...(request.fork ? { fork: request.fork } : {}),
    control,
    onEvent: (event) => {
      buffer.add(event);
      if (buffer.size >= FLUSH_EVENTS) flush();
      else timer ??= setTimeout(flush, FLUSH_MS);
    },
  });
  flush(true);
  send({ type: "done", runDir, summary });
}

/**
 * The kinds of the host's modules, loaded again on this thread; undefined once the host is told why one
 * no longer loads: the host loaded them when it started, so the module was edited since (our stack says nothing to its author).
 */
async function kindsOrSay(modules: readonly string[] | undefined): Promise<HostKinds["registry"] | undefined> {
  try {
    return (await loadHostKinds(modules)).registry;
  } catch (error) {
    const why = `${(error as Error).message} (it has changed since foresight serve started, which loaded it then: fix it, then restart foresight serve, since the editor sees changes to kind modules only after a restart)`;
    send({ type: "invalid", problems: [why] });
    return undefined;
  }
}
