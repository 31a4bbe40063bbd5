import type { RunPhase } from "./run-store.js";

/** Which run controls act now: the toolbar's buttons and the keyboard shortcuts agree through this. */
export function runControls(phase: RunPhase, hasNodes: boolean) {
  return {
    run: hasNodes && phase !== "running" && phase !== "starting" && phase !== "pausing",
    pause: phase === "running",
    step: phase === "running" || phase === "pausing" || phase === "paused",
    stop: phase === "running" || phase === "pausing" || phase === "paused",
  };
}
