import type { StepFrame } from "../../protocol/run-events.js";
import type { Environment } from "../environment.js";

/** Largest PNG (bytes, before base64) traced as a step's frame: a 600×400 CartPole frame is ~6 KiB, so this keeps a trace of 10,000 steps readable. */
export const FRAME_LIMIT_BYTES = 256 * 1024;

/**
 * The environment's frame of its current state for a step.end, or why there is none: a frame over
 * the limit or a failed render is traced as `omitted` rather than failing the step — a picture is
 * for the person inspecting, the run does not depend on it.
 */
export function stepFrame(environment: Environment): StepFrame | undefined {
  if (!environment.frame) return undefined;
  let png: string;
  try {
    png = environment.frame();
  } catch (error) {
    return { omitted: `rendering failed: ${(error as Error).message}` };
  }
  const bytes = Math.floor((png.length * 3) / 4);
  if (bytes > FRAME_LIMIT_BYTES) return { omitted: `the PNG is ${Math.round(bytes / 1024)} KiB, over the ${FRAME_LIMIT_BYTES / 1024} KiB limit for traced frames` };
  return { png };
}
