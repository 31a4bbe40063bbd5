/** One worker of a parallel run: claims chunks of the run's episodes, plays them, and reports events and results. */
import { performance } from "node:perf_hooks";
import { parentPort } from "node:worker_threads";
import type { RunEvent } from "../runtime/engine/events.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { inTraceFile } from "../runtime/trace/file-events.js";
import { TraceLines } from "../runtime/trace/trace-lines.js";
import { playClaimedChunks } from "./episode-chunks.js";
import { loadHostKinds } from "./node-kinds.js";
import { LISTENED_EVENTS, type FromEpisodeWorker, type ToEpisodeWorker, type WorkerShare } from "./parallel-protocol.js";

/** Send once this many trace bytes are held… */
const SEND_BYTES = 256 * 1024;
/** …or this long after the last send, so the parent's trace and progress bar keep up. */
const SEND_INTERVAL_MS = 100;

const port = parentPort!;
const stopped = new AbortController();
/**
 * Its share comes as its first message: a worker may be started before its run is known
 * (host/episode-worker-standby.ts), its modules loading meanwhile.
 */
const share = await new Promise<WorkerShare>((resolve) => {
  port.on("message", (message: ToEpisodeWorker) => {
    if (message === "stop") stopped.abort();
    else resolve(message.share);
  });
});

/**
 * Events travel in batches of whole episodes (up to an episode.start, so the node.error written
 * after an episode.end goes with it): one message per event would cost more than the episode, and
 * each episode's lines stay together in the run's trace, where readers index them by episode.
 * Serialising here, where the candidate tables are at hand (eventJson), and sending bytes leaves
 * the parent only a write per batch.
 */
const lines = new TraceLines(2 * SEND_BYTES);
let events: RunEvent[] = [];
let lastSend = performance.now();
const send = () => {
  if (events.length === 0 && lines.length === 0) return;
  if (share.linesToParent) {
    const bytes = lines.take();
    port.postMessage({ type: "events", events, lines: bytes } satisfies FromEpisodeWorker, [bytes.buffer]);
  } else port.postMessage({ type: "events", events } satisfies FromEpisodeWorker);
  events = [];
  lastSend = performance.now();
};
const onEvent = share.linesToParent
  ? (event: RunEvent) => {
      if (event.type === "episode.start" && (lines.length >= SEND_BYTES || performance.now() - lastSend >= SEND_INTERVAL_MS)) send();
      if (inTraceFile(event)) lines.append(event);
      if (LISTENED_EVENTS.has(event.type)) events.push(event);
    }
  : (event: RunEvent) => {
      if (event.type === "episode.start") send();
      events.push(event);
    };

const { registry } = await loadHostKinds(share.kindModules);
const validated = validatePipeline(share.doc, registry, { pipelineDir: share.pipelineDir });
if (!validated.ok) throw new Error(`worker ${share.index}: the pipeline no longer validates: ${validated.problems[0]?.message}`);
const results = await playClaimedChunks({
  validated: validated.value,
  chunks: share.chunks,
  claims: share.claims,
  stopWord: share.stopWord,
  run: {
    runId: share.runId,
    pipelineDir: share.pipelineDir,
    runDir: share.runDir,
    settings: share.settings,
    threads: share.threads,
    counterMemory: share.counterMemory,
    ...(share.pipelineFile !== undefined ? { pipelineFile: share.pipelineFile } : {}),
  },
  signal: stopped.signal,
  onEvent,
  // The run's own thread reports the set-up (model loads) once, as a serial run does.
  keepSetup: false,
});
send();
port.postMessage({ type: "done", results } satisfies FromEpisodeWorker);
