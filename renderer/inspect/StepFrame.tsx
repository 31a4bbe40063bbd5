import { memo } from "react";
import type { StepFrame as Frame } from "../../protocol/index.js";

/** The environment's rendered frame of a step (traced at level "full" by environments that render rgb_array), or why it was left out. */
export const StepFrame = memo(function StepFrame({ frame, episode, step }: { frame: Frame | undefined; episode: number; step: number }) {
  if (!frame) return null;
  if ("omitted" in frame) return <p className="muted step-frame-omitted">No frame at this step: {frame.omitted}</p>;
  return <img className="step-frame" src={`data:image/png;base64,${frame.png}`} alt={`Frame of episode ${episode}, step ${step}`} />;
});
