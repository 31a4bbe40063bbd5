import { counted, shownCount } from "../../protocol/index.js";
import { useRun } from "./run-store.js";

/** One line about the run the toolbar drives: its phase, episode and step, successes and steps so far, and which run it is. */
export function RunStatus() {
  const run = useRun();
  if (run.phase === "idle") return <span className="run-status muted" role="status">No run yet</span>;
  const episode = Math.min(run.episode + 1, Math.max(run.episodesPlanned, 1));
  // Successes before the steps taken in all: where the line is cut short, the total is what goes.
  const progress = `episode ${shownCount(episode)}/${run.episodesPlanned ? shownCount(run.episodesPlanned) : "?"}, step ${shownCount(run.step)} · ${shownCount(run.successes)}/${shownCount(run.episodesDone)} successes · ${counted(run.stepsTotal, "step")}`;
  const gist = run.phase === "ended" ? `Run ${run.outcome ?? "ended"}` : `Run ${run.phase}: ${progress}`;
  const where = run.phase === "ended" ? run.runDir : run.folder;
  // One line (it must not wrap and push the canvas down); where the toolbar is short, the run's folder
  // gives way first, then the document's title, then the end of the gist. The whole text on hover.
  return (
    <span className="run-status" role="status" data-phase={run.phase} title={where === null ? gist : run.phase === "ended" ? `${gist} (${where})` : `${gist} (the toolbar drives ${where})`}>
      <span className="run-status-gist">{gist}</span>
      {where !== null && <span className="run-status-where muted"> · {where}</span>}
    </span>
  );
}
