import { useMemo } from "react";
import { observationOutputs, useKindList } from "../document/catalog.js";
import { useEditor } from "../document/editor-store.js";
import { forksWithCanvas } from "../fork/fork-run.js";
import { useTransport } from "../transport-context.js";
import { shownCount, shownNumber } from "../../protocol/index.js";
import { actionLabeller, EnvironmentView } from "../environments/EnvironmentView.js";
import { observationOf, useSelectedStep } from "../trace/selected-step.js";
import { useTrace, type TraceStore } from "../trace/trace-store.js";
import type { StepRef } from "../trace/trace-types.js";
import { CandidateTable } from "./CandidateTable.js";
import { CandidateScatter, ChosenActionBars } from "./ContinuousActions.js";
import { candidateTable, candidateViews } from "./candidate-table.js";
import { NodeIO } from "./NodeIO.js";
import { NodeTimeline } from "./NodeTimeline.js";
import { download } from "../files/download.js";
import { candidatesCsv } from "./candidates-csv.js";
import { ScoreChart } from "./ScoreChart.js";
import { StepFrame } from "./StepFrame.js";
import { Scrubber, stepByKey } from "./Scrubber.js";
import { stepWaitingOn, waitingText } from "../trace/step-progress.js";
import { FAILED_EPISODE_KEYS, FailedEpisodeJumps, jumpToFailedEpisode } from "./FailedEpisodeJumps.js";

/** The selected step of the shown run: environment, candidate table and scores, node inputs/outputs and timings. */
export function StepInspector({ store, onFork }: { store: TraceStore; onFork: (from: { runDir: string } & StepRef) => void }) {
  const transport = useTransport();
  const { ref, detail, scene, actionLabels, loading, error } = useSelectedStep(store, transport);
  const hasRun = useTrace(store, (view) => view.data.start !== null);
  const runDir = useTrace(store, (view) => view.data.runDir);
  const traceLevel = useTrace(store, (view) => view.data.start?.traceLevel);
  const run = useTrace(store, (view) => view.data.start);
  const canvasRuns = useEditor((state) => forksWithCanvas(run?.pipeline, state.doc));
  const kinds = useKindList();
  // Memoised so the memo() views below skip a re-render when another part of the trace changed.
  const table = useMemo(() => candidateTable(detail, kinds), [detail, kinds]);
  const candidates = useMemo(() => candidateViews(table), [table]);
  const observationOutput = useMemo(() => observationOutputs(kinds), [kinds]);
  const label = actionLabeller(scene, actionLabels);
  const live = useTrace(store, (view) => view.data.live);
  const waitingOn = useMemo(() => (detail ? stepWaitingOn(detail, live) : null), [detail, live]);
  return (
    <section
      className="step-inspector"
      aria-label="Step inspector"
      tabIndex={0}
      onKeyDown={(event) => {
        const target = event.target as HTMLElement;
        if (target.closest("input:not([type=range]), textarea, select, [contenteditable=true]")) return;
        if (target instanceof HTMLInputElement && target.type === "range") return;
        if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
          event.preventDefault();
          stepByKey(store, event.key === "ArrowLeft" ? -1 : 1);
        } else if (event.key === FAILED_EPISODE_KEYS.previous || event.key === FAILED_EPISODE_KEYS.next) {
          event.preventDefault();
          jumpToFailedEpisode(store, event.key === FAILED_EPISODE_KEYS.previous ? -1 : 1);
        }
      }}
    >
      <header className="step-header">
        <Scrubber store={store} />
        <FailedEpisodeJumps store={store} />
        <button type="button" disabled={!ref || !runDir || !detail?.end} onClick={() => ref && runDir && onFork({ runDir, ...ref })}>
          Fork from this step
        </button>
      </header>
      {run && !canvasRuns && (
        <p className="muted step-run-note" role="note">
          Run {run.runId}, of the pipeline “{run.pipeline}”, which the canvas does not hold: a fork goes on with the run's own pipeline.
        </p>
      )}
      {!hasRun ? (
        <p className="muted">Run the pipeline, or open a run from the Runs list, to inspect its steps.</p>
      ) : traceLevel === "off" ? (
        <p className="muted">This run's trace level is “off”: it recorded episodes only, no steps.</p>
      ) : !detail ? (
        <p className="muted">{loading ? "Reading the step from trace.jsonl…" : error ? `Could not read the episode: ${error}` : "No step selected yet."}</p>
      ) : (
        <div className="step-body">
          {/* The picture and its candidates stay together; the node timings go below first (styles.css). */}
          <div className="step-main">
          <div className="step-env">
            <h3>
              Episode {shownCount(detail.episode)}, step {shownCount(detail.step)}
              {waitingOn && <span className="muted"> · in progress</span>}
            </h3>
            {/* The picture first: an observation without a scene view is a long JSON listing. */}
            <StepFrame frame={detail.end?.frame} episode={detail.episode} step={detail.step} />
            <EnvironmentView scene={scene} observation={observationOf(detail, observationOutput)} candidates={candidates} chosen={detail.end?.action} />
            {detail.end && (
              <p className="step-outcome" data-testid="step-outcome">
                action {detail.end.action === null ? "none" : label(detail.end.action)} · reward {shownNumber(detail.end.reward)} {detail.end.done ? "· done" : ""}
                {detail.end.decision && <span className="muted"> · {detail.end.decision.rule}</span>}
                {detail.end.replayed && <span className="muted"> · replayed from the original run</span>}
              </p>
            )}
            <ChosenActionBars table={table} chosen={detail.end?.action} />
          </div>
          <div className="step-candidates">
            {table ? (
              <>
                <div className="candidates-head">
                  <h3>
                    Candidates <span className="muted">({table.rows.length}{table.final ? "" : detail.nodes.some((run) => run.error !== undefined) ? ", the step failed" : ", step in progress"})</span>
                  </h3>
                  <button
                    type="button"
                    className="link export"
                    aria-label="Export candidates as CSV"
                    onClick={() => download(`candidates-episode-${detail.episode}-step-${detail.step}.csv`, candidatesCsv(table, label), "text/csv")}
                  >
                    CSV
                  </button>
                </div>
                <div className="step-charts">
                  {table.score && <ScoreChart table={table} column={table.score} />}
                  <CandidateScatter table={table} chosen={detail.end?.action} />
                </div>
                <div className="table-scroll">
                  <CandidateTable table={table} actionLabel={label} />
                </div>
              </>
            ) : waitingOn ? (
              <p className="muted step-waiting" role="status">
                Step in progress: {waitingText(waitingOn)}
              </p>
            ) : (
              <p className="muted">No candidate table at this step.</p>
            )}
          </div>
          </div>
          <div className="step-nodes">
            <h3>Nodes</h3>
            <NodeTimeline detail={detail} />
            <NodeIO store={store} detail={detail} inProgress={waitingOn !== null} table={table} kinds={kinds} actionLabels={actionLabels} />
          </div>
        </div>
      )}
    </section>
  );
}
