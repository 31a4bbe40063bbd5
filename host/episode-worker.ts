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

/** Events travel in batches: one message per event would cost more than the episode. */
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
  seed: shard.seed,
  traceLevel: shard.traceLevel,
  episodeIndices: shard.episodes,
  control,
  onEvent: (event) => {
    batch.push(event);
    if (event.type === "episode.end" || batch.length >= 500) flush();
  },
});
flush();
send({ type: "done", result });
