import type { ForkOrigin } from "../../protocol/run-events.js";
import type { ForkReplay, RecordedStep } from "../engine/replay.js";
import type { TraceIndex } from "./trace-index.js";

/**
 * What a fork of `origin` replays, read from the earlier run's trace: its seed and the recorded
 * steps before `origin.step`. Throws, naming the run, episode and step, when that step cannot be
 * restored from the trace or the forking pipeline (`maxSteps`) would have no step left to decide.
 */
export function forkReplayFrom(trace: TraceIndex, origin: ForkOrigin, maxSteps: number): ForkReplay {
  const { runDir, episode, step } = origin;
  const start = trace.update().start;
  if (!start) throw new Error(`run ${runDir}: trace.jsonl has no run.start line; it is not a run's trace`);
  if (start.traceLevel === "off") {
    throw new Error(`run ${runDir} was traced at level off: no steps recorded, so step ${step} of episode ${episode} cannot be restored (run it with --trace steps or full to fork it)`);
  }
  const recorded: RecordedStep[] = [];
  for (const event of trace.readEpisode(episode)) {
    if (event.type !== "step.end") continue;
    recorded[event.step] = {
      step: event.step,
      action: event.action,
      reward: event.reward,
      done: event.done,
      ...(event.envSteps !== undefined ? { envSteps: event.envSteps } : {}),
      ...(event.observation !== undefined ? { observation: event.observation } : {}),
    };
  }
  const where = `run ${runDir}, episode ${episode}`;
  const count = recorded.length;
  if (step > count || (step === count && count > 0 && recorded[count - 1]!.done)) {
    const last = count > 0 && recorded[count - 1]!.done ? `; it ended at step ${count - 1}` : "";
    const range = count === 0 ? "no steps" : `steps 0–${count - 1}`;
    throw new Error(`${where} recorded ${range}${last}: cannot fork at step ${step}`);
  }
  const steps = recorded.slice(0, step);
  const gap = steps.findIndex((s) => s === undefined);
  if (gap !== -1) throw new Error(`${where}: the trace lacks step ${gap}, so step ${step} cannot be restored`);
  const ended = steps.findIndex((s) => s.done || s.action === null);
  if (ended !== -1) throw new Error(`${where} ended at step ${ended}: there is no step ${step} to fork at`);
  if (step >= maxSteps) throw new Error(`the pipeline's run.maxSteps is ${maxSteps}: forking ${where} at step ${step} leaves it no step to decide`);
  return { origin, seed: start.seed, steps };
}
