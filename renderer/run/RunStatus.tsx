import { useRun } from "./run-store.js";

/** One line about the current run: its phase, episode and step, successes so far. */
export function RunStatus() {
  const run = useRun();
  if (run.phase === "idle") return <span className="run-status muted" role="status">No run yet</span>;
  const progress = `episode ${Math.min(run.episode + 1, Math.max(run.episodesPlanned, 1))}/${run.episodesPlanned || "?"}, step ${run.step} · ${run.stepsTotal} steps · ${run.successes}/${run.episodesDone} successes`;
  return (
    <span className="run-status" role="status" data-phase={run.phase}>
      {run.phase === "ended" ? `Run ${run.outcome ?? "ended"}` : `Run ${run.phase}: ${progress}`}
    </span>
  );
}
