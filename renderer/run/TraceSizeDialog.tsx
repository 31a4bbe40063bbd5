import { Dialog } from "../files/Dialog.js";
import { formatBytes, type TraceSizeEstimate } from "./trace-size.js";

/** Asks before a run whose `full` trace would be large: its estimated size, how it was estimated, and `steps` instead. */
export function TraceSizeDialog(props: { estimate: TraceSizeEstimate; episodes: number; maxSteps: number; onSteps: () => void; onAnyway: () => void; onCancel: () => void }) {
  const { estimate, episodes, maxSteps, onSteps, onAnyway, onCancel } = props;
  const perStep = formatBytes(estimate.bytesPerStep);
  return (
    <Dialog title="This run's trace will be large" onCancel={onCancel}>
      {estimate.basis === "measured" ? (
        <p>
          At trace level <code>full</code>, {episodes.toLocaleString("en")} episodes will write about <strong>{formatBytes(estimate.bytes)}</strong> to
          trace.jsonl: measured from this pipeline&apos;s last run at that level, <span className="mono">{estimate.runDir}</span>, which wrote {perStep} per
          step and {estimate.stepsPerEpisode.toFixed(1)} steps per episode.
        </p>
      ) : (
        <p>
          At trace level <code>full</code>, {episodes.toLocaleString("en")} episodes may write up to <strong>{formatBytes(estimate.bytes)}</strong> to
          trace.jsonl: an upper bound, each episode running all {maxSteps} steps at up to {perStep} per step (for {estimate.candidates}{" "}
          {estimate.candidates === 1 ? "candidate" : "candidates"}
          {estimate.searchStates > 0 && <> and search trees of up to {estimate.searchStates.toLocaleString("en")} states</>} a step). This pipeline has no finished run at that level to measure from; episodes
          that end sooner write less.
        </p>
      )}
      <p>
        Trace level <code>steps</code> keeps each step&apos;s candidates, action and reward, without every node&apos;s inputs and outputs, for a
        fraction of the size. The pipeline&apos;s own setting stays as it is.
      </p>
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" onClick={onAnyway}>
          Run anyway
        </button>
        <button type="button" className="primary" onClick={onSteps}>
          Run with steps
        </button>
      </div>
    </Dialog>
  );
}
