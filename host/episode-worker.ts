/** One worker of a parallel run: plays its share of the episodes and reports events and results. */
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { builtinRegistry } from "../nodes/index.js";
import { RunControl } from "../runtime/engine/control.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import { TraceLines } from "../runtime/trace/trace-lines.js";
import { LISTENED_EVENTS, type EpisodeShard, type FromShard } from "./parallel-protocol.js";

/** Send once this many trace bytes are held… */
const SEND_BYTES = 256 * 1024;
/** …or this long after the last send, so the parent's trace and progress bar keep up. */
const SEND_INTERVAL_MS = 100;

const port = parentPort!;
const shard = workerData as EpisodeShard;
const control = new RunControl();
port.on("message", (message: "stop") => message === "stop" && control.stop());

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
  if (shard.linesToParent) {
    const bytes = lines.take();
    port.postMessage({ type: "events", events, lines: bytes } satisfies FromShard, [bytes.buffer]);
  } else port.postMessage({ type: "events", events } satisfies FromShard);
  events = [];
  lastSend = performance.now();
};
const keep = shard.linesToParent
  ? (event: RunEvent) => {
      if (event.type === "episode.start" && (lines.length >= SEND_BYTES || performance.now() - lastSend >= SEND_INTERVAL_MS)) send();
      // Each shard opens and closes its own run; the parent writes the parallel run's one of each.
      if (event.type === "run.start" || event.type === "run.end") return;
      lines.append(event);
      if (LISTENED_EVENTS.has(event.type)) events.push(event);
    }
  : (event: RunEvent) => {
      if (event.type === "episode.start") send();
      if (event.type !== "run.start" && event.type !== "run.end") events.push(event);
    };
/**
 * Every shard sets up the same nodes: the run keeps the first shard's set-up events (its model
 * loads), as a serial run has one of each; errors are kept from every shard.
 */
let playing = false;
const onEvent = (event: RunEvent) => {
  if (event.type === "episode.start") playing = true;
  if (playing || shard.index === 0 || event.type === "node.error") keep(event);
};

const validated = validatePipeline(shard.doc, builtinRegistry(), { pipelineDir: shard.pipelineDir });
if (!validated.ok) throw new Error(`shard ${shard.index}: the pipeline no longer validates: ${validated.problems[0]?.message}`);
const result = await runPipeline(validated.value, {
  runId: shard.runId,
  pipelineDir: shard.pipelineDir,
  runDir: shard.runDir,
  settings: shard.settings,
  episodeIndices: shard.episodes,
  control,
  onEvent,
});
send();
port.postMessage({ type: "done", result } satisfies FromShard);
