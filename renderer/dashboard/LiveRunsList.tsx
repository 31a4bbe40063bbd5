import { useEffect } from "react";
import type { LiveRun, RunControlAction } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";
import { useLiveRuns, watchRun } from "../run/live-runs.js";
import { useRun } from "../run/run-store.js";
import { useTransport } from "../transport-context.js";
import { liveRunName, liveRunStatus } from "./live-run-text.js";

/** While runs go on their counts are asked for this often (state changes arrive at once, pushed). */
const COUNT_REFRESH_MS = 1000;

/** Every run the host is playing, from whichever page or window, each with its own controls. */
export function LiveRunsList() {
  const transport = useTransport();
  const runs = useLiveRuns((live) => live.runs);
  const driven = useRun((state) => state.runId);
  const going = runs.length > 0;
  useEffect(() => {
    if (!going) return;
    const timer = setInterval(() => void useLiveRuns.getState().refresh(transport).catch(() => undefined), COUNT_REFRESH_MS);
    return () => clearInterval(timer);
  }, [going, transport]);
  if (!going) return null;
  const control = (run: LiveRun, action: RunControlAction) =>
    transport.controlRun(run.runId, action).catch((error: Error) => useEditor.getState().say(`${action} ${liveRunName(run)}: ${error.message}`, "error"));
  return (
    <section aria-label="Live runs" className="live-runs">
      <h3>Going now</h3>
      <ul>
        {runs.map((run) => {
          const name = liveRunName(run);
          const stopping = run.state === "stopping";
          return (
            <li key={run.runId} className="list-item" aria-label={`Live run ${name}`}>
              <span className="mono">{name}</span>
              <small className="help">
                {liveRunStatus(run)}
                {run.runId === driven ? " · the toolbar drives it" : ""}
                {run.fork ? ` · fork of at episode ${run.fork.episode}, step ${run.fork.step}` : ""}
              </small>
              <span className="live-run-controls" role="group" aria-label={`Controls of ${name}`}>
                {run.state === "running" ? (
                  <button type="button" onClick={() => void control(run, "pause")} aria-label={`Pause ${name}`}>Pause</button>
                ) : (
                  <button type="button" disabled={stopping} onClick={() => void control(run, "resume")} aria-label={`Resume ${name}`}>Resume</button>
                )}
                <button type="button" disabled={stopping} onClick={() => void control(run, "step")} aria-label={`Step ${name}`}>Step</button>
                <button type="button" disabled={stopping} onClick={() => void control(run, "stop")} aria-label={`Stop ${name}`}>Stop</button>
                <button type="button" disabled={run.runId === driven} onClick={() => watchRun(run, transport)} aria-label={`Watch ${name}`} title="Show it live and drive it from the toolbar">
                  Watch
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
