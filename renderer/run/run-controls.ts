import type { RunPhase } from "./run-store.js";

/** Which run controls act now: the toolbar's buttons and the keyboard shortcuts agree through this. */
export function runControls(phase: RunPhase, hasNodes: boolean) {
  return {
    run: hasNodes && phase !== "running" && phase !== "starting" && phase !== "pausing" && phase !== "stopping",
    pause: phase === "running",
    step: phase === "running" || phase === "pausing" || phase === "paused",
    stop: phase === "running" || phase === "pausing" || phase === "paused",
  };
}

/** Why Run is disabled, for its tooltip; undefined when it is not. */
export function runDisabledBecause(phase: RunPhase, hasNodes: boolean): string | undefined {
  if (!hasNodes) return "Nothing to run: add nodes to the canvas (from the palette) first";
  if (phase === "starting") return "The run is starting";
  if (phase === "running") return "A run is going: pause or stop it first";
  if (phase === "pausing") return "The run is pausing: Run resumes it once it has paused";
  if (phase === "stopping") return "The run is stopping: Run starts another once it has ended";
  return undefined;
}
