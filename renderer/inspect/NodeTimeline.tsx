import { memo } from "react";
import { shownDuration } from "../../protocol/index.js";
import type { StepDetail } from "../trace/trace-types.js";

const ROW = 16;
const WIDTH = 260;
const LABEL = 70;

/** The step's node calls as horizontal bars: when each started (node.start) and how long it took (node.end's ms). */
export const NodeTimeline = memo(function NodeTimeline({ detail }: { detail: StepDetail }) {
  const runs = detail.nodes.filter((run) => run.ms !== undefined);
  if (runs.length === 0) return null;
  const start = Math.min(...runs.map((run) => run.t));
  const end = Math.max(...runs.map((run) => run.t + run.ms!));
  const span = end - start || 1;
  const scale = (WIDTH - LABEL - 50) / span;
  return (
    <figure className="timeline">
      <svg width={WIDTH} height={runs.length * ROW + 4} role="img" aria-label={`Node timings: ${runs.map((run) => `${run.node} ${shownDuration(run.ms!)}`).join(", ")}`}>
        {runs.map((run, index) => (
          <g key={`${run.node}:${index}`} transform={`translate(0, ${index * ROW + 2})`}>
            <text x={LABEL - 4} y={ROW - 5} className="timeline-label">
              {run.node}
            </text>
            <rect x={LABEL + (run.t - start) * scale} y={2} width={Math.max(1.5, run.ms! * scale)} height={ROW - 5} className={run.error ? "timeline-bar error" : "timeline-bar"} />
            <text x={LABEL + (run.t - start + run.ms!) * scale + 3} y={ROW - 5} className="timeline-ms">
              {shownDuration(run.ms!)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="muted">Node timings ({shownDuration(span)} in all)</figcaption>
    </figure>
  );
});
