import type { ValidatedPipeline } from "../pipeline/validate.js";
import type { RunEvent } from "./events.js";
import { nodeCounters, type EpisodePart } from "./run-counters.js";

/**
 * The nodes' notes on the whole run (NodeKind.runNote), read from the run's one counter memory
 * once every lane and thread has closed: told once per node, before run.end.
 */
export function runNoteEvents(validated: ValidatedPipeline, counterMemory: SharedArrayBuffer, t: number, part?: EpisodePart): RunEvent[] {
  return validated.nodes.flatMap((node, index) => {
    const message = node.kind.runNote?.(node.params, nodeCounters(counterMemory, index, part));
    return message === undefined ? [] : [{ type: "node.log" as const, t, node: node.spec.id, message }];
  });
}
