import { z } from "zod";
import type { ForkOrigin } from "../../protocol/run-events.js";
import type { ForkReplay, RecordedStep } from "../engine/replay.js";
import { RUN_LIMITS } from "../pipeline/schema.js";
import type { TraceIndex } from "./trace-index.js";

/**
 * What a fork reads of a trace, checked: the trace is a file a user can edit, and its seed and steps
 * become a run's settings and an index into the replayed steps.
 */
const runSeed = z.number().int().min(RUN_LIMITS.seed.min).max(RUN_LIMITS.seed.max);
const recordedStep = z.object({
  step: z.number().int().min(0).max(RUN_LIMITS.maxSteps.max),
  // Lists and objects too: a structured action (MultiDiscrete, Dict, Tuple) as the environment took it.
  action: z.union([z.number(), z.string(), z.array(z.json()), z.record(z.string(), z.json()), z.null()]),
  reward: z.number(),
  done: z.boolean(),
  envSteps: z.number().int().min(1).optional(),
  observation: z.unknown().optional(),
});

/** "step: expected a number…; reward: …" from a zod error, for one line. */
function issues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`).join("; ");
}

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
  const seed = runSeed.safeParse(start.seed);
  if (!seed.success) throw new Error(`run ${runDir}: trace.jsonl's run.start has seed ${JSON.stringify(start.seed)}, not a run seed (an integer from 0 to ${RUN_LIMITS.seed.max})`);
  const where = `run ${runDir}, episode ${episode}`;
  const recorded: RecordedStep[] = [];
  for (const event of trace.readEpisode(episode)) {
    if (event.type !== "step.end") continue;
    const parsed = recordedStep.safeParse(event);
    if (!parsed.success) throw new Error(`${where}: trace.jsonl has a step.end for step ${JSON.stringify(event.step)} that a fork cannot replay (${issues(parsed.error)})`);
    const { step: at, action, reward, done, envSteps, observation } = parsed.data;
    recorded[at] = { step: at, action, reward, done, ...(envSteps !== undefined ? { envSteps } : {}), ...(observation !== undefined ? { observation: observation as RecordedStep["observation"] } : {}) };
  }
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
  return { origin, seed: seed.data, steps };
}
