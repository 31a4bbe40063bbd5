import { counted } from "../../protocol/index.js";
import { useRun } from "./run-store.js";

/** One line about the run the toolbar drives: its phase, episode and step, successes so far, and which run it is. */
export function RunStatus() {
  const run = useRun();
  if (run.phase === "idle") return <span className="run-status muted" role="status">No run yet</span>;
  const progress = `episode ${Math.min(run.episode + 1, Math.max(run.episodesPlanned, 1))}/${run.episodesPlanned || "?"}, step ${run.step} · ${counted(run.stepsTotal, "step")} · ${run.successes}/${run.episodesDone} successes`;
  const which = run.folder && run.phase !== "ended" ? ` · ${run.folder}` : "";
  const text = run.phase === "ended" ? `Run ${run.outcome ?? "ended"}` : `Run ${run.phase}: ${progress}${which}`;
  // One line, cut short where the toolbar ends (it must not wrap and push the canvas down); the whole text on hover.
  return (
    <span className="run-status" role="status" data-phase={run.phase} title={run.folder && run.phase !== "ended" ? `${text} (the toolbar drives ${run.folder})` : text}>
      {text}
    </span>
  );
}
