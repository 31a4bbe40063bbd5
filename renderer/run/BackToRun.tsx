import { comeBackTo } from "./live-runs.js";
import { useRun } from "./run-store.js";

/**
 * Beside the status line: the way back to the run the toolbar left while it was still going (a fork
 * of a paused run takes the toolbar; the paused run waits, and Run would start another, not resume it).
 */
export function BackToRun() {
  const left = useRun((state) => state.left.at(-1));
  if (!left) return null;
  const paused = left.phase === "paused" || left.phase === "pausing";
  const where = `episode ${left.episode}, step ${left.step}`;
  return (
    <button
      type="button"
      className="back-to-run"
      onClick={() => comeBackTo(left.runId!)}
      title={`Drive ${left.folder ?? "that run"} from the toolbar again (${paused ? "paused" : left.phase} at ${where}); every run going is under Runs › Going now`}
    >
      {paused ? "Back to paused run" : "Back to other run"}
    </button>
  );
}
