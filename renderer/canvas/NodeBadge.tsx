import { memo } from "react";
import { failureText, shownDuration } from "../../protocol/index.js";
import { useRun } from "../run/run-store.js";
import { mainTrace, useTrace } from "../trace/trace-store.js";

/**
 * What the node is doing in the shown run: idle, running, done or error, and its last call's time.
 * Below trace `full` no node's calls are traced: the badge then follows the run (running, paused, done)
 * without a time. Subscribes to its own node only.
 */
export const NodeBadge = memo(function NodeBadge({ nodeId }: { nodeId: string }) {
  const badge = useTrace(mainTrace, (view) => view.data.nodeStatus[nodeId]);
  const paused = useRun((run) => run.phase === "paused" || run.phase === "pausing");
  const untracedRun = useTrace(mainTrace, (view) => (view.data.start && view.data.start.traceLevel !== "full" ? (view.data.live ? "running" : "done") : undefined));
  // The toolbar's run is the one shown: paused, its nodes are not running.
  const state = badge?.state ?? (untracedRun === "running" && paused ? "paused" : untracedRun) ?? "idle";
  const ms = badge?.ms !== undefined ? shownDuration(badge.ms) : "";
  const failure = badge?.lastError;
  const where = failure ? `failed: ${failureText(failure)}` : "";
  const untraced = badge === undefined && untracedRun !== undefined ? " (this run traces no node's calls)" : "";
  const label = `status: ${state}${ms ? `, ${ms}` : ""}${failure && state !== "error" ? " (it failed earlier)" : ""}${untraced}`;
  return (
    <span className={`node-status ${state}${failure ? " had-error" : ""}`} role="img" aria-label={label} title={where || label} data-testid={`status:${nodeId}`}>
      <span className="dot" aria-hidden="true" />
      {state === "idle" ? "idle" : ms || state}
    </span>
  );
});
