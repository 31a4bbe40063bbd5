/** One worker of a parallel run: plays its share of the episodes and reports events and results. */
import { parentPort, workerData } from "node:worker_threads";
import { builtinRegistry } from "../nodes/index.js";
import { RunControl } from "../runtime/engine/control.js";
import type { RunEvent } from "../runtime/engine/events.js";
import { runPipeline } from "../runtime/engine/run-pipeline.js";
import { validatePipeline } from "../runtime/pipeline/validate.js";
import type { EpisodeShard, FromShard } from "./parallel-protocol.js";

const port = parentPort!;
const shard = workerData as EpisodeShard;
const send = (message: FromShard) => port.postMessage(message);
const control = new RunControl();
port.on("message", (message: "stop") => message === "stop" && control.stop());

/**
 * Events travel in batches: one message per event would cost more than the episode. A batch is a
 * whole episode (up to the next episode.start, so the node.error written after an episode.end goes
 * with it), so each episode's lines stay together in the run's trace: readers index them by episode.
 */
let batch: RunEvent[] = [];
const flush = () => {
  if (batch.length > 0) send({ type: "events", events: batch });
  batch = [];
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
  onEvent: (event) => {
    if (event.type === "episode.start") flush();
    batch.push(event);
  },
});
flush();
send({ type: "done", result });
