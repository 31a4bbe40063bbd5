import { memo } from "react";
import { failureText, shownDuration } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";
import { forksWithCanvas } from "../fork/fork-run.js";
import { useRun } from "../run/run-store.js";
import { endedBadge } from "../trace/apply-events.js";
import { shownStepCall, useShownTrace, useTrace } from "../trace/trace-store.js";
import { useInRun } from "./run-node-ids.js";

/**
 * What the node is doing in the run the run panel shows (the fork while its tab is open): idle, running,
 * done or error, and its last call's time. Below trace `full` no node's calls are traced: the badge then
 * follows the run (running, paused, done) without a time. A finished run read back from disk (reopened,
 * or forked from) has no live calls: the badge says done, with the node's call at the step the panel
 * shows (its time, or its error), not idle. Subscribes to its own node only. Without `text` (a card too
 * small on screen to read it) only the dot shows; the time stays in its tooltip and accessible name.
 * A node the shown run did not have (added since) stays idle.
 */
export const NodeBadge = memo(function NodeBadge({ nodeId, text = true }: { nodeId: string; text?: boolean }) {
  const store = useShownTrace((shown) => shown.store);
  // A run of another pipeline (opened from the Runs tab) says nothing of this canvas's nodes, though their ids may match.
  const runPipeline = useTrace(store, (view) => view.data.start?.pipeline);
  const ofCanvas = useEditor((state) => forksWithCanvas(runPipeline, state.doc));
  const liveBadge = useTrace(store, (view) => (ofCanvas ? view.data.nodeStatus[nodeId] : undefined));
  const live = useTrace(store, (view) => view.data.live);
  // The run may end without its run.end reaching the stream (App's onRunEnded): settle the badge here too.
  const badge = live ? liveBadge : endedBadge(liveBadge);
  const paused = useRun((run) => run.phase === "paused" || run.phase === "pausing");
  const untracedOrEnded = useTrace(store, (view) => ofCanvas && view.data.start !== null && (view.data.start.traceLevel !== "full" || (!view.data.live && Object.keys(view.data.nodeStatus).length === 0)));
  // Only these two badge every node alike; elsewhere a badge comes from the node's own calls.
  const runDir = useTrace(store, (view) => (untracedOrEnded ? view.data.runDir : null));
  const inRun = useInRun(runDir, nodeId);
  const untracedRun = useTrace(store, (view) => (inRun && ofCanvas && view.data.start && view.data.start.traceLevel !== "full" ? (view.data.live ? "running" : "done") : undefined));
  // A finished run with no live badges (read from disk): the node's call at the shown step, or just done.
  const ended = useTrace(store, (view) => inRun && ofCanvas && view.data.start !== null && !view.data.live && Object.keys(view.data.nodeStatus).length === 0);
  const stepCall = useTrace(store, (view) => (ended ? shownStepCall(view, nodeId) : undefined));
  const fromDisk = ended && badge === undefined && untracedRun === undefined ? (stepCall ? { state: stepCall.error ? ("error" as const) : ("done" as const), ms: stepCall.ms } : { state: "done" as const }) : undefined;
  // The toolbar's run is the one shown: paused, its nodes are not running.
  const state = badge?.state ?? fromDisk?.state ?? (untracedRun === "running" && paused ? "paused" : untracedRun) ?? "idle";
  const shownMs = badge?.ms ?? fromDisk?.ms;
  const ms = shownMs !== undefined ? shownDuration(shownMs) : "";
  const failure = badge?.lastError;
  const where = failure ? `failed: ${failureText(failure)}` : stepCall?.error ? `failed at the shown step: ${stepCall.error}` : "";
  const untraced = badge === undefined && untracedRun !== undefined ? " (this run traces no node's calls)" : "";
  const shownStep = fromDisk ? (stepCall ? " (at the shown step)" : " (the run has ended)") : "";
  const label = `status: ${state}${ms ? `, ${ms}` : ""}${failure && state !== "error" ? " (it failed earlier)" : ""}${untraced}${shownStep}`;
  return (
    <span className={`node-status ${state}${failure ? " had-error" : ""}`} role="img" aria-label={label} title={where || label} data-testid={`status:${nodeId}`}>
      <span className="dot" aria-hidden="true" />
      {text && (state === "idle" ? "idle" : ms || state)}
    </span>
  );
});

