import { shownCount } from "../../protocol/index.js";
import type { RunPhase, RunState } from "./run-store.js";

/**
 * What the run's live region says as the run goes from phase `before` to `run.phase`: one short
 * sentence per change of phase (started, resumed, paused, stopped, completed, failed, refused), so a
 * screen reader hears the run's course and not the status line's counts, which change ~10 times a
 * second. Null: the phase in between (starting, pausing, stopping) says nothing new; keep what was said.
 */
export function runPhaseSentence(before: RunPhase | null, run: Pick<RunState, "phase" | "outcome" | "refused" | "episode" | "step">): string | null {
  switch (run.phase) {
    case "idle":
      return "";
    case "starting":
    case "pausing":
    case "stopping":
      return null;
    case "running":
      return before === "paused" || before === "pausing" ? "Run resumed." : "Run started.";
    case "paused":
      return `Run paused at episode ${shownCount(run.episode)}, step ${shownCount(run.step)}.`;
    case "ended": {
      if (run.refused) return "Run refused: the pipeline has problems (listed under Problems).";
      // "completed — 10 episodes, success 80%; the first error: …": how it ended and its figures, not the detail.
      const [how = "ended", figures] = (run.outcome ?? "ended").split(" — ");
      return figures ? `Run ${how}: ${figures.split("; ")[0]}.` : `Run ${how}.`;
    }
  }
}
